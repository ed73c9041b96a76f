r"""The optimum of a quadratic in one number: $\arg\min_c \sum_i \frac{1}{2}(y_i - c)^2 = \bar y$.

$\max_c (a c^2 + b c + k) = k - \frac{b^2}{4a}$ at $c = -\frac{b}{2a}$ when $a < 0$ (min: a > 0, through
operators.optimum's negation). Only where the sign of a is known: otherwise the optimum stays a value
of its own, as before.
"""
from __future__ import annotations

import sympy as sp


def concave_vertex(moving: sp.Expr, variable: str) -> tuple[sp.Expr, sp.Expr] | None:
    """(argmax, max) of `moving`, a quadratic in the symbol named `variable` with a negative leading
    coefficient; None for anything else."""
    symbol = next((s for s in moving.free_symbols if s.name == variable), None)
    if symbol is None:
        return None
    try:
        poly = sp.Poly(sp.expand(moving), symbol)
    except sp.PolynomialError:
        return None
    if poly.degree() != 2:
        return None
    a, b, _ = poly.all_coeffs()
    if a.is_negative is not True:
        return None
    at = sp.simplify(-b / (2 * a))
    return at, moving.subs(symbol, at)
