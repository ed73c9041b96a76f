r"""Vectors and matrices in an equation (layout.py hands a piece with a matrix environment here).

Two vectors of one size are read entry by entry: one equation per entry, every matrix blanked but
its k-th entry (offsets kept). A name written as the vector of its own components (θ = [θ_0; θ_1])
reads θ_k = θ_k; a row vector times a column vector is the sum of the entries' products; a name
given a vector of other entries (ŷ = [g(x_1 w + b); …]) is a vector the checker does not read
further; a row of vectors that continues a chain, an entry left out as ⋮ and vectors of different
sizes are not checked.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .marks import MATRIX_MARK_RE, blank_span, matrices


def components(piece: str, start: int, display: bool, mentions: bool, equations) -> list:
    """`c (\\begin{pmatrix} a_1 \\\\ a_2 \\end{pmatrix} - …) = \\begin{pmatrix} … \\end{pmatrix}`: one
    equation per entry, each with every matrix blanked but its k-th entry (offsets kept)."""
    found = matrices(piece)
    product = _row_times_column(piece, found)
    if product is not None:  # a row vector times a column vector: one number, the sum of the products
        return equations(product, start, display, mentions)
    def unread(reason: str) -> list:
        return _not_read(equations(MATRIX_MARK_RE.sub(lambda m: " " * len(m.group(0)), piece), start, display,
                                   mentions), reason)

    if re.match(r"[\s&]*=", piece) and found:  # `&= [φ_1; φ_2; ⋮]` after a row: each entry would continue
        # the entry before it, not the chain (φ_2 was refuted against φ_1)
        return unread("a row of vectors that continues a chain is not checked entry by entry")
    if _names_a_vector(piece, found):  # `\hat y = [g(x_1 w + b); …]`: read entry by entry, the first entry
        # defined ŷ and the others were refuted against it
        return unread(f"a vector of {len(found[0][2])} entries is not read as numbers")
    sizes = {len(entries) for _, _, entries in found}
    if not found or len(sizes) != 1:
        return unread("vectors or matrices of different sizes, or not closed, are not checked")
    n = sizes.pop()
    out = []
    for k in range(n):
        chars = list(piece)
        for a, b, entries in found:
            keep = entries[k]
            blank_span(chars, a, keep[0])
            blank_span(chars, keep[1], b)
            chars[a], chars[b - 1] = "(", ")"  # `c (a - b)`: the entry is one value, as in its vector
        for eq in equations("".join(chars), start, display, mentions):
            eq.reading_note = f"entry {k + 1} of {n} of the vectors"
            out.append(_its_own_component(eq))
    return out


def _not_read(whole: list, reason: str) -> list:
    """The equations of a piece with its matrices blanked, each reported with `reason`, not judged."""
    for eq in whole:
        eq.unchecked = eq.unchecked or (eq.relations[0] if eq.relations else None)
        eq.unchecked_reason = reason
    return whole


def _names_a_vector(piece: str, found) -> bool:
    """`y = \\begin{bmatrix} … \\end{bmatrix}`: a name (or its transpose) and one vector whose entries are not
    its own components (θ = [θ_0; θ_1] is read entry by entry, _its_own_component)."""
    if len(found) != 1:
        return False
    a, b, entries = found[0]
    head = re.fullmatch(r"\s*(.*?)\s*(:=|=)\s*", piece[:a].replace("&", " "), re.DOTALL)
    if head is None or piece[b:].strip(" \t\n.,;\\") or not VECTOR_NAME_RE.fullmatch(head.group(1)):
        return False
    bare = BARE_NAME_RE.fullmatch(head.group(1))
    if bare is None:
        return True
    own = re.compile(OWN_ENTRY_RE.format(re.escape(bare.group(1))))
    return not all(own.fullmatch(f"({piece[e0:e1].strip()})") for e0, e1 in entries)


def _row_times_column(piece: str, found) -> str | None:
    r"""The piece with a row vector times a column vector of the same size (`\begin{bmatrix} a & b
    \end{bmatrix} \begin{bmatrix} c \\ d \end{bmatrix}`) written as `(a) \cdot (c) + (b) \cdot (d)`, spaces keeping
    the offsets; None if there is no such pair, or the piece has other vectors."""
    if len(found) != 2:
        return None
    (a, b, row), (c, d, column) = found
    is_row = "&" in piece[a:b] and "\\\\" not in piece[a:b]
    is_column = "\\\\" in piece[c:d] and "&" not in piece[c:d]
    if not (is_row and is_column) or len(row) != len(column) or piece[b:c].strip() not in ("", "\\cdot"):
        return None
    terms = " + ".join(f"({piece[r0:r1].strip()}) \\cdot ({piece[c0:c1].strip()})"
                       for (r0, r1), (c0, c1) in zip(row, column))
    if len(terms) > d - a:
        return None
    return piece[:a] + terms.ljust(d - a) + piece[d:]


# `\theta` or `\theta^T` alone, and `(\theta_0)`: a name and one of its own components
BARE_NAME_RE = re.compile(r"\s*(\\?[A-Za-z]+)\s*(\^\s*(\{\s*)?(T|\\top|\\intercal)(\s*\})?)?\s*")
DOTS_ENTRY_RE = re.compile(r"\s*\(?\s*(\\[vcld]?dots|\\ldots|⋮|…|⋯|\.\.\.)\s*\)?\s*")
# a name a vector may be given: `y`, `\hat{y}`, `\mathbf{w}`, `\hat y_i`, `w^T`
VECTOR_NAME_RE = re.compile(r"\s*(\\(hat|bar|tilde|mathbf|boldsymbol|vec)\s*(\{\s*\\?[A-Za-z]+\s*\}|\\?[A-Za-z]+)|\\?[A-Za-z]+)"
                            r"(\s*_\s*(\{[^{}]*\}|[A-Za-z0-9]))?(\s*\^\s*(\{\s*)?(T|\\top|\\intercal)(\s*\})?)?\s*")
OWN_ENTRY_RE = r"\s*\(\s*{}\s*_\s*(\{{[^{{}}]*\}}|[A-Za-z0-9])\s*\)\s*"


def _its_own_component(eq):
    """`\\theta = \\begin{bmatrix} \\theta_0 \\\\ \\theta_1 \\end{bmatrix}`: the name written as the vector of its
    own components. Its k-th entry is θ_k, so entry k reads θ_k = θ_k (read as θ = θ_0 it was refuted)."""
    if len(eq.sides) != 2:
        return eq
    if any(DOTS_ENTRY_RE.fullmatch(side.text) for side in eq.sides):  # `x = (⋮)`: an entry left out
        eq.unchecked, eq.unchecked_reason = eq.relations[0], "an entry of the vectors left out as ⋮ is not checked"
        return eq
    for bare, entry in ((0, 1), (1, 0)):
        name = BARE_NAME_RE.fullmatch(eq.sides[bare].text)
        if name and re.fullmatch(OWN_ENTRY_RE.format(re.escape(name.group(1))), eq.sides[entry].text):
            side = eq.sides[entry]
            eq.sides[bare] = replace(side, text=side.text.strip().strip("()").strip(), start=eq.sides[bare].start)
            eq.reading_note += f" (`{name.group(1)}` written as the vector of its components)"
            break
    return eq
