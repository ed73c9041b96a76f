r"""How far a name said again reaches, and what a line says under a case (mixed into scope.Scope).

"Let $r = …$" defines a name anew from there; "when $u = 0$", "for example $\\beta = 0.1$:" and
"$p = 0.6$ なら" make it a case, for its paragraph (and the display it introduces); a relation before
⟹ is a premise of what follows it, and one after ⟹ a conclusion, never a definition; a name said
again in plain variables unrelated to the first definition's is another quantity (softmax, then
sigmoid, both p_i); `W = W − η ∂L/∂W` and `θ_{t+1} = θ_t − α g` are assignments, not equations.
"""
from __future__ import annotations

import re

import sympy as sp
from sympy.core.function import AppliedUndef

from . import latex
from .names import names_in as _names_in
from .values import constant

SUPPOSE_BEFORE_RE = re.compile(r"(\b(let|suppose|assume|take|taking|choose|choosing|define|defining|redefine|instead)\b(?!\s+(us|me)\b|['’]s)|(?<![假建])设(?!计)|假设|假定|(?<!命)令|(?<![获提读抽争听])取(?![决消得])|\bin\s+(that|this|which)\s+case\b|[那此这這]時|[那此这]时)[^.。\n]*$",
                               re.IGNORECASE)
SUPPOSE_AFTER_RE = re.compile(r"(이)?라(고)?\s*(하자|두자)|と(する|おく)|로\s*두자")
WHEN_BEFORE_RE = re.compile(r"(\b(when|whenever|if|at|for|given|say|for (example|instance)|e\.g\.|chẳng hạn|ví dụ|cho|với"
                            r"|при|например|wenn|falls|quand|lorsque|cuando|quando|por ejemplo|par exemple|zum Beispiel"
                            r"|bila|jika|apabila|ketika|untuk|misalnya|contohnya)"  # Indonesian: if, when, for, e.g.
                            r"|当|當|例如|比如|例えば|예를 들어)[\s,:]*$"
                            # "if the pairs are swapped and $z = -2$": a condition opening the clause the value is in
                            r"|(\b(if|when|если|когда|si|se|wenn|falls)\b|如果|若|假如)[^.。;；!?$\n]{0,40}\b(and|и|et|y|e|und)\s*$",
                            re.IGNORECASE)  # a case, or an example's value
# The words of a condition alone ("if $θ^T x = 0$, the point is on the boundary"): what follows is
# supposed, never claimed. Not "for", "at", "say": they also bring in an example's value.
IF_BEFORE_RE = re.compile(r"(\b(if|when|whenever|если|когда|wenn|falls|quand|lorsque|soit|cuando|quando|si|se|bila"
                          r"|jika|apabila|ketika)|如果|若|假如|当|當)[\s,:]*$", re.IGNORECASE)  # soit … soit: either … or
IF_IN_MATH_RE = re.compile(r"[\s&]*(\\(text|mathrm|textrm|mbox)\s*\{\s*(if|when|si|wenn)\s*\}|(if|when)\s*(\\[ ,;:]|\\q?quad|~))")
# "对 u,v 求导置零，得 $2u+v=2t$ 与 …，解得 $u=v=2t/3$", "setting the derivative to zero gives $…$": the
# conditions of an optimum and their solution, which hold there, not for every value
SOLVED_BEFORE_RE = re.compile(r"((置零|为零|為零|等于零|等於零)[^。\n]{0,30}?得|解得"
                              r"|(?<![A-Za-z])(setting|set)\b[^.\n]{0,40}\bzero\b[^.\n]{0,30}\b(gives|yields|we get)"
                              r"|(?<![A-Za-z])solving\b[^.\n]{0,40}"
                              r"\b(gives|yields|we get))[^。.\n]*$", re.IGNORECASE)
WHEN_AFTER_RE = re.compile(r"(时|時|的时候|处|處|のとき|の時|の場合|では|なら|일\s*때|인\s*경우)")
INLINE_LIST_RE = re.compile(r"\s*\$(?:\s*(?:[,，、]|and|和|与|과|와|및|et|y|und|и)\s*\$[^$\n]{1,80}\$)+")
IMPLICATION = r"\\(implies|Rightarrow|Longrightarrow|therefore)(?![a-zA-Z])|⟹|⇒"
IMPLIES_RE = re.compile(rf"[\s,;&]*({IMPLICATION}"
                        r"|\$\s*\$?\s*(\\(rightarrow|to|Rightarrow|implies)(?![a-zA-Z])|→|⇒))")  # `$Ψ(x) = …$ $\rightarrow$ KL`
