r"""Edits of the author's own LaTeX that would undo a slip, to show `should_be` in their notation.

Each edit is a guess about text (toggle the leading minus, negate the argument of one σ, exchange
the two responses, put back a β or a log); diagnosis.py keeps only an edit whose value, read by
the checker's own parser, equals the correct line. So a guess is never shown unverified.
"""
from __future__ import annotations

import re

SIGMA_RE = re.compile(r"\\sigma\s*(\\left|\\bigl|\\Bigl|\\big|\\Big)?\s*([(\[])")
TERM_RE = re.compile(r"\s[-−]\s")
RESPONSES = (("y_w", "y_l"), ("y_c", "y_r"), ("y^+", "y^-"), ("y_1", "y_2"), ("y_{w}", "y_{l}"))
GRAD_PI_RE = re.compile(r"(\\nabla_?\s*(\{[^{}]*\}|\\[a-zA-Z]+|[a-zA-Z])?\s*)(\\pi)")
CLOSE = {"(": ")", "[": "]"}


# The edit that undoes each slip, tried first when that slip was found.
KIND_OF_SLIP = {"sign-lost": "sign", "sigma-of-delta": "sigma", "logistic-as-sigma": "sigma",
                "winner-loser-swapped": "swap", "policy-swapped": "swap", "dropped-beta": "add-beta",
                "beta-twice": "drop-beta", "grad-pi-for-grad-log-pi": "grad-log", "missing-log": "log"}


def candidates(source: str, slip_id: str | None = None) -> list[str]:
    """Edited versions of `source` (one right side), the edit undoing `slip_id` first."""
    s = re.sub(r"\s+", " ", source.replace("&", " ")).strip()
    kinds = {
        "sign": [s[1:].strip() if s.startswith(("-", "−")) else f"-{s}", rf"-\left({s}\right)"],
        "sigma": _sigma_arguments(s),
        "swap": _swapped(s),
        "add-beta": [_insert_beta(s), rf"\beta\left({s}\right)"],
        "drop-beta": [s[:m.start()] + s[m.end():] for m in re.finditer(r"\\beta\b\s*", s)],
        "grad-log": [s[:m.start(3)] + r"\log " + s[m.start(3):] for m in GRAD_PI_RE.finditer(s)],
        "log": [s[:m.start()] + r"\log " + s[m.start():] for m in re.finditer(r"\\sigma\b", s)],
    }
    first = KIND_OF_SLIP.get(slip_id or "")
    order = ([first] if first else []) + [k for k in kinds if k != first]
    return [c for c in dict.fromkeys(c for k in order for c in kinds[k]) if c and c != s]


def _matching(s: str, open_at: int) -> int:
    """Index of the bracket closing the one at `open_at` (any of ( [ {), or -1."""
    depth = 0
    for i in range(open_at, len(s)):
        if s[i] in "([{":
            depth += 1
        elif s[i] in ")]}":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _sigma_arguments(s: str) -> list[str]:
    """σ(a) -> σ(−a), as the author would write it: a leading minus dropped, or a − b as b − a."""
    out = []
    for m in SIGMA_RE.finditer(s):
        start = m.end(2)
        end = _matching(s, m.start(2))
        if end < 0:
            continue
        close_cmd = re.search(r"(\\right|\\bigr|\\Bigr|\\big|\\Big)\s*$", s[start:end])
        inner_end = start + close_cmd.start() if close_cmd else end
        arg = s[start:inner_end].strip()
        terms = _top_level_minus(arg)
        if arg.startswith(("-", "−")):
            new = arg[1:].strip()
        elif len(terms) == 2:
            new = f"{terms[1]} - {terms[0]}"
        elif re.fullmatch(r"\\?[A-Za-z]+(_\{?[\w\\]+\}?)?|[^\s+\-−]", arg):
            new = f"-{arg}"
        else:
            new = f"-({arg})"
        out.append(s[:start] + new + s[inner_end:])
    return out


def _top_level_minus(arg: str) -> list[str]:
    depth, cuts = 0, []
    for i, c in enumerate(arg):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0 and c in "-−" and i > 0 and arg[i - 1] == " " and arg[i + 1:i + 2] == " ":
            cuts.append(i)
    if len(cuts) != 1:
        return []
    return [arg[:cuts[0]].strip(), arg[cuts[0] + 1:].strip()]


def _swapped(s: str) -> list[str]:
    out = []
    for a, b in RESPONSES:
        if a in s and b in s:
            out.append(s.replace(a, "\0").replace(b, a).replace("\0", b))
    return out


def _insert_beta(s: str) -> str:
    sign = re.match(r"\s*[-−]?\s*", s).end()
    return s[:sign] + r"\beta " + s[sign:]
