r"""Definitions, claims and chains -> checks: what `dpo-proof check notes.md` says about each line.

A definition (`\delta(\phi) = …`, `u = …`, `\hat{r}_\theta(x, y) = …`) introduces a name, used
before or after it. Every other equation is a claim; `A = B = C` makes two, `A = B` and `A = C`,
and a row starting with `=` or `&=` continues the previous claim's left side. Each claim is
checked for truth against the definitions (symbolic/equality.py) and, separately, whether its
step from the previous line holds (`follows_from_previous`). A true line after a false one is
`proved`: the report points at the line where the error is.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass

from ..report import Check, Report, UsageError
from . import latex
from .compare import equal_values, undefined_functions
from .context import parse_side, split_blocks
from .layout import Equation, Side
from .markdown import Lines, find_math, normalise_newlines
from .names import definable_head, normalise_script
from .reading import read_source

MAX_CLAIMS = 400
MAX_SIDE_CHARS = 4000
MAX_DEPTH = 60
MAX_FILE_SECONDS = 120.0
SETTINGS = {"beta"}  # `\beta = 0.1` in notes sets an example value; it must not fix β everywhere
# The file's parameter: the first subscript of ∇ or π (φ, θ, …); π(y|x) with none depends on it.
PARAM_RE = re.compile(r"(\\nabla|\\pi|∇|π)\s*_\s*\{?\s*"
                      r"(\\varphi|\\phi|\\vartheta|\\theta|\\psi|\\omega|φ|ϕ|θ)")


@dataclass
class Step:
    """The previous expression of a chain, and whether the claim that stated it holds."""

    expr: object
    holds: bool | None  # None: a definition (holds by fiat) or not checked


def check_paths(paths: list[str], time_limit: float) -> Report:
    """The `check` command: every file, claim by claim. UsageError for unreadable input."""
    sources = [read_source(p) for p in paths]
    report = Report(command="check", extra={"files": [], "warnings": []})
    summaries, titles = [], []
    for name, text in sources:
        checks, warnings, summary = check_text(text, name, time_limit)
        report.extend(checks)
        report.extra["files"].append({"file": name, "summary": summary})
        report.extra["warnings"].extend(warnings)
        summaries.append(summary if len(sources) == 1 else f"{name}: {summary}")
        titles += [f"warning: {w['file']}:{w['line']}: {w['message']}" for w in warnings]
    report.title = "\n".join(["dpo-proof check " + " ".join(n for n, _ in sources)] + titles)
    report.summary = "; ".join(summaries)
    return report


def check_text(text: str, file: str, time_limit: float = 3.0):
    """(checks, warnings, summary line) for one file's text."""
    text = normalise_newlines(text)
    is_tex = file.endswith((".tex", ".ltx")) or "\\documentclass" in text or "\\begin{document}" in text
    scan = find_math(text, is_tex)
    lines = Lines(text)
    warnings = [{"file": file, "line": lines.line_col(o)[0], "cell": lines.cell(o), "message": m}
                for o, m in scan.warnings]
    if not scan.blocks and not scan.problems:
        raise UsageError(f"no math found in {file}: put equations in $$…$$, \\[…\\], $…$ "
                         "or an equation/align environment")
    run = _FileRun(text, file, lines, time_limit)
    equations = split_blocks(scan.blocks, scan.problems)
    for offset, message in scan.problems:
        run.unparsed(offset, message, "", display=True)
    if len(equations) > MAX_CLAIMS:
        run.unparsed(equations[MAX_CLAIMS].sides[0].start,
                     f"more than {MAX_CLAIMS} equations; only the first {MAX_CLAIMS} are checked", "",
                     display=True)
        equations = equations[:MAX_CLAIMS]
    run.collect_definitions(equations)
    run.table.default_param = _default_param(scan.blocks)
    for eq in equations:
        run.check_equation(eq)
    run.checks.sort(key=lambda c: (c.fields.get("cell") or 0, c.fields["line"],
                                   c.fields.get("column") or 0))
    _unique_ids(run.checks)
    return run.checks, warnings, _summary(run.checks)


