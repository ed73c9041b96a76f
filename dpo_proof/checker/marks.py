r"""Structural marks in the text of a block of math, found in one pass each (linear in its size).

Bracket depths (`{ ( [`, and a matrix environment, count as brackets), brace pairs, and the marks
layout.py sets aside before it splits a block: wrappers (`\begin{aligned}` and the display
environments nested inside `$$`), `\label`, `\boxed{X}`, `\underbrace{X}_{label}` and
`\overbrace{X}^{label}` (the label is a comment), `\color`, `\mathop`, `\hspace`, and the braces of
a font wrapped round more than its letter (`\mathcal{L(r, D)}`). Everything set
aside is blanked with spaces, so every offset stays that of the file.
"""
from __future__ import annotations

import re

from .spellings import respell

WRAPPER_RE = re.compile(r"\\(begin|end)\s*\{(aligned|split|gathered|alignedat|array|cases|equation|align"
                        r"|gather|multline|eqnarray|flalign|alignat|displaymath|subequations)\*?\}"
                        r"(\s*\{[^{}]*\})?")
AMPERSAND_RE, EQUALS_RE = re.compile(r"(?<!\\)&"), re.compile(r"(?<![<>\\!:])=")
ANGLE_RE = re.compile(r"\\(?:(langle)|rangle)(?![a-zA-Z])|(⟨)|⟩")
BY_CASES_RE = re.compile(r"\\begin\s*\{cases\*?\}")
CASES_RE = re.compile(r"\\begin\s*\{cases\*?\}(.*?)\\end\s*\{cases\*?\}", re.S)
LABEL_RE = re.compile(r"\\label\s*\{[^{}]*\}")
ROW_BREAK_RE = re.compile(r"\\\\(\s*\[[^\]\n]*\])?")
MATRIX_MARK_RE = re.compile(r"\\(begin|end)\s*\{([pbvBV]?matrix|smallmatrix)\}")
# Commands whose brace argument is kept (the command and the braces are blanked)…
KEEP_ARGUMENT_RE = re.compile(r"\\(boxed|underbrace|overbrace|mathop|displaystyle|cancel|bm|underline"
                              r"|textcolor\s*\{[^{}]*\}|color\s*\{[^{}]*\})\s*(?=\{)"
                              r"|\\(mathbf|textbf|boldsymbol|pmb)\s*(?=\{\s*[-−+]?[0-9.]+\s*(\\text\s*\{[^{}]*\}\s*)?\}"
                              r"(?!\s*(\[|\\\{|_)))")
# (the last: `\mathbf{0.500}`, `\mathbf{+0.2028}`, `\mathbf{3.0\text{ Ton/Ha}}` are a number and its unit;
# `\mathbf{1}[y = 1]` stays an indicator)
# A font wrapped round more than its letter (`\mathcal{L(r, D)}`, `\mathbb{D_{KL}}`): the font is
# meant for the letter alone, so the braces go (`\mathcal L(r, D)`).
WRAPPED_FONT_RE = re.compile(r"\\(mathcal|mathbb|mathrm|mathbf|mathscr|mathsf|mathit|boldsymbol)\s*(?=\{\s*[A-Za-z][^A-Za-z}\s])")
# A font or box round a whole relation (`\mathbf{\pi^*(y|x) = …}`, a bold boxed result): only the
# relation inside counts, so the command and its braces go.
RELATION_FONT_RE = re.compile(r"\\(mathbf|boldsymbol|textbf|mathrm|mathit|bold|pmb|fbox|framebox)\s*(?=\{)")
# `\|` where only a `|` can stand: before the prompt x of a conditional (`π(y\|x)`), or round a
# response as its length (`\|y\|`). Kramdown sources escape every `|` this way.
# Not a bar that a power or a norm's index follows (`\|X\theta - y\|^2`, `\|y\|_2`): a norm's.
NOT_A_NORM = r"(?!\s*(\^|_\s*\{?\s*\d))"
KRAMDOWN_BAR_RE = re.compile(rf"\\(?=\|\s*x\s*[),;])|\\(?=\|\s*y(_\{{?\w+\}}?|_\w)?\s*\\\|{NOT_A_NORM})"
                             rf"|(?<=y)\\(?=\|{NOT_A_NORM})|(?<=y_\w)\\(?=\|{NOT_A_NORM})|(?<=y_\{{\w\}})\\(?=\|{NOT_A_NORM})")
