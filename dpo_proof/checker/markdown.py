r"""Find the math in a Markdown, TeX or notebook text, with offsets that map back to lines and columns.

Markdown is parsed by markdown-it-py (CommonMark, tables) with dollarmath and our rules
(mdrules.py): `$…$`, `$ … $`, `$$…$$` (also inside a paragraph), `\(…\)`, `\[…\]` and the display
environments; code spans and fenced code are code, never math. markdown-it gives the lines of each
block but not the column of inline math, so each piece of math is located again in the text
(`_locate`): a `MathBlock` is always a slice of the file, with only the marks of its container
(`>` of a quote, `\` of `\|` in a table) blanked, so every offset in it is an offset of the file.
HTML comments and lines that are only a tag (`<Wide>`, `</details>`) are blanked first. A TeX
file is scanned by texscan.py. Commands that would read or write other files (`\input`, …) are
blanked and reported as warnings: the checker never acts on them.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .mdrules import ENV_OPEN_RE, markdown_parser
from .notebook import cells_of
from .texscan import scan_tex

DANGEROUS_RE = re.compile(
    r"\\(input|include|includeonly|write18|write|immediate|openin|openout|read|InputIfFileExists"
    r"|lstinputlisting|verbatiminput|catcode|usepackage|documentclass)(?![a-zA-Z])(\s*\{[^{}\n]*\})?")
TAG_LINE_RE = re.compile(r"(?m)^[ \t]*</?[A-Za-z][\w.:-]*(\s[^<>\n]*)?/?>[ \t]*$")
MATH_TOKENS = {"math_inline": ("$", "$", False), "math_inline_double": ("$$", "$$", True),
               "math_paren": ("\\(", "\\)", False), "math_inline_bracket": ("\\[", "\\]", True)}
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


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF: the line count stays that of the file as written."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
    return scan


def _blank_chars(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _scan_markdown(text: str, start: int, end: int, scan: Scan) -> None:
    """The math of text[start:end] (a file, or a notebook cell), with offsets in `text`."""
    part = _blank_html(text[start:end])
    found = _Finder(part, start, scan)
    found.walk(markdown_parser().parse(part, {}))


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


class _Finder:
    """Walks markdown-it's tokens and locates each piece of math in the text."""

    def __init__(self, part: str, shift: int, scan: Scan):
        self.part, self.shift, self.scan = part, shift, scan
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", part)]

    def walk(self, tokens) -> None:
        for token in tokens:
            if token.type in ("math_block", "math_block_label", "math_env", "math_bracket"):
                self._block(token)
            elif token.type == "inline" and token.children:
                self._inline(token)

    def _region(self, token) -> tuple[int, int]:
        first, last = token.map
        end = self.line_starts[last] - 1 if last < len(self.line_starts) else len(self.part)
        return self.line_starts[first], end

    def _block(self, token) -> None:
        a, b = self._region(token)
        if token.type == "math_env":
            m = re.compile(r"\\begin\s*\{" + re.escape(token.info) + r"\}").search(self.part, a, b)
            close = re.compile(r"\\end\s*\{" + re.escape(token.info) + r"\}")
            open_end = m.end() if m else a
            found = _last_match(close, self.part, open_end, b)
            close_start = found if found >= 0 else b
        else:
            delim = "$$" if token.type.startswith("math_block") else "\\["
            opening = self.part.find(delim, a, b)
            open_end = opening + 2 if opening >= 0 else a
            closing = "$$" if delim == "$$" else "\\]"
            close_start = self.part.rfind(closing, open_end, b)
            close_start = close_start if close_start >= 0 else b
        label = f"({token.info.strip()})" if token.type == "math_block_label" else None
        display = token.type != "math_env" or token.info.rstrip("*") != "math"
        self._add(open_end, close_start, token.content, display,
                  token.info if token.type == "math_env" else None, label)

    def _inline(self, token) -> None:
        a, b = self._region(token)
        cursor, spans = a, []
        for child in token.children:
            kind = MATH_TOKENS.get(child.type)
            if kind is not None:
                opening, closing, display = kind
                where = _locate(self.part, opening, closing, child.content, cursor, b)
                if where is None:  # not found again: still reported, at the paragraph
                    self._add(cursor, cursor, child.content, display, None, None, exact=False)
                    continue
                start, end = where
                self._add(start, end, child.content, display, None, None)
                spans.append((start, end))
                cursor = end + len(closing)
            elif child.type == "text" and "$" in child.content:
                for _ in range(child.content.count("$")):
                    cursor = self._unmatched_dollar(cursor, b)
            elif child.type == "text_special" and child.markup in ("\\[", "\\("):
                cursor = self._unmatched_bracket(child.markup, cursor, b)
        for m in ENV_OPEN_RE.finditer(self.part, a, b):
            if not any(x <= m.start() < y for x, y in spans):
                env = m.group(1) + m.group(2)
                self.scan.problems.append((self.shift + m.start(), f"`\\begin{{{env}}}` is never closed "
                                                                   f"by `\\end{{{env}}}`"))

    def _unmatched_dollar(self, cursor: int, end: int) -> int:
        """A `$` markdown-it left as text: a price, or math that is never closed."""
        i = self.part.find("$", cursor, end)
        if i < 0:
            return cursor
        rest = self.part[i:self._line_end(i)]
        if rest.startswith("$$"):
            before, after = self.part[cursor:i], self.part[i + 2:end]
            if "=" in after:
                self.scan.problems.append((self.shift + i, "`$$` is never closed in its paragraph "
                                           "(a blank line ends a display)"))
            elif "=" in before:
                self.scan.problems.append((self.shift + i, "`$$` closes a display never opened in its "
                                           "paragraph (a blank line ends a display)"))
            else:
                self.scan.warnings.append((self.shift + i, "`$$` is never closed; the text after it "
                                                           "is not read"))
            return i + 2
        if re.match(r"\$[^\s\d$][^$]*[\\=^_]", rest):
            self.scan.problems.append((self.shift + i, "`$` is never closed in this paragraph"))
        return i + 1

    def _unmatched_bracket(self, markup: str, cursor: int, end: int) -> int:
        r"""`\[` or `\(` with no `\]` / `\)`: math never closed, when math follows it."""
        i = self.part.find(markup, cursor, end)
        if i < 0:
            return cursor
        if re.search(r"[\\=^_]", self.part[i + 2:self._line_end(i)]):
            close = "\\]" if markup == "\\[" else "\\)"
            self.scan.problems.append((self.shift + i, f"`{markup}` is never closed by `{close}`"))
        return i + 2

    def _line_end(self, i: int) -> int:
        j = self.part.find("\n", i)
        return len(self.part) if j < 0 else j

    def _add(self, start: int, end: int, content: str, display: bool, env: str | None,
             label: str | None, exact: bool = True) -> None:
        text = _align(self.part[start:end], content) if exact else None
        if text is None:  # the file's text and the token's disagree: keep the token's, at `start`
            text = content
        _add(self.scan, text, 0, len(text), display, env, label, self.shift + start)


