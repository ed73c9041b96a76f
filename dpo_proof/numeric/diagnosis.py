r"""Failure messages for numeric checks: name the parameter, show the values, give one line of advice.

The advice is not generic where it can be specific: the wrong closed form is compared against
the common slips of the derivation (each rebuilt here from the problem's explicit scores), and
when one of them reproduces it, the advice names that slip.
"""
from __future__ import annotations

from typing import Callable

import torch

from . import dpo
from .tolerances import relative_error

PARAM_NAMES = {"tabular": "theta", "loglinear": "phi", "sequence": "W"}
LABELS = {"closed-form": "closed form", "autograd": "autograd", "finite-difference": "finite difference",
          "sympy-lambdified": "sympy (lambdified)", "ratio-form": "ratio form"}

GENERIC_ADVICE = ("compare your closed form with eq. (2), -beta * mean(sigma(-delta) * (score_w - score_l)): "
                  "check the weight sigma(-delta), the factor beta and that scores are grad log pi; "
                  "`dpo-proof derive` shows each step.")


def parameter_name(family: str, shape: tuple[int, ...], flat_index: int) -> str:
    """'theta[3, 17]' for flat index 167 of a (64, 50) table."""
    index = []
    for size in reversed(shape):
        index.append(flat_index % size)
        flat_index //= size
    return f"{PARAM_NAMES.get(family, 'params')}[{', '.join(str(i) for i in reversed(index))}]"


def _slips(problem) -> dict[str, Callable[[], torch.Tensor]]:
    """The common slips of the derivation, each as the gradient it would produce."""
    def from_weight(w, scale):
        s_w, s_l = problem.scores()
        w = w.reshape((-1,) + (1,) * (s_w.dim() - 1))
        return scale * (w * (s_w - s_l)).mean(dim=0)

    def grad_pi():
        p = problem.params
        g_w = problem.policy.grad_prob(p, problem.prompts, problem.chosen, problem.chosen_mask)
        g_l = problem.policy.grad_prob(p, problem.prompts, problem.rejected, problem.rejected_mask)
        w = dpo.weight(problem.delta()).reshape((-1,) + (1,) * (g_w.dim() - 1))
        return -problem.beta * (w * (g_w - g_l)).mean(dim=0)

    b = problem.beta
    return {
        "it uses sigma(delta) where sigma(-delta) belongs: the outer derivative of -log sigma(delta) "
        "is -sigma(-delta)": lambda: from_weight(torch.sigmoid(problem.delta()), -b),
        "beta is dropped: (b) gives grad delta = beta (score_w - score_l)": lambda: from_weight(
            dpo.weight(problem.delta()), -1.0),
        "the sign is flipped (or winner and loser swapped): eq. (2) starts with -beta": lambda: from_weight(
            dpo.weight(problem.delta()), b),
        "sigma' is counted twice: d/ddelta -log sigma(delta) = -sigma(-delta), not "
        "-sigma(delta) sigma(-delta)": lambda: from_weight(
            torch.sigmoid(problem.delta()) * dpo.weight(problem.delta()), -b),
        "grad pi is used where grad log pi is meant: divide by pi, i.e. use the score": grad_pi,
    }


def advice(problem, closed_form: torch.Tensor, reference: torch.Tensor, method: str,
           closed_form_ok_elsewhere: bool) -> str:
    """One line that says how to fix the mismatch."""
    if method == "finite-difference" and closed_form_ok_elsewhere:
        return ("closed form and autograd agree but finite differences do not: the loss is not smooth "
                "at these parameters or the step is off; try --dtype float64 or smaller logits.")
    if method == "autograd" and closed_form_ok_elsewhere:
        return ("autograd disagrees with the closed form and finite differences: the loss graph is "
                "detached or modified in place; compute the loss from params with plain torch ops.")
    if method == "ratio-form" and closed_form_ok_elsewhere:
        return ("the ratio form disagrees: check grad pi (not grad log pi) in the numerators and "
                "pi(y|x) in the denominators of the proof's last line.")
    with torch.no_grad():
        for slip, gradient in _slips(problem).items():
            try:
                if relative_error(closed_form, gradient())[1] < 1e-9:
                    return f"your closed form reproduces a known slip: {slip}."
            except Exception:  # a slip that cannot be built for this problem says nothing
                continue
    return GENERIC_ADVICE


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
