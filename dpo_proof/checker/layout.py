r"""How a block of math splits into equations: rows, pieces, sides.

The structural marks (wrappers such as `\begin{aligned}` nested inside `$$`, `\label`, `\boxed`,
`\underbrace{X}_{label}`, `\hspace`, …) are blanked first (marks.py). A block then splits into
rows at a top-level `\\` (a row that ends with `=` continues on the next row), and at a line
break between two whole equations (notes converted from handwriting); a row into pieces at
`\quad`, `\text{ where }`, `\Rightarrow`, `\implies`, `\therefore`, and at a top-level comma
before another equation; a piece into sides at its top-level relations. A piece that starts
with `=` (or `&=`) continues the previous claim; a display piece with no relation is an
`Equation` with one side and no relation (a step, never dropped: context.py decides whether it
continues the chain); vectors are read entry by entry (vectors.py). Tags (`\tag{2}`, `\quad \text{--- (2)}`,
a trailing `(2)`, `\hspace{20pt} (7)`) become labels. Every mark is blanked with spaces, so
offsets, and so lines and columns, stay those of the file; every pass is linear in the block.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .marks import (MATRIX_MARK_RE, ROW_BREAK_RE, blank_inner_breaks, blank_structure,
                    bracket_depths, top_level)
from .markdown import MathBlock, _blank
from .rowmarks import labels, note_column
from .mathwords import a_unit, names_a_side, separates
from .sidekinds import collection_kind
from .vectors import components

SEPARATOR_RE = re.compile(
    r"\\(text|mbox|textrm|textbf|textit|hbox|intertext|textnormal)\s*\{([^{}]*)\}"
    r"|\\(quad|qquad|Rightarrow|Longrightarrow|implies|therefore|because|rightarrow|longrightarrow"
    r"|Leftrightarrow|iff|to|hence|leadsto|forall|text\s*\{\s*s\.t\.\s*\})(?![a-zA-Z])"
    r"|(?<![<=!:>])=>(?![=>])")  # `=> P = …`: an implication written in ASCII
RELATION_RE = re.compile(
    r"\\(stackrel|overset)\s*\{(?:[^{}]|\{[^{}]*\})*\}\s*\{\s*(=|\\equiv|\\triangleq)\s*\}"
    r"|:=|=:|\\(coloneqq|eqqcolon|triangleq|equiv|doteq|defeq)(?![a-zA-Z])|="
    r"|\\(approx|neq|ne|leq|le|geq|ge|leqslant|geqslant|propto|simeq|cong|ll|gg|in|mapsto|sim|lt|gt"
    r"|leftarrow|longleftarrow|gets)(?![a-zA-Z])|[<>≤≥≈≠∝←]")
ASSIGNING = ("\\leftarrow", "\\longleftarrow", "\\gets", "←")  # `w ← w − η g`: an assignment, not checked
DEFINING = (":=", "=:", "\\coloneqq", "\\eqqcolon", "\\triangleq", "\\equiv", "\\defeq")
CONTEXT_RELATIONS = ("in", "sim", "mapsto")
LABEL_TEXT_RE = re.compile(r"^\s*[-—–]*\s*\(\s*([0-9]+[a-z]?|[a-z]|[ivx]+|[A-Z][0-9]*)\s*\)\s*[.,;]?\s*$")
LEADING_SEPARATORS = ("Rightarrow", "Longrightarrow", "implies", "therefore", "Leftrightarrow", "iff", "hence")
# Text that still waits for its operand: a separator after it is only space.
OPERAND_PENDING_RE = re.compile(r"(\\(max|min|sup|inf|sum|prod|int|argmax|argmin|nabla)|\\arg\s*\\(max|min)"
                                r"|\\mathbb\s*\{?\s*E\s*\}?|(?<![A-Za-z\\])E)"
                                r"(\\n?o?limits)?\s*(_\s*(\{[^{}]*(\{[^{}]*\}[^{}]*)*\}|\\?[A-Za-z]+))?\s*$"
                                r"|([-+−=*/(\[{&]|\\cdot|\\times)\s*$")
TRAILING_MARKS = " \t\n.,;:。，、"
# A row after `\\` that begins with a sign (`&\quad - \left(…\right)`) goes on with the row before.
OPERATOR_ROW_RE = re.compile(r"(\s|&|\\[,;:! ]|\\q?quad|\\hspace\{[^{}]*\}|\\phantom\{[^{}]*\})*(\+|-|−|\\cdot|\\times)")
CONTINUATION_RE = re.compile(r"(&\s*)?(\\[,;:! ]\s*|\\q?quad\s*)*(=|\+|-|−|\\cdot|\\times|/|\\right|\\big|\)|\]|\}|:=|\\le|\\approx)")


@dataclass
class Side:
    text: str
    start: int  # offset in the file
    reading: tuple | None = None  # how context.py says to read it (parse_side applies it)


@dataclass
class Equation:
    """`A = B = C` as written. relations[k] sits between sides[k] and sides[k+1]."""

    sides: list[Side]
    relations: list[str]
    relation_starts: list[int]
    display: bool
    label: str | None = None
    continues: bool = False  # starts with a relation, or a step context.py reads as continuing
    unchecked: str | None = None  # a relation we do not check (\le, \approx, ...)
    unchecked_reason: str | None = None  # why, when it is not the relation (a tuple, a matrix)
    reading: tuple | None = None  # ("derivative", variable) … when words in the text say so
    reading_note: str | None = None  # the sentence saying how it was read, for the message
    prose: str = ""  # the prose before its block (first equation of a block only)
    first_in_block: bool = False
    repaired: bool = False  # brackets closed by the checker (brackets.py)
    context_only: bool = False  # `\lambda \in [0, 1]`: reported (not judged) only in a block of its own
    naming: bool = False  # `P(y=1|x) = \hat{y}` before `= σ(z)`: a name given, defined by what follows
    aside: bool = False  # `(\because \ln 1 = 0)` in a chain's row: judged, and the chain goes on past it

    @property
    def defining(self) -> bool:
        return bool(self.relations) and self.relations[0] in DEFINING


BECAUSE_BEFORE_RE = re.compile(r"\\because\s*$")
# `&\text{代入}\ D = E[…] \text{可得}`: a row opened by words in another script is an aside of the chain
WORDS_OPEN_ROW_RE = re.compile(r"(^|\\\\|\n)[\s&]*\\text\s*\{[^{}]*[^\x00-\x7f][^{}]*\}(\s|\\[ ,;:!]|\\q?quad)*$")


def split_block(block: MathBlock, mentions: bool = False) -> list[Equation]:
    """The block's equations; with `mentions`, also inline math with no relation (`$u$`)."""
    text = TRAILING_DOTS_RE.sub(lambda m: " " * len(m.group(0)), blank_structure(block.text))  # `= …` at the end
    equations: list[Equation] = []
    for row_start, row in _rows(text):
        label, row = labels(note_column(row), block.label)
        row_equations = []
        for piece_start, piece, piece_label in _pieces(row):
            label = label or piece_label
            row_equations += _equations(piece, block.start + row_start + piece_start, block.display,
                                        mentions)
        if any(eq.relations for eq in row_equations):  # `a = b \text{ where } \pi_{ref} …`: context
            row_equations = [eq for eq in row_equations if eq.relations]
        for eq in row_equations:
            eq.label = label
            before = block.text[:eq.sides[0].start - block.start]
            eq.aside = bool(eq.sides) and (BECAUSE_BEFORE_RE.search(before) or WORDS_OPEN_ROW_RE.search(before)) is not None
        equations.extend(row_equations)
    if not all(eq.context_only for eq in equations):
        equations = [eq for eq in equations if not eq.context_only]
    if equations:
        equations[0].prose, equations[0].first_in_block = block.before, True
    return equations


