r"""Names as written in the math: `\delta`, δ, `y_w`, `l_{DPO}`, `\hat{r}_\theta`, `\pi^*`, σ′ -> keys.

A name's key joins its letter (Greek spelled out, decorations kept: `hat(r)`), its superscript
mark (`\pi^*`, `\pi^{\ast}` -> `pi^*`; `y^+`; `z^{(w)}`), its subscript as text
(`_{\text{ref}}` -> `ref`) and its primes (`r'` defined as a name of its own), so
`\hat{r}_\theta(x, y)` defined on one line is found when applied as `\hat{r}_\theta(x, y_l)`.
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
FONT_ONLY = {"mathrm", "mathbf", "mathit", "boldsymbol", "bm", "pmb", "rm", "mathsf", "text", "textrm",
             "textit", "textbf", "textsf", "operatorname"}
# π with these subscripts (or none) is the policy or the reference, never a name the text defines.
POLICY_SUBSCRIPTS = {"theta", "phi", "psi", "omega", "vartheta", "varphi"}
PLACEHOLDER = "·"  # the parameter of `π*(·|x) = …`: the response its value is taken at (y in the body)
REFERENCE_SUBSCRIPTS = {"ref", "reference", "sft", "SFT", "0", "phi_ref", "theta_ref", "base"}


def normalise_script(text: str) -> str:
    r"""`_{\text{ref}}` -> "ref", `_\theta` -> "theta", `_{DPO}` -> "DPO", `_w` -> "w"."""
    text = text.lstrip("_^").strip()
    text = re.sub(r"\\(text|mathrm|rm|mathit|operatorname|textrm|textbf|mathbf|boldsymbol|bm|pmb|symbf)\b", "", text)
    text = re.sub(r"\\([a-zA-Z]+)", lambda m: VARIANTS.get(m.group(1), m.group(1)), text)
    text = "".join(GREEK_UNICODE.get(c, c) for c in text)
    return re.sub(r"[\s{}]", "", text)


def normalise_sup(text: str) -> str:
    r"""`^*`, `^{\ast}`, `^\star` -> "*"; `^\pi` -> "π"; `^+` -> "+"; `^{(w)}` -> "(w)"; `^{\text{RL}}` -> "RL";
    `^\top`, `^{T}`, `^\intercal` -> "T" (a transpose)."""
    text = text.lstrip("^").strip()
    text = re.sub(r"\\(ast|star)\b", "*", text)
    text = re.sub(r"\\pi\b", "π", text)  # A^π(s, a), V^π(s): a value under the policy
    text = re.sub(r"\\(top|intercal)\b|\\mathsf\s*\{\s*T\s*\}", "T", text)
    text = re.sub(r"\\(text|mathrm|rm|textrm|mathsf)\b", "", text)
    return re.sub(r"[\s{}]", "", text)


@dataclass
class Name:
    r"""A name as written, before the symbol table says what it is: `\hat{r}_\theta`, `y_w`, σ′."""

    base: str
    pos: int
    sub: str | None = None
    primes: int = 0
    sup: str | None = None

    @property
    def key(self) -> str:
        return (self.base + (f"^{self.sup}" if self.sup else "") + (f"_{self.sub}" if self.sub else "")
                + "′" * self.primes)


ACCENTS = {"ŷ": "hat", "ȳ": "bar", "ỹ": "tilde", "\u0302": "hat", "\u0303": "tilde", "\u0304": "bar"}


def name_of_token(token: lark.Token) -> Name:
    text = str(token)
    if token.type in ("NAME", "WORD", "KL_WORD", "GRADIENT_NAME"):
        return Name(text, token.start_pos)
    if token.type == "TEXT_WORD":  # \text{"Có"} -> Có, \text{[EOS]} -> EOS
        return Name(re.sub(r"[^\w]|_", "", text.partition("{")[2]), token.start_pos)
    if token.type == "INDICATOR":  # 𝟙[y ∼ y_w]: one name per condition as written
        condition = re.sub(r"\s+|\\[{}]|[\[\]{}]", "", re.split(r"\}|𝟙", text, maxsplit=1)[1]).lstrip("_")
        return Name(f"𝟙[{condition}]", token.start_pos)
    if token.type == "ACCENTED":
        letter, mark = ("y", text) if len(text) == 1 else (text[0], text[1])
        return Name(f"{ACCENTS[mark]}({letter})", token.start_pos)
    if token.type == "DIFFERENCE":  # Δr; Δr̂ for `\Delta \hat{r}`
        accent = re.search(r"\\([a-z]+)\s*\{\s*([A-Za-z])", text)
        return Name("Δ" + (accent.group(2) + DECORATIONS[accent.group(1)] if accent else text[-1]), token.start_pos)
    if token.type == "SIGMOID_WORD":
        return Name("sigma", token.start_pos)
    if token.type == "GREEK":
        base = GREEK_UNICODE.get(text, text.lstrip("\\"))
        return Name(VARIANTS.get(base, base), token.start_pos)
    m = re.match(r"\\([a-zA-Z]+)\s*\{?\s*\\?([A-Za-z]+)", text)  # DECORATED
    deco, letter = m.group(1), VARIANTS.get(m.group(2), m.group(2))
    inner = re.search(r"\\(mathcal|mathscr|mathbf|boldsymbol|bm|mathrm)\s*\{\s*([A-Za-z])", text[m.end(1):])
    if inner and inner.group(1) in FONT_ONLY:  # \mathring{\mathbf{x}}: a bold x, decorated
        letter = inner.group(2)
    elif inner:  # \hat{\mathcal{L}}
        return Name(f"{deco}({inner.group(1)}({inner.group(2)}))", token.start_pos)
    letter = GREEK_UNICODE.get(letter, letter)
    return Name(letter if deco in FONT_ONLY else f"{deco}({letter})", token.start_pos)


GREEK_LETTERS = {v: k for k, v in GREEK_UNICODE.items() if k not in "ϵϑϕς"}
DECORATIONS = {"hat": "\u0302", "widehat": "\u0302", "tilde": "\u0303", "widetilde": "\u0303",
               "bar": "\u0304", "overline": "\u0304", "vec": "\u20d7"}


def display_name(key: str) -> str:
    """`hat(r)_theta` -> r̂_θ, `delta` -> δ, `mathcal(L)_DPO` -> L_DPO, `pi^*` -> π*: names in
    counterexamples."""
    primes = len(key) - len(key.rstrip("′"))
    key = key.rstrip("′")
    base, _, sub = key.partition("_")
    base, _, sup = base.partition("^")
    m = re.fullmatch(r"([a-z]+)\((\w+)\)", base)
    if m:
        letter = GREEK_LETTERS.get(m.group(2), m.group(2))
        base = letter + DECORATIONS.get(m.group(1), "")
    else:
        base = GREEK_LETTERS.get(base, base)
    sup = sup.replace("*", "∗")  # a star, not the product sign the text printer writes for *
    return base + sup + "′" * primes + (f"_{GREEK_LETTERS.get(sub, sub)}" if sub else "")


def param_symbol(key: str) -> sp.Symbol:
    """The parameter a policy depends on (the subscript of π or ∇): real."""
    return sp.Symbol(key, real=True)


def definable_head(tree: lark.Tree):
    r"""(key, params) when a left side is `u`, `\delta(\phi)`, `\hat{r}_\theta(x, y)`, `\pi^*(y|x)`,
    `P(i \succ j)`, `D_{KL}(P \| Q)`, `r'(x, y)`; else None."""
    params: list[str] = []
    if tree.data in ("call", "call_bracket"):
        head = tree.children[0]  # `P\{A \succ B\}`: the args sit between the escaped braces (tokens)
        args = next((c for c in tree.children[1:] if isinstance(c, lark.Tree)), None)
        for item in (args.children if args is not None else ()):
            if getattr(item, "type", None) in ("SEP", "PARALLEL"):
                continue
            for part in (item.children[::2] if getattr(item, "data", None) == "preference" else [item]):
                if getattr(part, "data", None) == "placeholder":  # π*(·|x): a policy at any response
                    params.append(PLACEHOLDER)
                    continue
                name = plain_name(part)
                if name is None:
                    return None
                params.append(name.key)
        tree = head
        # ℒ_DPO(π_θ; π_ref): the loss of those policies, written as its arguments; the body already names
        # them, and a policy is no variable to substitute (∇_θ ℒ_DPO(π_θ; π_ref) is the gradient of the body).
        # ℒ(π, λ), a Lagrangian, keeps its variables.
        if all(re.match(r"pi(_|\^|$)", p) for p in params):
            params = []
    name = plain_name(tree)
    if name is not None and name.base in ("phi", "theta") and name.sub and params:
        return name.key, params  # φ_θ(y) = θᵀψ(y): a function written with the parameter's letter
    if name is not None and name.base in ("phi", "theta") and not params and not name.primes \
            and re.fullmatch(r"\d+|init|old|new|start", name.sub or ""):
        return name.key, params  # θ_0 = 0: the parameter's starting value, a value of its own
    if name is not None and name.base == "phi" and not params and not name.primes \
            and re.fullmatch(r"[ijkmnt]", name.sub or ""):
        return name.key, params  # φ_n = φ(x_n): the n-th example's features (scope.py: where φ is no parameter)
    if name is not None and name.key == "phi" and params and all(re.fullmatch(r"[a-z]", p) for p in params):
        return name.key, params  # φ(z) = 1/(1 + e^{−z}): a function of the text's own (scope.py: where φ is no parameter)
    if name is None or name.key == "e" or (name.base in BUILTIN_BASES and not _definable_pi(name)):
        return None
    if name.primes and name.base == "sigma":
        return None
    return name.key, params


def _definable_pi(name: Name) -> bool:
    r"""`\pi^*`, `\pi_r`, `\pi_{r'}`: a policy the text defines; never π, π_θ, π_φ or π_ref."""
    if name.base != "pi" or name.primes:
        return False
    if name.sup:
        return True
    return (name.sub is not None and name.sub not in REFERENCE_SUBSCRIPTS
            and name.sub.split("_")[0] not in POLICY_SUBSCRIPTS)  # π_θ, π_{θ_k}: the policy itself


def plain_name(tree):
    r"""The Name of `u`, `y_w`, `\pi^*_\theta`, `r'`; None for anything that is not a bare name."""
    data = getattr(tree, "data", None)
    if data == "name":
        return name_of_token(tree.children[0])
    if data in ("subscript", "superscript", "prime"):
        name = plain_name(tree.children[0])
        if name is None:
            return None
        mark = str(tree.children[1])
        if data == "subscript" and name.sub is None:
            name.sub = normalise_script(mark)
        elif data == "superscript" and name.sup is None and normalise_sup(mark) != "T":
            name.sup = normalise_sup(mark)
        elif data == "prime":
            name.primes += 1
        return name
    return None


def names_in(tree) -> set[str]:
    """The keys of the names a parse tree mentions (`r^*`, `\\pi^*`, `Z`); `r_\\phi` is one name, not
    also `r`: the walk does not look inside a name once it has one."""
    found, stack = set(), [tree]
    while stack:
        node = stack.pop()
        name = plain_name(node)
        if name is not None:
            found.add(name.key)
        elif hasattr(node, "children"):
            stack.extend(node.children)
    return found
