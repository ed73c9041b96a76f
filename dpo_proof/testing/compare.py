"""Does an observation match a hypothesis? Value and each connected gradient compared element by
element under the dtype's rounding tolerance (tolerances.RoundingTolerance): per pair, or for a
scalar as the mean or the sum over pairs (and its gradient, the per-pair gradient divided by the
number of pairs for the mean).

In a float64 check, an implementation that agrees only to float32's rounding (a fused kernel,
a `.float()` inside) matches with `precision="float32"`: a pass with a note.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import torch

from ..tolerances import Comparison, Tolerance, compare, rounding_tolerance
from .expect import Hypothesis, reduce, reduce_grads
from .probes import INPUT_NAMES


@dataclass
class Match:
    """How one observation compares with one hypothesis under one reduction."""

    reduction: str
    value: Comparison
    grads: list[tuple[str, Comparison]]              # connected inputs only
    unconnected: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tol: Tolerance | None = None
    precision: str | None = None                     # "float32": agrees only to float32 rounding
    scales: tuple = ()                               # max |expected| of value and of each gradient
    complete: bool = True                            # False: stopped at the first failure (early=True)

    @property
    def value_ok(self) -> bool:
        return self.value.ok

    @property
    def grads_ok(self) -> bool:
        return self.complete and all(c.ok for _, c in self.grads) and \
            not [n for n in self.unconnected if n in INPUT_NAMES[:2]]

    @property
    def ok(self) -> bool:
        return self.value_ok and self.grads_ok

    def worst_grad(self) -> tuple[str, Comparison] | None:
        bad = [(n, c) for n, c in self.grads if not c.ok]
        return bad[0] if bad else (self.grads[0] if self.grads else None)

    def agreement(self) -> float:
        """The largest error seen relative to the largest expected number of its kind (inf-norm)."""
        sizes = list(self.scales) or [1.0] * 5
        pairs = [(self.value, sizes[0])] + [(c, sizes[1 + INPUT_NAMES.index(n)]) for n, c in self.grads]
        return max(c.max_abs_error / s if s > 0 else (0.0 if c.max_abs_error == 0 else float("inf"))
                   for c, s in pairs)


def _mask(obs, expected: torch.Tensor, finite_only: bool) -> torch.Tensor:
    """Pairs to compare: the expected value finite and, at extreme margins, representable."""
    keep = torch.isfinite(expected)
    if finite_only:
        keep &= expected.abs() < torch.finfo(obs.out_dtype).max / 4 if obs.out_dtype.is_floating_point else keep
        if obs.shape == "per-pair":
            keep &= torch.isfinite(obs.value)
        for g in obs.grads:
            if g is not None:
                keep &= torch.isfinite(g)
    return keep


def _one(obs, evaluated, tol, reduction: str, finite_only: bool, scales=None, early=False) -> Match:
    """One reduction. Each bound also carries rtol * `scales` (max |expected| of that quantity on the
    ordinary probe): a correct implementation's rounding is relative to the largest term, so an
    entry far smaller than the rest (sigma'(40) ~ 4e-18 beside 0.025) may be off by that much."""
    value, grads, vspread, gspread = evaluated
    n = obs.probe.pairs
    mask = _mask(obs, value, finite_only)
    for g in grads:
        mask &= torch.isfinite(g)
    eg, sg = reduce_grads(grads, reduction, n), reduce_grads(gspread, reduction, n)
    ev, sv = reduce(value, reduction), reduce(vspread, reduction)
    rows = torch.stack([ev.reshape(-1).expand(n) if ev.dim() == 0 else ev] + list(eg))
    own = tuple(torch.where(mask, rows.abs(), torch.zeros_like(rows)).amax(dim=1).tolist())
    scales = scales or own
    if obs.shape == "per-pair":
        cmp_v = compare(obs.value, value, tol, mask, spread=vspread + tol.rtol * scales[0])
    elif bool(mask.all()) and bool(torch.isfinite(obs.value)) or not finite_only:
        cmp_v = compare(obs.value, ev, tol, spread=sv + tol.rtol * scales[0])
    else:  # a scalar over pairs some of which cannot be compared: nothing to compare
        cmp_v = Comparison(True, 0.0, 0.0, None, None, None, 0)
    out = Match(reduction, cmp_v, [], tol=tol, scales=own)
    if early and not cmp_v.ok:
        out.complete = False
        return out
    for k, name in enumerate(INPUT_NAMES):
        if obs.grads[k] is None:
            out.unconnected.append(name)
            if k >= 2 and bool((grads[k] != 0).any()):
                out.notes.append(f"{name} is detached (fine: the reference is frozen)")
            continue
        out.grads.append((name, compare(obs.grads[k], eg[k], tol, mask, spread=sg[k] + tol.rtol * scales[k + 1])))
        if early and not out.grads[-1][1].ok:
            out.complete = False
            break
    return out


def match(obs, hyp: Hypothesis, tol, reductions=None, finite_only: bool = False, scales=None,
          early: bool = False, likely: bool = True) -> Match:
    """The best match over the reductions allowed (the first that holds, else the first whose value
    holds, else the first), with the float32 note in a float64 check. `scales`: the ordinary
    probe's Match.scales, for a comparison at extreme margins. `early`: stop at the first failing
    comparison (to test a hypothesis, not to report on it). `likely`: try without the spread first
    (cheaper when the hypothesis usually holds)."""
    reductions = reductions or (("per-pair",) if obs.shape == "per-pair" else ("mean", "sum"))
    if obs.shape == "per-pair":
        reductions = tuple(r for r in reductions if r == "per-pair") or ("per-pair",)
    if likely:
        value, grads = hyp.values(obs.inputs)
        tight = (value, grads, torch.zeros_like(value), tuple(torch.zeros_like(g) for g in grads))
        for r in reductions:  # without the spread first: what holds without it holds with it (it is >= 0)
            found = _one(obs, tight, tol, r, finite_only, scales, early=True)
            if found.ok:
                return found
    evaluated = hyp.evaluate(obs.inputs, tol.rtol)
    found = []
    for r in reductions:  # the first that holds ends the search
        found.append(_one(obs, evaluated, tol, r, finite_only, scales, early))
        if found[-1].ok:
            return found[-1]
    best = next((m for m in found if m.value_ok), found[0])
    if not best.ok and getattr(tol, "dtype", None) == "float64" and best.agreement() < 1e-4:  # near enough to retry
        coarse = rounding_tolerance("float32")
        again = _one(obs, hyp.evaluate(obs.inputs, coarse.rtol), coarse, best.reduction, finite_only, scales, early)
        if again.ok:
            again.precision = "float32"
            return again
    return best
