r"""Read the plotted numbers back off a Figure and check them against explicit formulas.

`plotted_data(fig)` collects every artist that carries a gid: lines (x, y), quivers (x, y, u, v)
and histogram bars (left, height). `expected_data(name)` recomputes what each figure must show
from closed forms written here in numpy, independently of the torch path the figures take:

- weighting: $\beta\sigma(-\beta m) = \beta/(1+e^{\beta m})$ at every plotted m;
- loss-and-weight: $\log(1+e^{-\delta})$ and $-1/(1+e^{\delta})$;
- simplex-flow: $\dot\theta = \beta\sigma(-\delta)(e_w - e_l)$, pushed through the softmax
  Jacobian, and gradient descent on theta with that step;
- training-dynamics / weight-histogram: gradient descent driven by torch autograd on the loss
  (1), not by the closed form (2) the figures use, and $\sigma(-\delta) = 1/(1+e^{\delta})$.

`verify_figure(name, fig)` turns the comparison into report Checks (kind "numeric").
"""
from __future__ import annotations

import numpy as np

from ..report import Check
from ..tolerances import tolerance

FIGURE_TOLERANCE = tolerance("float64", "figure-data")
ADVICE = ("the figure no longer draws the numeric module's values: check dpo_proof/numeric/dpo.py "
          "(sigma(-delta), not sigma(delta); beta kept) and the figure function that draws {gid}")


