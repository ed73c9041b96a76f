r"""The judging of one step: against the author's definitions (naming the wrong definition of a
known quantity a line rests on, and whether it would hold with the standard one), with the standard
readings of names never defined (readings.py), whether it follows from the line before, and, when
refuted, which catalogued slip it is (diagnosis.py).

Turning LaTeX into sympy runs under the claim's time limit (`limits.deadline`), as the comparison
does: a side that cannot be built in time is `Failed` with a reason, and its line is skipped.
"""
from __future__ import annotations

import re

import sympy as sp

from ..limits import Timeout, deadline
from . import latex
from .cases import side_start
from .compare import EXAMPLE_VALUE, Judgement, judge
from .context import parse_side
from .diagnosis import diagnose
from .freenames import mentions_policy
from .layout import Side
from .logscope import log_over_product
from .scope import _numbers_only
from .names import display_name, names_in, param_symbol
from .optimal import optimal_reading
from ..symbolic.notation import to_text
from .readings import RESPONSE_REWARDS, Readings
from .values import FAILED, Failed, Step, Value, clean, constant, depth, truncated_to, written_precision

MAX_SIDE_CHARS = 4000
MAX_DEPTH = 60


BARE_PI_RE = re.compile(r"(\\pi|π)(?![a-zA-Z_^*])\s*(\\left\s*)?\(")  # π(y|x): no subscript, no star


