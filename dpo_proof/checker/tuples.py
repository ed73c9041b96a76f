r"""Arithmetic on the tuples of a worked example, entry by entry: `(1,0,0)-(1/3,1/3,1/3)=(2/3,-1/3,-1/3)`,
`0.5 \times (-0.5,0.5,0)`, `(1.284,0.779,1)/3.063=(0.419,0.254,0.327)`.

Only the relations between sides made of numbers and tuples of one length are read so: the k-th
equation keeps every tuple's k-th entry (in brackets, offsets kept). A relation with a side that
names something (`\nabla_\theta u = (1,-1,0)`) is not read entry by entry: the tuple stands for a
vector the checker does not have, so that relation stays not judged. A distribution written rounded
so that it sums to 1 may have an entry off by one unit of its last digit (cautions.py).
"""
from __future__ import annotations

import re
from fractions import Fraction

from .layout import Equation, Side
from .marks import bracket_depths

ALLOWED = re.compile(r"\\(times|cdot|frac|left|right|dfrac|tfrac|cfrac)(?![a-zA-Z])|\\[,;!: ]|e(?=\s*\^)")


def entrywise(eq: Equation) -> list[Equation]:
    """The equations of `eq` read entry by entry, with `eq` cut to the relations that are not;
    [] when none is (then `eq` is left as it was)."""
    if not (eq.unchecked_reason or "").startswith("a tuple") or not eq.display:
        return []
    found = [_tuples(side.text) for side in eq.sides]
    j = len(eq.sides)
    while j > 0 and found[j - 1] is not None:
        j -= 1
    sizes = {len(entries) for spans in found[j:] for _, _, entries in spans}
    if len(eq.sides) - j < 2 or len(sizes) != 1 or not any(found[j:]):
        return []
    n = sizes.pop()
    out = []
    for k in range(n):
        sides = [Side(_entry(side.text, spans, k), side.start) for side, spans in zip(eq.sides[j:], found[j:])]
        part = Equation(sides, eq.relations[j:], eq.relation_starts[j:], True, label=eq.label,
                        continues=False, reading=None)
        part.reading_note = f"entry {k + 1} of {n} of the tuples"
        part.normalised = _normalised(eq.sides[-1].text, found[-1])
        out.append(part)
    if j > 0:
        eq.sides, eq.relations, eq.relation_starts = eq.sides[:j + 1], eq.relations[:j], eq.relation_starts[:j]
    else:
        eq.relations = []  # read whole, entry by entry: nothing left to report
    return out


def _tuples(text: str):
    """[(start, end, [(entry start, entry end)])] of the tuples in a side made of numbers and tuples;
    None when the side names anything."""
    if re.search(r"[A-Za-z]", ALLOWED.sub(" ", text)):
        return None
    depths, spans, i = bracket_depths(text), [], 0
    while i < len(text):
        if text[i] == "(":
            end = _closing(text, i)
            if end is None:
                return None
            commas = [c for c in range(i + 1, end) if text[c] == "," and depths[c] == depths[i] + 1]
            if commas:
                bounds = [i + 1] + [c + 1 for c in commas]
                ends = commas + [end]
                spans.append((i, end + 1, list(zip(bounds, ends))))
            i = end + 1
            continue
        i += 1
    return spans


def _normalised(text: str, spans) -> float | None:
    """One unit of the last digit when the side is one tuple of decimals summing to 1 (a distribution
    rounded so that it still sums to 1: an entry may then be off by up to one unit); else None."""
    if len(spans) != 1 or text[:spans[0][0]].strip() or text[spans[0][1]:].strip():
        return None
    entries = [text[a:b].strip().replace("−", "-") for a, b in spans[0][2]]
    if not all(re.fullmatch(r"-?\d*\.\d+|-?\d+", e) for e in entries) or sum(map(Fraction, entries)) != 1:
        return None
    return 10.0 ** -max(len(e.split(".")[1]) if "." in e else 0 for e in entries)


def _closing(text: str, i: int) -> int | None:
    depth = 0
    for c in range(i, len(text)):
        depth += 1 if text[c] in "([{" else -1 if text[c] in ")]}" else 0
        if depth == 0:
            return c
    return None


def _entry(text: str, spans, k: int) -> str:
    """The side with each tuple reduced to its k-th entry, in brackets; offsets kept."""
    chars = list(text)
    for start, end, entries in spans:
        a, b = entries[k]
        for c in range(start + 1, end - 1):
            if not a <= c < b:
                chars[c] = " "
    return "".join(chars)
