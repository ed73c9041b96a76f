r"""Pass 1 of a file's run: which names the text defines, and where each definition applies.

A definition applies from its own paragraph on (and to the display just before it, for "where
u = …"); one made in passing in the prose stops at the end of its section; "for any reward
$r(x, y)$" frees r for the rest of its section. A name said again is a claim checked against the
first definition, unless both say a value (the cases of an example: ŷ_1 = A, then ŷ_1 = C); a
definition that would close a circle through the definitions so far is a claim too.
"""
from __future__ import annotations

import re
from dataclasses import replace

from . import latex
from .cases import CONCLUDED_RE, MATH_CLOSE_RE, Cases, _another_quantity, _names_in, case_end, side_start
from .datamean import other_draws, renormalised
from .marks import BY_CASES_RE
from .names import definable_head, plain_name
from .patterns import defined_other_than_written
from .symbols import Definition

FOR_ANY_RE = re.compile(r"(?:\b(?:for|For)\s+(?:any|all|every|each)\b|对任意|对于任意|任意の|모든)"
                        r"[^$\n]{0,20}\$([^$]+)\$")
PREFERENCE_RE = re.compile(r"\\(succ|prec|succeq|succcurlyeq)(?![a-zA-Z])|≻|≺")
PHI_PARAMETER_RE = re.compile(r"(\\pi|\\nabla|π|∇)\s*_\s*\{?\s*(\\varphi|\\phi|φ|ϕ)")
# `- hinge:` (`* **Hinge Loss (SVM):**`) between two displays defining one name: the variants of a list,
# each defined anew. Not `2. **Factorization:**`: the numbered steps of one derivation, in bold
LABEL_BETWEEN_RE = re.compile(r"^[ \t>]*(?:([-*+]|\d+[.)])[ \t]+[^$\n]{1,40}[:：]"
                              r"|[-*+][ \t]+[^$\n]{1,60}[:：](\*\*|__|\*|_))[ \t]*$", re.MULTILINE)
BODY_END_RE = re.compile(MATH_CLOSE_RE.pattern + r"|```|\n[ \t]*\n")
# `y_n = p(\mathcal{C}_1|\phi_n)`: a probability named, its model given by the next definition (y_n = σ(a_n))
PROBABILITY_ONLY_RE = re.compile(r"\s*(p|P|\\Pr|\\mathbb\s*\{\s*P\s*\}|\\mathrm\s*\{\s*P\s*\})\s*(\\left\s*)?\([^=]*\)\s*")
FEATURES_RE = re.compile(r"\s*(\\phi|\\varphi|φ)\s*(\\left\s*)?\(")  # φ_n = φ(x_n): the features of x_n
NUMBER_FUNCTIONS = frozenset({"sigma", "log", "ln", "exp", "e", "tanh"})  # σ(0.8): still a number
# those functions and the commands of arithmetic, as written: what a value from numbers may contain
NUMBER_WORDS_RE = re.compile(rf"\\({'|'.join(sorted(NUMBER_FUNCTIONS - {'e'}))}|frac|dfrac|tfrac|left|right|cdot|times"
                             r"|big|Big)(?![a-zA-Z])|(?<![A-Za-z\\])e(?=\s*\^)")
SETTINGS = {"beta"}  # `\beta = 0.1` in notes sets an example value; it must not fix β everywhere


FOR_ALL_RE = re.compile(r"(\\forall|∀)[^$=]*$")


