r"""The closed-form gradient (2) against autograd, finite differences, sympy and the ratio form.

Every method yields a gradient of the same loss (1) on the same problem; each is compared with
the closed form $-\beta\,\mathbb{E}[\sigma(-\delta)(\nabla\log\pi(y_w|x) - \nabla\log\pi(y_l|x))]$ and
reported as a numeric check (docs/architecture.md): policy, method, dtype, params, max_abs_error,
max_rel_error, tolerance, seconds. Entry points for the CLI: `gradcheck_report`, `verify_checks`.
"""
from __future__ import annotations

import functools
import math
import time
from typing import Callable, Iterable, Optional

import numpy as np
import torch

from ..report import Check, Report, UsageError
from . import dpo
from .diagnosis import advice, format_failure
from ..limits import torch_threads
from ..tolerances import dtype_name, relative_error, tolerance
from .finite_diff import fd_step, richardson_gradient
from .policies import DEFAULT_SIZES, FAMILIES, LOGLINEAR_DIM, Problem, make_problem

METHODS = ("autograd", "finite-difference", "sympy-lambdified", "ratio-form")

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


def autograd_gradient(problem: Problem) -> torch.Tensor:
    """torch.autograd of the loss (1) in the problem's parameters."""
    params = problem.params.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(problem.loss(params), params)
    return grad


def finite_difference_gradient(problem: Problem) -> torch.Tensor:
    """Richardson central differences over every parameter, coloured by independent pairs."""
    with torch.no_grad():
        scale = float(problem.loss_per_pair().abs().max())
    seq_len = getattr(problem.policy, "seq_len", 1)
    work = (1 if hasattr(problem.policy, "log_prob_pair") else 2) * problem.pairs * problem.policy.vocab * seq_len
    return richardson_gradient(problem.loss_per_pair, problem.params, problem.policy.groups(problem.prompts),
                               fd_step(problem.dtype, scale, problem.beta), work)


@functools.lru_cache(maxsize=1)
def _lambdified():
    from ..symbolic.derivation import lambdified_logp_gradient  # sympy is imported only when used

    return lambdified_logp_gradient()


def sympy_lambdified_gradient(problem: Problem) -> torch.Tensor:
    r"""Chain rule through sympy's own $\partial\ell/\partial\log\pi(y_w)$, $\partial\ell/\partial\log\pi(y_l)$:
    $\nabla\ell = \mathbb{E}[f_w\,\nabla\log\pi(y_w) + f_l\,\nabla\log\pi(y_l)]$."""
    f = _lambdified()
    with torch.no_grad():
        arrays = [t.detach().cpu().to(torch.float64).numpy() for t in (*problem.logps(), *problem.ref_logps())]
        f_w, f_l = (torch.as_tensor(np.broadcast_to(np.asarray(g, dtype=np.float64), arrays[0].shape).copy(),
                                    dtype=problem.dtype, device=problem.params.device)
                    for g in f(problem.beta, *arrays))
        s_w, s_l = problem.scores()
        shape = (-1,) + (1,) * (s_w.dim() - 1)
        return (f_w.reshape(shape) * s_w + f_l.reshape(shape) * s_l).mean(dim=0)


def ratio_form_gradient(problem: Problem) -> torch.Tensor:
    """The proof's last line: sigma(-delta)(-beta grad pi_w / pi_w + beta grad pi_l / pi_l), (b)."""
    p, pol = problem.params.detach(), problem.policy
    with torch.no_grad():
        g_w = pol.grad_prob(p, problem.prompts, problem.chosen, problem.chosen_mask)
        g_l = pol.grad_prob(p, problem.prompts, problem.rejected, problem.rejected_mask)
        lp_w, lp_l = problem.logps(p)
        return dpo.ratio_form_gradient(g_w, g_l, lp_w.exp(), lp_l.exp(), problem.delta(p), problem.beta)


GRADIENTS: dict[str, Callable[[Problem], torch.Tensor]] = {
    "autograd": autograd_gradient, "finite-difference": finite_difference_gradient,
    "sympy-lambdified": sympy_lambdified_gradient, "ratio-form": ratio_form_gradient,
}


def _timed(fn, *args):
    start = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - start


