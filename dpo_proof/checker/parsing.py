"""The grammar front end: text -> lark parse tree, with errors that name the offending text."""
from __future__ import annotations

import os
import re
import sys
from functools import lru_cache
from importlib import resources

import lark

from .rewrites import leibniz_over_product, over_as_frac, power_of_a_bracket_after_a_letter, power_of_an_operator_inside
from .slashes import slash_as_leibniz


class LatexError(Exception):
    """Text the grammar or the notation does not cover; `pos` is the offset in the source."""

    def __init__(self, message: str, pos: int = 0):
        super().__init__(message)
        self.message, self.pos = message, pos


@lru_cache(maxsize=1)
def parser() -> lark.Lark:
    grammar = resources.files("dpo_proof.checker").joinpath("grammar.lark").read_text(encoding="utf-8")
    return lark.Lark(grammar, parser="lalr", propagate_positions=False, maybe_placeholders=False,
                     cache=grammar_cache())


def grammar_cache() -> str | bool:
    """Where the analysed grammar is kept between runs (building it is half a second of every
    `dpo-proof check`): a file in the user's own cache folder, never a shared temporary one, since
    lark loads it with pickle. Lark checks the grammar's hash in it and rebuilds a stale or broken
    one; False (no cache) where the folder cannot be made or is not the user's."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "dpo-proof")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if hasattr(os, "getuid") and os.stat(folder).st_uid != os.getuid():
            return False
    except OSError:
        return False
    return os.path.join(folder, f"grammar-lark{lark.__version__}-py{sys.version_info[0]}{sys.version_info[1]}.cache")


OPENING, CLOSING = "([{", ")]}"
SIZED_BAR_RE = re.compile(r"\\(left|right|middle|big|Big|bigg|Bigg)[lrm]?$")  # `\middlem`: 8 characters at most
ONE_NAME_RE = re.compile(r"\s*(\\[a-zA-Z]+|[A-Za-z])(\s*_\s*(\{[^{}]*\}|\w))?\s*")


def norm_bars(source: str) -> str:
    r"""`\|X\theta - y\|^2`: bars that come in pairs within one bracket are a norm's (⟦ ⟧ for the grammar,
    the length kept so that columns stay right); one bar alone in its bracket, as in `D(p \| q)`, is
    a divergence's separator and stays."""
    groups: dict[int, list] = {}  # `\|` and ‖ by the bracket they stand in
    bars: dict[int, list] = {}  # `|`, likewise: `|g(z) - g(c)|` pairs, π(y|x) does not
    depth: list[int] = [-1]
    for k, ch in enumerate(source):
        if ch in OPENING and (k == 0 or source[k - 1] != "\\"):
            depth.append(k)
        elif ch in CLOSING and len(depth) > 1 and (k == 0 or source[k - 1] != "\\"):
            depth.pop()
        elif (ch == "‖" or source.startswith("\\|", k)) and not (k and source[k - 1] == "\\"):
            groups.setdefault(depth[-1], []).append(k)
        elif ch == "|" and not (k and source[k - 1] in "\\|") and not source.startswith("|", k + 1) \
                and not _sized(source, k):  # `||` in KL(P||Q): a divergence's
            bars.setdefault(depth[-1], []).append(k)
    out = list(source)
    for found in (groups, bars):
        for at in found.values():
            if len(at) < 2 or len(at) % 2 or found is bars and any(
                    ONE_NAME_RE.fullmatch(source[a + 1:b]) for a, b in zip(at[::2], at[1::2])):
                continue  # `|y_w|`, `|x|`: a length or one name's absolute value, read by the grammar
            for n, k in enumerate(at):
                width = 1 if source[k] in "‖|" else 2
                out[k:k + width] = ["⟦" if n % 2 == 0 else "⟧"] + [" "] * (width - 1)
    return "".join(out)


def _sized(source: str, k: int) -> bool:
    r"""Is the bar at `k` a `\left|`, `\right|`, `\bigl|`, …? Only the few characters before it are
    looked at (the spaces just before it, then the command), so a line of many bars stays linear."""
    j = k
    while j and source[j - 1].isspace():
        j -= 1
    return SIZED_BAR_RE.search(source, max(0, j - 8), j) is not None


def parse_tree(source: str) -> lark.Tree:
    """Parse one side of an equation; LatexError names the offending text."""
    try:
        source = norm_bars(source)
        tree = parser().parse(source)
        if "/" in source and "d" in source:  # `dL/dz`: a derivative (slashes.py)
            tree = slash_as_leibniz(tree)
        tree = leibniz_over_product(power_of_an_operator_inside(tree))
        tree = power_of_a_bracket_after_a_letter(tree, source)
        return over_as_frac(tree) if "\\over" in source else tree
    except lark.exceptions.UnexpectedCharacters as exc:
        pos = exc.pos_in_stream
        command = re.match(r"\\[a-zA-Z]+|\\.?", source[pos:])
        if command:
            text = command.group(0)
            if text in ("\\text", "\\mbox", "\\textrm", "\\operatorname"):
                raise LatexError(f"`{text}{{…}}` inside an expression is not understood; "
                                 "words go outside the math or after \\quad", pos) from None
            raise LatexError(f"unknown macro `{text}`; {_advice(text)}", pos) from None
        raise LatexError(f"unexpected character `{source[pos]}`", pos) from None
    except lark.exceptions.UnexpectedToken as exc:
        token = exc.token
        if token.type == "$END":
            raise _ends_early(source) from None
        pos = token.start_pos if token.start_pos is not None else 0
        hint = TOKEN_ADVICE.get(token.type, "")
        raise LatexError(f"unexpected `{token}`" + (f"; {hint}" if hint else ""), pos) from None
    except lark.exceptions.UnexpectedEOF:
        raise _ends_early(source) from None
    except RecursionError:
        raise LatexError("nested too deeply", 0) from None


# How to write what the grammar does not read (the message's advice).
ADVICE = {
    "\\mathbb": "an indicator is read as \\mathbb{1}[condition], \\mathbb{1}\\{condition\\} or "
                "\\mathbb{1}_{condition}; other blackboard letters name sets, which are not checked",
    "\\mathbf": "an indicator is read as \\mathbf{1}[condition]; a bold vector is not read: write its "
                "entries as claims of their own",
    "\\begin": "this environment is not read inside an expression: write the cases or entries "
              "as claims of their own",
    "\\end": "this environment is not read inside an expression",
    "\\lim": "limits are not read: write the value the limit has",
    "\\binom": "write the binomial out as a fraction of factorials",
    "\\det": "determinants are not read: write the scalar",
    "\\mathfrak": "write the name with a plain letter, \\hat{…} or \\mathcal{…}",
}
TOKEN_ADVICE = {
    "SEP": "a comma or `|` belongs inside f(a, b) or π(y|x); a tuple is not checked",
    "PARALLEL": "`‖` belongs inside a divergence, D_{KL}(p \\| q)",
    "PREFER": "`≻` belongs inside a probability, P(y_w \\succ y_l)",
    "RBRACE_ESC": "`\\}` closes a `\\{` that is not open",
}


def _advice(command: str) -> str:
    return ADVICE.get(command, "write it with the notation listed in docs/notation.md, or name it "
                               "(u = …) and use the name")


def _ends_early(source: str) -> LatexError:
    return LatexError(f"the expression ends too early ({_balance_hint(source)})", len(source))


def _balance_hint(source: str) -> str:
    for open_, close in (("{", "}"), ("(", ")"), ("[", "]")):
        if source.count(open_) > source.count(close):
            return f"an unclosed `{open_}`"
    return "a missing operand"
