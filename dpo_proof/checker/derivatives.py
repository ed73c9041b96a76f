r"""Which variable a derivative is taken in: $\nabla_\phi$, $\partial_\theta$, $\frac{d^2}{d\delta^2}$,
$\frac{\partial \ell}{\partial \Delta_\phi}$.

A derivative in a *defined* name ($\frac{d}{d\delta}$ with δ defined in terms of π) cannot be
taken after the name is expanded. So such operands are held back from the bottom-up transform
(`hold_name_derivatives`) and converted with the name kept as a symbol (latex.ToSympy). A
Leibniz fraction in a defined name is held the same way, its variable named by a `HELD_VAR`
token ("key|order").
"""
from __future__ import annotations

import copy
import re

import lark

from .names import GREEK_UNICODE, VARIANTS, normalise_script, plain_name

VARIABLE_RE = re.compile(r"(?:\\partial(?![a-zA-Z])|∂|\bd)\s*(\\[a-zA-Z]+|[A-Za-z]|[α-ωϕϑ])"
                         r"(?:\s*(_\s*(?:\{[^{}]*\}|\\[a-zA-Z]+|[A-Za-z0-9])))?"
                         r"(?:\s*\^\s*\{?\s*([0-9]))?[\s}]*$")
ORDER_RE = re.compile(r"^\\[dtc]?frac\s*\{\s*(?:\\partial|d|∂)\s*\^\s*\{?\s*([0-9])")
DERIVATIVE_TOKENS = ("NABLA", "PARTIAL", "PARTIAL_OP", "HELD_VAR")


def derivative_variable(tokens) -> tuple[str | None, int] | None:
    """(variable key or None for the file's parameter, order) of a derivative prefix; else None."""
    first = tokens[0]
    if first.type == "HELD_VAR":
        key, order = str(first).rsplit("|", 1)
        return key, int(order)
    if first.type in ("NABLA", "PARTIAL"):
        return (normalise_script(str(tokens[1])) if len(tokens) > 1 else None), 1
    if first.type != "PARTIAL_OP":
        return None
    text = str(first)
    m = VARIABLE_RE.search(text)
    if m is None:  # the grammar's token and this pattern disagree: say so, do not guess
        raise ValueError(f"cannot read the variable of {text!r}")
    letter = m.group(1).lstrip("\\")
    letter = VARIANTS.get(letter, GREEK_UNICODE.get(letter, letter))
    key = letter + (f"_{normalise_script(m.group(2))}" if m.group(2) else "")
    top = ORDER_RE.match(text)
    order = int(m.group(3) or (top.group(1) if top else 1))
    return key, max(order, 1)


def hold_name_derivatives(tree: lark.Tree, is_defined) -> tuple[lark.Tree, dict[str, lark.Tree]]:
    """Replace each derivative in a defined name by `derive_by_name(prefix, HELD)`; the operand aside."""
    def target(node):
        if node.data in ("leibniz", "apply_leibniz"):
            found = _leibniz_variable(node)
            return found if found and is_defined(found[0]) else None
        if node.data == "apply_prefix":
            tokens = node.children[0].children
            found = derivative_variable(tokens) if tokens else None
            return found if found and found[0] and is_defined(found[0]) else None
        return None

    if not any(target(n) for n in tree.iter_subtrees()):
        return tree, {}
    tree = copy.deepcopy(tree)
    held: dict[str, lark.Tree] = {}
    for node in list(tree.iter_subtrees_topdown()):
        if node.data not in ("apply_prefix", "leibniz", "apply_leibniz"):
            continue
        found = target(node)
        if not found:
            continue
        index = str(len(held))
        if node.data in ("leibniz", "apply_leibniz"):
            key, order = found
            prefix = lark.Tree("prefix", [lark.Token("HELD_VAR", f"{key}|{order}")])
            held[index] = node.children[1]
        else:
            prefix, held[index] = node.children
        node.data, node.children = "derive_by_name", [prefix, lark.Token("HELD", index)]
    return tree, held


def _leibniz_variable(node: lark.Tree) -> tuple[str, int] | None:
    r"""(key, order) of `\frac{d f}{d u}` or `\frac{d}{d u} f` when u is a plain name; else None."""
    if node.data == "apply_leibniz":
        token, _diff, variable = node.children[0].children
    else:
        token, _numerator, _diff, variable = node.children
    name = plain_name(variable)
    if name is None:
        return None
    m = re.search(r"\^\s*\{?\s*([0-9])", str(token))
    return name.key, int(m.group(1)) if m else 1