BECAUSE_RE = re.compile(r"\(\s*\\because(?![a-zA-Z])(?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)")
CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"  # kana, CJK ideographs, Hangul: a character class's ranges
# `\operatorname{logit}(p) = \log\frac p{1-p}:\ (0,1)\to\mathbb{R}`: a function's domain and range after
# its body, a declaration, not a factor.
_SET = r"(?:[(\[][^()\[\]=]*[)\]]|\\mathbb\s*\{?[RN]\}?(?:\s*\^\s*\{?[\w+]+\}?)?)"
SIGNATURE = rf":\s*(?:\\[ ,;]\s*)*{_SET}\s*\\(?:to|rightarrow|mapsto)(?![a-zA-Z])\s*{_SET}"
# … and commands blanked with their argument.
DROP_RE = re.compile(r"\\(hspace|vspace|hskip|phantom|hphantom|vphantom|mathstrut|label)\*?\s*"
                     r"(\{[^{}]*\}|[0-9.]+\s*(pt|em|ex|mm|cm)?)|\\color\s*\{[^{}]*\}"
                     r"|\\(nonumber|notag)(?![a-zA-Z])"  # `\nonumber &= 3`: a row that continues
                     r"|\\(space|enspace|thinspace|medspace|thickspace|negthinspace)(?![a-zA-Z])"  # MathJax spaces
                     r"|(?<=\{)\s*\\bf(?![a-zA-Z])"  # `{\bf w}`: TeX's bold switch, the letter stays
                     r"|(?<!\\)\\(?=\s)"  # `(\theta)\ =\ -`: a control space
                     r"|(?<=[0-9])\s*\(\s*[0-9.]+\s*\\%\s*\)"  # `0.9 (90\%)`: the same number again, in percent
                     r"|\\(displaystyle|textstyle)(?![a-zA-Z])"  # `\displaystyle&=&…`: eqnarray rows
                     r"|\\r(?=\\right(?![a-zA-Z]))"  # `\r\right)`: a `\right` whose `\r` an export doubled
                     r"|\\(tiny|scriptsize|footnotesize|small|normalsize|large|Large|LARGE|huge|Huge)(?![a-zA-Z])"  # sizes
                     r"|[_^]\s*\{\s*(\\[,;:!]\s*)+\}"  # `\mathbf{w}^{\,}`, `x_{\,}`: a script that only spaces
                     # a comment in words in parentheses, after \dots or \quad or in full-width ones
                     rf"|(\\[lc]?dots|\\q?quad|…)\s*[(（][^()（）\n=]*?[{CJK}][^()（）\n=]*[)）]"
                     rf"|（[^（）\n=]*[{CJK}][^（）\n=]*）"  # words only: no `=`
                     rf"|{SIGNATURE}")


def bracket_depths(text: str) -> list[int]:
    """The bracket depth before each character (`{ ( [` open, `} ) ]` close, and a matrix
    environment and `\\langle … \\rangle` count as brackets), in one pass."""
    out, depth = [0] * (len(text) + 1), 0
    marks = {m.end(): (1 if m.group(1) == "begin" else -1) for m in MATRIX_MARK_RE.finditer(text)}
    # `\langle w_u, h_i \rangle`: an inner product's comma is inside it, not between two equations
    marks.update({m.end(): (1 if m.group(1) or m.group(2) else -1) for m in ANGLE_RE.finditer(text)})
    for i, c in enumerate(text):
        if i in marks:
            depth = max(depth + marks[i], 0)
        out[i] = depth
        if c in "{([":
            depth += 1
        elif c in "})]":
            depth = max(depth - 1, 0)
    if len(text) in marks:
        depth = max(depth + marks[len(text)], 0)
    out[len(text)] = depth
    return out


def top_level(text: str, pattern: re.Pattern, depths: list[int] | None = None):
    """Matches of `pattern` that begin at bracket depth 0 (`{ ( [` and their escaped forms)."""
    depths = depths if depths is not None else bracket_depths(text)
    for m in pattern.finditer(text):
        if depths[m.start()] == 0 and m.end() > m.start():
            yield m


def unbalanced(text: str) -> str:
    """'' when every { has its }, else a count such as "3 `{` but 2 `}`"."""
    opened, closed = len(re.findall(r"(?<!\\)\{", text)), len(re.findall(r"(?<!\\)\}", text))
    return "" if opened == closed else f"{opened} `{{` but {closed} `}}`"


ESCAPED_SUBSCRIPT_RE = re.compile(r"\\_\\\{")  # `\sum\_\{t=0\}`: subscript and brace both escaped for Markdown


