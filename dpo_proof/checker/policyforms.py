r"""A form the text gives the policy itself: $\pi_\theta(y|x) = \frac{e^{\theta_y}}{\sum_z e^{\theta_z}}$,
$\pi_\theta(y|x) = \mathrm{softmax}(\phi_\theta(x, \cdot))_y$.

The checker keeps π_θ a free policy (every claim about it is judged for every policy), so such a
line is reported as a definition that is not used. A line in its section that rests on it (one
that writes a name of the form's body built from the parameter: φ_θ, θ_y) would be judged without it: such a line is not
refuted but skipped, with the reason. Mixed into chain.FileRun (it uses Scope's helpers).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .names import POLICY_SUBSCRIPTS, plain_name
from .parsing import LatexError, parse_tree
from .scope import side_start

NAME_RE = re.compile(r"\\?[A-Za-z]+(?:\s*_\s*(?:\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9]))?")
NOT_OWN = re.compile(r"\\?(pi|frac|exp|text|textrm|mathrm|operatorname|sum|log|left|right|mid|cdot|"
                     r"x|y|z|e|i|j|k|beta|mathbb|E|softmax|big|Big|bigg|Bigg|top|T|prime|limits|in)"
                     r"(\s*_.*)?$")
PARAMETER_RE = re.compile(r"\\(theta|phi|vartheta|varphi)(?![a-zA-Z])")  # θ_y, φ_θ, h_θ: built from θ


@dataclass
class PolicyForm:
    line: int
    start: int
    reach_to: int
    names: frozenset


def own_names(text: str) -> set[str]:
    r"""The names a piece of LaTeX writes, spaces and braces out (`\phi_\theta`, `\theta_{y}`), other
    than the policy and the standard vocabulary."""
    return {re.sub(r"[\s{}]", "", m.group(0)) for m in NAME_RE.finditer(text)
            if not NOT_OWN.fullmatch(m.group(0))}


def _a_name(text: str) -> bool:
    """Is this side one name (`p`, `p_1`), which the chain then gives a formula?"""
    try:
        return plain_name(parse_tree(text)) is not None
    except LatexError:
        return False


def is_policy_head(text: str) -> bool:
    r"""`\pi(y|x)`, `\pi_\theta(y)`: the policy itself (not π_ref, not π*, not a policy the text names)."""
    try:
        tree = parse_tree(text)
    except LatexError:
        return False
    if tree.data != "call":
        return False
    name = plain_name(tree.children[0])
    return name is not None and name.base == "pi" and not name.primes and not name.sup \
        and (name.sub is None or name.sub.split("_")[0] in POLICY_SUBSCRIPTS)


class PolicyForms:
    """Methods of chain.FileRun: the forms given to π_θ, and the lines that rest on them."""

    def collect_policy_forms(self, equations) -> None:
        self.policy_forms, self.form_of = [], {}
        for i, eq in enumerate(equations):
            if eq.unchecked or eq.continues or len(eq.sides) < 2 or not is_policy_head(eq.sides[0].text):
                continue
            sides = eq.sides[1:]
            named = sides[-1].text.strip() if _a_name(sides[-1].text) else None
            if named and i + 1 < len(equations) and equations[i + 1].sides[0].text.strip() == named:
                sides = sides + equations[i + 1].sides[1:]  # π_θ(A=1) = p = σ(θ), read as two: p's formula too
            names = {n for n in set().union(*(own_names(s.text) for s in sides)) if PARAMETER_RE.search(n)}
            if not names:  # π(y|x) = π_ref(y|x) e^{…}/Z: a claim about the policy, judged
                continue
            names |= {n for s in sides[:-1] for n in own_names(s.text) if _a_name(s.text)}  # and p itself
            start = side_start(eq.sides[0])
            form = PolicyForm(self.lines.line_col(start)[0], start, self._section_end(start), frozenset(names))
            self.policy_forms.append(form)
            self.form_of[id(eq)] = form

    def report_policy_form(self, eq) -> bool:
        form = getattr(self, "form_of", {}).get(id(eq))
        if form is None:
            return False
        self.add("definition", "gives the policy a form of its own; the checker keeps the policy "
                 "free (every claim is judged for every policy), so it does not use this form: the "
                 "lines of this section that write its names are not judged",
                 form.start, eq, " = ".join(s.text.strip() for s in eq.sides), follows=None)
        for start in eq.relation_starts[1:]:  # softmax(h)_y = e^{h_y}/Σ e^{h_y'}: the form's own steps
            self.add("skipped", "a step of the form given to the policy, which the checker does not use: "
                     "not judged", start, eq, " = ".join(s.text.strip() for s in eq.sides), follows=None)
        self.chain_left = self.previous = None
        return True

    def resting_on_form(self, offset: int, eq) -> PolicyForm | None:
        """The policy form in force at `offset` whose names the line writes, if any."""
        if eq is None or not getattr(self, "policy_forms", None):
            return None
        written = set().union(*(own_names(s.text) for s in eq.sides))
        return next((f for f in reversed(self.policy_forms)
                     if f.start <= offset < f.reach_to and f.names & written), None)