def _default_param(blocks) -> str:
    for block in blocks:
        m = PARAM_RE.search(block.text)
        if m:
            return normalise_script(m.group(2))
    joined = " ".join(b.text for b in blocks)
    return "theta" if ("\\theta" in joined or "θ" in joined) and "\\phi" not in joined else "phi"


def _unique_ids(checks: list[Check]) -> None:
    seen: dict[str, int] = {}
    for c in checks:
        seen[c.id] = seen.get(c.id, 0) + 1
        if seen[c.id] > 1:
            c.id = f"{c.id}#{seen[c.id]}"


def _summary(checks: list[Check]) -> str:
    claims = [c for c in checks if c.verdict not in ("definition", "no-relation")]
    by = {v: [c.fields["line"] for c in claims if c.verdict == v] for v in ("refuted", "unparsed", "skipped")}
    hold = sum(c.verdict in ("proved", "numerically-true") for c in claims)
    parts = [f"{len(claims)} claim{'s' if len(claims) != 1 else ''}: {hold} hold"]
    for verdict in ("refuted", "unparsed", "skipped"):
        at = sorted(set(by[verdict]))
        if at:
            where = f"line{'s' if len(at) > 1 else ''} {', '.join(map(str, at))}"
            parts.append(f"{len(by[verdict])} {verdict} at {where}")
    return ", ".join(parts)


