r"""Figure 3, `simplex-flow`: the DPO gradient flow of a three-response tabular policy.

One prompt, responses y_w, y_l, y_3, logits theta, uniform reference, beta = 1. The descent
direction $-\nabla_\theta\ell = \beta\sigma(-\delta)(e_w - e_l)$ never touches $\theta_3$: mass
moves from y_l to y_w, and $\pi(y_3)$ changes only through the softmax normalisation (it rises
while $\pi(y_l) > \pi(y_w)$ and falls afterwards). The shading is the weight
$\sigma(-\delta) = \pi(y_l)/(\pi(y_w)+\pi(y_l))$; arrows give the direction of $d\pi/dt$.
"""
from __future__ import annotations

import numpy as np

from .style import CHOSEN, REJECTED, THIRD, new_figure, style_context
from ..limits import torch_threads
from .training import SIMPLEX_STARTS, simplex_trajectory, simplex_velocity, simplex_weight

SQRT3_2 = np.sqrt(3.0) / 2
# corners of the drawn triangle: y_w right, y_l left, y_3 on top, so the flow runs left to right
CORNERS = np.array([[1.0, 0.0], [0.0, 0.0], [0.5, SQRT3_2]])
ARROW_GRID = 11  # barycentric lattice 1/11: 45 interior arrows
SHADE_GRID = 48
ARROW_LENGTH = 0.045
SHOWN = 1  # the trajectory whose probabilities the side panel plots


def to_xy(probs) -> np.ndarray:
    """Barycentric (pi_w, pi_l, pi_3) -> the plane of the drawn triangle."""
    return np.asarray(probs) @ CORNERS


def from_xy(xy) -> np.ndarray:
    """The inverse of `to_xy` (used by the tests to read probabilities back off the figure)."""
    xy = np.atleast_2d(xy)
    p3 = xy[:, 1] / SQRT3_2
    pw = xy[:, 0] - 0.5 * p3
    return np.stack([pw, 1 - pw - p3, p3], axis=1)


def lattice(n: int) -> np.ndarray:
    """Interior points of the simplex with coordinates in multiples of 1/n."""
    return np.array([(i / n, j / n, (n - i - j) / n) for i in range(1, n) for j in range(1, n - i)])


def simplex_flow(style: str = "notes"):
    """Figure 3: the flow field, a few gradient-descent trajectories, and pi over steps for one."""
    with style_context(style) as st, torch_threads(1):
        fig = new_figure(st, height=2.0 * st.height if st.narrow else None)
        grid = fig.add_gridspec(2, 1, height_ratios=(1.5, 1)) if st.narrow else \
            fig.add_gridspec(1, 2, width_ratios=(1.15, 1))
        ax, side = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
        fig.get_layout_engine().set(wspace=0.1, hspace=0.04)  # colour-bar label clear of the side panel
        _draw_simplex(fig, ax, st)
        _draw_side(side, simplex_trajectory(SIMPLEX_STARTS[SHOWN]))
    return fig


def _draw_simplex(fig, ax, st) -> None:
    import matplotlib.tri as mtri

    fine = np.vstack([lattice(SHADE_GRID), np.eye(3) * (1 - 2e-3) + 1e-3])
    xy = to_xy(fine)
    weights = np.array([simplex_weight(p) for p in fine])
    shade = ax.tricontourf(mtri.Triangulation(xy[:, 0], xy[:, 1]), weights, levels=np.linspace(0, 1, 11),
                           cmap="Oranges", vmin=-0.15, vmax=1.15, zorder=0)
    shade.set_gid("simplex-flow/weight")
    outline = np.vstack([CORNERS, CORNERS[:1]])
    ax.plot(outline[:, 0], outline[:, 1], color="0.2", lw=0.8, zorder=1)

    points = lattice(ARROW_GRID)
    velocity = np.array([simplex_velocity(p) for p in points]) @ CORNERS
    direction = velocity / np.linalg.norm(velocity, axis=1, keepdims=True) * ARROW_LENGTH
    at = to_xy(points) - direction / 2  # centre each arrow on its point
    ax.quiver(at[:, 0], at[:, 1], direction[:, 0], direction[:, 1], angles="xy", scale_units="xy", scale=1,
              color="0.3", width=0.004, headwidth=4, headlength=4.5, zorder=2, gid="simplex-flow/field")

    for k, start in enumerate(SIMPLEX_STARTS):
        path = to_xy(simplex_trajectory(start))
        lw = st.line_width * (1.3 if k == SHOWN else 0.8)
        ax.plot(path[:, 0], path[:, 1], color="k", ls="-", lw=lw, zorder=3, gid=f"simplex-flow/trajectory-{k}")
        ax.plot(*path[0], marker="o", ms=3.5, mfc="white", mec="k", mew=0.8, zorder=4)
        ax.annotate("", xy=path[-1], xytext=path[-2], zorder=4,
                    arrowprops=dict(arrowstyle="-|>", color="k", lw=lw, mutation_scale=8, shrinkA=0, shrinkB=0))
    pad = 0.05
    ax.text(1 + pad / 2, -pad, r"$y_w$ (chosen)", ha="right", va="top", color=CHOSEN)
    ax.text(-pad / 2, -pad, r"$y_l$ (rejected)", ha="left", va="top", color=REJECTED)
    ax.text(0.5, SQRT3_2 + pad / 2, r"$y_3$", ha="center", va="bottom", color=THIRD)
    ax.set_xlim(-0.04, 1.04)
    ax.set_ylim(-0.16, SQRT3_2 + 0.12)
    ax.set_aspect("equal")
    ax.set_axis_off()
    bar = fig.colorbar(shade, ax=ax, shrink=0.7, aspect=18, pad=0.02, ticks=[0, 0.5, 1])
    bar.set_label(r"weight $\sigma(-\delta)$")
    bar.outline.set_linewidth(0.5)


def _draw_side(ax, path: np.ndarray) -> None:
    steps = np.arange(len(path))
    for i, (name, colour, ls) in enumerate(((r"$\pi(y_w|x)$", CHOSEN, "-"), (r"$\pi(y_l|x)$", REJECTED, "--"),
                                            (r"$\pi(y_3|x)$", THIRD, "-."))):
        ax.plot(steps, path[:, i], color=colour, ls=ls, label=name, gid=f"simplex-flow/probs-{i}")
    ax.set_xlim(0, steps[-1])
    ax.set_ylim(0, 1)
    ax.set_xlabel("gradient-descent step")
    ax.set_ylabel("probability")
    ax.legend(loc="center right")
