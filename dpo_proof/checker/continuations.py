r"""What a line continues, beyond the chain of `=` rows: what chain.FileRun asks of its neighbours.

- A claim alone on its line (`$\mathcal{L} = …$` with nothing but a list marker) chains as a
  display; a `$= …$` in the prose may continue one of the last few chains, when the one just
  before does not give it (the text does not say which; the message says which was read).
- A line that is not an identity may follow from one of the two equations before it that were not
  either (a condition and what is solved from it, entail.py).
- A chain step that drops the expectation over the data is refuted (chain.py).
"""
from __future__ import annotations

import re
import time

from sympy.core.function import AppliedUndef

from ..limits import Timeout, deadline
from ..symbolic.notation import beta as BETA
from .compare import Judgement
from .entail import follows, warm_up
from .layout import Side
from .operators import SUM_PREFIX
from .cases import CONCLUDED_RE, case_end, is_update_rule, side_start
from .names import definable_head
from .scope import SETTINGS
from .values import Step, Value, clean as _clean, constant, sides_source
from .symbols import line_at

CONDITION_SECONDS = 1.0  # at most, for both equations a line may follow from
# `\max_{\pi_\theta}`, `\min_\pi`, `\arg\max_\pi` opening a chain: its start is an optimum.
OPTIMUM_START_RE = re.compile(r"^[\s&]*(\\(max|min|argmax|argmin|arg\s*\\max|arg\s*\\min)(?![a-zA-Z])|\\operatorname\*?\s*"
                              r"\{\s*arg\s*(max|min)\s*\})(\s*\\limits)?\s*(_\s*(\{(?:[^{}]|\{[^{}]*\})*\}|\\[a-zA-Z]+|[A-Za-z]))?")
CODE_NAME_BEFORE_RE = re.compile(r"`[^`\n]+`[ \t]*\$+[ \t]*$")  # `logits` $=-2$: a code span, then the math
DATA_MEAN_RE = re.compile(r"^[\s&]*[-−]?\s*(\\mathbb\s*\{?\s*E\s*\}?|\\E(?![a-zA-Z])|𝔼)\s*(_\s*(\{[^{}]*\}|\S))?")


