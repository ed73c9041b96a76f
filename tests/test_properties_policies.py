r"""The closed-form gradient (2) on generated toy policies: against torch autograd and finite
differences for every family, at ordinary and extreme logits; and the structural identities
(the tabular gradient sums to zero over the vocabulary, a constant added to all logits of a
prompt changes nothing). Tolerances and the error measure come from dpo_proof/tolerances.py."""
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dpo_proof.numeric.gradcheck import autograd_gradient, finite_difference_gradient
from dpo_proof.numeric.policies import FAMILIES, LogLinearPolicy
from dpo_proof.numeric.problems import to_device
from dpo_proof.numeric.finite_diff import fd_step
from dpo_proof.tolerances import relative_error, tolerance
from dpo_proof.testing import strategies as dst


EPS = torch.finfo(torch.float64).eps


def scaled_error(a, b, problem) -> float:
    r"""The one error measure of the numeric checks, `tolerances.relative_error`, floored at
    `Problem.gradient_term_scale()` (the size of the terms summed in (2)): where terms cancel (a
    pair with y_w = y_l has weight 1/2 and exactly opposite scores) the gradient can be 1e-94
    while autograd, which adds the terms one by one, is left with rounding of the cancelled ones
    (found by the thorough profile: sequence, vocab=2, pairs=3, seq_len=1, beta=1, seed=0, extreme).
    0 when the difference is subnormal (< 1e-300): torch.sigmoid(-delta) is 0 beyond delta ~ 709,
    where the exact weight, and with it every term, is still subnormal."""
    max_abs, rel, _ = relative_error(a, b, problem.gradient_term_scale())
    return 0.0 if max_abs < 1e-300 else rel


@settings(deadline=None)
@given(dst.policy_problems(extreme=None))
def test_closed_form_matches_autograd(problem):
    closed = problem.closed_form_gradient()
    assert torch.isfinite(closed).all()
    err = scaled_error(closed, autograd_gradient(problem), problem)
    assert err <= tolerance(torch.float64, "autograd").rtol, (problem.family, problem.extreme, err)


def fd_rounding(problem) -> float:
    r"""Rounding error of a central difference of the loss: $\delta$ is a difference of log-probs of
    size M, so each evaluation is off by ~eps*beta*M, divided by the step h. M is small for
    ordinary problems; extreme ones can have reference log-probs ~ -6e8 (thorough profile:
    sequence, vocab=2, pairs=2, seq_len=2, beta=1, seed=5223), where no difference resolves 1e-8."""
    with torch.no_grad():
        m = max(float(t.abs().max()) for t in (*problem.logps(), *problem.ref_logps()))
        h = fd_step(problem.dtype, float(problem.loss_per_pair().abs().max()))
    return 16 * EPS * problem.beta * m / h


@settings(deadline=None)
@given(dst.policy_problems(extreme=None, beta=dst.betas(0.05, 1.0)))
def test_closed_form_matches_finite_differences(problem):
    r"""beta <= 1: the step of numeric/tolerances.py ignores beta, and the O(h^4) truncation grows
    like beta^5 (measured rel. error 7e-7 on tabular at beta = 5, extreme; 1.2e-6 loglinear at 5)."""
    closed, fd = problem.closed_form_gradient(), finite_difference_gradient(problem)
    err = scaled_error(closed, fd, problem)
    scale = max(float(closed.abs().max()), problem.gradient_term_scale(), 1e-300)
    allowed = tolerance(torch.float64, "finite-difference").rtol + fd_rounding(problem) / scale
    assert err <= allowed, (problem.family, problem.extreme, err, allowed)


