r"""A sign said in the prose just before a display: `x<0 时：`, "for $x \ge 0$:", "if $z > 0$,".

The rows of that display are claimed on that side of 0 only (|x| = x for x ≥ 0, 1 + e^x written as
e^x(1 + e^{−x})…). A row refuted at a probe value of the other sign is judged again with the
variable put on the said side (x = t² or x = −t², t any number); if it holds there, it holds as the
text says, and the message says so. Nothing else changes: a row false on the said side is refuted.
"""
from __future__ import annotations

import re
from dataclasses import replace

import sympy as sp

from .compare import Judgement

# the name, the relation, then 0, at the end of the prose (words after it: 时, 时：, the colon, a comma)
SIGN_RE = re.compile(r"(?<![A-Za-z\\])(\\?[A-Za-z]+)\s*(>=|≥|\\geqslant|\\geq|\\ge|>|<=|≤|\\leqslant|\\leq|\\le|<)"
                     r"\s*0(?![\d.,]\d)\s*\$?\s*(时|時|の?とき|일 때|,|:|：|，)?[^$\n]{0,12}$")
NEGATIVE = ("<", "<=", "≤", "\\le", "\\leq", "\\leqslant")


# what opens a display: `$$`, `\\[`, `\\begin{aligned}`, and the blanks between
OPENING_RE = re.compile(r"(\$\$|\\\[|\\begin\s*\{[a-zA-Z*]+\}(\{[^{}]*\})?|\s)*$")


def sign_condition(before: str) -> tuple[str, int] | None:
    """(variable, +1 or −1) of a sign stated at the end of the text before a display (its opening
    left out), else None."""
    prose = before[:OPENING_RE.search(before).start()]
    m = SIGN_RE.search(prose[-80:])
    if m is None:
        return None
    return m.group(1).lstrip("\\"), -1 if m.group(2) in NEGATIVE else 1


class Signs:
    """A method of chain.FileRun (it holds `sign` of the current display and `_judge`)."""

    def _on_the_said_side(self, left, right, verdict: Judgement) -> Judgement | None:
        """The row judged again with its variable on the side of 0 the text says; None if no sign was
        said for it, or the row fails there too."""
        if self.sign is None:
            return None
        key, side = self.sign
        found = [s for s in left.full.free_symbols | right.full.free_symbols if s.name == key]
        if not found:
            return None
        on_side = {found[0]: side * found[0] ** 2}
        moved = [replace(v, full=sp.sympify(v.full).xreplace(on_side), opaque=sp.sympify(v.opaque).xreplace(on_side))
                 for v in (left, right)]
        again = self._judge(*moved)
        if not again.holds:
            return None
        said = "≥ 0" if side > 0 else "≤ 0"
        return Judgement(again.verdict, f"{again.message}, for {key} {said} as the text before the display says "
                         f"(it is not an identity for every {key}: {verdict.message.split(';')[0]})")
