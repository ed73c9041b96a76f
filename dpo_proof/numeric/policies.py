r"""Toy softmax policies with hand-written score functions, and ready DPO preference problems.

Public API
----------
``FAMILIES = ("tabular", "loglinear", "sequence")``

Policy classes (stateless apart from fixed structure such as features; parameters are passed in):

- ``TabularPolicy(num_prompts, vocab)``: params ``theta[num_prompts, vocab]``, one logit vector
  per prompt; $\pi(y|x) = \mathrm{softmax}(\theta_x)_y$, score $e_y - \pi(\cdot|x)$ in row x.
- ``LogLinearPolicy(features)``: ``features[num_prompts, vocab, dim]`` fixed, params ``phi[dim]``;
  $\pi(y|x) \propto \exp(\phi\cdot f(x,y))$, score $f(x,y) - \mathbb{E}_{\pi}[f(x,\cdot)]$.
- ``SequencePolicy(seq_len, vocab)``: autoregressive bigram model with params
  ``W[seq_len, vocab, vocab]`` (position, previous token, next-token logits); the prompt is one
  token that acts as the previous token at position 0. $\log\pi(y|x) = \sum_t m_t \log
  \mathrm{softmax}(W_{t, y_{t-1}})_{y_t}$ (masked sum over the completion, as preference trainers
  compute it); score: at entry (t, y_{t-1}) add $m_t (e_{y_t} - \mathrm{softmax}(W_{t,y_{t-1}}))$.

Each policy has

- ``log_prob(params, prompts, responses, mask=None) -> Tensor[*B, pairs]``: plain differentiable
  torch ops (``log_softmax``) so autograd can be compared. ``params`` may carry leading batch
  dimensions ``*B`` (used by the vectorised finite differences).
- ``score(params, prompts, responses, mask=None) -> Tensor[pairs, *params.shape]``:
  $\nabla_\phi \log\pi(y|x)$ from the explicit formula above; no autograd inside.
- ``grad_prob(params, prompts, responses, mask=None) -> Tensor[pairs, *params.shape]``:
  $\nabla_\phi \pi(y|x)$ written out explicitly (for the ratio form of the proof), e.g. tabular
  $\partial\pi_y/\partial\theta_k = \pi_y(1[k=y] - \pi_k)$.
- tabular and log-linear also offer ``log_prob_pair(params, prompts, chosen, rejected, ...)``
  (one softmax serves both responses of a pair); tabular offers ``score_rows`` (row x of its
  score, [pairs, vocab]) so the closed form need not build the mostly-zero dense scores.
- ``groups(prompts) -> LongTensor[pairs] | None``: for each pair, the index along params' first
  axis of the only slice it depends on (tabular: its prompt's row), or None when every pair
  depends on every parameter. Finite differences use it for column colouring.

``make_problem(family, *, vocab=None, pairs=None, seq_len=None, beta=0.1, seed=0,
dtype=torch.float64, device="cpu", extreme=False) -> Problem`` builds a seeded preference
problem: policy, params, ref_params (same family, frozen), prompts, chosen, rejected, masks, beta.
``Problem`` offers ``logps(params)``, ``ref_logps()``, ``delta(params)``,
``loss_per_pair(params)``, ``loss(params)``, ``scores(params)`` and
``closed_form_gradient(params)`` (eq. (2) via ``dpo.closed_form_gradient``; tabular: the same
summand, ``dpo.per_pair_gradient``, added into each pair's row); ``params`` defaults to the
problem's own. ``to_device(problem, dtype=, device=)`` moves a problem. Default sizes (vocab,
pairs, seq_len) are in ``DEFAULT_SIZES``; tabular and log-linear use one prompt per pair.
``extreme=True`` draws logits up to +-1000 (half the rows saturated, half near a large offset)
and a reference that pushes margins to |delta| ~ 1000.

The policy classes live in `dpo_proof.numeric.families` and are re-exported here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import torch

from . import dpo
from .families import LogLinearPolicy, SequencePolicy, TabularPolicy

__all__ = ["FAMILIES", "DEFAULT_SIZES", "LOGLINEAR_DIM", "EXTREME_LOGIT", "EXTREME_DELTA", "TabularPolicy",
           "LogLinearPolicy", "SequencePolicy", "Problem", "make_problem", "to_device"]

FAMILIES = ("tabular", "loglinear", "sequence")
# (vocab, pairs, seq_len) used when the caller passes None.
DEFAULT_SIZES = {"tabular": (50, 64, 1), "loglinear": (32, 64, 1), "sequence": (8, 32, 5)}
LOGLINEAR_DIM = 8
EXTREME_LOGIT = 1000.0
EXTREME_DELTA = 1000.0

Tensor = torch.Tensor


@dataclass
class Problem:
    """A seeded DPO preference problem on one toy policy; reference = same family, frozen."""

    family: str
    policy: object
    params: Tensor
    ref_params: Tensor
    prompts: Tensor
    chosen: Tensor
    rejected: Tensor
    chosen_mask: Optional[Tensor]
    rejected_mask: Optional[Tensor]
    beta: float
    extreme: bool = False

    @property
    def pairs(self) -> int:
        return int(self.prompts.shape[0])

    @property
    def num_params(self) -> int:
        return self.params.numel()

    @property
    def dtype(self) -> torch.dtype:
        return self.params.dtype

    def _p(self, params):
        return self.params if params is None else params

    def logps(self, params=None) -> tuple[Tensor, Tensor]:
        """(log pi(y_w|x), log pi(y_l|x)), each [*B, pairs]; params may carry batch dims."""
        p = self._p(params)
        if hasattr(self.policy, "log_prob_pair"):  # one softmax serves both responses
            return self.policy.log_prob_pair(p, self.prompts, self.chosen, self.rejected,
                                             self.chosen_mask, self.rejected_mask)
        return (self.policy.log_prob(p, self.prompts, self.chosen, self.chosen_mask),
                self.policy.log_prob(p, self.prompts, self.rejected, self.rejected_mask))

    def ref_logps(self) -> tuple[Tensor, Tensor]:
        """Reference log-probs: constants, as trainers precompute them."""
        with torch.no_grad():
            return self.logps(self.ref_params)

    def delta(self, params=None) -> Tensor:
        return dpo.delta(*self.logps(params), *self.ref_logps(), self.beta)

    def loss_per_pair(self, params=None) -> Tensor:
        return dpo.loss_per_pair(self.delta(params))

    def loss(self, params=None) -> Tensor:
        """Eq. (1): the mean of -log sigma(delta) over pairs."""
        return dpo.loss(self.delta(params))

    def scores(self, params=None) -> tuple[Tensor, Tensor]:
        p = self._p(params)
        return (self.policy.score(p, self.prompts, self.chosen, self.chosen_mask),
                self.policy.score(p, self.prompts, self.rejected, self.rejected_mask))

    def closed_form_gradient(self, params=None) -> Tensor:
        """Eq. (2) from explicit scores; no autograd."""
        p = self._p(params).detach()
        with torch.no_grad():
            if hasattr(self.policy, "score_rows"):  # tabular: each score lives in one row; skip the zeros
                rows = [self.policy.score_rows(p, self.prompts, r) for r in (self.chosen, self.rejected)]
                per_pair = dpo.per_pair_gradient(*rows, self.delta(p), self.beta)  # [pairs, vocab]
                return torch.zeros_like(p).index_add_(0, self.prompts, per_pair) / self.pairs
            return dpo.closed_form_gradient(*self.scores(p), self.delta(p), self.beta)

    def gradient_term_scale(self) -> float:
        r"""$\max_k \beta\,\mathbb{E}[\sigma(-\delta)(|s_w|_k + |s_l|_k)]$: the size of the terms summed in (2).

        Rounding errors are relative to this, not to the result: where s_w and s_l nearly cancel,
        an exact method and the closed form may differ by ~eps * this, however small the gradient.
        """
        p = self.params.detach()
        with torch.no_grad():
            w = dpo.weight(self.delta(p))
            if hasattr(self.policy, "score_rows"):
                rows = [self.policy.score_rows(p, self.prompts, r).abs() for r in (self.chosen, self.rejected)]
                terms = self.beta * w[:, None] * (rows[0] + rows[1])
                total = torch.zeros_like(p).index_add_(0, self.prompts, terms) / self.pairs
            else:
                s_w, s_l = self.scores(p)
                shape = (-1,) + (1,) * (s_w.dim() - 1)
                total = (self.beta * w.reshape(shape) * (s_w.abs() + s_l.abs())).mean(dim=0)
            return float(total.max())


def _extreme_reference(problem: Problem) -> Tensor:
    """Scale the reference until max |delta| ~ EXTREME_DELTA (margins are ~linear at large logits)."""
    ref = problem.ref_params
    with torch.no_grad():
        pol = dpo.margin(*problem.logps(), 0.0, 0.0)
        scale = 1.0
        for _ in range(4):
            refm = dpo.margin(*problem.logps(ref * scale), 0.0, 0.0) / scale
            # delta(c) ~ beta (pol - c refm); pick c so the largest |delta| reaches the target
            c = (pol.abs() + EXTREME_DELTA / problem.beta) / refm.abs().clamp_min(1e-12)
            scale = float(c.min().clamp(1.0, 1e6))
    return ref * scale


def make_problem(family: str, *, vocab=None, pairs=None, seq_len=None, beta: float = 0.1, seed: int = 0,
                 dtype=torch.float64, device="cpu", extreme: bool = False) -> Problem:
    """A seeded preference problem (same seed, same problem, on every device)."""
    if family not in FAMILIES:
        raise ValueError(f"unknown policy family {family!r}; choose one of {FAMILIES}")
    d_vocab, d_pairs, d_len = DEFAULT_SIZES[family]
    vocab, pairs, seq_len = vocab or d_vocab, pairs or d_pairs, seq_len or d_len
    if vocab < 2:
        raise ValueError("vocab must be at least 2 (a chosen and a different rejected response)")
    gen = torch.Generator().manual_seed(int(seed))
    f64 = torch.float64

    def draw(*shape):
        if not extreme:
            return torch.randn(shape, generator=gen, dtype=f64)
        # half the rows spread over the whole range +-1000 (saturated softmax), half sit near a
        # random offset in +-1000 with a spread of a few units (a naive exp() overflows there)
        spread = (torch.rand(shape, generator=gen, dtype=f64) * 2 - 1) * EXTREME_LOGIT
        offset = (torch.rand(shape[:-1] + (1,), generator=gen, dtype=f64) * 2 - 1) * (EXTREME_LOGIT - 20)
        near = offset + 3 * torch.randn(shape, generator=gen, dtype=f64)
        saturated = torch.rand(shape[:-1] + (1,), generator=gen) < 0.5
        return torch.where(saturated, spread, near).clamp(-EXTREME_LOGIT, EXTREME_LOGIT)

    chosen_mask = rejected_mask = None
    if family == "tabular":
        policy = TabularPolicy(pairs, vocab)
        prompts = torch.arange(pairs)  # one prompt per pair: pairs are independent
    elif family == "loglinear":
        features = torch.randn((pairs, vocab, LOGLINEAR_DIM), generator=gen, dtype=f64)
        policy = LogLinearPolicy(features)
        prompts = torch.arange(pairs)
    else:
        policy = SequencePolicy(seq_len, vocab)
        prompts = torch.randint(0, vocab, (pairs,), generator=gen)
    shape = policy.param_shape()
    params, ref_params = draw(*shape), draw(*shape)
    if family == "loglinear" and extreme:  # phi . f spans +-1000
        params = params / policy.logits(params, prompts).abs().max() * EXTREME_LOGIT
        ref_params = ref_params / policy.logits(ref_params, prompts).abs().max() * EXTREME_LOGIT
    if family == "sequence":
        chosen = torch.randint(0, vocab, (pairs, seq_len), generator=gen)
        rejected = torch.randint(0, vocab, (pairs, seq_len), generator=gen)
        lengths = torch.randint(1, seq_len + 1, (2, pairs), generator=gen)
        steps = torch.arange(seq_len)[None, :]
        chosen_mask, rejected_mask = (steps < lengths[0][:, None]), (steps < lengths[1][:, None])
        # padding positions hold token 0, as collated batches do
        chosen, rejected = chosen * chosen_mask, rejected * rejected_mask
        chosen_mask, rejected_mask = chosen_mask.to(f64), rejected_mask.to(f64)
    else:
        chosen = torch.randint(0, vocab, (pairs,), generator=gen)
        rejected = (chosen + torch.randint(1, vocab, (pairs,), generator=gen)) % vocab

    problem = Problem(family, policy, params, ref_params, prompts, chosen, rejected,
                      chosen_mask, rejected_mask, float(beta), extreme)
    if extreme:
        problem.ref_params = _extreme_reference(problem)
    return to_device(problem, dtype=dtype, device=device)


def to_device(problem: Problem, *, dtype=torch.float64, device="cpu") -> Problem:
    """The same problem in another dtype / on another device (drawn on CPU in float64 first)."""
    def move(t):
        if t is None:
            return None
        return t.to(device=device, dtype=dtype) if t.is_floating_point() else t.to(device=device)

    policy = problem.policy
    if isinstance(policy, LogLinearPolicy):
        policy = LogLinearPolicy(move(policy.features))
    return Problem(problem.family, policy, move(problem.params), move(problem.ref_params),
                   move(problem.prompts), move(problem.chosen), move(problem.rejected),
                   move(problem.chosen_mask), move(problem.rejected_mask), problem.beta, problem.extreme)
