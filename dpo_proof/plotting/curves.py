r"""Figures 1 and 2, the curves: the gradient weight against the margin, and the loss with its slope.

1. weighting          $\beta\,\sigma(-\beta m)$ against the log-ratio margin m, several beta
2. loss-and-weight    $\ell(\delta) = -\log\sigma(\delta)$ and its slope $-\sigma(-\delta)$

Every plotted number comes from `dpo_proof.numeric.dpo`, never from a formula re-typed here; each
data artist carries a gid ("weighting/beta=0.5", ...) so `plotting.verify` can find it again.
"""
from __future__ import annotations

import numpy as np
import torch

from ..numeric import dpo
from .style import (MARGIN, OKABE_ITO, SHADE_RIGHT, SHADE_WRONG, WEIGHT, ZERO_LINE, ZERO_MARGIN_LS, new_figure,
                    style_context)

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
        ax.axvline(0, ls=ZERO_MARGIN_LS, **ZERO_LINE)
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
        ax.axhline(0, **ZERO_LINE)
        ax.hlines(-1, d[0], -2.5, color="0.55", lw=0.8, ls=(0, (1, 2)), zorder=1)  # the asymptote
        ax.axvline(0, ls=ZERO_MARGIN_LS, **ZERO_LINE)
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
