"""How many operations' worth of rounding (the K of tolerances.rounding_tolerance) correct DPO code
needs, and how far above K every catalogued slip stays caught, per dtype.

For each correct form (grouped two ways, logsigmoid or softplus, per pair / mean / sum) at several
betas and seeds, the smallest K at which check_dpo_loss passes; for each slip, the largest K at
which it still fails. K = ROUNDING_OPERATIONS must sit between the two with room on both sides.

    python bench/rounding.py            # a few minutes on 2 cores
"""
from __future__ import annotations

import math
import time

import torch
import torch.nn.functional as F

from dpo_proof.catalogue.slips import with_numeric_forms
from dpo_proof.testing import loss_check
from dpo_proof.tolerances import ROUNDING_OPERATIONS, rounding_tolerance

DTYPES = (torch.float64, torch.float32, torch.bfloat16, torch.float16)
BETAS = (0.01, 0.1, 2.0, 10.0)
SEEDS = (0, 1)


def correct_forms(beta):
    def grouped(pc, pr, rc, rr):
        return -F.logsigmoid(beta * ((pc - rc) - (pr - rr)))

    def split(pc, pr, rc, rr):
        return F.softplus(beta * (rc - rr) - beta * (pc - pr))

    return {"grouped per-pair": grouped, "split per-pair": split,
            "grouped mean": lambda *x: grouped(*x).mean(), "split sum": lambda *x: split(*x).sum()}


def planted(form, beta):
    def fn(pc, pr, rc, rr):
        z = sum(c * x for c, x in zip(form.coefficients(beta), (pc, pr, rc, rr)))
        return -form.scale * torch.sigmoid(form.sign * z) if form.link == "sigmoid" \
            else form.scale * F.softplus(-form.sign * z)
    return fn


def passes(fn, beta, dtype, seed, k) -> bool:
    original = loss_check.rounding_tolerance
    loss_check.rounding_tolerance = lambda d: rounding_tolerance(d, operations=k)
    try:
        return loss_check.check_dpo_loss(fn, beta, dtype=dtype, seed=seed, identify=False).ok
    finally:
        loss_check.rounding_tolerance = original


def threshold(fn, beta, dtype, seed, low=1e-3, high=1e9) -> float:
    """The smallest K (to 10%) at which the check passes (inf if it never does below `high`)."""
    if not passes(fn, beta, dtype, seed, high):
        return math.inf
    if passes(fn, beta, dtype, seed, low):
        return low
    while high / low > 1.1:
        mid = math.sqrt(low * high)
        low, high = (low, mid) if passes(fn, beta, dtype, seed, mid) else (mid, high)
    return high


def main():
    torch.set_num_threads(1)
    start = time.time()
    print(f"K in use: {ROUNDING_OPERATIONS:g}")
    print("| dtype | correct forms need K up to | slips caught for K below (smallest) |")
    print("| --- | --- | --- |")
    for dtype in DTYPES:
        need = max(threshold(fn, beta, dtype, seed) for beta in BETAS for seed in SEEDS
                   for fn in correct_forms(beta).values())
        caught = min(threshold(planted(form, beta), beta, dtype, 0) for beta in BETAS
                     for _, form in with_numeric_forms(on_log_probs=True, has_loss=True))
        print(f"| {str(dtype).replace('torch.', '')} | {need:.3g} | {caught:.3g} |", flush=True)
    print(f"({time.time() - start:.0f} s)")


if __name__ == "__main__":
    main()
