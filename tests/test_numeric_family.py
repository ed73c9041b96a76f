"""gradcheck for every loss of the family: the closed form (the catalogue's explicit dl/da, dl/db
through the explicit scores) against autograd of the catalogue's own torch loss and against finite
differences; planted wrong gradients are caught; the hinge's kink and the --extreme limits are handled."""
import json

import pytest
import torch

from dpo_proof.catalogue.losses import LOSSES, loss
from dpo_proof.cli import main
from dpo_proof.numeric import gradcheck
from dpo_proof.numeric.methods import METHODS, finite_difference_gradient
from dpo_proof.numeric.policies import FAMILIES, Policy
from dpo_proof.numeric.problems import make_problem
from dpo_proof.tolerances import relative_error


def small(family, name, **kw):
    return make_problem(family, vocab=5, pairs=6, seq_len=3, seed=kw.pop("seed", 2), loss=name,
                        beta=loss(name).params["beta"], **kw)


def planted(transform):
    """A wrong closed form: the right per-pair factors (f_w, f_l) changed by `transform`, then eq. (2)'s
    contraction with the explicit scores."""
    def closed_form(pb):
        f_w, f_l = transform(pb, *pb.pair_factors())
        s_w, s_l = pb.scores()
        shape = (-1,) + (1,) * (s_w.dim() - 1)
        return (f_w.reshape(shape) * s_w + f_l.reshape(shape) * s_l).mean(dim=0)
    return closed_form


def _length_dropped(pb, f_w, f_l):
    len_w, len_l = pb.lengths()  # the 1/|y| of the chain rule dropped
    return f_w * len_w, f_l * len_l


PLANTS = {"sign": lambda pb, f_w, f_l: (-f_w, -f_l), "beta-dropped": lambda pb, f_w, f_l: (f_w / pb.beta, f_l / pb.beta),
          "swapped": lambda pb, f_w, f_l: (f_l, f_w), "length-dropped": _length_dropped}


@pytest.mark.parametrize("name", [x.name for x in LOSSES])
@pytest.mark.parametrize("family", ["tabular", "sequence"])
def test_planted_wrong_gradients_are_caught_for_every_loss(name, family):
    pb = small(family, name)
    assert all(c.ok for c in gradcheck.compare(pb, methods=("autograd", "finite-difference")))
    for plant, transform in PLANTS.items():
        if plant == "length-dropped" and not (family == "sequence" and pb.objective.length_normalised):
            continue  # one-token responses have length 1: nothing to drop
        checks = gradcheck.compare(pb, methods=("autograd", "finite-difference"), closed_form=planted(transform))
        assert [c.verdict for c in checks] == ["mismatch", "mismatch"], (name, family, plant)
        assert checks[0].fields["loss"] == name and f"--loss {name}" in checks[0].message or name == "sigmoid"


def test_gradcheck_all_losses_every_family_and_method():
    report = gradcheck.gradcheck_report(loss="all", vocab=4, pairs=4, seq_len=2)
    assert report.ok, [c.message for c in report.checks if not c.ok][:2]
    assert len(report.checks) == len(LOSSES) * len(FAMILIES) * len(METHODS)
    assert len({c.id for c in report.checks}) == len(report.checks)
    assert "tabular/autograd" in {c.id for c in report.checks} and "ipo/tabular/autograd" in {c.id for c in report.checks}
    assert report.extra["losses"]["simpo"]["beta"] == 2.0 and report.extra["loss"] == "all"


def test_extreme_checks_what_is_finite_and_says_why_not_the_rest():
    report = gradcheck.gradcheck_report(loss="all", vocab=4, pairs=4, seq_len=2, extreme=True)
    assert report.ok, [c.message for c in report.checks if not c.ok][:2]
    skipped = {c.fields["loss"] for c in report.checks if c.verdict == "skipped" and c.fields["method"] == "autograd"}
    assert skipped == {x.name for x in LOSSES if x.extreme} == {"exo_pair", "apo_zero", "apo_down", "orpo",
                                                          "fdpo_forward_kl", "fdpo_alpha"}
    orpo = next(c for c in report.checks if c.id == "orpo/tabular/autograd")
    assert "infinite" in orpo.message and orpo.ok
    fd = [c for c in report.checks if c.fields["method"] == "finite-difference" and c.verdict == "match"]
    assert fd and all(c.fields["scheme"] == "richardson" for c in fd)


def _at_the_kink(pb):
    """Move pair 0 of a tabular hinge problem exactly onto the kink beta (a - b) = 1."""
    a, b = pb.loss_inputs()
    with torch.no_grad():
        pb.params[0, pb.chosen[0]] += 1 / pb.beta - float(a[0] - b[0])
    return pb


def test_finite_differences_leave_out_pairs_at_the_hinge_s_kink_and_need_to():
    pb = _at_the_kink(small("tabular", "hinge"))
    a, b = pb.loss_inputs()
    assert abs(float(pb.beta * (a[0] - b[0])) - 1) < 1e-12
    (check,) = gradcheck.compare(pb, methods=["finite-difference"])
    assert check.ok and "1 pair(s) within a step of the kink left out" in check.message
    unguarded = relative_error(pb.closed_form_gradient(), finite_difference_gradient(pb), pb.gradient_term_scale())
    assert unguarded[1] > 1e-3  # across the kink the difference quotient sees half of each slope
    # the pairs left out are few: a planted error elsewhere is still caught
    (check,) = gradcheck.compare(pb, methods=["finite-difference"], closed_form=planted(PLANTS["sign"]))
    assert check.verdict == "mismatch"


def test_default_scheme_is_central_in_float64_and_richardson_in_float32():
    (f64,) = gradcheck.compare(small("loglinear", "ipo"), methods=["finite-difference"])
    (f32,) = gradcheck.compare(small("loglinear", "ipo", dtype=torch.float32), methods=["finite-difference"])
    assert (f64.fields["scheme"], f32.fields["scheme"]) == ("central", "richardson") and f64.ok and f32.ok


@pytest.mark.parametrize("family", FAMILIES)
def test_every_policy_follows_the_protocol_and_contracts_like_its_dense_scores(family):
    pb = small(family, "sigmoid")
    members = [m for m in vars(Policy) if not m.startswith("_")] + list(Policy.__annotations__)
    assert all(hasattr(pb.policy, m) for m in members), family
    coef = torch.linspace(-1, 2, pb.pairs, dtype=torch.float64)
    dense = pb.policy.score(pb.params, pb.prompts, pb.chosen, pb.chosen_mask)
    shape = (-1,) + (1,) * (dense.dim() - 1)
    for absolute in (False, True):
        got = pb.policy.contract(pb.params, pb.prompts, pb.chosen, pb.chosen_mask, coef, absolute)
        want = (coef.reshape(shape) * (dense.abs() if absolute else dense)).sum(dim=0)
        torch.testing.assert_close(got, want, rtol=0, atol=1e-14)


def test_cli_gradcheck_loss_json_and_usage_errors(capsys):
    assert main(["gradcheck", "--loss", "simpo", "--policy", "tabular", "--vocab", "4", "--pairs", "4", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] and doc["beta"] == 2.0 and {c["loss"] for c in doc["checks"]} == {"simpo"}
    assert [c["id"] for c in doc["checks"]][0] == "simpo/tabular/autograd"
    assert main(["gradcheck", "--loss", "nope"]) == 2
    assert "invalid choice: 'nope'" in capsys.readouterr().err