MATH_CLOSE_RE = re.compile(r"\$\$|\\\]|\\end\{[a-z*]+\}|(?<![\\$])\$(?!\$)|\\\)")
CONCLUDED_RE = re.compile(rf"({IMPLICATION}|=>)\s*$")
DISPLAY_OPEN_RE = re.compile(r"\s*(\$\$|\\\[|\\begin\{([a-z*]+)\})")
PARAGRAPH_END_RE = re.compile(r"\n[ \t>]*\n")  # a blank line (in a quote too)
STANDARD_NAMES = {"beta", "e", "exp", "log", "ln", "sigma", "pi_theta", "pi_ref", "pi", "theta", "phi"}


class Cases:
    """Methods of chain.FileRun's Scope for cases and suppositions (it holds `text`, `_in_force`)."""

    def _supposed(self, eq) -> bool:
        """Is the line put as a supposition ("Let $r = …$", "Taking the score as $s = e^r$", "设 …",
        "… 라 하자", "… とする")? Then a name said again is defined anew from there, not checked
        against its earlier definition."""
        start, last = side_start(eq.sides[0]), eq.sides[-1]
        for _ in range(4 if eq.display else 0):  # from the start of its display, and of displays just before
            opened = max(self.text.rfind(mark, max(0, start - 400), start) for mark in ("$$", "\\[", "\\begin{"))
            if opened < 0:
                break
            start, before = opened, self.text[max(0, opened - 400): opened].rstrip()
            if not re.search(r"(\$\$|\\\]|\\end\{[a-z*]+\})$", before):
                break
            start = len(before) + max(0, opened - 400) - 2  # inside the display just before: its opener next
        before = re.sub(r"(\$\$|\\\[|\$|\\\(|\\begin\{[a-z*]+\})\s*$", "", self.text[max(0, start - 80): start])
        before = before.rstrip().split("\n\n")[-1]
        end = last.start + len(last.text)
        if eq.display:  # past the rest of its display
            close = re.compile(r"\$\$|\\\]|\\end\{[a-z*]+\}").search(self.text, end, end + 400)
            end = close.end() if close else end
        after = re.sub(r"^[\s$]*", "", self.text[end: end + 40]).split("\n\n")[0]
        return bool(SUPPOSE_BEFORE_RE.search(before) or SUPPOSE_AFTER_RE.match(after))

    def _defined_at(self, eq):
        """Is a name defined where `eq` stands (a test for _another_quantity)?"""
        at = side_start(eq.sides[0])
        return lambda key: self._in_force(key, at) is not None

    def _premise_end(self, eq) -> int | None:
        r"""`y = \log x \implies \frac{dy}{dx} = \frac{1}{x}`: a relation followed by ⟹ is the premise of
        what follows it; where its math ends (it defines its names up to there only), else None."""
        last = eq.sides[-1]
        end = last.start + len(last.text)
        if len(eq.relations) != 1 or not IMPLIES_RE.match(self.text, end):
            return None
        close = MATH_CLOSE_RE.search(self.text, end)
        return close.start() if close else len(self.text)

    def _supposed_meanwhile(self, eq) -> bool:
        """Is an inline `$u = 0$` put as a case the sentence considers ("when $u = 0$", "当 $u=0$ 时",
        "$u=0$ のとき")? Then u is 0 to the end of the paragraph only."""
        if eq.display or len(eq.relations) != 1:
            return False
        before, after = self._words_around(eq, past_a_list=True)
        at_a_value = after.startswith("에서") and re.fullmatch(r"\s*[-−]?\d+(\.\d+)?\s*", eq.sides[-1].text)  # "$z=0$에서": at z = 0
        return bool(WHEN_BEFORE_RE.search(before) or WHEN_AFTER_RE.match(after) or at_a_value)

    def _words_around(self, eq, past_a_list: bool = False) -> tuple[str, str]:
        """(the 30 characters before an inline relation's math, the 12 after it), without the `$`s;
        `past_a_list`: after the list of values it opens (`$r_w = 2.0$, $r_l = 0.5$일 때`)."""
        start, last = side_start(eq.sides[0]), eq.sides[-1]
        end = last.start + len(last.text)
        listed = INLINE_LIST_RE.match(self.text, end) if past_a_list else None
        end = listed.end() if listed else end
        before = self.text[max(0, start - 30): start].rstrip().rstrip("$").rstrip()
        return before, self.text[end: end + 12].lstrip().lstrip("$").lstrip()

    def _a_condition(self, eq, left, right) -> bool:
        """Is the relation left = right put as a condition ("if $θ^T x = 0$", "当 $u=0$ 时", "$z=0$ のとき")?
        Then it is supposed, not claimed: a relation that does not hold for every value is no slip. One
        between numbers alone (defined names kept as written) is false under any condition: never one."""
        if constant(sp.S(left.opaque) - sp.S(right.opaque)):
            return False
        if eq.display:  # a row `&if \ j=i \\`, `\text{if } j = i`: the word inside the math, as written
            return IF_IN_MATH_RE.match(self.text, side_start(eq.sides[0])) is not None
        before, after = self._words_around(eq)
        # "Tied ($r_w = r_l$): gap 0", "坏回答（$y = y_l$）的价值": two names (or a name and a number) set
        # equal in brackets of their own after a word name the case, where no identity could be meant
        named_case = before.endswith(("(", "（")) and after.startswith((")", "）")) \
            and all(_atom(sp.S(v.opaque)) for v in (left, right))
        return bool(IF_BEFORE_RE.search(before) or WHEN_AFTER_RE.match(after) or named_case
                    or SOLVED_BEFORE_RE.search(before))


