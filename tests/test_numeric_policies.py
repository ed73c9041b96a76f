"""Toy policies: explicit scores and grad pi against autograd; problems are seeded and extreme-safe."""
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dpo_proof.numeric.policies import FAMILIES
from dpo_proof.numeric.problems import EXTREME_LOGIT, make_problem


def per_pair_autograd(fn, params, pairs):
    """Row i: autograd gradient of fn(params)[i] (a loop: fine at test sizes)."""
    p = params.detach().clone().requires_grad_(True)
    out = fn(p)
    return torch.stack([torch.autograd.grad(out[i], p, retain_graph=True)[0] for i in range(pairs)])


def small(family, seed, extreme=False, dtype=torch.float64):
    return make_problem(family, vocab=5, pairs=4, seq_len=3, seed=seed, extreme=extreme, dtype=dtype)


@settings(deadline=None)
@given(family=st.sampled_from(FAMILIES), seed=st.integers(0, 2**31), extreme=st.booleans())
def test_score_is_grad_log_pi(family, seed, extreme):
    pb = small(family, seed, extreme)
    pol = pb.policy
    for resp, mask in ((pb.chosen, pb.chosen_mask), (pb.rejected, pb.rejected_mask)):
        expected = per_pair_autograd(lambda p: pol.log_prob(p, pb.prompts, resp, mask), pb.params, pb.pairs)
        got = pol.score(pb.params, pb.prompts, resp, mask)
        assert got.shape == (pb.pairs,) + tuple(pb.params.shape)
        torch.testing.assert_close(got, expected, rtol=0, atol=1e-13)


@settings(deadline=None, max_examples=100)
@given(family=st.sampled_from(FAMILIES), seed=st.integers(0, 2**31))
def test_grad_prob_is_grad_pi(family, seed):
    pb = small(family, seed)
    pol = pb.policy
    expected = per_pair_autograd(lambda p: pol.log_prob(p, pb.prompts, pb.chosen, pb.chosen_mask).exp(),
                                 pb.params, pb.pairs)
    got = pol.grad_prob(pb.params, pb.prompts, pb.chosen, pb.chosen_mask)
    torch.testing.assert_close(got, expected, rtol=0, atol=1e-14)


@settings(deadline=None)
@given(family=st.sampled_from(FAMILIES), seed=st.integers(0, 2**31), extreme=st.booleans(),
       beta=st.floats(1e-3, 10.0))
def test_closed_form_matches_autograd_to_1e13(family, seed, extreme, beta):
    pb = make_problem(family, vocab=6, pairs=5, seq_len=3, seed=seed, extreme=extreme, beta=beta)
    params = pb.params.clone().requires_grad_(True)
    (auto,) = torch.autograd.grad(pb.loss(params), params)
    closed = pb.closed_form_gradient()
    scale = max(float(auto.abs().max()), 1e-300)
    assert float((closed - auto).abs().max()) / scale <= 1e-13


@pytest.mark.parametrize("family", FAMILIES)
def test_same_seed_same_problem_and_batched_log_prob(family):
    a, b, c = (make_problem(family, seed=s) for s in (7, 7, 8))
    assert torch.equal(a.params, b.params) and torch.equal(a.chosen, b.chosen)
    assert not torch.equal(a.params, c.params)
    batch = torch.stack([a.params, 2 * a.params])
    torch.testing.assert_close(a.logps(batch)[0][0], a.logps()[0], rtol=1e-14, atol=1e-14)
    assert a.logps(batch)[1].shape == (2, a.pairs)


@pytest.mark.parametrize("family", FAMILIES)
def test_extreme_problem_reaches_1000_and_stays_finite(family):
    pb = make_problem(family, seed=0, extreme=True)
    d = pb.delta()
    assert 900 <= float(d.abs().max()) <= 1500
    assert float(pb.params.abs().max()) <= EXTREME_LOGIT
    for value in (pb.loss(), pb.closed_form_gradient(), *pb.logps()):
        assert torch.isfinite(value).all()


def test_sequence_padding_is_ignored():
    pb = make_problem("sequence", seed=3, vocab=6, pairs=8, seq_len=4)
    padded = pb.chosen_mask == 0
    assert padded.any(), "the seed should give some padded positions"
    other = torch.where(padded, torch.full_like(pb.chosen, 5), pb.chosen)
    torch.testing.assert_close(pb.policy.log_prob(pb.params, pb.prompts, other, pb.chosen_mask),
                               pb.logps()[0], rtol=0, atol=0)
    # scores of padded positions are zero: the rows (t, prev) only come from real tokens
    score = pb.policy.score(pb.params, pb.prompts, pb.chosen, pb.chosen_mask)
    assert score.abs().sum(dim=(2, 3))[padded].abs().max() == 0


def test_make_problem_rejects_unknown_family_and_tiny_vocab():
    with pytest.raises(ValueError, match="unknown policy family"):
        make_problem("transformer")
    with pytest.raises(ValueError, match="vocab must be at least 2"):
        make_problem("tabular", vocab=1)


def test_float32_problem_is_the_float64_problem_rounded():
    a = make_problem("loglinear", seed=1)
    b = make_problem("loglinear", seed=1, dtype=torch.float32)
    assert b.params.dtype == torch.float32 and b.policy.features.dtype == torch.float32
    torch.testing.assert_close(b.params.double(), a.params, rtol=1e-7, atol=0)