@settings(deadline=None)
@given(dst.policy_problems(["tabular", "sequence"], extreme=None))
def test_gradient_sums_to_zero_over_the_vocabulary(problem):
    r"""Each softmax row's score $e_y - \pi(\cdot|x)$ sums to 0 over the vocabulary, so each row of
    the gradient does: tabular rows theta[x, :], sequence rows W[t, prev, :]."""
    grad = problem.closed_form_gradient()
    # each entry is a mean of terms beta * w * (score_w - score_l) with |w| <= 1, |score| <= 1:
    # a row sum of V such entries is 0 up to a few ulps of 2 * beta per entry
    assert (grad.sum(dim=-1).abs() <= 8 * EPS * grad.shape[-1] * 2 * problem.beta).all()


def _shift_logits(problem, c: float):
    r"""The same problem with c(row) added to every logit of each prompt's softmax row(s)."""
    gen = torch.Generator().manual_seed(0)
    if problem.family == "loglinear":  # f(x, y) + g(x) for every y shifts prompt x's logits by phi . g(x)
        features = problem.policy.features
        g = c * torch.rand((features.shape[0], 1, features.shape[2]), generator=gen, dtype=features.dtype)
        shifted = to_device(problem, dtype=problem.dtype)
        shifted.policy = LogLinearPolicy(features + g)
        return shifted
    rows = c * torch.rand(problem.params.shape[:-1] + (1,), generator=gen, dtype=problem.dtype)
    shifted = to_device(problem, dtype=problem.dtype)
    shifted.params, shifted.ref_params = problem.params + rows, problem.ref_params + rows
    return shifted


@settings(deadline=None)
@given(dst.policy_problems(), st.floats(-100.0, 100.0))
def test_constant_added_to_all_logits_of_a_prompt_changes_nothing(problem, c):
    r"""softmax is invariant to a constant per row: the loss and (2) are unchanged (for the
    log-linear family the score $f - \mathbb{E}_\pi f$ loses the shift $g(x)$ too)."""
    shifted = _shift_logits(problem, c)
    # rounding only: log_softmax of logits of size ~|c| loses about eps * |c| per token
    tol = 64 * EPS * (1 + abs(c) + float(problem.params.abs().max()))
    torch.testing.assert_close(shifted.loss_per_pair(), problem.loss_per_pair(), rtol=tol, atol=tol)
    _, rel, _ = relative_error(shifted.closed_form_gradient(), problem.closed_form_gradient())
    assert rel <= tol * (1 + problem.beta)


@settings(deadline=None)
@given(dst.policy_problems(extreme=True))
def test_finite_at_extreme_logits_and_margins(problem):
    r"""Logits up to $\pm 1000$ and $|\delta|$ near 1000: loss, weights and gradient all finite."""
    d = problem.delta()
    assert torch.isfinite(d).all() and torch.isfinite(problem.loss())
    assert torch.isfinite(problem.closed_form_gradient()).all()


def test_every_family_is_generated():
    """The strategies reach every family (so the properties above cover them all)."""
    seen = set()

    @settings(max_examples=60, deadline=None, database=None)
    @given(dst.policy_problems())
    def collect(problem):
        seen.add(problem.family)

    collect()
    assert seen == set(FAMILIES)


@pytest.mark.parametrize("family", FAMILIES)
def test_the_comparisons_above_would_catch_a_planted_slip(family):
    """Planted: the weight sigma(delta) for sigma(-delta). The autograd and finite-difference
    comparisons, with the same error measure and tolerances, refute it on every family."""
    from dpo_proof.numeric.problems import make_problem

    problem = make_problem(family, vocab=4, pairs=4, seq_len=2, beta=0.5, seed=1)
    with torch.no_grad():
        s_w, s_l = problem.scores()
        w = torch.sigmoid(problem.delta()).reshape((-1,) + (1,) * (s_w.dim() - 1))
        wrong = (-problem.beta * w * (s_w - s_l)).mean(dim=0)
    assert scaled_error(wrong, autograd_gradient(problem), problem) > 1e3 * tolerance(torch.float64, "autograd").rtol
    assert scaled_error(wrong, finite_difference_gradient(problem), problem) > tolerance(torch.float64, "finite-difference").rtol
