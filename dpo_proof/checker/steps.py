r"""The values of a line's sides and the judging of one step: against the author's definitions
(and the standard ones where the text defined a known quantity wrongly), whether it follows from
the line before, and, when refuted, which catalogued slip it is (diagnosis.py).

Turning LaTeX into sympy runs under the claim's time limit (`limits.deadline`), as the comparison
does: a side that cannot be built in time is `Failed` with a reason, and its line is skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp
from sympy.core.function import AppliedUndef

from ..limits import Timeout, deadline
from . import latex
from .compare import Judgement, judge
from .diagnosis import diagnose
from .freenames import is_parameter, is_reward, mentions_policy
from .context import parse_side
from .known import winner_loser_of
from .names import display_name, param_symbol
from .readings import readings

MAX_SIDE_CHARS = 4000
MAX_DEPTH = 60
SAMPLE_INDEX_RE = re.compile(r"(pi_|piref_|pistar_)y_([a-z+\-]+)_([ijn])")  # π(y_{w_i}|x): sample i
DECIMAL_RE = re.compile(r"(?<![\d.])\d*\.(\d+)")


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


class StepJudge:
    """What FileRun (chain.py) uses to read sides and judge steps; it holds `table`, `known`,
    `time_limit` and `checks`."""

    def _judge(self, left: Value, right: Value) -> Judgement:
        """The verdict against the author's own definitions. Where a line uses a known quantity the
        text defined wrongly (known.py), the message names that definition's line and says whether
        the line would hold with the standard one (`rests_on`: the fields the check carries)."""
        if constant(left.full) and constant(right.full):
            return self._judge_numbers(left, right)
        param = param_symbol(self.table.default_param)
        verdict = judge(left.pair, right.pair, param, self.table.defined_functions(), self.time_limit)
        if verdict.decided is not True:
            per_pair = self._per_pair(left, right)
            if per_pair is not None:
                return per_pair
        if verdict.verdict == "undefined":
            read = self._install_readings(left, right, verdict.undefined)
            found = self._judge_read(*read) if read is not None else None
            if found is not None and not found.holds and read[3]:
                found = None  # a reading that may only confirm (r*): the line stays undefined
            if found is not None:
                return found  # the readings stay in the symbol table until the claim is reported
            self.drop_readings()
            verdict.message += self._alike(verdict.undefined)
        return self._on_wrong_definitions(verdict, left, right)

    def _per_pair(self, left: Value, right: Value) -> Judgement | None:
        """`π_θ(y_{w_i}|x)` with no sum over i: the i-th sample's y_w. Every claim is checked per
        preference pair, so the index is read away; only when the line then holds, and said."""
        mapping, said = {}, set()
        for side in (left, right):
            for expr in side.pair:
                if expr.atoms(sp.Sum):
                    return None
                for atom in expr.atoms(AppliedUndef, sp.Symbol):
                    name = type(atom).__name__ if isinstance(atom, AppliedUndef) else atom.name
                    m = SAMPLE_INDEX_RE.fullmatch(name)
                    if m is None:
                        continue
                    plain = f"{m.group(1)}y_{m.group(2)}"
                    mapping[atom] = (sp.Function(plain, positive=True)(*atom.args) if isinstance(atom, AppliedUndef)
                                     else sp.Symbol(plain, **atom.assumptions0))
                    said.add(f"y_{{{m.group(2)}_{m.group(3)}}} read as y_{m.group(2)}")
        if not mapping:
            return None
        pair = [tuple(e.xreplace(mapping) for e in side.pair) for side in (left, right)]
        verdict = judge(pair[0], pair[1], param_symbol(self.table.default_param), self.table.defined_functions(),
                        self.time_limit)
        if not verdict.holds:
            return None
        verdict.message = (f"{', '.join(sorted(said))} (an index of the sample; every claim is checked per "
                           f"preference pair): {verdict.message}")
        return verdict

    def _judge_read(self, left: Value, right: Value, said: str, _confirm_only: bool = False) -> Judgement | None:
        """The verdict with standard readings of undefined names in place (None: still undecided)."""
        param = param_symbol(self.table.default_param)
        verdict = judge(left.pair, right.pair, param, self.table.defined_functions(), self.time_limit)
        if verdict.decided is None:
            return None
        verdict.message = f"{said}: {verdict.message}"
        return self._on_wrong_definitions(verdict, left, right)

    def _install_readings(self, left: Value, right: Value, names):
        """(left, right, what was said) with the standard readings of `names` (readings.py) put in
        the symbol table; None where no name has one or the sides cannot be built again."""
        pair = winner_loser_of([left.full, right.full]) or next(
            (k.responses for k in self.known.values() if k.responses), None)
        roles = {k.role for k in self.known.values()}  # a bare u is the margin of a loss whose margin has no name
        margin_known = "loss" in roles and "margin" not in roles
        rewards = sorted({type(f).__name__ for side in (left, right) for f in side.full.atoms(AppliedUndef)
                          if is_reward(f)})
        reward = next((k for k in ("r", "r^*", "r_phi", "r_psi", "R") if [display_name(k)] == rewards), "r")
        found = readings(names, self.table.default_param, pair, margin_known, reward)
        if not found or any(key in self.table.definitions for key in found):
            return None
        if getattr(self, "_saved_definitions", None) is None:
            self._saved_definitions = dict(self.table.definitions)
        self.table.definitions.update({key: d for key, (d, _, _) in found.items()})
        self.table.clear_cache()
        sides = [self._rebuild(v) for v in (left, right)]
        said = "; ".join(dict.fromkeys(said for _, said, _ in found.values()))
        return None if None in sides else (*sides, said, any(c for _, _, c in found.values()))

    def drop_readings(self) -> None:
        """Take the readings of the claim just judged out of the symbol table."""
        saved = getattr(self, "_saved_definitions", None)
        if saved is not None:
            self.table.definitions, self._saved_definitions = saved, None
            self.table.clear_cache()

    def _rebuild(self, value: Value) -> Value | None:
        """A side built again from its parse tree (with what the symbol table now holds)."""
        self.table.used, self.table.notes = set(), []
        try:
            with deadline(self.time_limit):
                full = latex.ToSympy(self.table).convert(value.tree)
                try:
                    opaque = latex.ToSympy(self.table, opaque=True).convert(value.tree)
                except latex.LatexError:
                    opaque = full
        except (latex.LatexError, Timeout):
            return None
        return Value(full, opaque, value.tree, frozenset(self.table.used) | value.used,
                     value.notes + tuple(self.table.notes), value.source)

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
        precision = written_precision(left, right)
        exact = [sp.N(v, 30) for v in (left.full, right.full)]
        if not precision or not all(e.is_number and e.is_finite and e.is_real for e in exact):
            return judge(left.pair, right.pair, param_symbol(self.table.default_param), set(), self.time_limit)
        a, b = (float(e) for e in exact)
        if abs(a - b) <= precision:
            return Judgement("numerically-true", f"{a:.6g} and {b:.6g} agree to the precision written ({precision:g})")
        return Judgement("refuted", f"left side {a:.6g}, right side {b:.6g}: they differ by more than the "
                         f"precision written ({precision:g})", {"at": {}, "lhs": a, "rhs": b})

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
        if _depth(side.text) > MAX_DEPTH:
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
                self.unparsed(side.start + exc.pos, exc.message, side.text, eq.display, eq)
            return FAILED
        except Timeout:
            return Failed(f"building `{clean(side.text)[:40]}` in sympy took more than the time limit "
                          f"({self.time_limit:g} s), so this line is not judged")
        return Value(full, opaque, tree, frozenset(self.table.used), tuple(self.table.notes), side.text)



def _depth(text: str) -> int:
    depth = deepest = 0
    for c in text:
        if c in "{[(":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "}])":
            depth -= 1
    return deepest


def clean(source: str) -> str:
    """A claim's LaTeX on one line, without alignment marks."""
    return " ".join(source.replace("&", " ").split())


