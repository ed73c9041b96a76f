r"""Which catalogue loss is this? Fit every loss of `catalogue.losses.LOSSES` to what an
implementation returned, and keep the first whose value and gradients it reproduces.

For each loss the hyper-parameters are fitted (Levenberg-Marquardt on the per-pair gradients in
the policy's log-probs and on the value, parameters that default to a positive number fitted on
a log scale), then rounded to the fewest significant digits that still reproduce every number
within the dtype's rounding tolerance (`compare.match`), ordinary and extreme probes both. The
structure of the gradients says which forms to try: a loss of the log-ratios has reference
gradients equal and opposite to the policy's; a reference-free one has none. New catalogue
entries are picked up as they are: a loss needs `params` with defaults, `torch_loss`,
`torch_grad` and `inputs`; one whose fit is steep in a parameter (f-DPO's and AlphaPO's alpha) or in
a kink (SimPO's hinge) gives `fit_start`, a first guess read off the observed gradients.

Losses that are not per-pair (batch means, sorting over the batch, running statistics) cannot
be identified from pairs; `not_per_pair` says so, from two extra calls.
"""
from __future__ import annotations

import math

import torch

from ..catalogue.losses import LOSSES
from .compare import Match, match
from .expect import Hypothesis

_ITERATIONS = 20
#: largest relative misfit after fitting that is worth a rigorous check (float32 rounding, with room)
_PREFILTER = 1e-3
_NLL = "(nll)"    # the weight of an added NLL term, fitted like a parameter in the last round


def _positive(loss) -> set[str]:
    return {k for k, v in loss.params.items() if isinstance(v, (int, float)) and v > 0}


def _to_params(base: dict, names, theta, positive) -> dict:
    out = dict(base)
    for k, t in zip(names, theta):
        out[k] = math.exp(min(max(t, -700.0), 700.0)) if k in positive else t
    return out


def _split(params: dict) -> tuple[dict, float]:
    """(the loss's own parameters, the NLL weight fitted with them)."""
    own = dict(params)
    return own, own.pop(_NLL, 0.0)


class _Target:
    """What a fit tries to reproduce, precomputed once: the loss's inputs (a, b) on this reading,
    the observed value and policy gradients, and their sizes."""

    def __init__(self, obs, loss, reference_free: bool, reduction: str):
        x = obs.inputs
        self.loss, self.reduction, self.pairs = loss, reduction, obs.probe.pairs
        self.a, self.b = (x[0], x[1]) if reference_free or loss.inputs != "log-ratios" else (x[0] - x[2], x[1] - x[3])
        self.chosen = x[0]
        self.g = [obs.grads[k] for k in (0, 1)]
        self.v = obs.value
        self.sizes = [float(t.abs().max()) + 1e-12 for t in self.g] + [float(self.v.abs().max()) + 1e-12]

    def residual(self, params: dict, negated: bool) -> torch.Tensor:
        """Relative misfit of value and policy gradients (each block scaled by its size)."""
        global _BUDGET
        _BUDGET -= 1
        own, nll = _split(params)
        try:
            with torch.no_grad():
                v = self.loss.torch_loss(self.a, self.b, own)
                ga, gb = self.loss.torch_grad(self.a, self.b, own)
        except (ValueError, ZeroDivisionError, OverflowError, RuntimeError):  # outside the loss's domain
            return torch.full((2 * self.pairs + self.v.numel(),), 1e6, dtype=torch.float64)
        v, ga = v - nll * self.chosen, ga - nll
        sign = -1.0 if negated else 1.0
        scale = 1.0 / self.pairs if self.reduction == "mean" else 1.0
        v = v if self.reduction == "per-pair" else v.sum() * scale
        r = torch.cat([(sign * scale * ga - self.g[0]) / self.sizes[0], (sign * scale * gb - self.g[1]) / self.sizes[1],
                       ((sign * v - self.v) / self.sizes[2]).reshape(-1)])
        return torch.where(torch.isfinite(r), r, torch.full_like(r, 1e6))


