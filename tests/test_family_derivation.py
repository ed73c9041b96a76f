"""`dpo-proof derive --loss NAME`: every loss's dl/da, dl/db, weight and gradient certified by the
equality engine, its wrong steps refuted; a planted wrong closed form in the catalogue is caught."""
import dataclasses
import json

import pytest

from dpo_proof.catalogue.losses import LOSSES, loss
from dpo_proof.cli import main
from dpo_proof.symbolic import family
from dpo_proof.symbolic.derivation import certify_step


@pytest.fixture(scope="module")
def report():
    return family.family_report()


def test_every_step_of_every_loss_holds_and_every_wrong_step_is_refuted(report):
    assert report.ok, [c.id for c in report.checks if not c.ok]
    by_id = {c.id: c for c in report.checks}
    for x in LOSSES:
        for step in ("d-da", "d-db", "gradient"):
            assert by_id[f"family/{x.name}/{step}"].verdict == "proved", (x.name, step)
        assert (f"family/{x.name}/weight" in by_id) == x.margin_only
        for slip in ("sign", "swapped", "beta-dropped") + (("length-dropped",) if x.length_normalised else ()):
            check = by_id[f"wrong/{x.name}/{slip}"]
            assert check.verdict == "refuted" and check.ok and check.fields["counterexample"], (x.name, slip)


@pytest.mark.parametrize("x", LOSSES, ids=lambda x: x.name)
def test_a_planted_wrong_closed_form_in_the_catalogue_is_refuted(x):
    """Sign lost, a factor 2 missing, a and b swapped: each in the catalogue's own dl/da."""
    right = x.sympy_grad
    for wrong in (lambda a, b, p: (-right(a, b, p)[0], right(a, b, p)[1]),
                  lambda a, b, p: (right(a, b, p)[0] / 2, right(a, b, p)[1]),
                  lambda a, b, p: (right(b, a, p)[0], right(a, b, p)[1])):
        step = next(s for s in family.family_steps(dataclasses.replace(x, sympy_grad=wrong))
                    if s.id.endswith("/d-da"))
        check = certify_step(step)
        assert check.verdict == "refuted" and not check.ok, (x.name, check.message)


def test_a_loss_that_is_not_of_the_margin_alone_is_refuted_as_such():
    nca = dataclasses.replace(loss("nca_pair"), margin_only=True)
    weight = next(s for s in family.family_steps(nca) if s.id.endswith("/weight"))
    assert certify_step(weight).verdict == "refuted"


def test_the_gradient_step_carries_the_length_of_normalised_losses_only():
    for x in LOSSES:
        gradient = next(s for s in family.family_steps(x) if s.id.endswith("/gradient"))
        assert gradient.rhs.has(family.n_w) == gradient.rhs.has(family.n_l) == x.length_normalised, x.name


@pytest.mark.parametrize("fmt, marker", [("text", "The IPO gradient"), ("markdown", "# The IPO gradient"),
                                         ("latex", "\\begin{align}")])
def test_derive_loss_prints_every_format(capsys, fmt, marker):
    assert main(["derive", "--loss", "ipo", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert marker in out and ("refuted" in out or fmt == "latex")
    if fmt == "latex":
        assert "\\frac{\\partial \\ell}{\\partial a}" in out and "\\neq" in out


def test_derive_loss_json_and_a_wrong_name(capsys):
    assert main(["derive", "--loss", "orpo", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] and {c["id"] for c in doc["checks"]} >= {"family/orpo/d-da", "wrong/orpo/length-dropped"}
    assert main(["derive", "--loss", "kto"]) == 2
    assert "invalid choice: 'kto'" in capsys.readouterr().err
