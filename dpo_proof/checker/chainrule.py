r"""The chain rule written in Leibniz fractions: $\frac{\partial L}{\partial z} = \frac{\partial L}{\partial a}
\frac{\partial a}{\partial z}$.

Backpropagation notes write the chain rule before they evaluate it: the right side is a product of
Leibniz fractions whose numerators and denominators telescope to the left side's. That row is the
chain rule itself, true whenever L depends on z through a: the checker would otherwise let every
name the text never defines (the label y, the input x) depend on z, and refute it. Read from the
text (never evaluated): each fraction is `\frac{\partial X}{\partial Y}` or `\frac{dX}{dY}`.
"""
from __future__ import annotations

import re

from .logscope import group_end, skip_spaces

DIFFERENTIAL_RE = re.compile(r"^(?:\\partial|\\mathrm\{d\}|\\text\{d\}|\\operatorname\{d\}|d)")
INDEX_RE = re.compile(r"\^\{?\((\w+)\)\}?")  # L^{(i)}: the i-th example's
# a chain that starts from a derivative (∂L/∂w, ∇_θ J, f′(x)): a last row `= 0` sets it to zero
DERIVATIVE_START_RE = re.compile(r"\\(partial|nabla)(?![a-zA-Z])|\\frac\s*\{\s*(\\mathrm\s*\{\s*)?d|['′]")
SEPARATOR_RE = re.compile(r"^(?:\s|\\cdot|\\times|\\,|\\;|\\!|\\:|\*|\\left\.|\\right\.)+")
STYLE_RE = re.compile(r"\\(?:mathbf|boldsymbol|bm|mathit|vec)|[{}\s]|\\[,;!:]")


def _group(text: str, at: int) -> tuple[str, int] | None:
    """The brace group that starts at `at` (after spaces): (its inside, the offset after it)."""
    start = skip_spaces(text, at)
    end = group_end(text, start, "{")
    return (text[start + 1:end - 1], end) if end is not None else None


def _variable(inside: str) -> str | None:
    """`\\partial L` -> `L`; `dp_i` -> `p_i`; None when it is no differential of one name."""
    inside = inside.strip()
    match = DIFFERENTIAL_RE.match(inside)
    if match is None:
        return None
    name = STYLE_RE.sub("", INDEX_RE.sub(r"^\1", inside[match.end():]))
    if not name or name.startswith("^") or re.search(r"[=+\-/()\[\]|]|\\frac|\\partial", name):
        return None  # ∂²L, ∂(a+b): not a plain name
    return name.replace("_", "")


def fractions(text: str) -> list[tuple[str, str]] | None:
    """[(numerator's name, variable)] of a product of Leibniz fractions, or None when `text` holds
    anything else."""
    text = re.sub(r"^[\s&]+|(?:\\\\|[\s.,;&])+$", "", text)
    found, at = [], 0
    while at < len(text):
        match = SEPARATOR_RE.match(text[at:])
        if match:
            at += match.end()
            continue
        frac = re.match(r"\\[dtc]?frac(?![a-zA-Z])", text[at:])
        if frac is None:
            return None
        top = _group(text, at + frac.end())
        bottom = _group(text, top[1]) if top else None
        if bottom is None:
            return None
        pair = _variable(top[0]), _variable(bottom[0])
        if None in pair:
            return None
        found.append(pair)
        at = bottom[1]
    return found or None


def chain_rule(left: str, right: str) -> str | None:
    """A sentence saying so when `right` is the chain rule for `left`'s derivative:
    ∂A/∂B = ∂A/∂C₁ · ∂C₁/∂C₂ ⋯ ∂Cₙ/∂B, the factors in any order; else None."""
    whole, factors = fractions(left), fractions(right)
    if whole is None or factors is None or len(whole) != 1 or len(factors) < 2:
        return None
    (start, end), edges = whole[0], dict(factors)
    if len(edges) != len(factors) or start == end:
        return None
    path, name = [], start
    while name in edges and len(path) <= len(factors):
        path.append(name)
        name = edges[name]
    if name != end or len(path) != len(factors):
        return None
    return f"the chain rule: {_shown(start)} depends on {_shown(end)} through {', '.join(map(_shown, path[1:]))}"


def _shown(name: str) -> str:
    return re.sub(r"\\(mathcal|hat|tilde|bar)", "", name).replace("\\", "")
