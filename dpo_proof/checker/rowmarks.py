r"""What stands at the end of a row of math beside its relations: its label (`\tag{2}`, a trailing `(2)`,
a tag column `& (2)`) and a note in a last column of words (`& \text{代入公式}`). Both are blanked with
spaces, so offsets stay those of the file (layout.py splits what is left).
"""
from __future__ import annotations

import re

from .marks import bracket_depths
from .markdown import _blank

TAG_RE = re.compile(r"\\tag\*?\s*\{([^{}]*)\}")
TAG_NUMBER = r"\((\d+[a-z]?)(\s*\\text\s*\{\s*\*\s*\}|\*|')?\)"
# `… = b  (2)` at the end of a row: a tag, not a product (nobody multiplies by (2) after a space,
# nor writes `E[…](1)` or `\exp(…)(8)` for a product with a number).
TRAILING_TAG_RE = re.compile(r"(\s|\\[,;: ]|\\q?quad|(?<=[\]})]))\s*" + TAG_NUMBER + r"\s*$")
ALONE_TAG_RE = re.compile(r"(\n|\s{2,}|\\q?quad)\s*" + TAG_NUMBER + r"\s*$")
NOTE_RE = re.compile(r"\s*\\(text|mbox|textrm|hbox|textnormal)\s*\{")


def labels(row: str, block_label: str | None) -> tuple[str | None, str]:
    """The row's label (`\\tag{2}`, a trailing `(2)`), and the row with it blanked."""
    label = block_label
    for m in list(TAG_RE.finditer(row)):
        label = f"({m.group(1).strip()})"
        row = _blank(row, m.start(), m.end())
    tail_start = max(len(row.rstrip(" \t\n.,;")) - 60, 0)
    tail = row[tail_start:].rstrip(" \t\n.,;")
    m = ALONE_TAG_RE.search(tail) or TRAILING_TAG_RE.search(tail)
    before = row[: tail_start + m.start()] if m else ""
    if m and (m.re is ALONE_TAG_RE or "=" in before or before.rstrip().endswith("&")):  # `… & (2)`: a tag column
        label = f"({m.group(2)}{'*' if m.group(3) else ''})"
        row = _blank(row, tail_start + m.start(), tail_start + m.end())
    return label, row


def note_column(row: str) -> str:
    r"""`= & \max … & \text{引入}Z(x)`: words in a last column of their own are a note on the row."""
    depths = bracket_depths(row)
    columns = [i for i, c in enumerate(row) if c == "&" and depths[i] == 0 and (i == 0 or row[i - 1] != "\\")]
    if len(columns) >= 2 and NOTE_RE.match(row, columns[-1] + 1) and "=" not in row[columns[-1]:]:
        return _blank(row, columns[-1], len(row))
    return row
