r"""A prime on an expression where the line also primes its variables: the rules of calculus in
Lagrange's notation, `(1/v)' = -v'/v^2`, `(uv)' = u'v + uv'`, `(\log u)' = u'/u`.

There u and v are functions of one variable t, and ′ is d/dt on both sides. So the expression's
prime is its total derivative, $\frac{d}{dt} f(u, v) = f_u u' + f_v v'$, in the symbols u′ and v′
that the line writes. A variable the line never primes is a constant there. Where the line primes
none of them, the prime stays the derivative in the expression's one variable: `(\log u)' = 1/u`.
"""
from __future__ import annotations

import re

import sympy as sp

from .names import GREEK_LETTERS, VARIANTS

PRIME_RE = re.compile(r"\^\s*\{?\s*\\prime\s*\}?|′")
COMMAND_RE = re.compile(r"\\([A-Za-z]+)")
RESPONSES = ("x", "y")  # x′ and y′ are other responses (Σ_{y'}), never derivatives


def _as_letters(line: str) -> str:
    """The line with every prime written ' and every command a space, a Greek letter its own letter:
    what is left of a name is then its letters (`uv'` is u times v′)."""
    line = PRIME_RE.sub("'", line)
    return COMMAND_RE.sub(lambda m: f" {GREEK_LETTERS.get(VARIANTS.get(m[1], m[1]), '#')} ", line)


def _primed_in(letters: str, name: str) -> bool:
    base, _, sub = name.partition("_")
    script = rf"\s*_\s*(?:\{{\s*{re.escape(sub)}\s*\}}|{re.escape(sub)})" if sub else ""
    return re.search(rf"{re.escape(base)}{script}\s*'", letters) is not None


def _primed(name: str) -> str:
    base, _, sub = name.partition("_")
    return base + "′" + ("_" + sub if sub else "")


def total_derivative(value: sp.Expr, line: str) -> sp.Expr | None:
    r"""$\frac{d}{dt} f = \sum_s \frac{\partial f}{\partial s} s'$ over the variables s whose prime the
    line writes; None where it writes none (the prime is then in the expression's own variable)."""
    letters = _as_letters(line)
    primed = [s for s in sorted(value.free_symbols, key=str)
              if s.name.partition("_")[0] not in RESPONSES and _primed_in(letters, s.name)]
    if not primed:
        return None
    return sp.Add(*(sp.diff(value, s) * sp.Symbol(_primed(s.name), real=True) for s in primed))