def plotted_data(fig) -> dict[str, dict[str, np.ndarray]]:
    """gid -> named arrays, for every gid-carrying line, quiver and histogram bar of `fig`."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle
    from matplotlib.quiver import Quiver

    out: dict[str, dict[str, list | np.ndarray]] = {}
    for ax in fig.axes:
        for artist in ax.get_children():
            gid = artist.get_gid()
            if not gid:
                continue
            if isinstance(artist, Line2D):
                x, y = (np.asarray(v, dtype=float) for v in artist.get_data())
                out[gid] = {"x": x, "y": y}
            elif isinstance(artist, Quiver):
                out[gid] = {"x": np.asarray(artist.X, float), "y": np.asarray(artist.Y, float),
                            "u": np.asarray(artist.U, float), "v": np.asarray(artist.V, float)}
            elif isinstance(artist, Rectangle) and "/bin=" in gid:
                bars = out.setdefault(gid.rsplit("/bin=", 1)[0], {"left": [], "height": []})
                bars["left"].append(artist.get_x())
                bars["height"].append(artist.get_height())
    return {g: {k: np.asarray(v, dtype=float) for k, v in d.items()} for g, d in sorted(out.items())}


def _sigmoid_neg(x):
    r"""$\sigma(-x) = 1/(1+e^{x})$, written as exp(-logaddexp(0, x)) so it is finite everywhere."""
    return np.exp(-np.logaddexp(0.0, x))


def _expected_weighting() -> dict:
    from .curves import WEIGHTING_BETAS, WEIGHTING_MARGINS as m

    return {f"weighting/beta={b:g}": {"x": m, "y": b * _sigmoid_neg(b * m)} for b in WEIGHTING_BETAS}


def _expected_loss() -> dict:
    from .curves import LOSS_DELTAS as d

    return {"loss-and-weight/loss": {"x": d, "y": np.logaddexp(0.0, -d)},
            "loss-and-weight/slope": {"x": d, "y": -_sigmoid_neg(d)},
            "loss-and-weight/at-zero": {"x": np.zeros(2), "y": np.array([np.log(2.0), -0.5])}}


def _softmax(theta):
    z = np.exp(theta - theta.max())
    return z / z.sum()


def _simplex_path(start, steps, lr, beta):
    theta = np.log(np.asarray(start, float))
    path = [_softmax(theta)]
    for _ in range(steps):
        delta = beta * (theta[0] - theta[1])  # uniform reference: its log-ratios cancel
        theta = theta + lr * beta * _sigmoid_neg(delta) * np.array([1.0, -1.0, 0.0])
        path.append(_softmax(theta))
    return np.array(path)


def _expected_simplex() -> dict:
    from . import simplex as s
    from .training import SIMPLEX_BETA as beta, SIMPLEX_LR, SIMPLEX_STARTS, SIMPLEX_STEPS

    out = {}
    p = s.lattice(s.ARROW_GRID)
    pw, pl, p3 = p.T
    c = beta * _sigmoid_neg(beta * (np.log(pw) - np.log(pl)))
    # d pi_i = pi_i (dtheta_i - pi . dtheta), dtheta = c (e_w - e_l)
    velocity = c[:, None] * np.stack([pw * (1 - pw + pl), pl * (-1 - pw + pl), -p3 * (pw - pl)], axis=1)
    vec = velocity @ s.CORNERS
    vec = vec / np.linalg.norm(vec, axis=1, keepdims=True) * s.ARROW_LENGTH
    at = p @ s.CORNERS - vec / 2
    out["simplex-flow/field"] = {"x": at[:, 0], "y": at[:, 1], "u": vec[:, 0], "v": vec[:, 1]}
    for k, start in enumerate(SIMPLEX_STARTS):
        path = _simplex_path(start, SIMPLEX_STEPS, SIMPLEX_LR, beta)
        xy = path @ s.CORNERS
        out[f"simplex-flow/trajectory-{k}"] = {"x": xy[:, 0], "y": xy[:, 1]}
        if k == s.SHOWN:
            for i in range(3):
                out[f"simplex-flow/probs-{i}"] = {"x": np.arange(len(path), dtype=float), "y": path[:, i]}
    return out


def autograd_history():
    """The run of figures 4-5 repeated with torch autograd on the loss (1) instead of (2)."""
    import torch

    from .training import DYNAMICS_LR, DYNAMICS_STEPS, dynamics_problem

    problem = dynamics_problem()
    ref_w, ref_l = (t.numpy() for t in problem.ref_logps())
    params = problem.params.clone()
    chosen, rejected = [], []
    for step in range(DYNAMICS_STEPS + 1):
        params = params.detach().requires_grad_(True)
        w, l = problem.logps(params)
        chosen.append(w.detach().numpy())
        rejected.append(l.detach().numpy())
        if step < DYNAMICS_STEPS:
            (grad,) = torch.autograd.grad(problem.loss(params), params)
            params = params - DYNAMICS_LR * grad
    chosen, rejected = np.array(chosen), np.array(rejected)
    margin = (chosen - ref_w) - (rejected - ref_l)
    return chosen, rejected, margin, _sigmoid_neg(problem.beta * margin)


def _expected_dynamics() -> dict:
    from .dynamics import HISTOGRAM_BINS, HISTOGRAM_STEPS

    chosen, rejected, margin, weight = autograd_history()
    steps = np.arange(len(chosen), dtype=float)
    out = {f"training-dynamics/{k}": {"x": steps, "y": v.mean(axis=1)}
           for k, v in (("chosen", chosen), ("rejected", rejected), ("margin", margin), ("weight", weight))}
    for step in HISTOGRAM_STEPS:
        out[f"weight-histogram/step={step}"] = {"left": HISTOGRAM_BINS[:-1],
                                                "height": np.histogram(weight[step], HISTOGRAM_BINS)[0]}
    return out


def _expected_family() -> dict:
    from .family import expected_data as family_expected  # sympy.diff of the catalogue's forms, in numpy

    return family_expected()


_EXPECTED = {"weighting": _expected_weighting, "loss-and-weight": _expected_loss,
             "simplex-flow": _expected_simplex, "training-dynamics": _expected_dynamics,
             "weight-histogram": _expected_dynamics, "loss-family": _expected_family,
             "loss-weights-margin": _expected_family, "loss-weights-split": _expected_family}
_CACHE: dict = {}


def expected_data(name: str) -> dict:
    """What figure `name` must plot, gid -> arrays, from the explicit formulas above."""
    from ..limits import torch_threads

    if name not in _CACHE:
        with torch_threads(1):
            _CACHE[name] = {g: d for g, d in _EXPECTED[name]().items() if g.startswith(name + "/")}
    return _CACHE[name]


def compare_data(name: str, plotted: dict, expected: dict, what: str = "explicit formula",
                 rtol: float = FIGURE_TOLERANCE.rtol, atol: float = FIGURE_TOLERANCE.atol) -> list[Check]:
    """One check per expected gid: present, same shape, and allclose(rtol, atol) in every array."""
    checks = []
    for gid, want in expected.items():
        got = plotted.get(gid)
        fields = {"policy": name, "method": what, "dtype": "float64", "tolerance": atol}
        if got is None:
            checks.append(Check(f"figures/{gid}", "numeric", "mismatch",
                                f"{gid}: nothing with this gid is plotted. " + ADVICE.format(gid=gid), fields=fields))
            continue
        worst, where = 0.0, ""
        for key, want_v in want.items():
            got_v = np.asarray(got.get(key, []), dtype=float)
            want_v = np.asarray(want_v, dtype=float)
            if got_v.shape != want_v.shape:
                worst, where = float("inf"), f"{key} has shape {got_v.shape}, expected {want_v.shape}"
                break
            err = np.abs(got_v - want_v) - rtol * np.abs(want_v)
            if err.size and err.max() > worst:
                i = int(np.argmax(err))
                worst = float(err.max())
                where = f"{key}[{i}] plotted {got_v.flat[i]:.12g}, {what} {want_v.flat[i]:.12g}"
        ok = worst <= atol
        fields.update(params=sum(np.size(v) for v in want.values()), max_abs_error=worst)
        msg = f"{gid}: matches the {what} (rtol {rtol:g}, atol {atol:g})" if ok else \
            f"{gid}: {where}; error {worst:.3g} > tolerance {atol:g}. " + ADVICE.format(gid=gid)
        checks.append(Check(f"figures/{gid}", "numeric", "match" if ok else "mismatch", msg, fields=fields))
    return checks


def verify_figure(name: str, fig) -> list[Check]:
    """Checks that figure `name` plots exactly what the explicit formulas give."""
    return compare_data(name, plotted_data(fig), expected_data(name))
