r"""Is this hand-written backward the DPO gradient? `check_dpo_gradient` compares what
`grad_fn(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
reference_rejected_logps)` returns, the gradients of the loss in the policy's chosen and rejected
log-probs, with eq. (2) and (b): $(-\beta\sigma(-\delta),\ +\beta\sigma(-\delta))$ per pair.
A 4-tuple also carries the reference gradients $(+\beta\sigma(-\delta),\ -\beta\sigma(-\delta))$,
which are then checked too.

`reduction` says which loss it differentiates: "per-pair" (each pair's own loss; the same
numbers as the gradient of the sum), "mean" (the batch mean: each pair's gradient over the number of
pairs), or None (default) to recognise either and report it. One cause per report, decided on
the ordinary probe, as for check_dpo_loss.
"""
from __future__ import annotations

import torch

from ..catalogue.slips import with_numeric_forms
from ..report import Check, Report
from ..tolerances import compare, dtype_name, rounding_tolerance
from .diagnose import UNSTABLE_DPO, slip_cause
from .expect import Hypothesis
from .invoke import UserCodeError, call_user, takes_beta
from .messages import failure_message, location, raise_if_failed
from .probes import INPUT_NAMES, Probe, make_probes

_CALL_FIX = ("the checker calls grad_fn(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, "
             "reference_rejected_logps) on float64 tensors of shape (pairs,) under torch.no_grad "
             "(plus beta= if it takes one): call it so yourself to reproduce")
_SHAPE_HINT = ("return (d loss/d policy_chosen_logps, d loss/d policy_rejected_logps), each of shape "
               "(pairs,), optionally followed by the two reference gradients")
_MEAN_HINT = "if it is the gradient of the batch mean, pass reduction='mean'"


def _evaluate(grad_fn, probe: Probe, seconds) -> tuple[torch.Tensor, ...]:
    with torch.no_grad():
        kwargs = {"beta": probe.beta} if takes_beta(grad_fn) else {}
        out = call_user(grad_fn, tuple(x.clone() for x in probe.inputs), kwargs, "the gradient function", seconds)
    if not isinstance(out, (tuple, list)) or len(out) not in (2, 4):
        raise UserCodeError(f"the gradient function returned {type(out).__name__}"
                            f"{f' of length {len(out)}' if isinstance(out, (tuple, list)) else ''}; {_SHAPE_HINT}")
    n = probe.pairs
    for name, g in zip(INPUT_NAMES, out):
        if not isinstance(g, torch.Tensor) or tuple(g.shape) != (n,):
            got = tuple(g.shape) if isinstance(g, torch.Tensor) else type(g).__name__
            raise UserCodeError(f"the gradient in {name} is {got}, not a tensor of shape ({n},); {_SHAPE_HINT}")
    return tuple(g.detach().to(torch.float64) for g in out)


def _compare(grads, hyp, probe, tol, reduction, mask=None, early=False):
    """[(input name, Comparison)] for the gradients returned, against `hyp` under `reduction`
    (`early`: stop at the first that fails)."""
    _, expected, _, spread = hyp.evaluate(probe.inputs, tol.rtol)
    scale = probe.pairs if reduction == "mean" else 1
    out = []
    for k, g in enumerate(grads):
        out.append((INPUT_NAMES[k], compare(g, expected[k] / scale, tol, mask, spread=spread[k] / scale)))
        if early and not out[-1][1].ok:
            break
    return out


def _cause(grads, probe, tol, reduction):
    """The one cause: a catalogue slip whose gradient reproduces these numbers (wrong backwards first)."""
    forms = with_numeric_forms(on_log_probs=True)
    for slip, form in sorted(forms, key=lambda sf: sf[1].has_loss):
        hyp = Hypothesis(None, form=form, beta=probe.beta)
        if all(c.ok for _, c in _compare(grads[:2], hyp, probe, tol, reduction, early=True)):
            return slip_cause(slip)
    return None


