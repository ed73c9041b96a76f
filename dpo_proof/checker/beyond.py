"""Refutations that would rest on what the checker does not read, and so are not stood behind.

A line whose sides differ only through such a part is not judged (compare.judge): an integral with no
`dy` over responses (read as a value of its own, free to take any value), the policy at a trajectory
against the policy at its steps (a trajectory's factorisation is a modelling step), and sums written
with `⋯` that agree on every term written out (the dots are read as one unknown term, not as the
pattern continued), or written on one side only against the other side's closed form.
"""
from __future__ import annotations

from typing import Callable

import sympy as sp
from sympy.core.function import AppliedUndef


def beyond_reading(left: sp.Expr, right: sp.Expr, holds: Callable[[sp.Expr, sp.Expr], bool]):
    """(verdict, reason, whether the undefined names are the line's) for a refuted `left = right`
    whose difference lies in a part the checker does not read, else None."""
    if any(type(f).__name__ == "∫" for side in (left, right) for f in side.atoms(AppliedUndef)):
        return ("skipped", "an integral the checker does not evaluate (no `dy` over responses): read as a value "
                "of its own, any refutation would rest on a value it cannot take, so the line is not judged", True)
    if _trajectory_and_steps(left, right):
        return ("undefined", "relates the policy at one draw (a trajectory τ) to the policy at others (its steps "
                "a_t|s_t): how a trajectory's probability is made of its steps is a modelling step the checker "
                "does not know, so the line is not judged", True)
    if _only_in_the_dots(left, right, holds):
        return ("undefined", "the sides agree on every term written out and differ only in the terms left out "
                "as `⋯`, which the checker reads as one unknown term, not as the pattern continued: not judged; "
                "write the sum with Σ to have it judged", False)
    if _dots_on_one_side(left, right):
        return ("undefined", "one side writes a sum with its terms left out as `⋯` (a series: λ² + λ³ + ⋯), the "
                "other its value; the checker reads `⋯` as one unknown term, not as the pattern continued, so "
                "the line is not judged; write the sum with Σ and its bounds to have it judged", False)
    return None


def _dots_on_one_side(left: sp.Expr, right: sp.Expr) -> bool:
    """λ² + λ³ + ⋯ = λ²/(1 − λ): the dots stand for infinitely many terms the other side sums."""
    return [any(s.name == "⋯" for s in side.free_symbols) for side in (left, right)].count(True) == 1


def _trajectory_and_steps(left: sp.Expr, right: sp.Expr) -> bool:
    """π_θ(τ) on one side, π_θ(a_t|s_t) on the other (no response y on either): a trajectory and its steps."""
    drawn = [{type(f).__name__ for f in side.atoms(AppliedUndef) if type(f).__name__.startswith("pi_")}
             for side in (left, right)]
    return all(drawn) and not drawn[0] & drawn[1] and not any(n[3:].startswith("y") for n in drawn[0] | drawn[1])


def _only_in_the_dots(left: sp.Expr, right: sp.Expr, holds) -> bool:
    """a² + ⋯ + b² scaled by ½ against ½a² + ⋯ + ½b²: equal once the terms left out (⋯) are 0."""
    dots = [s for s in (left.free_symbols | right.free_symbols) if s.name == "⋯"]
    if not dots:
        return False
    zero = {dots[0]: 0}
    return holds(left.xreplace(zero), right.xreplace(zero))
