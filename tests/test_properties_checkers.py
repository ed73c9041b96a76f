r"""The checkers themselves: they accept every generated right formula and refute every randomly
perturbed one (check_dpo_loss, check_dpo_gradient, and symbolic/equality.check_equal)."""
import sympy as sp
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dpo_proof.testing import check_dpo_gradient, check_dpo_loss
from dpo_proof.testing import strategies as dst


CHECK_BETAS = dst.betas(0.05, 5.0)


@settings(deadline=None)
@given(st.data(), CHECK_BETAS)
def test_check_dpo_loss_accepts_generated_correct_losses(data, beta):
    variant = data.draw(dst.correct_dpo_losses(beta), label="loss")
    report = check_dpo_loss(variant.fn, beta)
    assert report.ok, f"{variant.description}\n{report.to_text()}"


@settings(deadline=None, max_examples=100)  # each example runs a whole check and its diagnosis
@given(st.data(), CHECK_BETAS)
def test_check_dpo_loss_rejects_generated_wrong_losses(data, beta):
    variant = data.draw(dst.wrong_dpo_losses(beta), label="loss")
    report = check_dpo_loss(variant.fn, beta, identify=False)  # rejecting is the property; naming: test_testing_identify
    assert not report.ok, variant.description
    assert all(c.verdict in ("match", "mismatch", "unstable") for c in report.checks)


_factor = st.floats(-3.0, -0.05) | st.floats(0.2, 0.95) | st.floats(1.05, 3.0)


@st.composite
def perturbed_gradients(draw, beta):
    r"""$(-c\beta\sigma(-(a\delta + b)), +c\beta\sigma(-(a\delta + b)))$ with $(a, b, c) \ne (1, 0, 1)$:
    a wrong scale on beta, on delta, a sign, or a shifted delta."""
    a = draw(st.just(1.0) | _factor | st.just(-1.0))
    b = draw(st.just(0.0) | st.floats(0.1, 5.0) | st.floats(-5.0, -0.1))
    c = draw(st.just(1.0) | _factor | st.just(-1.0))
    assume((a, b, c) != (1.0, 0.0, 1.0))

    def grad_fn(pc, pr, rc, rr):
        w = c * beta * torch.sigmoid(-(a * beta * ((pc - rc) - (pr - rr)) + b))
        return -w, w

    return grad_fn, (a, b, c)


@settings(deadline=None, max_examples=100)  # each example runs a whole check and its diagnosis
@given(st.data(), CHECK_BETAS)
def test_check_dpo_gradient_rejects_perturbed_gradients(data, beta):
    grad_fn, abc = data.draw(perturbed_gradients(beta), label="gradient")
    assert not check_dpo_gradient(grad_fn, beta).ok, abc


@settings(deadline=None)
@given(CHECK_BETAS)
def test_check_dpo_gradient_accepts_the_closed_form_at_any_beta(beta):
    def grad_fn(pc, pr, rc, rr):
        w = beta * torch.sigmoid(-beta * ((pc - rc) - (pr - rr)))
        return -w, w

    assert check_dpo_gradient(grad_fn, beta).ok


# --------------------------------------------------------------------------- symbolic

def _symbolic():
    from dpo_proof.symbolic import notation as n

    delta = n.dpo_delta()
    lhs = sp.diff(n.dpo_loss(delta), n.phi)  # d/dphi of -log sigma(delta): sympy's chain rule
    return n, lhs


_small = st.sampled_from([sp.Rational(k, 4) for k in range(-8, 9) if k])


@st.composite
def perturbed_closed_forms(draw):
    r"""$-c_1\beta\,\sigma(-s\delta)\,(\pi_w'/\pi_w^{k} - c_2\,\pi_l'/\pi_l)$ with at least one of
    $c_1, s, k, c_2$ away from the true value 1: a wrong factor, the sigma(delta) slip, grad pi
    for grad log pi, or a wrong sign between the two scores."""
    c1, c2 = draw(st.just(sp.Integer(1)) | _small), draw(st.just(sp.Integer(1)) | _small)
    s, k = draw(st.sampled_from([1, -1])), draw(st.sampled_from([1, 0, 2]))
    assume((c1, c2, s, k) != (1, 1, 1, 1))
    return (c1, c2, s, k)


@settings(deadline=None)
@given(perturbed_closed_forms())
def test_check_equal_refutes_perturbed_symbolic_gradients(params):
    from dpo_proof.symbolic.equality import check_equal

    n, lhs = _symbolic()
    c1, c2, s, k = params
    dw, dl = sp.diff(n.pi_w, n.phi), sp.diff(n.pi_l, n.phi)
    wrong = -c1 * n.beta * n.sigma(-s * n.dpo_delta()) * (dw / n.pi_w ** k - c2 * dl / n.pi_l)
    result = check_equal(lhs, wrong, time_limit=3.0)
    assert result.verdict == "refuted", (params, result)
    assert result.counterexample is not None


def test_check_equal_proves_the_unperturbed_closed_form():
    """The control: with every factor at its true value, (2) with (b) is proved."""
    from dpo_proof.symbolic.equality import check_equal

    n, lhs = _symbolic()
    dw, dl = sp.diff(n.pi_w, n.phi), sp.diff(n.pi_l, n.phi)
    right = -n.beta * n.sigma(-n.dpo_delta()) * (dw / n.pi_w - dl / n.pi_l)
    assert check_equal(lhs, right, time_limit=10.0).verdict in ("proved", "numerically-true")
