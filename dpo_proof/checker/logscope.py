r"""How far an undelimited `\log` reaches: `\beta \log \frac{a}{b} \cdot \frac{c}{d}` is read by the
grammar as β·log(a/b)·(c/d), but authors who write it mean the log of the product (and
`\log\sigma(\Delta)/(1-\sigma(\Delta))` the log of the ratio). A line refuted under the literal
reading is judged once more with the log over the product (steps.py); the message says so. The
other reading only ever confirms a line: a line wrong both ways stays refuted.
"""
from __future__ import annotations

import re

LOG_RE = re.compile(r"\\log(?![a-zA-Z])\s*")
FRAC_RE = re.compile(r"\\[dtc]?frac\s*")
CALL_RE = re.compile(r"(\\[a-zA-Z]+|[A-Za-z])(\s*_\s*(\{[^{}]*\}|\\[a-zA-Z]+|[A-Za-z0-9]))?\s*(?=\()")
JOIN_RE = re.compile(r"\s*(\\cdot|\\times|/)\s*")
LEFT_RE = re.compile(r"\\left\s*(?=\()")


def log_over_product(source: str) -> str | None:
    r"""`source` with each `\log X \cdot Y` (or `X \times Y`, `X / Y`, or two fractions side by side) written
    `\log\left(X \cdot Y\right)`, X a fraction or a call σ(…), Y a fraction or a bracket; None when there is
    no such log."""
    out, last, changed = [], 0, False
    for m in LOG_RE.finditer(source):
        if m.start() < last:
            continue
        first = _operand(source, m.end(), call=True)
        if first is None:
            continue
        join = JOIN_RE.match(source, first)
        if join is not None:
            second = _operand(source, join.end(), call=False)
        else:  # `\log \frac{a}{b}\frac{1}{Z}`: two fractions side by side, a product too
            second = _operand(source, skip_spaces(source, first), call=False) \
                if FRAC_RE.match(source, skip_spaces(source, first)) else None
        if second is None:
            continue
        out.append(source[last:m.end()] + r"\left(" + source[m.end():second] + r"\right)")
        last, changed = second, True
    return "".join(out) + source[last:] if changed else None


def _operand(s: str, i: int, call: bool) -> int | None:
    """The end of a fraction, a call f(…) (when `call`) or a bracket (otherwise) starting at i."""
    frac = FRAC_RE.match(s, i)
    if frac:
        end = group_end(s, frac.end(), "{")
        end = group_end(s, skip_spaces(s, end), "{") if end is not None else None
        return end
    left = LEFT_RE.match(s, i)
    if left and not call:
        close = s.find(r"\right)", left.end())
        return close + len(r"\right)") if close >= 0 else None
    if call:
        head = CALL_RE.match(s, i)
        if head is None or head.group(1) in (r"\left", r"\frac", r"\log"):
            return None
        return group_end(s, head.end(), "(")
    return group_end(s, i, "(")


def skip_spaces(s: str, i: int) -> int:
    while i < len(s) and s[i].isspace():
        i += 1
    return i


def group_end(s: str, i: int, opener: str) -> int | None:
    """The end of the balanced group opening with `opener` at i (after spaces), else None."""
    i = skip_spaces(s, i)
    if i >= len(s) or s[i] != opener:
        return None
    closer, depth = {"{": "}", "(": ")"}[opener], 0
    for k in range(i, len(s)):
        if s[k] == opener and (k == 0 or s[k - 1] != "\\"):
            depth += 1
        elif s[k] == closer and (k == 0 or s[k - 1] != "\\"):
            depth -= 1
            if depth == 0:
                return k + 1
    return None
