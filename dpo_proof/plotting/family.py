r"""Figures of the preference-loss family: how each catalogue loss weights a pair.

- `loss-family`: the weight $w(m) = -\partial\ell/\partial a$ against the margin m for DPO, cDPO, robust
  DPO, IPO, hinge and SimPO at one beta (the family's matched comparison);
- `loss-weights-margin`: the per-loss version of the `weighting` figure for every loss of the margin
  alone, each panel at the loss's own default hyper-parameters;
- `loss-weights-split`: the same for the losses that weight the chosen and the rejected response apart,
  $w_w = -\partial\ell/\partial a$ (solid) and $w_l = \partial\ell/\partial b$ (dashed), along
  $a = -1/\beta + m/2$, $b = -1/\beta - m/2$ (ORPO, AlphaPO: per-token log-probs $a = -3 + m/2$, $b = -3 - m/2$);
  weights that grow exponentially (f-DPO's forward KL and alpha-divergence) on a log axis.

Every plotted number comes from the catalogue's explicit torch gradient (`Loss.weights`); `expected_data`
recomputes them from sympy.diff of the catalogue's sympy form, evaluated in numpy, for
`plotting.verify`. Lines carry gids "loss-family/<loss>", "loss-weights-margin/<loss>",
"loss-weights-split/<loss>/chosen" and ".../rejected".
"""
from __future__ import annotations

import numpy as np
import torch

from ..catalogue.losses import LOSSES, Loss, loss as catalogue_loss
from .style import CHOSEN, OKABE_ITO, REJECTED, ZERO_LINE, ZERO_MARGIN_LS, new_figure, style_context

FAMILY_BETA = 1.0
FAMILY = ("sigmoid", "cdpo", "robust", "ipo", "hinge", "simpo")
FAMILY_MARGINS = np.linspace(-6.0, 6.0, 480)  # misses the hinge's kink at m = 1, where the slope is a choice
FAMILY_STYLES = {"sigmoid": (OKABE_ITO["black"], "-"), "cdpo": (OKABE_ITO["orange"], "--"),
                 "robust": (OKABE_ITO["sky"], "-."), "ipo": (OKABE_ITO["green"], ":"),
                 "hinge": (OKABE_ITO["purple"], (0, (5, 1, 1, 1, 1, 1))), "simpo": ("#777777", (0, (1, 1)))}
FAMILY_LABELS = {"sigmoid": "DPO", "cdpo": "cDPO", "robust": "robust", "ipo": "IPO", "hinge": "hinge", "simpo": "SimPO"}
MARGIN_LOSSES = tuple(x.name for x in LOSSES if x.margin_only)
SPLIT_LOSSES = tuple(x.name for x in LOSSES if not x.margin_only)
PANEL_POINTS = 320  # misses m = 0 and the kink at beta m = 1
ORPO_CENTRE = -3.0


def _t(values) -> torch.Tensor:
    return torch.as_tensor(np.asarray(values), dtype=torch.float64)


def panel_inputs(objective: Loss) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(m, a, b) of a loss's panel: m over +-8/beta; a loss of the margin alone at b = 0, the others at
    a = -1/beta + m/2, b = -1/beta - m/2, both log-ratios drifted below the reference as in training
    (ORPO: per-token log-probs around -3)."""
    if objective.reference_free and not objective.margin_only:
        m = np.linspace(-5.8, 5.8, PANEL_POINTS)  # a = -3 + m/2 and b = -3 - m/2 stay below 0
        return m, ORPO_CENTRE + m / 2, ORPO_CENTRE - m / 2
    beta = objective.params["beta"]
    m = np.linspace(-8.0, 8.0, PANEL_POINTS) / beta
    if objective.margin_only:
        return m, m, np.zeros_like(m)
    return m, -1 / beta + m / 2, -1 / beta - m / 2


def weights(objective: Loss, a: np.ndarray, b: np.ndarray, params: dict | None = None):
    """(w_w, w_l) from the catalogue's explicit gradient."""
    w_w, w_l = objective.weights(_t(a), _t(b), params or objective.params)
    return w_w.numpy(), w_l.numpy()


def _family_params(name: str) -> dict:
    return catalogue_loss(name).with_params(beta=FAMILY_BETA)


def loss_family(style: str = "notes"):
    r"""The weight $w(m)$ of DPO, cDPO, robust, IPO, hinge and SimPO at beta = 1."""
    with style_context(style) as st:
        fig = new_figure(st)
        ax = fig.add_subplot()
        m = FAMILY_MARGINS
        ax.axhline(0, **ZERO_LINE)
        ax.axvline(0, ls=ZERO_MARGIN_LS, **ZERO_LINE)
        for name in FAMILY:
            colour, ls = FAMILY_STYLES[name]
            w = weights(catalogue_loss(name), m, np.zeros_like(m), _family_params(name))[0]
            ax.plot(m, w, color=colour, ls=ls, label=FAMILY_LABELS[name], gid=f"loss-family/{name}", zorder=3)
        ax.set_xlim(m[0], m[-1])
        ax.set_ylim(-0.6, 1.6)  # IPO's straight line 1 - 2m leaves the frame: it is unbounded
        ax.set_xlabel(r"margin $m = a - b$  ($\beta = 1$)")
        ax.set_ylabel(r"weight $w(m) = -\partial\ell/\partial a$")
        ax.legend(loc="upper right", ncol=2 if not st.narrow else 1, handlelength=2.2)
    return fig


