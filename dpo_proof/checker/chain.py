r"""One file's run: the symbol table, the chain the current line continues, the checks so far.

Pass 1 collects the definitions (scope.py); pass 2 judges each equation in order, every one under
the line deadline (limits.py). A chain is a left side and the right sides that continue it (`&=`
rows, relation-less displays the text continues); `follows_from_previous` is whether a line's step
from the previous right side holds. What a line may continue besides is continuations.py's.
"""
from __future__ import annotations

from dataclasses import replace

import sympy as sp

from ..limits import deadline
from ..report import Check
from .chainrule import DERIVATIVE_START_RE, chain_rule
from .compare import Judgement
from .continuations import Continuations, data_mean
from .diagnosis import EXPECTATION_RE
from .known import check_definition, kl_written_as_log_ratio, maximised_objective
from .limits import LineTimeout, line_seconds
from .markdown import Lines
from .cautions import Cautions
from .redefinitions import Redefinitions
from .suppositions import Suppositions
from .unchecked import Unchecked
from .cases import side_start
from .marks import BY_CASES_RE
from .scope import Scope, first_char
from .signs import Signs, sign_condition
from .steps import StepJudge
from .values import FAILED, Failed, Step, Value, clean as _clean, sides_source
from .symbols import SymbolTable
from .worked import WorkedExamples