def _atom(value) -> bool:
    return isinstance(value, (sp.Symbol, sp.Number, AppliedUndef))


def paragraph_end(text: str, offset: int) -> int:
    """Where the paragraph that holds `offset` ends (its blank line, or the end of the text)."""
    found = PARAGRAPH_END_RE.search(text, offset)
    return found.start() if found else len(text)


def case_end(text: str, offset: int) -> int:
    """Where a case the prose considers ends ("when $u = 0$ …", "例如 $\\beta=0.1$："): its paragraph,
    and the display after it when the paragraph ends with a colon or a comma (the sentence goes on in it)."""
    end = paragraph_end(text, offset)
    if not text[:end].rstrip().endswith((":", "：", ",", "，")):
        return end
    opened = DISPLAY_OPEN_RE.match(text, end)
    if opened is None:
        return paragraph_end(text, end + 2)
    close = {"$$": "$$", "\\[": "\\]"}.get(opened.group(1), f"\\end{{{opened.group(2)}}}")
    found = text.find(close, opened.end())
    return paragraph_end(text, found + len(close)) if found >= 0 else len(text)


ITERATE_RE = re.compile(r"(\\?[A-Za-z]+)\s*(_|\^)\s*\{\s*\(?\s*([tknij])\s*\+\s*1\s*\)?\s*\}")
STEP_SIZE_RE = re.compile(r"\\(nabla|partial|eta|alpha|gamma|epsilon)(?![a-zA-Z])|∇|∂|\\frac\s*\{\s*d|\blr\b|\bgrad")
BOLD_RE = re.compile(r"\\(?:mathbf|boldsymbol|bm)\s*\{\s*([^{}]*?)\s*\}")
UPDATE_NAME_RE = re.compile(r"\\?[A-Za-z]+(_\{?[A-Za-z0-9]+\}?)?")


def is_update_rule(eq) -> bool:
    """`W = W - lr*\\frac{dLoss}{dW}`, `\\theta = \\theta - \\eta \\nabla L`: the new value from the old one."""
    if len(eq.relations) != 1 or eq.relations[0] not in ("=", ":=", "\\coloneqq"):
        return False  # `W := W − α dW` too
    left, right = (BOLD_RE.sub(r"\1", side.text.replace("&", " ")).strip() for side in eq.sides[:2])  # \mathbf{W}: W
    if not STEP_SIZE_RE.search(right):  # δ = δ + 1 + u²: a claim (false), not a step of a descent
        return False
    step = ITERATE_RE.fullmatch(left)
    if step is not None:  # θ_{t+1} = θ_t − η g: the next iterate from this one
        return re.match(re.escape(step.group(1)) + r"\s*(_|\^)\s*\{?\(?\s*" + step.group(3) + r"\s*\)?\}?", right) is not None
    return UPDATE_NAME_RE.fullmatch(left) is not None and re.match(re.escape(left) + r"\s*[-+−]", right) is not None


def _another_quantity(earlier, body, parse, defined) -> bool:
    """`p_i = e^{x_i}/Σ_k e^{x_k}`, then (softmax, then sigmoid) `p_i = 1/(1 + e^{−x})`: said again in
    plain variables none of which is the first definition's or an entry of one of its (x is not
    x_i; a_1 is an entry of a_i), the name stands for another quantity. A body that uses a name the
    text defines (u, δ) is a restatement, checked against the first."""
    try:
        names = _names_in(parse(body)) - STANDARD_NAMES
    except latex.LatexError:
        return False
    first = _names_in(earlier.tree) - STANDARD_NAMES if earlier.tree is not None else set()
    if not names or not first or earlier.key in names or any(defined(n) for n in names | first):
        return False
    return not any(a == b or _entries_of_one(a, b) for a in names for b in first)


def _entries_of_one(a: str, b: str) -> bool:
    """a_1 and a_i, x_{k} and x_j: the same letter, both indexed."""
    base_a, _, index_a = a.partition("_")
    base_b, _, index_b = b.partition("_")
    return base_a == base_b and bool(index_a) and bool(index_b)


def side_start(side) -> int:
    """The offset of a side's first character (structural marks in it are already blanked)."""
    return side.start + len(side.text) - len(side.text.lstrip(" \t\n&"))
