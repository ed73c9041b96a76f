r"""Caps that keep hostile or huge input from hanging the checker or exhausting memory.

sympy evaluates exact numbers eagerly: $10^{10^{10^{10}}}$ or a tower of $\exp$ would be
computed digit by digit. Constants are therefore sized (as floats) before sympy builds them.

Time: each line (parsing, building sympy, differentiating, comparing, diagnosing) runs under a
deadline of `line_seconds(time_limit)`, and the whole file under `FILE_SECONDS`, both with
`dpo_proof.limits.deadline`; what runs out of time is `skipped`, which never counts as holding.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .parsing import LatexError

if TYPE_CHECKING:
    import sympy as sp

MAX_NUMBER_DIGITS = 30        # longer literals are rejected, not built
MAX_EXPONENT = 1000           # |n| in x^n for a constant n
MAX_INTEGER_POWER = 100       # x^n with symbolic x: (a+b)^n must stay expandable
MAX_LOG10_CONSTANT = 300      # 10^{10^{10}} and friends are rejected before sympy evaluates them
MAX_DEFINITION_DEPTH = 30     # definitions that refer to each other this deep are circular

TIME_LIMIT_RANGE = (0.1, 300.0)  # --time-limit outside it is a usage error (1e10 overflowed the timer)
FILE_SECONDS = 45.0           # one file's budget, enforced: what is left when it runs out is skipped


def time_limit_error(seconds: float) -> str | None:
    """Why `--time-limit seconds` is refused, or None."""
    low, high = TIME_LIMIT_RANGE
    if not (low <= seconds <= high):
        return f"must be between {low:g} and {high:g} seconds, got {seconds:g}"
    return None


def line_seconds(time_limit: float) -> float:
    """The hard cap on one line: the comparison may use the time limit twice (numeric screen,
    certificate), the step from the previous line and the diagnosis use it again."""
    return 4 * time_limit + 1


class LineTimeout(BaseException):
    """One line ran past `line_seconds`. Not a `limits.Timeout`: the equality engine must not
    take it for its own time-out and carry on."""


class FileTimeout(BaseException):
    """The file's budget is spent."""


def check_number(text: str, pos: int) -> None:
    if len(text.replace(".", "")) > MAX_NUMBER_DIGITS:
        raise LatexError(f"number too long ({len(text)} characters; at most {MAX_NUMBER_DIGITS})", pos)


def check_power(base: sp.Expr, exponent: sp.Expr, pos: int) -> None:
    """Raise LatexError before sympy would build a constant beyond about 10^300, or (a+b)^1000."""
    if exponent.free_symbols:
        return
    n = magnitude(exponent)
    if n > MAX_EXPONENT:
        raise LatexError(f"exponent too large (about {_sci(n)}; at most {MAX_EXPONENT})", pos)
    if not base.free_symbols:
        b = magnitude(base)
        if b > 0 and n * abs(math.log10(b)) > MAX_LOG10_CONSTANT:
            raise LatexError(f"number too large (about 10^{_sci(n * abs(math.log10(b)))})", pos)
    elif exponent.is_integer and n > MAX_INTEGER_POWER:
        raise LatexError(f"power too large ({exponent}; at most {MAX_INTEGER_POWER})", pos)


def check_exp(exponent: sp.Expr, pos: int) -> None:
    if not exponent.free_symbols and magnitude(exponent) > 2 * MAX_EXPONENT:
        raise LatexError(f"exponent too large (about {_sci(magnitude(exponent))})", pos)


def magnitude(x: sp.Expr) -> float:
    """|x| as a float, inf when it overflows; x is a constant already built under the caps."""
    import sympy as sp  # here, so that `dpo-proof --help` can read TIME_LIMIT_RANGE without sympy

    try:
        value = complex(sp.N(x, 15))
        return abs(value) if math.isfinite(abs(value)) else math.inf
    except (TypeError, ValueError, OverflowError, ZeroDivisionError):
        return math.inf


def _sci(x: float) -> str:
    return "infinity" if not math.isfinite(x) else f"{x:.3g}"
