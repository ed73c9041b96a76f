"""Checks, verdicts and reports: the one type every command produces.

Every command of the toolkit says what it found as a `Report`: an ordered list of `Check`s,
each with a verdict. One renderer prints it as a terminal table, plain text or JSON; `plain`
transliterates what it prints to ASCII where the output encoding cannot show σ.
This module imports nothing heavy (no torch, sympy or matplotlib), so `--help` stays fast.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable

KINDS = ("symbolic", "numeric", "claim", "implementation")

# Verdicts of symbolic and claim checks (docs/architecture.md lists them all, with the numeric
# ones: "match" / "mismatch" / "unstable" / "error").
SYMBOLIC_VERDICTS = ("definition", "proved", "numerically-true", "refuted", "unparsed", "skipped",
                     "undefined", "no-relation")
HOLDING_VERDICTS = ("definition", "proved", "numerically-true", "match", "no-relation")
# Not judged: never counted as holding (a report with one never exits 0). A numeric check is
# "skipped" on purpose where its method does not apply (ratio-form at extreme logits): that one holds.
NOT_JUDGED = ("unparsed", "skipped", "undefined")


class UsageError(Exception):
    """A user's mistake (bad flag, missing file, bad argument): exit code 2, no traceback."""


@dataclass
class Check:
    """One thing the toolkit checked, and what it concluded.

    `ok` is whether the check came out as it should. A step shown on purpose to fail carries
    ``expected="refuted"``: then `ok` is true exactly when the verdict is ``refuted``.
    Kind-specific fields (counterexample, policy, max_abs_error, ...) live in `fields`.
    """

    id: str
    kind: str
    verdict: str
    message: str
    ok: bool | None = None
    expected: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"check kind must be one of {KINDS}, not {self.kind!r}")
        if self.ok is None:
            self.ok = (self.verdict == self.expected) if self.expected else (
                self.verdict in HOLDING_VERDICTS or (self.verdict == "skipped" and self.kind == "numeric"))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "kind": self.kind, "ok": bool(self.ok),
            "verdict": self.verdict, "message": self.message,
        }
        if self.expected is not None:
            out["expected"] = self.expected
        for key, value in self.fields.items():
            out.setdefault(key, _jsonable(value))
        return out


@dataclass
class Report:
    """What one command found: ``{"ok", "command", "checks", ...extra}`` in JSON."""

    command: str
    checks: list[Check] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    title: str | None = None
    summary: str | None = None  # a closing line for humans; derived from the checks when None

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def extend(self, checks: Iterable[Check]) -> "Report":
        self.checks.extend(checks)
        return self

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ok": self.ok, "command": self.command,
                               "checks": [c.to_dict() for c in self.checks]}
        for key, value in self.extra.items():
            out.setdefault(key, _jsonable(value))
        return out

    def to_json(self, ascii_only: bool = False) -> str:
        """The JSON document; `ascii_only` escapes non-ASCII characters (same data, any encoding)."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=ascii_only, allow_nan=False)

    def summary_line(self) -> str:
        if self.summary:
            return self.summary
        failed = [c for c in self.checks if not c.ok]
        n = len(self.checks)
        if not failed:
            return f"{n} checks: all hold."
        return f"{n} checks: {n - len(failed)} hold, {len(failed)} fail ({', '.join(c.id for c in failed[:5])}" \
               + (", ..." if len(failed) > 5 else "") + ")."

    def by_file(self) -> dict[str, list[Check]] | None:
        """Claim checks grouped by file (for `check`), or None when the checks are not claims."""
        if not self.checks or not all("file" in c.fields and "line" in c.fields for c in self.checks):
            return None
        groups: dict[str, list[Check]] = {}
        for c in self.checks:
            groups.setdefault(str(c.fields["file"]), []).append(c)
        return groups

    def to_text(self) -> str:
        """Plain text, one line a check: for pipes, logs and NO_COLOR terminals."""
        groups = self.by_file()
        if groups is not None:
            return _claims_text(self, groups)
        lines = [self.title] if self.title else []
        width = max((len(c.id) for c in self.checks), default=0)
        for c in self.checks:
            lines.append(f"{mark(c, ascii_only=True)}  {c.id.ljust(width)}  {shown_verdict(c):<18}  {c.message}")
        lines.append(self.summary_line())
        return "\n".join(lines) + "\n"

    def print_table(self, file=None) -> None:
        """A rich table with a mark per check (terminals). rich honours NO_COLOR itself."""
        from rich.console import Console
        from rich.table import Table

        console = Console(file=file, highlight=False)
        groups = self.by_file()
        if groups is not None:  # `check`: a table per file with line, label, verdict, reason
            for name, checks in groups.items():
                table = Table(title=name, title_justify="left")
                for column in ("", "line", "label", "verdict", "reason"):
                    table.add_column(column, overflow="fold")
                for c in checks:
                    colour = "green" if c.ok else "red"
                    table.add_row(f"[{colour}]{mark(c)}[/]", str(c.fields["line"]), c.fields.get("label") or "",
                                  f"[{colour}]{shown_verdict(c)}[/]", _reason(c))
                console.print(table)
            console.print(self.summary_line(), style="green" if self.ok else "bold red")
            return
        table = Table(title=self.title, show_lines=False, title_justify="left")
        for name, style in (("", None), ("check", "bold"), ("verdict", None), ("message", None)):
            table.add_column(name, style=style, overflow="fold")
        for c in self.checks:
            colour = "green" if c.ok else "red"
            table.add_row(f"[{colour}]{mark(c)}[/]", c.id, f"[{colour}]{shown_verdict(c)}[/]", c.message)
        console.print(table)
        console.print(self.summary_line(), style="green" if self.ok else "bold red")


def _reason(check: Check) -> str:
    """A claim's message without its label in front (the label has a column of its own)."""
    label = check.fields.get("label")
    return check.message[len(label) + 1:] if label and check.message.startswith(f"{label} ") else check.message