def _locate(part: str, opening: str, closing: str, content: str, cursor: int, end: int):
    """(start, end) of `opening content closing` in part[cursor:end], allowing container marks."""
    first = content.split("\n", 1)[0]
    probe = opening + first[:40]
    tries, pos = 0, cursor
    while tries < 20:
        pos = part.find(probe if "|" not in probe else opening, pos, end)
        if pos < 0:
            return None
        start = pos + len(opening)
        stop = _match_end(part, start, content, end)
        if stop is not None and part.startswith(closing, stop):
            return start, stop
        pos, tries = pos + 1, tries + 1
    return None


def _match_end(part: str, start: int, content: str, end: int) -> int | None:
    """Where `content` ends in `part` from `start`, skipping marks the token dropped."""
    i, j, n = start, 0, len(content)
    while j < n:
        if i >= end:
            return None
        if part[i] == content[j]:
            i, j = i + 1, j + 1
        elif part[i] in " \t>\\" and part[i] != "\n":
            i += 1
        else:
            return None
    return i


def _align(source: str, content: str) -> str | None:
    """`source` with the characters that `content` lacks blanked; None if content is not in it."""
    out, j, n = list(source), 0, len(content)
    for i, c in enumerate(source):
        if j < n and c == content[j]:
            j += 1
        elif c == "\n":
            return None
        else:
            out[i] = " "
    return "".join(out) if j == n else None


def _last_match(pattern: re.Pattern, text: str, start: int, end: int) -> int:
    last = -1
    for m in pattern.finditer(text, start, end):
        last = m.start()
    return last


def _add(scan: Scan, text: str, start: int, end: int, display: bool, env: str | None = None,
         label: str | None = None, offset: int | None = None) -> None:
    """A block from text[start:end]; its offset in the file is `offset` (default `start`)."""
    body = strip_comments(text[start:end])
    if body.strip():
        scan.blocks.append(MathBlock(body, start if offset is None else offset, display, env, label))


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