class Continuations:
    """Methods of chain.FileRun (it holds `text`, `chains`, `conditions`, `example_values`, …)."""

    def _alone_on_its_line(self, eq) -> bool:
        r"""`$\mathcal{L} = …$` alone on its line (a list marker at most) reads as a display."""
        rest = re.sub(r"\$[^$]*\$", "", line_at(self.text, side_start(eq.sides[0])))
        # a list marker, or a part's label: `1.`, `(a)`, `**(a)**`, `**Step 2.**`
        return re.fullmatch(r"[\s\-*+>#]*(\d+[.)]|\(?[a-z][.)]|(\*\*|__)(\w+\s*)?\(?\w{1,3}[.):]?\)?(\*\*|__))?"
                            r"[\s.,;:。，；：]*", rest) is not None

    def _not_an_equation(self, eq) -> bool:
        """A name given in the middle of a definition (`P(y=1|x) = ŷ = …`), an update rule, an example's
        value: reported as such, never judged as an identity. True when `eq` was one of them."""
        if eq.naming:
            self.add("definition", f"names `{_clean(eq.sides[0].text)}` `{_clean(eq.sides[1].text)}`, which the "
                     "rest of the line defines", side_start(eq.sides[0]), eq, sides_source(eq.sides), follows=None)
            self.chain_left = self.previous = None
            return True
        if eq.continues and not eq.display and CODE_NAME_BEFORE_RE.search(self.text, 0, eq.relation_starts[0]):
            # "`logits` $=-2$": the value of a name in code, which the checker does not read, not a step of
            # the chain before
            self.add("definition", "gives the value of a name written in code (`…`), which the checker does "
                     "not read: taken as given", eq.relation_starts[0], eq, sides_source(eq.sides), follows=None)
            self.chain_left = self.previous = None
            return True
        if id(eq) in self.by_cases:
            self.add("definition", f"defines `{_clean(eq.sides[0].text)}` by cases: the checker does not read "
                     "conditions, so it does not use this definition, and a line that needs it is not judged",
                     side_start(eq.sides[0]), eq, sides_source(eq.sides), follows=None)
            self.chain_left = self.previous = None
            return True
        if is_update_rule(eq):
            self.add("definition", f"an update rule: the new `{_clean(eq.sides[0].text)}` from the old one (an "
                     "assignment, not an equation)", side_start(eq.sides[0]), eq, sides_source(eq.sides), follows=None)
            self.chain_left = self.previous = None
            return True
        if id(eq) in self.settings:  # "given $p = 0.6$": for its paragraph; a worked example: its section
            at = side_start(eq.sides[0])
            self.examples = True
            line_end = self.text.find("\n", eq.sides[-1].start)
            asked = re.search(r"[?？]\s*$", self.text[eq.sides[-1].start: line_end if line_end >= 0 else None])
            # "when $r_w = 2.0$, what is P?": the case of an exercise holds through its worked answer
            self.examples_until = case_end(self.text, at) if self._supposed_meanwhile(eq) and not asked \
                else self._section_end(at)
            value = self._value(eq.sides[1], eq, report=False)
            is_beta = (definable_head(self._parse(eq.sides[0])) or ('',))[0] in SETTINGS
            if is_beta and isinstance(value, Value) and constant(value.full):
                self.example_values[BETA] = value.full
            elif not is_beta:
                self._record_setting(eq, value)
            kept = "β a free positive constant" if is_beta else "it free"
            self.add("definition", f"`{_clean(eq.sides[0].text)} = …` gives an example value; the checker keeps "
                     f"{kept}, so the derivation is checked for every value",
                     side_start(eq.sides[0]), eq, sides_source(eq.sides), follows=None)
            if not isinstance(value, Value):
                self.chain_left = self.previous = None  # a row `&= 0.2` after it continues no other chain
                return True
            # h = log(0.419·3) = 0.229, or `&= 0.2` on the next row: its arithmetic
            self.chain_left, self.previous = (value, eq.sides[1].text.strip()), Step(value, None, eq.sides[1].text)
            for k in range(1, len(eq.relations)):
                self._claim(eq, eq.sides[k + 1], eq.relation_starts[k], False)
            return True
        return False

    def _premise(self, eq) -> bool:
        """`h - 1/(2\\beta) = 0 \\implies h = 1/(2\\beta)`: an equation followed by ⟹ is supposed, not
        judged; the lines after it may follow from it (entail.py). Reported; True when it was one."""
        if len(eq.relations) != 1 or eq.relations[0] != "=" or self._premise_end(eq) is None:
            return False
        left, right = (self._value(side, eq, report=True) for side in eq.sides)
        if isinstance(left, Value) and isinstance(right, Value):
            self._remember_condition(left, right, side_start(eq.sides[0]))
        self.add("definition", "a premise: what follows ⟹ is claimed under it, so it is supposed here, not "
                 "judged", side_start(eq.sides[0]), eq, sides_source(eq.sides),
                 follows=None)
        self.chain_left = self.previous = None
        return True

    def _remember_condition(self, left: Value, right: Value, start: int) -> None:
        """An equation that is no identity (a premise, a row of `0 = …`): the next lines may follow from it
        (entail.py); the last two are kept."""
        self.conditions = (self.conditions + [((left.full, right.full), start, self.equation_index)])[-2:]

    def _concluded(self, left: Value, right: Value, start: int, verdict):
        """`⟹ 0.5 = \\frac{1}{1+e^{-z}}` refuted as an identity, using no definition: a conclusion drawn from a
        premise the checker did not read (the prose's "on the boundary P = 0.5"); not judged, and said so.
        (`y = \\log x ⟹ y' = x` uses the premise it read, y: refuted.)"""
        if verdict.verdict != "refuted" or left.used or right.used \
                or not CONCLUDED_RE.search(self.text, max(0, start - 40), start):
            return None
        return Judgement("undefined", "a conclusion (after ⟹) that is no identity and does not follow from the "
                         "premises the checker read: its premise may be in the prose; write it as an equation "
                         "before the ⟹ to have the line judged")

    def _carried(self, step, verdict) -> bool:
        """Refuted because the line before was: its step holds (chain.py reports it so)."""
        return verdict.verdict == "refuted" and step is not None and step.holds is False

    def _from_condition(self, left: Value, right: Value, offset: int):
        """`log π = log π_ref + r/β + C(x)` after `log π/π_ref = (r + λ − β)/β`: a line that is not an
        identity but follows from one of the last two that were not either, in the same section.

        Not tried again in a chain where it ran out of time (its rows share the premises). Both tries
        share the claim's time, at most CONDITION_SECONDS, with sympy warmed up first (entail.warm_up):
        its first `solve` costs several times a warm one, and without the warm-up the verdict
        depended, on a loaded machine, on whether an earlier claim had warmed it up."""
        premises = [(premise, at) for (premise, at, index) in reversed(self.conditions)
                    if self._section_end(at) >= offset and self.equation_index - index <= 2]
        chain = id(self.chain_left[0]) if self.chain_left else None
        self.condition_out_of_time = bool(premises) and chain is not None \
            and chain == getattr(self, "_chain_not_following", None)
        if not premises or self.condition_out_of_time:
            return None  # only the equations just before, in the same section; once per chain
        warm_up()
        seconds = min(self.time_limit, CONDITION_SECONDS)
        start = time.perf_counter()
        try:
            with deadline(seconds):
                found = self._follows_from_one(premises, left, right, seconds)
        except Timeout:
            found = None
        if found is None and time.perf_counter() - start >= 0.9 * seconds:
            self._chain_not_following = chain  # it ran out of time: the chain's next rows would too
            self.condition_out_of_time = True
        return found

    def _follows_from_one(self, premises, left: Value, right: Value, seconds: float):
        for premise, at in premises:
            how = follows(premise, (left.full, right.full), self.table.defined_functions(), seconds)
            if how:
                line = self.lines.line_col(at)[0]
                return Judgement("proved", f"not an identity, but it follows from the equation of line {line} "
                                 f"({how}): true wherever that one holds")
        return None

    def _dropped_optimum(self, eq, right: Value):
        """`max_π E[r] − β KL = E_π[r − β log π/π_ref]`: a row that drops the max of its chain's start
        (the optimum is a number; the row a function of π) is read as the objective, when the start
        is an optimum and the row is not one; the message says so. None where that does not hold."""
        source = self.chain_left[1] if self.chain_left else ""
        m = OPTIMUM_START_RE.match(source)
        if m is None or OPTIMUM_START_RE.match(right.source) or "arg" in m.group(0):
            return None
        objective = self._value(Side(source[m.end():], 0), eq, report=False)
        if not isinstance(objective, Value):
            return None
        again = self._judge(objective, right)
        if not again.holds:
            return None
        again.message = (f"the row drops `{m.group(0).strip()}`: read as the objective it optimises (the optimum "
                         f"itself is a number, not a function of the policy); {again.message}")
        return again

    def _bare_mean_under_policy(self, left: Value, right: Value):
        r"""`∇J = 𝔼[r ∇log π_θ]` after `J = 𝔼_{y∼π_θ}[r]`: a bare 𝔼[…] on a side whose other side is a
        mean under the policy may be that mean (the text does not say over what). Read so, and said,
        only when the line then holds (a reading that may only confirm); None otherwise."""
        sources = (left.source or "", right.source or "")
        if not any(BARE_MEAN_RE.search(src) for src in sources) or not any(
                _under_policy(side.full) for side in (left, right)):
            return None
        self.table.bare_mean_under_policy, self.table.notes = r"_{y \sim \pi_\theta(y|x)}", []
        self.table.clear_cache()
        try:
            sides = [self._rebuild(v) for v in (left, right)]
        finally:
            self.table.bare_mean_under_policy = None
            self.table.clear_cache()
        if None in sides:
            return None
        again = self._judge(*sides)
        if not again.holds:
            return None
        again.message = ("the 𝔼[…] with no subscript is read as the mean under π_θ(y|x), as on the other "
                         f"side (the text does not say over what): {again.message}")
        return again

    def _resting_on(self, left: Value, right: Value, message: str) -> str:
        """A refutation says which of the text's own definitions it was judged with (`p*` at line
        13): an error may sit in one of them rather than in this line."""
        used = [self.table.definitions[k] for k in sorted(left.used | right.used) if k in self.table.definitions]
        used = [d for d in sorted(used, key=lambda d: d.line) if f"line {d.line}" not in message][:3]
        if not used:
            return ""
        listed = ", ".join(f"`{_clean(d.head or d.key)}` (line {d.line})" for d in used)
        return f"; judged with this text's definition{'s' if len(used) > 1 else ''} of {listed}"

    def _earlier_chain(self, left: Value, right: Value, verdict):
        """`… therefore the whole is $= σ(z)(1 − σ(z))$`: a `= …` in prose that does not continue the
        chain just before may continue an earlier one of the last few (the text does not say which);
        it is read so, and the message says which, when that reading holds."""
        for (value, source), line in reversed(self.chains[:-1]):
            if not isinstance(value, Value) or value is left:
                continue
            again = self._judge(value, right)
            if again.holds:
                again.message = f"read as continuing line {line} (`{_clean(source)[:40]}`): {again.message}"
                return value, again
        return left, verdict



BARE_MEAN_RE = re.compile(r"(\\mathbb\s*(\{\s*E\s*\}|E)|\\E(?![a-zA-Z])|𝔼)\s*(\\left|\\bigl?|\\Bigl?)?\s*\[")


def _under_policy(expr) -> bool:
    """Does `expr` hold a sum over responses weighted by the policy π_θ (a mean under it)?"""
    return any(type(f).__name__.startswith(SUM_PREFIX) and any(type(g).__name__.startswith("pi_")
                                                              for g in f.args[0].atoms(AppliedUndef))
               for f in expr.atoms(AppliedUndef))


def data_mean(text: str) -> bool:
    """Is the side an expectation over the data (`-\\mathbb{E}_{x, y_w, y_l}[…]`), not under a policy?"""
    m = DATA_MEAN_RE.match(text or "")
    sub = (m.group(2) or "") if m else ""
    # E_P, E_{x∼P}: a mean under a distribution, which a sum may write out; only the data's is kept
    return m is not None and not re.search(r"\\pi|π", sub) and (
        not sub or re.search(r"\\mathcal\s*\{?\s*D|(?<![A-Za-z\\])D(?![A-Za-z])|𝒟|data|y_w|y_l|y_\{?[wl+-]|\(\s*x", sub))
