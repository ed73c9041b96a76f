r"""Where markdown-it's math tokens stand in the file: exact offsets, and what is not math.

markdown-it-py gives the lines of each block but not the column of inline math, and a token's
content lacks the marks of its container (`>` of a quote, `\` of `\|` in a table cell). So each
piece of math is located again in the text after the previous one (`_locate`), and the file's own
text is kept with only those marks blanked (`_align`): every offset is an offset of the file. A
`$`, `$$`, `\[`, `\(` or `\begin{…}` that markdown-it left as text is reported: a problem when
math follows it, a warning otherwise.
"""
from __future__ import annotations

import re

from .mdrules import ENV_OPEN_RE

MATH_TOKENS = {"math_inline": ("$", "$", False), "math_inline_double": ("$$", "$$", True),
               "math_paren": ("\\(", "\\)", False), "math_inline_bracket": ("\\[", "\\]", True)}


class Finder:
    """Walks markdown-it's tokens and locates each piece of math in the text; `add(text, offset,
    display, env, label)` receives each, `scan.problems` and `scan.warnings` what is not math."""

    def __init__(self, part: str, shift: int, scan, add):
        self.part, self.shift, self.scan, self.add = part, shift, scan, add
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", part)]

    def walk(self, tokens) -> None:
        for token in tokens:
            if token.type in ("math_block", "math_block_label", "math_env", "math_bracket"):
                self._block(token)
            elif token.type == "fence" and token.info.strip().lower() == "math":
                self._math_fence(token)  # GitHub's and GitLab's ```math blocks: display math
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

    def _math_fence(self, token) -> None:
        a, b = self._region(token)
        body = self.part.find("\n", a) + 1  # the line after the opening fence
        close = self.part.rfind("```", body, b + 1)
        end = close if close >= body else b
        self._add(body, end, self.part[body:end], True, None, None)

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
        self.add(text, self.shift + start, display, env, label)


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


