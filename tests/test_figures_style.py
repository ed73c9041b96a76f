"""Presets: sizes in inches, Computer Modern mathtext, Okabe-Ito colours, 300 dpi PNG, and no
text clipped by the canvas or overlapping other text, in every style."""
from __future__ import annotations

import itertools
import os

import numpy as np
import pytest

from dpo_proof.plotting.figures import FIGURES
from dpo_proof.plotting.style import (OKABE_ITO, PNG_DPI, STYLES, get_style, rc_params, save_figure,
                                      style_context)

# Documented heights (style.py, docs/instructor-guide.md): stacked panels on narrow styles.
HEIGHT_FACTOR = {("simplex-flow", "paper"): 2.0, ("training-dynamics", "paper"): 2.2,
                 ("weight-histogram", "paper"): 1.6} | {
    (name, style): {"paper": 2.5}.get(style, 1.5)  # 0.5 a row of panels: 5 rows of 2, or 3 rows of 4
    for name in ("loss-weights-margin", "loss-weights-split") for style in ("notes", "slides", "paper")}


@pytest.fixture(scope="module")
def every_style(rendered):
    """All five figures in all three styles (drawn once per session), laid out at screen dpi."""
    out = {}
    for style in STYLES:
        for name in FIGURES:
            fig = rendered.figures[style][name]
            with style_context(style):
                fig.canvas.draw()
            out[name, style] = fig
    return out


def test_presets_are_the_documented_sizes():
    assert (STYLES["notes"].width, STYLES["notes"].height, STYLES["notes"].font_size) == (6.0, 3.0, 10)
    assert (STYLES["slides"].width, STYLES["slides"].height, STYLES["slides"].font_size) == (5.5, 2.9, 11)
    assert (STYLES["paper"].width, STYLES["paper"].height, STYLES["paper"].font_size) == (3.25, 2.2, 8)
    with pytest.raises(ValueError, match="unknown style 'poster'"):
        get_style("poster")


def test_mathtext_is_computer_modern_without_tex():
    rc = rc_params(STYLES["notes"])
    assert rc["mathtext.fontset"] == "cm" and rc["font.serif"] == ["cmr10"]
    assert "text.usetex" not in rc and rc["pdf.fonttype"] == 42


@pytest.mark.parametrize("style", list(STYLES))
def test_figures_are_drawn_at_the_preset_size(every_style, style):
    st = STYLES[style]
    for name in FIGURES:
        w, h = every_style[name, style].get_size_inches()
        assert w == pytest.approx(st.width), name
        if name == "weight-histogram" and not st.narrow:
            assert h == pytest.approx(0.8 * st.height)
        else:
            assert h == pytest.approx(HEIGHT_FACTOR.get((name, style), 1.0) * st.height), name


def test_series_use_the_colour_blind_safe_palette(every_style):
    palette = {c.lower() for c in OKABE_ITO.values()}
    from matplotlib.colors import to_hex

    for (name, style), fig in every_style.items():
        for ax in fig.axes:
            for line in ax.get_lines():
                colour = to_hex(line.get_color())
                grey = colour[1:3] == colour[3:5] == colour[5:7]
                if line.get_gid():
                    assert colour in palette or grey, (name, style, line.get_gid())


def _drawn_texts(fig):
    """Every text the renderer actually draws: tick labels only inside the view interval."""
    from matplotlib.text import Text

    renderer = fig.canvas.get_renderer()
    tick_labels, shown = set(), []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                tick_labels.update({id(tick.label1), id(tick.label2)})
                inside = lo - 1e-9 * (hi - lo) <= tick.get_loc() <= hi + 1e-9 * (hi - lo)
                for label in (tick.label1, tick.label2):
                    if inside and label.get_visible() and label.get_text():
                        shown.append(label)
    shown += [t for t in fig.findobj(Text) if id(t) not in tick_labels and t.get_visible() and t.get_text().strip()]
    return [(t.get_text(), t.get_window_extent(renderer)) for t in shown]


def test_no_text_is_clipped_or_overlaps_other_text(every_style):
    problems = []
    for (name, style), fig in every_style.items():
        canvas = fig.bbox
        texts = _drawn_texts(fig)
        assert len(texts) > 8, (name, style)
        for text, box in texts:
            if box.x0 < -1 or box.y0 < -1 or box.x1 > canvas.x1 + 1 or box.y1 > canvas.y1 + 1:
                problems.append(f"{name} [{style}]: {text!r} is clipped at {np.round(box.extents, 1)}")
        for (t1, b1), (t2, b2) in itertools.combinations(texts, 2):
            if b1.overlaps(b2):
                problems.append(f"{name} [{style}]: {t1!r} overlaps {t2!r}")
    assert not problems, "\n".join(problems)


def test_the_overlap_check_can_fail(every_style):
    fig = FIGURES["weighting"].draw("notes")
    ax = fig.axes[0]
    ax.text(0.03, 0.96, "ranked wrong:\nstrong push", transform=ax.transAxes, ha="left", va="top")  # twice
    fig.text(0.97, 0.5, "runs off the edge")  # figure text: the layout engine does not make room
    with style_context("notes"):
        fig.canvas.draw()
    texts = _drawn_texts(fig)
    assert any(b1.overlaps(b2) for (_, b1), (_, b2) in itertools.combinations(texts, 2))
    assert any(b.x1 > fig.bbox.x1 for _, b in texts)


def test_png_is_300_dpi_at_the_preset_size(tmp_path):
    from PIL import Image

    fig = FIGURES["loss-and-weight"].draw("slides")
    path = save_figure(fig, tmp_path / "x.png")
    with Image.open(path) as im:
        assert im.size == (round(5.5 * PNG_DPI), round(2.9 * PNG_DPI))
        assert round(im.info["dpi"][0]) == PNG_DPI


def test_saving_leaves_source_date_epoch_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "123")
    save_figure(FIGURES["loss-and-weight"].draw("paper"), tmp_path / "x.svg")
    assert os.environ["SOURCE_DATE_EPOCH"] == "123"
    with pytest.raises(ValueError, match="unknown format 'gif'"):
        save_figure(FIGURES["loss-and-weight"].draw("paper"), tmp_path / "x.gif")
