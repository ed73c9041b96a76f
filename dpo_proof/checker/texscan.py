r"""Math in a TeX file: `$…$`, `$$…$$`, `\[…\]`, `\(…\)` and the display environments.

TeX pairs `$` strictly: the next unescaped `$` closes (a blank line before it means it was never
closed). Every closing delimiter is found through an index built once, so the scan is linear in
the size of the file whatever it holds (20,000 unclosed `\begin{align}` included).
"""
from __future__ import annotations

import re

from .mdrules import DISPLAY_ENVS, _Closings

ENV_RE = re.compile(r"\\begin\s*\{(" + "|".join(DISPLAY_ENVS) + r")(\*?)\}")
OPENERS = re.compile(r"\\[\[(]|\\begin\s*\{|\$|\\.", re.S)


def scan_tex(text: str, add, problem) -> None:
    """Call add(start, end, display, env) for each math block, problem(offset, message) else."""
    n = len(text)
    closings: dict[str, _Closings] = {}

    def next_closing(pattern: str, pos: int) -> int:
        if pattern not in closings:
            closings[pattern] = _Closings(text, pattern)
        return closings[pattern].after(pos, n)

    i = 0
    while True:
        m = OPENERS.search(text, i)
        if m is None:
            return
        i, token = m.start(), m.group(0)
        if token in ("\\[", "\\("):
            close = "\\]" if token == "\\[" else "\\)"
            j = next_closing(re.escape(close), i + 2)
            if j < 0:
                problem(i, f"`{token}` is never closed by `{close}`")
                i += 2
                continue
            add(i + 2, j, token == "\\[", None)
            i = j + 2
        elif token.startswith("\\begin"):
            env_match = ENV_RE.match(text, i)
            if env_match is None:
                i = m.end()
                continue
            env = env_match.group(1) + env_match.group(2)
            end = next_closing(r"\\end\s*\{" + re.escape(env) + r"\}", env_match.end())
            if end < 0:
                problem(i, f"`\\begin{{{env}}}` is never closed by `\\end{{{env}}}`")
                i = env_match.end()
                continue
            add(env_match.end(), end, env_match.group(1) != "math", env)
            i = text.index("}", end) + 1
        elif token == "$":
            i = _dollars(text, i, add, problem, next_closing)
        else:
            i = m.end()  # an escaped character (\$, \\) or a command in prose


def _dollars(text: str, i: int, add, problem, next_closing) -> int:
    if text.startswith("$$", i):
        j = next_closing(r"(?<!\\)\$\$", i + 2)
        if j < 0:
            problem(i, "`$$` is never closed")
            return i + 2
        add(i + 2, j, True, None)
        return j + 2
    j = next_closing(r"(?<![\\$])\$(?!\$)", i + 1)
    paragraph_end = next_closing(r"(?=\n\n)", i + 1)
    if j < 0 or (0 <= paragraph_end < j):
        problem(i, "`$` is never closed in this paragraph")
        return i + 1 if paragraph_end < 0 else paragraph_end
    add(i + 1, j, False, None)
    return j + 1
