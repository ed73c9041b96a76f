r"""One file's run: the symbol table, the chain the current line continues, the checks so far.

Pass 1 collects the definitions; pass 2 judges each equation in order, every one under the line
deadline (limits.py). A chain is a left side and the right sides that continue it (`&=` rows,
relation-less displays the text continues); `follows_from_previous` is whether a line's step from
the previous right side holds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..limits import Timeout, deadline
from ..report import Check
from . import latex
from .compare import Judgement, judge
from .diagnosis import diagnose
from .freenames import is_parameter, mentions_policy
from .known import check_definition
from .limits import LineTimeout, line_seconds
from .markdown import Lines
from .names import REFERENCE_SUBSCRIPTS, definable_head, param_symbol, plain_name

MAX_SIDE_CHARS = 4000
MAX_DEPTH = 60
SETTINGS = {"beta"}  # `\beta = 0.1` in notes sets an example value; it must not fix β everywhere


@dataclass
class Value:
    """A side's sympy values (definitions expanded; defined names kept), and how it was read."""

    full: object
    opaque: object
    tree: object
    used: frozenset  # defined names it expanded
    notes: tuple  # zero gradients of constants, said in the message
    source: str

    @property
    def pair(self):
        return self.full, self.opaque


@dataclass
class Failed:
    """A side that could not be read (reported as unparsed) or built in time (skipped)."""

    reason: str = ""


FAILED = Failed()


@dataclass
class Step:
    """The previous right side of a chain, and whether the claim that stated it holds."""

    value: object  # Value or Failed
    holds: bool | None  # None: a definition (holds by fiat) or not judged
    source: str = ""


