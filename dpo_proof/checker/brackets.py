r"""Brackets the author left open or closed with the other kind: `\sigma(a - b\big]`, `\big[… \big)`.

A reader closes them the one way the nesting allows: an opener still open when an enclosing
bracket closes is closed right there; a closer of the wrong kind where nothing of its kind is open
closes the innermost bracket; what is open at the end is closed at the end. The line is read that
way and says so; where a closer had to be left out or read as another kind, that reading never
refutes a line (cautions.py).
"""
from __future__ import annotations

import re

TOKEN_RE = re.compile(r"(\\(?:left|right|[bB]igg?[lr]?)\s*)?([()\[\]])|(?<!\\)([{}])|\\[{}]|\\[a-zA-Z]+")
CLOSER = {"(": ")", "[": "]"}


def close_brackets(text: str) -> tuple[str, str] | None:
    """(the text with its brackets closed, what was done) when `(`/`[` are unbalanced and a repair
    is possible; None when they balance or braces `{}` do not. A stray closer of the wrong kind is
    first read as one too many (`[a\\big)]`), else as closing the innermost bracket."""
    return _repair(text, drop_stray=True) or _repair(text, drop_stray=False)


def _repair(text: str, drop_stray: bool) -> tuple[str, str] | None:
    stack: list[tuple[str, str]] = []  # (opener or "{", its size prefix)
    inserts: list[tuple[int, int, str]] = []  # (start, end replaced, text)
    for m in TOKEN_RE.finditer(text):
        size, bracket, brace = m.group(1) or "", m.group(2), m.group(3)
        if brace == "{":
            stack.append(("{", ""))
        elif brace == "}":
            if not stack:
                return None
            while stack and stack[-1][0] != "{":
                inserts.append((m.start(), m.start(), _closer(*stack.pop())))
            if not stack:
                return None
            stack.pop()
        elif bracket in CLOSER:
            stack.append((bracket, size))
        elif bracket:
            group = [s for s in reversed(stack)]
            depth = next((i for i, s in enumerate(group) if s[0] == "{"), len(group))
            match = next((i for i, s in enumerate(group[:depth]) if CLOSER[s[0]] == bracket), None)
            if match is None and depth == 0:
                return None  # a closer with nothing open in its group: not a slip we can place
            if match is None and drop_stray:  # `[a )]`: one too many
                inserts.append((m.start(), m.end(), " "))
                continue
            if match is None:  # `[ … )`: the innermost bracket, closed with the other kind
                opener, osize = stack.pop()
                inserts.append((m.start(), m.end(), _closer(opener, osize) + "\x00"))
                continue
            for _ in range(match):
                inserts.append((m.start(), m.start(), _closer(*stack.pop())))
            stack.pop()
    if any(s[0] == "{" for s in stack) or (drop_stray and stack and any(n == " " for _, _, n in inserts)):
        return None
    while stack:
        inserts.append((len(text), len(text), _closer(*stack.pop())))
    if not inserts:
        return None
    out, last = [], 0
    for start, end, new in inserts:
        out += [text[last:start], new.rstrip("\x00")]
        last = end
    out.append(text[last:])
    done = ", ".join(sorted({"a closer of the other kind read as `" + new.strip("\x00 ") + "`"
                             if new.endswith("\x00") else f"`{new.strip()}` put in" if new.strip()
                             else "a stray closer left out" for _, _, new in inserts}))
    return "".join(out), f"read with its brackets closed as their nesting allows ({done})"


def _closer(opener: str, size: str) -> str:
    size = "\\right" if size.strip().startswith("\\left") else ""
    return f"{size}{CLOSER[opener]} "
