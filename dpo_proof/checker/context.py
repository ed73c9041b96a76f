r"""What the words around the math say about it: continuations and readings of the prose.

- A display that is only an expression continues the previous claim when the text leaves no
  doubt: the equation before it is a claim (not a definition, not another bare step) and the
  prose between them is short and says so ("Expanding this gives", "so", "得到", "よって").
  Otherwise it is a step of its own (`continues=False`), reported, never dropped.
- "Derivative of $\log(x)=\frac{1}{x}$" claims (log x)′ = 1/x; "the gradient of $u$ is $…$"
  claims ∇u = …; "using $\sigma' = \sigma(1-\sigma)$" is an identity for every argument. Such
  a side carries a `reading` that `parse_side` applies to its parse tree, and the equation a
  `reading_note` that the report prints, so the author sees how the line was read.
"""
from __future__ import annotations

import re

import lark

from .cautions import close_open_brackets
from .unchecked import PROSE_LEFT_SIDE
from .layout import Equation, Side, split_block
from .tuples import entrywise
from .marks import unbalanced
from .names import definable_head
from .parsing import LatexError, parse_tree

MAX_EQUATIONS = 2000  # the checker judges far fewer; the rest is not even split
CONTINUE_RE = re.compile(
    r"(gives?|giving|becomes?|yields?|expand\w*|simplif\w*|rewrit\w*|\bso|thus|hence|therefore|"
    r"which is|we get|we have|we obtain|equals?|i\.e\.|得到|得|即|于是|所以|化简|展开|因此|整理|"
    r"となる|よって|したがって|すると|を得る|정리하면|따라서|즉|이므로|=)\W*$", re.IGNORECASE)
DERIVATIVE_RE = re.compile(r"(derivative|differentiat\w*|導関数|微分|导数|求导|偏导|미분)\s*(of|d'|de|von)?"
                           r"\s*[:：]?\s*$", re.IGNORECASE)
GRADIENT_RE = re.compile(r"(gradient|勾配|梯度|기울기)\s*(of|de|von)?\s*[:：]?\s*$", re.IGNORECASE)
IS_RE = re.compile(r"^\s*(is|equals|=|は|为|是|는|은|이다|:)\s*$", re.IGNORECASE)
BARE_SIGMA_RE = re.compile(r"(\\sigma|σ)(?![a-zA-Z])\s*(′|'|\^\s*\{?\s*\\prime\s*\}?)*"
                           r"(?=\s*($|[=)\]},+\-−]|\\cdot|\\times|\\right|\\[bB]igg?r|\\[bB]igg?\s*[)\]]))")

# the variable of a derivative written `\frac{∂ …}{∂ W}`, `\frac{d}{d\theta}` or `\nabla_W`; σ's own is a plain letter
OTHER_VARIABLE_RE = re.compile(r"\\frac\s*\{[^{}]*\}\s*\{\s*(?:\\partial|\\mathrm\{d\}|d)\s*(\\?[A-Za-z]+)|\\nabla_\{?\s*(\\?[A-Za-z]+)")
OWN_VARIABLES = {"x", "z", "u", "t", "v", "a", "s", "h", "y"}
LEIBNIZ_SIGMA_RE = re.compile(r"(\\mathrm\{d\}|\\partial|\bd)\s*(\\sigma|σ)(?![a-zA-Z])")  # dσ/du, d/dσ


def split_blocks(blocks, problems: list | None = None) -> list[Equation]:
    """Every block's equations in order, read in context; unbalanced braces go to `problems`."""
    equations: list[Equation] = []
    for block in blocks:
        found = split_block(block, mentions=True)
        if problems is not None and not any(eq.relations for eq in found) and unbalanced(block.text):
            problems.append((block.start, f"unbalanced braces: {unbalanced(block.text)}"))
            found = []  # equations with a relation report this themselves; a bare step would not
        close_open_brackets(found)
        for eq in found:
            parts = entrywise(eq)  # (1,0,0) − (1/3,1/3,1/3) = (2/3,−1/3,−1/3): entry by entry
            equations += ([eq] if eq.relations or not parts else []) + parts
        if len(equations) > MAX_EQUATIONS:
            break
    return read_context(equations)


