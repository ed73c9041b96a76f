"""Failure messages in the manner of torch.autograd.gradcheck, but saying what to do:
what failed, where, expected against actual with both errors and the tolerance, the one cause
of the report (diagnose.Cause) when one is known, and one line of advice that fixes it.
"""
from __future__ import annotations

import torch

from ..catalogue.slips import CORRECT_CODE as GENERIC_FIX
from ..report import Check, Report


def failure_message(head: str, where: str | None, numbers: str | None, cause, fix: str | None = None) -> str:
    """Lines: what failed; where, expected vs actual; the likely cause; always a last line "fix: ..."."""
    lines = [head]
    if where:
        lines.append(f"at {where}" + (f": {numbers}" if numbers else ""))
    if cause is not None and hasattr(cause, "sentence") and callable(cause.sentence):  # a catalogue slip
        lines += [f"likely cause: {cause.sentence()}", f"fix: {cause.code_fix or cause.advice}"]
        return "\n".join(lines)
    if cause is not None and hasattr(cause, "fix"):  # diagnose.Cause
        lines += [f"likely cause: {cause.sentence}", f"fix: {cause.fix}"]
        return "\n".join(lines)
    if isinstance(cause, str):
        lines.append(f"likely cause: {cause}")
    elif where or numbers:
        lines.append("no known bug reproduces these numbers")
    lines.append(f"fix: {fix or GENERIC_FIX}")
    return "\n".join(lines)


#: advice for a function that could not be called or differentiated
CALL_FIX = ("the checker calls the loss with the four log-probs (policy chosen, policy rejected, reference chosen, "
            "reference rejected) as tensors of shape (pairs,) with requires_grad=True, passed to the parameters "
            "whose names say which they are (else in that order), plus beta= if it takes one: call it so yourself "
            "to reproduce")


def location(probe, cmp, reduction: str) -> str:
    """The pair with the worst error, or the whole batch for a scalar loss."""
    if reduction != "per-pair" or cmp.worst is None:
        d = probe.delta
        return (f"the batch of {d.numel()} {probe.name} pairs (beta*margin from {float(d.min()):.4g} "
                f"to {float(d.max()):.4g}), beta={probe.beta:g}")
    return f"{probe.pair(cmp.worst)}, beta={probe.beta:g}"


def instability(probe, value, grads, finite, tol, common, expected=None, cause=None) -> Check:
    r"""'unstable at large margins' when the value or a gradient is inf/nan where the expected loss is finite."""
    fields = dict(common, probe=probe.name, tolerance=str(tol), margins=[float(x) for x in probe.delta])
    if bool(finite.all()):
        msg = (f"finite value and gradient at {probe.delta.numel()} pairs with |beta*margin| up to "
               f"{float(probe.delta.abs().max()):g}")
        return Check("loss-finite-extreme", "implementation", "match", msg, fields=fields)
    bad = int(torch.nonzero(~finite).reshape(-1)[0])
    d = float(probe.delta[bad])
    what = "the loss" if not bool(torch.isfinite(value).all()) else "its gradient"
    shown = float(value.reshape(-1)[bad if value.dim() else 0])
    if expected is None:
        expected = torch.nn.functional.softplus(torch.tensor(-d, dtype=torch.float64))
    lines = [f"unstable at large margins: {what} is not finite at {int((~finite).sum())} of {finite.numel()} extreme pairs",
             f"first at {probe.pair(bad)}, beta={probe.beta:g}: loss value {shown:g}, expected {float(expected):.10g}"]
    if cause is not None:
        side = ("at large negative delta a probability rounds to 0 and its log is -inf" if d < 0 else
                "at large positive delta exp(delta) overflows")
        lines += [f"likely cause: {cause.sentence} ({side})", f"fix: {cause.fix}"]
        fields.update(likely_cause=cause.sentence)
    else:
        lines.append("fix: compute it with stable forms (F.logsigmoid, F.softplus), finite for every margin")
    fields.update(inputs={"pair": bad, "beta_margin": d})
    return Check("loss-finite-extreme", "implementation", "unstable", "\n".join(lines), fields=fields)


def format_failures(report: Report) -> str:
    """The failing checks of a report, for an AssertionError in someone's test suite."""
    failed = [c for c in report.checks if not c.ok]
    parts = [f"{report.title or report.command}: {len(failed)} of {len(report.checks)} checks fail"]
    for c in failed:
        body = c.message.replace("\n", "\n    ")
        parts.append(f"  [{c.id}] {c.verdict}: {body}")
    return "\n".join(parts)


def raise_if_failed(report: Report) -> Report:
    """The assert_* variants: AssertionError with every failing check's message, else the report."""
    if not report.ok:
        raise AssertionError(format_failures(report))
    return report
