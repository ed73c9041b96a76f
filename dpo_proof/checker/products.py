r"""Big operators that are not plain sums: $\prod$, and $\sum_{x \sim D}$ over draws.

A product is never read as a sum: with numbers for bounds it is written out (operators.py), over
a response's tokens it is the response's probability (the chain rule of probability), of positive
factors (probabilities) up to a count N it is e^{Σ log}, and otherwise it is not read. A sum whose
index is drawn from a distribution may be a mean or a plain sum; the text does not say which, so
it is not read. `|y_w|` is a response's length.
"""
from __future__ import annotations

import re

import sympy as sp

from . import operators
from .names import normalise_script
from .parsing import LatexError


def product(bounds: re.Match | None, upper, body: sp.Expr, pos: int, index: str | None = None) -> sp.Expr:
    r"""$\prod_{i=1}^{2} a_i$, $\prod_{t=1}^{T} \pi(y_t \mid x, y_{<t})$, $\prod_i p(y^{(i)} | x^{(i)})$ (a
    likelihood over the samples: e^{Σ_i log}); LatexError otherwise."""
    found = operators.bounded_product(bounds.group(1), int(bounds.group(2)), upper, body) if bounds else None
    found = found if found is not None else operators.token_product(bounds.group(1) if bounds else "t", body)
    if found is None and bounds and upper is not None and _probabilities(body):  # ∏_{i=1}^N p_i, N a count
        index, lower = bounds.group(1), sp.Integer(int(bounds.group(2)))
        found = sp.exp(operators.bounded_sum(index, lower, upper, sp.expand_log(sp.log(body), force=True)))
    if found is None and index and not bounds and upper is None and _probabilities(body):
        found = sp.exp(operators.sum_over(index, sp.expand_log(sp.log(body), force=True)))
    if found is None:
        raise LatexError("a product ∏ over a set, or with bounds not given in numbers, is not read: "
                         "write its factors out", pos)
    return found


def _probabilities(body: sp.Expr) -> bool:
    """Factors a likelihood multiplies: positive, or values of functions (p(y|x), σ(z)) and powers of them."""
    return body.is_positive or all(f.is_positive or isinstance(f, sp.Function) or isinstance(f, sp.Pow) and (
        isinstance(f.base, sp.Function) or f.base.is_positive or isinstance(f.base, sp.Add) and f.base.atoms(sp.Function))
        for f in sp.Mul.make_args(body))


def refuse_draws(sub: str, pos: int) -> None:
    r"""$\sum_{x \sim D}$: a mean over draws, or a plain sum? Not read."""
    if re.search(r"\\sim(?![a-zA-Z])|∼", sub):
        raise LatexError("a sum over draws (`\\sum_{x \\sim D}`) is not read: it may be a mean or a "
                         "plain sum; write \\mathbb{E}_{x \\sim D} or \\sum_y", pos)


def length(text: str) -> sp.Symbol:
    """`|y_w|`: the number of tokens of a response, a positive constant in θ."""
    response = normalise_script(re.sub(r"\\[lr]?vert|[|\s{}]", "", text))
    return sp.Symbol(f"|{response}|", positive=True)
