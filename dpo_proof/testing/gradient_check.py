r"""Is this hand-written backward the DPO gradient? `check_dpo_gradient` compares what
`grad_fn(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
reference_rejected_logps)` returns, the gradients of the per-pair loss in the policy's chosen
and rejected log-probs, with eq. (2) and (b): $(-\beta\sigma(-\delta),\ +\beta\sigma(-\delta))$.
A 4-tuple also carries the reference gradients $(+\beta\sigma(-\delta),\ -\beta\sigma(-\delta))$,
which are then checked too.
"""
from __future__ import annotations

import torch

from ..catalogue.slips import with_numeric_forms
from ..report import Check, Report
from ..tolerances import compare, dtype_name, tolerance
from .invoke import UserCodeError, call_user
from .messages import failure_message, raise_if_failed, location
from .probes import INPUT_NAMES, Probe, make_probes

_CALL_FIX = ("the checker calls grad_fn(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, "
             "reference_rejected_logps) on float64 tensors of shape (pairs,) under torch.no_grad "
             "(plus beta= if it takes one): call it so yourself to reproduce")
_SHAPE_HINT = ("return (d loss/d policy_chosen_logps, d loss/d policy_rejected_logps), each of shape "
               "(pairs,), optionally followed by the two reference gradients")


def _evaluate(grad_fn, probe: Probe, seconds) -> tuple[torch.Tensor, ...]:
    with torch.no_grad():
        out = call_user(grad_fn, tuple(x.clone() for x in probe.inputs), probe.beta, "the gradient function", seconds)
    if not isinstance(out, (tuple, list)) or len(out) not in (2, 4):
        raise UserCodeError(f"the gradient function returned {type(out).__name__}"
                            f"{f' of length {len(out)}' if isinstance(out, (tuple, list)) else ''}; {_SHAPE_HINT}")
    n = probe.inputs[0].numel()
    for name, g in zip(INPUT_NAMES, out):
        if not isinstance(g, torch.Tensor) or tuple(g.shape) != (n,):
            got = tuple(g.shape) if isinstance(g, torch.Tensor) else type(g).__name__
            raise UserCodeError(f"the gradient in {name} is {got}, not a tensor of shape ({n},); {_SHAPE_HINT}")
    return tuple(g.detach().to(torch.float64) for g in out)


def _cause(grads, probe, tol, mask):
    """The first catalogue slip whose gradient reproduces these numbers (wrong backwards first)."""
    forms = with_numeric_forms(on_log_probs=True)
    for slip, form in sorted(forms, key=lambda sf: sf[1].has_loss):
        expected = form.grads(probe.inputs, probe.beta)
        if all(compare(grads[k], expected[k], tol, mask).ok for k in (0, 1)):
            return slip
    return None


def _compare_check(grads, probe, tol, common, mask=None) -> Check:
    expected = probe.closed_form[1]
    ident = "gradient" + ("-extreme" if probe.name == "extreme" else "")
    results = [(INPUT_NAMES[k], compare(g, expected[k], tol, mask)) for k, g in enumerate(grads)]
    wrong = [(n, c) for n, c in results if not c.ok]
    cmp = wrong[0][1] if wrong else results[0][1]
    fields = dict(common, probe=probe.name, max_abs_error=max(c.max_abs_error for _, c in results),
                  max_rel_error=max(c.max_rel_error for _, c in results), tolerance=str(tol),
                  expected=cmp.expected, actual=cmp.actual)
    if not wrong:
        msg = (f"the gradients at {probe.name} margins match the closed form -/+ beta*sigma(-delta) "
               f"in {len(grads)} inputs ({cmp.compared} pairs)")
        return Check(ident, "implementation", "match", msg, fields=fields)
    name = wrong[0][0]
    cause = _cause(grads, probe, tol, mask)
    head = f"d loss/d {name} at {probe.name} margins differs from the closed form"
    if len(wrong) > 1:
        head += f" (also wrong: {', '.join(n for n, _ in wrong[1:])})"
    fields.update(input=name, likely_cause=cause.sentence() if cause else None, slip=cause.id if cause else None)
    msg = failure_message(head, location(probe, cmp, "per-pair"), cmp.describe(tol), cause)
    return Check(ident, "implementation", "mismatch", msg, fields=fields)


def check_dpo_gradient(grad_fn, beta: float, *, seed: int = 0, pairs: int = 16, dtype=torch.float64,
                       device="cpu", name: str | None = None, time_limit: float | None = None) -> Report:
    """Check a hand-written backward against eq. (2)+(b) at ordinary and extreme margins.

    Returns a Report (command "check-gradient") of implementation checks: output, ordinary
    margins, finite at |beta*margin| up to 1000 ("unstable" if not), extreme margins.
    """
    label = name or getattr(grad_fn, "__qualname__", repr(grad_fn))
    tol = tolerance(dtype, "implementation")
    common = {"target": label, "beta": beta, "dtype": dtype_name(dtype)}
    report = Report("check-gradient", title=f"check-gradient {label} (beta={beta:g})",
                    extra={"target": label, "beta": beta, "seed": seed, "dtype": dtype_name(dtype)})
    for probe in make_probes(beta, seed=seed, pairs=pairs, dtype=dtype, device=device):
        suffix = "-extreme" if probe.name == "extreme" else ""
        try:
            grads = _evaluate(grad_fn, probe, time_limit)
        except UserCodeError as exc:
            report.checks.append(Check(f"gradient-output{suffix}", "implementation", "error",
                                       failure_message(str(exc), None, None, None, _CALL_FIX), fields=dict(common)))
            return report
        finite = torch.stack([torch.isfinite(g) for g in grads]).all(dim=0)
        if probe.name == "extreme":
            if bool(finite.all()):
                report.checks.append(Check("gradient-finite-extreme", "implementation", "match",
                                           f"finite at |beta*margin| up to {float(probe.delta.abs().max()):g}",
                                           fields=dict(common, probe=probe.name)))
            else:
                bad = int(torch.nonzero(~finite).reshape(-1)[0])
                msg = failure_message(
                    "unstable at large margins: a gradient is not finite", probe.pair(bad),
                    f"got {', '.join(f'{float(g[bad]):g}' for g in grads)}",
                    "sigmoid computed by hand as 1/(1 + exp(-x)) or exp(x)/(1 + exp(x)) overflows",
                    fix="use torch.sigmoid(-delta), finite for every delta")
                report.checks.append(Check("gradient-finite-extreme", "implementation", "unstable", msg,
                                           fields=dict(common, probe=probe.name)))
        report.checks.append(_compare_check(grads, probe, tol, common, finite))
    return report


def assert_dpo_gradient(grad_fn, beta: float, **kwargs) -> Report:
    """check_dpo_gradient, raising AssertionError with every failing check's message."""
    return raise_if_failed(check_dpo_gradient(grad_fn, beta, **kwargs))