class FileRun:
    """The state of one file's check."""

    def __init__(self, text: str, file: str, lines: Lines, time_limit: float):
        self.text, self.file, self.lines, self.time_limit = text, file, lines, time_limit
        self.table = latex.SymbolTable()
        self.checks: list[Check] = []
        self.definition_of: dict[int, tuple[str, list[str]]] = {}  # id(eq) -> (key, params)
        self.restated: set[int] = set()  # id(eq) of `\delta = …` said again: claims
        self.settings: set[int] = set()  # id(eq) of `\beta = 0.1`: values, not definitions
        self.chain_left: tuple[object, str] | None = None  # (Value or Failed, source)
        self.previous: Step | None = None
        self.known: dict[str, object] = {}  # key -> known.Known, for the recognised definitions
        self.blocks_text = ""

    # ---------------------------------------------------------------- pass 1: definitions
    def collect_definitions(self, equations) -> None:
        for eq in equations:
            if eq.unchecked or eq.continues or len(eq.sides) < 2:
                continue
            try:
                tree = self._parse(eq.sides[0])
                head = definable_head(tree) or _other_policy(tree, self.table.default_param)
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
            line = self.lines.line_col(side_start(body))[0]
            written = re.sub(r"\s*\(.*\)\s*$", "", eq.sides[0].text.strip().lstrip("&").strip()) or key
            try:
                tree = self._parse(body)
                self.table.definitions[key] = latex.Definition(key, params, tree, line, head=written)
            except latex.LatexError as exc:
                self.table.definitions[key] = latex.Definition(key, params, None, line, exc.message,
                                                               head=written)
            self.definition_of[id(eq)] = (key, params)

    # ---------------------------------------------------------------- pass 2: each equation
    def check_equation(self, eq) -> None:
        added = len(self.checks)
        seconds = line_seconds(self.time_limit)
        try:
            with deadline(seconds, LineTimeout):
                self._equation(eq)
        except LineTimeout:
            self.skip_rest(eq, len(self.checks) - added,
                           f"out of time: this line took more than {seconds:g} s (4 × the time limit + 1 s)")
            self.previous = None

    def skip_rest(self, eq, added: int, reason: str) -> None:
        """`skipped` for each relation of `eq` not judged yet (out of time)."""
        starts = list(eq.relation_starts) or [side_start(eq.sides[0])]
        for k in range(added, len(starts)):
            self.add("skipped", reason, starts[k], eq, _source(eq.sides), follows=None)

    def _equation(self, eq) -> None:
        if eq.unchecked:
            if eq.display:
                self.add("skipped", f"the relation `{eq.unchecked}` is not checked (only = is), so this "
                         "line is not judged", side_start(eq.sides[0]), eq, _source(eq.sides), follows=None)
            self.chain_left, self.previous = None, None
            return
        if not eq.relations:
            self._no_relation(eq)
            return
        if id(eq) in self.settings:
            self.add("definition", f"`{_clean(eq.sides[0].text)} = …` gives a value; the checker keeps "
                     "β a free positive constant, so the derivation is checked for every β",
                     side_start(eq.sides[0]), eq, _source(eq.sides), follows=None)
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
            first = k == 0 and not eq.continues
            start = side_start(eq.sides[0]) if first else eq.relation_starts[k]
            self._claim(eq, eq.sides[k + 1], start, first)

    def _no_relation(self, eq) -> None:
        """A display that is only an expression: `= <it>` continuing the chain where the text says
        so (eq.continues), else reported, and the start of a chain the next `=` row continues."""
        side = eq.sides[0]
        if eq.continues:
            self._claim(eq, side, side_start(side), first=False)
            return
        value = self._value(side, eq, report=False)
        self.add("no-relation", "a display with no relation (no =): a step on its own, not judged",
                 side_start(side), eq, _clean(side.text), follows=None)
        self.chain_left = (value, side.text.strip())
        self.previous = Step(value, None, side.text) if isinstance(value, Value) else None

    def _definition(self, eq, key: str, params: list[str]) -> None:
        definition = self.table.definitions[key]
        start = side_start(eq.sides[0])
        if definition.broken:
            self._value(eq.sides[1], eq, report=True)  # reports line, column and text
            self.chain_left, self.previous = (FAILED, eq.sides[0].text), None
            return
        value = self._value(eq.sides[1], eq, report=True)
        found = None
        if isinstance(value, Value):  # a wrong known name inside is another line's error
            standard = self._standard(value) if value.used & set(self.table.standard) else value
            found = check_definition(key, standard or value, self.table, eq.sides[0].text)
        if found is not None:
            self.known[key] = found
        if found is not None and found.slip is not None:
            self.table.standard[key] = found.canonical
            self.add("refuted", found.message, start, eq, _source(eq.sides[:2]), follows=None,
                     diagnosis={"slip": found.slip.id, "message": found.diagnosis},
                     should_be=found.should_be)
        else:
            what = f": {found.title}" if found is not None else ""
            self.add("definition", f"defines {_clean(eq.sides[0].text)}{what}", start, eq,
                     _source(eq.sides[:2]), follows=None)
        self.chain_left = (value, eq.sides[0].text.strip())
        self.previous = Step(value, None, eq.sides[1].text)

    def _claim(self, eq, right_side, start: int, first: bool) -> None:
        if first:
            left = self._value(eq.sides[0], eq, report=True)
            self.chain_left, step = (left, eq.sides[0].text.strip()), None
        else:
            step = self.previous
        source_left = self.chain_left[1] if self.chain_left else ""
        source = _clean(f"{source_left} = {right_side.text}")
        right = self._value(right_side, eq, report=True)
        if isinstance(right, Failed):
            if right.reason:
                self.add("skipped", right.reason, start, eq, source, follows=None)
            self.previous = None
            return
        if self.chain_left is None:
            self.unparsed(start, "this line starts with = but no equation comes before it to continue",
                          right_side.text, eq.display, eq)
            self.previous = Step(right, None, right_side.text)
            return
        left = self.chain_left[0]
        if isinstance(left, Failed):
            if not first or left.reason:
                self.add("skipped", left.reason or "its left side could not be read (see the line above)",
                         start, eq, source, follows=None)
            self.previous = Step(right, None, right_side.text)
            return
        verdict = self._judge(left, right)
        follows = self._follows(step, right, verdict)
        message = verdict.message
        if verdict.verdict == "refuted" and follows and step is not None and step.holds is False:
            message += "; it follows from the line before, so the error is earlier"
        elif verdict.holds and follows is False and step is not None:
            message += "; true, though it does not follow from the (false) line before"
        notes = list(dict.fromkeys(left.notes + right.notes))
        reading = getattr(eq, "reading_note", None)
        fields = {}
        if verdict.verdict == "refuted":
            fields["counterexample"] = verdict.counterexample
            if not (follows and step is not None and step.holds is False):
                fields.update(self._diagnosis(left, right, step, follows))
                if fields.get("diagnosis"):
                    message += f"; {fields['diagnosis']['message']}"
                elif fields.get("no_slip"):
                    message += f"; {fields.pop('no_slip')}"
                if fields.get("should_be"):
                    message += f"; it should read `{fields['should_be']}`"
        message = "; ".join([message] + notes)
        if reading:
            message = f"{reading}: {message}"
        self.add(verdict.verdict, message, start, eq, source, follows=follows, **fields)
        self.previous = Step(right, verdict.decided, right_side.text)

    def _judge(self, left: Value, right: Value) -> Judgement:
        """The verdict against the author's definitions; where a line uses a known quantity the
        text defined wrongly (known.py), the standard one decides, and the message says which."""
        param = param_symbol(self.table.default_param)
        defined = self.table.defined_functions()
        verdict = judge(left.pair, right.pair, param, defined, self.time_limit)
        wrong = sorted((left.used | right.used) & set(self.table.standard))
        if not wrong or verdict.decided is None:
            return verdict
        where = ", ".join(f"`{self.known[k].name}` (line {self.known[k].line})" for k in wrong)
        if verdict.holds:
            verdict.message += f"; it rests on the definition of {where}, which is not the standard one"
            return verdict
        standard_left, standard_right = self._standard(left), self._standard(right)
        if standard_left is None or standard_right is None:
            return verdict
        again = judge(standard_left.pair, standard_right.pair, param, defined, self.time_limit)
        if again.holds:
            again.message += (f"; with the standard {self.known[wrong[0]].title} in place of the "
                              f"definition of {where} (refuted there), which as written would not give this line")
            return again
        verdict.message += f"; it also rests on the definition of {where}, which is not the standard one"
        return verdict

    def _standard(self, value: Value) -> Value | None:
        self.table.use_standard = True
        try:
            full = latex.ToSympy(self.table).convert(value.tree)
            opaque = latex.ToSympy(self.table, opaque=True).convert(value.tree)
        except latex.LatexError:
            return None
        finally:
            self.table.use_standard = False
        return Value(full, opaque, value.tree, value.used, value.notes, value.source)

    def _follows(self, step: Step | None, right: Value, verdict: Judgement) -> bool | None:
        """Does the step from the previous right side of the chain to this one hold?"""
        if step is None:  # a new chain: it leans on nothing, so it follows if it holds
            return None if not self._has_previous_claim() else verdict.decided
        if verdict.decided is None or not isinstance(step.value, Value):
            return None
        if step.holds is not False:  # previous true (or a definition): the step is this claim
            return verdict.decided
        if verdict.holds:  # previous false, this true: the step from it cannot hold
            return False
        return self._judge(step.value, right).decided

    def _diagnosis(self, left: Value, right: Value, step: Step | None, follows) -> dict:
        """Fields `diagnosis`, `should_be` (and a sentence when no slip matches), within time."""
        after_true_line = step is not None and step.holds is not False and isinstance(step.value, Value)
        correct, base = (step.value, "the previous line") if after_true_line else (left, "the left side")
        try:
            with deadline(self.time_limit):
                found = diagnose(right, correct, base, self.table, self.known,
                                 previous_source=step.source if after_true_line else None,
                                 teach=mentions_policy([left.full, right.full]))
        except Timeout:
            return {}
        return found

    def _has_previous_claim(self) -> bool:
        return any(c.verdict not in ("definition", "no-relation") for c in self.checks)

    # ---------------------------------------------------------------- helpers
    def _parse(self, side):
        if len(side.text) > MAX_SIDE_CHARS:
            raise latex.LatexError(f"this side is {len(side.text)} characters long "
                                   f"(at most {MAX_SIDE_CHARS})", 0)
        if _depth(side.text) > MAX_DEPTH:
            raise latex.LatexError(f"brackets nested more than {MAX_DEPTH} deep", 0)
        return latex.parse_tree(side.text)

    def _value(self, side, eq, report: bool):
        """A side's Value; Failed when it cannot be read (reported as unparsed when `report`) or
        built within the time limit (turning LaTeX into sympy runs under the same deadline)."""
        self.table.used, self.table.notes = set(), []
        try:
            with deadline(self.time_limit):
                tree = self._parse(side)
                full = latex.ToSympy(self.table).convert(tree)
                try:
                    opaque = latex.ToSympy(self.table, opaque=True).convert(tree)
                except latex.LatexError:
                    opaque = full
        except latex.LatexError as exc:
            if report:
                self.unparsed(side.start + exc.pos, exc.message, side.text, eq.display, eq)
            return FAILED
        except Timeout:
            return Failed(f"building `{_clean(side.text)[:40]}` in sympy took more than the time limit "
                          f"({self.time_limit:g} s), so this line is not judged")
        return Value(full, opaque, tree, frozenset(self.table.used), tuple(self.table.notes), side.text)

    def unparsed(self, offset: int, message: str, source: str, display: bool, eq=None) -> None:
        """An `unparsed` check whose message names the line, the column and the text there."""
        offset = first_char(self.text, offset)
        line, column = self.lines.line_col(offset)
        snippet = self.text[offset: offset + 30].split("\n")[0].strip() or "(end of the math)"
        text = f"line {line}, column {column}: {message}, at `{snippet}`"
        self.add("unparsed", text, offset, eq, source.strip(), follows=None, column=column,
                 display_default=display)

    def add(self, verdict: str, message: str, offset: int, eq, source: str, follows,
            display_default: bool = True, **fields) -> None:
        line = self.lines.line_col(first_char(self.text, offset))[0]
        label = eq.label if eq is not None else None
        shown = f"{label} {message}" if label else message
        self.checks.append(Check(
            id=f"{self.file}:{line}", kind="claim", verdict=verdict, message=shown,
            fields={"file": self.file, "line": line,
                    "display": eq.display if eq is not None else display_default,
                    "source": source, "label": label, "follows_from_previous": follows, **fields}))


def _other_policy(tree, param: str):
    """(key, params) for `\\pi_r(y|x) = …`: a policy other than π_θ and π_ref, which the text defines
    (the optimal policy of a reward r); π_θ itself is never defined, it is what is differentiated."""
    if getattr(tree, "data", None) != "call":
        return None
    head, args = tree.children
    name = plain_name(head)
    if name is None or name.base != "pi" or name.sub in (None, param) or name.sub in REFERENCE_SUBSCRIPTS \
            or is_parameter(param_symbol(name.sub)):
        return None
    params = [plain_name(a).key for a in args.children if plain_name(a) is not None]
    return name.key, params


def side_start(side) -> int:
    """The offset of a side's first character (structural marks in it are already blanked)."""
    return side.start + len(side.text) - len(side.text.lstrip(" \t\n&"))


def first_char(text: str, offset: int) -> int:
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

