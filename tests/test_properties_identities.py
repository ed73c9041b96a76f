r"""Identities a reader should trust, as hypothesis properties of the stable closed forms in
dpo_proof/numeric/dpo.py, over generated margins, betas and preference batches.

Each property is stated over the range where float64 makes it strictly true, and in its
honest weak form beyond (e.g. $\sigma(-\delta)$ rounds to 1 below $\delta \approx -36.7$).
"""
import math

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dpo_proof.numeric import dpo
from dpo_proof.testing import strategies as dst


EPS = torch.finfo(torch.float64).eps
t = lambda x: torch.tensor(x, dtype=torch.float64)  # noqa: E731


@settings(deadline=None)
@given(dst.deltas(36.0))
def test_weight_strictly_between_0_and_1_where_float64_can_say_so(d):
    r"""$0 < \sigma(-\delta) < 1$ for $|\delta| \le 36$: beyond, $1 - e^{-37}$ rounds to 1."""
    w = float(dpo.weight(t(d)))
    assert 0.0 < w < 1.0


@settings(deadline=None)
@given(dst.deltas(1000.0))
def test_weight_in_closed_unit_interval_everywhere(d):
    r"""$0 \le \sigma(-\delta) \le 1$ for $|\delta| \le 1000$; and $> 0$ wherever $e^{-\delta}$ is representable."""
    w = float(dpo.weight(t(d)))
    assert 0.0 <= w <= 1.0
    if d < 700:
        assert w > 0.0


@settings(deadline=None)
@given(dst.deltas(1000.0))
def test_sigma_plus_sigma_of_minus_is_one(d):
    r"""$\sigma(\delta) + \sigma(-\delta) = 1$ to two rounding errors."""
    total = float(torch.sigmoid(t(d)) + dpo.weight(t(d)))
    assert abs(total - 1.0) <= 2 * EPS


@settings(deadline=None)
@given(dst.preference_batches(max_abs_delta=1000.0))
def test_swapping_winner_and_loser_negates_delta(batch):
    r"""$\delta(y_l, y_w) = -\delta(y_w, y_l)$ exactly; so the loss becomes $-\log\sigma(-\delta)$ and
    the weight $\sigma(-\delta)$ becomes $\sigma(\delta) = 1 - \sigma(-\delta)$."""
    pc, pr, rc, rr = batch.inputs
    d, swapped = batch.delta, dpo.delta(pr, pc, rr, rc, batch.beta)
    assert torch.equal(swapped, -d)
    # log(1 + e^d) by logaddexp: torch's softplus(d) returns d itself above its threshold 20, off by e^-20
    torch.testing.assert_close(dpo.loss_per_pair(swapped), torch.logaddexp(torch.zeros_like(d), d),
                               rtol=4 * EPS, atol=1e-300)  # atol: subnormal results
    assert torch.allclose(dpo.weight(swapped), 1 - dpo.weight(d), rtol=0, atol=2 * EPS)


@settings(deadline=None)
@given(dst.preference_batches(max_abs_delta=1000.0), st.floats(-1000.0, 1000.0))
def test_same_constant_on_both_reference_log_probs_changes_nothing(batch, c):
    r"""$\delta$ depends on the reference only through $\log\pi_{ref}(y_w) - \log\pi_{ref}(y_l)$."""
    pc, pr, rc, rr = batch.inputs
    d, shifted = batch.delta, dpo.delta(pc, pr, rc + c, rr + c, batch.beta)
    # rounding only: a few ulps of the largest magnitude that entered the sums
    scale = sum(x.abs() for x in batch.inputs) + 2 * abs(c)
    assert ((shifted - d).abs() <= 8 * EPS * batch.beta * scale).all()
    for g, h in zip(dpo.grad_logps(d, batch.beta), dpo.grad_logps(shifted, batch.beta)):
        # the gradient weight moves by at most |d sigma| <= |d delta| / 4
        assert ((g - h).abs() <= batch.beta * ((shifted - d).abs() / 4 + 4 * EPS)).all()


@settings(deadline=None)
@given(dst.deltas(1000.0), dst.deltas(1000.0), st.floats(0.0, 1.0))
def test_loss_is_convex_in_delta(a, b, lam):
    r"""$\ell(\lambda a + (1-\lambda) b) \le \lambda\ell(a) + (1-\lambda)\ell(b)$, and the derivative
    $-\sigma(-\delta)$ is nondecreasing (its own derivative $\sigma(\delta)\sigma(-\delta) \ge 0$)."""
    mid = lam * a + (1 - lam) * b
    lhs = float(dpo.loss_per_pair(t(mid)))
    rhs = lam * float(dpo.loss_per_pair(t(a))) + (1 - lam) * float(dpo.loss_per_pair(t(b)))
    assert lhs <= rhs + 8 * EPS * (1 + abs(rhs))
    lo, hi = min(a, b), max(a, b)
    assert float(dpo.dloss_ddelta(t(lo))) <= float(dpo.dloss_ddelta(t(hi)))
    assert float(torch.sigmoid(t(a)) * torch.sigmoid(t(-a))) >= 0.0


@settings(deadline=None)
@given(dst.preference_batches(max_abs_delta=1000.0))
def test_everything_finite_at_extreme_margins(batch):
    r"""Loss, weight and gradient finite for $|\delta| \le 1000$, the loss $\ge 0$ and equal to
    $\max(-\delta, 0)$ up to $e^{-|\delta|}$."""
    d = batch.delta
    values = [dpo.loss_per_pair(d), dpo.weight(d), dpo.loss(d), *dpo.grad_logps(d, batch.beta)]
    assert all(torch.isfinite(v).all() for v in values)
    loss = dpo.loss_per_pair(d)
    assert (loss >= 0).all()
    hinge = torch.clamp(-d, min=0.0)
    assert ((loss - hinge).abs() <= torch.exp(-d.abs()) + 4 * EPS * (1 + hinge)).all()


@settings(deadline=None)
@given(dst.deltas(1000.0))
def test_outer_derivative_matches_autograd_and_finite_differences(d):
    r"""$\frac{d}{d\delta}(-\log\sigma(\delta)) = -\sigma(-\delta)$: closed form against torch
    autograd and against a central difference (step $2^{-10}$, error $O(h^2)$)."""
    x = t(d).requires_grad_(True)
    (auto,) = torch.autograd.grad(dpo.loss_per_pair(x), x)
    closed = float(dpo.dloss_ddelta(t(d)))
    assert math.isclose(float(auto), closed, rel_tol=4 * EPS, abs_tol=1e-300)
    h = 2.0 ** -10
    fd = float(dpo.loss_per_pair(t(d + h)) - dpo.loss_per_pair(t(d - h))) / (2 * h)
    # truncation h^2/6 |l'''| <= h^2/6 * 0.1; rounding eps |l| / h
    assert abs(fd - closed) <= h * h / 6 * 0.1 + 4 * EPS * (1 + abs(d)) / h


@settings(deadline=None)
@given(dst.preference_batches(max_abs_delta=1000.0))
def test_gradient_in_the_four_log_probs_matches_autograd(batch):
    r"""Eq. (2) with (b) at log-prob level: $(-\beta w, +\beta w, +\beta w, -\beta w)$, $w = \sigma(-\delta)$."""
    leaves = [x.clone().requires_grad_(True) for x in batch.inputs]
    auto = torch.autograd.grad(dpo.loss_per_pair(dpo.delta(*leaves, batch.beta)).sum(), leaves)
    for a, c in zip(auto, dpo.grad_logps(batch.delta, batch.beta)):
        torch.testing.assert_close(a, c, rtol=4 * EPS, atol=1e-300)
