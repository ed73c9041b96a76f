"""The canonical derivation: every step certified, every planted wrong step refuted."""
import sympy as sp
import pytest

from dpo_proof.symbolic import derivation
from dpo_proof.symbolic.derivation import canonical_steps, derivation_report, lambdified_logp_gradient


@pytest.fixture(scope="module")
def report():
    return derivation_report("verify")


def test_every_step_holds_and_wrong_steps_are_refuted(report):
    assert report.ok
    by_id = {c.id: c for c in report.checks}
    for c in report.checks:
        if c.id.startswith("wrong/"):
            assert c.expected == "refuted" and c.verdict == "refuted" and c.fields["counterexample"]
        else:
            assert c.verdict in ("definition", "proved"), (c.id, c.verdict, c.message)
    assert {"loss", "chain-rule", "sigma-prime", "one-minus-sigma", "gradient", "grad-delta",
            "gradient-ratio-form", "gradient-log-form", "gradient-implicit-reward",
            "tabular-all-n", "convexity", "convexity-positive"} <= set(by_id)
    assert len([i for i in by_id if i.startswith("wrong/")]) >= 5


def test_tabular_identity_is_proved_for_symbolic_n_not_sampled(report):
    step = next(s for s in canonical_steps() if s.id == "tabular-all-n")
    assert sp.Symbol("n", integer=True, positive=True) in step.computed.free_symbols
    assert {c.id: c for c in report.checks}["tabular-all-n"].verdict == "proved"


def test_steps_are_computed_from_the_definitions_not_asserted(monkeypatch):
    """Change the definition of delta (drop beta on the loser) and the computed steps disagree."""
    from dpo_proof.symbolic import notation

    def wrong_delta(*args):
        return notation.implicit_reward(notation.pi_w, notation.ref_w) - sp.log(notation.pi_l / notation.ref_l)

    monkeypatch.setattr(derivation, "dpo_delta", wrong_delta)
    by_id = {c.id: c for c in derivation_report().checks}
    for step_id in ("grad-delta", "gradient-ratio-form", "gradient-log-form"):
        assert by_id[step_id].verdict == "refuted", step_id


def test_a_planted_wrong_canonical_step_fails_the_report(monkeypatch):
    """If the printed gradient were wrong (beta dropped), verify must fail, not pass."""
    original = derivation.canonical_steps

    def corrupted():
        steps = original()
        for step in steps:
            if step.id == "gradient-log-form":
                step.rhs = step.rhs.subs(derivation.beta, 1)
        return steps

    monkeypatch.setattr(derivation, "canonical_steps", corrupted)
    report = derivation_report()
    bad = {c.id: c for c in report.checks}["gradient-log-form"]
    assert not report.ok and bad.verdict == "refuted" and not bad.ok


def test_an_expected_refutation_that_holds_is_a_failure(monkeypatch):
    """A 'wrong step' that the engine cannot refute must turn the report red."""
    original = derivation.canonical_steps

    def corrupted():
        steps = original()
        for step in steps:
            if step.id == "wrong/dropped-beta":
                step.rhs = next(s.rhs for s in steps if s.id == "gradient-log-form")
        return steps

    monkeypatch.setattr(derivation, "canonical_steps", corrupted)
    bad = {c.id: c for c in derivation_report().checks}["wrong/dropped-beta"]
    assert bad.verdict == "proved" and not bad.ok


def test_lambdified_gradient_matches_the_closed_form_and_is_finite_at_extremes():
    import numpy as np
    f = lambdified_logp_gradient()
    beta, lw, ll, rw, rl = 0.5, np.array([-1.0, 2000.0, -2000.0]), np.array([-2.0, 0.0, 0.0]), -1.5, -1.5
    gw, gl = f(beta, lw, ll, rw, rl)
    delta = beta * ((lw - rw) - (ll - rl))
    weight = np.exp(np.minimum(-delta, 0)) / (1 + np.exp(-np.abs(delta)))
    assert np.allclose(gw, -beta * weight, rtol=1e-14, atol=0) and np.allclose(gl, beta * weight, rtol=1e-14, atol=0)
    assert np.all(np.isfinite(gw)) and np.all(np.isfinite(gl))


def test_json_fields_per_contract(report):
    doc = report.to_dict()
    assert doc["ok"] is True and doc["command"] == "verify"
    for c in doc["checks"]:
        assert {"id", "kind", "ok", "verdict", "message"} <= set(c)
        assert c["kind"] == "symbolic"
