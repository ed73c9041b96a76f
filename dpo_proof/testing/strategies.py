r"""Hypothesis strategies for DPO tests: betas, margins, preference batches of log-probs, toy
policies, and wrong losses (to show that a checker rejects them). Needs `hypothesis`.

    from hypothesis import given, settings
    from dpo_proof.testing import strategies as dst

    @settings(deadline=None)
    @given(dst.preference_batches())
    def test_my_loss_matches(batch):
        assert_close(my_loss(*batch.inputs), -F.logsigmoid(batch.delta))

Every tensor is float64 unless `dtype` says otherwise; log-probs are negative, as real ones are.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch
import torch.nn.functional as F
from hypothesis import strategies as st

from ..numeric import dpo


def betas(min_value: float = 0.01, max_value: float = 10.0) -> st.SearchStrategy[float]:
    """The DPO temperature beta > 0."""
    return st.floats(min_value=min_value, max_value=max_value, allow_nan=False, allow_infinity=False)


def deltas(max_abs: float = 1000.0) -> st.SearchStrategy[float]:
    r"""Margins $\delta = \beta m$, finite, up to `max_abs` in size (1000 reaches the extreme regime)."""
    return st.floats(min_value=-max_abs, max_value=max_abs, allow_nan=False, allow_infinity=False)


def log_probs(min_value: float = -200.0) -> st.SearchStrategy[float]:
    """A summed log-probability: in [min_value, 0]."""
    return st.floats(min_value=min_value, max_value=0.0, allow_nan=False, allow_infinity=False)


@dataclass(frozen=True)
class PreferenceBatch:
    """Per-pair log-probs in the order preference trainers pass them, and the beta they go with."""

    policy_chosen_logps: torch.Tensor
    policy_rejected_logps: torch.Tensor
    reference_chosen_logps: torch.Tensor
    reference_rejected_logps: torch.Tensor
    beta: float

    @property
    def inputs(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        return (self.policy_chosen_logps, self.policy_rejected_logps,
                self.reference_chosen_logps, self.reference_rejected_logps)

    @property
    def delta(self) -> torch.Tensor:
        return dpo.delta(*self.inputs, self.beta)

    def __len__(self) -> int:
        return self.policy_chosen_logps.numel()


@st.composite
def preference_batches(draw, min_pairs: int = 1, max_pairs: int = 8, beta=None,
                       max_abs_delta: float = 50.0, dtype=torch.float64) -> PreferenceBatch:
    r"""A batch whose $\beta m$ are drawn directly in [-max_abs_delta, max_abs_delta] (pass 1000 for
    extreme margins); the other three log-probs are drawn freely and the policy's chosen one
    solved for, then shifted with its reference so every log-prob stays negative."""
    b = draw(betas() if beta is None else beta if isinstance(beta, st.SearchStrategy) else st.just(beta))
    n = draw(st.integers(min_pairs, max_pairs))
    rows = draw(st.lists(st.tuples(log_probs(), log_probs(), log_probs(), deltas(max_abs_delta)),
                         min_size=n, max_size=n))
    rc, rr, pr, d = (torch.tensor(col, dtype=torch.float64) for col in zip(*rows))
    pc = d / b + rc + pr - rr
    shift = torch.clamp(-pc, max=0.0)
    return PreferenceBatch(*(x.to(dtype) for x in (pc + shift, pr, rc + shift, rr)), b)


def policy_problems(families=None, *, max_vocab: int = 6, max_pairs: int = 6, max_seq_len: int = 3,
                    extreme: bool | None = False, beta=None, dtype=torch.float64):
    """A seeded toy-policy preference problem (dpo_proof.numeric.problems.make_problem): family,
    sizes, beta (default: betas(0.05, 5)) and seed drawn. `extreme=None` draws it too (logits up
    to +-1000, |delta| ~ 1000)."""
    from ..numeric.policies import FAMILIES
    from ..numeric.problems import make_problem

    fams = tuple(families) if families else FAMILIES
    return st.builds(
        lambda family, vocab, pairs, seq_len, beta, seed, ext: make_problem(
            family, vocab=vocab, pairs=pairs, seq_len=seq_len, beta=beta, seed=seed, dtype=dtype, extreme=ext),
        st.sampled_from(fams), st.integers(2, max_vocab), st.integers(1, max_pairs), st.integers(1, max_seq_len),
        betas(0.05, 5.0) if beta is None else beta, st.integers(0, 2**32 - 1), st.booleans() if extreme is None else st.just(extreme))


# ------------------------------------------------------------------------- losses, right and wrong

@dataclass(frozen=True)
class LossVariant:
    """A generated loss function and what was done to it (shown when a property fails)."""

    fn: Callable
    description: str


def _reducer(kind: str):
    return {"per-pair": lambda x: x, "mean": torch.mean, "sum": torch.sum}[kind]


@st.composite
def correct_dpo_losses(draw, beta: float) -> LossVariant:
    """A right DPO loss in one of the shapes trainers write: per-pair, mean or sum; logsigmoid or
    softplus form; with or without a tuple around it; reference detached or not."""
    reduction = draw(st.sampled_from(("per-pair", "mean", "sum")))
    form = draw(st.sampled_from(("logsigmoid", "softplus")))
    as_tuple, detach_ref = draw(st.booleans()), draw(st.booleans())
    reduce = _reducer(reduction)

    def fn(pc, pr, rc, rr):
        ref = (rc - rr).detach() if detach_ref else rc - rr
        z = beta * ((pc - pr) - ref)
        out = reduce(-F.logsigmoid(z) if form == "logsigmoid" else F.softplus(-z))
        return (out, z.detach()) if as_tuple else out

    return LossVariant(fn, f"{reduction}, {form}, tuple={as_tuple}, detached reference={detach_ref}")


# Factors away from 1; and away from 1/16 and 16, so a scaled sum is never the mean of the
# checker's 16 pairs (that loss would be right, not wrong).
_factors = st.floats(-3.0, -0.05) | st.floats(0.2, 0.95) | st.floats(1.05, 3.0)


@st.composite
def wrong_dpo_losses(draw, beta: float) -> LossVariant:
    r"""A DPO loss with a random mistake: some of the four coefficients of
    $z = \beta(\pi_w - \pi_l - ref_w + ref_l)$ scaled by a factor away from 1, the sign inside or
    outside the log flipped, the loss scaled, its gradient (not its value) scaled, or the unstable
    form -log(sigmoid(z)). At least one mistake, always."""
    kind = draw(st.sampled_from(("coefficients", "inner-sign", "outer-scale", "gradient-scale", "log-sigmoid")))
    reduction = draw(st.sampled_from(("per-pair", "mean", "sum")))
    reduce = _reducer(reduction)
    coef = [beta, -beta, -beta, beta]
    s, scale, grad_scale, unstable = 1.0, 1.0, 1.0, False
    if kind == "coefficients":
        changed = draw(st.sets(st.integers(0, 3), min_size=1))
        for k in changed:
            coef[k] *= draw(_factors)
    elif kind == "inner-sign":
        s = -1.0
    elif kind == "outer-scale":
        scale = draw(_factors)
    elif kind == "gradient-scale":
        grad_scale = draw(_factors)
    else:
        unstable = True

    def fn(pc, pr, rc, rr):
        z = s * (coef[0] * pc + coef[1] * pr + coef[2] * rc + coef[3] * rr)
        per_pair = -torch.log(torch.sigmoid(z)) if unstable else -F.logsigmoid(z)
        per_pair = scale * per_pair
        # same value, gradient times grad_scale: L + (c - 1)(L - L.detach())
        per_pair = per_pair + (grad_scale - 1.0) * (per_pair - per_pair.detach())
        return reduce(per_pair)

    what = {"coefficients": f"coefficients {[round(c, 4) for c in coef]} instead of beta*(1,-1,-1,1)",
            "inner-sign": "the sign inside the log flipped", "outer-scale": f"loss times {scale:.4g}",
            "gradient-scale": f"gradient times {grad_scale:.4g}", "log-sigmoid": "-log(sigmoid(z))"}[kind]
    return LossVariant(fn, f"{what} ({reduction})")
