r"""Is this the loss it should be? `check_dpo_loss` compares a user's loss with a catalogue loss
(DPO by default: eq. (1), $\ell = -\log\sigma(\delta)$, and the closed-form gradient of eq. (2)
with (b): $\partial\ell/\partial\log\pi(y_w) = -\beta\sigma(-\delta)$, $\partial\ell/\partial\log\pi(y_l)
= +\beta\sigma(-\delta)$, reference terms with opposite signs), at ordinary margins and at
$|\beta m|$ up to 1000, where a non-finite output is a failure of its own ("unstable at large
margins"). When it differs, the report gives one cause (diagnose.py): a known slip, the
catalogue loss it is, or why no per-pair loss fits.

Targets: a function, a bound method, a loss class (`init=`), an `nn.Module`, a method with a
stand-in self (`self_attrs=`), or a target string 'file.py:Class.method' (see target.py).
"""
from __future__ import annotations

import inspect
import sys

import torch

from ..catalogue.losses import loss as catalogue_loss
from ..report import Check, Report, UsageError
from ..tolerances import dtype_name, rounding_tolerance
from .call import LossCall
from .compare import match
from .diagnose import diagnose, no_cause_fix, unstable_cause
from .expect import Hypothesis, show_params
from .invoke import UserCodeError
from .messages import CALL_FIX, failure_message, instability, location, raise_if_failed
from .observe import observe
from .probes import INPUT_NAMES, extreme_deltas, make_probes
from .target import Target, resolve_target
from .values import is_truthy_flag

_HOW = {"per-pair": "per pair", "mean": "the mean over pairs", "sum": "the sum over pairs"}


def as_target(fn, from_source: bool = False, self_attrs=None) -> Target:
    """A Target for a target string, a class, a function (a method when `self_attrs` are given)."""
    if isinstance(fn, Target):
        return fn
    if isinstance(fn, str):
        return resolve_target(fn, from_source)
    label = getattr(fn, "__qualname__", None) or type(fn).__qualname__
    if inspect.isclass(fn):
        return Target(fn, label, "class")
    if self_attrs is not None and inspect.isfunction(fn) and "." in fn.__qualname__:
        owner = sys.modules.get(fn.__module__)
        for part in fn.__qualname__.split(".")[:-1]:
            owner = getattr(owner, part, None)
        if inspect.isclass(owner):
            return Target(fn, label, "method", owner)
    if not callable(fn):
        raise TypeError(f"expected a loss function, class or target string, got {type(fn).__name__}")
    if not inspect.isroutine(fn) and hasattr(fn, "forward"):  # an nn.Module instance: its forward's signature
        return Target(fn, label, "module")
    return Target(fn, label, "function")


