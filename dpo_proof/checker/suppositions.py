r"""`At the start ($\pi_\theta = \pi_{\mathrm{ref}}$) we have $h_\theta = 0$`: a supposition about the policy.

A claim that the bare policy equals the reference (`π_θ = π_ref`, `π_{θ_0} = π_SFT`) sets the case the
text is about, usually the start of training: it is not an identity (the two are different
quantities) and not a name the text failed to define. It is reported as a supposition, and the
claims after it in the same paragraph are judged with each π_θ(y|x) replaced by π_ref(y|x). Only the
values are replaced: ∇π_θ stays what it is (at π_θ = π_ref the policy still moves).
"""
from __future__ import annotations

import re

import sympy as sp
from sympy.core.function import AppliedUndef

from .names import REFERENCE_SUBSCRIPTS
from .cases import paragraph_end
from .values import Value

_BARE_POLICY_RE = re.compile(r"pi(_[A-Za-z0-9_]+)?")


def _reference_name(name: str) -> bool:
    return name.startswith("pi_") and name[3:] in REFERENCE_SUBSCRIPTS


def at_reference(left, right, defined) -> bool:
    """Is `left = right` the bare policy set equal to the bare reference (either way round), with
    neither name one the text defines?"""
    names = []
    for side in (left, right):
        if not (isinstance(side, sp.Symbol) and _BARE_POLICY_RE.fullmatch(side.name)) or side.name in defined:
            return False
        names.append(side.name)
    return _reference_name(names[0]) != _reference_name(names[1])


def with_reference(expr):
    r"""`expr` with each π_θ(y|x) (and a bare π_θ) put equal to π_ref(y|x); derivatives kept as they are."""
    if not isinstance(expr, sp.Basic):
        return expr
    derivatives = {d: sp.Dummy() for d in expr.atoms(sp.Derivative)}
    kept = expr.xreplace(derivatives)
    values = {}
    for f in kept.atoms(AppliedUndef):
        name = f.func.__name__
        if name.startswith("pi_") and not name.startswith("pi_ref"):
            values[f] = sp.Symbol(f"piref_{name[3:]}", positive=True)
    for s in kept.free_symbols:
        if _BARE_POLICY_RE.fullmatch(s.name) and not _reference_name(s.name):
            values[s] = sp.Symbol("pi_ref", **s.assumptions0)  # as the text's own bare π_ref is made
    if not values:
        return expr
    return kept.xreplace(values).xreplace({v: d for d, v in derivatives.items()})


class Suppositions:
    """Methods of chain.FileRun (it holds `text`, `lines`, `table`, `supposed`)."""

    def _supposes_reference(self, eq, left: Value, right: Value, start: int, source: str) -> bool:
        """Report `π_θ = π_ref` as a supposition and hold it to the end of its paragraph."""
        if len(eq.relations) != 1 or not at_reference(left.full, right.full, self.table.definitions):
            return False
        self.supposed = (paragraph_end(self.text, start), self.lines.line_col(start)[0])
        self.add("definition", "supposes that the policy equals the reference (as at the start of training): "
                 "not an identity; the claims after it in this paragraph are judged with π_θ(y|x) = π_ref(y|x)",
                 start, eq, source, follows=None)
        return True

    def _under_supposition(self, value, start: int):
        """`value` with π_θ = π_ref put in, where a supposition made before holds at `start`."""
        if self.supposed is None or start >= self.supposed[0] or not isinstance(value, Value):
            return value
        full, opaque = with_reference(value.full), with_reference(value.opaque)
        if full == value.full and opaque == value.opaque:
            return value
        note = f"with π_θ = π_ref, as supposed on line {self.supposed[1]}"
        return Value(full, opaque, value.tree, value.used, value.notes + (note,), value.source)
