r"""Sums over responses checked on concrete response sets.

The equality engine sees $\sum_y f$ and $\sum_y g$ as two values; in canonical form (operators.py:
linear, constants out) two sides that differ in such values are *probably* different, but not
surely: a relation between the sums (one policy's values summing to 1, a rewriting inside the sum
that the canonical form does not make) can make them equal. So a refutation between sums is
checked on concrete data: three responses, every quantity indexed by the response given a random
value (each policy's values summing to 1), the sums computed as sums. Sides that differ there
differ (a sound refutation); sides equal on every draw are numerically true.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from ..symbolic.equality import summation_bounds
from .freenames import is_parameter
from .operators import SUM_PREFIX, is_operator

RESPONSES = 3
DRAWS = 4
POLICY_PREFIXES = ("pi_", "piref_", "pistar_")


def compare_on_responses(left: sp.Expr, right: sp.Expr, seed: int = 0) -> bool | None:
    """True: the sides differ on some concrete response set; False: equal on every draw; None:
    something cannot be computed that way (an optimum over policies, an integral)."""
    difference = _expand_sums(left - right)
    if difference is None:
        return None
    rng = np.random.default_rng(seed)
    for _ in range(DRAWS):
        point = _draw(difference, rng)
        try:
            optima = {m: _maximum(m.args[0], point) for m in _optima(difference)}
            value = complex(sp.N(difference.xreplace(optima).xreplace(point), 20))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError, _NotComputable):
            return None
        if not math.isfinite(value.real):
            return None
        scale = 1.0 + max((abs(float(v)) for v in point.values()), default=0.0)
        if abs(value) > 1e-8 * scale:
            return True
    return False


def _expand_sums(expr: sp.Expr) -> sp.Expr | None:
    """Every `Σ over y(f)` written out over y#0, y#1, y#2 (innermost first); the free y is y#0."""
    for _ in range(20):
        sums = [f for f in expr.atoms(AppliedUndef) if type(f).__name__.startswith(SUM_PREFIX)
                and not any(type(g).__name__.startswith(SUM_PREFIX) for g in f.args[0].atoms(AppliedUndef))]
        if not sums:
            break
        expr = expr.xreplace({f: sp.Add(*[_at(f.args[0], type(f).__name__[len(SUM_PREFIX):], k)
                                          for k in range(RESPONSES)]) for f in sums})
    if any(is_operator(f) and f not in _optima(expr) for f in expr.atoms(AppliedUndef)):
        return None  # an argmax, an integral, an optimum over something else: not computed here
    free = {s for s in expr.free_symbols if _indexed_by(s.name, "y")}
    return _at(expr, "y", 0) if free or _functions_of(expr, "y") else expr


def _indexed_by(name: str, index: str) -> bool:
    return name == index or name.endswith("_" + index)


def _functions_of(expr: sp.Expr, index: str) -> bool:
    return any(_indexed_by(type(f).__name__, index) for f in expr.atoms(AppliedUndef))


def _at(body: sp.Expr, index: str, k: int) -> sp.Expr:
    """`body` at the k-th response: y, π(y|x), π_ref(y|x), r(x, y) renamed to their k-th copies. The
    copy drops the index's letter, so that s_i under Σ_i and s_j under Σ_j are the one vector s."""
    symbols = {s: sp.Symbol(_entry(s.name, index, k), **s.assumptions0) for s in body.free_symbols
               if _indexed_by(s.name, index)}
    body = body.xreplace(symbols)
    functions = {f: sp.Function(_entry(type(f).__name__, index, k), **_assumptions(f))(*f.args)
                 for f in body.atoms(AppliedUndef) if _indexed_by(type(f).__name__, index)}
    return body.xreplace(functions)


def _entry(name: str, index: str, k: int) -> str:
    """`s_i` -> `s_#k`, `pi_y` -> `pi_#k`, `y` -> `#k`: the k-th entry, whatever letter indexed it."""
    return f"{name[: len(name) - len(index)]}#{k}"