def _columns(count: int, narrow: bool) -> int:
    return 2 if narrow else (4 if count > 6 else 3)


def _grid(fig, count: int, narrow: bool):
    cols = _columns(count, narrow)
    rows = -(-count // cols)
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax in axes[count:]:
        ax.set_visible(False)
    return axes[:count], cols


def _panel(ax, objective: Loss, gid: str, split: bool):
    from matplotlib.ticker import MaxNLocator

    m, a, b = panel_inputs(objective)
    w_w, w_l = weights(objective, a, b)
    ax.axhline(0, color="0.35", lw=0.6, zorder=1)
    if split:
        ax.plot(m, w_w, color=CHOSEN, ls="-", gid=f"{gid}/{objective.name}/chosen", zorder=3)
        ax.plot(m, w_l, color=REJECTED, ls="--", gid=f"{gid}/{objective.name}/rejected", zorder=3)
    else:
        ax.plot(m, w_w, color=OKABE_ITO["black"], ls="-", gid=f"{gid}/{objective.name}", zorder=3)
    ax.set_xlim(m[0], m[-1])
    ax.set_title(objective.name.replace("_", " "), loc="left", pad=2)
    ax.xaxis.set_major_locator(MaxNLocator(3, symmetric=not split or not objective.reference_free))
    if exponential_panel(w_w, w_l):
        from matplotlib.ticker import FixedLocator, NullLocator

        low, high = LOG_FLOOR * objective.params["beta"], 10 * float(max(w_w.max(), w_l.max()))
        ax.set_yscale("log")  # e^{alpha |a|}: a straight line here, a spike on a linear axis
        ax.set_ylim(low, high)
        span = np.log10([low, high])
        decades = 10.0 ** np.round(span[0] + np.array([0.2, 0.75]) * (span[1] - span[0]))  # two, clear of the title
        ax.yaxis.set_major_locator(FixedLocator(decades))
        ax.yaxis.set_minor_locator(NullLocator())
    else:
        ax.yaxis.set_major_locator(MaxNLocator(3))


#: weights reaching beyond this (all >= 0) are drawn on a log axis, from LOG_FLOOR * beta up
EXPONENTIAL_WEIGHT = 1e3
LOG_FLOOR = 1e-4


def exponential_panel(w_w: np.ndarray, w_l: np.ndarray) -> bool:
    """True for weights that grow like an exponential (f-DPO's e^{alpha |a|}): positive, past 1e3."""
    return bool(min(w_w.min(), w_l.min()) >= 0 and max(w_w.max(), w_l.max()) > EXPONENTIAL_WEIGHT)


# half the preset height a row of panels, at least the preset (documented in docs/instructor-guide.md):
# narrow styles stack the panels two to a row, wide ones four
ROW_HEIGHT = 0.5


def _weights_figure(style: str, names: tuple[str, ...], gid: str, split: bool):
    with style_context(style) as st:
        rows = -(-len(names) // _columns(len(names), st.narrow))
        fig = new_figure(st, height=max(1.0, ROW_HEIGHT * rows) * st.height)
        axes, cols = _grid(fig, len(names), st.narrow)
        for i, (ax, name) in enumerate(zip(axes, names)):
            _panel(ax, catalogue_loss(name), gid, split)
            if i >= len(names) - cols:
                ax.set_xlabel(r"margin $m$")
        if split:
            fig.legend(handles=axes[0].get_lines()[1:], labels=[r"$w_w$ (chosen)", r"$w_l$ (rejected)"],
                       loc="outside lower center", ncol=2)
    return fig


def loss_weights_margin(style: str = "notes"):
    """Per-loss weighting figures: w(m) for every loss of the margin alone, at its defaults."""
    return _weights_figure(style, MARGIN_LOSSES, "loss-weights-margin", split=False)


def loss_weights_split(style: str = "notes"):
    """Per-loss weighting figures: w_w and w_l for every loss that weights the responses apart."""
    return _weights_figure(style, SPLIT_LOSSES, "loss-weights-split", split=True)


def expected_data() -> dict:
    """What the three figures must plot, from sympy.diff of the catalogue's sympy forms (numpy)."""
    from ..symbolic.family import lambdified_gradient

    def both(name, a, b, params):
        d_a, d_b = lambdified_gradient(name)(a, b, params)
        return -np.broadcast_to(d_a, np.shape(a)), np.broadcast_to(d_b, np.shape(a))

    m = FAMILY_MARGINS
    out = {f"loss-family/{n}": {"x": m, "y": both(n, m, np.zeros_like(m), _family_params(n))[0]} for n in FAMILY}
    for gid, names, split in (("loss-weights-margin", MARGIN_LOSSES, False),
                              ("loss-weights-split", SPLIT_LOSSES, True)):
        for name in names:
            objective = catalogue_loss(name)
            m, a, b = panel_inputs(objective)
            w_w, w_l = both(name, a, b, objective.params)
            if split:
                out[f"{gid}/{name}/chosen"] = {"x": m, "y": w_w}
                out[f"{gid}/{name}/rejected"] = {"x": m, "y": w_l}
            else:
                out[f"{gid}/{name}"] = {"x": m, "y": w_w}
    return out
