r"""The registry of figures: name, description, caption, alt text, and where the drawing function lives.

This module imports nothing heavy, so `dpo-proof figures --list` and the record writer read it
without loading matplotlib or torch; a figure's module is imported when it is drawn.

1. weighting          (curves.py)   $\beta\,\sigma(-\beta m)$ against the log-ratio margin m, several beta
2. loss-and-weight    (curves.py)   $\ell(\delta) = -\log\sigma(\delta)$ and its slope $-\sigma(-\delta)$
3. simplex-flow       (simplex.py)  the DPO gradient flow of a 3-response tabular policy on the simplex
4. training-dynamics  (dynamics.py) log-probs, margin and mean weight during gradient descent
5. weight-histogram   (dynamics.py) the weights sigma(-delta) over the preference set draining away
6-8. loss-family, loss-weights-margin, loss-weights-split (family.py, specs in family_specs.py): the
     weight each loss of the preference family puts on a pair

A new figure is a function ``draw(style) -> matplotlib Figure`` in a module of this package and
one `FigureSpec` below naming it as ``"module:function"``.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from .family_specs import FAMILY_SPECS


@dataclass(frozen=True)
class FigureSpec:
    """A figure the CLI knows: name, one-line description, caption (LaTeX math), alt text, drawer.

    `drawer` is ``"module:function"`` inside dpo_proof.plotting; `draw(style)` imports and calls it.
    """

    name: str
    description: str
    caption: str
    alt: str
    drawer: str

    def draw(self, style: str = "notes"):
        module, function = self.drawer.split(":")
        return getattr(importlib.import_module(f"{__package__}.{module}"), function)(style)


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
        "curves:weighting"),
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
        "curves:loss_and_weight"),
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
        "simplex:simplex_flow"),
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
        "dynamics:training_dynamics"),
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
        "dynamics:weight_histogram"),
    *(FigureSpec(name, description, caption, alt, f"family:{drawer}")
      for name, description, caption, alt, drawer in FAMILY_SPECS),
)}
