r"""Names as written in the math: `\delta`, δ, `y_w`, `l_{DPO}`, `\hat{r}_\theta`, σ′ -> keys and symbols.

A name's key joins its letter (Greek spelled out, decorations kept: `hat(r)`) and its subscript
as text (`_{\text{ref}}` -> `ref`), so `\hat{r}_\theta(x, y)` defined on one line is found when
applied as `\hat{r}_\theta(x, y_l)` on another.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import lark
import sympy as sp

BUILTIN_BASES = {"sigma", "pi", "phi", "theta"}  # never (re)defined by a file
GREEK_UNICODE = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "theta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "ο": "omicron", "π": "pi", "ρ": "rho",
    "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi",
    "ψ": "psi", "ω": "omega", "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda",
    "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega", "ℓ": "ell",
}
# \varphi and \phi are the same letter to a reader; so are \vartheta/\theta, \varepsilon/\epsilon.
VARIANTS = {"varphi": "phi", "vartheta": "theta", "varepsilon": "epsilon"}
FONT_ONLY = {"mathrm", "mathbf", "mathit", "boldsymbol", "bm", "rm", "mathsf"}
REFERENCE_SUBSCRIPTS = {"ref", "reference", "sft", "SFT", "0"}


def normalise_script(text: str) -> str:
    r"""`_{\text{ref}}` -> "ref", `_\theta` -> "theta", `_{DPO}` -> "DPO", `_w` -> "w"."""
    text = text.lstrip("_^").strip()
    text = re.sub(r"\\(text|mathrm|rm|mathit|operatorname|textrm|mathbf)\b", "", text)
    text = re.sub(r"\\([a-zA-Z]+)", lambda m: VARIANTS.get(m.group(1), m.group(1)), text)
    text = "".join(GREEK_UNICODE.get(c, c) for c in text)
    return re.sub(r"[\s{}]", "", text)


@dataclass
class Name:
    r"""A name as written, before the symbol table says what it is: `\hat{r}_\theta`, `y_w`, σ′."""

    base: str
    pos: int
    sub: str | None = None
    primes: int = 0

    @property
    def key(self) -> str:
        return self.base if self.sub is None else f"{self.base}_{self.sub}"


def name_of_token(token: lark.Token) -> Name:
    text = str(token)
    if token.type == "NAME":
        return Name(text, token.start_pos)
    if token.type == "GREEK":
        base = GREEK_UNICODE.get(text, text.lstrip("\\"))
        return Name(VARIANTS.get(base, base), token.start_pos)
    m = re.match(r"\\([a-zA-Z]+)\s*\{?\s*\\?([A-Za-z]+)", text)  # DECORATED
    deco, letter = m.group(1), VARIANTS.get(m.group(2), m.group(2))
    return Name(letter if deco in FONT_ONLY else f"{deco}({letter})", token.start_pos)


GREEK_LETTERS = {v: k for k, v in GREEK_UNICODE.items() if k not in "ϵϑϕς"}
DECORATIONS = {"hat": "\u0302", "widehat": "\u0302", "tilde": "\u0303", "widetilde": "\u0303",
               "bar": "\u0304", "overline": "\u0304", "vec": "\u20d7"}


def display_name(key: str) -> str:
    """`hat(r)_theta` -> r̂_θ, `delta` -> δ, `mathcal(L)_DPO` -> L_DPO: names in counterexamples."""
    base, _, sub = key.partition("_")
    m = re.fullmatch(r"([a-z]+)\((\w+)\)", base)
    if m:
        letter = GREEK_LETTERS.get(m.group(2), m.group(2))
        base = letter + DECORATIONS.get(m.group(1), "")
    else:
        base = GREEK_LETTERS.get(base, base)
    return base + (f"_{GREEK_LETTERS.get(sub, sub)}" if sub else "")


def param_symbol(key: str) -> sp.Symbol:
    """The parameter a policy depends on (the subscript of π or ∇): real."""
    return sp.Symbol(key, real=True)


def definable_head(tree: lark.Tree):
    r"""(key, params) when a left side is `u`, `\delta(\phi)`, `\hat{r}_\theta(x, y)`; else None."""
    params: list[str] = []
    if tree.data == "call":
        head, args = tree.children
        for item in args.children:
            if getattr(item, "type", None) == "SEP":
                continue
            name = plain_name(item)
            if name is None:
                return None
            params.append(name.key)
        tree = head
    name = plain_name(tree)
    if name is None or name.primes or name.base in BUILTIN_BASES or (name.key == "e"):
        return None
    return name.key, params


def plain_name(tree):
    if getattr(tree, "data", None) == "name":
        return name_of_token(tree.children[0])
    if getattr(tree, "data", None) == "subscript" and getattr(tree.children[0], "data", None) == "name":
        name = name_of_token(tree.children[0].children[0])
        name.sub = normalise_script(str(tree.children[1]))
        return name
    return None