def _rows(text: str):
    """(offset, row) at top-level `\\` (a row ending with a relation joins the next one), and at
    line breaks between two whole equations. `\\` inside brackets is only a line break."""
    depths = bracket_depths(text)
    cuts = [(m.start(), m.end()) for m in top_level(text, ROW_BREAK_RE, depths)]
    bounds, start = [], 0
    for k, (a, b) in enumerate(cuts):
        end = cuts[k + 1][0] if k + 1 < len(cuts) else len(text)
        # `-e^y &= -u` after a row break is a row of its own (its own `=`, its sign before the `&`)
        operator_row = OPERATOR_ROW_RE.match(text, b) and (text[b:end].lstrip().startswith("&")
                                                           or not _line_has_equals(text, b, end, depths, depths[b]))
        if _ends_with_relation(text[start:a]) or operator_row:
            text = _blank(text, a, b)  # `A = \\ B`, `A + B \\ &\quad - C`: one row
            continue
        bounds.append((start, a))
        start = b
    bounds.append((start, len(text)))
    text = blank_inner_breaks(text)
    for a, b in bounds:
        yield from _split_lines(text, a, b, depths)


def _ends_with_relation(row: str) -> bool:
    stripped = row.rstrip(" \t\n&")
    return stripped.endswith(("=", "\\approx", "\\le", "\\leq", "\\ge", "\\geq", "\\propto"))


