r"""Sides that are not an expression: a set (`\mathcal{D} = \left\{(x^{(i)}, y_w^{(i)}, y_l^{(i)})\right\}`),
a tuple (`(t_1, …, t_N)^T`), a vector or matrix. layout.py marks a relation with such a side as not
checked; unchecked.py reports it, and a line that names one defines that name."""
from __future__ import annotations

import re

from .marks import bracket_depths

SIZE_RE = re.compile(r"\\(left|right|[bB]igg?[lr]?)(?![a-zA-Z])\s*")
LOST_SET_RE = re.compile(r"\{\s*\((?:[^(){}]|\{[^{}]*\}|\([^()]*\))*\)\s*\}\s*_\s*\{[^{}=]*=[^{}]*\}")


def collection_kind(side_text: str) -> str | None:
    """"a tuple", "a set", "a vector or matrix" when a side is one, else None."""
    text = side_text.replace("&", " ").strip()
    if re.search(r"\\begin\s*\{[pbvBV]?matrix\}", text):
        return "a vector or matrix"
    bare = SIZE_RE.sub("", text)  # `\left\{ … \right\}`, `\big\{ … \big\}`: the same set
    if bare.startswith("\\{") and re.search(r"\\\}(\s*[_^]\s*(\{[^{}]*\}|\w))*$", bare) \
            and re.search(r",|\||\\mid|:", bare):  # `\{1 + e^{-z}\}^{-1}`: braces as a bracket, not a set
        return "a set"
    if "," in bare and LOST_SET_RE.match(bare):
        return "a set"  # `{(i_k, j_k, y_k)}_{k=1}^N`: a set of tuples with its backslashes lost
    # (t_1, …, t_N)^T, \left( w_1, w_2 \right)^{\top}: a tuple written as a column vector
    text = re.sub(r"\s*\^\s*(\{\s*(T|\\top|\\intercal|\\mathsf\s*\{\s*T\s*\})\s*\}|T|\\top|\\intercal)$", "", text)
    text = re.sub(r"^\\left\s*(?=[(\[])|\\right\s*(?=[)\]]$)", "", text)
    if text[:1] in "([" and text[-1:] in ")]":
        inner = text[1:-1]
        depths = bracket_depths(inner)
        if any(c == "," and depths[i] == 0 for i, c in enumerate(inner)):
            return "a tuple"
    return None