def _assumptions(f) -> dict:
    return {"positive": True} if f.is_positive else {"real": True}


def _draw(expr: sp.Expr, rng) -> dict:
    """Random values: derivatives and other quantities in (−2, 2), probabilities positive, each
    policy's values over the responses summing to 1."""
    point: dict = {}
    for d in sorted(expr.atoms(sp.Derivative), key=sp.default_sort_key):
        point[d] = sp.Float(rng.uniform(-2, 2))
    families: dict[str, list] = {}
    atoms = [a for a in expr.atoms(AppliedUndef) | expr.free_symbols if not isinstance(a, sp.Dummy)]
    bounds = summation_bounds(expr)
    for atom in sorted(atoms, key=sp.default_sort_key):
        name = type(atom).__name__ if isinstance(atom, AppliedUndef) else atom.name
        if atom in bounds:  # Σ_{i=1}^m: m counts terms (a sum to m = 1.37 is no sum, and sympy's
            point[atom] = sp.Integer(int(rng.integers(2, 5)))  # Euler–Maclaurin for it took seconds)
        elif name.startswith(POLICY_PREFIXES) and "#" in name:
            families.setdefault(name.split("_", 1)[0] + str(getattr(atom, "args", "")), []).append(atom)
        elif atom.is_positive or name.startswith(POLICY_PREFIXES) or name == "beta":
            point[atom] = sp.Float(rng.uniform(0.2, 2))
        else:
            point[atom] = sp.Float(rng.uniform(-2, 2))
    for members in families.values():
        weights = rng.uniform(0.2, 1.0, len(members))
        for atom, w in zip(members, weights / weights.sum()):
            point[atom] = sp.Float(w)
    return {k: v for k, v in point.items() if not isinstance(k, sp.Derivative) or k in expr.atoms(sp.Derivative)}


class _NotComputable(Exception):
    pass


def _optima(expr: sp.Expr) -> list:
    """`max over π(f)` and `sup over π(f)` applications (min is −max(−f) already)."""
    return [f for f in expr.atoms(AppliedUndef)
            if type(f).__name__ in ("max over π", "sup over π")]


GRID = 48


def _maximum(body: sp.Expr, point: dict) -> sp.Float:
    """max over the policy of `body` on the simplex of the three responses: a grid, then a finer
    grid around its best point (the objectives met here are smooth and concave in the policy)."""
    policy = sorted({f for f in body.atoms(AppliedUndef) if type(f).__name__.startswith("pi_") and "#" in
                     type(f).__name__ and any(is_parameter(a) for a in f.args)}, key=sp.default_sort_key)
    if len(policy) != RESPONSES or body.atoms(sp.Derivative) or _optima(body):
        raise _NotComputable
    variables = sp.symbols(f"p0:{RESPONSES}", positive=True)
    fixed = body.xreplace(dict(zip(policy, variables))).xreplace(
        {k: v for k, v in point.items() if k not in policy and not isinstance(k, sp.Derivative)})
    if fixed.free_symbols - set(variables) or fixed.atoms(AppliedUndef):
        raise _NotComputable
    f = sp.lambdify(variables, fixed, "numpy")
    best, centre, width = -np.inf, np.array([1 / 3, 1 / 3]), 1.0
    for _ in range(3):
        a, b = np.meshgrid(np.linspace(centre[0] - width, centre[0] + width, GRID),
                           np.linspace(centre[1] - width, centre[1] + width, GRID))
        c = 1 - a - b
        ok = (a > 1e-9) & (b > 1e-9) & (c > 1e-9)
        with np.errstate(all="ignore"):
            values = np.where(ok, np.real(f(np.where(ok, a, 0.5), np.where(ok, b, 0.25), np.where(ok, c, 0.25))),
                              -np.inf)
        values = np.where(np.isfinite(values), values, -np.inf)
        k = np.unravel_index(np.argmax(values), values.shape)
        best, centre, width = values[k], np.array([a[k], b[k]]), width * 4 / GRID
    if not np.isfinite(best):
        raise _NotComputable
    return sp.Float(best)
