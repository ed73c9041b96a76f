r"""Find the math in a Markdown, TeX or notebook text, with offsets that map back to lines and columns.

Markdown is parsed by markdown-it-py (CommonMark, tables) with dollarmath and our rules
(mdrules.py): `$…$`, `$ … $`, `$$…$$` (also inside a paragraph), `\(…\)`, `\[…\]` and the display
environments, and GitHub's ```math fences; other code spans and fenced code are code, never math.
A `$$` fence with blank lines inside it is one display, and a `-` that starts a line inside an
open `$…$` is a minus, not a list item (as KaTeX and MathJax read them). Each piece of math is located again
in the text (locate.py): a `MathBlock` is always a slice of the file, with only the marks of its
container (`>` of a quote, `\` of `\|` in a table) blanked, so every offset in it is an offset of
the file. In a notebook, each Markdown cell is scanned on its own (notebook.py).
HTML comments and lines that are only a tag (`<Wide>`, `</details>`) are blanked first. A TeX
file is scanned by texscan.py. Commands that would read or write other files (`\input`, …) are
blanked and reported as warnings: the checker never acts on them.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .locate import Finder
from .mdrules import markdown_parser
from .notebook import cells_of
from .texscan import scan_tex

DANGEROUS_RE = re.compile(
    r"\\(input|include|includeonly|write18|write|immediate|openin|openout|read|InputIfFileExists"
    r"|lstinputlisting|verbatiminput|catcode|usepackage|documentclass)(?![a-zA-Z])(\s*\{[^{}\n]*\})?")
TAG_LINE_RE = re.compile(r"(?m)^[ \t]*</?[A-Za-z][\w.:-]*(\s[^<>\n]*)?/?>[ \t]*$")
CLOSING_RE = re.compile(r"\$\$|\$|\\\)|\\\]|\\end\s*\{[^{}]*\}")
PROSE_CONTEXT = 240  # characters of prose kept before each block (for readings of the text)


@dataclass
class MathBlock:
    """The text between the delimiters; `start` is its offset in the (LF-normalised) file."""

    text: str
    start: int
    display: bool
    env: str | None = None
    label: str | None = None  # `$$ … $$ (3)`
    before: str = ""  # the prose just before it, since the previous math (or the cell's start)


@dataclass
class Scan:
    blocks: list[MathBlock] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (offset, message): unparsed
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (offset, message)


class Lines:
    """Offset -> (1-based line, 1-based column); in a notebook, line and cell of the cell's source."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.cells = cells_of(text)
        self._cell_starts = [start for _, start, _ in self.cells]

    def _cell_index(self, offset: int) -> int:
        return bisect.bisect_right(self._cell_starts, offset) - 1

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        line, column = i + 1, offset - self.starts[i] + 1
        if self.cells:
            k = max(self._cell_index(offset), 0)
            line -= bisect.bisect_right(self.starts, self._cell_starts[k]) - 1
        return line, column

    def cell(self, offset: int) -> int | None:
        """The notebook cell (its index in the notebook) holding `offset`; None outside notebooks."""
        return self.cells[max(self._cell_index(offset), 0)][0] if self.cells else None

    def where(self, offset: int) -> str:
        """"line 3, column 7" (or "cell 2, line 3, column 7" in a notebook), for messages."""
        line, column = self.line_col(offset)
        cell = self.cell(offset)
        return (f"cell {cell}, " if cell is not None else "") + f"line {line}, column {column}"


FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B) if chr(c - 0xFEE0).isalnum()}


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF: the line count stays that of the file as written. Full-width
    digits and Latin letters (`y_i=１`, `dＷ`, typed with a CJK input method) become ASCII, one for one."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(FULL_WIDTH)


