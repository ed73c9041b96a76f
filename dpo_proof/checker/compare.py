"""Is the claim true? The equality engine, asked with defined names kept and then expanded."""
from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef

from ..symbolic.equality import Equality, check_equal
from ..symbolic.notation import to_text


def equal_values(left, right, time_limit: float):
    """Opaque names first (cheap, and a counterexample in δ reads well); then the definitions.

    An identity that holds with every defined name left as an arbitrary function holds for the
    definitions too. Otherwise the expanded check decides; its refutation is shown in terms of
    the names when the opaque check found one as well.
    """
    (full_l, opaque_l), (full_r, opaque_r) = left, right
    same = full_l == opaque_l and full_r == opaque_r
    first = _equal(opaque_l, opaque_r, time_limit)
    if first.holds or same:
        return first
    result = _equal(full_l, full_r, time_limit)
    if result.verdict == "refuted" and first.verdict == "refuted" and first.counterexample:
        # Shown in δ only when every value named is free to choose: no π next to a δ made of π.
        opaque_only = names_in(opaque_l, opaque_r) - names_in(full_l, full_r)
        if set(first.counterexample["at"]) <= opaque_only:
            return first
    return result


def undefined_functions(*exprs) -> list[str]:
    """Names applied like functions but never defined (r̂(x, y_w) with no r̂ = …): free values."""
    found = {type(a).__name__ for e in exprs for a in e.atoms(AppliedUndef)}
    return sorted(n for n in found if not n.startswith("pi_"))


def names_in(*exprs) -> set[str]:
    return {to_text(a) for e in exprs for a in e.atoms(sp.Symbol, AppliedUndef, sp.Derivative)}


def _equal(lhs, rhs, time_limit: float):
    try:
        return check_equal(lhs, rhs, time_limit=time_limit)
    except RecursionError:
        return Equality("skipped", "the expression is too deeply nested for the equality engine")
    except Exception as exc:  # sympy can fail on exotic input; a verdict, never a traceback
        return Equality("skipped", f"the equality engine could not compare these sides "
                                   f"({type(exc).__name__})")
