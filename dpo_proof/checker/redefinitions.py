"""A name defined twice: `g(z) = \\sigma(z)` in one section, `g(z) = \\tanh(z)` in the next.

The second line is read as a claim about the first definition (scope.py), which is right when an
author restates a definition, and a false alarm when the text gives the name a new meaning. When
the second line does not hold against the first and no catalogued slip turns the first into it,
and a heading or a part's label stands between the two (a new section or part), the text does not say which it is: the line
is `undefined`, and the message says both readings. In the definition's own section it is checked.
Known quantities (the DPO loss, the margin, σ′) keep their own check (known.py).
"""
from __future__ import annotations

import re

from .compare import Judgement
from .latex import LatexError
from .names import definable_head


# a heading, or a part's label opening its line (`**(b) GRPO**`, `(c)`): each part may define anew
HEADING_RE = re.compile(r"^[ \t]*(#{1,6}[ \t]|(\*\*|__)?\((?:[a-h]|[ivx]{1,4})\)[ \t*_])", re.MULTILINE)
FAMILY_RE = re.compile(r"(?i)dpo|ipo|simpo|orpo|kto|rlhf|slic|hinge|(?<![a-z])(rm|bt)(?![a-z])")


class Redefinitions:
    """A method of chain.FileRun (it holds `text`, `restated`, `table`, `known`, `_parse`)."""

    def _said_again(self, eq, verdict: Judgement, fields: dict) -> Judgement | None:
        """The `undefined` verdict for a refuted first row of a definition said again with another
        formula (no slip named), else None."""
        if verdict.verdict != "refuted" or id(eq) not in self.restated or fields.get("diagnosis"):
            return None
        try:
            head = definable_head(self._parse(eq.sides[0]))
        except LatexError:
            return None
        definition = self.table.definitions.get(head[0]) if head else None
        if definition is None or head[0] in self.known or head[0] in self.table.standard \
                or FAMILY_RE.search(head[0]):
            return None  # a loss of the preference family (ℒ_DPO, ℒ_RLHF): a restatement is checked as one
        if not HEADING_RE.search(self.text, definition.at, eq.sides[0].start):
            return None  # in the same section as the definition: said again, so checked against it
        name = definition.head or head[0]
        return Judgement("undefined", f"gives `{name}` another formula than its definition on line "
                         f"{definition.line}, and no catalogued slip turns one into the other: a new "
                         f"definition, or line {definition.line}'s said again wrongly? The text does not say, "
                         f"so this line is not judged (against line {definition.line}: {verdict.message}); "
                         "write `:=` or name the new one to have it read as a definition", None, verdict.undefined)