#: residual evaluations one identification may spend (deterministic, unlike a clock): 200 a catalogue
#: loss, since a search that finds nothing fits every loss in every form (19 losses: 3800)
BUDGET = 200 * len(LOSSES)
_BUDGET = BUDGET


def _lm(residual, theta: list[float]) -> list[float]:
    """Levenberg-Marquardt with forward-difference Jacobians: a few parameters, a few dozen residuals."""
    r = residual(theta)
    cost, lam = float(r @ r), 1e-3
    for _ in range(_ITERATIONS):
        if cost < 1e-28 or _BUDGET <= 0:
            break
        cols = []
        for j in range(len(theta)):
            h = 1e-7 * max(1.0, abs(theta[j]))
            moved = list(theta)
            moved[j] += h
            cols.append((residual(moved) - r) / h)
        jac = torch.stack(cols, dim=1)
        a, g = jac.T @ jac, jac.T @ r
        step = torch.linalg.lstsq(a + lam * torch.diag(torch.diag(a) + 1e-12), -g[:, None]).solution[:, 0]
        trial = [t + float(s) for t, s in zip(theta, step)]
        rt = residual(trial)
        new = float(rt @ rt)
        if math.isfinite(new) and new < cost:
            done = cost - new < 1e-3 * cost  # stalled: a true fit falls by orders of magnitude a step
            theta, r, cost, lam = trial, rt, new, max(lam / 3, 1e-12)
            if done:
                break
        else:
            lam *= 8
            if lam > 1e6:
                break
    return theta


def _rounded(params: dict, names, digits: int) -> dict:
    return {k: (float(f"{v:.{digits}g}") if k in names else v) for k, v in params.items()}


def _candidates(obs, tol):
    """[reference_free, ...] forms to try, from how the reference log-probs reach the loss: none
    (reference-free), or equal and opposite to the policy's (a loss of the log-ratios; an added
    NLL term shifts the chosen one by a constant)."""
    g = obs.grads
    if g[0] is None or g[1] is None:
        return []
    refs = [g[2], g[3]]
    if all(r is None or bool((r == 0).all()) for r in refs):
        return [True]
    if any(r is None for r in refs):
        return [False, True]  # a detached reference: either
    size = float(max(g[0].abs().max(), g[1].abs().max()))
    chosen, rejected = g[0] + g[2], g[1] + g[3]
    opposite = bool(rejected.abs().max() <= 1e-6 * size) and bool((chosen - chosen.mean()).abs().max() <= 1e-6 * size)
    return [False] if opposite else []


def identify(observations, tol, beta_hint: float, extremes=(), negated_too: bool = True):
    """The first (Hypothesis, Match, Observation) that reproduces an observation, or None.

    `observations`: readings of the ordinary probe (summed, and for token-level probes averaged);
    `extremes`: the extreme probe's, read the same way, checked where finite. Every form is tried
    from the hinted beta first (as it is, negated, with an NLL term, both), then from the loss's
    default beta and from 1; the search stops after BUDGET residual evaluations."""
    global _BUDGET
    _BUDGET = BUDGET
    rounds = [(False, False), (True, False), (False, True), (True, True)] if negated_too else [(False, False)]
    for first_start_only in (True, False):
        for negated, nll in rounds:
            for obs, extreme in zip(observations, list(extremes) + [None] * len(observations)):
                if obs.grads[0] is None or obs.grads[1] is None:
                    continue
                for reference_free in _candidates(obs, tol):
                    for loss in LOSSES:
                        if loss.inputs != "log-ratios" and not reference_free:
                            continue
                        if _BUDGET <= 0:
                            return None
                        found = _fit(loss, obs, extreme, tol, beta_hint, reference_free, negated, nll,
                                     first_start_only)
                        if found is not None:
                            return found + (obs,)
    return None


