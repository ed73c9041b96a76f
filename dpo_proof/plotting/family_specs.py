r"""Names, one-line descriptions, captions (LaTeX math) and alt text of the loss-family figures.

Read by the registry in figures.py; the drawing functions are in family.py. Each entry:
(name, description, caption, alt text, name of the drawing function in family.py).
"""
from __future__ import annotations

FAMILY_SPECS = (
    ("loss-family", "weight on a pair against the margin for DPO, cDPO, robust, IPO, hinge and SimPO at beta = 1",
     r"The weight $w(m) = -\partial\ell/\partial a$ that six losses of the family put on a preference pair, "
     r"against its margin $m = a - b$, all at $\beta = 1$ (cDPO and robust with $\varepsilon = 0.1$, SimPO "
     r"with $\gamma = 1$ on per-token log-probs). DPO's $\sigma(-m)$ fades as the pair becomes ranked right; "
     r"cDPO's turns negative past $m = \log 9$ and pulls the pair back; robust DPO's never falls below "
     r"$\varepsilon/(1-2\varepsilon)$; hinge is $1$ up to $m = 1$ and $0$ after; IPO's $1 - 2m$ is a straight "
     r"line, unbounded and negative past $m = 1/2$ (it leaves the frame); SimPO's is DPO's shifted by $\gamma$.",
     "Line chart over the margin m from -6 to 6, weight from -0.6 to 1.6, with a horizontal line at 0 and a "
     "dashed vertical line at m = 0. Six curves: DPO (solid black) falls from 1 to 0 through 1/2 at m = 0; "
     "cDPO (orange dashes) falls from 0.9 to -0.1, crossing 0 near m = 2.2; robust (sky blue dash-dots) falls "
     "from 1.1 to 0.12; IPO (green dots) is a straight line 1 - 2m crossing the frame from top left to bottom "
     "right around m = 0; hinge (purple) is a step from 1 down to 0 at m = 1; SimPO (grey dots) falls like DPO "
     "but one unit to the right.",
     "loss_family"),
    ("loss-weights-margin", "per-loss weight w(m) against the margin for every loss of the margin alone",
     r"The per-loss version of the weighting figure for the losses that depend on the margin $m = a - b$ "
     r"alone (DPO, cDPO, robust, IPO, hinge, EXO, DiscoPOP, SimPO, SimPO's hinge), each at its catalogue "
     r"defaults, "
     r"$m$ over $\pm 8/\beta$: the weight $w(m) = -\partial\ell/\partial a$, so that "
     r"$\nabla\ell = -w(m)(\nabla a - \nabla b)$. Where $w < 0$ the loss pushes the pair back together: cDPO "
     r"and EXO past their targets, IPO past $m = 1/(2\beta)$, DiscoPOP near $m = 0$.",
     "Nine small line charts in three rows, one per loss, each of its weight against the margin m. sigmoid, "
     "simpo: falling S-curves from beta to 0. cdpo: a falling S-curve that ends slightly below 0. robust: a "
     "falling S-curve that ends above 0. ipo: a falling straight line through 0 at m = 5. hinge: a step down "
     "to 0. exo pair: a bump centred just left of m = 0 that vanishes on both sides. discopop: a falling "
     "curve with a sharp negative dip next to m = 0. simpo hinge: a step from 2 down to 0 at m = 1.",
     "loss_weights_margin"),
    ("loss-weights-split", "per-loss weights on the chosen and on the rejected response, for the other losses",
     r"The per-loss version of the weighting figure for the losses that weight the two responses apart "
     r"(NCA, BCO, SPPO, APO-zero, APO-down, f-DPO with the Jensen-Shannon, forward KL and $\alpha$-divergences, "
     r"ORPO, AlphaPO), each at its catalogue defaults: $w_w = -\partial\ell/\partial a$ "
     r"(solid; $>0$ raises $\log\pi(y_w|x)$) and $w_l = \partial\ell/\partial b$ (dashed; $>0$ lowers "
     r"$\log\pi(y_l|x)$) along $a = -1/\beta + m/2$, $b = -1/\beta - m/2$, both log-ratios drifted below the "
     r"reference as they do in training (ORPO and AlphaPO, on per-token log-probs: $a = -3 + m/2$, "
     r"$b = -3 - m/2$). "
     r"NCA and SPPO push the chosen response down once its own log-ratio is high enough, APO-down wherever "
     r"$|a| < |a - b|$; ORPO's chosen weight never falls below 1 (its NLL term). f-DPO's forward KL and "
     r"$\alpha$-divergence weights grow like $e^{\alpha|a|}$ (log axis) and collapse once $m > 0$; "
     r"AlphaPO's is SimPO's times $e^{-\alpha a}$.",
     "Ten small line charts in three rows, one per loss, each with a solid blue curve (weight on the chosen "
     "response) and a dashed vermillion curve (weight on the rejected response) against the margin m from -80 "
     "to 80 (orpo, alphapo: -6 to 6). nca pair: the chosen weight falls from 0.1 through 0 near m = 35 to about -0.05, "
     "the rejected one from 0.05 to 0. bco pair: both fall from 0.1 to 0, the rejected one earlier. sppo hard: "
     "two falling straight lines, the rejected one below, crossing 0 near m = -10 and m = 30. apo zero: two "
     "bumps of height 0.025, the rejected one peaking at m = -20, the chosen one at m = 20. apo down: the "
     "rejected weight is a bump at m = 0; the chosen one a small bump near 0, then a dip to -0.02 near m = 35. "
     "fdpo js: the chosen weight falls from 0.1 to 0 past m = 20; the rejected one is a bump of 0.08 near "
     "m = -15 that merges into it. fdpo forward kl and fdpo alpha, on a log axis: the chosen weight falls as a "
     "straight line from 1e19 (resp. 1e10) at m = -80 to about 1e3 (resp. 10) at m = 0, the rejected one rises "
     "from 1e-5 to meet it there, and both drop off the axis just past m = 0. "
     "orpo: the chosen weight stays between 1 and 1.1; the rejected one rises steeply as m falls towards -6. "
     "alphapo: the chosen weight falls from 11 to 5 at m = 0, the rejected one rises from 2.5 to 5, and both "
     "drop to 0 by m = 1.",
     "loss_weights_split"),
)
