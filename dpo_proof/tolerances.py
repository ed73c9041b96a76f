r"""How close is close enough: ONE table keyed by (dtype, method), and the two error measures.

Overrides follow JAX's `check_grads`: ``tolerance(dtype, method, rtol=..., atol=...)`` merges the
given values into the table's entry. Two ways of comparing, both here:

- `relative_error(a, b, floor)`: $\max|a-b| / \max(\max|a|, \max|b|, \mathrm{floor})$, the inf-norm
  relative error of a whole gradient (the numeric checks; `floor` is the size of the terms summed,
  so cancellation does not read as a mismatch);
- `compare(actual, expected, tol)`: element by element, $|a - e| \le \mathrm{atol} + \mathrm{rtol}|e|$
  (torch.allclose's rule; the code checkers), reporting the worst entry.

Importing this module imports nothing heavy; the measures import torch on use.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Tolerance:
    """|actual - expected| <= atol + rtol * |expected| (for an inf-norm check, rtol bounds the relative error)."""

    rtol: float
    atol: float = 0.0

    def __str__(self) -> str:
        return f"atol={self.atol:g}, rtol={self.rtol:g}"


# Measured worst cases are in docs/performance.md and the tests that plant errors far above these.
TOLERANCES: dict[tuple[str, str], Tolerance] = {
    # numeric gradient checks vs the closed form (2): inf-norm relative error.
    # autograd / sympy-lambdified / ratio-form compute the same numbers by other routes: rounding only;
    # finite differences: truncation O(h^4) (Richardson) or O(h^2) plus rounding O(eps |loss| / h).
    ("float64", "autograd"): Tolerance(1e-13),
    ("float64", "finite-difference"): Tolerance(1e-8),
    ("float64", "sympy-lambdified"): Tolerance(1e-13),
    ("float64", "ratio-form"): Tolerance(1e-11),
    ("float32", "autograd"): Tolerance(1e-5),
    ("float32", "finite-difference"): Tolerance(5e-3),
    ("float32", "sympy-lambdified"): Tolerance(1e-4),
    ("float32", "ratio-form"): Tolerance(1e-4),
    # |delta| ~ 1000 has a float32 ulp of 6e-5 while a step h moves delta by only beta * h:
    # at beta = 0.01 about two digits survive (worst seen 2.4e-2)
    ("float32", "finite-difference/extreme"): Tolerance(5e-2),
    # code checkers (check_dpo_loss / check_dpo_gradient): not rows but a rule, `rounding_tolerance`
    # below, derived from the dtype's resolution and the size of what the user's code sums.
    # the equality engine's numeric screen: a mismatch beyond this is confirmed at 30 digits
    ("float64", "symbolic-screen"): Tolerance(1e-7, 1e-9),
    # plotted numbers read back off a figure vs the closed forms
    ("float64", "figure-data"): Tolerance(1e-9, 1e-9),
}


def dtype_name(dtype) -> str:
    """'float64' for torch.float64, numpy's float64, 'double' or the string itself."""
    name = str(dtype).replace("torch.", "")
    return {"double": "float64", "float": "float32", "half": "float16"}.get(name, name)


def tolerance(dtype, method: str, *, extreme: bool = False, rtol: float | None = None,
              atol: float | None = None) -> Tolerance:
    """The table's entry, a 'method/extreme' one where it exists and `extreme`, with overrides merged."""
    name = dtype_name(dtype)
    entry = TOLERANCES.get((name, f"{method}/extreme")) if extreme else None
    entry = entry or TOLERANCES.get((name, method))
    if entry is None:
        known = sorted({d for d, m in TOLERANCES if m == method})
        raise ValueError(f"no tolerance for {method} in {name}; known dtypes: {', '.join(known) or 'none'}")
    given = {k: v for k, v in (("rtol", rtol), ("atol", atol)) if v is not None}
    return replace(entry, **given) if given else entry


#: Operations' worth of rounding a correct implementation may accumulate: the K of the rule below.
#: Measured (bench/rounding.py, betas 0.01-10): correct forms need K < 1 in every dtype; the
#: weakest-caught slip still fails up to K = 67 (bfloat16), 523 (float16), 4e6 (float32), any K (float64).
ROUNDING_OPERATIONS = 16.0


@dataclass(frozen=True)
class RoundingTolerance(Tolerance):
    r"""The rule for code checkers: a correct implementation computed in `dtype` returns the exact
    value at inputs each off by a relative $K u$ (u: the dtype's unit roundoff), itself rounded:
    $|f_{impl} - f| \le \mathrm{atol} + K u\,|f| + \max_{|\epsilon_k| \le K u} |f(x(1+\epsilon)) - f(x)|$.
    The last term, the *spread* (`rounding_spread`), is how far $\beta|\log p|$ lets rounding move
    what cancels inside $\delta$; `compare(..., spread=)` adds it to each entry's bound."""

    dtype: str = "float64"

    def __str__(self) -> str:
        return f"{self.dtype} rounding: rtol={self.rtol:.2g} plus the spread of inputs off by rtol, atol={self.atol:.2g}"


