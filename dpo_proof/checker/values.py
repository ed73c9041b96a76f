r"""What a side of a line is to the judge: its sympy values and how it was read (`Value`), a side
that could not be read or built in time (`Failed`), the previous right side of a chain (`Step`);
and the small tests on them: a number, a setting of an example, the precision a number is written to.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import sympy as sp
from sympy.core.function import AppliedUndef

from ..symbolic.notation import sigma
from .freenames import is_parameter
from .names import plain_name
DECIMAL_RE = re.compile(r"(?<![\d.])\d*\.(\d+)")

@dataclass
class Value:
    """A side's sympy values (definitions expanded; defined names kept), and how it was read."""

    full: object
    opaque: object
    tree: object
    used: frozenset  # defined names it expanded
    notes: tuple  # zero gradients of constants, said in the message
    source: str

    @property
    def pair(self):
        return self.full, self.opaque


@dataclass
class Failed:
    """A side that could not be read (reported as unparsed) or built in time (skipped)."""

    reason: str = ""


FAILED = Failed()


@dataclass
class Step:
    """The previous right side of a chain, and whether the claim that stated it holds."""

    value: object  # Value or Failed
    holds: bool | None  # None: a definition (holds by fiat) or not judged
    source: str = ""
    alone: bool = False  # judged only as a step from the row before: its tie to the chain's start is unknown


def depth(text: str) -> int:
    depth = deepest = 0
    for c in text:
        if c in "{[(":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "}])":
            depth -= 1
    return deepest


def clean(source: str) -> str:
    """A claim's LaTeX on one line, without alignment marks."""
    return " ".join(source.replace("&", " ").split())


def sides_source(sides) -> str:
    """`A = B = C` on one line: the sides' LaTeX joined by `=`, cleaned."""
    return clean(" = ".join(side.text for side in sides))


def constant(expr) -> bool:
    """A number: no free quantity and no function of one (0.994 − 0.078, −log σ(0.916))."""
    return not expr.free_symbols and not expr.atoms(AppliedUndef, sp.Derivative)


def is_setting(left, right) -> bool:
    """`β = 1`, `π_ref = 1/3`, `\\log \\frac{π_θ(y_w|x)}{π_ref(y_w|x)} = 0.8`, `r(y_w) = −25β`: example
    values, not a claim of the derivation. The left side is made of β and the policy's or reference's values
    only (no name the text defines, none it never defines), the right side a number."""
    atom = left.full
    if in_beta(right.full) and not constant(atom) and not atom.atoms(sp.Derivative) and of_policy(atom):
        return True  # r(y_w) − r(y_l) = −21β in a worked example: the policy's values, not an identity
    if not constant(right.full) or left.used or constant(atom) or atom.atoms(sp.Derivative):
        return False
    if isinstance(atom, sp.Symbol):
        return atom.name == "beta" or atom.name.startswith("pi")
    functions = atom.atoms(AppliedUndef)
    symbols = {s.name for s in atom.free_symbols}
    references = any(n.startswith("piref_") for n in symbols)  # log π_ref(y_w|x) = −60: the reference's value
    return (bool(functions) or references) and all(type(f).__name__.startswith("pi_") for f in functions) and \
        all(n == "beta" or n.startswith("piref_") or is_parameter(sp.Symbol(n)) for n in symbols)


def in_beta(expr) -> bool:
    """−21β, β·(−0.5): numbers and β only, and β in it."""
    symbols = expr.free_symbols
    if not symbols or any(s.name != "beta" for s in symbols):
        return False
    return symbols == {sp.Symbol("beta", positive=True)} or not expr.atoms(AppliedUndef)


def of_policy(expr) -> bool:
    """Built from the policy's and the reference's values, β and lengths |y| only."""
    functions = expr.atoms(AppliedUndef)
    return bool(functions) and all(type(f).__name__.startswith("pi_") for f in functions) and \
        all(s.name == "beta" or s.name.startswith(("piref_", "|")) or is_parameter(s) for s in expr.free_symbols)