class StepJudge(Readings):
    """What FileRun (chain.py) uses to read sides and judge steps; it holds `table`, `known`,
    `time_limit` and `checks`."""

    def _judge(self, left: Value, right: Value, notes: bool = True) -> Judgement:
        """The verdict against the author's own definitions. Where a line uses a known quantity the
        text defined wrongly (known.py), the message names that definition's line and says whether
        the line would hold with the standard one (`rests_on`: the fields the check carries)."""
        if constant(left.full) and constant(right.full):
            return self._judge_numbers(left, right)
        param = param_symbol(self.table.default_param)
        verdict = judge(left.pair, right.pair, param, self.table.defined_functions(), self.time_limit,
                        written=f"{left.source} = {right.source}", left_written=left.source,
                        left_made_of=self._made_of(left), through=self._through(left, right))
        if (verdict.verdict == "refuted" or verdict.message.startswith(EXAMPLE_VALUE)) and verdict.undefined \
                and _numbers_only(right.source) \
                and not mentions_policy([left.full]) and not left.used:  # OH = (5 + 2 − 3)/2 + 1
            return Judgement("definition", f"gives {', '.join(f'`{n}`' for n in verdict.undefined)} a value "
                             "in numbers: an equation in names this text never defines, not an identity, "
                             "so it is taken as given")
        if verdict.decided is not True:
            per_pair = self._per_pair(left, right)
            if per_pair is not None:
                return per_pair
        if verdict.verdict == "undefined":
            # r_w, r_l as the rewards at y_w, y_l first, alone; then every standard reading
            for rewards_only in ((True, False) if set(verdict.undefined) & set(RESPONSE_REWARDS) else (False,)):
                read = self._install_readings(left, right, verdict.undefined, rewards_only)
                found = self._judge_read(*read, notes=notes) if read is not None else None
                if found is not None and not found.holds and read[3]:
                    found = None  # a reading that may only confirm (r*): the line stays undefined
                if found is not None:
                    return found  # the readings stay in the symbol table until the claim is reported
                self.drop_readings()
            verdict.message += self._alike(verdict.undefined)
        if verdict.verdict in ("refuted", "undefined"):
            verdict = self._log_widened(left, right, param) or verdict
        if verdict.verdict == "refuted":
            verdict = self._with_optimal_policy(left, right, param) or verdict
        return self._on_wrong_definitions(verdict, left, right) if notes else verdict

    def _step_alone(self, previous: Value, right: Value, why: str, refutes: bool = False) -> Judgement | None:
        """A row not judged against the chain's start (`why`: names it never defines, a start that could not
        be read, a chain that starts `0 = …`, a condition being solved) that equals the row before it: that
        step holds, and is proved as a step. With `refutes`, a step refuted on its own is refuted too: the
        chain claims each row equals the one before. None where neither."""
        step = self._judge(previous, right, notes=False)
        if step.holds:
            return Judgement(step.verdict, f"{step.message}: the step from the line before holds ({why})")
        if refutes and step.verdict == "refuted" and not step.undefined:  # names never defined: not judged
            return Judgement("refuted", f"{step.message}: this row does not equal the line before ({why})",
                             step.counterexample, step.undefined)
        return None

    def _made_of(self, side: Value) -> frozenset:
        """The names a side's plain defined names stand for (z = θx + b: θ, x, b): variables of it too."""
        plain = [k for k in side.used if k in self.table.definitions and not self.table.definitions[k].params]
        return frozenset(s.name for s in side.full.free_symbols) if plain else frozenset()

    def _undoes_error(self, step: Step, right: Value, verdict: Judgement) -> tuple[Judgement | None, Judgement | None]:
        """A row equal to the chain's start after a row that was not (`a = b = c` with b ≠ a, c = a), or
        after a row judged only as a step: the chain also claims c = b. Refuted when that step is, with
        the line before as what it should equal. Each row of a chain is a claim of its own.
        (the refutation or None, the step from the line before as judged, for `_follows`, or None)"""
        if not verdict.holds or step is None or not isinstance(step.value, Value) \
                or not (step.holds is False or step.alone):
            return None, None
        direct = self._judge(step.value, right, notes=False)
        if direct.verdict != "refuted" or not set(direct.undefined) <= set(verdict.undefined):
            return None, direct  # a name the start did without: the step is not judged as an identity in it
        why = ("it equals the chain's start, so it undoes the error of the line before rather than following "
               "from it" if step.holds is False else "it equals the chain's start, so an earlier row that was "
               "not judged is wrong, or this one")
        return Judgement("refuted", f"{direct.message}: this row does not equal the line before; {why}",
                         direct.counterexample, direct.undefined), direct

    def _with_optimal_policy(self, left: Value, right: Value, param) -> Judgement | None:
        """A refuted line that holds with π* the optimal policy of its reward (optimal.py): proved,
        and said so. The reading only ever confirms."""
        read = optimal_reading([left.pair, right.pair], bare=BARE_PI_RE.search(left.source + right.source) is not None)
        if read is None:
            return None
        (l, r), said = read
        found = judge(l, r, param, self.table.defined_functions(), self.time_limit)
        return Judgement("proved", f"{said}: {found.message}") if found.holds else None

    def _log_widened(self, left: Value, right: Value, param) -> Judgement | None:
        r"""A refuted line that holds with `\log a \cdot b` read as log(ab) on a side (logscope.py):
        proved, and said so. The reading only ever confirms."""
        sides = [left, right]
        for k, side in enumerate(sides):
            text = log_over_product(side.source)
            widened = self._value(Side(text, 0), None, report=False) if text is not None else None
            if not isinstance(widened, Value):
                continue
            found = judge(*(widened.pair if j == k else sides[j].pair for j in (0, 1)), param,
                          self.table.defined_functions(), self.time_limit)
            if found.holds:
                return Judgement(found.verdict, f"{found.message}, reading the `\\log` before a product or "
                                 "quotient as the log of all of it (log(a·b), not log(a)·b); brackets would "
                                 "say so")
        return None

    def _on_wrong_definitions(self, verdict: Judgement, left: Value, right: Value) -> Judgement:
        param = param_symbol(self.table.default_param)
        defined = self.table.defined_functions()
        wrong = sorted((left.used | right.used) & set(self.table.standard))
        if not wrong:
            return verdict
        where = ", ".join(f"`{self.known[k].name}` (line {self.known[k].line})" for k in wrong)
        standard_left, standard_right = self._standard(left), self._standard(right)
        with_standard = None
        if standard_left is not None and standard_right is not None:
            with_standard = judge(standard_left.pair, standard_right.pair, param, defined,
                                  self.time_limit).decided
        title = self.known[wrong[0]].title
        verdict.message += (f"; it rests on the definition of {where}, which is not the standard one"
                            + {True: f": with the standard {title} this line would hold",
                               False: f": with the standard {title} it would not hold either",
                               None: ""}[with_standard])
        verdict.rests_on = {"line": self.known[wrong[0]].line, "holds_with_standard": with_standard}
        return verdict

    def _through(self, left: Value, right: Value) -> frozenset:
        """The names in the bodies of the definitions a line uses (π_r in r = β log π_r/π_ref)."""
        bodies = [self.table.definitions.get(key) for key in left.used | right.used]
        return frozenset(name for d in bodies if d is not None and d.tree is not None for name in names_in(d.tree))

    def _alike(self, names) -> str:
        """`r_θ` never defined, but `r` is (line 13): perhaps the same quantity written two ways."""
        hints = []
        for name in names:
            for key, definition in self.table.definitions.items():
                shown = display_name(key)
                if shown != name and shown.split("_")[0].rstrip("̂̃̄") == name.split("_")[0].rstrip("̂̃̄"):
                    hints.append(f"the text defines `{shown}` (line {definition.line}); if `{name}` is the "
                                 "same quantity, write it the same way")
        return "".join(f"; {h}" for h in dict.fromkeys(hints))

    def _judge_numbers(self, left: Value, right: Value) -> Judgement:
        """Numbers against numbers, to the precision the text writes the result (−log 0.714 = 0.337:
        three decimals, so within 0.001); exact where it writes no decimals."""
        if {left.full, right.full} & {sp.oo, -sp.oo}:  # lim_{p → 1−0} logit(p) = ∞: infinities compare as written
            same = left.full == right.full
            shown = [{sp.oo: "∞", -sp.oo: "−∞"}.get(v, to_text(v)) for v in (left.full, right.full)]
            return Judgement("proved" if same else "refuted", f"left side {shown[0]}, right side {shown[1]}")
        precision = written_precision(left, right)
        exact = [sp.N(v, 30) for v in (left.full, right.full)]
        if not precision or not all(e.is_number and e.is_finite and e.is_real for e in exact):
            return judge(left.pair, right.pair, param_symbol(self.table.default_param), set(), self.time_limit)
        a, b = (float(e) for e in exact)
        if abs(a - b) <= precision:
            return Judgement("numerically-true", f"{a:.6g} and {b:.6g} agree to the precision written ({precision:g})")
        if truncated_to(a, b, right.source):
            return Judgement("numerically-true", f"{b:.6g} is {a:.6g} with its digits cut (truncated, not rounded)")
        return Judgement("refuted", f"left side {a:.6g}, right side {b:.6g}: they differ by more than the "
                         f"precision written ({precision:g})", {"at": {}, "lhs": a, "rhs": b})

    def _standard(self, value: Value) -> Value | None:
        """`value` with the standard definition of every known quantity the text defined wrongly
        (remembered per side: a chain's left side is asked again on every row)."""
        memo = self.__dict__.setdefault("_standard_memo", {})
        key = (id(value), id(self.table.definitions))
        if key not in memo:
            memo[key] = (value, self._standard_value(value))
        return memo[key][1]

    def _standard_value(self, value: Value) -> Value | None:
        self.table.use_standard = True
        try:
            full = latex.ToSympy(self.table).convert(value.tree)
            opaque = latex.ToSympy(self.table, opaque=True).convert(value.tree)
        except latex.LatexError:
            return None
        finally:
            self.table.use_standard = False
        return Value(full, opaque, value.tree, value.used, value.notes, value.source)

    def _follows(self, step: Step | None, right: Value, verdict: Judgement,
                 direct: Judgement | None = None) -> bool | None:
        """Does the step from the previous right side of the chain to this one hold? `direct`: that step
        already judged (by `_undoes_error`), not judged again."""
        if step is None:  # a new chain: it leans on nothing, so it follows if it holds
            return None if not self._has_previous_claim() else verdict.decided
        if verdict.decided is None or not isinstance(step.value, Value):
            return None
        if step.holds is not False:  # previous true (or a definition): the step is this claim
            return verdict.decided
        # previous false: judged from it (it may be false as a step only, its value the start's)
        return (direct or self._judge(step.value, right, notes=False)).decided

    def _diagnosis(self, left: Value, right: Value, step: Step | None, follows) -> dict:
        """Fields `diagnosis`, `should_be` (and a sentence when no slip matches), within time."""
        after_true_line = step is not None and step.holds is True and isinstance(step.value, Value)
        correct, base = (step.value, "the previous line") if after_true_line else (left, "the left side")
        if not after_true_line and left.used & set(self.table.standard):
            correct = self._standard(left) or correct  # a slip is a slip away from the standard quantity
        try:
            with deadline(self.time_limit):
                numbers = constant(correct.full) and constant(right.full)
                found = diagnose(right, correct, base, self.table, self.known,
                                 tolerance=written_precision(correct, right) if numbers else 0.0,
                                 previous_source=step.source if after_true_line else None,
                                 teach=mentions_policy([left.full, right.full]))
        except Timeout:
            return {}
        return found

    def _has_previous_claim(self) -> bool:
        return any(c.verdict not in ("definition", "no-relation") for c in self.checks)

    def _parse(self, side):
        if len(side.text) > MAX_SIDE_CHARS:
            raise latex.LatexError(f"this side is {len(side.text)} characters long "
                                   f"(at most {MAX_SIDE_CHARS})", 0)
        if depth(side.text) > MAX_DEPTH:
            raise latex.LatexError(f"brackets nested more than {MAX_DEPTH} deep", 0)
        return parse_side(side)

    def _value(self, side, eq, report: bool, shadow: frozenset = frozenset()):
        """A side's Value; Failed when it cannot be read (reported as unparsed when `report`) or
        built within the time limit (turning LaTeX into sympy runs under the same deadline)."""
        self.table.used, self.table.notes = set(), []
        try:
            with deadline(self.time_limit):
                tree = self._parse(side)
                full = latex.ToSympy(self.table, shadow=shadow).convert(tree)
                try:
                    opaque = latex.ToSympy(self.table, opaque=True, shadow=shadow).convert(tree)
                except latex.LatexError:
                    opaque = full
        except latex.LatexError as exc:
            if report:
                # an error at no place in particular (pos 0) stands where the side's text begins, past blanked marks
                at = side.start + exc.pos if exc.pos else side_start(side)
                self.unparsed(at, exc.message, side.text, eq.display, eq)
            return FAILED
        except Timeout:
            return Failed(f"building `{clean(side.text)[:40]}` in sympy took more than the time limit "
                          f"({self.time_limit:g} s), so this line is not judged")
        return Value(full, opaque, tree, frozenset(self.table.used), tuple(self.table.notes), side.text)