def _claims_text(report: Report, groups: dict[str, list[Check]]) -> str:
    lines = [report.title] if report.title else []
    for name, checks in groups.items():
        lines.append(f"{name}:")
        for c in checks:
            label = c.fields.get("label") or ""
            lines.append(f"  {mark(c, ascii_only=True)}  line {c.fields['line']:<5} {label:<6} "
                         f"{shown_verdict(c):<18}  {_reason(c)}")
    lines.append(report.summary_line())
    return "\n".join(lines) + "\n"


def shown_verdict(check: Check) -> str:
    """The verdict as people read it: a wrong step refuted on purpose says so."""
    return f"{check.verdict} (expected)" if check.expected else check.verdict


def mark(check: Check, ascii_only: bool = False) -> str:
    """The mark shown before a check: ✓ it came out as it should, ✗ it did not."""
    if ascii_only:
        return "ok  " if check.ok else "FAIL"
    return "✓" if check.ok else "✗"


def _jsonable(value: Any) -> Any:
    """Plain JSON values: floats stay floats, non-finite floats become strings, numpy unwraps."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item") and callable(value.item) and getattr(value, "ndim", 1) == 0:
        value = value.item()  # numpy / torch scalars
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


# ---------------------------------------------------------------- ASCII for any output encoding

PLAIN = {
    "∇": "grad", "∂": "d", "′": "'", "″": "''", "−": "-", "·": "*", "×": "x", "÷": "/", "→": "->",
    "←": "<-", "⇒": "=>", "⇔": "<=>", "↦": "|->", "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~=", "±": "+-",
    "∞": "inf", "…": "...", "—": "--", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "✓": "ok",
    "✗": "x", "ℓ": "l", "𝟙": "1", "∑": "sum", "∏": "prod", "√": "sqrt", "∈": "in", "∼": "~", "⋅": "*",
    "\u0302": "^", "\u0303": "~", "\u00a0": " ",
}
_GREEK = re.compile(r"GREEK (SMALL|CAPITAL) LETTER (?:FINAL )?(\w+)|GREEK (?:\w+ )?(\w+) SYMBOL")
_WORD = re.compile(r"[A-Za-z]{2,}")


def plain_char(ch: str) -> str:
    """One character in ASCII: σ -> sigma, ′ -> ', ² -> ^2, ∇ -> grad; '?' for what has no spelling."""
    if ord(ch) < 128:
        return ch
    if ch in PLAIN:
        return PLAIN[ch]
    name = unicodedata.name(ch, "")
    greek = _GREEK.match(name)
    if greek:
        small, letter = greek.group(1) != "CAPITAL", (greek.group(2) or greek.group(3)).lower()
        return letter if small else letter.capitalize()
    decomposition = unicodedata.decomposition(ch)
    for tag, mark in (("<super>", "^"), ("<sub>", "_")):
        if decomposition.startswith(tag):
            return mark + plain(unicodedata.normalize("NFKD", ch))
    if unicodedata.category(ch) == "Mn":  # a combining accent: the letter before it stands alone
        return ""
    ascii_form = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
    return ascii_form or "?"


def plain(text: str) -> str:
    """`text` in ASCII, for outputs that cannot show σ: σ(−δ)∇δ -> sigma(-delta) grad delta.

    A spelled-out letter or symbol is kept apart from a letter or digit that follows it, so
    ∇π reads 'grad pi', not 'gradpi'. ASCII text comes back unchanged.
    """
    if text.isascii():
        return text
    out: list[str] = []
    pending_word = False
    for ch in text:
        piece = plain_char(ch)
        if pending_word and piece[:1].isalnum():
            out.append(" ")
        out.append(piece)
        pending_word = ord(ch) >= 128 and bool(_WORD.fullmatch(piece))
    return "".join(out)