class Scope(Cases):
    """Methods of chain.FileRun for its definitions (it holds `text`, `table`, `everything`: every
    definition in the file, in order; a name may be defined again where the first no longer applies)."""

    def collect_definitions(self, equations) -> None:
        for eq in equations:
            if eq.unchecked or eq.continues or len(eq.sides) < 2:
                continue
            try:
                tree = self._parse(eq.sides[0])
                head = definable_head(tree)
            except latex.LatexError:
                tree, head = None, None
            # φ(w·x) = 1/(1 + e^{−w·x}), σ_t² = …, log r_w = …: a name defined other than by writing it
            other_form = defined_other_than_written(tree, eq.sides[0].text, eq.sides[1].text,
                                                    _numbers_only(eq.sides[1].text)) \
                if head is None else None
            head = other_form[0] if other_form is not None else head
            if head is None or self._derivative_of_defined(head, side_start(eq.sides[0])):
                continue  # f′ = … for a defined f: a claim about f's derivative, not a new name
            if re.fullmatch(r"phi(_[ijkmnt])?", head[0]) and PHI_PARAMETER_RE.search(self.text):
                continue  # φ(z) in a text with π_φ or ∇_φ: the parameter, never a name of the text's
            if re.fullmatch(r"phi_[ijkmnt]", head[0]) and not FEATURES_RE.match(eq.sides[1].text):
                continue  # φ_i = p(y = i; φ): an entry of the parameter, not the features φ(x_i)
            if not eq.defining and CONCLUDED_RE.search(self.text, max(0, side_start(eq.sides[0]) - 40),
                                                       side_start(eq.sides[0])):
                continue  # `h − 1/(2β) = 0 ⟹ h = 1/(2β)`: what follows from the premise, a claim
            if FOR_ALL_RE.search(self.text, max(0, side_start(eq.sides[0]) - 40), side_start(eq.sides[0])):
                continue  # `\forall x, O(x) = T(x)`: a statement for every x (a wish, a law), not a name given
            earlier = self._in_force(head[0], side_start(eq.sides[0]))
            body = eq.sides[1]
            if BY_CASES_RE.search(self.text, body.start, body.start + len(body.text)):
                self.by_cases.add(id(eq))  # `g_p = \begin{cases} … & y_p = 1 \\ … \end{cases}`: not read, and
                if earlier is not None:  # the earlier definition no longer applies
                    earlier.reach_to = min(earlier.reach_to, side_start(eq.sides[0]))
                continue
            had_params = earlier.params if earlier is not None else []
            if earlier is not None and _is_value(eq.sides[1].text) and _is_value(self._source_of(earlier)):
                self.settings.add(id(eq))  # ŷ_1 = A, then ŷ_1 = C: the cases of an example
                continue
            if earlier is not None and _numbers_only(eq.sides[1].text, NUMBER_FUNCTIONS) \
                    and re.search(r"\d", self._source_of(earlier)):
                self.settings.add(id(eq))  # h_w = log(1/3 / 1/3) = 0, then h_w = log(0.419 / (1/3)): a next step
                continue
            at = side_start(eq.sides[0])
            # "Taking logs: $\log p_a = …$" of a defined p_a: the same name transformed, a restatement
            supposed = earlier is not None and other_form is None and (
                self._supposed(eq) or _another_function(earlier.params, head[1])
                or renormalised(self._display_of(earlier), eq.sides[1].text)
                or LABEL_BETWEEN_RE.search(self.text, earlier.at, side_start(eq.sides[0]))
                or other_draws(self._display_of(earlier), eq.sides[1].text)
                or PROBABILITY_ONLY_RE.fullmatch(self._source_of(earlier).strip(" ,.;")))
            another = earlier is not None and not supposed and _another_quantity(earlier, eq.sides[1], self._parse,
                                                                                 self._defined_at(eq))
            # how far this definition reaches, when less than a definition's usual reach: its display before
            # ⟹ (a premise), its section (another quantity), its paragraph (a case: "when $u = 0$ …")
            premise = self._premise_end(eq)
            end = premise if premise is not None else self._section_end(at) if another \
                else case_end(self.text, at) if self._supposed_meanwhile(eq) else None
            meanwhile = earlier is not None and not supposed and end is not None
            if meanwhile:  # "when $u = 0$ the loss is log 2": the first definition applies again after it
                if end < earlier.reach_to:
                    self.everything.append(replace(earlier, reach_from=end))
            if supposed or meanwhile:  # "let r(x, y) = …": a new hypothesis from here on
                earlier.reach_to = min(earlier.reach_to, at)
                earlier = None
            if earlier is not None:  # said again: a claim, checked against the first
                self.restated.add(id(eq))
                self.shadow_of[id(eq)] = frozenset(head[1])  # its parameters, in both sides
                continue
            key, params = head
            if key in SETTINGS or (params and (_is_number(eq.sides[1].text) or _numbers_only(eq.sides[1].text))):
                self.settings.add(id(eq))  # β = 0.1; r*(y|x) = 2.0 and Z(x) = 1 in a worked example
                continue
            if PREFERENCE_RE.search(body.text) and len(eq.sides) > 2 and "=" in eq.relations[1:2]:
                # `ℓ = -\ln P(y_w \succ y_l | x) = -\ln σ(r_w - r_l)`: the loss is the form in the rewards; the
                # probability of a preference is the model's statement (the next row claims it)
                body = next((side for side in eq.sides[2:] if not PREFERENCE_RE.search(side.text)), body)
            line = self.lines.line_col(side_start(body))[0]
            written = re.sub(r"\s*\(.*\)\s*$", "", eq.sides[0].text.replace("&", " ").strip()) or key
            try:
                tree, broken = (latex.parse_tree(other_form[1]) if other_form else self._parse(body)), None
            except latex.LatexError as exc:
                tree, broken = None, exc.message
            arity = (len(had_params) or _applied_arity(self.text, eq.sides[0].text.strip())) \
                if tree is not None and not params and plain_name(tree) is not None else 0  # the text scanned only then
            if arity:  # `r := r^*` for a reward the text applies as r(x, y): the function r is r*, r(x, y) = r*(x, y)
                params = list(had_params) or ["x", "y", "z", "t"][:arity]
                tree = latex.parse_tree(f"{body.text.strip()}({', '.join(params)})")
            if tree is not None and not params and re.match(r"pi(\^|_|$)", key):
                mentioned = _names_in(tree)  # `π^* = π_ref(y|x) e^{r/β}/Z`: π*(y|x)
                params = (["y", "x"] if "x" in mentioned else ["y"]) if "y" in mentioned else params
            if tree is not None and self._circular(key, tree):  # r* = … π* … after π* = … r* …: derived
                self.restated.add(id(eq))
                continue
            definition = Definition(key, params, tree, line, broken, head=written,
                                    reach_from=self._reach_back(side_start(body)), at=side_start(body))
            definition.repaired = eq.repaired
            numbers = _numbers_only(body.text, NUMBER_FUNCTIONS)  # a worked value (z = −3 + 0.8 × 4.5, P = σ(3.0))
            if supposed or end is not None or numbers:  # from where it is said, never the display before
                definition.reach_from = at
            if (not eq.display and not self._alone_on_its_line(eq) and not eq.defining) or numbers:
                # made in passing: its section (`Δr ≡ …`, `u := …` in the prose define it for the text after)
                definition.reach_to = self._section_end(side_start(body), steps=self._carried_on(eq, tree, numbers))
            if end is not None:  # a case, even of a name not yet defined ("当 $m'=\frac{1}{2\beta}$：…")
                definition.reach_to = min(definition.reach_to, end)
            self.table.definitions[key] = definition
            self.everything.append(definition)
            self.definition_of[id(eq)] = (key, params)
            self._named_twice(eq, definition)
        self._quantified()

    def _named_twice(self, eq, first) -> None:
        r"""`u = g(x) = 1 + e^{-x}`, `\hat y = a = wx + b`: a function or name the text has not defined,
        named between a definition's name and its body, is defined by that body too (silently: the row
        is still judged)."""
        if len(eq.sides) < 3 or eq.relations[1] != "=":
            return
        try:
            head = definable_head(self._parse(eq.sides[1]))
            body = self._parse(eq.sides[2])
        except latex.LatexError:
            return
        if head is None or head[0] == first.key or not head[1] and (
                first.params or len(eq.sides) > 3 or _numbers_only(eq.sides[2].text) or not eq.sides[2].text.strip()):
            return  # `R_A = R_B = 1000`, `α_h = α_b = α_c = 1`: the values of an example, not a name for a body
        if self._in_force(head[0], first.at) is not None or not all(re.fullmatch(r"[a-z]", p) for p in head[1]) \
                or any(self._in_force(param, first.at) is not None for param in head[1]):
            return  # f(u) with u a defined name: not a function of a free variable
        second = Definition(head[0], head[1], body, first.line, head=eq.sides[1].text.strip(),
                            reach_from=first.reach_from, at=first.at, reach_to=first.reach_to)
        self.table.definitions[head[0]] = second
        self.everything.append(second)

    def _derivative_of_defined(self, head, offset: int) -> bool:
        """`f′`, `f′_θ` with no arguments, where f is defined without parameters; `f′(x)` where f is
        defined with one parameter (its derivative, a claim)."""
        key, params = head
        if "′" not in key or len(params) > 1:
            return False
        base = re.sub(r"_(theta|phi)(?=′|$)", "", key).replace("′", "")
        earlier = self._in_force(base, offset)
        return earlier is not None and len(earlier.params) == len(params)

    def _in_force(self, key: str, offset: int):
        """The definition of `key` that applies at `offset` (the latest one written before it)."""
        return next((d for d in reversed(self.everything)
                     if d.key == key and d.at <= offset < d.reach_to), None)

    def _quantified(self) -> None:
        """"For any reward $r(x, y)$": from there to the end of its section, r is any reward, whatever
        an earlier definition said (an appendix reuses r for the reward it quantifies over)."""
        for m in FOR_ANY_RE.finditer(self.text):
            try:
                tree = latex.parse_tree(m.group(1))
            except latex.LatexError:
                continue
            name = plain_name(tree.children[0] if tree.data in ("call", "call_bracket") else tree)
            definition = self._in_force(name.key, m.start()) if name is not None else None
            if definition is not None:
                definition.reach_to = min(definition.reach_to, m.start())

    def _display_of(self, definition) -> str:
        """The LaTeX of a definition's body up to the end of its math."""
        close = BODY_END_RE.search(self.text, definition.at)
        return self.text[definition.at: close.start() if close else None]

    def _source_of(self, definition) -> str:
        """The LaTeX of a definition's body as written."""
        end = self.text.find("\n", definition.at)
        return self.text[definition.at: end if end >= 0 else None].split("$")[0]

    def _circular(self, key: str, tree) -> bool:
        """Would defining `key` by `tree` close a circle through the definitions so far? Then the
        line is what follows from them (a claim), not a second definition."""
        seen, todo = set(), list(_names_in(tree))
        while todo:
            name = todo.pop()
            if name == key:
                return True
            definition = self.table.definitions.get(name)
            if name in seen or definition is None or definition.tree is None:
                continue
            seen.add(name)
            todo += _names_in(definition.tree)
        return False

    def _reach_back(self, offset: int) -> int:
        """The first offset a definition at `offset` applies to: its own paragraph, and the display
        just before it ("$$∇ℓ = −σ(−u)∇_θ u$$ where $u = …$"); not earlier sections, which may use
        the same letter for something else (z a variable there, z = θᵀφ(x) here)."""
        start = max(self.text.rfind("\n\n", 0, offset), 0)
        before = self.text[:start].rstrip()
        for close, open_ in (("$$", "$$"), ("\\]", "\\["), ("\\end{", "\\begin{")):
            tail = before[-40:]
            if close in tail and not re.search(r"(^|\n)[ \t]*#", tail[tail.rfind(close):]):  # no heading between
                opened = before.rfind(open_, 0, len(before) - len(tail) + tail.rfind(close))
                if opened >= 0:
                    start = opened
                break
        return start

    def _carried_on(self, eq, tree, numbers: bool) -> bool:
        """Does a definition in passing (`with $Z(x) = …$`) reach the later steps of its parent section?
        Not a worked value, nor another name (`$y = y_w$`: a case), nor a name the parent section
        defines again after its own subsection (each step its own Δ)."""
        if numbers or tree is None or plain_name(tree) is not None:
            return False
        start = side_start(eq.sides[0])
        own, parent = self._section_end(start), self._section_end(start, steps=True)
        head = re.escape(eq.sides[0].text.replace("&", " ").strip())
        return not re.search(rf"(^|\$|\\\[|\\\(|&)\s*{head}\s*(:=|=|\\equiv)", self.text[own:parent], re.MULTILINE)

    def _section_end(self, offset: int, steps: bool = False) -> int:
        """Where the section holding `offset` ends (the next heading of its level or above): how far
        a definition made in passing in the prose ("where $C(x) = \\beta \\log Z(x)$") reaches; notes
        reuse such letters. With `steps`, a subsection (`###` and below) is a step of its parent's
        derivation, which goes on using the names it defines: the parent's end."""
        headings = list(re.finditer(r"^[ \t]*(#{1,6})[ \t]", self.text, re.MULTILINE))
        level = next((len(h.group(1)) for h in reversed(headings) if h.start() < offset), 1)
        level -= 1 if steps and level >= 3 else 0
        return next((h.start() for h in headings if h.start() > offset and len(h.group(1)) <= level),
                    len(self.text))

    def _scope(self, offset: int) -> None:
        """Only the definitions that reach this place are known while it is judged."""
        self.table.offset = offset
        if self.examples and offset >= self.examples_until:  # a worked example's values end with its section
            self.examples = False
            self.earlier_values.update(self.example_values)  # a conclusion may quote them again
            self.example_values.clear()
            self.example_names.clear()
        visible = {d.key: d for d in self.everything if d.reach_from <= offset < d.reach_to}
        if {k: id(d) for k, d in visible.items()} != {k: id(d) for k, d in self.table.definitions.items()}:
            self.table.definitions = visible
            self.table.clear_cache()

    # ---------------------------------------------------------------- pass 2: each equation


