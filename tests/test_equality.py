"""The equality engine says yes to true DPO identities and no, with a counterexample, to wrong ones."""
import sympy as sp
import pytest

from dpo_proof.limits import Timeout, deadline
from dpo_proof.symbolic.equality import check_equal
from dpo_proof.symbolic.notation import (beta, dpo_delta, dpo_loss, phi, pi_l, pi_w, ref_w,
                                         sigma, np_sigmoid)

d = sp.Symbol("delta", real=True)
grad_log = sp.Derivative(sp.log(pi_w), phi) - sp.Derivative(sp.log(pi_l), phi)
gradient = sp.diff(dpo_loss(dpo_delta()), phi)


@pytest.mark.parametrize("lhs, rhs", [
    (1 - sigma(d), sigma(-d)),
    (sp.diff(1 / (1 + sp.exp(-d)), d), sigma(d) * (1 - sigma(d))),
    (sp.diff(dpo_delta(), phi), beta * sp.Derivative(pi_w, phi) / pi_w - beta * sp.Derivative(pi_l, phi) / pi_l),
    (gradient, -beta * sigma(-dpo_delta()) * grad_log),
    (sp.log(pi_w / ref_w), sp.log(pi_w) - sp.log(ref_w)),  # needs expand_log with positivity
    (sigma(d) + sigma(-d), 1),
])
def test_true_identities_are_proved(lhs, rhs):
    result = check_equal(lhs, rhs)
    assert result.verdict == "proved", result
    assert result.holds and result.counterexample is None


@pytest.mark.parametrize("lhs, rhs", [
    (1 - sigma(d), sigma(d)),                                              # sigma(delta) for sigma(-delta)
    (gradient, -sigma(-dpo_delta()) * grad_log),                           # beta dropped
    (gradient, beta * sigma(-dpo_delta()) * grad_log),                     # winner and loser swapped
    (gradient, -beta * sigma(dpo_delta()) * grad_log),                     # sigma(delta)
    (gradient, -beta * sigma(-dpo_delta())
     * (sp.Derivative(pi_w, phi) - sp.Derivative(pi_l, phi))),            # grad pi for grad log pi
    (sp.diff(-sp.log(sigma(d)), d), -(1 - sigma(d)) ** 2),                 # sigma' counted twice
])
def test_planted_wrong_identities_are_refuted_with_a_counterexample(lhs, rhs):
    result = check_equal(lhs, rhs)
    assert result.verdict == "refuted", result
    cex = result.counterexample
    assert cex["at"] and abs(cex["lhs"] - cex["rhs"]) > 1e-6
    # the counterexample is real: substitute it back and the sides differ
    assert "left side" in result.reason and "right side" in result.reason


def test_counterexample_names_the_variables_in_dpo_notation():
    result = check_equal(1 - sigma(d), sigma(d))
    assert set(result.counterexample["at"]) == {"δ"}
    assert result.reason.startswith("at δ = ")


def test_float_cancellation_is_not_a_refutation():
    # (1e8 + x) - 1e8 = x: float64 rounding at a probe must not be read as a mismatch
    x = sp.Symbol("x", positive=True)
    assert check_equal((sp.Integer(10) ** 12 + x) - sp.Integer(10) ** 12, x).holds


def test_same_seed_same_counterexample_different_seed_may_differ():
    a = check_equal(1 - sigma(d), sigma(d), seed=3)
    b = check_equal(1 - sigma(d), sigma(d), seed=3)
    assert a == b
    # another seed probes other points: the verdict stands, the point moves (the seed is used)
    others = [check_equal(1 - sigma(d), sigma(d), seed=s) for s in (0, 1, 2)]
    assert all(o.verdict == "refuted" for o in others)
    points = {o.counterexample["at"]["δ"] for o in others + [a]}
    assert len(points) > 1, points
    for o in others:  # each point really separates the sides
        x = o.counterexample["at"]["δ"]
        assert abs(float((1 - sigma(d) - sigma(d)).subs(d, x).evalf())) > 1e-6


def test_identity_without_certificate_is_numerically_true(monkeypatch):
    import dpo_proof.symbolic.equality as eq
    monkeypatch.setattr(eq, "TRANSFORMS", ())  # no transform: only the numeric screen is left
    result = check_equal(1 - sigma(d), sigma(-d))
    assert result.verdict == "numerically-true" and "agreed at all" in result.reason


def test_unevaluable_sides_are_skipped_not_proved():
    big = sp.exp(sp.exp(sp.Symbol("y", positive=True) * 1000))
    result = check_equal(big, big + 1, time_limit=1.0)
    assert result.verdict in ("skipped", "refuted")


def test_strings_are_rejected_never_sympified():
    with pytest.raises(TypeError):
        check_equal("__import__('os')", "0")


def test_deadline_interrupts_a_slow_block():
    import time
    with pytest.raises(Timeout):
        with deadline(0.05):
            time.sleep(2)


def test_stable_sigmoid_at_extremes():
    import numpy as np
    values = np_sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    assert np.all(np.isfinite(values)) and values[0] == 0.0 and values[1] == 0.5 and values[2] == 1.0


def test_derivative_of_a_function_of_the_parameter_twice_is_not_waved_through():
    """d/dphi f(phi, phi) comes back from sympy as Subs objects; they must be frozen, not dropped."""
    f = sp.Function("f", positive=True)
    derivative = sp.diff(f(phi, phi), phi)
    assert check_equal(derivative, 7).verdict == "refuted"
    assert check_equal(derivative, derivative + 0).verdict == "proved"