def unit_roundoff_of(dtype) -> float:
    """u: half the gap between 1 and the next number of `dtype` (2^-53 in float64, 2^-8 in bfloat16)."""
    import torch

    return torch.finfo(getattr(torch, dtype_name(dtype))).eps / 2


#: torch.nn.functional.softplus returns x itself for x > 20 (its threshold): off by up to e^-20 per
#: term, which a correct float64 loss written with softplus (or compared with one) may show.
SOFTPLUS_GAP = 4 * math.exp(-20.0)


def rounding_tolerance(dtype, operations: float = ROUNDING_OPERATIONS) -> RoundingTolerance:
    """The code checkers' tolerance in `dtype`: rtol = K*u; atol = twice the smallest normal number
    (a result that underflows is off by less than that), and at least SOFTPLUS_GAP."""
    import torch

    name = dtype_name(dtype)
    return RoundingTolerance(rtol=operations * unit_roundoff_of(name),
                             atol=max(2 * torch.finfo(getattr(torch, name)).tiny, SOFTPLUS_GAP), dtype=name)


@functools.lru_cache(maxsize=8)
def _corners(k: int):
    """The 2^k sign patterns of k inputs, as a float64 tensor (one row a corner)."""
    import itertools

    import torch

    return torch.tensor(list(itertools.product((-1.0, 1.0), repeat=k)), dtype=torch.float64)


def rounding_spread(fn, inputs, rtol: float):
    r"""Per entry, $\max |f(x(1+\epsilon)) - f(x)|$ over the corners $\epsilon_k = \pm$`rtol` of the
    inputs (float64). `fn(*inputs)` must act pair by pair (entry i of its output depends on entry i
    of each input only): all corners are then evaluated in one call, stacked along the batch.
    It returns a tensor or a tuple of tensors (then a tuple comes back)."""
    import torch

    x = [t.detach().to(torch.float64) for t in inputs]
    signs = _corners(len(x))
    n = x[0].numel()
    stacked = [torch.cat([x[k], (x[k][None, :] * (1 + signs[:, k:k + 1] * rtol)).reshape(-1)]) for k in range(len(x))]
    out = fn(*stacked)
    single = isinstance(out, torch.Tensor)
    spreads = []
    for t in ((out,) if single else tuple(out)):
        t = t.expand(stacked[0].shape) if t.dim() == 0 else t
        base, moved = t[:n], t[n:].reshape(len(signs), n)
        d = (moved - base).abs()
        spreads.append(torch.where(torch.isnan(d), torch.full_like(d, math.inf), d).amax(dim=0))
    return spreads[0] if single else tuple(spreads)


def relative_error(a, b, floor: float = 0.0) -> tuple[float, float, int]:
    """(max abs error, inf-norm relative error, flat index of the worst entry); nan/inf count as inf.

    The error is relative to max(max|a|, max|b|, floor): an entry that is zero in both does not
    divide by zero and a tiny entry does not inflate the error."""
    import torch

    a, b = a.detach().flatten(), b.detach().flatten().to(a.dtype)
    diff = (a - b).abs()
    diff = torch.where(torch.isfinite(diff), diff, torch.full_like(diff, float("inf")))
    worst = int(torch.argmax(diff))
    max_abs = float(diff[worst])
    finite = torch.cat([a[torch.isfinite(a)], b[torch.isfinite(b)]]).abs()
    scale = max(float(finite.max()) if finite.numel() else 0.0, floor, torch.finfo(a.dtype).tiny)
    return max_abs, (max_abs / scale if math.isfinite(max_abs) else float("inf")), worst


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing `actual` with `expected` element by element under a tolerance."""

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


def compare(actual, expected, tol: Tolerance, mask=None, spread=None) -> Comparison:
    """Compare float64 copies; a non-finite `actual` where `expected` is finite is an infinite error.

    `mask` (bool, same shape) limits the comparison to some entries, e.g. the finite ones.
    `spread` (same shape, >= 0) is added to each entry's bound (see RoundingTolerance)."""
    import torch

    a = actual.detach().to(torch.float64).reshape(-1).cpu()
    e = expected.detach().to(torch.float64).reshape(-1).cpu()
    s = torch.zeros_like(e) if spread is None else spread.detach().to(torch.float64).reshape(-1).cpu()
    keep = torch.ones_like(e, dtype=torch.bool) if mask is None else mask.reshape(-1).cpu()
    idx = torch.nonzero(keep).reshape(-1)
    if idx.numel() == 0:
        return Comparison(True, 0.0, 0.0, None, None, None, 0)
    a, e, s = a[idx], e[idx], s[idx]
    err = torch.where(torch.isfinite(a), (a - e).abs(), torch.full_like(a, math.inf))
    rel = torch.where(e != 0, err / e.abs(), torch.where(err > 0, math.inf, 0.0))
    excess = err - (tol.atol + tol.rtol * e.abs() + s)
    worst = int(torch.argmax(torch.nan_to_num(excess, nan=math.inf)))
    return Comparison(
        ok=bool((excess <= 0).all()), max_abs_error=float(err.max()), max_rel_error=float(rel.max()),
        worst=int(idx[worst]), expected=float(e[worst]) + 0.0, actual=float(a[worst]) + 0.0,
        compared=int(idx.numel()),
    )
