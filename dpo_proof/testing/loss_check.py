r"""Is this function the DPO loss? `check_dpo_loss` compares a user's loss with eq. (1),
$\ell = -\log\sigma(\delta)$, and its autograd gradient in the four log-prob inputs with the
closed form of eq. (2) with (b): $\partial\ell/\partial\log\pi(y_w) = -\beta\sigma(-\delta)$,
$\partial\ell/\partial\log\pi(y_l) = +\beta\sigma(-\delta)$, reference terms with opposite signs.
Both at ordinary margins and at $|\beta m|$ up to 1000, where a non-finite output is a failure
of its own ("unstable at large margins").
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from ..catalogue.slips import with_numeric_forms
from ..report import Check, Report
from ..tolerances import Comparison, compare, dtype_name, tolerance
from .invoke import UserCodeError, call_user, takes_beta
from .messages import CALL_FIX, failure_message, raise_if_failed, instability, location
from .probes import INPUT_NAMES, Probe, make_probes

_SHAPE_HINT = ("return per-pair losses of shape (pairs,), their mean or sum as a scalar, "
               "or a tuple whose first element is one of these")


@dataclass(frozen=True)
class _Evaluation:
    value: torch.Tensor                          # float64, shape (pairs,) or ()
    grads: tuple[torch.Tensor | None, ...]       # autograd gradients, float64; None = not connected
    shape: str                                   # "per-pair" or "scalar"


def _evaluate(fn, probe: Probe, seconds) -> _Evaluation:
    """Call the loss on fresh leaf tensors and differentiate the sum of what it returns."""
    inputs = tuple(x.detach().clone().requires_grad_(True) for x in probe.inputs)
    out = call_user(fn, inputs, probe.beta, "the loss function", seconds)
    if isinstance(out, (tuple, list)):
        if not out:
            raise UserCodeError(f"the loss function returned an empty {type(out).__name__}; {_SHAPE_HINT}")
        out = out[0]
    if not isinstance(out, torch.Tensor):
        raise UserCodeError(f"the loss function returned {type(out).__name__}, not a torch.Tensor; {_SHAPE_HINT}")
    n = inputs[0].numel()
    if tuple(out.shape) == (n,):
        shape = "per-pair"
    elif out.numel() == 1:
        shape, out = "scalar", out.reshape(())
    else:
        raise UserCodeError(f"the loss function returned shape {tuple(out.shape)} for {n} pairs; {_SHAPE_HINT}")
    if not out.requires_grad:
        raise UserCodeError("the returned loss does not require grad, so its gradient cannot be checked: "
                            "is it detached (.detach(), .item(), numpy, torch.no_grad)?")
    try:
        grads = torch.autograd.grad(out.sum(), inputs, allow_unused=True)
    except Exception as exc:
        raise UserCodeError(f"backward through the returned loss raised {type(exc).__name__}: {exc}") from exc
    return _Evaluation(out.detach().to(torch.float64),
                       tuple(None if g is None else g.detach().to(torch.float64) for g in grads), shape)


def _reduce(value, grads, reduction: str, n: int):
    """Per-pair value and gradients -> what a loss with this reduction returns and its gradient."""
    if reduction == "mean":
        return value.mean(), tuple(g / n for g in grads)
    if reduction == "sum":
        return value.sum(), grads
    return value, grads


def _expected(probe: Probe, reduction: str):
    r"""Eq. (1) and the closed-form gradient (2)+(b), from explicit formulas in float64."""
    value, grads = probe.closed_form
    return _reduce(value, grads, reduction, value.numel())


def _reduction_of(ev: _Evaluation, probe: Probe, tol) -> tuple[str, bool]:
    """per-pair; or for a scalar, the reduction whose value matches (or reproduces a known bug),
    and whether one did (else the mean is assumed)."""
    if ev.shape == "per-pair":
        return "per-pair", True
    n = probe.inputs[0].numel()
    for form in (None,) + tuple(f for _, f in with_numeric_forms(on_log_probs=True, has_loss=True)):
        per_pair = probe.closed_form[0] if form is None else form.value(probe.inputs, probe.beta)
        for reduction in ("mean", "sum"):
            if compare(ev.value, _reduce(per_pair, (), reduction, n)[0], tol).ok:
                return reduction, True
    return "mean", False


def _value_cause(ev: _Evaluation, probe: Probe, reduction: str, tol, mask=None):
    n = probe.inputs[0].numel()
    for slip, form in with_numeric_forms(on_log_probs=True, has_loss=True):
        expected = _reduce(form.value(probe.inputs, probe.beta), (), reduction, n)[0]
        if compare(ev.value, expected, tol, mask if reduction == "per-pair" else None).ok:
            return slip
    return None


def _gradient_cause(ev: _Evaluation, probe: Probe, reduction: str, tol, mask=None):
    n = probe.inputs[0].numel()
    policy = [k for k in (0, 1) if ev.grads[k] is not None]
    if not policy or all(bool((ev.grads[k] == 0).all()) for k in policy):
        return "the loss does not change with the policy log-probs: detached (.detach(), .item(), numpy)?"
    for slip, form in with_numeric_forms(on_log_probs=True):
        grads = _reduce(torch.zeros(n), form.grads(probe.inputs, probe.beta), reduction, n)[1]
        if all(compare(ev.grads[k], grads[k], tol, mask).ok for k in policy):
            return slip
    return None


def _check_value(ev, probe, reduction, tol, common, mask=None) -> Check:
    expected = _expected(probe, reduction)[0]
    cmp = compare(ev.value, expected, tol, mask if reduction == "per-pair" else None)
    what = f"the loss value ({reduction}) at {probe.name} margins"
    ident = "loss-value" + ("-extreme" if probe.name == "extreme" else "")
    if cmp.ok:
        how = {"per-pair": "per pair", "mean": "the mean over pairs", "sum": "the sum over pairs"}[reduction]
        msg = f"{what} matches -log sigma(delta), {how} ({cmp.compared} compared; max abs err {cmp.max_abs_error:.2g})"
        return Check(ident, "implementation", "match", msg,
                     fields=_fields(common, cmp, tol, probe, per_pair=reduction == "per-pair"))
    cause = _value_cause(ev, probe, reduction, tol, mask)
    msg = failure_message(f"{what} differs from -log sigma(delta)", location(probe, cmp, reduction),
                          cmp.describe(tol), cause)
    return Check(ident, "implementation", "mismatch", msg,
                 fields=_fields(common, cmp, tol, probe, cause, per_pair=reduction == "per-pair"))


def _check_gradient(ev, probe, reduction, tol, common, mask=None) -> Check:
    expected = _expected(probe, reduction)[1]
    ident = "loss-gradient" + ("-extreme" if probe.name == "extreme" else "")
    failures, worst, notes, first = [], None, [], None
    for k, name in enumerate(INPUT_NAMES):
        if ev.grads[k] is None:
            if k >= 2:  # a frozen reference may be detached: nothing flows back to it
                notes.append(f"{name} is detached (fine: the reference is frozen)")
                continue
            failures.append(name)
            worst = worst or (name, Comparison(False, float("inf"), float("inf"), None, None, None, 0))
            continue
        cmp = compare(ev.grads[k], expected[k], tol, mask)
        if not cmp.ok:
            failures.append(name)
            worst = worst or (name, cmp)
        first = first or cmp
    what = f"the autograd gradient at {probe.name} margins"
    note = f"; {'; '.join(notes)}" if notes else ""
    if not failures:
        msg = f"{what} matches the closed form -/+ beta*sigma(-delta) in all four inputs{note}"
        return Check(ident, "implementation", "match", msg, fields=_fields(common, first, tol, probe))
    name, cmp = worst
    cause = _gradient_cause(ev, probe, reduction, tol, mask)
    head = f"{what} differs from the closed form in d loss/d {name}"
    if len(failures) > 1:
        head += f" (also wrong: {', '.join(failures[1:])})"
    if cmp.worst is None:  # not connected at all: there is no value to show
        msg = failure_message(f"{head}: {name} does not reach the loss through autograd", None, None, cause)
    else:
        msg = failure_message(head, location(probe, cmp, "per-pair"), cmp.describe(tol), cause)
    return Check(ident, "implementation", "mismatch", msg,
                 fields=_fields(common, cmp, tol, probe, cause, input=name))


def _fields(common, cmp, tol, probe, cause=None, per_pair=True, **more):
    """JSON fields of a check; `inputs` names the worst pair where the comparison was per pair."""
    out = dict(common, probe=probe.name, max_abs_error=cmp.max_abs_error, max_rel_error=cmp.max_rel_error,
               tolerance=str(tol), expected=cmp.expected, actual=cmp.actual, **more)
    if per_pair and cmp.worst is not None and cmp.worst < probe.inputs[0].numel():
        out["inputs"] = {n: float(x[cmp.worst]) for n, x in zip(INPUT_NAMES, probe.inputs)}
    out["likely_cause"] = cause.sentence() if hasattr(cause, "sentence") else cause
    if hasattr(cause, "id"):
        out["slip"] = cause.id
    return out


def check_dpo_loss(fn, beta: float, *, seed: int = 0, pairs: int = 16, dtype=torch.float64,
                   device="cpu", name: str | None = None, time_limit: float | None = None) -> Report:
    """Check `fn(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
    reference_rejected_logps)` (plus `beta=` if it takes one) against eq. (1) and (2).

    `fn` may return per-pair losses, their mean or sum, or a tuple whose first element is one of
    these. Returns a Report (command "check-loss") of implementation checks; never raises for
    the function's own errors. `time_limit` (seconds per call, POSIX main thread) guards a hang.
    """
    if pairs < 2:
        raise ValueError("pairs must be at least 2 (to tell per-pair, mean and sum apart)")
    label = name or getattr(fn, "__qualname__", repr(fn))
    tol = tolerance(dtype, "implementation")
    ordinary, extreme = make_probes(beta, seed=seed, pairs=pairs, dtype=dtype, device=device)
    common = {"target": label, "beta": beta, "dtype": dtype_name(dtype)}
    report = Report("check-loss", title=f"check-loss {label} (beta={beta:g})",
                    extra={"target": label, "beta": beta, "seed": seed, "dtype": dtype_name(dtype)})
    try:
        ev = _evaluate(fn, ordinary, time_limit)
    except UserCodeError as exc:
        report.checks.append(Check("loss-output", "implementation", "error",
                                   failure_message(str(exc), None, None, None, CALL_FIX), fields=dict(common)))
        return report
    reduction, recognised = _reduction_of(ev, ordinary, tol)
    report.extra["reduction"] = reduction
    shape = (f"per-pair losses of shape ({pairs},)" if reduction == "per-pair" else
             f"a scalar, the {reduction} over pairs" if recognised else
             "a scalar that is neither the mean nor the sum of any known per-pair loss (compared as a mean)")
    passed = ", called with beta= by keyword" if takes_beta(fn) else ""
    report.checks.append(Check("loss-output", "implementation", "match",
                               f"{label} returns {shape}{passed}", fields=dict(common, reduction=reduction)))
    common["reduction"] = reduction
    report.checks.append(_check_value(ev, ordinary, reduction, tol, common))
    report.checks.append(_check_gradient(ev, ordinary, reduction, tol, common))
    report.extend(_extreme_checks(fn, extreme, reduction, tol, common, time_limit))
    return report


def _extreme_checks(fn, probe, reduction, tol, common, seconds) -> list[Check]:
    """Finite at |beta*margin| up to 1000, then value and gradient compared where finite."""
    try:
        ev = _evaluate(fn, probe, seconds)
    except UserCodeError as exc:
        return [Check("loss-finite-extreme", "implementation", "error",
                      failure_message(f"at extreme margins {exc}", None, None, None, CALL_FIX), fields=dict(common))]
    finite = torch.isfinite(ev.value) if ev.shape == "per-pair" else torch.isfinite(ev.value).expand(probe.inputs[0].shape)
    for g in ev.grads:
        if g is not None:
            finite = finite & torch.isfinite(g)
    checks = [instability(probe, ev.value, ev.grads, finite, tol, common)]
    mask = finite
    if ev.shape == "scalar" and not bool(torch.isfinite(ev.value)):
        return checks  # nothing left to compare: the scalar itself is inf or nan
    checks.append(_check_value(ev, probe, reduction, tol, common, mask))
    checks.append(_check_gradient(ev, probe, reduction, tol, common, mask))
    return checks


def assert_dpo_loss(fn, beta: float, **kwargs) -> Report:
    """check_dpo_loss, raising AssertionError with every failing check's message; returns the report."""
    return raise_if_failed(check_dpo_loss(fn, beta, **kwargs))