def read_context(equations: list[Equation]) -> list[Equation]:
    """Continuations and prose readings; inline mentions (`$u$`) are used and left out."""
    out: list[Equation] = []
    defined: set[str] = set()
    previous: Equation | None = None
    previous_is_definition = False
    mention: Equation | None = None
    for eq in equations:
        if not eq.relations and not eq.display:
            made = _is_reading(mention, eq)
            mention = None if made else eq
            if made:
                out.append(made)
            continue
        mention = None
        word = _named_in_prose(eq)
        if word:  # `Weight $= 1 − 0.33 = 0.67$`: Weight = … is not read; 1 − 0.33 = 0.67 is
            out.append(Equation(eq.sides[:2], eq.relations[:1], eq.relation_starts[:1], False, continues=True,
                                unchecked=eq.relations[0], unchecked_reason=f"its left side is the word "
                                f"`{word}` {PROSE_LEFT_SIDE}: `{word} = …` is not judged"))
            eq.sides, eq.relations, eq.relation_starts = eq.sides[1:], eq.relations[1:], eq.relation_starts[1:]
            eq.continues = False
            if not eq.relations:
                continue
        if _named_in_the_middle(eq, defined):  # `P(y=1|x) = ŷ = σ(wᵀx + b)`: ŷ defined, P(y=1|x) named ŷ
            out.append(Equation(eq.sides[:2], eq.relations[:1], eq.relation_starts[:1], eq.display, naming=True))
            eq.sides, eq.relations, eq.relation_starts = eq.sides[1:], eq.relations[1:], eq.relation_starts[1:]
        if eq.relations:
            _read_derivative(eq)
        _read_pointwise(eq)
        if not eq.relations and eq.first_in_block:
            eq.continues = bool(previous is not None and previous.relations and not previous.unchecked
                                and not previous_is_definition and _says_continue(eq.prose))
        previous_is_definition = _defines(eq, defined)
        previous = eq
        out.append(eq)
    return out


# A CJK word before `$= …$` that carries the line before on (是, 为, 等于, 有, 可得, 이고 …), not a noun.
CJK_CONTINUING_RE = re.compile(r"(是|为|為|等于|等於|有|可得|可以写成|写成|记为|变为|变成|结果|之后|然后|就|也|이고|이며|이다|하면)$")
CONTINUING_WORDS = {"is", "are", "was", "be", "then", "and", "so", "thus", "hence", "therefore", "also", "or",
               "gives", "get", "obtain", "have", "becomes", "equals", "yields", "write", "whole"}


def _named_in_prose(eq: Equation) -> str:
    """An inline `$= …$` right after a noun of the prose (`Weight $= 0.67$`, `loss $= −log σ(−0.3)$`):
    the word, its left side, not the last claim's (after "is", "so", "gives" … it continues that);
    '' otherwise."""
    if eq.display or not eq.continues or not eq.relations or not eq.first_in_block:
        return ""
    last = eq.prose.split("\n")[-1]
    word = re.search(r"([A-Za-z]+|[\u3400-\u9fff\uac00-\ud7af]{2,})[ \t]*$", last)  # `损失 $= …$` too
    if word is None or word.group(1).lower() in CONTINUING_WORDS or CONTINUE_RE.search(last) \
            or CJK_CONTINUING_RE.search(word.group(1)):
        return ""
    return word.group(1)


def parse_side(side: Side) -> lark.Tree:
    """The side's parse tree, with the reading context.py gave it applied."""
    tree = parse_tree(side.text)
    return apply_reading(tree, side.reading) if side.reading else tree


def apply_reading(tree: lark.Tree, reading: tuple) -> lark.Tree:
    """("derivative",): the side's derivative in its one variable (definitions expanded);
    ("gradient",): ∇ in the file's parameter; ("pointwise",): σ and σ′ written without an
    argument applied to a variable z."""
    if reading[0] == "derivative":
        return lark.Tree("prime_of", [tree, lark.Token("PRIME", "′")])
    if reading[0] == "gradient":
        return lark.Tree("apply_prefix", [lark.Tree("prefix", [lark.Token("NABLA", "\\nabla")]), tree])
    if reading[0] == "pointwise":
        return _apply_sigma(tree)
    return tree


# ---------------------------------------------------------------------------- continuations

def _says_continue(prose: str) -> bool:
    words = prose.strip().rstrip(":：,，.。 \t\n")
    if not words or len(words) > 200 or re.search(r"(^|\n)\s*#", prose):
        return False
    return bool(CONTINUE_RE.search(words[-60:]))


def _named_in_the_middle(eq: Equation, defined: set[str]) -> bool:
    """`A = n = body` with A no name (an event's probability) and n a new plain name: n is defined."""
    if len(eq.relations) < 2 or eq.relations[:2] != ["=", "="] or eq.continues or eq.unchecked:
        return False
    try:
        first, middle = definable_head(parse_tree(eq.sides[0].text)), definable_head(parse_tree(eq.sides[1].text))
    except LatexError:
        return False
    return first is None and middle is not None and not middle[1] and middle[0] not in defined


def _defines(eq: Equation, defined: set[str]) -> bool:
    """Is this (most likely) a definition, as claims.py will decide: a new name on the left?"""
    if not eq.relations or eq.continues or eq.unchecked:
        return False
    try:
        head = definable_head(parse_tree(eq.sides[0].text))
    except LatexError:
        return False
    if head is None or head[0] in defined:
        return False
    defined.add(head[0])
    return True