class _FileRun:
    """The state of one file's check: the symbol table, the chain, the checks so far."""

    def __init__(self, text: str, file: str, lines: Lines, time_limit: float):
        self.text, self.file, self.lines, self.time_limit = text, file, lines, time_limit
        self.table = latex.SymbolTable()
        self.checks: list[Check] = []
        self.definition_of: dict[int, tuple[str, list[str]]] = {}  # id(eq) -> (key, params)
        self.restated: set[int] = set()  # id(eq) of `\delta = …` said again: claims
        self.settings: set[int] = set()  # id(eq) of `\beta = 0.1`: values, not definitions
        self.chain_left: tuple[object, str] | None = None  # (expr or None, source)
        self.previous: Step | None = None
        self.started = time.monotonic()

    # ---------------------------------------------------------------- pass 1: definitions
    def collect_definitions(self, equations: list[Equation]) -> None:
        for eq in equations:
            if eq.unchecked or eq.continues or len(eq.sides) < 2:
                continue
            try:
                head = definable_head(self._parse(eq.sides[0]))
            except latex.LatexError:
                head = None
            if head is None:
                continue
            if head[0] in self.table.definitions:  # said again: a claim, checked against the first
                self.restated.add(id(eq))
                continue
            key, params = head
            if key in SETTINGS:
                self.settings.add(id(eq))
                continue
            body = eq.sides[1]
            line = self.lines.line_col(_side_start(body))[0]
            try:
                tree = self._parse(body)
                self.table.definitions[key] = latex.Definition(key, params, tree, line)
            except latex.LatexError as exc:
                self.table.definitions[key] = latex.Definition(key, params, None, line, exc.message)
            self.definition_of[id(eq)] = (key, params)

    # ---------------------------------------------------------------- pass 2: claims
    def check_equation(self, eq: Equation) -> None:
        if eq.unchecked:
            if eq.display:
                self._add("skipped", eq.unchecked_reason or
                          f"the relation `{eq.unchecked}` is not checked (only = is)",
                          _side_start(eq.sides[0]), eq, _source(eq.sides), follows=None)
            self.chain_left, self.previous = None, None
            return
        if not eq.relations:  # stopgap until the judge's chain.py: a step with no relation
            self._step(eq)
            return
        if id(eq) in self.settings:
            self._add("skipped", f"`{_clean(eq.sides[0].text)} = …` gives a value; the checker keeps "
                      "β a free positive constant, so the derivation is checked for every β",
                      _side_start(eq.sides[0]), eq, _source(eq.sides), follows=None)
            return
        defined = self.definition_of.get(id(eq))
        if defined is not None:
            self._definition(eq, *defined)
        elif eq.defining and id(eq) not in self.restated:
            self.unparsed(eq.sides[0].start, "the left side of a definition (:=) must be a name, "
                          "like u or \\delta(\\phi)", eq.sides[0].text, eq.display, eq)
            self.chain_left = self.previous = None
            return
        for k in range(1 if defined else 0, len(eq.relations)):
            self._claim(eq, k)

    def _step(self, eq: Equation) -> None:
        """A display that is only an expression: `= it` continuing the chain, or a step reported."""
        side = eq.sides[0]
        if eq.continues and self.chain_left is not None:
            self._claim(Equation([Side("", side.start), side], ["="], [side.start], eq.display,
                                 eq.label, continues=True), 0)
            return
        value = self._value(side, eq, report=False)
        self._add("no-relation", "a display with no relation (no =): a step on its own, not judged",
                  _side_start(side), eq, _clean(side.text), follows=None)
        self.checks[-1].ok = True
        self.chain_left = (value, side.text.strip())
        self.previous = Step(value, None) if value is not _FAILED else None

    def _definition(self, eq: Equation, key: str, params: list[str]) -> None:
        definition = self.table.definitions[key]
        start = _side_start(eq.sides[0])
        if definition.broken:
            self._value(eq.sides[1], eq, report=True)  # reports line, column and text
            self.chain_left, self.previous = (_FAILED, eq.sides[0].text), None
            return
        self._add("definition", f"defines {_clean(eq.sides[0].text)}", start, eq, _source(eq.sides[:2]),
                  follows=None)
        value = self._value(eq.sides[1], eq, report=True)
        self.chain_left = (value, eq.sides[0].text.strip())
        self.previous = Step(value, None)

    def _claim(self, eq: Equation, k: int) -> None:
        right_side = eq.sides[k + 1]
        if k == 0 and not eq.continues:
            left = self._value(eq.sides[0], eq, report=True)
            self.chain_left = (left, eq.sides[0].text.strip())
            start, step = _side_start(eq.sides[0]), None
        else:
            start, step = eq.relation_starts[k], self.previous
        source_left = self.chain_left[1] if self.chain_left else eq.sides[k].text
        source = _clean(f"{source_left} = {right_side.text}")
        right = self._value(right_side, eq, report=True)
        if right is _FAILED:
            self.previous = None
            return
        if self.chain_left is None:
            self.unparsed(eq.relation_starts[k], "this line starts with = but no equation comes "
                          "before it to continue", eq.sides[k + 1].text, eq.display, eq)
            self.previous = Step(right, None)
            return
        if self.chain_left[0] is _FAILED:
            if not (k == 0 and not eq.continues):
                self._add("skipped", "its left side could not be read (see the line above)", start, eq,
                          source, follows=None)
            self.previous = Step(right, None)
            return
        if time.monotonic() - self.started > MAX_FILE_SECONDS:
            self._add("skipped", f"the file's time budget ({MAX_FILE_SECONDS:g} s) is spent", start, eq,
                      source, follows=None)
            return
        result = equal_values(self.chain_left[0], right, self.time_limit)
        follows = self._follows(step, right, result)
        message = result.reason
        if result.verdict == "refuted" and follows and step is not None and step.holds is False:
            message += "; it follows from the line before, so the error is earlier"
        elif result.holds and follows is False and step is not None:
            message += "; true, though it does not follow from the (false) line before"
        undefined = undefined_functions(self.chain_left[0][0], right[0])
        if result.verdict == "refuted" and undefined:
            message += (f"; note: {', '.join(undefined)} is never defined in this file, so it stands "
                        "for any value")
        if eq.reading_note:
            message = f"{eq.reading_note}: {message}"
        extra = {"counterexample": result.counterexample} if result.verdict == "refuted" else {}
        self._add(result.verdict, message, start, eq, source, follows=follows, **extra)
        self.previous = Step(right, result.holds if result.verdict != "skipped" else None)

    def _follows(self, step: Step | None, right, result) -> bool | None:
        """Does the step from the previous expression of the chain to this right side hold?"""
        if step is None:  # a new chain: it leans on nothing, so it follows if it holds
            return None if not self._has_previous_claim() else result.holds
        if result.verdict == "skipped" or step.expr is _FAILED:
            return None
        if step.holds is not False:  # previous true (or a definition): the step is this claim
            return result.holds
        if result.holds:  # previous false, this true: the step from it cannot hold
            return False
        local = equal_values(step.expr, right, self.time_limit)
        return local.holds if local.verdict != "skipped" else None

    def _has_previous_claim(self) -> bool:
        return any(c.verdict != "definition" for c in self.checks)

    # ---------------------------------------------------------------- helpers
    def _parse(self, side):
        if len(side.text) > MAX_SIDE_CHARS:
            raise latex.LatexError(f"this side is {len(side.text)} characters long "
                                   f"(at most {MAX_SIDE_CHARS})", 0)
        if _depth(side.text) > MAX_DEPTH:
            raise latex.LatexError(f"brackets nested more than {MAX_DEPTH} deep", 0)
        return parse_side(side)

    def _value(self, side, eq: Equation, report: bool):
        """(expanded, opaque) values of a side: definitions substituted, and left as names."""
        try:
            tree = self._parse(side)
            full = latex.ToSympy(self.table).convert(tree)
        except latex.LatexError as exc:
            if report:
                self.unparsed(side.start + exc.pos, exc.message, side.text, eq.display, eq)
            return _FAILED
        try:
            opaque = latex.ToSympy(self.table, opaque=True).convert(tree)
        except latex.LatexError:
            opaque = full
        return full, opaque

    def unparsed(self, offset: int, message: str, source: str, display: bool, eq: Equation | None = None):
        """An `unparsed` check whose message names the line, the column and the text there."""
        offset = _first_char(self.text, offset)
        line, column = self.lines.line_col(offset)
        snippet = self.text[offset: offset + 30].split("\n")[0].strip() or "(end of the math)"
        text = f"{self.lines.where(offset)}: {message}, at `{snippet}`"
        self._add("unparsed", text, offset, eq, source.strip(), follows=None, column=column,
                  display_default=display)

    def _add(self, verdict: str, message: str, offset: int, eq: Equation | None, source: str,
             follows, display_default: bool = True, **fields) -> None:
        line = self.lines.line_col(_first_char(self.text, offset))[0]
        label = eq.label if eq is not None else None
        shown = f"{label} {message}" if label else message
        self.checks.append(Check(
            id=f"{self.file}:{line}", kind="claim", verdict=verdict, message=shown,
            fields={"file": self.file, "line": line, "cell": self.lines.cell(offset),
                    "display": eq.display if eq is not None else display_default,
                    "source": source, "label": label, "follows_from_previous": follows, **fields}))


class _Failed:
    """A side that could not be read (already reported as unparsed)."""


_FAILED = _Failed()


def _side_start(side) -> int:
    """The offset of a side's first character (structural marks in it are already blanked)."""
    return side.start + len(side.text) - len(side.text.lstrip(" \t\n&"))


def _first_char(text: str, offset: int) -> int:
    """The offset of the first non-space, non-& character at or after `offset`."""
    m = re.compile(r"[\s&]*").match(text, offset)
    return m.end() if m and m.end() < len(text) else offset


def _depth(text: str) -> int:
    depth = deepest = 0
    for c in text:
        if c in "{[(":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "}])":
            depth -= 1
    return deepest


def _source(sides) -> str:
    return _clean(" = ".join(s.text for s in sides))


def _clean(source: str) -> str:
    """A claim's LaTeX on one line, without alignment marks."""
    return re.sub(r"\s+", " ", source.replace("&", " ")).strip()
