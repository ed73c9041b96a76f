"""The loss-family figures plot the catalogue's explicit weights, which sympy.diff confirms; a planted
wrong weight in the catalogue is caught; each is registered with a caption and alt text."""
import dataclasses

from dpo_proof.catalogue import losses
from dpo_proof.plotting import family
from dpo_proof.plotting.figures import FIGURES
from dpo_proof.plotting.verify import plotted_data, verify_figure

NAMES = ("loss-family", "loss-weights-margin", "loss-weights-split")


def test_registered_with_caption_and_alt_text_and_every_loss_drawn():
    for name in NAMES:
        spec = FIGURES[name]
        assert spec.caption and len(spec.alt) > 200 and spec.description and spec.drawer.startswith("family:") and callable(getattr(family, spec.drawer.split(":")[1]))
    gids = set(family.expected_data())
    assert {g.split("/")[1] for g in gids if g.startswith("loss-weights")} == set(losses.names())
    assert {g.split("/")[1] for g in gids if g.startswith("loss-family/")} == set(family.FAMILY)


def test_the_family_figure_matches_sympy_and_catches_a_planted_wrong_weight(monkeypatch):
    fig = FIGURES["loss-family"].draw("notes")
    assert all(c.ok for c in verify_figure("loss-family", fig))
    data = plotted_data(fig)
    assert data["loss-family/ipo"]["y"].max() > 1.6  # IPO's straight line leaves the frame: unbounded
    ipo = losses.loss("ipo")
    wrong = dataclasses.replace(ipo, torch_grad=lambda a, b, p: tuple(-g for g in ipo.torch_grad(a, b, p)))
    monkeypatch.setitem(losses.BY_NAME, "ipo", wrong)
    bad = [c for c in verify_figure("loss-family", FIGURES["loss-family"].draw("notes")) if not c.ok]
    assert [c.id for c in bad] == ["figures/loss-family/ipo"]