def _fit(loss, obs, extreme, tol, beta_hint, reference_free, negated, nll=False, first_start_only=True):
    names = [k for k, v in loss.params.items() if isinstance(v, (int, float))] + ([_NLL] if nll else [])
    positive = _positive(loss)
    reductions = ("per-pair",) if obs.shape == "per-pair" else ("mean", "sum")

    def make(p):
        own, weight = _split(p)
        return Hypothesis(loss, own, reference_free=reference_free and loss.inputs == "log-ratios",
                          negated=negated, nll=weight)

    base = dict(loss.params, **({_NLL: 0.0} if nll else {}))
    starts = [dict(base, beta=beta_hint) if "beta" in loss.params else dict(base), dict(base)]
    if "beta" in loss.params:
        starts.append(dict(base, beta=1.0))
    starts = starts[:1] if first_start_only else starts[1:]
    for reduction in reductions:
        target = _Target(obs, loss, reference_free, reduction)
        per_pair = target.pairs if reduction == "mean" else 1  # the gradients of one pair's loss
        guess = {} if loss.fit_start is None else loss.fit_start(target.a, target.b, *(g * per_pair for g in target.g))
        for start in [dict(start, **guess) for start in starts]:  # the guess replaces the defaults it gives
            theta0 = [math.log(start[k]) if k in positive else float(start[k]) for k in names]
            residual = (lambda t: target.residual(_to_params(base, names, t, positive), negated))  # noqa: E731
            theta = _lm(residual, theta0)
            if float(residual(theta).abs().max()) > _PREFILTER:
                continue  # no fit from this start: not worth a rigorous comparison
            fitted = _to_params(base, names, theta, positive)
            for digits in (1, 2, 3, 4, 6, 17):
                hyp = make(_rounded(fitted, names, digits))
                verdict = _verified(hyp, obs, extreme, tol, reduction)
                if verdict:
                    return hyp, verdict
    return None


def _verified(hyp, obs, extreme, tol, reduction) -> Match | None:
    """The match on the ordinary probe when it holds there and, where finite, at the extreme one."""
    try:
        found = match(obs, hyp, tol, reductions=(reduction,))
        if not found.ok:
            return None
        if extreme is not None and not match(extreme, hyp, found.tol, reductions=(reduction,), finite_only=True,
                                             scales=found.scales, early=True).ok:  # within the precision found
            return None
        return found
    except (ValueError, ZeroDivisionError, OverflowError, RuntimeError):
        return None


def not_per_pair(reobserve, obs, tol) -> str | None:
    """Why the loss of a pair is not a function of that pair alone, from two more calls, or None.

    Same inputs again (a running statistic changes the answer); the first half of the batch alone
    (a batch mean or a sort changes each pair's gradient)."""
    again = reobserve(obs.probe)
    if again is None:
        return None
    if not match_same(again, obs, tol):
        return ("two calls on the same inputs returned different losses: the loss keeps state between calls "
                "(a running mean, a counter, a mutated attribute)")
    n = obs.probe.pairs
    half = reobserve(obs.probe.subset(torch.arange(n // 2)))
    if half is None:
        return None
    scale = (n / (n // 2)) if obs.shape == "scalar" and _is_mean_like(obs, half) else 1.0
    for k in (0, 1):
        if obs.grads[k] is not None and half.grads[k] is not None:
            if not torch.allclose(half.grads[k] / scale, obs.grads[k][: n // 2], rtol=1e-5, atol=1e-12):
                return ("the loss of a pair depends on the other pairs in the batch (a batch mean, a sort over "
                        "the batch, a batch-level statistic): it is not a per-pair loss, so it cannot be "
                        "identified pair by pair")
    return None


def _is_mean_like(full, half) -> bool:
    """True when halving the batch doubled the gradients: a mean over the pairs."""
    k = 0 if full.grads[0] is not None and half.grads[0] is not None else 1
    if full.grads[k] is None or half.grads[k] is None:
        return False
    ratio = (half.grads[k].abs().sum() / (full.grads[k][: half.probe.pairs].abs().sum() + 1e-300)).item()
    return abs(ratio - full.probe.pairs / half.probe.pairs) < abs(ratio - 1.0)


def match_same(a, b, tol) -> bool:
    same = torch.allclose(a.value, b.value, rtol=1e-9, atol=1e-12)
    return same and all((x is None) == (y is None) and (x is None or torch.allclose(x, y, rtol=1e-9, atol=1e-12))
                        for x, y in zip(a.grads, b.grads))