def _compare_check(results, probe, tol, common, reduction, cause, ident) -> Check:
    wrong = [(n, c) for n, c in results if not c.ok]
    cmp = wrong[0][1] if wrong else results[0][1]
    fields = dict(common, probe=probe.name, max_abs_error=max(c.max_abs_error for _, c in results),
                  max_rel_error=max(c.max_rel_error for _, c in results), tolerance=str(tol),
                  expected=cmp.expected, actual=cmp.actual, reduction=reduction)
    what = "of the batch mean (each pair's gradient over n)" if reduction == "mean" else "per-pair"
    if not wrong:
        msg = (f"the gradients {what} at {probe.name} margins match the closed form -/+ beta*sigma(-delta) "
               f"in {len(results)} inputs ({cmp.compared} pairs)")
        return Check(ident, "implementation", "match", msg, fields=fields)
    name = wrong[0][0]
    head = f"d loss/d {name} at {probe.name} margins differs from the closed form ({what})"
    if len(wrong) > 1:
        head += f" (also wrong: {', '.join(n for n, _ in wrong[1:])})"
    fields.update(input=name, likely_cause=cause.sentence if cause else None, slip=cause.slip if cause else None)
    msg = failure_message(head, location(probe, cmp, "per-pair"), cmp.describe(tol), cause)
    if cause is not None and cause.slip == "divided-by-pairs":
        msg = msg.replace("\nfix: ", f"\nfix: {_MEAN_HINT}; else ", 1)
    return Check(ident, "implementation", "mismatch", msg, fields=fields)


def check_dpo_gradient(grad_fn, beta: float, *, reduction: str | None = None, seed: int = 0, pairs: int = 16,
                       dtype=torch.float64, device="cpu", name: str | None = None,
                       time_limit: float | None = None) -> Report:
    """Check a hand-written backward against eq. (2)+(b) at ordinary and extreme margins.

    Returns a Report (command "check-gradient") of implementation checks: output, ordinary
    margins, finite at |beta*margin| up to 1000 ("unstable" if not), extreme margins; its
    `reduction` says per-pair or mean.
    """
    if reduction not in (None, "per-pair", "sum", "mean"):
        raise ValueError(f"reduction must be per-pair, sum or mean (or None to recognise it), got {reduction!r}")
    label = name or getattr(grad_fn, "__qualname__", repr(grad_fn))
    tol = rounding_tolerance(dtype)
    dpo = Hypothesis(None, form=_dpo_form(), beta=beta)
    common = {"target": label, "beta": beta, "dtype": dtype_name(dtype)}
    report = Report("check-gradient", title=f"check-gradient {label} (beta={beta:g})",
                    extra={"target": label, "beta": beta, "seed": seed, "dtype": dtype_name(dtype)})
    allowed = ("per-pair", "mean") if reduction is None else (reduction,)
    chosen, cause = allowed[0], None
    for probe in make_probes(beta, seed=seed, pairs=pairs, dtype=dtype, device=device):
        extreme = probe.name == "extreme"
        suffix = "-extreme" if extreme else ""
        try:
            grads = _evaluate(grad_fn, probe, time_limit)
        except UserCodeError as exc:
            report.checks.append(Check(f"gradient-output{suffix}", "implementation", "error",
                                       failure_message(str(exc), None, None, None, _CALL_FIX), fields=dict(common)))
            return report
        finite = torch.stack([torch.isfinite(g) for g in grads]).all(dim=0)
        if not extreme:
            chosen = next((r for r in allowed if all(c.ok for _, c in _compare(grads, dpo, probe, tol, r, early=True))),
                          allowed[0])
            if not all(c.ok for _, c in _compare(grads, dpo, probe, tol, chosen, early=True)):
                cause = _cause(grads, probe, tol, chosen)
            report.extra["reduction"] = chosen
        else:
            report.checks.append(_finite_check(grads, finite, probe, common, cause))
        results = _compare(grads, dpo, probe, tol, chosen, finite)
        primary = cause if cause is not None or not extreme else UNSTABLE_DPO
        report.checks.append(_compare_check(results, probe, tol, common, chosen, primary, "gradient" + suffix))
    return report


def _finite_check(grads, finite, probe, common, cause) -> Check:
    fields = dict(common, probe=probe.name)
    if bool(finite.all()):
        return Check("gradient-finite-extreme", "implementation", "match",
                     f"finite at |beta*margin| up to {float(probe.delta.abs().max()):g}", fields=fields)
    bad = int(torch.nonzero(~finite).reshape(-1)[0])
    msg = failure_message("unstable at large margins: a gradient is not finite", probe.pair(bad),
                          f"got {', '.join(f'{float(g[bad]):g}' for g in grads)}",
                          UNSTABLE_DPO if cause is None else None,
                          fix="use torch.sigmoid(-delta), finite for every delta")
    return Check("gradient-finite-extreme", "implementation", "unstable", msg, fields=fields)


def _dpo_form():
    from ..catalogue.forms import DPO
    return DPO


def assert_dpo_gradient(grad_fn, beta: float, **kwargs) -> Report:
    """check_dpo_gradient, raising AssertionError with every failing check's message."""
    return raise_if_failed(check_dpo_gradient(grad_fn, beta, **kwargs))
