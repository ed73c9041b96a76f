r"""Figures 4 and 5: one gradient-descent run of a bigram (sequence) policy on 128 pairs.

`training-dynamics`: the mean chosen and rejected log-probabilities, the mean log-ratio margin
m and the mean weight $\sigma(-\delta)$ per step. The bigram rows are shared among pairs, so
pushing y_l down drags y_w with it: the chosen log-prob rises, then falls below its start,
while the margin keeps growing (the loss only asks for the gap).
`weight-histogram`: the distribution of $\sigma(-\delta)$ over the pairs at a few steps; every
pair starts at 1/2 (policy = reference), and the weights drain towards 0 as pairs become
ranked right.
"""
from __future__ import annotations

import numpy as np

from .style import CHOSEN, MARGIN, REJECTED, WEIGHT, new_figure, style_context
from .training import dynamics_history

HISTOGRAM_STEPS = (0, 50, 200, 600)
# bins of width 0.05 centred on 0, 0.05, ..., 1: sigma(0) = 1/2 sits in the middle of a bin
HISTOGRAM_BINS = np.linspace(-0.025, 1.025, 22)


def _panel_label(ax, text: str) -> None:
    ax.set_title(text, loc="left")


def training_dynamics(style: str = "notes"):
    """Figure 4: log-probs, margin and mean weight per gradient-descent step."""
    history = dynamics_history()
    steps = history.steps
    with style_context(style) as st:
        if st.narrow:
            fig = new_figure(st, height=2.2 * st.height)
            axes = fig.subplots(3, 1, sharex=True)
        else:
            fig = new_figure(st)
            axes = fig.subplots(1, 3)
        lp, mg, wt = axes
        chosen, rejected = history.chosen.mean(axis=1), history.rejected.mean(axis=1)
        lp.axhline(chosen[0], color="0.55", lw=0.8, ls=(0, (1, 2)), zorder=1)
        lp.plot(steps, chosen, color=CHOSEN, ls="-", label=r"chosen $y_w$", gid="training-dynamics/chosen")
        lp.plot(steps, rejected, color=REJECTED, ls="--", label=r"rejected $y_l$",
                gid="training-dynamics/rejected")
        lp.set_ylabel(r"mean $\log\pi(y|x)$")
        # direct labels, not a legend: a legend box collides with the falling y_l curve on slides
        lp.text(0.04, 0.04, r"rejected $y_l$", transform=lp.transAxes, ha="left", va="bottom", color=REJECTED)
        _panel_label(lp, "(a) log-probabilities")

        mg.plot(steps, history.margin.mean(axis=1), color=MARGIN, gid="training-dynamics/margin")
        mg.set_ylabel(r"mean margin $m$")
        _panel_label(mg, "(b) margin")

        wt.plot(steps, history.weight.mean(axis=1), color=WEIGHT, gid="training-dynamics/weight")
        wt.set_ylim(0, 0.55)
        wt.set_ylabel(r"mean weight $\sigma(-\delta)$")
        _panel_label(wt, "(c) weight")
        for ax in axes:
            ax.set_xlim(0, steps[-1])
            # fixed ticks: with automatic ones the layout can settle on a width whose last label overhangs
            ax.set_xticks(np.linspace(0, steps[-1], 4))
            if ax is axes[-1] or not st.narrow:
                ax.set_xlabel("step")
        _mark_fall(lp, steps, chosen)
    return fig


def _mark_fall(ax, steps, chosen) -> None:
    """Label the chosen curve where it is below its start: it falls while the margin still grows."""
    at = int(0.6 * steps[-1])
    ax.annotate("chosen $y_w$ ends\nbelow its start", (steps[at], chosen[at]), xytext=(0, -20),
                textcoords="offset points", ha="center", va="top", color=CHOSEN,
                arrowprops=dict(arrowstyle="->", lw=0.8, color="0.2", shrinkA=1, shrinkB=2))


def weight_histogram(style: str = "notes"):
    """Figure 5: histograms of sigma(-delta) over the pairs at HISTOGRAM_STEPS."""
    history = dynamics_history()
    with style_context(style) as st:
        if st.narrow:
            fig = new_figure(st, height=1.6 * st.height)
            axes = fig.subplots(2, 2, sharex=True, sharey=True).ravel()
        else:
            fig = new_figure(st, height=0.8 * st.height)
            axes = fig.subplots(1, len(HISTOGRAM_STEPS), sharex=True, sharey=True)
        counts = {s: np.histogram(history.weight[s], HISTOGRAM_BINS)[0] for s in HISTOGRAM_STEPS}
        # Scale to the spread-out steps; the step-0 spike (every pair at 1/2) is cut and labelled.
        top = 1.3 * max(c.max() for s, c in counts.items() if s > 0)
        for ax, step in zip(axes, HISTOGRAM_STEPS):
            weights = history.weight[step]
            _, _, bars = ax.hist(weights, bins=HISTOGRAM_BINS, color=WEIGHT, edgecolor="white", linewidth=0.4)
            for i, bar in enumerate(bars):  # one gid per bar: SVG ids stay unique
                bar.set_gid(f"weight-histogram/step={step}/bin={i}")
            ax.axvline(weights.mean(), color="k", lw=0.9, ls="--")
            ax.set_title(f"step {step}", loc="left")
            ax.text(0.98, 0.72, f"mean\n{weights.mean():.2f}", transform=ax.transAxes, ha="right", va="top",
                    fontsize="small")
            for i in np.flatnonzero(counts[step] > top):
                ax.annotate(f"{counts[step][i]}\npairs", (HISTOGRAM_BINS[i], 0.92 * top), ha="right", va="top",
                            xytext=(-2, 0), textcoords="offset points", fontsize="small")
            ax.set_xlim(HISTOGRAM_BINS[0], HISTOGRAM_BINS[-1])
            ax.set_xticks([0, 0.5, 1])
        axes[0].set_ylim(0, top)
        for ax in axes:
            if ax.get_subplotspec().is_first_col():
                ax.set_ylabel("pairs")
            if ax.get_subplotspec().is_last_row():
                ax.set_xlabel(r"$\sigma(-\delta)$")
    return fig
