"""The data checks can fail: plant the usual slips and the figures' verification catches them.

Slips planted (from dpo_proof/catalogue/slips.py): sigma(delta) for sigma(-delta), dropping beta, winner and loser
swapped, and a wrong number written straight into a drawn curve or histogram bar.
"""
from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

from dpo_proof.numeric import dpo
from dpo_proof.numeric.problems import Problem
from dpo_proof.plotting import training
from dpo_proof.plotting.curves import WEIGHTING_BETAS, WEIGHTING_MARGINS, gradient_weight
from dpo_proof.plotting.figures import FIGURES
from dpo_proof.plotting.verify import plotted_data, verify_figure


def failures(name, fig):
    return [c for c in verify_figure(name, fig) if not c.ok]


def _line(fig, gid):
    return next(line for ax in fig.axes for line in ax.get_lines() if line.get_gid() == gid)


def test_weighting_curves_equal_beta_sigma_minus_beta_m_at_every_x(rendered):
    data = plotted_data(rendered.figures["notes"]["weighting"])
    m = WEIGHTING_MARGINS
    for beta in WEIGHTING_BETAS:
        curve = data[f"weighting/beta={beta:g}"]
        np.testing.assert_array_equal(curve["x"], m)
        np.testing.assert_allclose(curve["y"], beta / (1 + np.exp(beta * m)), rtol=1e-12, atol=0)
        # and they are the numeric module's own values, not a copy of the formula
        delta = torch.as_tensor(beta * m, dtype=torch.float64)
        np.testing.assert_allclose(curve["y"], -dpo.grad_logps(delta, beta)[0].numpy(), rtol=0, atol=0)


@settings(deadline=None)
@given(beta=st.floats(0.01, 10.0), margins=st.lists(st.floats(-1000.0, 1000.0), min_size=1, max_size=8))
def test_gradient_weight_is_beta_sigma_minus_beta_m_even_at_extreme_margins(beta, margins):
    m = np.array(margins)
    got = gradient_weight(m, beta)
    assert np.all(np.isfinite(got)) and np.all((got >= 0) & (got <= beta))
    np.testing.assert_allclose(got, beta * np.exp(-np.logaddexp(0.0, beta * m)), rtol=1e-12, atol=1e-300)


def test_a_planted_wrong_weighting_curve_is_caught():
    fig = FIGURES["weighting"].draw("notes")
    m = WEIGHTING_MARGINS
    _line(fig, "weighting/beta=0.5").set_ydata(0.5 / (1 + np.exp(-0.5 * m)))  # sigma(delta): the slip
    bad = failures("weighting", fig)
    assert [c.id for c in bad] == ["figures/weighting/beta=0.5"]
    assert "sigma(-delta)" in bad[0].message and "plotted" in bad[0].message
    assert bad[0].to_dict()["max_abs_error"] > 0.1


def test_sigma_delta_in_the_numeric_module_is_caught_in_every_figure(monkeypatch):
    monkeypatch.setattr(dpo, "weight", lambda d: torch.sigmoid(d))  # sigma(delta) for sigma(-delta)
    monkeypatch.setattr(training, "_CACHE", {})
    for name in ("weighting", "loss-and-weight", "simplex-flow", "training-dynamics", "weight-histogram"):
        assert failures(name, FIGURES[name].draw("notes")), f"{name}: sigma(delta) slipped through"


def test_dropping_beta_in_the_closed_form_gradient_is_caught(monkeypatch):
    original = Problem.closed_form_gradient
    monkeypatch.setattr(Problem, "closed_form_gradient", lambda self, params=None: original(self, params) / self.beta)
    monkeypatch.setattr(training, "_CACHE", {})
    bad = failures("training-dynamics", FIGURES["training-dynamics"].draw("notes"))
    assert {"figures/training-dynamics/chosen", "figures/training-dynamics/margin"} <= {c.id for c in bad}


def test_winner_and_loser_swapped_on_the_simplex_is_caught(monkeypatch):
    original = training.simplex_problem

    def swapped(probs=(1 / 3, 1 / 3, 1 / 3)):
        problem = original(probs)
        problem.chosen, problem.rejected = problem.rejected, problem.chosen
        return problem

    monkeypatch.setattr(training, "simplex_problem", swapped)
    ids = {c.id for c in failures("simplex-flow", FIGURES["simplex-flow"].draw("notes"))}
    assert "figures/simplex-flow/field" in ids and "figures/simplex-flow/trajectory-0" in ids


def test_a_planted_histogram_bar_is_caught():
    fig = FIGURES["weight-histogram"].draw("notes")
    bar = next(p for ax in fig.axes for p in ax.patches if p.get_gid() == "weight-histogram/step=200/bin=3")
    bar.set_height(bar.get_height() + 1)
    assert [c.id for c in failures("weight-histogram", fig)] == ["figures/weight-histogram/step=200"]


def test_a_missing_curve_is_caught():
    fig = FIGURES["loss-and-weight"].draw("notes")
    _line(fig, "loss-and-weight/slope").set_gid(None)
    bad = failures("loss-and-weight", fig)
    assert [c.id for c in bad] == ["figures/loss-and-weight/slope"] and "nothing" in bad[0].message


def test_training_dynamics_shows_the_chosen_log_prob_falling_while_the_margin_grows(rendered):
    data = plotted_data(rendered.figures["notes"]["training-dynamics"])
    chosen = data["training-dynamics/chosen"]["y"]
    margin = data["training-dynamics/margin"]["y"]
    weight = data["training-dynamics/weight"]["y"]
    assert chosen[-1] < chosen[0] < chosen.max()  # rises first, ends below its start
    peak = int(np.argmax(chosen))
    assert np.all(np.diff(chosen[peak:]) < 0), "after its peak the chosen log-prob only falls"
    assert np.all(np.diff(margin) > 0), "the margin grows at every step"
    assert weight[0] == pytest.approx(0.5) and weight[-1] < 0.15 and np.all(np.diff(weight) < 0)


def test_simplex_third_response_moves_only_through_normalisation(rendered):
    r"""theta_3 never changes, so log pi_w + log pi_l - 2 log pi_3 = theta_w + theta_l - 2 theta_3 is constant."""
    from dpo_proof.plotting.simplex import from_xy

    data = plotted_data(rendered.figures["notes"]["simplex-flow"])
    for k in range(len(training.SIMPLEX_STARTS)):
        path = data[f"simplex-flow/trajectory-{k}"]
        p = from_xy(np.stack([path["x"], path["y"]], axis=1))
        invariant = np.log(p[:, 0]) + np.log(p[:, 1]) - 2 * np.log(p[:, 2])
        np.testing.assert_allclose(invariant, invariant[0], atol=1e-9)
        assert np.all(np.diff(p[:, 0] / p[:, 1]) > 0), "mass moves from y_l to y_w"
    shown = data["simplex-flow/probs-2"]["y"]
    peak = int(np.argmax(shown))
    assert 0 < peak < len(shown) - 1, "pi(y_3) rises while pi(y_l) > pi(y_w), then falls"
