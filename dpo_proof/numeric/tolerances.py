"""Tolerances and finite-difference steps: ONE table keyed by dtype (DESIGN.md, Conventions).

Errors are relative to the gradient's scale: ``max|a - b| / max(max|a|, max|b|)`` (inf-norm
relative error), so an entry that is zero in both does not divide by zero and a tiny entry
does not inflate the error. Measured worst cases are in docs/performance.md.
"""
from __future__ import annotations

import math

import torch

METHODS = ("autograd", "finite-difference", "sympy-lambdified", "ratio-form")

# max_rel_error allowed for each method, against the closed form (2).
#  - autograd / sympy-lambdified / ratio-form compute the same numbers by other routes: rounding only.
#  - finite differences with Richardson: truncation O(h^4) + rounding O(eps |loss| / h); in
#    float32 at |loss| ~ 1000 (--extreme) that leaves two to three digits.
TOLERANCES: dict[torch.dtype, dict[str, float]] = {
    torch.float64: {"autograd": 1e-13, "finite-difference": 1e-8,
                    "sympy-lambdified": 1e-13, "ratio-form": 1e-11},
    torch.float32: {"autograd": 1e-5, "finite-difference": 5e-3,
                    "sympy-lambdified": 1e-4, "ratio-form": 1e-4,
                    # |delta| ~ 1000 has a float32 ulp of 6e-5, while a step h moves delta by only
                    # beta * h: at beta = 0.01 about two digits survive (worst seen 2.4e-2)
                    "finite-difference/extreme": 5e-2},
}

# Central-difference step h (Richardson combines h and h/2). Powers of two, so x + h is exact
# wherever ulp(x) <= h (|x| up to 2**42 in float64), and the steps are what was really taken.
# Chosen by a sweep over 2**-14 .. 2**0 on every family (docs/performance.md): the O(h^4)
# truncation and the O(eps |loss| / h) rounding balance near these.
FD_STEPS: dict[torch.dtype, float] = {torch.float64: 2.0 ** -7, torch.float32: 2.0 ** -2}


def fd_step(dtype: torch.dtype, loss_scale: float, beta: float = 1.0) -> float:
    """The step for this dtype, grown by ~|loss|**(1/5) (a power of two) where per-pair losses
    are large (|delta| ~ 1000), since the rounding error grows with |loss|; and shrunk by ~beta
    where beta > 1, since delta = beta * margin bends on a parameter scale of 1/beta and the
    O(h^4) truncation error grows like beta**5 (seen: 1e-6 relative at beta = 5 without it)."""
    grow = round(math.log2(max(1.0, loss_scale)) / 5) if math.isfinite(loss_scale) else 0
    shrink = round(math.log2(max(1.0, beta))) if math.isfinite(beta) else 0
    return FD_STEPS[dtype] * 2.0 ** (grow - shrink)


def tolerance(dtype: torch.dtype, method: str, extreme: bool = False) -> float:
    """The table's entry; a 'method/extreme' entry, where there is one, governs --extreme."""
    table = TOLERANCES[dtype]
    return table.get(f"{method}/extreme", table[method]) if extreme else table[method]


def relative_error(a: torch.Tensor, b: torch.Tensor, floor: float = 0.0) -> tuple[float, float, int]:
    """(max abs error, inf-norm relative error, flat index of the worst entry); nan/inf count as inf.

    The error is relative to max(max|a|, max|b|, floor); `floor` is the size of the terms that
    were summed (Problem.gradient_term_scale), so cancellation does not read as a mismatch."""
    a, b = a.detach().flatten(), b.detach().flatten().to(a.dtype)
    diff = (a - b).abs()
    diff = torch.where(torch.isfinite(diff), diff, torch.full_like(diff, float("inf")))
    worst = int(torch.argmax(diff))
    max_abs = float(diff[worst])
    finite = torch.cat([a[torch.isfinite(a)], b[torch.isfinite(b)]]).abs()
    scale = max(float(finite.max()) if finite.numel() else 0.0, floor, torch.finfo(a.dtype).tiny)
    return max_abs, (max_abs / scale if math.isfinite(max_abs) else float("inf")), worst
