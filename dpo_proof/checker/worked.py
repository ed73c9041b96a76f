r"""Worked examples: the numbers a text puts in, and what the checker does with them.

A line that gives the policy's values or β numbers (`π_θ(y_w|x) = 0.8`, `β = 0.1`) sets an example;
the checker keeps those quantities free (every claim is judged for every value) and puts the
example's values in only where a line's numbers need them: a step between numbers, a substitution
(`1/(2β) = 5`), the value of a ratio the text computes. When the example's section ends (scope.py),
its values are kept aside: a conclusion that quotes one of them again (`π*(y_1|x) = π(y_1|x) = 0.8`)
is judged with them, and said so. Mixed into chain.FileRun.
"""
from __future__ import annotations

import re

import sympy as sp
from sympy.core.function import AppliedUndef

from ..symbolic.notation import beta as BETA, to_text
from .compare import Judgement, judge
from .names import param_symbol
from .values import (DECIMAL_RE, Step, Value, constant, example_values, in_beta, is_setting, of_policy,
                     value_of_a_name)

BETA_RE = re.compile(r"\\beta(?![a-zA-Z])|β")  # β written in a line


class WorkedExamples:
    """Methods of chain.FileRun (it holds `example_values`, `earlier_values`, `example_names`, …)."""

    def _numbers_put_in(self, eq, left: Value, right: Value, right_side, step, place) -> tuple[bool, Value, Step]:
        """A line of a worked example: a setting, or numbers put in. (True, …) when it was reported
        here; else (False, left, step) to judge, `left` the example's numbers where they apply."""
        start, source, first = place
        if first and is_setting(left, right):
            self.examples, self.examples_until = True, self._section_end(start)
            self.example_values.update(example_values(left, right))
            self.add("definition", "gives example values; the checker keeps β and the probabilities free, "
                     "so the derivation is checked for every value", start, eq, source, follows=None)
            self.previous = Step(right, None, right_side.text)
            return True, left, step
        named_value = first and value_of_a_name(left, right, right_side.text)
        if (self.examples or of_policy(left.full) and (in_beta(right.full) or DECIMAL_RE.search(right.source))
                or named_value) \
                and (constant(right.full) or in_beta(right.full)) and not constant(left.full) \
                and not (in_beta(left.full) and in_beta(right.full)):  # numbers put in (not β[−55 + 31] = −24β)
            numeric, of_previous = self._with_example(left, step)  # 1/(2β) = 5, with the example's β = 0.1
            if numeric is not None:
                left, step = numeric, (Step(numeric, None, step.source) if of_previous else step)
            elif step is None or not isinstance(step.value, Value) or not (constant(step.value.full)
                                                                           or in_beta(step.value.full)):
                quoted = None if self.examples else self._quoted_again(left, right, refute=True)
                # a value that holds is kept as written, rounded: the next lines compute with it
                given = self._gives_example(left, right) if quoted is None or quoted.holds else None
                if quoted:  # a conclusion quotes the value an earlier section's example gave
                    self.add(quoted.verdict, quoted.message, start, eq, source, follows=None)
                elif given:  # r̂(y_w|x) = log 0.5 + log 0.6 − 2 log(1/3): the example's value of a ratio
                    self.add("definition", f"gives the example's value {given}, computed from numbers the checker "
                             "does not read (prose, vectors): taken as given, and used in the lines after",
                             start, eq, source, follows=None)
                else:
                    self.add("skipped", "puts in the example's values, which the checker keeps free: the "
                             "lines before are judged for every value, this substitution is not judged",
                             start, eq, source, follows=None)
                self.previous = Step(right, None, right_side.text)
                if named_value:  # `= 3.04` after `Δ̂ = log(10.5/0.5)`: a step between the numbers
                    self.chain_left = (right, right_side.text.strip())
                return True, left, step
            else:
                left = step.value  # a step between the example's numbers: judged as such
                step = Step(step.value, None, step.source)
        return False, left, step

    def _with_example(self, left: Value, step=None) -> tuple[Value | None, bool]:
        """`left` with the example's values put in, when that makes it a number: in the reading that
        expands definitions (1/(2β) with β = 0.1), else in the one that keeps defined names (σ(u)
        after the example's `u = −log 2`), else the chain's previous right side so read (a step
        between the example's numbers, said by the second item); (None, False) when none does."""
        previous = step.value if step is not None and isinstance(step.value, Value) else None
        readings = [(left, left.full, self.example_values), (left, left.opaque, self.example_names)]
        if previous is not None:  # `= Δr/β = 2` with the example's Δr = 1 and β = 0.5: the previous row's numbers
            readings += [(previous, previous.opaque, self.example_names), (previous, previous.full, self.example_values)]
        readings.append((left, left.full, self.example_names))  # σ(r(y_w) − r(y_l)) after r(x, y_w) = 2.0
        for value, reading, values in readings:
            given = {**self.example_values, **values}
            if any(d.has(*given) for d in reading.atoms(sp.Derivative, sp.Subs)):
                continue  # ∂ℒ/∂r_w after the example's ℒ = 0.1676: the derivative of ℒ's definition, not of a number
            number = reading.xreplace(given)  # one pass: see example_values
            if constant(number):
                used = reading.atoms(sp.Symbol, AppliedUndef)
                shown = ", ".join(f"{to_text(k)} = {to_text(v)}" for k, v in {**values, **self.example_values}.items()
                                  if k in used)
                return Value(number, number, value.tree, value.used, value.notes + (f"with the example's {shown}",),
                             value.source), value is previous
        return None, False

    def _record_setting(self, eq, value) -> None:
        """`u = −log 2` in a worked example: the value of a name the text defined (or only set), put
        in where a later line's numbers need it (in the reading that keeps defined names)."""
        if not (isinstance(value, Value) and constant(value.full)):
            return
        name = self._value(eq.sides[0], eq, report=False)
        if isinstance(name, Value) and isinstance(name.opaque, (sp.Symbol, AppliedUndef)):
            self.example_names[name.opaque] = value.full
            if isinstance(name.opaque, AppliedUndef):  # r(x, y_w) = 2.0, then σ(r(y_w) − r(y_l)): x left out
                short = [a for a in name.opaque.args if not (isinstance(a, sp.Symbol) and a.name == "x")]
                if short and len(short) < len(name.opaque.args):
                    self.example_names[name.opaque.func(*short)] = value.full

    def _gives_example(self, left: Value, right: Value) -> str:
        """Does `left = number` fix one more of the example's values (a side built from the policy's
        and the reference's values only, with the values known so far put in)? Then it is recorded and
        said ("log π_θ(y_w|x)/π_ref(y_w|x) = 0.993"); else ''."""
        full = left.full.xreplace(self.example_values)
        value = Value(full, full, left.tree, frozenset(), left.notes, left.source)
        if not is_setting(value, right):
            return ""
        found = example_values(value, right)
        if not found:
            return ""
        self.example_values.update(found)
        return f"{to_text(full)} = {to_text(sp.N(right.full, 4))}"

    def _quoted_again(self, left: Value, right: Value, refute: bool = False) -> Judgement | None:
        """`π*(y_1|x) = π(y_1|x) = 0.8` in a conclusion, after the section that set π(y_1|x) = 0.8 ended:
        a number said again, judged with the values an earlier worked example gave and said so. Only a
        line that holds is taken, unless `refute`: then one those values make false is refuted."""
        if not self.earlier_values or not constant(right.full):
            return None
        return self._at_example(left, right, self.earlier_values, refute,
                                whose="the values an earlier section's example gave")

    def _at_example(self, left: Value, right: Value, values: dict | None = None, refute: bool = False,
                    whose: str = "the example's values") -> Judgement | None:
        """A refuted line with a fraction or decimal in it (1/3) that holds with the example's values
        put in (β = 0.5, π_θ(y_w|x) = 0.1, …): the example's numbers, not an identity; said so. With
        `refute`, a line those values turn into numbers is judged as numbers, to the precision written
        (refuted where they differ)."""
        values = self.example_values if values is None else values
        fractions = [n for e in (left.full, right.full) for n in e.atoms(sp.Number) if not n.is_Integer]
        # `With β = 1:` then Z = Σ π_ref e^{r}: β left out as written, its value put in by the text
        beta_set = BETA in values and not BETA_RE.search((left.source or "") + (right.source or ""))
        if not values or not (fractions or beta_set):
            return None
        used = {k: v for k, v in values.items() if any(e.has(k) for e in (left.full, right.full))}
        if not used:
            return None
        while more := {k: v for k, v in values.items() if k not in used and any(u.has(k) for u in used.values())}:
            used.update(more)  # π_θ(y_1|x) = π_ref(y_1|x)·e^{0.47/β}: π_ref's and β's values are shown too
        gradients = sorted({d for side in (left, right) for e in side.pair for d in e.atoms(sp.Derivative)},
                           key=sp.default_sort_key)  # kept: a value put into ∇π_θ must not make it 0
        held = {d: sp.Symbol(f"∇{k}", real=True) for k, d in enumerate(gradients)}
        l, r = (tuple(_put_in(e.xreplace(held), values) for e in side.pair) for side in (left, right))
        given = ", ".join(f"{to_text(k)} = {to_text(v)}" for k, v in used.items())
        if refute and constant(l[0]) and constant(r[0]):  # numbers: to the precision the text writes them
            found = self._judge_numbers(*(Value(e[0], e[0], side.tree, side.used, side.notes, side.source)
                                          for e, side in ((l, left), (r, right))))
            return Judgement(found.verdict, f"{found.message}, with {whose} ({given})",
                             found.counterexample) if found.verdict in ("refuted", "numerically-true") else None
        param = param_symbol(self.table.default_param)
        if not judge(l, r, param, self.table.defined_functions(), self.time_limit).holds:
            return None
        return Judgement("numerically-true", f"holds with {whose} ({given}), not for every "
                         "value: its numbers are the example's")


def _put_in(expr, values: dict):
    """`expr` with the example's values, also those a value brings in (π_θ(y_w|x) = π_ref(y_w|x)/2)."""
    for _ in range(3):
        expr, before = expr.xreplace(values), expr
        if expr == before:
            break
    return expr
