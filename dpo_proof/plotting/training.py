r"""Gradient descent on toy DPO problems, for the figures: the closed-form gradient (2) only.

Two runs feed the figures:

- `simplex_problem` / `simplex_trajectory`: one prompt, three responses (y_w, y_l, y_3), a
  tabular policy and a uniform reference (figure 3).
- `dynamics_problem` / `train`: a sequence (bigram) policy whose parameters are shared by many
  pairs, started at the reference as DPO is (figures 4 and 5).

Every number comes from `numeric.problems` (log-probs, scores) and `numeric.dpo` (delta,
weight, closed-form gradient); nothing here re-derives them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ..limits import torch_threads
from ..numeric import dpo
from ..numeric.policies import TabularPolicy
from ..numeric.problems import Problem, make_problem

# Figure 3: y_w = 0, y_l = 1, y_3 = 2; beta = 1 and a uniform reference make
# sigma(-delta) = pi(y_l) / (pi(y_w) + pi(y_l)), easy to read off the simplex.
SIMPLEX_BETA = 1.0
SIMPLEX_LR = 0.25
SIMPLEX_STEPS = 60
SIMPLEX_STARTS = ((0.08, 0.84, 0.08), (0.10, 0.55, 0.35), (0.05, 0.25, 0.70), (0.30, 0.45, 0.25),
                  (0.35, 0.08, 0.57))

# Figures 4 and 5: a bigram policy shares its rows among pairs, so pushing y_l down also pushes
# y_w down; with these settings the chosen log-prob first rises, then falls below its start
# while the margin keeps growing. Found by scanning seeds; pinned, so the figure never changes.
DYNAMICS = dict(family="sequence", vocab=8, pairs=128, seq_len=4, beta=0.5, seed=0)
DYNAMICS_LR = 4.0
DYNAMICS_STEPS = 600


def simplex_problem(probs=(1 / 3, 1 / 3, 1 / 3)) -> Problem:
    """One prompt, three responses, y_w = 0 and y_l = 1; policy logits log(probs), uniform reference."""
    theta = torch.log(torch.as_tensor(np.asarray(probs, dtype=np.float64)[None, :]))
    return Problem("tabular", TabularPolicy(1, 3), theta, torch.zeros(1, 3, dtype=torch.float64),
                   prompts=torch.tensor([0]), chosen=torch.tensor([0]), rejected=torch.tensor([1]),
                   chosen_mask=None, rejected_mask=None, beta=SIMPLEX_BETA)


def response_probs(problem: Problem, params=None) -> np.ndarray:
    """pi(y|x) for y = y_w, y_l, y_3 at params, from the policy's log_prob."""
    p = problem.params if params is None else params
    return torch.exp(problem.policy.log_prob(p, torch.zeros(3, dtype=torch.long), torch.arange(3))).numpy()


def simplex_velocity(probs) -> np.ndarray:
    r"""$d\pi/dt = \sum_k \nabla_\theta\pi(y_k)\cdot(-\nabla\ell)$ under gradient flow $\dot\theta = -\nabla\ell$, eq. (2)."""
    problem = simplex_problem(probs)
    descent = -problem.closed_form_gradient()
    grad_prob = problem.policy.grad_prob(problem.params, torch.zeros(3, dtype=torch.long), torch.arange(3))
    return (grad_prob * descent).sum(dim=(1, 2)).numpy()


def simplex_weight(probs) -> float:
    r"""$\sigma(-\delta)$ of the one pair at the policy `probs`."""
    problem = simplex_problem(probs)
    return float(dpo.weight(problem.delta())[0])


def simplex_trajectory(start, steps: int = SIMPLEX_STEPS, lr: float = SIMPLEX_LR) -> np.ndarray:
    """pi over gradient-descent steps theta <- theta - lr * grad, from `start`: shape [steps+1, 3]."""
    problem = simplex_problem(start)
    params = problem.params
    out = [response_probs(problem, params)]
    for _ in range(steps):
        params = params - lr * problem.closed_form_gradient(params)
        out.append(response_probs(problem, params))
    return np.array(out)


@dataclass
class History:
    """Per step (rows) and pair (columns): what figures 4 and 5 plot, and nothing else."""

    chosen: np.ndarray
    rejected: np.ndarray
    margin: np.ndarray
    weight: np.ndarray

    @property
    def steps(self) -> np.ndarray:
        return np.arange(self.chosen.shape[0])


def dynamics_problem() -> Problem:
    """The pinned problem of figures 4 and 5, its policy started at the reference."""
    problem = make_problem(**DYNAMICS)
    problem.params = problem.ref_params.clone()
    return problem


def train(problem: Problem, steps: int, lr: float) -> History:
    r"""Gradient descent $\phi \leftarrow \phi - \eta\nabla\ell$ with the closed form (2); records every step."""
    params = problem.params.clone()
    ref_w, ref_l = problem.ref_logps()
    rows = {k: [] for k in ("chosen", "rejected", "margin", "weight")}
    for step in range(steps + 1):
        with torch.no_grad():
            chosen, rejected = problem.logps(params)
            delta = dpo.delta(chosen, rejected, ref_w, ref_l, problem.beta)
            for key, value in (("chosen", chosen), ("rejected", rejected),
                               ("margin", dpo.margin(chosen, rejected, ref_w, ref_l)),
                               ("weight", dpo.weight(delta))):
                rows[key].append(value.numpy())
        if step < steps:
            params = params - lr * problem.closed_form_gradient(params)
    return History(**{k: np.array(v) for k, v in rows.items()})


_CACHE: dict = {}


def dynamics_history() -> History:
    """The run behind figures 4 and 5 (computed once per process; 600 cheap steps)."""
    if "dynamics" not in _CACHE:
        with torch_threads(1):
            _CACHE["dynamics"] = train(dynamics_problem(), DYNAMICS_STEPS, DYNAMICS_LR)
    return _CACHE["dynamics"]