def blank_structure(text: str) -> str:
    r"""Wrappers, labels, boxes and braces' labels blanked; what they hold kept in place.
    `\_` and `\*` (Markdown escapes that mdformat writes inside math) are `_` and `*`; in a block
    written with `\\\\` for its row breaks, `\\\\` and `\\{` are `\\` and `\{`."""
    chars = list(text)
    for m in re.finditer(r"\\(?=[_*])", text):
        chars[m.start()] = " "
    if "\\" * 4 in text or ESCAPED_SUBSCRIPT_RE.search(text):  # Markdown-escaped LaTeX (Hugo sources): `\\\\` for `\\`, `\\{` for `\{`
        for m in re.finditer(r"\\{4}|\\(?=\\[{}])", text):
            chars[m.start()] = " "
            if m.end() - m.start() == 4:
                chars[m.start() + 1] = " "
        for m in re.finditer(r"(?<!\\)\\(?=\|)", text):  # and `\|` for a `|` (kramdown's table escape)
            chars[m.start()] = " "
        for m in re.finditer(r"(?<!\\)\\(?=[\[\]{}])", text):  # `\[ … \]`, `_\{t=0\}`: Markdown's escapes of `[`, `{`
            chars[m.start()] = " "
        for m in re.finditer(r"(?<!\\)\\{5}(?=[ \t]*(\n|$))", text):  # `\\\\\` at a line's end: `\\` and a hard break
            chars[m.end() - 1] = " "
    for m in re.finditer(r"\\(left|right|[bB]igg?[lr]?)\s*\\(?=\\[{}])", text):  # `\left\\{`: escaped too
        chars[m.end() - 1] = " "
    for m in re.finditer(r"(?<!\\)\\{3}(?=[ \t]*(\n|$))", text):  # `\\\ ` at a line's end: a row break and a space
        chars[m.end() - 1] = " "
    for m in KRAMDOWN_BAR_RE.finditer(text):  # `π(y\|x)`, `\|y\|`: a `|` escaped for a Markdown table
        chars[m.start()] = " "
    respell(text, chars)  # spellings.py: numbers, names and words written another way
    for m in BECAUSE_RE.finditer(text):  # `(\because \ln 1 = 0)`: the reason is a claim of its own
        chars[m.start()] = chars[m.end() - 1] = " "
    _blank_case_conditions(text, chars)
    for rx in (WRAPPER_RE, LABEL_RE, DROP_RE):
        for m in rx.finditer(text):
            blank_span(chars, m.start(), m.end())
    for a, b in _outer_brackets(text):  # `$$\left[ \sigma(z) = … \right]$$`: `\[ … \]` copied as brackets
        blank_span(chars, a, b)
    pairs = brace_pairs(text)
    for m in KEEP_ARGUMENT_RE.finditer(text):
        close = pairs.get(m.end())
        if close is None:
            continue
        blank_span(chars, m.start(), m.end() + 1)
        chars[close] = " "
        if m.group(1) in ("underbrace", "overbrace"):
            blank_span(chars, close + 1, _script_end(text, close + 1, pairs))
    for m in WRAPPED_FONT_RE.finditer(text):
        close = pairs.get(m.end())
        if close is not None:
            chars[m.end()] = chars[close] = " "
    for m in RELATION_FONT_RE.finditer(text):
        close = pairs.get(m.end())
        if close is not None and _holds_relation(text[m.end() + 1: close]):
            blank_span(chars, m.start(), m.end() + 1)
            chars[close] = " "
    return "".join(chars)


def _blank_case_conditions(text: str, chars: list[str]) -> None:
    r"""`\begin{cases} \frac{1}{1+e^{-z}} & z \geq 0 \\ … \end{cases}`: the first case's value is what the
    line says; after its `&` stands its condition, not part of the value (`& z` is no factor z, and its ≥ no
    relation of the line), and the other cases hold under other conditions (no rows of a chain: `0` for
    i ≠ a is no step from s_j for i = a). chain.py never refutes a line on such a side."""
    for m in CASES_RE.finditer(text):
        if not all(_value_and_condition(row) for row in ROW_BREAK_RE.split(m.group(1)) if row and row.strip()):
            continue  # `\begin{cases} L(1, 1) = 0 \\ L(0, 0) = 0 \end{cases}`: equations listed, each a claim
        depth, blanking, i = 0, False, m.start(1)
        while i < m.end(1):
            c = text[i]
            if c == "\\" and text.startswith("\\\\", i) and depth == 0:
                blank_span(chars, i, m.end(1))  # the other cases
                break
            if c == "\\":  # a command (`\&`, `\{`): skipped whole
                if blanking:
                    chars[i] = chars[i + 1] = " "
                i += 2
                continue
            depth += (c in "{([") - (c in "})]")
            blanking = blanking or (c == "&" and depth == 0)
            if blanking:
                chars[i] = " "
            i += 1


