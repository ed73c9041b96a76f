r"""Refutations the checker does not stand behind: a line it could only judge under a reading that
the text leaves open. Such a line is `skipped`, with the reason, never `refuted`:

- it rests on a form given to the policy (policyforms.py), which the checker does not use;
- an entry of a tuple written rounded so that its entries sum to 1 is off by less than one unit
  of its last digit (tuples.py);
- its brackets, or those of a definition it uses, were paired by the checker with a closer of the
  wrong kind left out or read as another (brackets.py): the author may have meant another reading.
  A closer only put in (where an enclosing bracket closes, or at the end) is the one reading.

Mixed into chain.FileRun (`add` asks `caution` of every refuted check).
"""
from __future__ import annotations

from .brackets import close_brackets
from .policyforms import PolicyForms


def close_open_brackets(equations) -> None:
    """Each side whose `(`/`[` do not pair is read with them closed; the equation says so."""
    for eq in equations:
        notes = []
        for side in eq.sides:
            repaired = close_brackets(side.text)
            if repaired is not None:
                side.text, note = repaired
                notes.append(note)
                eq.repaired = eq.repaired or "left out" in note or "other kind" in note
        if notes:
            eq.reading_note = "; ".join(filter(None, [eq.reading_note, notes[0]]))


class Cautions(PolicyForms):
    """Methods of chain.FileRun: why a refutation is not stood behind, if it is not."""

    def caution(self, offset: int, eq, fields: dict | None = None) -> str | None:
        unit, found = getattr(eq, "normalised", None), (fields or {}).get("counterexample") or {}
        if unit and "lhs" in found and abs(found["lhs"] - found["rhs"]) <= unit * (1 + 1e-9):
            return ("an entry of a distribution written rounded so that its entries sum to 1: it is off by "
                    "less than one unit of its last digit, which such a rounding allows: not judged")
        form = self.resting_on_form(offset, eq)
        if form is not None:
            return (f"rests on the form given to the policy at line {form.line}, which the checker "
                    "does not use (it keeps the policy free): not judged")
        if eq is not None and getattr(eq, "repaired", False):
            return ("its brackets do not pair as written; read with them closed as their nesting "
                    "allows, the sides differ, but the author may have meant another reading: not "
                    "judged (close the brackets to have it judged)")
        lines = sorted(d.line for d in self.table.definitions.values()
                       if d.key in self.table.used and getattr(d, "repaired", False))
        if lines:
            return (f"uses a definition (line {lines[0]}) whose brackets do not pair as written; read "
                    "with them closed, the sides differ, but the author may have meant another "
                    "reading: not judged")
        return None
