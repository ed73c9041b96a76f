r"""Derivatives in something that is not a variable: in σ (`\frac{d}{d\sigma}\log\sigma(u)`, taken in the
one σ(·) that follows), and in an expression not written as such in what is differentiated
($\frac{\partial \mathcal{L}}{\partial (\beta \Delta r)}$ with 𝓛 written through the log-ratios).

The expression g is set to a new variable t and solved for one quantity q in it (a policy value, a
name); 𝓛 with q eliminated is differentiated in t, and t put back as g. That is the derivative only
when 𝓛 depends on those quantities through g alone, so it is done for two choices of q and taken
only when both agree; otherwise (or when g cannot be solved) the line is not read.

A derivative in a short name of a reward (`∂ℒ/∂r_w` of an ℒ written in r_φ(x, y_w)): the text means
r_w = r_φ(x, y_w), "the two rewards", so that value is the variable.
"""
from __future__ import annotations

import re

import sympy as sp
from sympy.core.function import AppliedUndef

from .names import Name
from .parsing import LatexError


def bare_sigma(variable) -> bool:
    """σ written alone as the variable of d/dσ."""
    return isinstance(variable, Name) and variable.base == "sigma" and not variable.sub \
        and not variable.sup and not variable.primes


def derivative_in_sigma(f: sp.Expr, order: int, pos: int) -> sp.Expr:
    r"""$\frac{d}{d\sigma}\log\sigma(u)$: in σ at the one argument it has in what follows."""
    applied = {a for a in f.atoms(sp.Function) if type(a).__name__ == "sigma"}
    if len(applied) != 1:
        raise LatexError("d/dσ needs σ at exactly one argument in what it differentiates; write d/dσ(u)", pos)
    return derivative_in_value(f, applied.pop(), order)


def derivative_in_value(f: sp.Expr, x: sp.Expr, order: int) -> sp.Expr:
    """The derivative of f in x, a value f writes as one atom (σ(u), r_φ(x, y_w)): x held as a variable."""
    t = sp.Dummy("t", real=True)
    return sp.diff(f.xreplace({x: t}), t, order).xreplace({t: x})


def derivative_in_expression(f: sp.Expr, g: sp.Expr, order: int, pos: int) -> sp.Expr:
    t = sp.Dummy("t", real=True)
    quantities = sorted((q for q in g.atoms(AppliedUndef) | g.free_symbols
                         if f.has(q) and not q.is_number and str(q) != "beta"), key=str)
    found = []
    for q in quantities[:4]:
        value = _eliminated(f, g, q, t)
        if value is not None:
            found.append(sp.diff(value, t, order).xreplace({t: g}))
        if len(found) == 2:
            break
    if len(found) < 2 or not _same(found[0], found[1]):
        raise LatexError("the derivative is taken in an expression that does not appear as written in "
                         "what is differentiated, and what is differentiated is not a function of it alone; "
                         "write it with a name (u = …, then d/du)", pos)
    return found[0]


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    """a = b at three points (every unknown given a positive value): the two eliminations agree."""
    unknowns = sorted(((a - b).atoms(AppliedUndef) | (a - b).free_symbols) - {sp.Symbol("beta")}, key=str)
    for k in range(3):
        point = {u: sp.Rational(3 + 2 * k + i, 7 + k) for i, u in enumerate(unknowns)}
        point[sp.Symbol("beta", positive=True)] = sp.Rational(2 + k, 5)
        difference = sp.N((a - b).xreplace(point).subs(point), 20)
        if not difference.is_number or abs(difference) > 1e-9:
            return False
    return True


def _eliminated(f: sp.Expr, g: sp.Expr, q: sp.Expr, t: sp.Symbol) -> sp.Expr | None:
    """f with q solved from g = t, when g is linear in q or in log q (no general solver: it is slow);
    None when it is neither, or q is not gone."""
    for dummy, put in _substitutions(q):
        h = sp.expand(sp.expand_log(g.xreplace({q: put}), force=True))
        coefficient = sp.diff(h, dummy)
        if coefficient == 0 or coefficient.has(dummy):
            continue
        solution = (t - h.xreplace({dummy: 0})) / coefficient
        value = sp.expand_log(f.xreplace({q: put}), force=True).xreplace({dummy: solution})
        if not value.has(dummy):
            return value
    return None


def _substitutions(q: sp.Expr):
    """q as a linear unknown, and q = e^L with L the unknown (g linear in log q)."""
    linear, logarithm = sp.Dummy("q", real=True), sp.Dummy("L", real=True)
    return ((linear, linear), (logarithm, sp.exp(logarithm)))


def derivative_in_reward(f: sp.Expr, variable: sp.Symbol, order: int) -> tuple[sp.Expr, str] | None:
    """∂/∂r_w of an f that never writes r_w but writes r_φ(x, y_w) (a function named r at the response
    y_w): the derivative in that value, the values at the other responses (r_φ(x, y_l)) held fixed;
    (the derivative, a note saying so), or None where that does not apply. A line that writes r_w
    elsewhere (u = r_w − r_l) reads it as the same value (readings.py)."""
    m = re.fullmatch(r"([A-Za-z]+)_\{?(\w+)\}?", variable.name)
    if m is None or variable in f.free_symbols or m.group(1) == "pi":
        return None
    calls = [g for g in f.atoms(AppliedUndef) if type(g).__name__.split("_")[0] == m.group(1) and g.args
             and re.fullmatch(rf"y_\{{?{m.group(2)}\}}?", str(g.args[-1]))]
    if len(calls) != 1:  # none at y_w, or two functions named r there: not read so
        return None
    derivative = derivative_in_value(f, calls[0], order)
    said = f"the derivative in `{variable.name}` read as the one in {calls[0]}, the reward of y_{m.group(2)}"
    return derivative, said