class FileRun(Scope, Continuations, WorkedExamples, StepJudge, Cautions, Unchecked, Suppositions, Redefinitions,
              Signs):
    """The state of one file's check."""

    def __init__(self, text: str, file: str, lines: Lines, time_limit: float):
        self.text, self.file, self.lines, self.time_limit = text, file, lines, time_limit
        self.table = SymbolTable(text=text)
        self.checks: list[Check] = []
        self.places: list[int] = []  # where each check stands in the text: the report keeps text order
        self.definition_of: dict[int, tuple[str, list[str]]] = {}  # id(eq) -> (key, params)
        self.restated: set[int] = set()  # id(eq) of `\delta = …` said again: claims
        self.shadow_of: dict[int, frozenset] = {}  # id(eq) of a restated `D(P‖Q) = …` -> P, Q
        self.settings: set[int] = set()  # id(eq) of `\beta = 0.1`: values, not definitions
        self.by_cases: set[int] = set()  # id(eq) of a definition by cases (not read: conditions are not)
        self.chain_left: tuple[object, str] | None = None  # (Value or Failed, source)
        self.definition_left: tuple[object, str] | None = None  # chain_left when a definition set it
        self.previous: Step | None = None
        self.known: dict[str, object] = {}  # key -> known.Known, for the recognised definitions
        self.examples = False  # the text gave example values (β = 1, π = …): numbers follow
        self.examples_until = 0  # where the section that gave them ends (scope.py forgets them there)
        self.example_values: dict = {}  # β, π_θ(y_w|x) -> example values, put in where numbers need them
        self.earlier_values: dict = {}  # example values of sections that ended, for a number quoted again
        self.example_names: dict = {}  # u(θ) -> the value a worked example gives a name the text defined
        self.blocks_text = ""
        self.everything: list = []  # every definition in the file; table.definitions holds those in scope
        self.equation_index = 0
        self.conditions: list = []  # ((left, right), offset) of the last lines that were not identities
        self.chains: list = []  # the last chains begun ((value, source), line): what `$= …$` in prose may continue
        self.supposed: tuple[int, int] | None = None  # (end offset, line) of a supposition π_θ = π_ref
        self.sign: tuple[str, int] | None = None  # `x<0 时：` before the current display (signs.py)
        self.condition_out_of_time = False  # the last search for a premise the line follows from ran out of time

    # ---------------------------------------------------------------- pass 1: definitions

    def check_equation(self, eq) -> None:
        """Judge `eq` within the line deadline. A claim in prose ($σ′ = σ(1−σ)$, "using …") does not
        break the chain of displays around it: the next `= …` display continues the display before."""
        self.equation_index += 1
        aside = eq.aside or not eq.display and not eq.continues and not self._alone_on_its_line(eq)
        chain = (self.chain_left, self.previous)
        self._judge_equation(eq)
        if aside and chain[0] is not None:
            self.chain_left, self.previous = chain
        elif self.chain_left is not None and self.chain_left is not chain[0]:
            self.chains = (self.chains + [(self.chain_left, self.lines.line_col(side_start(eq.sides[0]))[0])])[-4:]

    def _judge_equation(self, eq) -> None:
        added = len(self.checks)
        self.drop_readings()
        self._scope(side_start(eq.sides[0]))
        seconds = line_seconds(self.time_limit)
        try:
            with deadline(seconds, LineTimeout):
                self._equation(eq)
        except LineTimeout:
            self.skip_rest(eq, len(self.checks) - added,
                           f"out of time: this line took more than {seconds:g} s (4 × the time limit + 1 s)")
            self.previous = None
        except (Exception, RecursionError) as exc:  # sympy on exotic input: a verdict, never a traceback
            self.skip_rest(eq, len(self.checks) - added,
                           f"the checker could not judge this line ({type(exc).__name__}: {exc})"[:200])
            self.previous = None

    def skip_rest(self, eq, added: int, reason: str) -> None:
        """`skipped` for each relation of `eq` not judged yet (out of time)."""
        starts = list(eq.relation_starts) or [side_start(eq.sides[0])]
        for k in range(added, len(starts)):
            self.add("skipped", reason, starts[k], eq, sides_source(eq.sides), follows=None)

    def _equation(self, eq) -> None:
        if eq.first_in_block and eq.sides:
            start = side_start(eq.sides[0])
            self.sign = sign_condition(self.text[max(0, start - 160):start]) if eq.display else None
        if eq.unchecked:
            self.report_unchecked(eq)
            self.chain_left, self.previous = None, None
            return
        if not eq.relations:
            self._no_relation(eq)
            return
        if self.report_policy_form(eq):
            return
        if self._not_an_equation(eq):
            return
        defined = self.definition_of.get(id(eq))
        if defined is None and self._premise(eq):
            return
        if defined is not None:
            self._definition(eq, *defined)
        elif eq.defining and id(eq) not in self.restated and eq.relations[0] != "\\equiv":  # A ≡ 0: an identity
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
        value = self._value(eq.sides[1], eq, report=True, shadow=frozenset(params))
        found = None
        if isinstance(value, Value):  # a wrong known name inside is another line's error
            standard = self._standard(value) if value.used & set(self.table.standard) else value
            found = check_definition(key, standard or value, self.table, eq.sides[0].text)
        objective = maximised_objective(found, self.text, start)
        if objective:  # "the maximum-likelihood objective is L = E[log σ(δ)]": to maximise, so no minus
            found = None
        if found is not None:
            self.known[key] = found
        kl = kl_written_as_log_ratio(key, value) if isinstance(value, Value) and found is None else None
        if kl is not None:
            self.add("refuted", kl, start, eq, sides_source(eq.sides[:2]), follows=None,
                     should_be=rf"{_clean(eq.sides[0].text)} = \mathbb{{E}}_{{y \sim \pi_\theta}}\left["
                               rf"{_clean(eq.sides[1].text)}\right]")
        elif found is not None and found.slip is not None:
            self.table.standard[key] = found.canonical
            self.add("refuted", found.message, start, eq, sides_source(eq.sides[:2]), follows=None,
                     diagnosis={"slip": found.slip.id, "message": found.diagnosis},
                     should_be=found.should_be)
        else:
            what = f": {found.title}" if found is not None else \
                ": an objective to maximise (the DPO loss is its negative), as the text before it says" if objective else ""
            self.add("definition", f"defines {_clean(eq.sides[0].text)}{what}", start, eq,
                     sides_source(eq.sides[:2]), follows=None)
        if params:  # `f(r; π_ref, β) = … = …`: the chain goes on with the file's r, not a free one
            applied = self._value(eq.sides[0], eq, report=False)
            value = applied if isinstance(applied, Value) else value
        self.chain_left = self.definition_left = (value, eq.sides[0].text.strip())
        self.previous = Step(value, None, eq.sides[1].text)

    def _claim(self, eq, right_side, start: int, first: bool) -> None:
        shadow = self.shadow_of.get(id(eq), frozenset())
        if first:
            left = self._value(eq.sides[0], eq, report=True, shadow=shadow)
            self.chain_left, step = (left, eq.sides[0].text.strip()), None
        else:
            step = self.previous
        source_left = self.chain_left[1] if self.chain_left else ""
        source = _clean(f"{source_left} = {right_side.text}")
        right = self._value(right_side, eq, report=True, shadow=shadow)
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
            # `A = B = C`, A not read: B = C is still a step that holds. Not refuted on its own: where the
            # start is in notation not read, the rows after it lean on more than they write
            alone = self._step_alone(step.value, right, "the chain's start could not be read, see the line above") \
                if not first and step is not None and isinstance(step.value, Value) and not left.reason else None
            if alone is not None:
                self.add(alone.verdict, alone.message, start, eq, source, follows=True)
            elif not first or left.reason:
                self.add("skipped", left.reason or "its left side could not be read (see the line above)",
                         start, eq, source, follows=None)
            self.previous = Step(right, True if alone is not None else None, right_side.text)
            return
        if first and self._supposes_reference(eq, left, right, start, source):
            self.chain_left = self.previous = None
            return
        left, right = self._under_supposition(left, start), self._under_supposition(right, start)
        done, left, step = self._numbers_put_in(eq, left, right, right_side, step, (start, source, first))
        if done:
            return
        verdict = self._judge(left, right)
        if verdict.verdict == "refuted" and not first and step is None and verdict.undefined and not left.used \
                and not left.full.atoms(sp.Function):
            # `ℓℓ = \log(ℒ) = y\log θ + …`, the middle not read: it may be what defines the start's names
            verdict = Judgement("skipped", "the row before could not be read, and the chain's start is made of "
                                "names this text never defines, which that row may define: not judged against it")
        if not verdict.holds and (rule := chain_rule(source_left, right_side.text)):
            verdict = Judgement("proved", rule)  # ∂L/∂z = ∂L/∂a ∂a/∂z: read from the text, not evaluated
        after_definition = self.chain_left is self.definition_left  # `Z = …, π* = …` then `$$= KL(π‖π*) − log Z$$`
        if verdict.verdict == "refuted" and not first and (not eq.display or after_definition):
            left, verdict = self._earlier_chain(left, right, verdict)
        if verdict.verdict == "refuted":
            verdict = (self._at_example(left, right) if self.examples else None) \
                or self._quoted_again(left, right) or self._dropped_optimum(eq, right) \
                or self._bare_mean_under_policy(left, right) \
                or self._on_the_said_side(left, right, verdict) or verdict
        as_written = verdict.verdict == "refuted" and first and eq.display and eq.sides[0].reading == ("derivative",) \
            and self._as_written(eq, right, shadow)
        if as_written:  # "先求 Sigmoid 的导数：" then a display σ(z) = 1/(1 + e^{−z}): the function, restated
            # (inline, "the derivative of $σ(x) = …$" makes the math the object of "of": read so)
            verdict = as_written
        if verdict.verdict == "refuted" and self._a_condition(eq, left, right):
            verdict = Judgement("definition", "a condition the sentence supposes (\"if …\", \"when …\", a case "
                                "named in brackets, an optimum's condition or its solution), not a claim: it "
                                "does not hold for every value, and is taken as given there")
        if verdict.verdict == "refuted" and BY_CASES_RE.search(self.text, right_side.start,
                                                                right_side.start + len(right_side.text)):
            verdict = Judgement("skipped", "its right side is a definition by cases: the first case's value is "
                                "read, which holds only under that case's condition, and the checker does not "
                                "read conditions, so the line is not judged (a true line is still proved)")
        if verdict.verdict == "refuted" and not first and step is not None and step.holds \
                and right.full == 0 and DERIVATIVE_START_RE.search(source_left):
            verdict = Judgement("definition", "sets the derivative to 0, a condition for an optimum that the "
                                "text goes on to solve (not an identity): taken as given")
        stepped = not first and step is not None and isinstance(step.value, Value) and (
            verdict.verdict == "undefined" or verdict.verdict == "refuted" and left.full == 0)
        if stepped:  # `0 = …` set to zero: a condition being solved, row by row
            alone = self._step_alone(step.value, right, "the chain's start is an equation set to 0, a condition"
                                     if verdict.verdict == "refuted" else
                                     f"the chain's start is not judged: {verdict.message.split(':')[0]}",
                                     refutes=verdict.verdict == "undefined")
            verdict, stepped = alone or verdict, alone is not None
            if stepped and verdict.verdict == "refuted":
                left = step.value  # the step is what failed: diagnosed against the line before
        undone, direct = (None, None) if stepped or first else self._undoes_error(step, right, verdict)
        if undone is not None:  # `a = b = c`, b ≠ a, c = a: the claim c = b is refuted, against b
            verdict, left = undone, step.value
        condition = verdict.decided is not True and not self._carried(step, verdict)
        if condition:
            verdict = self._from_condition(left, right, start) or self._concluded(left, right, start, verdict) or verdict
            if self.condition_out_of_time and verdict.decided is not True:  # the verdict a faster machine may not give
                verdict = replace(verdict, message=f"{verdict.message}; whether it follows from the equation before "
                                  "could not be shown: out of time")
        follows = (verdict.decided if stepped else False if undone is not None
                   else self._follows(step, right, verdict, direct))
        if verdict.holds and not first and step is not None and data_mean(step.source) \
                and not EXPECTATION_RE.search(right_side.text):
            verdict = Judgement("refuted", "the expectation over the data is gone: the line before is a mean "
                                "over (x, y_w, y_l), this one the loss of a single pair, so it holds for one "
                                "sample only; keep \\mathbb{E}[…] or say that this is the loss of one pair")
        message = verdict.message + (self._resting_on(left, right, verdict.message) if verdict.verdict == "refuted" else "")
        if verdict.verdict == "refuted" and follows and step is not None and step.holds is False:
            message += "; it follows from the line before, so the error is earlier"
        elif verdict.holds and follows is False and step is not None:
            message += "; true, though it does not follow from the (false) line before"
        notes = list(dict.fromkeys(left.notes + right.notes))
        reading = None if as_written else getattr(eq, "reading_note", None)
        fields = {}
        if verdict.rests_on is not None:
            fields["rests_on_wrong_definition"] = verdict.rests_on["line"]
        only_the_definition = bool(verdict.rests_on and verdict.rests_on["holds_with_standard"])
        again = None
        if verdict.verdict == "refuted":
            fields["counterexample"] = verdict.counterexample
            if not (follows and step is not None and step.holds is False) and not only_the_definition:
                fields.update(self._diagnosis(left, right, step, follows))
                if fields.get("diagnosis"):
                    message += f"; {fields['diagnosis']['message']}"
                elif fields.get("no_slip"):
                    message += f"; {fields.pop('no_slip')}"
                if fields.get("should_be"):
                    message += f"; it should read `{fields['should_be']}`"
            again = self._said_again(eq, Judgement(verdict.verdict, message, verdict.counterexample,
                                                   verdict.undefined), fields) if first else None
            if again is not None:  # `g(z) = tanh(z)` after `g(z) = σ(z)`: restated wrongly, or redefined?
                verdict, message, fields = again, again.message, {}
        message = "; ".join([message] + notes)
        if reading:
            message = f"{reading}: {message}"
        self.add(verdict.verdict, message, start, eq, source, follows=follows, **fields)
        self.drop_readings()
        if condition or stepped:  # not an identity (`0 = …` row by row too): the lines after may follow from it
            self._remember_condition(left, right, start)
        self.previous = Step(right, verdict.decided, right_side.text, alone=stepped)
        if again is not None:  # the rows after follow from this formula, whichever the definition is
            self.chain_left = (right, right_side.text.strip())

    def unparsed(self, offset: int, message: str, source: str, display: bool, eq=None) -> None:
        """An `unparsed` check whose message names the line, the column and the text there."""
        offset = first_char(self.text, offset)
        line, column = self.lines.line_col(offset)
        snippet = self.text[offset: offset + 30].split("\n")[0].strip() or "(end of the math)"
        text = f"{self.lines.where(offset)}: {message}, at `{snippet}`"
        self.add("unparsed", text, offset, eq, source.strip(), follows=None, column=column,
                 display_default=display)

    def add(self, verdict: str, message: str, offset: int, eq, source: str, follows,
            display_default: bool = True, **fields) -> None:
        line = self.lines.line_col(first_char(self.text, offset))[0]
        caution = self.caution(offset, eq, fields) if verdict == "refuted" else None
        if caution is not None:
            verdict, fields, message = "skipped", {}, caution
        label = eq.label if eq is not None else None
        shown = f"{label} {message}" if label else message
        self.places.append(first_char(self.text, offset))
        self.checks.append(Check(
            id=f"{self.file}:{line}", kind="claim", verdict=verdict, message=shown,
            fields={"file": self.file, "line": line, "cell": self.lines.cell(offset),
                    "display": eq.display if eq is not None else display_default,
                    "source": source, "label": label, "follows_from_previous": follows, **fields}))