# ---------------------------------------------------------------------------- prose readings

def _read_derivative(eq: Equation) -> None:
    """"Derivative of $\\log(x) = \\frac{1}{x}$": the claim is d/dx log(x) = 1/x."""
    cue = _cue(eq.prose)
    if cue is None or len(eq.relations) != 1 or eq.continues or eq.defining:
        return
    left = eq.sides[0]
    if re.search(r"\\nabla|∇|\\partial|∂|\\frac\s*\{\s*d|'|′|\\prime", left.text):
        return
    left.reading, what = _derivative_reading(cue.group(0), left.text)
    eq.reading, eq.reading_note = left.reading, (f"read as {what} of the left side, as the text "
                                                 f"before it says (\"{cue.group(0).strip()}\")")


def _is_reading(mention: Equation | None, eq: Equation) -> Equation | None:
    """"the gradient of $u$ is $…$": two mentions joined by "is" after a cue make a claim."""
    if mention is None or not IS_RE.match(eq.prose):
        return None
    cue = _cue(mention.prose)
    if cue is None:
        return None
    left, right = mention.sides[0], eq.sides[0]
    reading, what = _derivative_reading(cue.group(0), left.text)
    claim = Equation([Side(left.text, left.start, reading), right], ["="], [right.start], False,
                     reading=reading, prose=mention.prose, first_in_block=True)
    claim.reading_note = f"read from the text as {what} of `{left.text.strip()}` = `{right.text.strip()}`"
    return claim


def _cue(prose: str):
    """"Derivative of" just before the math, in the same paragraph; not a heading ("# Sigmoid
    derivative" names a section: the definitions under it are definitions)."""
    if "\n\n" in prose[len(prose.rstrip()):]:
        return None
    last = prose.rstrip().rsplit("\n", 1)[-1]
    if re.match(r"\s*#", last):
        return None
    return DERIVATIVE_RE.search(prose.rstrip()[-60:]) or GRADIENT_RE.search(prose.rstrip()[-60:])


def _derivative_reading(cue: str, text: str) -> tuple[tuple, str]:
    """(reading, how it is said) for "derivative of …" (in its variable) or "gradient of …"."""
    if GRADIENT_RE.search(cue):
        return ("gradient",), "the gradient"
    return ("derivative",), "the derivative (in its one variable)"


def _read_pointwise(eq: Equation) -> None:
    """`\\sigma' = \\sigma(1-\\sigma)`: σ written without an argument, read for every z. Not where the
    line differentiates in another variable (`\\frac{\\partial \\sigma}{\\partial W} = \\sigma(1-\\sigma)X_i`):
    there the bare σ is σ of something in W that the line does not say."""
    sides = [s for s in eq.sides if s.text.strip()]
    if not any(BARE_SIGMA_RE.search(LEIBNIZ_SIGMA_RE.sub("", s.text)) for s in sides):
        return
    if any((m.group(1) or m.group(2)) not in OWN_VARIABLES for s in sides for m in OTHER_VARIABLE_RE.finditer(s.text)):
        return
    for side in sides:
        side.reading = side.reading or ("pointwise",)
    eq.reading_note = eq.reading_note or "σ without an argument read as the function: checked for every z"


def _apply_sigma(tree: lark.Tree) -> lark.Tree:
    """σ and σ′ without an argument become σ(z), σ′(z); σ(1 - σ) with a bare σ inside is a product."""
    if not isinstance(tree, lark.Tree):
        return tree
    if _is_sigma(tree):
        return _at_z(tree)
    if tree.data == "call" and _is_sigma(tree.children[0]) and _has_bare_sigma(tree.children[1]):
        return lark.Tree("jmul", [_at_z(tree.children[0]), _apply_sigma(tree.children[1].children[0])])
    if tree.data in ("call", "call_bracket"):
        return lark.Tree(tree.data, [tree.children[0]] + [_apply_sigma(c) for c in tree.children[1:]])
    return lark.Tree(tree.data, [_apply_sigma(c) for c in tree.children])


def _is_sigma(node) -> bool:
    while isinstance(node, lark.Tree) and node.data == "prime":
        node = node.children[0]
    return isinstance(node, lark.Tree) and node.data == "name" and str(node.children[0]) in ("\\sigma", "σ")


def _has_bare_sigma(node) -> bool:
    if _is_sigma(node):
        return True
    if not isinstance(node, lark.Tree):
        return False
    children = node.children[1:] if node.data in ("call", "call_bracket") else node.children
    return any(_has_bare_sigma(c) for c in children)


def _at_z(sigma_node: lark.Tree) -> lark.Tree:
    z = lark.Tree("name", [lark.Token("NAME", "z", start_pos=0)])
    return lark.Tree("call", [sigma_node, lark.Tree("args", [z])])