def example_values(left, right) -> dict:
    """What a setting fixes: β = 0.1 -> {β: 1/10}; log π_θ(y_w|x)/π_ref(y_w|x) = 0.8 ->
    {π_θ(y_w|x): π_ref(y_w|x) e^0.8}; Δ = 4.6 fixes the first policy value given the others (one
    consistent choice). Sides linear in the log of that value under −, +, ×, log, exp and σ are
    solved; nothing is fixed otherwise."""
    if isinstance(left.full, (sp.Symbol, AppliedUndef)):  # β = 0.1, π(y_1|x) = 0.8
        return {left.full: right.full}
    policies = sorted(left.full.atoms(AppliedUndef), key=sp.default_sort_key)
    if not policies:
        return {}
    p, t = policies[0], sp.Dummy("t")
    side = sp.expand_log(left.full, force=True).xreplace({sp.log(p): t})
    value = None if side.has(p) else _invert(side, t, right.full)
    return {p: sp.exp(value)} if value is not None else {}


def _invert(expr, t, value):
    """t such that expr(t) = value, where expr is linear in t inside −, +, ×, log, exp and σ
    (each undone in turn: −log σ(a log π_w − …) = 0.337); None where it is not that."""
    while True:
        if not expr.has(t):
            return None
        if isinstance(expr, sp.Add):
            moving = [a for a in expr.args if a.has(t)]
            if len(moving) != 1:
                break
            value, expr = value - (expr - moving[0]), moving[0]
        elif isinstance(expr, sp.Mul):
            moving = [a for a in expr.args if a.has(t)]
            if len(moving) != 1:
                break
            value, expr = value / (expr / moving[0]), moving[0]
        elif isinstance(expr, sp.log):
            value, expr = sp.exp(value), expr.args[0]
        elif isinstance(expr, sp.exp):
            value, expr = sp.log(value), expr.args[0]
        elif isinstance(expr, sigma):
            value, expr = sp.log(value / (1 - value)), expr.args[0]
        else:
            break
    linear = sp.expand(expr)
    slope = sp.diff(linear, t)
    if slope.has(t) or slope == 0:
        return None
    return (value - linear.xreplace({t: 0})) / slope


def written_precision(left, right) -> float:
    """How far a number written rounded may be from the exact one: half a unit in its last decimal
    when the result is a bare number (`= 0.337`: 0.0005), a whole unit when it is an expression of
    rounded numbers (`= -\\log 0.5275`: the rounding propagates); 0 where no decimals are written
    (then numbers are compared exactly)."""
    decimals = [len(m.group(1)) for m in DECIMAL_RE.finditer(right.source)] \
        or [len(m.group(1)) for m in DECIMAL_RE.finditer(left.source)]
    if not decimals:
        return 0.0
    precision = 10.0 ** -min(decimals) * (0.5 + 1e-9 if _bare_number(right.source) else 1.0)
    if _bare_number(left.source) and (written := DECIMAL_RE.search(left.source)) is not None:
        # `1.027 = \log 2.7933`: the left side is a rounded value too, to its own last decimal
        precision = max(precision, 10.0 ** -len(written.group(1)) * (0.5 + 1e-9))
    return precision


def _bare_number(source: str) -> bool:
    """`= 0.337`, `(−0.5)`: the side is a number alone, not an expression of numbers."""
    return re.fullmatch(r"\s*[-−]?\s*\d*\.?\d+\s*", source.replace("&", " ").strip("() \t\n")) is not None


def truncated_to(exact: float, written: float, right_source: str) -> bool:
    """Is the bare number written the exact value with its digits cut rather than rounded
    (H = 0.89795… written 0.897)? A common way to write a worked value, not a slip."""
    decimals = [len(m.group(1)) for m in DECIMAL_RE.finditer(right_source)]
    if len(decimals) != 1 or not _bare_number(right_source) or not math.isfinite(exact):
        return False
    unit = 10.0 ** -decimals[0]
    return abs(math.trunc(exact / unit) * unit - written) <= 1e-9 * max(1.0, abs(written))


def value_of_a_name(left, right, written: str) -> bool:
    r"""`\hat\Delta = \log(10.5/0.5)` for a name defined in free quantities (w, n): the value it takes at
    an example's numbers, which the checker keeps free; not an identity in them."""
    return constant(right.full) and not constant(left.full) and DECIMAL_RE.search(written) is not None \
        and bool(left.used) and bool(left.full.free_symbols) and plain_name(left.tree) is not None