def _split_lines(text: str, a: int, b: int, depths: list[int]):
    """Split a row at a line break when both lines hold a whole equation of their own."""
    lines, pos = [], a
    for m in re.finditer(r"\n", text[a:b]):
        lines.append((pos, a + m.start()))
        pos = a + m.end()
    lines.append((pos, b))
    base = depths[a]
    current, has_equals = lines[0][0], _line_has_equals(text, *lines[0], depths, base)
    for i in range(1, len(lines)):
        s, e = lines[i]
        line_equals = _line_has_equals(text, s, e, depths, base)
        if has_equals and line_equals and depths[s] == base \
                and not CONTINUATION_RE.match(text[s:e].lstrip()) \
                and not _ends_with_relation(text[current:lines[i - 1][1]]):  # `A =` ⏎ `B = C`: one row
            yield current, text[current:lines[i - 1][1]]
            current, has_equals = s, line_equals
        else:
            has_equals = has_equals or line_equals
    yield current, text[current:b]


def _line_has_equals(text: str, s: int, e: int, depths: list[int], base: int = 0) -> bool:
    i = text.find("=", s, e)
    while i >= 0:
        if depths[i] == base:
            return True
        i = text.find("=", i + 1, e)
    return False


def _pieces(row: str):
    """(offset, piece, label) between separators; a `\\text{(2)}` or lone `(2)` piece is a label."""
    start, label = 0, None
    spans = []
    depths = bracket_depths(row)
    for m in top_level(row, SEPARATOR_RE, depths):
        if m.group(2) is not None and (not separates(m.group(2)) or names_a_side(m, row)) and not a_unit(m, row):
            continue  # `\text{KL}(…)`, `\text{logit} = …`, `\text{信号} = …`: a name written in roman
        comment = m.group(2) is not None and not row[m.end():].strip() and row[:m.start()].rstrip().endswith("&")
        # `… & \text{代入公式}` ends the row in a column of its own: a note
        opening = not row[start:m.start()].strip(" \t\n&") and (
            m.group(3) in LEADING_SEPARATORS or m.group(2) is not None and not m.group(2).isascii())
        # `&\Leftrightarrow r = …`, `&\text{代入}\ D = …`: a row that opens with words or an arrow, no operand waits
        if not comment and not opening and OPERAND_PENDING_RE.search(row[max(m.start() - 80, start):m.start()]):
            continue  # `\max_{\pi}\quad \mathbb{E}…`: the space before the operand
        spans.append((start, m.start()))
        if m.group(2) is not None and LABEL_TEXT_RE.match(m.group(2)):
            label = f"({LABEL_TEXT_RE.match(m.group(2)).group(1)})"
        start = m.end()
    spans.append((start, len(row)))
    for a, b in spans:
        for c, d in _comma_split(row, a, b, depths):
            piece = row[c:d]
            lab = LABEL_TEXT_RE.match(piece)
            if lab:
                label = f"({lab.group(1)})"
                continue
            if piece.strip():
                yield c, piece, label


def _comma_split(row: str, a: int, b: int, depths: list[int]):
    """A top-level `,` (or `，`, `;`) followed by another equation ends the one before it."""
    commas = [i for i in range(a, b) if row[i] in ",，;" and depths[i] == 0 and not _spacing(row, i)]
    if not commas:
        yield a, b
        return
    start = a
    for k, i in enumerate(commas):
        end = commas[k + 1] if k + 1 < len(commas) else b
        if any(depths[j] == 0 for j in _relation_positions(row, i + 1, end)):
            yield start, i
            start = i + 1
    yield start, b


def _spacing(row: str, i: int) -> bool:
    """`\\,` and `\\;` are spaces (`a \\,=\\, b`), not a comma ending an equation."""
    return i > 0 and row[i - 1] == "\\" and (i < 2 or row[i - 2] != "\\")


def _relation_positions(row: str, a: int, b: int):
    return [m.start() for m in RELATION_RE.finditer(row, a, b)
            if not (m.group(4) and m.group(4) in CONTEXT_RELATIONS)]


