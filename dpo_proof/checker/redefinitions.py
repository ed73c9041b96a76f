"""A name defined twice: `g(z) = \\sigma(z)` in one section, `g(z) = \\tanh(z)` in the next.

The second line is read as a claim about the first definition (scope.py), which is right when an
author restates a definition, and a false alarm when the text gives the name a new meaning. When
the second line does not hold against the first and no catalogued slip turns the first into it,
and a heading or a part's label stands between the two (a new section or part), a line that
stands as a display, alone on its line or after a list item's bold label is read as a new
definition: its verdict is `definition`, the message says the other reading (the first definition
said again wrongly), and the lines after it use the new formula until the name is defined again.
In the corpus every such line was a new definition (`#### 2. Tanh` after `#### 1. Sigmoid`); a
reminder inside a sentence was once the first said wrongly (`Under the model, $h(x) = 1 \big/ 1 +
e^{-x}$`), so there neither reading is taken: `undefined`. In the definition's own section the
line is checked, unless words before the inline math give the name its formula for the case at hand
("KL uses $f(x) = -\\log x$", "now with $g(z) = \\tanh(z)$"): a new definition there too. A new value
in numbers (`P = σ(3.0)` in a worked example) ends with its section.
Known quantities (the DPO loss, the margin, σ′) keep their own check (known.py).
"""
from __future__ import annotations

import re
from dataclasses import replace

from .cases import side_start
from .compare import Judgement
from .latex import LatexError
from .names import definable_head
from .scope import NUMBER_FUNCTIONS, _numbers_only
from .symbols import Definition


# a heading, or a part's label opening its line (`**(b) GRPO**`, `(c)`): each part may define anew
HEADING_RE = re.compile(r"^[ \t]*(#{1,6}[ \t]|(\*\*|__)?\((?:[a-h]|[ivx]{1,4})\)[ \t*_])", re.MULTILINE)
LABEL_BEFORE_RE = re.compile(r"[ \t>]*([-*+]|\d+[.)])?[ \t]*(\*\*|__)[^*_$\n]{1,40}(\*\*|__)[ \t]*[:：]?[ \t]*\$*[ \t]*")
# words that give a name a formula of the case at hand: "with", "uses", "take", "let", "set", "instead"
NEW_FORMULA_BEFORE_RE = re.compile(r"\b(with|uses|using|take|taking|let|set|setting|instead|choose|now)\s*$|[用取令设]\s*$",
                                   re.IGNORECASE)
FAMILY_RE = re.compile(r"(?i)dpo|ipo|simpo|orpo|kto|rlhf|slic|hinge|(?<![a-z])(rm|bt)(?![a-z])")


class Redefinitions:
    """A method of chain.FileRun (it holds `text`, `restated`, `table`, `known`, `_parse`)."""

    def _said_again(self, eq, verdict: Judgement, fields: dict) -> Judgement | None:
        """The `definition` verdict for a refuted first row of a definition said again with another
        formula in a new section or part (no slip named), else None; from the end of its display the
        new formula replaces the first."""
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
        # "KL uses $f(x) = -\log x$", "likewise with $x = -\varphi(-u)$": inline, after words that define
        given = not eq.display and NEW_FORMULA_BEFORE_RE.search(self._words_around(eq)[0]) is not None
        if not given and not HEADING_RE.search(self.text, definition.at, eq.sides[0].start):
            return None  # in the same section as the definition: said again, so checked against it
        name = definition.head or head[0]
        if not (eq.display or self._alone_on_its_line(eq) or self._after_a_label(eq) or given):
            # `Under the model, $h_w(x_i) = 1 \big/ 1 + e^{-w^T x_i}$ …`: a reminder in a sentence, which a
            # new formula makes a wrong one as often as a new definition: neither reading is taken
            return Judgement("undefined", f"gives `{name}` another formula than its definition on line "
                             f"{definition.line}, in passing: a reminder of line {definition.line}'s said wrongly, or a "
                             f"new definition? The text does not say, so this line is not judged (against line "
                             f"{definition.line}: {verdict.message}); write `:=` or name the new one to have it read "
                             "as a definition", None, verdict.undefined)
        worked = self._define_anew(eq, definition, head)
        after = (f"a worked value, so the lines of this section use it, and line {definition.line}'s formula "
                 "applies again after it") if worked else "so the lines after this one use this formula"
        why = "the words before it give it" if given else "a heading or a part's label stands between this " \
            f"line and its definition on line {definition.line}, which gives it"
        return Judgement("definition", f"defines `{name}` anew: {why} another formula than line {definition.line} (no "
                         f"catalogued slip turns one into the other), {after}; "
                         f"read as line {definition.line}'s said again, it would be wrong ({verdict.message}); "
                         "write `:=` or give the new one its own name to say which", None, verdict.undefined)

    def _after_a_label(self, eq) -> bool:
        """`* **Fungsi:** $g(z) = \\tanh(z)$`: only a list marker and a bold label before it on its line."""
        offset = side_start(eq.sides[0])
        before = self.text[self.text.rfind("\n", 0, offset) + 1: offset]
        return LABEL_BEFORE_RE.fullmatch(before) is not None

    def _define_anew(self, eq, earlier, head) -> bool:
        """`g(z) = \\tanh(z)` under `#### 2. Tanh`: g is tanh(z) from the end of this display on. True
        for a worked value (`P = σ(3.0)`), which ends with its section."""
        body = eq.sides[1]
        try:
            tree = self._parse(body)
        except LatexError:
            return False
        end = eq.sides[-1].start + len(eq.sides[-1].text)
        line = self.lines.line_col(side_start(body))[0]
        # `P = σ(3.0)` in a worked example: a worked value, which ends with its section; the general
        # formula applies again after it
        until = self._section_end(side_start(body)) if _numbers_only(body.text, NUMBER_FUNCTIONS) else earlier.reach_to
        anew = Definition(earlier.key, list(head[1]) or list(earlier.params), tree, line,
                          head=earlier.head, reach_from=end, at=side_start(body), reach_to=min(until, earlier.reach_to))
        worked = until < earlier.reach_to
        if worked:
            self.everything.append(replace(earlier, reach_from=until))
        earlier.reach_to = min(earlier.reach_to, end)
        self.everything.append(anew)
        return worked
