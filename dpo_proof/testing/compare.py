"""Element-wise comparison of an implementation's numbers with the closed form, and where it is worst."""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from .tolerances import Tolerance


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing `actual` with `expected` under a tolerance (torch.allclose's rule)."""

    ok: bool
    max_abs_error: float
    max_rel_error: float
    worst: int | None          # flat index of the entry that exceeds its bound by the most
    expected: float | None     # the values there
    actual: float | None
    compared: int              # how many entries were compared

    def describe(self, tol: Tolerance) -> str:
        """'expected E, got A; abs err .., rel err .., tolerance ..' at the worst entry."""
        if self.worst is None:
            return f"nothing compared; tolerance {tol}"
        abs_err = abs(self.actual - self.expected) if math.isfinite(self.actual) else math.inf
        rel_err = abs_err / abs(self.expected) if self.expected else math.inf if abs_err else 0.0
        return (f"expected {self.expected:.10g}, got {self.actual:.10g}; abs err {abs_err:.3g}, "
                f"rel err {rel_err:.3g}; tolerance {tol}")


def compare(actual: torch.Tensor, expected: torch.Tensor, tol: Tolerance,
            mask: torch.Tensor | None = None) -> Comparison:
    """Compare float64 copies; a non-finite `actual` where `expected` is finite is an infinite error.

    `mask` (bool, same shape) limits the comparison to some entries, e.g. the finite ones.
    """
    a = actual.detach().to(torch.float64).reshape(-1).cpu()
    e = expected.detach().to(torch.float64).reshape(-1).cpu()
    keep = torch.ones_like(e, dtype=torch.bool) if mask is None else mask.reshape(-1).cpu()
    idx = torch.nonzero(keep).reshape(-1)
    if idx.numel() == 0:
        return Comparison(True, 0.0, 0.0, None, None, None, 0)
    a, e = a[idx], e[idx]
    err = torch.where(torch.isfinite(a), (a - e).abs(), torch.full_like(a, math.inf))
    rel = torch.where(e != 0, err / e.abs(), torch.where(err > 0, math.inf, 0.0))
    excess = err - (tol.atol + tol.rtol * e.abs())
    worst = int(torch.argmax(torch.nan_to_num(excess, nan=math.inf)))
    return Comparison(
        ok=bool((excess <= 0).all()),
        max_abs_error=float(err.max()), max_rel_error=float(rel.max()),
        worst=int(idx[worst]), expected=float(e[worst]) + 0.0, actual=float(a[worst]) + 0.0, compared=int(idx.numel()),
    )