def _blank(text: str, start: int, end: int) -> str:
    """Replace text[start:end] by spaces (newlines kept) so every other offset stays put."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def strip_comments(math: str) -> str:
    r"""`%` to the end of the line is a comment inside math (LaTeX and MathJax); `\%` is not."""
    return re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group(0)), math)


def find_math(text: str, is_tex: bool = False) -> Scan:
    """Every math block of `text` (already LF-normalised), in order."""
    scan = Scan()
    chars = list(text)
    for m in DANGEROUS_RE.finditer(text):
        if m.group(1) not in ("usepackage", "documentclass"):
            scan.warnings.append((m.start(), f"`\\{m.group(1)}` ignored: the checker never reads, "
                                             "writes or runs anything a file asks for"))
        _blank_chars(chars, m.start(), m.end())
    if is_tex:
        for m in re.finditer(r"(?<!\\)%[^\n]*", text):
            _blank_chars(chars, m.start(), m.end())
    text = "".join(chars)
    cells = cells_of(text)
    if cells:
        for _, start, end in cells:
            _scan_markdown(text, start, end, scan)
    elif is_tex:
        scan_tex(text, lambda a, b, display, env: _add(scan, text, a, b, display, env),
                 lambda offset, message: scan.problems.append((offset, message)))
    else:
        _scan_markdown(text, 0, len(text), scan)
    _prose_before(scan, text, cells)
    _join_open_relations(scan, text)
    return scan


TRAILING_RELATION_RE = re.compile(r"(=|\\approx|\\simeq|\\leq?|\\geq?|≈)[\s,]*$")  # `= …` goes on by its dots


def _join_open_relations(scan: Scan, text: str) -> None:
    """`$$ A = $$` then `$$ B = $$` then `$$ C $$`, with nothing between: one chain written as separate
    displays, each ending with its relation. They are read as one display (what lies between them,
    delimiters and blank lines, becomes spaces: offsets and line numbers stay)."""
    joined: list[MathBlock] = []
    for block in scan.blocks:
        last = joined[-1] if joined else None
        if last is not None and last.display and block.display and not block.before.strip() \
                and TRAILING_RELATION_RE.search(last.text) and last.env is None and block.env is None:
            between = re.sub(r"[^\n]", " ", text[last.start + len(last.text): block.start])
            last.text = last.text + between + block.text
            continue
        joined.append(block)
    scan.blocks[:] = joined


def _blank_chars(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _scan_markdown(text: str, start: int, end: int, scan: Scan) -> None:
    """The math of text[start:end] (a file, or a notebook cell), with offsets in `text`."""
    part = _join_display_blank_lines(_keep_inline_math_open(_blank_html(text[start:end])))
    whole = text

    def add(text: str, offset: int, display: bool, env: str | None, label: str | None) -> None:
        display = display or _rows_alone(whole, offset, text)
        _add(scan, text, 0, len(text), display, env, label, offset)

    Finder(part, start, scan, add).walk(markdown_parser().parse(part, {}))


DISPLAY_FENCE_RE = re.compile(r"^[ \t]*\$\$[ \t]*$", re.MULTILINE)


def _join_display_blank_lines(text: str) -> str:
    """`$$` alone on a line, a blank line, the math, a blank line, `$$`: KaTeX and MathJax read it
    as one display; Markdown would end the paragraph. The blank lines inside become spaces (a
    newline kept before each: offsets and line numbers stay)."""
    fences = [m for m in DISPLAY_FENCE_RE.finditer(text)]
    if len(fences) < 2:
        return text
    chars = list(text)
    for opening, closing in zip(fences[::2], fences[1::2]):
        inner = text[opening.end():closing.start()]
        if "$$" in inner:
            break  # not a clean pairing: leave the text as it is
        for m in re.finditer(r"\n[ \t]*(?=\n)", inner):
            chars[opening.end() + m.end()] = " "
    return "".join(chars)


def _keep_inline_math_open(text: str) -> str:
    """`$= a` then `- b$` on the next line: the `-` is the math's minus, not a list item (which would
    end the paragraph and leave the `$` open). It becomes `−` (one character: offsets stay)."""
    lines, inside = text.split("\n"), False
    for k, line in enumerate(lines):
        if not line.strip():
            inside = False
            continue
        if inside:
            m = re.match(r"[ \t]*-(?=[ \t])", line)
            if m:
                lines[k] = line[:m.end() - 1] + "−" + line[m.end():]
        singles = len(re.findall(r"(?<![\\$])\$(?!\$)", line))
        inside ^= singles % 2 == 1
    return "\n".join(lines)


def _blank_html(text: str) -> str:
    """HTML comments and tag-only lines (MDX `<Wide>`) become spaces: prose, never math."""
    chars, i = list(text), 0
    while True:
        i = text.find("<!--", i)
        if i < 0:
            break
        j = text.find("-->", i + 4)
        j = len(text) if j < 0 else j + 3
        _blank_chars(chars, i, j)
        i = j
    for m in TAG_LINE_RE.finditer(text):
        _blank_chars(chars, m.start(), m.end())
    return "".join(chars)


def _add(scan: Scan, text: str, start: int, end: int, display: bool, env: str | None = None,
         label: str | None = None, offset: int | None = None) -> None:
    """A block from text[start:end]; its offset in the file is `offset` (default `start`)."""
    body = strip_comments(text[start:end])
    if body.strip():
        scan.blocks.append(MathBlock(body, start if offset is None else offset, display, env, label))


def _rows_alone(text: str, start: int, body: str) -> bool:
    r"""`$a \\ = b \\ = c$` over several lines, or `$\max_\pi …$` with no relation, alone on its
    line(s): rows of a display, a display step (`\approx` only, `x \sim D` are no claim in it)."""
    rows = re.search(r"\\\\\s*\n", body)
    if not rows and (RELATION_MARK_RE.search(body) or "\n" in body):
        return False
    line_start, end = text.rfind("\n", 0, start) + 1, start + len(body)
    line_end = text.find("\n", end)
    before = text[line_start: start].rstrip("$")
    after = text[end: line_end if line_end >= 0 else len(text)].lstrip("$")
    return re.fullmatch(r"[\s\-*+>]*(\d+[.)])?\s*", before) is not None and \
        re.fullmatch(r"[\s.,;:。，；：]*", after) is not None


RELATION_MARK_RE = re.compile(r"[=<>≤≥≠∝]|\\(le|ge|leq|geq|neq|ne|propto|equiv|lt|gt)(?![a-zA-Z])")


def _prose_before(scan: Scan, text: str, cells) -> None:
    """Each block's `before`: the prose since the previous block (not across notebook cells)."""
    cell_starts = [start for _, start, _ in cells]
    previous_end = 0
    for block in sorted(scan.blocks, key=lambda b: b.start):
        k = bisect.bisect_right(cell_starts, block.start) - 1
        floor = max(previous_end, cell_starts[k] if k >= 0 else 0)
        lo = max(floor, block.start - PROSE_CONTEXT)
        closing = CLOSING_RE.match(text, lo) if lo == previous_end else None
        lo = closing.end() if closing else lo
        block.before = text[lo:max(_delimiter_start(text, block.start, lo), lo)]
        previous_end = block.start + len(block.text)


def _delimiter_start(text: str, start: int, lo: int) -> int:
    """The offset before the opening delimiter of a block that starts at `start`."""
    m = re.search(r"(\$\$|\$|\\\[|\\\(|\\begin\s*\{[^{}]*\}\*?)\s*$", text[lo:start])
    return lo + m.start() if m else start
