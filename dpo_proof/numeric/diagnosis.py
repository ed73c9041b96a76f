r"""Failure messages for numeric checks: name the parameter, show the values, give one line of advice.

The advice is not generic where it can be specific: the wrong closed form is compared against
the common slips of the derivation (each rebuilt here from the problem's explicit scores), and
when one of them reproduces it, the advice names that slip.
"""
from __future__ import annotations

import torch

from ..catalogue.slips import with_numeric_forms
from ..tolerances import relative_error

PARAM_NAMES = {"tabular": "theta", "loglinear": "phi", "sequence": "W"}
LABELS = {"closed-form": "closed form", "autograd": "autograd", "finite-difference": "finite difference",
          "sympy-lambdified": "sympy (lambdified)", "ratio-form": "ratio form"}

GENERIC_ADVICE = ("compare your closed form with eq. (2), -beta * mean(sigma(-delta) * (score_w - score_l)): "
                  "check the weight sigma(-delta), the factor beta and that scores are grad log pi; "
                  "`dpo-proof derive` shows each step.")


LOSS_ADVICE = ("compare your closed form with the chain rule E[dl/da grad a + dl/db grad b]: check the sign and "
               "every factor of dl/da and dl/db, that a goes with y_w and b with y_l, and the 1/|y| of "
               "length-normalised losses; `dpo-proof derive --loss {name}` shows each step.")


def parameter_name(family: str, shape: tuple[int, ...], flat_index: int) -> str:
    """'theta[3, 17]' for flat index 167 of a (64, 50) table."""
    index = []
    for size in reversed(shape):
        index.append(flat_index % size)
        flat_index //= size
    return f"{PARAM_NAMES.get(family, 'params')}[{', '.join(str(i) for i in reversed(index))}]"


def slip_gradient(problem, form) -> torch.Tensor:
    r"""The gradient a catalogue form of the loss gives on `problem`: (2) with its own factors,
    $\mathbb{E}[\partial\ell/\partial\log\pi(y_w)\,s_w + \partial\ell/\partial\log\pi(y_l)\,s_l]$, where
    $s = \nabla\log\pi$ (or $\nabla\pi$ for the form that uses it). Explicit formulas only."""
    p = problem.params.detach()
    inputs = (*problem.logps(p), *problem.ref_logps())
    f_w, f_l = form.pair_factors(inputs, problem.beta)[:2]
    if form.score == "prob":
        s_w = problem.policy.grad_prob(p, problem.prompts, problem.chosen, problem.chosen_mask)
        s_l = problem.policy.grad_prob(p, problem.prompts, problem.rejected, problem.rejected_mask)
    else:
        s_w, s_l = problem.scores(p)
    shape = (-1,) + (1,) * (s_w.dim() - 1)
    return (f_w.to(s_w.dtype).reshape(shape) * s_w + f_l.to(s_w.dtype).reshape(shape) * s_l).mean(dim=0)


def advice(problem, closed_form: torch.Tensor, reference: torch.Tensor, method: str,
           closed_form_ok_elsewhere: bool) -> str:
    """One line that says how to fix the mismatch."""
    if method == "finite-difference" and closed_form_ok_elsewhere:
        return "closed form and autograd agree but finite differences do not: " + _fd_advice(problem)
    if method == "autograd" and closed_form_ok_elsewhere:
        return ("autograd disagrees with the closed form and finite differences: the loss graph is "
                "detached or modified in place; compute the loss from params with plain torch ops.")
    if method == "ratio-form" and closed_form_ok_elsewhere:
        return ("the ratio form disagrees: check grad pi (not grad log pi) in the numerators and "
                "pi(y|x) in the denominators of the proof's last line.")
    name = problem.objective.name
    if name != "sigmoid":  # the catalogue's slips are slips of DPO's derivation
        return LOSS_ADVICE.format(name=name)
    with torch.no_grad():
        for slip, form in with_numeric_forms():
            if relative_error(closed_form, slip_gradient(problem, form))[1] < 1e-9:
                return f"your closed form reproduces a known slip, {slip.sentence()}; {slip.advice}."
    return GENERIC_ADVICE


def _fd_advice(problem) -> str:
    """Why a difference quotient can miss where exact methods agree, for this run's dtype, beta and logits."""
    reasons = []
    if problem.dtype != torch.float64:
        reasons.append(f"{str(problem.dtype).replace('torch.', '')} keeps too few digits for a difference "
                       "quotient; try --dtype float64")
    if getattr(problem, "extreme", False):
        reasons.append("logits near +-1000 leave few digits to a difference quotient; "
                       "without --extreme the same check has far more")
    if problem.beta > 1:
        reasons.append(f"at beta {problem.beta:g} the loss bends on a parameter scale of 1/beta, finer than "
                       "the finite-difference step resolves to 1e-8; a smaller --beta or another --seed "
                       "shows the closed form holds")
    if not reasons:
        reasons.append("the loss is not smooth at these parameters, or the step does not suit them; "
                       "try another --seed")
    return "; ".join(reasons) + "."


def format_failure(problem, method: str, worst: int, values: dict[str, torch.Tensor], max_abs: float,
                   max_rel: float, tol: float, advice_line: str) -> str:
    """The message of a failing numeric check, torch-gradcheck style but with a name and advice."""
    name = parameter_name(problem.family, tuple(problem.params.shape), worst)
    lines = [f"closed form and {LABELS[method]} disagree at {name}: max rel error {max_rel:.3e} > "
             f"tolerance {tol:.0e} over {problem.num_params} parameters"]
    for key, tensor in values.items():
        lines.append(f"  {LABELS[key] + ':':<22}{float(tensor.flatten()[worst]):+.15e}")
    lines.append(f"  abs error {max_abs:.3e}, rel error {max_rel:.3e} (relative to the largest |gradient| "
                 f"entry), tolerance {tol:.0e} ({str(problem.dtype).replace('torch.', '')})")
    lines.append(f"advice: {advice_line}")
    return "\n".join(lines)
