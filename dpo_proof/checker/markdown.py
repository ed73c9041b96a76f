r"""Find the math in a Markdown or TeX file, with offsets that map back to lines and columns.

Display math: `$$…$$` (one line or several), `\[…\]`, and the `equation`, `align`, `aligned`,
`gather`, `multline`, `eqnarray` environments and their starred forms. Inline math: `$…$` and
`\(…\)`. Prose around the math is context and never parsed; fenced code blocks and `code spans`
are skipped. Commands that would read or write other files (`\input`, `\include`, `\write18`, …)
are blanked out and reported as warnings: the checker never acts on them.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

DISPLAY_ENVS = ("equation", "align", "aligned", "gather", "gathered", "multline", "eqnarray",
                "displaymath", "flalign", "alignat", "split")
ENV_RE = re.compile(r"\\begin\s*\{(" + "|".join(DISPLAY_ENVS) + r"|math)(\*?)\}")
DANGEROUS_RE = re.compile(
    r"\\(input|include|includeonly|write18|write|immediate|openin|openout|read|InputIfFileExists"
    r"|lstinputlisting|verbatiminput|catcode|usepackage|documentclass)(?![a-zA-Z])(\s*\{[^{}\n]*\})?")
FENCE_RE = re.compile(r"^ {0,3}(```|~~~)", re.M)


@dataclass
class MathBlock:
    """The text between the delimiters; `start` is its offset in the (LF-normalised) file."""

    text: str
    start: int
    display: bool
    env: str | None = None


@dataclass
class Scan:
    blocks: list[MathBlock] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (offset, message): unparsed
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (offset, message)


class Lines:
    """Offset -> (1-based line, 1-based column) in a text."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF: the line count stays that of the file as written."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _blank(text: str, start: int, end: int) -> str:
    """Replace text[start:end] by spaces (newlines kept) so every other offset stays put."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def _blank_skipped(text: str, is_tex: bool, scan: Scan) -> str:
    """Blank fenced code, code spans, TeX comments and file commands; record warnings."""
    fences = list(FENCE_RE.finditer(text))
    for opening, closing in zip(fences[::2], fences[1::2] + [None]):
        end = closing.end() if closing else len(text)
        text = _blank(text, opening.start(), end)
    for m in re.finditer(r"(`+)[^`\n]+?\1", text):
        text = _blank(text, m.start(), m.end())
    # A TeX comment runs to the end of the line (in Markdown only inside math: see strip_comments).
    if is_tex:
        for m in re.finditer(r"(?<!\\)%[^\n]*", text):
            text = _blank(text, m.start(), m.end())
    for m in DANGEROUS_RE.finditer(text):
        if m.group(1) not in ("usepackage", "documentclass"):
            scan.warnings.append((m.start(), f"`\\{m.group(1)}` ignored: the checker never reads, "
                                             "writes or runs anything a file asks for"))
        text = _blank(text, m.start(), m.end())
    return text


def strip_comments(math: str) -> str:
    r"""`%` to the end of the line is a comment inside math (LaTeX and MathJax); `\%` is not."""
    return re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group(0)), math)


def find_math(text: str, is_tex: bool = False) -> Scan:
    """Every math block of `text` (already LF-normalised), in order."""
    scan = Scan()
    text = _blank_skipped(text, is_tex, scan)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n:
            nxt = text[i + 1]
            if nxt in "[(":
                close = "\\]" if nxt == "[" else "\\)"
                j = text.find(close, i + 2)
                if j < 0:
                    scan.problems.append((i, f"`\\{nxt}` is never closed by `{close}`"))
                    i += 2
                    continue
                _add(scan, text, i + 2, j, display=nxt == "[")
                i = j + 2
                continue
            m = ENV_RE.match(text, i)
            if m:
                env = m.group(1) + m.group(2)
                end = re.compile(r"\\end\s*\{" + re.escape(env) + r"\}").search(text, m.end())
                if end is None:
                    scan.problems.append((i, f"`\\begin{{{env}}}` is never closed by `\\end{{{env}}}`"))
                    i = m.end()
                    continue
                _add(scan, text, m.end(), end.start(), display=m.group(1) != "math", env=env)
                i = end.end()
                continue
            i += 2  # an escaped character (\$, \\) or a command in prose
            continue
        if c == "$":
            if text.startswith("$$", i):
                j = _find_unescaped(text, "$$", i + 2)
                if j < 0:
                    scan.problems.append((i, "`$$` is never closed"))
                    i += 2
                    continue
                _add(scan, text, i + 2, j, display=True)
                i = j + 2
                continue
            j = _inline_close(text, i + 1)
            if j < 0:
                if _looks_like_math(text, i + 1):
                    scan.problems.append((i, "`$` is never closed in this paragraph"))
                i += 1
                continue
            _add(scan, text, i + 1, j, display=False)
            i = j + 1
            continue
        i += 1
    return scan


def _add(scan: Scan, text: str, start: int, end: int, display: bool, env: str | None = None) -> None:
    body = strip_comments(text[start:end])
    if body.strip():
        scan.blocks.append(MathBlock(body, start, display, env))


def _find_unescaped(text: str, needle: str, start: int) -> int:
    j = text.find(needle, start)
    while j > 0 and text[j - 1] == "\\":
        j = text.find(needle, j + 1)
    return j


def _inline_close(text: str, start: int) -> int:
    """Pandoc's rule: `$x$` opens before a non-space and closes after one, within the paragraph."""
    if start >= len(text) or text[start].isspace():
        return -1
    end = text.find("\n\n", start)
    end = len(text) if end < 0 else end
    j = start
    while True:
        j = text.find("$", j)
        if j < 0 or j >= end:
            return -1
        if text[j - 1] != "\\" and not text[j - 1].isspace() and not text.startswith("$$", j):
            if not (j + 1 < len(text) and text[j + 1].isdigit()):
                return j
        j += 1


def _looks_like_math(text: str, start: int) -> bool:
    """A lone `$` before ordinary prose is a price ("costs $5"); before `\\`, `=`, `^`, `_` it is math."""
    if start >= len(text) or text[start].isspace() or text[start].isdigit():
        return False
    line_end = text.find("\n", start)
    rest = text[start: len(text) if line_end < 0 else line_end]
    return bool(re.search(r"[\\=^_]", rest))
