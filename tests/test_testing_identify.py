"""check-loss says which loss an implementation is: every catalogue loss, written independently in
docs/examples/losses/family.py in the shapes libraries use, is identified by name and
hyper-parameters, with exactly one cause per report and never a fix that changes its family;
checked as itself (`loss=`), it passes."""
from pathlib import Path

import pytest

from dpo_proof.catalogue.losses import BY_NAME
from dpo_proof.catalogue.slips import CORRECT_CODE
from dpo_proof.testing import check_dpo_loss, load_target

FAMILY = Path(__file__).resolve().parent.parent / "docs" / "examples" / "losses" / "family.py"

#: (function in family.py, beta given to the checker, catalogue name, its parameters as identified)
CASES = [
    ("cdpo_loss", 0.1, "cdpo", {"beta": 0.1, "label_smoothing": 0.25}),
    ("robust_loss", 0.2, "robust", {"beta": 0.2, "label_smoothing": 0.3}),
    ("ipo_loss", 0.1, "ipo", {"beta": 0.1}),
    ("hinge_loss", 0.5, "hinge", {"beta": 0.5}),
    ("exo_pair_loss", 0.1, "exo_pair", {"beta": 0.1, "label_smoothing": 1e-3}),
    ("discopop_loss", 0.05, "discopop", {"beta": 0.05, "tau": 0.05}),
    ("nca_pair_loss", 0.1, "nca_pair", {"beta": 0.1}),
    ("bco_pair_loss", 0.1, "bco_pair", {"beta": 0.1, "reward_shift": 0.3}),
    ("sppo_hard_loss", 1.0, "sppo_hard", {"beta": 1.0}),
    ("apo_zero_loss", 0.1, "apo_zero", {"beta": 0.1}),
    ("apo_down_loss", 0.1, "apo_down", {"beta": 0.1}),
    ("simpo_loss", 2.0, "simpo", {"beta": 2.0, "gamma": 1.0}),
    ("orpo_loss", 0.1, "orpo", {"beta": 0.1}),
    ("fdpo_js_loss", 0.1, "fdpo_js", {"beta": 0.1}),
    ("fdpo_alpha_loss", 0.1, "fdpo_alpha", {"beta": 0.1, "alpha": 0.7}),
    ("fdpo_forward_kl_loss", 0.1, "fdpo_forward_kl", {"beta": 0.1}),
    ("alphapo_loss", 2.0, "alphapo", {"beta": 2.0, "gamma": 0.5, "alpha": 0.4}),
    ("simpo_hinge_loss", 2.5, "simpo_hinge", {"beta": 2.5, "gamma": 1.25}),
]


def family(name):
    return load_target(f"{FAMILY}:{name}")[0]


def causes(report) -> set:
    """The distinct causes stated by the failing comparisons of a report."""
    return {c.fields.get("likely_cause") for c in report.checks if not c.ok and c.id != "loss-finite-extreme"}


def needs(name):
    if name not in BY_NAME:
        pytest.skip(f"the catalogue has no {name!r} yet")


@pytest.mark.parametrize("fn, beta, name, params", CASES, ids=[c[0] for c in CASES])
def test_each_catalogue_loss_is_identified_by_name_and_parameters(fn, beta, name, params):
    needs(name)
    report = check_dpo_loss(family(fn), beta)
    assert not report.ok
    found = report.extra["identified"]
    assert found["loss"] == name and found["params"] == pytest.approx(params), report.to_text()
    assert len(causes(report)) == 1, causes(report)
    messages = "\n".join(c.message for c in report.checks)
    assert f"--loss {name}" in messages and CORRECT_CODE not in messages  # never "make it DPO"


@pytest.mark.parametrize("fn, beta, name, params", CASES, ids=[c[0] for c in CASES])
def test_each_catalogue_loss_passes_as_itself(fn, beta, name, params):
    needs(name)
    report = check_dpo_loss(family(fn), loss=name, params=params)
    assert report.ok, report.to_text()
    assert report.extra["identified"]["loss"] == name


