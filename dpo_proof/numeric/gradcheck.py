r"""The closed-form gradient against autograd, finite differences, sympy and the ratio form, per loss.

Every method (methods.py) yields a gradient of the same loss on the same problem; each is compared
with the closed form, the chain rule through the catalogue's explicit $\partial\ell/\partial a$,
$\partial\ell/\partial b$ (for DPO, eq. (2): $-\beta\,\mathbb{E}[\sigma(-\delta)(\nabla\log\pi(y_w|x) -
\nabla\log\pi(y_l|x))]$), and reported as a numeric check (docs/architecture.md): loss, policy, method,
dtype, params, max_abs_error, max_rel_error, tolerance, seconds. Entry points for the CLI:
`gradcheck_report`, `verify_checks`.
"""
from __future__ import annotations

import dataclasses
import math
import time
from typing import Callable, Iterable, Optional

import torch

from ..catalogue.losses import LOSSES, loss as catalogue_loss, names as loss_names
from ..limits import torch_threads
from ..report import Check, Report, UsageError
from ..tolerances import dtype_name, relative_error, tolerance
from .diagnosis import advice, format_failure
from .methods import (GRADIENTS, METHODS, autograd_gradient, finite_difference_gradient,  # noqa: F401 (API)
                      finite_difference_step)
from .policies import FAMILIES
from .problems import DEFAULT_SIZES, LOGLINEAR_DIM, Problem, make_problem

# pairs x parameters held by the explicit scores; beyond this a full check would not fit in memory
MAX_SCORE_ELEMENTS = 2 ** 25
# logit evaluations of the finite differences; 2**34 takes about a minute on two cores
MAX_FD_WORK = 2 ** 34
# estimated peak memory of one family's check (see _check_size); float64 entries
MAX_MEMORY_BYTES = 2 ** 32
BYTES_PER_ELEMENT = 8
# below this many pair-parameter entries a problem runs on one torch thread
SMALL_WORK = 2 ** 20
VERIFY_SIZES = {"tabular": (8, 8, 1), "loglinear": (8, 8, 1), "sequence": (4, 8, 3)}
# a step moves the kink's argument by at most beta (|da| + |db|) <= KINK_STEPS * beta * h * seq_len
KINK_STEPS = 40


# methods that are formulas for reading, not for computing at logits of +-1000: where they overflow
# and the closed form does not, the check is skipped (with this reason) in --extreme
UNSTABLE_AT_EXTREMES = {
    "ratio-form": "pi(y|x) underflows to 0 at logits of +-1000, so grad pi / pi is 0/0 in floating point: the "
                  "ratio form is checked in the normal regime; the log form (2) stays exact here.",
    "sympy-lambdified": "sympy's formula, evaluated as printed in numpy, overflows at margins of 1000 (e.g. "
                        "exp(-z) or log(sigma(z))); the closed form is written stably and autograd and finite "
                        "differences check it here; the normal regime checks sympy's formula.",
}


def _timed(fn, *args):
    start = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - start


def away_from_kinks(problem: Problem) -> tuple[Problem, int]:
    """(the problem without the pairs within a step of the loss's kink, how many were dropped).

    Finite differences across a kink (hinge: beta (a - b) = 1) see neither one-sided slope, so such
    pairs leave the finite-difference comparison, on both sides; the others check the closed form."""
    if problem.objective.kink is None:
        return problem, 0
    _, step = finite_difference_step(problem)
    with torch.no_grad():
        kink = problem.objective.kink(*problem.loss_inputs(), problem.hyper)
    near = kink.abs() <= KINK_STEPS * problem.beta * step * problem.policy.seq_len
    if not bool(near.any()):
        return problem, 0
    return dataclasses.replace(problem, pair_mask=(~near).to(problem.dtype)), int(near.sum())


def _check_id(problem: Problem, method: str, prefix: str) -> str:
    name = problem.objective.name
    return f"{prefix}{'' if name == 'sigmoid' else name + '/'}{problem.family}/{method}"


