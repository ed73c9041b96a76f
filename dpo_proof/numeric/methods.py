r"""Four other ways to the gradient of a problem's loss, each compared with the closed form.

- ``autograd``: torch.autograd of the loss, evaluated through the catalogue's *own* torch form of the
  loss (``Loss.torch_loss``), an implementation independent of the explicit gradient;
- ``finite-difference``: central differences of the per-pair losses, coloured (finite_diff.py);
  plain in float64, Richardson-extrapolated in float32 and --extreme (`finite_diff.scheme`);
- ``sympy-lambdified``: the chain rule through sympy's own $\partial\ell/\partial a$, $\partial\ell/\partial b$
  (``sympy.diff`` of ``Loss.sympy_loss``), evaluated with numpy; for DPO, the derivation's gradient
  in the four log-probs;
- ``ratio-form``: the handwritten proof's last line, (b) kept as $\nabla\pi/\pi$ from the explicit $\nabla\pi$.
"""
from __future__ import annotations

import functools
from typing import Callable

import numpy as np
import torch

from .finite_diff import central_step, fd_step, richardson_gradient, scheme
from .problems import Problem

METHODS = ("autograd", "finite-difference", "sympy-lambdified", "ratio-form")


def autograd_gradient(problem: Problem) -> torch.Tensor:
    """torch.autograd of the mean per-pair loss in the problem's parameters."""
    params = problem.params.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(problem.loss(params), params)
    return grad


def finite_difference_step(problem: Problem) -> tuple[str, float]:
    """(scheme, step) the finite differences of this problem use (docs/performance.md).

    Central differences: the step grows with the loss per unit of slope, max|l_i| / max(|dl/da| +
    |dl/db|), since their rounding error eps |l| / h is what matters next to the slope (small beta: a
    small slope on a loss of order 1). Richardson: with the smaller of max|l_i| (as tuned for DPO) and
    that ratio (the squares of IPO and SPPO at margins of 10^4: |m|, not m^2), at most x2 in float64.
    Both shrink where the loss bends fast, by max(beta, max|l''| / max|l'|) in (a, b) (DiscoPOP
    bends on a margin scale of tau/beta), the curvature read off differences of the explicit gradient:
    cheap, per pair, no loss evaluations."""
    objective, hyper = problem.objective, problem.hyper
    how = scheme(problem.dtype, problem.extreme)
    with torch.no_grad():
        a, b = problem.loss_inputs()
        d_a, d_b = objective.torch_grad(a, b, hyper)
        slope = float((d_a.abs() + d_b.abs()).max())
        loss = float(problem.loss_per_pair().abs().max())
        per_slope = loss / max(slope, 1e-300)
        scale = per_slope if how == "central" else min(loss, per_slope)
        bend = problem.beta
        if objective.smooth and slope > 0:
            eta = 2.0 ** -20
            curvature = ((objective.torch_grad(a + eta, b, hyper)[0] - d_a).abs()
                         + (objective.torch_grad(a, b + eta, hyper)[1] - d_b).abs()).max() / eta
            bend = max(bend, float(curvature) / slope)
    step = central_step if how == "central" else fd_step
    return how, step(problem.dtype, scale, bend)


def finite_difference_gradient(problem: Problem) -> torch.Tensor:
    """Central differences over every parameter, coloured by independent pairs."""
    how, step = finite_difference_step(problem)
    return richardson_gradient(problem.loss_per_pair, problem.params, problem.policy.groups(problem.prompts),
                               step, problem.policy.work(problem.pairs), richardson=how == "richardson")


@functools.lru_cache(maxsize=None)
def _lambdified(name: str) -> Callable:
    """f(a, b, params) -> (d/da, d/db) by sympy.diff of the catalogue's sympy form (sympy loads here)."""
    from ..symbolic.family import lambdified_gradient

    return lambdified_gradient(name)


@functools.lru_cache(maxsize=1)
def _lambdified_dpo() -> Callable:
    from ..symbolic.derivation import lambdified_logp_gradient

    return lambdified_logp_gradient()


def _numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().to(torch.float64).numpy()


def sympy_lambdified_gradient(problem: Problem) -> torch.Tensor:
    r"""$\nabla\ell = \mathbb{E}[f_w\,\nabla\log\pi(y_w) + f_l\,\nabla\log\pi(y_l)]$ with sympy's own factors."""
    with torch.no_grad(), np.errstate(all="ignore"):  # overflow shows as a non-finite result, reported
        if problem.objective.name == "sigmoid":
            arrays = [_numpy(t) for t in (*problem.logps(), *problem.ref_logps())]
            factors = _lambdified_dpo()(problem.beta, *arrays)
        else:
            a, b = problem.loss_inputs()
            factors = _lambdified(problem.objective.name)(_numpy(a), _numpy(b), problem.hyper)
        shape = tuple(problem.prompts.shape)
        f_w, f_l = (torch.as_tensor(np.broadcast_to(np.asarray(f, dtype=np.float64), shape).copy(),
                                    dtype=problem.dtype, device=problem.params.device) for f in factors)
        if problem.objective.length_normalised:
            len_w, len_l = problem.lengths()
            f_w, f_l = f_w / len_w, f_l / len_l
        if problem.pair_mask is not None:
            f_w, f_l = f_w * problem.pair_mask, f_l * problem.pair_mask
        s_w, s_l = problem.scores()
        shape = (-1,) + (1,) * (s_w.dim() - 1)
        return (f_w.reshape(shape) * s_w + f_l.reshape(shape) * s_l).mean(dim=0)


def ratio_form_gradient(problem: Problem) -> torch.Tensor:
    r"""$\mathbb{E}[f_w\,\nabla\pi(y_w|x)/\pi(y_w|x) + f_l\,\nabla\pi(y_l|x)/\pi(y_l|x)]$: (b) left as ratios;
    for DPO, $\sigma(-\delta)(-\beta\nabla\pi_w/\pi_w + \beta\nabla\pi_l/\pi_l)$."""
    p, pol = problem.params.detach(), problem.policy
    with torch.no_grad():
        g_w = pol.grad_prob(p, problem.prompts, problem.chosen, problem.chosen_mask)
        g_l = pol.grad_prob(p, problem.prompts, problem.rejected, problem.rejected_mask)
        lp_w, lp_l = problem.logps(p)
        f_w, f_l = problem.pair_factors(p)
        shape = (-1,) + (1,) * (g_w.dim() - 1)
        ratio_w, ratio_l = g_w / lp_w.exp().reshape(shape), g_l / lp_l.exp().reshape(shape)
        return (f_w.reshape(shape) * ratio_w + f_l.reshape(shape) * ratio_l).mean(dim=0)


GRADIENTS: dict[str, Callable[[Problem], torch.Tensor]] = {
    "autograd": autograd_gradient, "finite-difference": finite_difference_gradient,
    "sympy-lambdified": sympy_lambdified_gradient, "ratio-form": ratio_form_gradient,
}