def test_the_wrong_parameter_of_the_right_loss_is_said_so():
    report = check_dpo_loss(family("cdpo_loss"), loss="cdpo", params={"beta": 0.1, "label_smoothing": 0.1})
    (cause,) = causes(report)
    assert "ε = 0.25, not β = 0.1, ε = 0.1" in cause
    fixes = {c.message.splitlines()[-1] for c in report.checks if not c.ok and c.id != "loss-finite-extreme"}
    assert fixes == {"fix: if ε = 0.25 is what you use, check with those values (--loss cdpo --param beta=0.1 "
                     "--param label_smoothing=0.25 (from Python: loss='cdpo', params={'beta': 0.1, "
                     "'label_smoothing': 0.25})); otherwise set β = 0.1, ε = 0.1 where the loss reads it"}


def test_reference_free_by_design_is_identified_not_called_a_slip():
    report = check_dpo_loss(family("reference_free_dpo"), 0.1)
    assert report.extra["identified"] == {"loss": "sigmoid", "params": {"beta": 0.1}, "reference_free": True}
    assert all(c.fields.get("slip") is None for c in report.checks)
    assert check_dpo_loss(family("reference_free_dpo"), 0.1, reference_free=True).ok


def test_a_reference_left_out_by_mistake_is_the_slip():
    report = check_dpo_loss(family("reference_free_dpo"), 0.1, kw={"reference_free": False})
    assert report.ok
    import torch.nn.functional as F

    def forgot(pc, pr, rc, rr):
        return -F.logsigmoid(0.1 * (pc - pr))

    assert {c.fields.get("slip") for c in check_dpo_loss(forgot, 0.1).checks if not c.ok} == {"reference-missing"}


def test_an_added_nll_term_is_named_with_its_weight():
    report = check_dpo_loss(family("dpo_plus_nll"), 0.1)
    assert report.extra["identified"] == {"loss": "sigmoid", "params": {"beta": 0.1}, "nll_weight": 0.5}
    assert "plus 0.5 × NLL(y_w)" in next(iter(causes(report)))


@pytest.mark.parametrize("fn, phrase", [
    ("sorted_batch_loss", "depends on the other pairs in the batch"),
    ("running_bco_loss", "keeps state between calls"),
])
def test_losses_that_are_not_per_pair_are_said_to_be_so(fn, phrase):
    report = check_dpo_loss(family(fn), 0.1)
    assert report.extra["identified"] is None
    (cause,) = causes(report)
    assert phrase in cause


def test_a_loss_that_is_nothing_known_says_so_once(monkeypatch):
    import torch

    from dpo_proof.testing import identify

    monkeypatch.setattr(identify, "BUDGET", 300)  # a smaller search: the outcome is the same, sooner
    report = check_dpo_loss(lambda pc, pr, rc, rr: torch.sin(pc - pr), 0.1)
    assert causes(report) == {None} and report.extra["identified"] is None
    assert all("no known bug reproduces these numbers" in c.message for c in report.checks
               if not c.ok and c.id.startswith("loss-value"))


def test_identification_can_be_switched_off():
    report = check_dpo_loss(family("ipo_loss"), 0.1, identify=False)
    assert not report.ok and report.extra["identified"] is None


def test_f_dpo_alpha_is_named_in_the_paper_s_and_in_trl_s_parametrisation():
    """TRL >= 0.29 writes the alpha-divergence with alpha' = 1 - alpha: its coefficient 0.3 is the paper's 0.7,
    and the report names both; alpha = 1 (TRL <= 0.28's default coefficient) is the forward KL."""
    (cause,) = causes(check_dpo_loss(family("fdpo_alpha_loss"), 0.1))
    assert "α = 0.7" in cause and "f_alpha_divergence_coef α' = 1 − α = 0.3" in cause
    report = check_dpo_loss(family("fdpo_alpha_loss"), 0.1, kw={"f_alpha_divergence_coef": 0.0})
    assert report.extra["identified"] == {"loss": "fdpo_forward_kl", "params": {"beta": 0.1}}
    assert "α-divergence at α = 1" in next(iter(causes(report)))


def test_simpo_s_hinge_without_a_margin_is_the_reference_free_hinge():
    """gamma = 0 makes SimPO's hinge TRL-CPO's hinge: named by the earlier catalogue entry, as before."""
    report = check_dpo_loss(family("simpo_hinge_loss"), 2.5, kw={"gamma_beta_ratio": 0.0})
    assert report.extra["identified"] == {"loss": "hinge", "params": {"beta": 2.5}, "reference_free": True}
