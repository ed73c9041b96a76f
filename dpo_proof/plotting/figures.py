r"""The figures: one function per figure, each returning a matplotlib Figure, and the registry.

Every plotted number comes from `dpo_proof.numeric` (dpo.py, policies.py), never from a
formula re-typed here. Every data artist carries a gid ("weighting/beta=0.5", ...) so the
tests, `plotting.verify` and the data record beside the committed figures can find it again.

1. weighting          $\beta\,\sigma(-\beta m)$ against the log-ratio margin m, several beta
2. loss-and-weight    $\ell(\delta) = -\log\sigma(\delta)$ and its slope $-\sigma(-\delta)$
3. simplex-flow       the DPO gradient flow of a 3-response tabular policy on the simplex
4. training-dynamics  log-probs, margin and mean weight during gradient descent
5. weight-histogram   the weights sigma(-delta) over the preference set draining away
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from ..numeric import dpo
from . import family
from .family_specs import FAMILY_SPECS
from .style import MARGIN, OKABE_ITO, SHADE_RIGHT, SHADE_WRONG, WEIGHT, new_figure, style_context

WEIGHTING_BETAS = (0.1, 0.5, 1.0)
WEIGHTING_MARGINS = np.linspace(-12.0, 12.0, 481)  # step 0.05: smooth at 300 dpi
# largest beta first; not blue/vermillion, which mean y_w / y_l in every other figure
BETA_STYLES = ((OKABE_ITO["black"], "-"), (OKABE_ITO["purple"], "--"), (OKABE_ITO["green"], "-."))
LOSS_DELTAS = np.linspace(-6.0, 6.0, 481)


def _t(values) -> torch.Tensor:
    return torch.as_tensor(np.asarray(values), dtype=torch.float64)


def gradient_weight(margins: np.ndarray, beta: float) -> np.ndarray:
    r"""$-\partial\ell/\partial\log\pi(y_w|x) = \beta\,\sigma(-\beta m)$, eq. (2) with (b), via dpo.grad_logps."""
    m = _t(margins)
    zero = torch.zeros_like(m)
    delta = dpo.delta(m, zero, zero, zero, beta)  # log-ratios carried by the chosen term alone
    chosen_grad, _, _, _ = dpo.grad_logps(delta, beta)
    return (-chosen_grad).numpy()


def weighting(style: str = "notes"):
    r"""Figure 1: the gradient weight $\beta\sigma(-\beta m)$ against the margin m, for several beta."""
    with style_context(style) as st:
        fig = new_figure(st)
        ax = fig.add_subplot()
        m = WEIGHTING_MARGINS
        top = max(WEIGHTING_BETAS)
        ax.axvspan(m[0], 0, color=SHADE_WRONG, lw=0, zorder=0)
        ax.axvspan(0, m[-1], color=SHADE_RIGHT, lw=0, zorder=0)
        ax.axvline(0, color="0.35", lw=0.8, ls=(0, (2, 2)), zorder=1)
        for beta, (colour, ls) in zip(sorted(WEIGHTING_BETAS, reverse=True), BETA_STYLES):
            ax.plot(m, gradient_weight(m, beta), color=colour, ls=ls, label=rf"$\beta = {beta:g}$",
                    gid=f"weighting/beta={beta:g}", zorder=3)
        ax.set_xlim(m[0], m[-1])
        ax.set_ylim(0, 1.35 * top)  # headroom: the two captions sit above the curves
        ax.set_xlabel(r"margin $m = \log\frac{\pi(y_w|x)}{\pi_{\mathrm{ref}}(y_w|x)}"
                      r" - \log\frac{\pi(y_l|x)}{\pi_{\mathrm{ref}}(y_l|x)}$")
        ax.set_ylabel(r"gradient weight $\beta\,\sigma(-\beta m)$")
        ax.text(0.03, 0.96, "ranked wrong:\nstrong push", transform=ax.transAxes, ha="left", va="top")
        ax.text(0.97, 0.96, "ranked right:\nlittle push", transform=ax.transAxes, ha="right", va="top")
        ax.legend(loc="center right", bbox_to_anchor=(1.0, 0.5), handlelength=2.2)
    return fig


def loss_and_weight(style: str = "notes"):
    r"""Figure 2: $\ell(\delta) = -\log\sigma(\delta)$ and its slope $-\sigma(-\delta)$ on one delta axis."""
    with style_context(style) as st:
        fig = new_figure(st)
        ax = fig.add_subplot()
        d = LOSS_DELTAS
        delta = _t(d)
        loss = dpo.loss_per_pair(delta).numpy()
        slope = dpo.dloss_ddelta(delta).numpy()
        ax.axhline(0, color="0.35", lw=0.8, zorder=1)
        ax.hlines(-1, d[0], -2.5, color="0.55", lw=0.8, ls=(0, (1, 2)), zorder=1)  # the asymptote
        ax.axvline(0, color="0.35", lw=0.8, ls=(0, (2, 2)), zorder=1)
        ax.plot(d, loss, color=MARGIN, ls="-", gid="loss-and-weight/loss",
                label=r"loss $\ell(\delta) = -\log\sigma(\delta)$")
        ax.plot(d, slope, color=WEIGHT, ls="--", gid="loss-and-weight/slope",
                label=r"slope $\ell'(\delta) = -\sigma(-\delta)$")
        at0 = _t([0.0])
        loss0, slope0 = float(dpo.loss_per_pair(at0)[0]), float(dpo.dloss_ddelta(at0)[0])
        ax.plot([0, 0], [loss0, slope0], ls="none", marker="o", color="0.2", ms=4, zorder=4,
                gid="loss-and-weight/at-zero")
        ax.annotate(r"$\ell(0) = \log 2$", (0, loss0), xytext=(6, 4), textcoords="offset points",
                    ha="left", va="bottom")
        ax.annotate(r"$\ell'(0) = -1/2$", (0, slope0), xytext=(6, -4), textcoords="offset points",
                    ha="left", va="top")
        ax.set_xlim(d[0], d[-1])
        ax.set_ylim(-1.35, float(loss.max()) + 0.3)
        ax.set_xlabel(r"$\delta = \beta\,m$  (implicit reward margin)")
        ax.set_ylabel(r"$\ell(\delta)$,  $\ell'(\delta)$")
        ax.legend(loc="upper right")
    return fig


@dataclass(frozen=True)
class FigureSpec:
    """A figure the CLI knows: name, one-line description, caption (LaTeX math), alt text, drawer."""

    name: str
    description: str
    caption: str
    alt: str
    draw: Callable


def _simplex_flow(style: str = "notes"):
    from .simplex import simplex_flow
    return simplex_flow(style)


def _training_dynamics(style: str = "notes"):
    from .dynamics import training_dynamics
    return training_dynamics(style)


def _weight_histogram(style: str = "notes"):
    from .dynamics import weight_histogram
    return weight_histogram(style)


FIGURES = {spec.name: spec for spec in (
    FigureSpec(
        "weighting", "gradient weight beta*sigma(-beta*m) against the log-ratio margin m, for several beta",
        r"The weight $\beta\,\sigma(-\beta m)$ that the DPO gradient puts on a preference pair, against the "
        r"pair's log-ratio margin $m$, for $\beta = 0.1, 0.5, 1$. Pairs the policy ranks wrong ($m < 0$) are "
        r"pushed with a weight up to $\beta$; pairs it already ranks right ($m > 0$) barely move. "
        r"$\beta$ sets both the ceiling $\beta$ and the width $1/\beta$ of the transition.",
        "Line chart. Horizontal axis: the margin m, from -12 to 12. Vertical axis: the gradient weight. "
        "Three falling S-shaped curves, for beta = 1, 0.5 and 0.1, start near beta on the left, pass "
        "beta/2 at m = 0 and fall towards 0 on the right; the larger beta, the higher and steeper the "
        "curve. The left half is shaded and labelled 'ranked wrong: strong push', the right half "
        "'ranked right: little push'.",
        weighting),
    FigureSpec(
        "loss-and-weight", "loss -log sigma(delta) and its slope -sigma(-delta) on one delta axis",
        r"The per-pair DPO loss $\ell(\delta) = -\log\sigma(\delta)$ (solid) and its slope "
        r"$\ell'(\delta) = -\sigma(-\delta)$ (dashed) against the implicit reward margin $\delta = \beta m$. "
        r"At $\delta = 0$ the loss is $\log 2$ and the slope $-1/2$; for $\delta \ll 0$ the loss grows like "
        r"$-\delta$ and the slope tends to $-1$; for $\delta \gg 0$ both vanish. The size of the slope is "
        r"the weight $\sigma(-\delta)$.",
        "Line chart over delta from -6 to 6. A solid black curve, the loss, falls from 6 on the left "
        "through log 2 at delta = 0 towards 0 on the right. A dashed orange curve, the slope, rises from "
        "-1 on the left through -1/2 at delta = 0 towards 0 on the right. A dashed vertical line marks "
        "delta = 0, with both values at 0 marked by dots.",
        loss_and_weight),
    FigureSpec(
        "simplex-flow", "DPO gradient flow of a 3-response tabular policy on the probability simplex",
        r"DPO gradient flow on the probability simplex of a three-response tabular policy (one prompt, "
        r"chosen $y_w$, rejected $y_l$, a third response $y_3$, uniform reference, $\beta = 1$). Arrows: "
        r"direction of $d\pi/dt$; shading: the weight $\sigma(-\delta) = \pi(y_l)/(\pi(y_w)+\pi(y_l))$; "
        r"black curves: gradient descent (step $0.25$, 60 steps) from the white dots. Mass moves from "
        r"$y_l$ to $y_w$. The logit of $y_3$ never changes, so $\pi(y_3)$ moves only through the "
        r"normalisation: it rises while $\pi(y_l) > \pi(y_w)$ and falls afterwards (right: the thick run).",
        "Left: a triangle with corners y_l (rejected, bottom left), y_w (chosen, bottom right) and y_3 "
        "(top), shaded dark orange near y_l and pale near y_w, with small arrows pointing from the y_l "
        "side towards the y_w side. Five black curves start at white dots and bend towards the y_w "
        "corner. Right: for the thick curve, the probabilities over 60 steps: pi(y_w) rises from 0.1 to "
        "0.75, pi(y_l) falls from 0.55 to 0.03, and pi(y_3) first rises from 0.35 to about 0.43, then "
        "falls to 0.22.",
        _simplex_flow),
    FigureSpec(
        "training-dynamics", "chosen/rejected log-probs, margin and mean weight during gradient descent",
        r"Gradient descent with the closed-form DPO gradient on a bigram sequence policy (vocabulary 8, "
        r"4 tokens, 128 pairs, $\beta = 0.5$, step 4, started at the reference). (a) The mean chosen "
        r"log-probability rises briefly, then falls below its start (dotted), because the bigram rows are "
        r"shared by chosen and rejected responses; (b) the mean margin $m$ grows throughout; (c) the mean "
        r"weight $\sigma(-\delta)$ drains from $1/2$.",
        "Three line charts over 600 steps. (a) Mean log-probabilities: the chosen curve rises slightly "
        "above its start, peaks near step 60 and then falls below its start to about -7.4; the rejected "
        "curve falls steadily from about -6.8 to -13.4. (b) The mean margin rises from 0 to about "
        "5.5. (c) The mean weight falls from 0.5 to about 0.1.",
        _training_dynamics),
    FigureSpec(
        "weight-histogram", "distribution of sigma(-delta) over the preference set at a few steps",
        r"Distribution of the weights $\sigma(-\delta)$ over the 128 pairs of the run in the "
        r"training-dynamics figure, at steps 0, 50, 200 and 600 (dashed: the mean). At the start the "
        r"policy equals the reference, so every pair has weight exactly $1/2$ (bar cut, 128 pairs); as "
        r"pairs become ranked right their weights drain towards 0, and the gradient is carried by the "
        r"few pairs still ranked wrong.",
        "Four histograms side by side, of the weight from 0 to 1. Step 0: one bar at 0.5 holding all "
        "128 pairs. Step 50: a hump around 0.35. Step 200: a hump around 0.15 with a tail to 0.7. "
        "Step 600: four pairs in five below 0.15, mean 0.10, a few stragglers near 0.5.",
        _weight_histogram),
    *(FigureSpec(name, description, caption, alt, getattr(family, drawer))
      for name, description, caption, alt, drawer in FAMILY_SPECS),
)}
