r"""Leibniz notation written with a slash, as inline math and handwritten notes write it:
`dL/dz`, `d\log\sigma(u)/du` (the derivative of log σ(u) in u), `d\sigma/du` (σ′(u)), and products of
them, `dL/dz \cdot dz/d\theta` or `dL/dz\, dz/d\theta` (the chain rule).

Read literally they are quotients of products with a variable d (d·L/(d·z) = L/z), which no text
means. A quotient is read as derivatives only when every denominator in it is `d` and one variable
(`dz`, `d\theta`, `du_\gamma`, `dW`) and the factor just before each is a `d` and what it differentiates
(`dL`, `d\log\sigma(u)`); otherwise it stays as written. The result is the tree `\frac{dL}{dz}` has
(grammar.lark: leibniz), so everything that reads those reads these.
"""
from __future__ import annotations

import lark

from .names import plain_name
from .rewrites import juxtaposed

DIVIDING = object()  # marks a denominator in the flat list of factors


def slash_as_leibniz(tree: lark.Tree) -> lark.Tree:
    """Every quotient in `tree` that is a product of slash derivatives, rewritten in place."""
    for node in list(tree.iter_subtrees_topdown()):
        if node.data == "div" and len(node.children) == 2:
            _rewrite(node)
    return tree


def _rewrite(node: lark.Tree) -> None:
    factors: list = []
    negative = _flatten(node, factors, False)
    if not any(f is DIVIDING for f in factors):
        return
    product, i = [], 0
    while i < len(factors):
        if i + 2 < len(factors) and factors[i + 1] is DIVIDING:
            split, variable = _differentiated(factors[i]), _variable(factors[i + 2])
            if split is None or variable is None:
                return  # a quotient that is not a derivative: left as written
            before, top = split
            product += before
            product.append(lark.Tree("leibniz", [lark.Token("LEIBNIZ", r"\frac{d", start_pos=_start(top)),
                                                 top, lark.Token("DIFF", "d"), variable]))
            i += 3
        elif factors[i] is DIVIDING:
            return
        else:
            product.append(factors[i])
            i += 1
    result = _product(product)
    if negative:
        result = lark.Tree("neg", [lark.Token("MINUS", "-"), result])
    node.data, node.children = result.data, result.children


def _flatten(node, out: list, negative: bool) -> bool:
    """The factors of a product of quotients in order, each denominator after DIVIDING; a denominator
    `dz\\,w` (`dL/dz\\, dz/dθ` binds as dL/(dz dz)/dθ) gives `dz`, then the factors after it. Returns
    the sign."""
    if isinstance(node, lark.Tree) and node.data == "div" and len(node.children) == 2:
        negative = _flatten(node.children[0], out, negative)
        below = juxtaposed(node.children[1])
        if len(below) >= 2 and _is_d(below[0]):
            out += [DIVIDING, lark.Tree("jmul", below[:2])]
            if below[2:]:
                out.append(_product(below[2:]))
        else:
            out += [DIVIDING, node.children[1]]
        return negative
    if isinstance(node, lark.Tree) and node.data == "mul" and len(node.children) == 3:
        negative = _flatten(node.children[0], out, negative)
        return _flatten(node.children[2], out, negative)
    if isinstance(node, lark.Tree) and node.data == "neg":
        return _flatten(node.children[-1], out, not negative)
    out.append(node)
    return negative


def _product(factors: list):
    result = factors[0]
    for factor in factors[1:]:
        result = lark.Tree("jmul", [result, factor])
    return result


def _is_d(node) -> bool:
    return isinstance(node, lark.Tree) and node.data == "name" and len(node.children) == 1 \
        and getattr(node.children[0], "type", "") == "NAME" and str(node.children[0]) == "d"


def _gradient_name(node) -> lark.Token | None:
    """`dL`, `dW`: one token d and a capital (grammar.lark: GRADIENT_NAME)."""
    if isinstance(node, lark.Tree) and node.data == "name" and len(node.children) == 1 \
            and getattr(node.children[0], "type", "") == "GRADIENT_NAME":
        return node.children[0]
    return None


def _after_d(token: lark.Token) -> lark.Tree:
    """`L` of `dL`: the name, at its own column."""
    return lark.Tree("name", [lark.Token("NAME", str(token)[1:], start_pos=(token.start_pos or 0) + 1)])


def _differentiated(node):
    """(the factors before the `d`, what it differentiates) of `dL`, `d f(u)`, `\\beta\\, d f(u)`;
    None for a factor with no `d …` in it."""
    factors = juxtaposed(node)
    for k, factor in enumerate(factors):
        token = _gradient_name(factor)
        if token is not None and k == len(factors) - 1:
            return factors[:k], _after_d(token)
        if _is_d(factor) and k < len(factors) - 1:
            return factors[:k], _product(factors[k + 1:])
    return None


def _variable(node):
    """The variable of a denominator `dz`, `d\\theta`, `du_\\gamma`, `dW`; None for anything else."""
    token = _gradient_name(node)
    if token is not None:
        return _after_d(token)
    factors = juxtaposed(node)
    if len(factors) == 2 and _is_d(factors[0]) and plain_name(factors[1]) is not None:
        return factors[1]
    return None


def _start(node) -> int:
    for token in (node.scan_values(lambda t: isinstance(t, lark.Token)) if isinstance(node, lark.Tree) else ()):
        if token.start_pos is not None:
            return token.start_pos
    return 0
