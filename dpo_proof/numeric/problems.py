r"""Seeded preference problems on the toy policies, for any loss of the catalogue.

``make_problem(family, *, vocab=None, pairs=None, seq_len=None, beta=0.1, seed=0, dtype=torch.float64,
device="cpu", extreme=False, loss="sigmoid", loss_params=None) -> Problem`` draws a policy of a family
(`dpo_proof.numeric.policies`), its params, a frozen reference of the same family, prompts, responses
and masks. Default sizes (vocab, pairs, seq_len) are in ``DEFAULT_SIZES``; tabular and log-linear use
one prompt per pair. ``extreme=True`` draws logits up to +-1000 (half the rows saturated, half near a
large offset) and a reference that pushes margins to |delta| ~ 1000.

The loss sees each pair through $(a, b)$ (`loss_inputs`): the log-ratios, or the policy's log-probs
for a reference-free loss, divided by the response lengths for a length-normalised one. The closed
form is the chain rule through them,

$$\nabla\ell = \mathbb{E}[f_w\,\nabla\log\pi(y_w|x) + f_l\,\nabla\log\pi(y_l|x)],\qquad
f_w = \partial_a\ell/|y_w|^{[\text{normalised}]},\ f_l = \partial_b\ell/|y_l|^{[\text{normalised}]},$$

with $\partial_a\ell, \partial_b\ell$ from the catalogue's explicit `torch_grad` and the scores from the
policy's explicit formulas: eq. (2) with (b) for DPO, where $f_w = -f_l = -\beta\sigma(-\delta)$. No autograd.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

import torch

from ..catalogue.losses import Loss, loss as catalogue_loss
from . import dpo
from .policies import FAMILIES, LogLinearPolicy, Policy, SequencePolicy, TabularPolicy

__all__ = ["DEFAULT_SIZES", "LOGLINEAR_DIM", "EXTREME_LOGIT", "EXTREME_DELTA", "Problem", "make_problem",
           "to_device"]

DEFAULT_SIZES = {"tabular": (50, 64, 1), "loglinear": (32, 64, 1), "sequence": (8, 32, 5)}  # vocab, pairs, T
LOGLINEAR_DIM = 8
EXTREME_LOGIT = 1000.0
EXTREME_DELTA = 1000.0

Tensor = torch.Tensor


@dataclass
class Problem:
    """A seeded preference problem on one toy policy, for one catalogue loss (DPO by default)."""

    family: str
    policy: Policy
    params: Tensor
    ref_params: Tensor
    prompts: Tensor
    chosen: Tensor
    rejected: Tensor
    chosen_mask: Optional[Tensor]
    rejected_mask: Optional[Tensor]
    beta: float
    extreme: bool = False
    objective: Loss = field(default_factory=lambda: catalogue_loss("sigmoid"))
    loss_params: dict = field(default_factory=dict)  # hyper-parameters other than beta (defaults: the catalogue's)
    pair_mask: Optional[Tensor] = None               # 0 drops a pair from loss and closed form alike
    _ref_cache: tuple = field(default=(None, None), repr=False, compare=False)

    @property
    def pairs(self) -> int:
        return int(self.prompts.shape[0])

    @property
    def num_params(self) -> int:
        return self.params.numel()

    @property
    def dtype(self) -> torch.dtype:
        return self.params.dtype

    @property
    def hyper(self) -> dict:
        """The loss's hyper-parameters: the catalogue defaults, `loss_params`, and this problem's beta."""
        return self.objective.with_params(**self.loss_params, beta=self.beta)

    def _p(self, params):
        return self.params if params is None else params

    def logps(self, params=None) -> tuple[Tensor, Tensor]:
        """(log pi(y_w|x), log pi(y_l|x)), each [*B, pairs]; params may carry batch dims."""
        return self.policy.log_prob_pair(self._p(params), self.prompts, self.chosen, self.rejected,
                                         self.chosen_mask, self.rejected_mask)

    def ref_logps(self) -> tuple[Tensor, Tensor]:
        """Reference log-probs: constants, computed once, as trainers precompute them."""
        held, value = self._ref_cache
        if held is not self.ref_params:
            with torch.no_grad():
                value = self.logps(self.ref_params)
            self._ref_cache = (self.ref_params, value)
        return value

    def lengths(self) -> tuple[Tensor, Tensor]:
        """(|y_w|, |y_l|) in tokens, per pair (1 where a response is one token)."""
        def count(responses, mask):
            if mask is not None:
                return mask.to(self.dtype).sum(dim=-1)
            return torch.full((self.pairs,), float(self.policy.seq_len), dtype=self.dtype, device=self.params.device)
        return count(self.chosen, self.chosen_mask), count(self.rejected, self.rejected_mask)

    def loss_inputs(self, params=None) -> tuple[Tensor, Tensor]:
        """(a, b) as the loss takes them: log-ratios or policy log-probs, per token where normalised."""
        a, b = self.logps(params)
        if not self.objective.reference_free:
            ref_a, ref_b = self.ref_logps()
            a, b = a - ref_a, b - ref_b
        if self.objective.length_normalised:
            len_a, len_b = self.lengths()
            a, b = a / len_a, b / len_b
        return a, b

    def delta(self, params=None) -> Tensor:
        """DPO's margin beta (a - b) on the summed log-ratios, whatever the loss."""
        return dpo.delta(*self.logps(params), *self.ref_logps(), self.beta)

    def loss_per_pair(self, params=None) -> Tensor:
        values = self.objective.torch_loss(*self.loss_inputs(params), self.hyper)
        return values if self.pair_mask is None else values * self.pair_mask

    def loss(self, params=None) -> Tensor:
        """The mean over pairs of the per-pair loss: eq. (1) for DPO."""
        return self.loss_per_pair(params).mean()

    def scores(self, params=None) -> tuple[Tensor, Tensor]:
        p = self._p(params)
        return (self.policy.score(p, self.prompts, self.chosen, self.chosen_mask),
                self.policy.score(p, self.prompts, self.rejected, self.rejected_mask))

    def pair_factors(self, params=None) -> tuple[Tensor, Tensor]:
        r"""$(f_w, f_l) = (\partial\ell_i/\partial\log\pi(y_w), \partial\ell_i/\partial\log\pi(y_l))$ per pair,
        from the catalogue's explicit gradient (chain rule through the lengths where normalised)."""
        with torch.no_grad():
            if self.objective.name == "sigmoid":  # eq. (2) with (b) as numeric/dpo.py writes it for every reader
                f_w, f_l = dpo.grad_logps(self.delta(self._p(params).detach()), self.beta)[:2]
            else:
                f_w, f_l = self.objective.torch_grad(*self.loss_inputs(self._p(params).detach()), self.hyper)
            if self.objective.length_normalised:
                len_w, len_l = self.lengths()
                f_w, f_l = f_w / len_w, f_l / len_l
            if self.pair_mask is not None:
                f_w, f_l = f_w * self.pair_mask, f_l * self.pair_mask
        return f_w, f_l

    def _contract(self, params, f_w, f_l, absolute=False) -> Tensor:
        pol = self.policy
        total = (pol.contract(params, self.prompts, self.chosen, self.chosen_mask, f_w, absolute)
                 + pol.contract(params, self.prompts, self.rejected, self.rejected_mask, f_l, absolute))
        return total / self.pairs

    def closed_form_gradient(self, params=None) -> Tensor:
        r"""$\mathbb{E}[f_w\nabla\log\pi(y_w|x) + f_l\nabla\log\pi(y_l|x)]$ from explicit scores: eq. (2) for DPO."""
        p = self._p(params).detach()
        with torch.no_grad():
            return self._contract(p, *self.pair_factors(p))

    def gradient_term_scale(self) -> float:
        r"""$\max_k \mathbb{E}[|f_w||s_w|_k + |f_l||s_l|_k]$: the size of the terms summed in the closed form.

        Rounding errors are relative to this, not to the result: where s_w and s_l nearly cancel,
        an exact method and the closed form may differ by ~eps * this, however small the gradient.
        """
        p = self.params.detach()
        with torch.no_grad():
            f_w, f_l = self.pair_factors(p)
            return float(self._contract(p, f_w.abs(), f_l.abs(), absolute=True).max())


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
                 dtype=torch.float64, device="cpu", extreme: bool = False, loss: str = "sigmoid",
                 loss_params: Optional[dict] = None) -> Problem:
    """A seeded preference problem (same seed, same problem, on every device, for every loss)."""
    if family not in FAMILIES:
        raise ValueError(f"unknown policy family {family!r}; choose one of {FAMILIES}")
    objective = catalogue_loss(loss)
    objective.with_params(**(loss_params or {}))  # an unknown hyper-parameter is a ValueError here
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
        policy = LogLinearPolicy(torch.randn((pairs, vocab, LOGLINEAR_DIM), generator=gen, dtype=f64))
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

    problem = Problem(family, policy, params, ref_params, prompts, chosen, rejected, chosen_mask, rejected_mask,
                      float(beta), extreme, objective, dict(loss_params or {}))
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
    return replace(problem, policy=policy, params=move(problem.params), ref_params=move(problem.ref_params),
                   prompts=move(problem.prompts), chosen=move(problem.chosen), rejected=move(problem.rejected),
                   chosen_mask=move(problem.chosen_mask), rejected_mask=move(problem.rejected_mask),
                   pair_mask=move(problem.pair_mask), _ref_cache=(None, None))
