r"""How a block of math splits into equations: rows, pieces, sides.

A block splits into rows at `\\` (and at a line break between two complete equations, as in
notes converted from handwriting); a row into pieces at `\quad`, `\text{…}`, `\Rightarrow`,
`\implies`, `\therefore`; a piece into sides at its top-level `=`. A piece that starts with `=`
(or `&=`) continues the previous claim's left-hand side. Tags (`\tag{2}`, `\quad \text{--- (2)}`,
a trailing `(2)`) become labels. All of this is bracket-depth scanning of the text; the math
itself is parsed by the grammar (latex.py). Every structural mark is blanked with spaces, so
offsets, and so lines and columns, stay those of the file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .markdown import MathBlock, _blank

WRAPPER_RE = re.compile(r"\\(begin|end)\s*\{(aligned|split|gathered|alignedat|array|cases)\*?\}"
                        r"(\s*\{[^{}]*\})?")
LABEL_RE = re.compile(r"\\label\s*\{[^{}]*\}")
TAG_RE = re.compile(r"\\tag\*?\s*\{([^{}]*)\}")
ROW_BREAK_RE = re.compile(r"\\\\(\s*\[[^\]]*\])?")
SEPARATOR_RE = re.compile(
    r"\\(text|mbox|textrm|textbf|textit|hbox|intertext|textnormal)\s*\{([^{}]*)\}"
    r"|\\(quad|qquad|Rightarrow|Longrightarrow|implies|therefore|because|rightarrow|longrightarrow"
    r"|Leftrightarrow|iff|to|hence|leadsto)(?![a-zA-Z])")
RELATION_RE = re.compile(
    r"\\(stackrel|overset)\s*\{(?:[^{}]|\{[^{}]*\})*\}\s*\{\s*(=|\\equiv|\\triangleq)\s*\}"
    r"|:=|=:|\\(coloneqq|eqqcolon|triangleq|equiv|doteq|defeq)(?![a-zA-Z])|="
    r"|\\(approx|neq|ne|leq|le|geq|ge|propto|simeq|cong|ll|gg|in|mapsto|sim|lt|gt)(?![a-zA-Z])"
    r"|[<>≤≥≈≠]")
DEFINING = (":=", "=:", "\\coloneqq", "\\eqqcolon", "\\triangleq", "\\equiv", "\\defeq")
LABEL_TEXT_RE = re.compile(r"^\s*[-—–]*\s*\(\s*([0-9]+[a-z]?|[a-z]|[ivx]+|[A-Z][0-9]*)\s*\)\s*[.,;]?\s*$")
# `… = b  (2)` at the end of a row: a tag, not a product (nobody multiplies by (2) after a space).
TRAILING_TAG_RE = re.compile(r"(\s+|\\[,;: ]|\\q?quad)\s*\((\d+[a-z]?)\)\s*[.,;]?\s*$")


@dataclass
class Side:
    text: str
    start: int  # offset in the file


@dataclass
class Equation:
    """`A = B = C` as written. relations[k] sits between sides[k] and sides[k+1]."""

    sides: list[Side]
    relations: list[str]
    relation_starts: list[int]
    display: bool
    label: str | None = None
    continues: bool = False  # starts with a relation: the left side is the previous claim's
    unchecked: str | None = None  # a relation we do not check (\le, \approx, ...)

    @property
    def defining(self) -> bool:
        return bool(self.relations) and self.relations[0] in DEFINING


@dataclass
class Layout:
    equations: list[Equation] = field(default_factory=list)


def top_level(text: str, pattern: re.Pattern):
    """Matches of `pattern` that begin at bracket depth 0 (`{ ( [` and their escaped forms)."""
    depth, i, n = 0, 0, len(text)
    while i < n:
        if depth == 0:
            m = pattern.match(text, i)
            if m and m.end() > i:
                yield m
                i = m.end()
                continue
        c = text[i]
        if c == "\\":
            m = re.match(r"\\([a-zA-Z]+|.)", text[i:i + 40])
            step = len(m.group(0)) if m else 1
            if m and m.group(1) in "{[(":
                depth += 1
            elif m and m.group(1) in "}])":
                depth = max(depth - 1, 0)
            i += step
            continue
        if c in "{[(":
            depth += 1
        elif c in "}])":
            depth = max(depth - 1, 0)
        i += 1


def split_block(block: MathBlock) -> list[Equation]:
    text = block.text
    for rx in (WRAPPER_RE, LABEL_RE):
        for m in list(rx.finditer(text)):
            text = _blank(text, m.start(), m.end())
    equations: list[Equation] = []
    for row_start, row in _rows(text):
        label = None
        for m in list(TAG_RE.finditer(row)):
            label = f"({m.group(1).strip()})"
            row = _blank(row, m.start(), m.end())
        m = TRAILING_TAG_RE.search(row)
        if m and "=" in row[: m.start()]:
            label = f"({m.group(2)})"
            row = _blank(row, m.start(), m.end())
        row_equations = []
        for piece_start, piece, piece_label in _pieces(row):
            label = label or piece_label
            eq = _equation(piece, block.start + row_start + piece_start, block.display)
            if eq is not None:
                row_equations.append(eq)
        for eq in row_equations:
            eq.label = label
        equations.extend(row_equations)
    return equations


def _rows(text: str):
    """(offset, row) at top-level `\\`, and at line breaks between two whole equations."""
    cuts = [(m.start(), m.end()) for m in top_level(text, ROW_BREAK_RE)]
    bounds, start = [], 0
    for a, b in cuts:
        bounds.append((start, a))
        start = b
    bounds.append((start, len(text)))
    for a, b in bounds:
        yield from _split_lines(text, a, b)


CONTINUATION_RE = re.compile(r"(&\s*)?(=|\+|-|−|\\cdot|\\times|/|\\right|\\big|\)|\]|\}|:=|\\le|\\approx)")


def _split_lines(text: str, a: int, b: int):
    """Split a row at a line break when both lines hold a whole equation of their own."""
    lines, pos = [], a
    for m in re.finditer(r"\n", text[a:b]):
        lines.append((pos, a + m.start()))
        pos = a + m.end()
    lines.append((pos, b))
    current = lines[0][0]
    for i in range(1, len(lines)):
        s, e = lines[i]
        prev = text[current:lines[i - 1][1]]
        if not CONTINUATION_RE.match(text[s:e].lstrip()) and _has_equals(prev) \
                and _has_equals(text[s:e]) and _balanced(prev):
            yield current, prev
            current = s
    yield current, text[current:b]


def _has_equals(text: str) -> bool:
    return any(m.group(0) == "=" for m in top_level(text, RELATION_RE))


def _balanced(text: str) -> bool:
    return sum(text.count(c) for c in "{[(") == sum(text.count(c) for c in "}])")


def _pieces(row: str):
    """(offset, piece, label) between separators; a `\\text{(2)}` or lone `(2)` piece is a label."""
    start, label = 0, None
    spans = []
    for m in top_level(row, SEPARATOR_RE):
        spans.append((start, m.start()))
        if m.group(2) is not None and LABEL_TEXT_RE.match(m.group(2)):
            label = f"({LABEL_TEXT_RE.match(m.group(2)).group(1)})"
        start = m.end()
    spans.append((start, len(row)))
    for a, b in spans:
        piece = row[a:b]
        lab = LABEL_TEXT_RE.match(piece)
        if lab:
            label = f"({lab.group(1)})"
            continue
        if piece.strip():
            yield a, piece, label


def _equation(piece: str, start: int, display: bool) -> Equation | None:
    piece = re.sub(r"[\s.,;]+$", lambda m: " " * len(m.group(0)), piece)
    relations = list(top_level(piece, RELATION_RE))
    if not relations:
        return None
    unchecked = next((m.group(0) for m in relations if m.group(4) or m.group(0) in "<>≤≥≈≠"), None)
    if unchecked and len(relations) == 1 and relations[0].group(4) in ("in", "sim", "mapsto"):
        return None  # "z \in \mathbb{R}", "x \sim D": context, not a claim
    sides, rels, rel_starts, pos = [], [], [], 0
    for m in relations:
        sides.append(Side(piece[pos:m.start()], start + pos))
        rel = m.group(0)
        rels.append("=" if m.group(1) else rel)
        rel_starts.append(start + m.start())
        pos = m.end()
    sides.append(Side(piece[pos:], start + pos))
    continues = not sides[0].text.replace("&", "").strip()
    if continues:
        sides = sides[1:]
        sides.insert(0, Side("", start))
    return Equation(sides, rels, rel_starts, display, continues=continues, unchecked=unchecked)
