r"""Jupyter notebooks: the Markdown cells are the derivation; code cells are not read.

nbformat reads the notebook (any version it knows, converted to v4). The Markdown cells become
one text, each cell introduced by a marker line `\f<cell index>` (a form feed cannot occur in a
cell: it is replaced by a space). markdown.py scans each cell on its own, and `Lines` turns an
offset into (cell, line within the cell, column), as Jupyter shows them.
"""
from __future__ import annotations

import json
import re

from ..report import UsageError

CELL_MARK = "\f"
CELL_RE = re.compile(r"\f(\d+)\n")


def looks_like_notebook(text: str) -> bool:
    """JSON whose top level has "cells" and "nbformat": a notebook piped in on stdin."""
    head = text.lstrip()[:1]
    if head != "{":
        return False
    try:
        data = json.loads(text)
    except ValueError:
        return False
    return isinstance(data, dict) and "cells" in data and "nbformat" in data


def notebook_text(text: str, name: str) -> str:
    """The Markdown cells of a notebook, each after its marker line `\\f<index>`."""
    import warnings

    import nbformat  # only notebooks pay for the import

    try:
        with warnings.catch_warnings():  # a cell without an id is nbformat's note, not the user's error
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(text, as_version=4)
    except Exception as exc:  # NotJSONError, validation or version errors: all are the user's file
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise UsageError(f"{name} is not a notebook nbformat can read ({reason})") from None
    parts = []
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        source = source.replace("\r\n", "\n").replace("\r", "\n").replace(CELL_MARK, " ")
        parts.append(f"{CELL_MARK}{index}\n{source}\n")
    if not parts:
        raise UsageError(f"{name} has no Markdown cells: the checker reads the derivation written "
                         "in Markdown cells, not code")
    return "".join(parts)


def cells_of(text: str) -> list[tuple[int, int, int]]:
    """(cell index, start offset of its source, end offset) for a notebook's text; [] otherwise."""
    if not text.startswith(CELL_MARK):
        return []
    marks = list(CELL_RE.finditer(text))
    return [(int(m.group(1)), m.end(), marks[i + 1].start() if i + 1 < len(marks) else len(text))
            for i, m in enumerate(marks)]