def _value_and_condition(row: str) -> bool:
    """A case's row: a value, `&`, its condition (no equation before the `&`)."""
    ampersand = next(top_level(row, AMPERSAND_RE), None)
    return ampersand is not None and next(top_level(row[:ampersand.start()], EQUALS_RE), None) is None


WHOLE_BRACKETS_RE = re.compile(r"^\s*(\\left\s*[\[(])(.*)(\\right\s*[\])])[\s.,;]*$", re.S)
LEFT_RIGHT_RE = re.compile(r"\\(left|right)(?![a-zA-Z])")


def _outer_brackets(text: str) -> list[tuple[int, int]]:
    r"""The spans of a `\left[` … `\right]` (or `(` … `)`) pair around the whole math that holds a
    relation at its top level: the `\[ … \]` or `\( … \)` of a text copied from a chat or a
    renderer, turned into brackets. [] where the math is anything else (`\left( a \right) = b`)."""
    m = WHOLE_BRACKETS_RE.match(text)
    if m is None:
        return []
    depth = 0
    for k in LEFT_RIGHT_RE.finditer(m.group(2)):  # one pair round it all: not `\left(a\right) + \left(b\right)`
        depth += 1 if k.group(1) == "left" else -1
        if depth < 0:
            return []
    if depth or not _holds_relation(m.group(2)):
        return []
    return [m.span(1), m.span(3)]


def _holds_relation(inner: str) -> bool:
    """Is there an `=` (not `:=` inside a subscript) at the top level of `inner`?"""
    depths = bracket_depths(inner)
    return any(depths[m.start()] == 0 for m in re.finditer(r"(?<![<>!:])=|\\(approx|leq?|geq?)(?![a-zA-Z])", inner))


def blank_span(chars: list[str], start: int, end: int) -> None:
    for i in range(start, min(end, len(chars))):
        if chars[i] != "\n":
            chars[i] = " "


def brace_pairs(text: str) -> dict[int, int]:
    pairs, stack = {}, []
    for i, c in enumerate(text):
        if c == "{" and (i == 0 or text[i - 1] != "\\"):
            stack.append(i)
        elif c == "}" and (i == 0 or text[i - 1] != "\\") and stack:
            pairs[stack.pop()] = i
    return pairs


def _script_end(text: str, i: int, pairs: dict[int, int]) -> int:
    """The end of a `_{…}` / `^{…}` / `_\\text{…}` / `_x` right after position i (i if none)."""
    m = re.compile(r"\s*[_^]\s*").match(text, i)
    if m is None:
        return i
    j = m.end()
    if j < len(text) and text[j] == "{":
        return pairs.get(j, len(text) - 1) + 1
    command = re.compile(r"\\[a-zA-Z]+\s*").match(text, j)
    if command and command.end() < len(text) and text[command.end()] == "{":
        return pairs.get(command.end(), len(text) - 1) + 1
    return command.end() if command else min(j + 1, len(text))


def blank_inner_breaks(text: str) -> str:
    """`\\\\` left inside brackets is only a line break; inside a matrix it separates entries."""
    if "\\\\" not in text:
        return text
    spans = [(a, b) for a, b, _ in matrices(text)] if MATRIX_MARK_RE.search(text) else []
    return ROW_BREAK_RE.sub(lambda m: m.group(0) if any(a <= m.start() < b for a, b in spans)
                            else " " * len(m.group(0)), text)


def matrices(piece: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """(start, end, entry spans) of each top-level matrix environment; entries split at `\\\\`, `&`."""
    found, stack = [], []
    for m in MATRIX_MARK_RE.finditer(piece):
        if m.group(1) == "begin":
            stack.append(m)
        elif stack:
            opening = stack.pop()
            if not stack:
                found.append((opening.start(), m.end(), opening.end(), m.start()))
    out = []
    for a, b, inner_a, inner_b in found:
        inner = piece[inner_a:inner_b]
        depths = bracket_depths(inner)
        cuts = [(x.start(), x.end()) for x in re.finditer(r"\\\\|&", inner) if depths[x.start()] == 0]
        spans, pos = [], 0
        for c, d in cuts + [(len(inner), len(inner))]:
            if inner[pos:c].strip():
                spans.append((inner_a + pos, inner_a + c))
            pos = d
        out.append((a, b, spans))
    return out