def target_hypothesis(loss, params, beta, reference_free=False) -> Hypothesis:
    """The catalogue loss to check against, with its hyper-parameters (beta from `beta` unless given)."""
    try:
        chosen = loss if hasattr(loss, "torch_loss") else catalogue_loss(loss or "sigmoid")
        given = dict(params or {})
        if beta is not None and "beta" in chosen.params:
            if "beta" in given and float(given["beta"]) != float(beta):
                raise ValueError(f"beta is given twice: {beta:g} and beta={given['beta']:g}")
            given["beta"] = beta
        p = {k: float(v) for k, v in chosen.with_params(**given).items()}
    except KeyError as exc:
        raise UsageError(str(exc.args[0])) from None
    except (TypeError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    if "beta" in p and not 0 < p["beta"] < float("inf"):
        raise ValueError(f"beta must be a finite number > 0, got {p['beta']!r}")
    return Hypothesis(chosen, p, reference_free=reference_free and chosen.inputs == "log-ratios")


def _target_text(target: Hypothesis) -> str:
    return "-log sigma(delta)" if target.is_dpo else target.describe()


def _explain(target: Target):
    """For --from-source: which package a name the loss needed (and did not get) comes from."""
    if target.source is None:
        return None

    def explain(exc):
        name = getattr(exc, "name", None) if isinstance(exc, NameError) else None
        reason = target.source.skipped.get(name or "")
        return f"; --from-source left {name} out ({reason})" if reason else ""
    return explain


def check_dpo_loss(fn, beta: float | None = None, *, loss=None, params: dict | None = None,
                   reduction: str | None = None, reference_free: bool = False, seed: int = 0, pairs: int = 16,
                   dtype=torch.float64, device="cpu", name: str | None = None, time_limit: float | None = None,
                   kw: dict | None = None, self_attrs: dict | None = None, init: dict | None = None,
                   tokens: int | None = None, average_tokens: bool = False, from_source: bool = False,
                   identify: bool = True,
                   isolate: bool = False, memory_limit: float | None = None) -> Report:
    """Check a loss against a catalogue loss (DPO unless `loss=` names another) and its gradient.

    `fn` may return per-pair losses, their mean or sum, or a tuple whose first element is one of
    these. Returns a Report (command "check-loss") of implementation checks; never raises for
    the function's own errors. `time_limit` (seconds per call, POSIX main thread) guards a hang;
    `isolate=True` runs it all in a child process with a hard time and memory limit
    (isolation.py; `fn` must then be a target string or a module-level function or class).
    """
    if isolate:
        from .isolation import check_isolated
        return check_isolated(fn, dict(beta=beta, loss=loss, params=params, reduction=reduction,
                              reference_free=reference_free, seed=seed, pairs=pairs, dtype=dtype_name(dtype),
                              name=name, kw=kw, self_attrs=self_attrs, init=init, tokens=tokens,
                              average_tokens=average_tokens,
                              from_source=from_source, identify=identify), time_limit, memory_limit)
    if pairs < 4:
        raise ValueError("pairs must be at least 4 (to tell per-pair, mean and sum apart)")
    if reduction not in (None, "per-pair", "mean", "sum"):
        raise ValueError(f"reduction must be per-pair, mean or sum (or None to recognise it), got {reduction!r}")
    target = target_hypothesis(loss, params, beta, reference_free)
    beta = target.params.get("beta", beta or 1.0)
    found = as_target(fn, from_source, self_attrs)
    call = LossCall(found, kw, self_attrs, init, beta)
    label = name or found.label
    tol = rounding_tolerance(dtype)
    ordinary, extreme = make_probes(beta, seed=seed, pairs=pairs, dtype=dtype, device=device, tokens=tokens)
    common = {"target": label, "beta": beta, "dtype": dtype_name(dtype)}
    report = Report("check-loss", title=f"check-loss {label} ({target.describe() if not target.is_dpo else f'beta={beta:g}'})",
                    extra={"target": label, "beta": beta, "seed": seed, "dtype": dtype_name(dtype),
                           "loss": target.loss.name, "params": dict(target.params), "called_as": call.describe(),
                           "identified": None, "notes": []})
    if found.source is not None:
        report.extra["loaded"] = "from source"
        report.extra["notes"].append(_source_note(found))
    explain = _explain(found)
    run = (lambda probe: observe(call, probe, time_limit, explain))  # noqa: E731
    try:
        obs = run(ordinary)
    except UserCodeError as exc:
        report.checks.append(Check("loss-output", "implementation", "error",
                                   failure_message(str(exc), None, None, None, CALL_FIX), fields=dict(common)))
        return report
    if tokens is None and average_tokens:
        raise ValueError("average_tokens needs token-level probes (tokens=T)")
    readings = [obs] + ([obs.averaged()] if tokens else [])
    if average_tokens:
        readings.reverse()
        obs = readings[0]
    first = match(obs, target, tol, reductions=(reduction,) if reduction else None)
    try:
        ext = run(extreme)
        ext_readings = [ext] + ([ext.averaged()] if tokens else [])
        if average_tokens:
            ext_readings.reverse()
            ext = ext_readings[0]
    except UserCodeError as exc:
        ext, ext_readings = exc, []
    by_design = not call.takes_reference or call.setting("reference_free") is True or \
        any(is_truthy_flag(v or {}, "reference_free") for v in (self_attrs, init))
    cause = None if first.ok else diagnose(readings, ext_readings, target, first, tol, _quiet(run), identify, by_design)
    report.extra["reduction"] = first.reduction
    report.extra["identified"] = target.as_json() if first.ok else cause.identified.as_json() \
        if cause is not None and cause.identified is not None else None
    if cause is not None and cause.identified is not None and cause.aggregation == "mean":
        report.extra["identified"]["aggregation"] = "mean"
    common["reduction"] = first.reduction
    shape = f"per-pair losses of shape ({pairs},)" if obs.shape == "per-pair" else f"a scalar, {_HOW[first.reduction]}"
    report.checks.append(Check("loss-output", "implementation", "match",
                               f"{label} returns {shape}; called as {call.describe()}",
                               fields=dict(common)))
    report.checks.append(_value_check(obs, first, target, cause, common))
    report.checks.append(_gradient_check(obs, first, target, cause, common))
    if isinstance(ext, UserCodeError):
        report.checks.append(Check("loss-finite-extreme", "implementation", "error",
                                   failure_message(f"at extreme margins {ext}", None, None, None, CALL_FIX),
                                   fields=dict(common)))
    else:
        report.extend(_extreme_checks(ext, target, first, cause, tol, common, report))
    if first.precision:
        report.extra["notes"].append(f"agrees to {first.agreement():.0e}: consistent with {first.precision} arithmetic")
    if dtype_name(dtype) in ("float16", "bfloat16"):
        report.extra["notes"].append(f"compared within {dtype_name(dtype)} rounding ({tol})")
    return report


def _quiet(run):
    """`run`, returning None instead of raising (for the extra calls of a diagnosis)."""
    def again(probe):
        try:
            return run(probe)
        except UserCodeError:
            return None
    return again


def _source_note(found: Target) -> str:
    src = found.source
    left_out = sorted({v.split(",")[0] for v in src.skipped.values() if "not installed" in v})
    note = f"loaded from source: lines {src.lines[0]}-{src.lines[1]} of {src.path}, without the module's other imports"
    if left_out:
        note += f" (left out, not installed: {', '.join(x.replace('from ', '') for x in left_out)})"
    if src.dropped:
        note += f"; dropped: {'; '.join(src.dropped[:4])}" + (" ..." if len(src.dropped) > 4 else "")
    return note


def _fix(cause, target):
    return None if cause is not None else no_cause_fix(target)


def _value_check(obs, m, target, cause, common, suffix="") -> Check:
    what = f"the loss value ({m.reduction}) at {obs.probe.name} margins"
    cmp = m.value
    fields = _fields(common, cmp, m, obs.probe, cause if not cmp.ok else None, per_pair=m.reduction == "per-pair")
    if cmp.ok:
        note = f"; agrees to {m.agreement():.0e}: consistent with float32 arithmetic" if m.precision else ""
        msg = (f"{what} matches {_target_text(target)}, {_HOW[m.reduction]} ({cmp.compared} compared; "
               f"max abs err {cmp.max_abs_error:.2g}){note}")
        return Check("loss-value" + suffix, "implementation", "match", msg, fields=fields)
    msg = failure_message(f"{what} differs from {_target_text(target)}", location(obs.probe, cmp, m.reduction),
                          cmp.describe(m.tol), cause, _fix(cause, target))
    return Check("loss-value" + suffix, "implementation", "mismatch", msg, fields=fields)


def _gradient_check(obs, m, target, cause, common, suffix="") -> Check:
    what = f"the autograd gradient at {obs.probe.name} margins"
    missing = [n for n in m.unconnected if n in INPUT_NAMES[:2]]
    notes = "".join(f"; {n}" for n in m.notes)
    worst = m.worst_grad()
    if m.grads_ok:
        closed = "the closed form -/+ beta*sigma(-delta)" if target.is_dpo else f"the gradient of {target.describe()}"
        note = f"; agrees to {m.agreement():.0e}: consistent with float32 arithmetic" if m.precision else ""
        msg = f"{what} matches {closed} in {len(m.grads)} inputs{notes}{note}"
        return Check("loss-gradient" + suffix, "implementation", "match", msg,
                     fields=_fields(common, worst[1], m, obs.probe) if worst else dict(common))
    failures = missing + [n for n, c in m.grads if not c.ok]
    name = failures[0]
    head = f"{what} differs from the closed form in d loss/d {name}"
    if len(failures) > 1:
        head += f" (also wrong: {', '.join(failures[1:])})"
    if name in missing:
        msg = failure_message(f"{head}: {name} does not reach the loss through autograd", None, None,
                              cause, _fix(cause, target))
        return Check("loss-gradient" + suffix, "implementation", "mismatch", msg, fields={**common, "input": name,
                     **(cause.fields() if cause else {"likely_cause": None})})
    cmp = dict(m.grads)[name]
    msg = failure_message(head, location(obs.probe, cmp, "per-pair"), cmp.describe(m.tol), cause, _fix(cause, target))
    return Check("loss-gradient" + suffix, "implementation", "mismatch", msg,
                 fields=_fields(common, cmp, m, obs.probe, cause, input=name))


def _fields(common, cmp, m, probe, cause=None, per_pair=True, **more):
    """JSON fields of a check; `inputs` names the worst pair where the comparison was per pair."""
    out = dict(common, probe=probe.name, max_abs_error=cmp.max_abs_error, max_rel_error=cmp.max_rel_error,
               tolerance=str(m.tol), expected=cmp.expected, actual=cmp.actual, **more)
    if per_pair and cmp.worst is not None and cmp.worst < probe.pairs:
        out["inputs"] = {n: float(x[cmp.worst]) for n, x in zip(INPUT_NAMES, probe.inputs)}
    out["likely_cause"] = None
    if cause is not None:
        out.update(cause.fields())
    if m.precision:
        out["precision"] = m.precision
    return out


def _extreme_checks(ext, target, first, cause, tol, common, report) -> list[Check]:
    """Finite at |beta*margin| up to 1000 (or the dtype's range), then value and gradient compared there."""
    probe = ext.probe
    value, grads = target.values(ext.inputs)
    expected_finite = torch.isfinite(value)  # and its gradient: e^{alpha |a|} rewards overflow there first
    for g in grads:
        expected_finite = expected_finite & torch.isfinite(g)
    finite = torch.isfinite(ext.value) if ext.shape == "per-pair" else torch.isfinite(ext.value).expand(value.shape)
    if ext.shape != "per-pair" and not bool(expected_finite.all()):  # a sum over an infinite pair may be inf
        finite = torch.ones_like(expected_finite)
    for g in ext.grads:
        if g is not None:
            finite = finite & torch.isfinite(g)
    finite = finite | ~expected_finite
    cap = float(extreme_deltas(probe.beta, getattr(torch, common["dtype"])).abs().max())
    if cap < 1000:
        report.extra["notes"].append(f"extreme margins capped at |beta*margin| = {cap:.3g}: "
                                     f"larger log-probs do not fit in {common['dtype']}")
    if not bool(expected_finite.all()):
        report.extra["notes"].append(f"{int((~expected_finite).sum())} extreme pairs not compared: "
                                     f"{target.describe()} itself is not finite there")
    primary = cause if not first.ok else unstable_cause(target)
    checks = [instability(probe, ext.value, ext.grads, finite, tol, common,
                          expected=value[int(torch.nonzero(~finite).reshape(-1)[0])] if not bool(finite.all()) else None,
                          cause=unstable_cause(target) if first.ok else None)]
    if ext.shape == "scalar" and not bool(torch.isfinite(ext.value)):
        return checks  # nothing left to compare: the scalar itself is inf or nan
    m = match(ext, target, first.tol if first.ok else tol, reductions=(first.reduction,), finite_only=True,
              scales=first.scales)
    checks.append(_value_check(ext, m, target, primary, common, "-extreme"))
    checks.append(_gradient_check(ext, m, target, primary, common, "-extreme"))
    return checks


def assert_dpo_loss(fn, beta: float | None = None, **kwargs) -> Report:
    """check_dpo_loss, raising AssertionError with every failing check's message; returns the report."""
    return raise_if_failed(check_dpo_loss(fn, beta, **kwargs))


__all__ = ["check_dpo_loss", "assert_dpo_loss", "as_target", "target_hypothesis", "show_params"]