def compare(problem: Problem, methods: Iterable[str] = METHODS,
            closed_form: Optional[Callable[[Problem], torch.Tensor]] = None, prefix: str = "") -> list[Check]:
    """One numeric check per method: that method's gradient against the closed form.

    ``closed_form`` replaces ``Problem.closed_form_gradient`` (tests plant wrong ones with it).
    """
    methods, closed = list(methods), closed_form or Problem.closed_form_gradient
    cf, cf_seconds = _timed(closed, problem)
    values: dict[str, torch.Tensor] = {"closed-form": cf}
    seconds, dropped, against = {}, 0, {}
    for method in methods:
        if method == "finite-difference" and problem.objective.kink is not None:
            masked, dropped = away_from_kinks(problem)
            if dropped:
                against[method] = closed(masked)
                (values[method], seconds[method]) = _timed(GRADIENTS[method], masked)
                continue
        values[method], seconds[method] = _timed(GRADIENTS[method], problem)
    floor = problem.gradient_term_scale()
    errors = {m: relative_error(against.get(m, cf), values[m], floor) for m in methods}
    dtype = dtype_name(problem.dtype)
    checks = []
    for method in methods:
        tol = tolerance(problem.dtype, method, extreme=problem.extreme).rtol
        fields = {"loss": problem.objective.name, "policy": problem.family, "method": method, "dtype": dtype,
                  "params": problem.num_params, "max_abs_error": None, "max_rel_error": None, "tolerance": tol,
                  "seconds": round(seconds[method] + cf_seconds, 6)}
        check_id = _check_id(problem, method, prefix)
        max_abs, max_rel, worst = errors[method]
        reference = against.get(method, cf)
        finite = bool(torch.isfinite(values[method]).all() and torch.isfinite(reference).all())
        if method in UNSTABLE_AT_EXTREMES and not finite and problem.extreme and bool(torch.isfinite(cf).all()):
            checks.append(Check(check_id, "numeric", "skipped", UNSTABLE_AT_EXTREMES[method], fields=fields))
            continue  # errors stay null: nothing compared
        fields.update(max_abs_error=max_abs, max_rel_error=max_rel)
        kink_note = (f"; {dropped} pair(s) within a step of the kink left out of both sides"
                     if method == "finite-difference" and dropped else "")
        if method == "finite-difference":
            fields["scheme"] = finite_difference_step(problem)[0]
        if finite and max_rel <= tol:
            checks.append(Check(check_id, "numeric", "match",
                                f"max rel error {max_rel:.2e} <= {tol:.0e} over {problem.num_params} parameters "
                                f"({dtype}){kink_note}", fields=fields))
            continue
        others_ok = any(errors[m][1] <= tolerance(problem.dtype, m, extreme=problem.extreme).rtol
                        for m in errors if m != method)
        line = advice(problem, reference, values[method], method, others_ok)
        message = format_failure(problem, method, worst, {"closed-form": reference, method: values[method]} | {
            m: v for m, v in values.items() if m not in ("closed-form", method)}, max_abs, max_rel, tol, line)
        checks.append(Check(check_id, "numeric", "mismatch" if finite else "unstable", message, fields=fields))
    return checks


def not_checked(problem: Problem, methods: Iterable[str] = METHODS, prefix: str = "") -> list[Check]:
    """Skipped checks, with the catalogue's reason, where the loss is not finite in this regime."""
    reason = problem.objective.extreme
    return [Check(_check_id(problem, m, prefix), "numeric", "skipped",
                  f"not checked with --extreme: {reason}; the normal regime checks it",
                  fields={"loss": problem.objective.name, "policy": problem.family, "method": m,
                          "dtype": dtype_name(problem.dtype), "params": problem.num_params, "max_abs_error": None,
                          "max_rel_error": None, "tolerance": tolerance(problem.dtype, m, extreme=True).rtol,
                          "seconds": 0.0}) for m in methods]


def _problem_summary(problem: Problem) -> dict:
    with torch.no_grad():
        d = problem.delta()
    return {"vocab": problem.policy.vocab, "pairs": problem.pairs,
            "seq_len": problem.policy.seq_len if problem.family == "sequence" else None, "params": problem.num_params,
            "max_abs_delta": float(d.abs().max()), "max_abs_param": float(problem.params.abs().max())}


def _validate(policy: str, vocab, pairs, seq_len, dtype: str, device: str) -> tuple[list[str], torch.dtype]:
    if policy not in FAMILIES + ("all",):
        raise UsageError(f"--policy must be one of {', '.join(FAMILIES + ('all',))}, not {policy!r}")
    if dtype not in ("float64", "float32"):
        raise UsageError(f"--dtype must be float64 or float32, not {dtype!r}")
    if device not in ("cpu", "cuda"):
        raise UsageError(f"--device must be cpu or cuda, not {device!r}")
    if device == "cuda" and not torch.cuda.is_available():
        raise UsageError(f"--device cuda: CUDA is not available here (torch {torch.__version__}"
                         f"{'' if torch.version.cuda else ', a CPU-only build'}); use --device cpu")
    if vocab is not None and vocab < 2:
        raise UsageError(f"--vocab must be at least 2 (a chosen and a different rejected response), not {vocab}")
    for flag, value in (("--pairs", pairs), ("--seq-len", seq_len)):
        if value is not None and value < 1:
            raise UsageError(f"{flag} must be at least 1, not {value}")
    return (list(FAMILIES) if policy == "all" else [policy]), getattr(torch, dtype)


def chosen_losses(name: str):
    """The catalogue losses `--loss NAME` names ('all': every one); UsageError names the known ones."""
    if name == "all":
        return list(LOSSES)
    try:
        return [catalogue_loss(name)]
    except KeyError:
        raise UsageError(f"--loss must be one of {', '.join(loss_names())} or all, not {name!r}") from None


def few_threads(work: int):
    """One torch thread for small problems: intra-op threads only spin-wait there, and on a
    busy machine that made the default check 10x slower (docs/performance.md)."""
    return torch_threads(1 if work <= SMALL_WORK else None)