def _is_value(text: str) -> bool:
    """A number or a single capital letter (A, C: a token of an example)."""
    return _is_number(text) or re.fullmatch(r"\s*[A-Z]\s*", text.replace("&", " ")) is not None


def _another_function(before: list[str], now: list[str]) -> bool:
    """`𝓛 = −log σ(u)`, later `𝓛(π, λ) = …`: written with two or more arguments where the first had
    another number, the letter names another function (a Lagrangian, not the loss)."""
    own = [p for p in now if not re.match(r"pi_|pi\^|theta|phi", p)]  # 𝓛(π_θ; π_ref) is the loss itself
    return len(own) >= 2 and len(now) != len(before)


def _applied_arity(text: str, written: str) -> int:
    """How many arguments the text gives `written` where it applies it (`r(x, y)`: 2); 0 if never."""
    if not re.fullmatch(r"[A-Za-z]", written):
        return 0
    calls = re.findall(rf"(?<![A-Za-z\\]){written}\s*\(([^()=]*)\)", text)
    counts = {len(re.split(r",|\||\\mid", c)) for c in calls if c.strip()}
    return counts.pop() if len(counts) == 1 and max(counts) <= 4 else 0


def _numbers_only(text: str, functions: frozenset = frozenset()) -> bool:
    """Numbers and operations, no name (`\\log \\frac{0.419}{1/3}`; with `functions`, `\\sigma(0.8)` too):
    a value computed in an example."""
    if not re.search(r"\d", text):
        return False
    if functions and (re.search(r"[A-Za-z]", NUMBER_WORDS_RE.sub("", text)) or re.search(r"\(\s*\\cdot\s*\)", text)):
        return False  # a letter besides those (x in |x|, which the parse tree hides in a length), or σ(·)
    try:
        return not _names_in(latex.parse_tree(text)) - functions
    except latex.LatexError:
        return False


def _is_number(text: str) -> bool:
    return re.fullmatch(r"\s*[-−]?\s*\d+(\.\d+)?\s*", text.replace("&", " ")) is not None


def first_char(text: str, offset: int) -> int:
    """The offset of the first non-space, non-& character at or after `offset`."""
    m = re.compile(r"[\s&]*").match(text, offset)
    return m.end() if m and m.end() < len(text) else offset
