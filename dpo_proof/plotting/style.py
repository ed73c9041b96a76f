"""Size and font presets (notes, slides, paper), the palette, and deterministic saving.

Every figure is drawn at the physical size it will be shown at, so a font of 10 pt in the
file is 10 pt on the page and nothing has to be scaled in LaTeX:

| style  | size (in)    | base font | meant for                                                |
| ------ | ------------ | --------- | -------------------------------------------------------- |
| notes  | 6.0 x 3.0    | 10 pt     | the full text width of an article (A4/letter, 1in margins) |
| slides | 5.5 x 2.9    | 11 pt     | a 16:9 beamer frame (160 mm x 90 mm) under a frame title |
| paper  | 3.25 x 2.2   | 8 pt      | one column of a two-column paper                         |

Text uses Computer Modern through matplotlib's own mathtext (mathtext.fontset "cm" and the
bundled cmr10), so no TeX install is needed. Colours are the Okabe-Ito palette, which stays
distinguishable under the common colour-vision deficiencies; each series also has its own
line style, so a greyscale print still tells them apart.

Saving is deterministic: the SVG hash salt is fixed, the dates, creator and producer written
into PDF, SVG and PNG are removed, and SOURCE_DATE_EPOCH is set while saving, so two runs
with the same matplotlib version give byte-identical files.
"""
from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

FORMATS = ("pdf", "svg", "png")
# pgf (for \input into LaTeX, text typeset by LaTeX itself) needs a TeX executable to measure
# text, so it is offered only where one is on PATH, and never part of the default set.
OPTIONAL_FORMATS = ("pgf",)
TEX_EXECUTABLES = ("xelatex", "lualatex", "pdflatex")
PNG_DPI = 300
# 2000-01-01T00:00:00Z: any fixed instant works; it only has to be the same every run.
SOURCE_DATE_EPOCH = "946684800"
SVG_HASHSALT = "dpo-proof"

# Okabe & Ito (2008), "Color Universal Design": safe for protanopia, deuteranopia, tritanopia.
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
}
# The roles every figure shares, so y_w is the same colour on every slide.
CHOSEN = OKABE_ITO["blue"]
REJECTED = OKABE_ITO["vermillion"]
THIRD = OKABE_ITO["green"]
MARGIN = OKABE_ITO["black"]
WEIGHT = OKABE_ITO["orange"]
SERIES = [OKABE_ITO[k] for k in ("blue", "vermillion", "green", "orange", "purple", "sky", "black")]
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1))]
SHADE_WRONG = "#FAE8DE"  # a pale vermillion: "ranked wrong"
SHADE_RIGHT = "#E3EEF6"  # a pale blue: "ranked right"
ZERO_LINE = {"color": "0.35", "lw": 0.8, "zorder": 1}  # y = 0 and margin 0, the same in every figure
ZERO_MARGIN_LS = (0, (2, 2))  # margin 0 (a vertical line) is dashed


@dataclass(frozen=True)
class Style:
    """A preset: figure size in inches, font sizes in points, line width in points."""

    name: str
    width: float
    height: float
    font_size: float
    small_size: float  # tick labels, legends, annotations
    line_width: float
    description: str

    @property
    def size(self) -> tuple[float, float]:
        return (self.width, self.height)

    @property
    def narrow(self) -> bool:
        """Too narrow for three panels side by side: figures stack them instead."""
        return self.width < 4.0


STYLES = {
    "notes": Style("notes", 6.0, 3.0, 10, 9, 1.5,
                   "full text width of an article; \\includegraphics[width=\\textwidth]"),
    "slides": Style("slides", 5.5, 2.9, 11, 10, 2.0,
                    "16:9 beamer frame (160 mm x 90 mm) below a frame title; fonts match beamer's 11 pt"),
    "paper": Style("paper", 3.25, 2.2, 8, 7, 1.2,
                   "one column of a two-column paper (ICML/NeurIPS/ACL column width)"),
}


def get_style(name: str) -> Style:
    try:
        return STYLES[name]
    except KeyError:
        raise ValueError(f"unknown style {name!r}; choose one of {', '.join(STYLES)}") from None


def rc_params(style: Style) -> dict:
    """The rcParams of a preset: Computer Modern text and math, sizes, deterministic output."""
    from cycler import cycler

    return {
        "figure.figsize": style.size,
        "figure.dpi": 100,
        "savefig.dpi": PNG_DPI,
        "savefig.bbox": None,  # keep the exact preset size: never "tight", which changes it
        "figure.constrained_layout.use": True,
        "figure.constrained_layout.h_pad": 0.04,
        "figure.constrained_layout.w_pad": 0.04,
        "font.family": "serif",
        "font.serif": ["cmr10"],
        "mathtext.fontset": "cm",
        "mathtext.rm": "cmr10",
        "axes.formatter.use_mathtext": True,  # cmr10 lacks U+2212; mathtext draws the minus
        "axes.unicode_minus": False,
        "font.size": style.font_size,
        "axes.labelsize": style.font_size,
        "axes.titlesize": style.font_size,
        "xtick.labelsize": style.small_size,
        "ytick.labelsize": style.small_size,
        "legend.fontsize": style.small_size,
        "legend.frameon": False,
        "lines.linewidth": style.line_width,
        "axes.linewidth": 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": cycler(color=SERIES[:len(LINESTYLES)]) + cycler(linestyle=LINESTYLES),
        "pdf.fonttype": 42,  # TrueType, not Type 3: editable, and accepted by every venue
        "ps.fonttype": 42,
        "svg.fonttype": "path",  # glyphs as outlines: looks the same without the fonts installed
        "svg.hashsalt": SVG_HASHSALT,
        "image.cmap": "cividis",
    }


@contextlib.contextmanager
def style_context(name: str):
    """Draw (and save) inside this: the preset's rcParams, restored afterwards."""
    import matplotlib

    style = get_style(name)
    with matplotlib.rc_context(rc_params(style)):
        yield style


def new_figure(style: Style, height: float | None = None):
    """A Figure on the Agg canvas, never registered with pyplot (no global state, no leak)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(style.width, height or style.height), layout="constrained")
    FigureCanvasAgg(fig)
    fig.dpo_style = style.name  # save_figure re-enters the same rcParams
    return fig


METADATA = {
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
    "svg": {"Creator": None, "Date": None},
    "png": {"Software": None},
    "pgf": {},
}


def tex_executable() -> str | None:
    """The first TeX engine on PATH that matplotlib's pgf backend can use, or None."""
    import shutil

    return next((exe for exe in TEX_EXECUTABLES if shutil.which(exe)), None)


@contextlib.contextmanager
def _source_date_epoch():
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def save_figure(fig, path: str | os.PathLike, fmt: str | None = None) -> Path:
    """Write `fig` to `path` byte-for-byte reproducibly (format from `fmt` or the suffix)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS + OPTIONAL_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS + OPTIONAL_FORMATS)}")
    extra = {"metadata": METADATA[fmt]} if METADATA[fmt] else {}
    with style_context(getattr(fig, "dpo_style", "notes")), _source_date_epoch(), _quiet_fonttools():
        if fmt == "pgf":
            import matplotlib

            matplotlib.rcParams["pgf.texsystem"] = tex_executable() or "xelatex"
        fig.savefig(path, format=fmt, dpi=PNG_DPI, **extra)
    return path


@contextlib.contextmanager
def _quiet_fonttools():
    """cmr10's 1990s head-table dates make fontTools warn on every PDF subset; nothing is wrong."""
    import logging

    logger = logging.getLogger("fontTools")
    old = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(old)