def _check_size(family: str, vocab, pairs, seq_len) -> None:
    """Refuse, before allocating anything, a problem whose full-coverage check would not fit or not end.

    Memory (float64): the fixed tensors (log-linear features are pairs x vocab x dim; three copies
    live at once, measured 1.3 GB at 20,000 pairs and vocab 268), the explicit scores and grad-pi
    tensors (four of them) and one batch of finite differences (twice).
    """
    from .finite_diff import CHUNK_ELEMENTS

    d_vocab, d_pairs, d_len = DEFAULT_SIZES[family]
    v, n, t = vocab or d_vocab, pairs or d_pairs, (seq_len or d_len) if family == "sequence" else 1
    params = {"tabular": n * v, "loglinear": LOGLINEAR_DIM, "sequence": t * v * v}[family]
    colours = {"tabular": v, "loglinear": LOGLINEAR_DIM, "sequence": params}[family]
    fd_work = colours * 4 * 2 * n * t * v  # colours x 4 Richardson points x logits of both responses
    fixed = {"tabular": 2 * n * v, "loglinear": n * v * LOGLINEAR_DIM, "sequence": 2 * params}[family]
    chunk = max(1, min(colours, CHUNK_ELEMENTS // (4 * 2 * n * t * v)))
    fd_batch = 4 * chunk * params
    scores = n * v if family == "tabular" else n * params  # tabular keeps one row per pair
    memory = BYTES_PER_ELEMENT * (3 * fixed + 4 * scores + 2 * fd_batch)
    shown = f"--policy {family} with --vocab {v} --pairs {n}" + (f" --seq-len {t}" if family == "sequence" else "")
    if memory > MAX_MEMORY_BYTES:
        raise UsageError(f"{shown} is too large: it would need about {memory / 2**30:.1f} GiB of memory in float64 "
                         f"(limit {MAX_MEMORY_BYTES / 2**30:.0f} GiB), so it was not started: "
                         "lower --vocab, --pairs or --seq-len")
    if n * params > MAX_SCORE_ELEMENTS or fd_work > MAX_FD_WORK:
        raise UsageError(f"{shown} is too large for a full-coverage check ({params:,} parameters, "
                         f"{fd_work:.1e} finite-difference evaluations; limits {MAX_SCORE_ELEMENTS:.1e} pair-parameter "
                         f"entries and {MAX_FD_WORK:.1e} evaluations): lower --vocab, --pairs or --seq-len")


def gradcheck_report(policy="all", vocab=None, pairs=None, seq_len=None, beta=None, seed=0, dtype="float64",
                     extreme=False, device="cpu", progress=None, loss="sigmoid") -> Report:
    """`dpo-proof gradcheck`: every method against the closed form on each chosen family, for each loss.

    ``beta=None`` takes each loss's own default (DPO: 0.1, SimPO: 2)."""
    families, torch_dtype = _validate(policy, vocab, pairs, seq_len, dtype, device)
    if beta is not None and not (isinstance(beta, (int, float)) and 0 < beta < math.inf):
        raise UsageError(f"--beta must be a finite number > 0, not {beta!r}")
    objectives = chosen_losses(loss)
    problems, checks, used = {}, [], {}
    for family in families:
        _check_size(family, vocab, pairs, seq_len)
    for objective in objectives:
        b = objective.params["beta"] if beta is None else beta
        used[objective.name] = objective.with_params(beta=b)
        for family in families:
            problem = make_problem(family, vocab=vocab, pairs=pairs, seq_len=seq_len, beta=b, seed=seed,
                                   dtype=torch_dtype, device=device, extreme=extreme, loss=objective.name)
            problems.setdefault(family, _problem_summary(problem))
            with few_threads(problem.pairs * problem.num_params):
                family_checks = not_checked(problem) if extreme and objective.extreme else compare(problem)
            for check in family_checks:
                checks.append(check)
                if progress is not None:
                    error = check.fields.get("max_rel_error")
                    shown = f"{error:.2e}" if isinstance(error, float) else "n/a"
                    print(f"gradcheck {check.id}: {check.verdict} (max rel error {shown}, "
                          f"{check.fields['seconds']:.3f} s)", file=progress)
    what = "DPO" if loss == "sigmoid" else ("every catalogue loss's" if loss == "all" else objectives[0].title)
    title = (f"Closed-form {what} gradient vs autograd, finite differences, sympy and the ratio form "
             f"({dtype}, {device}{', extreme' if extreme else ''}, seed {seed})")
    extra = {"seed": seed, "dtype": dtype, "device": device, "extreme": extreme,
             "beta": objectives[0].params["beta"] if beta is None and len(objectives) == 1 else beta,
             "problems": problems, "loss": loss, "losses": used}
    return Report("gradcheck", checks, extra=extra, title=title)


def verify_checks(seed: int = 0) -> list[Check]:
    """For `dpo-proof verify`: every method on a small problem of each family, for every catalogue loss."""
    checks = []
    with few_threads(0):
        for objective in LOSSES:
            for family, (vocab, pairs, seq_len) in VERIFY_SIZES.items():
                problem = make_problem(family, vocab=vocab, pairs=pairs, seq_len=seq_len,
                                       beta=objective.params["beta"], seed=seed, loss=objective.name)
                checks.extend(compare(problem, prefix="numeric/"))
    return checks
