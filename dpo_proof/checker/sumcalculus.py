r"""Derivatives through sums written as one value (operators.sum_over's `Σ over y(…)`): a sum is linear,
so its derivative is the sum of its terms' derivatives, and in a variable indexed like its terms
($s_i$ under $\sum_i$) only that variable's own term varies (used by freenames.gradient).
"""
from __future__ import annotations

import re

import sympy as sp
from sympy.core.function import AppliedUndef

from .operators import SUM_PREFIX


def term_of_sums(x: sp.Expr, variable: sp.Symbol) -> tuple[sp.Expr, dict]:
    r"""$\partial/\partial s_i \sum_k f(s_k) = \partial f(s_i)/\partial s_i$: in a variable indexed like
    the sum's terms, only its own term varies (sympy would differentiate the sum as one opaque value).
    Each such sum becomes R + f(s_i), R the other terms (a constant in s_i); put R = Σ − f(s_i) back
    into the derivative with the mapping returned."""
    base, _, index = variable.name.rpartition("_")
    if not base or not re.fullmatch(r"[a-z]", index):
        return x, {}
    swap, rest = {}, {}
    for f in x.atoms(AppliedUndef):
        name = type(f).__name__
        if not name.startswith(SUM_PREFIX):
            continue
        k = name[len(SUM_PREFIX):]
        names = {s: sp.Symbol(f"{s.name[: -len(k)]}{index}", **s.assumptions0) for s in f.args[0].free_symbols
                 if s.name.endswith(f"_{k}")}
        if any(s.name == f"{base}_{k}" for s in names):
            own, others = f.args[0].xreplace(names), sp.Dummy("R", real=True)
            swap[f], rest[others] = others + own, f - own
    return (x.xreplace(swap), rest) if swap else (x, {})


def own_terms(x: sp.Expr, name: str) -> sp.Expr:
    r"""x with each sum over the index that `name` carries (s_i: i) replaced by its term: ∂/∂s_i of
    $\sum_{i=1}^k \log\sigma(-s_i)$ is the i-th term's derivative, not k of them."""
    index = name.rpartition("_")[2]
    if not re.fullmatch(r"[a-z]", index):
        return x
    terms = {s: s.function for s in x.atoms(sp.Sum) if len(s.limits) == 1 and s.limits[0][0].name == index}
    return x.xreplace(terms) if terms else x


def diff_through_sums(x: sp.Expr, variable: sp.Symbol, order: int) -> sp.Expr:
    r"""$\nabla \sum_y f = \sum_y \nabla f$: a sum is linear, so its derivative is the sum of the
    derivatives (sympy's chain rule would leave an opaque Subs of the sum's derivative)."""
    x = own_terms(x, variable.name if isinstance(variable, sp.Symbol) else "")
    sums = [f for f in x.atoms(AppliedUndef) if type(f).__name__.startswith(SUM_PREFIX) and f.has(variable)]
    if not sums:
        return sp.diff(x, variable, order)
    stand_in = {f: sp.Function(f"_sum{k}", real=True)(variable) for k, f in enumerate(sums)}
    result = sp.diff(x.xreplace(stand_in), variable, order)
    back = {}
    for f, g in stand_in.items():
        for d in result.atoms(sp.Derivative):
            if d.expr == g:
                back[d] = f.func(diff_through_sums(f.args[0], variable, d.derivative_count))
        back[g] = f
    return result.xreplace(back)