def compare(problem: Problem, methods: Iterable[str] = METHODS,
            closed_form: Optional[Callable[[Problem], torch.Tensor]] = None, prefix: str = "") -> list[Check]:
    """One numeric check per method: that method's gradient against the closed form.

    ``closed_form`` replaces ``Problem.closed_form_gradient`` (tests plant wrong ones with it).
    """
    methods = list(methods)
    cf, cf_seconds = _timed(closed_form or Problem.closed_form_gradient, problem)
    values: dict[str, torch.Tensor] = {"closed-form": cf}
    seconds: dict[str, float] = {}
    for method in methods:
        values[method], seconds[method] = _timed(GRADIENTS[method], problem)
    floor = problem.gradient_term_scale()
    errors = {m: relative_error(cf, values[m], floor) for m in methods}
    dtype = dtype_name(problem.dtype)
    checks = []
    for method in methods:
        tol = tolerance(problem.dtype, method, extreme=problem.extreme).rtol
        fields = {"policy": problem.family, "method": method, "dtype": dtype, "params": problem.num_params,
                  "max_abs_error": None, "max_rel_error": None, "tolerance": tol,
                  "seconds": round(seconds[method] + cf_seconds, 6)}
        check_id = f"{prefix}{problem.family}/{method}"
        max_abs, max_rel, worst = errors[method]
        finite = bool(torch.isfinite(values[method]).all() and torch.isfinite(cf).all())
        if method == "ratio-form" and not finite and problem.extreme:  # errors stay null: nothing compared
            checks.append(Check(check_id, "numeric", "skipped",
                                "pi(y|x) underflows to 0 at logits of +-1000, so grad pi / pi is 0/0 in floating "
                                "point: the ratio form is checked in the normal regime; the log form (2) stays exact "
                                "here.", fields=fields))
            continue
        fields.update(max_abs_error=max_abs, max_rel_error=max_rel)
        if finite and max_rel <= tol:
            checks.append(Check(check_id, "numeric", "match",
                                f"max rel error {max_rel:.2e} <= {tol:.0e} over {problem.num_params} parameters "
                                f"({dtype})", fields=fields))
            continue
        others_ok = any(errors[m][1] <= tolerance(problem.dtype, m, extreme=problem.extreme).rtol
                        for m in errors if m != method)
        line = advice(problem, cf, values[method], method, others_ok)
        message = format_failure(problem, method, worst, values, max_abs, max_rel, tol, line)
        checks.append(Check(check_id, "numeric", "mismatch" if finite else "unstable", message, fields=fields))
    return checks


def _problem_summary(problem: Problem) -> dict:
    with torch.no_grad():
        d = problem.delta()
    return {"vocab": problem.policy.vocab, "pairs": problem.pairs,
            "seq_len": getattr(problem.policy, "seq_len", None), "params": problem.num_params,
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


def gradcheck_report(policy="all", vocab=None, pairs=None, seq_len=None, beta=0.1, seed=0, dtype="float64",
                     extreme=False, device="cpu", progress=None) -> Report:
    """`dpo-proof gradcheck`: every method against the closed form on each chosen policy family."""
    families, torch_dtype = _validate(policy, vocab, pairs, seq_len, dtype, device)
    if not (isinstance(beta, (int, float)) and 0 < beta < math.inf):
        raise UsageError(f"--beta must be a finite number > 0, not {beta!r}")
    problems, checks = {}, []
    for family in families:
        _check_size(family, vocab, pairs, seq_len)
        problem = make_problem(family, vocab=vocab, pairs=pairs, seq_len=seq_len, beta=beta, seed=seed,
                               dtype=torch_dtype, device=device, extreme=extreme)
        problems[family] = _problem_summary(problem)
        with few_threads(problem.pairs * problem.num_params):
            family_checks = compare(problem)
        for check in family_checks:
            checks.append(check)
            if progress is not None:
                error = check.fields.get("max_rel_error")
                shown = f"{error:.2e}" if isinstance(error, float) else "n/a"
                print(f"gradcheck {check.id}: {check.verdict} (max rel error {shown}, "
                      f"{check.fields['seconds']:.3f} s)", file=progress)
    title = (f"Closed-form DPO gradient vs autograd, finite differences, sympy and the ratio form "
             f"({dtype}, {device}{', extreme' if extreme else ''}, seed {seed})")
    extra = {"seed": seed, "dtype": dtype, "device": device, "extreme": extreme, "beta": beta,
             "problems": problems}
    return Report("gradcheck", checks, extra=extra, title=title)


def verify_checks(seed: int = 0) -> list[Check]:
    """For `dpo-proof verify`: every method on a small problem of each family (well under a second)."""
    checks = []
    for family, (vocab, pairs, seq_len) in VERIFY_SIZES.items():
        problem = make_problem(family, vocab=vocab, pairs=pairs, seq_len=seq_len, beta=0.1, seed=seed)
        with few_threads(0):
            checks.extend(compare(problem, prefix="numeric/"))
    return checks
