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
- ``groups(prompts) -> LongTensor[pairs] | None``: for each pair, the index along params' first
  axis of the only slice it depends on (tabular: its prompt's row), or None when every pair
  depends on every parameter. Finite differences use it for column colouring.

``make_problem(family, *, vocab=None, pairs=None, seq_len=None, beta=0.1, seed=0,
dtype=torch.float64, device="cpu", extreme=False) -> Problem`` builds a seeded preference
problem: policy, params, ref_params (same family, frozen), prompts, chosen, rejected, masks, beta.
``Problem`` offers ``logps(params)``, ``ref_logps()``, ``delta(params)``,
``loss_per_pair(params)``, ``loss(params)``, ``scores(params)`` and
``closed_form_gradient(params)`` (eq. (2) via ``dpo.closed_form_gradient``); ``params`` defaults
to the problem's own. ``extreme=True`` draws logits up to +-1000 and a reference that pushes
margins to |delta| ~ 1000.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import torch

from . import dpo

FAMILIES = ("tabular", "loglinear", "sequence")
# (vocab, pairs, seq_len) used when the caller passes None.
DEFAULT_SIZES = {"tabular": (50, 64, 1), "loglinear": (32, 64, 1), "sequence": (8, 32, 5)}
LOGLINEAR_DIM = 8
EXTREME_LOGIT = 1000.0
EXTREME_DELTA = 1000.0

Tensor = torch.Tensor


def _gather_last(values: Tensor, index: Tensor) -> Tensor:
    """values[..., i, index[i]] with index broadcast over values' leading batch dims."""
    index = index.expand(values.shape[:-1]).unsqueeze(-1)
    return values.gather(-1, index).squeeze(-1)


def _one_hot(index: Tensor, vocab: int, like: Tensor) -> Tensor:
    return torch.nn.functional.one_hot(index, vocab).to(dtype=like.dtype, device=like.device)


class TabularPolicy:
    """One logit vector per prompt: params theta[num_prompts, vocab]."""

    family = "tabular"

    def __init__(self, num_prompts: int, vocab: int):
        self.num_prompts, self.vocab = num_prompts, vocab

    def param_shape(self) -> tuple[int, ...]:
        return (self.num_prompts, self.vocab)

    def log_prob(self, params, prompts, responses, mask=None):
        return _gather_last(torch.log_softmax(params[..., prompts, :], dim=-1), responses)

    def _row_grad(self, params, prompts, responses, of_log: bool):
        probs = torch.softmax(params[prompts], dim=-1)
        row = _one_hot(responses, self.vocab, probs) - probs  # e_y - pi(.|x)
        if not of_log:  # d pi_y / d theta_k = pi_y (1[k=y] - pi_k)
            row = probs.gather(-1, responses[:, None]) * row
        out = params.new_zeros((len(prompts),) + tuple(params.shape))
        out[torch.arange(len(prompts), device=params.device), prompts] = row
        return out

    def score(self, params, prompts, responses, mask=None):
        r"""$\nabla_\theta \log\pi(y|x) = e_y - \pi(\cdot|x)$ in row x, zero elsewhere."""
        return self._row_grad(params, prompts, responses, of_log=True)

    def grad_prob(self, params, prompts, responses, mask=None):
        r"""$\partial\pi_y/\partial\theta_{x,k} = \pi_y(1[k=y] - \pi_k)$."""
        return self._row_grad(params, prompts, responses, of_log=False)

    def groups(self, prompts):
        return prompts


class LogLinearPolicy:
    """pi(y|x) proportional to exp(phi . f(x, y)); features[num_prompts, vocab, dim] fixed."""

    family = "loglinear"

    def __init__(self, features: Tensor):
        self.features = features
        self.num_prompts, self.vocab, self.dim = features.shape

    def param_shape(self) -> tuple[int, ...]:
        return (self.dim,)

    def logits(self, params, prompts):
        return torch.einsum("...d,pvd->...pv", params, self.features[prompts])

    def log_prob(self, params, prompts, responses, mask=None):
        return _gather_last(torch.log_softmax(self.logits(params, prompts), dim=-1), responses)

    def score(self, params, prompts, responses, mask=None):
        r"""$f(x,y) - \mathbb{E}_{\pi}[f(x,\cdot)]$."""
        feats = self.features[prompts]  # [pairs, vocab, dim]
        probs = torch.softmax(self.logits(params, prompts), dim=-1)
        chosen = feats[torch.arange(len(prompts), device=feats.device), responses]
        return chosen - torch.einsum("pv,pvd->pd", probs, feats)

    def grad_prob(self, params, prompts, responses, mask=None):
        r"""$\nabla\pi(y|x) = \pi(y|x)(f(x,y) - \mathbb{E}_\pi[f])$."""
        probs = torch.softmax(self.logits(params, prompts), dim=-1)
        return probs.gather(-1, responses[:, None]) * self.score(params, prompts, responses)

    def groups(self, prompts):
        return None


class SequencePolicy:
    """Autoregressive bigram table W[seq_len, vocab, vocab]: position, previous token, logits."""

    family = "sequence"

    def __init__(self, seq_len: int, vocab: int):
        self.seq_len, self.vocab = seq_len, vocab

    def param_shape(self) -> tuple[int, ...]:
        return (self.seq_len, self.vocab, self.vocab)

    def _previous(self, prompts, responses):
        return torch.cat([prompts[:, None], responses[:, :-1]], dim=1)  # [pairs, T]

    def _mask(self, responses, mask, like):
        return torch.ones_like(responses, dtype=like.dtype) if mask is None else mask.to(like.dtype)

    def log_prob(self, params, prompts, responses, mask=None):
        positions = torch.arange(self.seq_len, device=params.device)[None, :]
        logits = params[..., positions, self._previous(prompts, responses), :]  # [*B, pairs, T, V]
        token_logps = _gather_last(torch.log_softmax(logits, dim=-1), responses)
        return (token_logps * self._mask(responses, mask, params)).sum(dim=-1)

    def score(self, params, prompts, responses, mask=None):
        r"""$\sum_t m_t 1[(t, y_{t-1})](e_{y_t} - \mathrm{softmax}(W_{t,y_{t-1}}))$, backprop by hand."""
        pairs, steps = responses.shape
        previous = self._previous(prompts, responses)
        positions = torch.arange(steps, device=params.device)
        probs = torch.softmax(params[positions[None, :], previous], dim=-1)  # [pairs, T, V]
        token_grad = _one_hot(responses, self.vocab, probs) - probs
        token_grad = token_grad * self._mask(responses, mask, params)[..., None]
        out = params.new_zeros((pairs,) + tuple(params.shape))
        # each (pair, t) writes its own (t, prev) row: no two writes of one pair collide
        rows = torch.arange(pairs, device=params.device)[:, None].expand(pairs, steps)
        out[rows, positions[None, :].expand(pairs, steps), previous] = token_grad
        return out

    def grad_prob(self, params, prompts, responses, mask=None):
        r"""$\nabla\pi(y|x) = \pi(y|x)\nabla\log\pi(y|x)$ for a product of token probabilities."""
        prob = torch.exp(self.log_prob(params, prompts, responses, mask))
        return prob.reshape((-1,) + (1,) * params.dim()) * self.score(params, prompts, responses, mask)

    def groups(self, prompts):
        return None


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
            return dpo.closed_form_gradient(*self.scores(p), self.delta(p), self.beta)


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
        if extreme:  # logits spread over the whole range +-1000
            return (torch.rand(shape, generator=gen, dtype=f64) * 2 - 1) * EXTREME_LOGIT
        return torch.randn(shape, generator=gen, dtype=f64)

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