def constant(expr) -> bool:
    """A number: no free quantity and no function of one (0.994 − 0.078, −log σ(0.916))."""
    return not expr.free_symbols and not expr.atoms(AppliedUndef, sp.Derivative)


def is_setting(left, right) -> bool:
    """`β = 1`, `π_ref = 1/3`, `\\log \\frac{π_θ(y_w|x)}{π_ref(y_w|x)} = 0.8`: example values, not a
    claim of the derivation. The left side is made of β and the policy's or reference's values
    only (no name the text defines, none it never defines), the right side a number."""
    atom = left.full
    if not constant(right.full) or left.used or constant(atom) or atom.atoms(sp.Derivative):
        return False
    if isinstance(atom, sp.Symbol):
        return atom.name == "beta" or atom.name.startswith("pi")
    functions = atom.atoms(AppliedUndef)
    symbols = {s.name for s in atom.free_symbols}
    return bool(functions) and all(type(f).__name__.startswith("pi_") for f in functions) and \
        all(n == "beta" or n.startswith("piref_") or is_parameter(sp.Symbol(n)) for n in symbols)


def example_values(left, right) -> dict:
    """What a setting fixes: β = 0.1 -> {β: 1/10}; log π_θ(y_w|x)/π_ref(y_w|x) = 0.8 ->
    {π_θ(y_w|x): π_ref(y_w|x) e^0.8}; nothing where it does not single out one value."""
    if isinstance(left.full, sp.Symbol):
        return {left.full: right.full}
    policies = sorted(left.full.atoms(AppliedUndef), key=sp.default_sort_key)
    if not policies:  # Δ = 4.6 fixes π_θ(y_w|x) given the others: one consistent choice
        return {}
    try:
        solutions = sp.solve(sp.Eq(left.full, right.full), policies[0])
    except Exception:  # sympy cannot solve it: no value is fixed
        return {}
    return {policies[0]: solutions[0]} if len(solutions) == 1 else {}


def written_precision(left, right) -> float:
    """How far a number written rounded may be from the exact one: half a unit in its last decimal
    when the result is a bare number (`= 0.337`: 0.0005), a whole unit when it is an expression of
    rounded numbers (`= -\\log 0.5275`: the rounding propagates); 0 where no decimals are written
    (then numbers are compared exactly)."""
    decimals = [len(m.group(1)) for m in DECIMAL_RE.finditer(right.source)] \
        or [len(m.group(1)) for m in DECIMAL_RE.finditer(left.source)]
    if not decimals:
        return 0.0
    bare = re.fullmatch(r"\s*[-−]?\s*\d*\.?\d+\s*", right.source.replace("&", " ")) is not None
    return 10.0 ** -min(decimals) * (0.5 + 1e-9 if bare else 1.0)
