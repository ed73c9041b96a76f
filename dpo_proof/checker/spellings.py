r"""Numbers, names and words written another way, respelled in place before a block is split.

Each rule rewrites a span with text of the same length or shorter, padded with spaces, so every
offset stays that of the file (marks.py's `blank_structure` calls `respell` first):
`\lbrack` is `[`, `\thicksim` is `\sim`, `Pr(…)` is `P(…)`, `{\rm logit}` is `\rm{logit}`, `\bar{p_{ij}}` is
`\bar{p}_{ij}`, `0{,}5` is 0.5 and `16,777,216` one number, MinerU's `{ \mathrm { ~ a n d ~ } }` is
`\text{ and }`, the DPO paper's `f(r; \pi_{ref}, \beta)(x, y)` is `f_{r}(x, y)`, `f^{\prime\prime}` is `f''` and
`\exp^{-z}` is e^{-z}.
"""
from __future__ import annotations

import re

DECIMAL_COMMA_RE = re.compile(r"(?<![\w.])\d+(\{,\}\d+)+(?![\w.{])")
THOUSANDS_RE = re.compile(r"(?<![\w.,])[1-9]\d{0,2}(,\d{3})+(?![\w.,])")  # `16,777,216`: never a tuple of 3-digit parts
PRIMES_SUP_RE = re.compile(r"\^\s*\{\s*((\\prime(?![a-zA-Z])|'|′)\s*){2,3}\}")  # f^{\prime\prime}: f''
_SPELLED = r"\\mathrm\s*\{\s*(?:~\s*)?(a\s*n\s*d|o\s*r)\s*(?:~\s*)?\}"
SPELLED_CONNECTIVE_RE = re.compile(rf"\{{\s*{_SPELLED}\s*\}}|{_SPELLED}")
# `f(r; \pi_{ref}, \beta)(x, y)`: an operator's parameters, then its arguments (the DPO paper's projection):
# read as `f_{r}(x, y)`, one function for each reward it is given
CURRIED_RE = re.compile(r"(?<![\\A-Za-z])([A-Za-z])\s*\(\s*([A-Za-z](?:\s*'|\s*\^\s*\{\s*\\prime\s*\})?)"
                        r"\s*([;,])([^()]*)\)(?=\s*\([^()]*,[^()]*\))")
# an accent over a letter and its subscript (`\bar{p_{ij}}`, `\hat{y_i}`): the letter's accent, then the subscript
ACCENT_ROUND_SCRIPT_RE = re.compile(r"\\(bar|hat|tilde|widehat|widetilde|overline)\{([A-Za-z])_(\{\w+\}|\w)\}")
FONT_SWITCH_RE = re.compile(r"\{\s*\\(rm|it|sf)\s+([A-Za-z]{2,})\s*\}")  # TeX's switch round a word: `{\rm logit}`
# Commands spelled another way: `\lbrack` is `[`, `\Pr` is P, `\triangledown` is ∇, `\thicksim` is ∼ (the rest
# blanked).
SPELLED_BRACKETS = {"lbrack": "[", "rbrack": "]", "lbrace": "\\{", "rbrace": "\\}", "Pr": "P", "triangledown": "\\nabla",
                    "thicksim": "\\sim"}
SPELLED_BRACKET_RE = re.compile(r"\\(lbrack|rbrack|lbrace|rbrace|Pr|triangledown|thicksim)(?![a-zA-Z])"
                                r"|\\(?:textsf|mathrm|operatorname|text|textrm|mathsf)\s*\{\s*(Pr)\s*\}")  # \textsf{Pr}: P
PLAIN_PR_RE = re.compile(r"(?<![\\A-Za-z])Pr(?=\s*(?:\\left\s*)?\()")  # `Pr(y = 1 | x)` without its backslash: P
EXP_POWER_RE = re.compile(r"\\exp\s*\^(?=\s*\{)")


def respell(text: str, chars: list[str]) -> None:
    """Write the respellings of `text` into `chars` (a list of its characters)."""
    for m in SPELLED_BRACKET_RE.finditer(text):  # `\lbrack` is `[` (the rest blanked: offsets stay)
        chars[m.start():m.end()] = list(SPELLED_BRACKETS[m.group(1) or m.group(2)].ljust(m.end() - m.start()))
    for m in PLAIN_PR_RE.finditer(text):  # `Pr(…)` is P(…), as `\Pr` is (the same length: offsets stay)
        chars[m.start():m.end()] = list("P ")
    for m in FONT_SWITCH_RE.finditer(text):  # `{\rm logit}` is `\rm{logit}` (the same length: offsets stay)
        chars[m.start():m.end()] = list(f"\\{m.group(1)}{{{m.group(2)}}}".ljust(m.end() - m.start()))
    for m in ACCENT_ROUND_SCRIPT_RE.finditer(text):  # `\bar{p_{ij}}` is `\bar{p}_{ij}` (the same length)
        chars[m.start():m.end()] = list(f"\\{m.group(1)}{{{m.group(2)}}}_{m.group(3)}")
    for m in DECIMAL_COMMA_RE.finditer(text):  # `0{,}5` is 0.5 (the decimal comma of European LaTeX);
        # `512{,}000`, `16{,}777{,}216`: groups of three digits after a whole number are thousands
        thousands = re.fullmatch(r"[1-9]\d{0,2}(\{,\}\d{3})+", m.group(0))
        chars[m.start():m.end()] = list(m.group(0).replace("{,}", "" if thousands else ".").rjust(m.end() - m.start()))
    for m in THOUSANDS_RE.finditer(text):  # `65,536`, `16,777,216` (the same length: offsets stay)
        chars[m.start():m.end()] = list(m.group(0).replace(",", "").rjust(m.end() - m.start()))
    for m in SPELLED_CONNECTIVE_RE.finditer(text):  # MinerU's `{ \mathrm { ~ a n d ~ } }` is `\text{ and }`
        word = re.sub(r"[^a-z]", "", m.group(1) or m.group(2))
        chars[m.start():m.end()] = list(f"\\text{{ {word} }}".ljust(m.end() - m.start()))
    for m in CURRIED_RE.finditer(text):
        if m.group(3) == ";" or "beta" in m.group(4) and "pi" in m.group(4):  # not `Q(s, a)(r − b)`, a product
            primed = "'" if re.search(r"'|prime", m.group(2)) else ""  # `r ^ { \prime }`: MinerU's r'
            named = f"{m.group(1)}_{{{m.group(2)[0]}{primed}}}"
            chars[m.start():m.end()] = list(named.ljust(m.end() - m.start()))
    for m in PRIMES_SUP_RE.finditer(text):  # `f^{\prime\prime}` is `f''` (the rest blanked: offsets stay)
        chars[m.start():m.end()] = list(("'" * len(re.findall(r"\\prime|'|′", m.group(0)))).ljust(m.end() - m.start()))
    for m in EXP_POWER_RE.finditer(text):  # `\exp^{-z}` for e^{-z} (the same length: offsets stay)
        chars[m.start():m.end()] = list("e^".rjust(m.end() - m.start()))