def _equations(piece: str, start: int, display: bool, mentions: bool = False) -> list[Equation]:
    """The equations of a piece: normally one; a chain with `\\approx` after `=` makes two."""
    end = _content_end(piece)
    piece = piece[:end] + " " * (len(piece) - end)
    depths = bracket_depths(piece)
    relations = list(top_level(piece, RELATION_RE, depths))
    if not relations:
        if (display or mentions) and re.search(r"[A-Za-z0-9\\α-ωΑ-Ω]", piece):
            return [Equation([Side(piece.rstrip(), start)], [], [], display)]
        return []
    if all(m.group(4) in CONTEXT_RELATIONS for m in relations):  # "z \in \mathbb{R}", "x \sim D": context;
        if not display:  # a display made of it alone is still reported (split_block)
            return []
        context = _equation(piece, start, True, relations)
        context.context_only = True
        return [context]
    if MATRIX_MARK_RE.search(piece):
        return components(piece, start, display, mentions, _equations)
    if len(relations) > 1 and relations[0].group(0) in ASSIGNING:  # `b ← 0 + 0.25 = 0.25`: the assignment is
        cut = relations[1].start()                                 # not judged, its arithmetic is
        head = _equation(piece[:cut] + " " * (len(piece) - cut), start, display, relations[:1])
        after = relations[0].end()
        return [head, *_equations(" " * after + piece[after:], start, display, mentions)]
    first_unchecked = next((k for k, m in enumerate(relations) if _unchecked(m)), None)
    if first_unchecked:  # `A = B \approx 0.99`: A = B is judged, `\approx 0.99` is not
        cut = relations[first_unchecked].start()
        head = _equation(piece[:cut] + " " * (len(piece) - cut), start, display,
                         relations[:first_unchecked])
        tail = _equation(" " * cut + piece[cut:], start, display, relations[first_unchecked:])
        tail.continues = True
        return [head, tail]
    return [_equation(piece, start, display, relations)]


def _content_end(piece: str) -> int:
    """Where the math ends: trailing spaces, `\\,` `\\ ` `\\quad`, and `.` `,` `;` `。` dropped."""
    i = len(piece)
    while i > 0:
        if i >= 2 and piece[i - 2] == "\\" and piece[i - 1] in " ,;:!" and (i < 3 or piece[i - 3] != "\\"):
            i -= 2
        elif piece[i - 1] in TRAILING_MARKS:
            i -= 1
        elif piece.endswith(("\\quad", "\\qquad"), 0, i):
            i -= 5 if piece.endswith("\\quad", 0, i) else 6
        else:
            break
    return i


# `A = B = …` closing a display, and `… = C` opening the next: one chain across the two.
TRAILING_DOTS_RE = re.compile(r"=\s*(\.\.\.|…|⋯|\\(cdots|ldots|dots)(?![a-zA-Z]))\s*$")
DOTS_ONLY_RE = re.compile(r"[\s&]*(\.\.\.|…|⋯|\\(cdots|ldots|dots)(?![a-zA-Z]))[\s&]*")


def _unchecked(m: re.Match) -> bool:
    return bool(m.group(4)) or m.group(0) in "<>≤≥≈≠∝←"


def _equation(piece: str, start: int, display: bool, relations: list[re.Match]) -> Equation:
    unchecked = next((m.group(0) for m in relations if _unchecked(m)), None)
    reason = None
    sides, rels, rel_starts, pos = [], [], [], 0
    for m in relations:
        sides.append(Side(piece[pos:m.start()], start + pos))
        rel = m.group(0)
        rels.append("=" if m.group(1) else rel)
        rel_starts.append(start + m.start())
        pos = m.end()
    sides.append(Side(piece[pos:], start + pos))
    sides = [Side(side.text.rstrip(), side.start) for side in sides]  # trailing space is nothing
    continues = not sides[0].text.replace("&", "").strip() or DOTS_ONLY_RE.fullmatch(sides[0].text) is not None
    if continues:
        sides[0] = Side("", start)
    kind = next((k for k in (collection_kind(side.text) for side in sides) if k), None)
    if kind and not unchecked:
        unchecked = rels[0]
        reason = f"{kind} is not checked (only numbers and expressions are)"
    return Equation(sides, rels, rel_starts, display, continues=continues, unchecked=unchecked,
                    unchecked_reason=reason)
