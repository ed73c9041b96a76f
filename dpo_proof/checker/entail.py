r"""Lines that are conditions, not identities: does a line follow from the equation before it?

A derivation of the optimal policy sets a derivative to zero ($\partial \mathcal{L}/\partial \pi = 0$)
and solves it: $\log \frac{\pi}{\pi_{ref}} = \frac{r + \lambda - \beta}{\beta}$, then
$\pi = \pi_{ref} e^{r/\beta} / Z(x)$. None of these is an identity (each is false for most π), so
each would be refuted on its own; each follows from the one before. Here a line follows from a
premise when, solved for a quantity they share (π(y|x)), the premise makes the line an identity;
a constant the line introduces to collect others ("the constants go into C(x)") may take the value
that makes it so, provided that value does not vary with the response y.
"""
from __future__ import annotations

import functools

import sympy as sp
from sympy.core.function import AppliedUndef

from ..limits import Timeout, deadline
from ..symbolic.equality import check_equal
from ..symbolic.notation import to_text
from .freenames import is_parameter, undefined_atoms
from .operators import is_operator, varies

MAX_UNKNOWNS = 3
DOTS = sp.Symbol("⋯", real=True)  # the terms not written: solved for last


@functools.cache
def warm_up() -> None:
    """sympy's first `solve` in a process sets itself up (several warm solves' time): done once on a
    small problem of the same kind, outside any deadline, so that whether a line is shown to follow
    does not depend on whether an earlier line (or test) happened to warm sympy up."""
    p, q, r, c = sp.symbols("p q r c", positive=True)
    sp.solve(sp.expand_log(sp.log(p / q), force=True) - (r + c) / c, p, simplify=False, rational=False)


def follows(premise: tuple, claim: tuple, defined: set[str], time_limit: float) -> str | None:
    """How `claim` (left, right) follows from `premise` (left, right), in words; None if it does not
    (or that cannot be shown in time)."""
    try:
        with deadline(time_limit):
            return _follows(premise, claim, defined, time_limit)
    except (Timeout, Exception):  # sympy's solve on exotic input: not shown, never a traceback
        return None


def _follows(premise, claim, defined, time_limit):
    if any(side.has(sp.Derivative) for side in (*premise, *claim)):
        return None  # conditions are equations between values; a gradient line is judged as such
    condition = sp.expand_log(premise[0] - premise[1], force=True)
    statement = sp.expand_log(claim[0] - claim[1], force=True)
    for atom in _shared(condition, statement)[:MAX_UNKNOWNS]:
        # check=False: sympy would substitute every solution back (most of solve's time); only a
        # solution that makes the line hold is checked, against the premise, by our own test
        for solution in sp.solve(condition, atom, simplify=False, rational=False, check=False)[:2]:
            if _vacuous(condition, atom, solution):
                continue
            rest = sp.expand_log(statement.xreplace({atom: solution}), force=True)
            if _zero(rest, time_limit):
                how = f"solved for {to_text(atom)}"
            else:
                collected = _collecting_constant(rest, condition, defined, time_limit)
                how = collected and f"solved for {to_text(atom)}, {collected}"
            if how and _zero(sp.expand_log(condition.xreplace({atom: solution}), force=True), time_limit):
                return how
    return None


def _vacuous(condition: sp.Expr, atom, solution) -> bool:
    """`λ = 0` from a premise `λ·a = 0`: a factor of the premise solved to zero. Writers divide by such a
    factor (`2η(p − 𝔼σ(R)) = 0`, then `𝔼σ(R) = p`), and a wrong row (`λ a = −λ a`) holds only there:
    anything with the factor λ would follow from it. The other factor is solved for instead."""
    if not solution.is_zero:
        return False
    factored = sp.factor_terms(condition)
    return isinstance(factored, sp.Mul) and any(
        f == atom or isinstance(f, sp.Pow) and f.base == atom for f in factored.args)


def _shared(condition: sp.Expr, statement: sp.Expr) -> list:
    """Quantities both mention that can be solved for: the policy's values first."""
    def candidates(e):  # outside sums and optima: the values a line states, not those it sums
        found, stack = set(), [e]
        while stack:
            node = stack.pop()
            if isinstance(node, AppliedUndef):
                if not is_operator(node):
                    found.add(node)
            elif isinstance(node, sp.Symbol):
                if not is_parameter(node) and node.name != "beta":
                    found.add(node)
            else:
                stack.extend(node.args)
        return found
    both = candidates(condition) & candidates(statement)
    return sorted(both, key=lambda a: (not type(a).__name__.startswith("pi_"), not isinstance(a, AppliedUndef),
                                       a == DOTS, sp.default_sort_key(a)))


def _collecting_constant(rest: sp.Expr, condition: sp.Expr, defined: set[str], time_limit: float) -> str:
    """`C(x)` new in the line, never defined, solved so that the line holds: its value, when it does
    not vary with the response (a constant in y, as the text says it is)."""
    new = [a for a in undefined_atoms([rest], defined) if not condition.has(a)]
    if len(new) != 1:
        return ""
    solutions = sp.solve(rest, new[0])
    if len(solutions) != 1 or varies(solutions[0], "y"):
        return ""
    return f"with {to_text(new[0])} = {to_text(sp.simplify(solutions[0]))}, a constant in y"


def _zero(expr: sp.Expr, time_limit: float) -> bool:
    return check_equal(expr, sp.Integer(0), time_limit=time_limit).holds
