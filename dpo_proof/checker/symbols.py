r"""The symbol table of one file: what each name the text defines stands for.

A definition (`\delta(\phi) = …`, `\pi^*(\cdot|x) = …`) is kept as its parse tree with its
parameters, the place it is written and how far it reaches; its value is built on use (latex.py),
and once without arguments (cached: used on every line).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import lark
import sympy as sp

from .names import display_name, name_of_token, normalise_script


@dataclass
class Definition:
    r"""`name(params) = body`: `\delta(\phi) = …`, `\hat{r}_\theta(x, y) = …`, `u = …`."""

    key: str
    params: list[str]
    tree: lark.Tree | None
    line: int
    broken: str | None = None  # why the body could not be parsed
    head: str = ""  # the defined name as written (`\hat{r}_\theta`), for messages in the author's notation
    reach_from: int = 0  # the first offset it applies to (a "where u = …" reaches back over its display)
    at: int = 0  # the offset of its body
    reach_to: int = 1 << 62  # where it stops applying (the end of its section, "for any r", …)
    repaired: bool = False  # its brackets were closed by the checker (brackets.py): it never refutes


@dataclass(frozen=True)
class FunctionValue:
    """A defined function passed as an argument (`f(r; π_ref, β)` with `r(x, y) = …`): its value in
    its own parameters, applied when the body calls it (`r(x, y)`)."""

    value: sp.Expr
    params: tuple


@dataclass
class SymbolTable:
    definitions: dict[str, Definition] = field(default_factory=dict)
    default_param: str = "phi"
    policy_param: str | None = None  # a bare π's parameter, where the text writes one on π
    siblings_opened: set[str] = field(default_factory=set)  # λ_j being read through λ_i's definition (binding.py)
    opaque_names: dict[str, str] = field(default_factory=dict)  # display name -> key
    notes: list[str] = field(default_factory=list)  # said while converting the current claim
    used: set[str] = field(default_factory=set)  # defined names the current claim expanded
    standard: dict[str, sp.Expr] = field(default_factory=dict)  # key -> canonical value (known.py)
    use_standard: bool = False  # expand wrongly defined known quantities to their canonical value
    offset: int = 0  # where the line being judged stands in the file
    text: str = ""  # the file's text (to ask whether a name is written in it)
    bare_mean_under_policy: str | None = None  # while a reading puts a bare 𝔼[…] under the policy (continuations.py)
    _cache: dict[str, sp.Expr] = field(default_factory=dict)

    def value(self, key: str, depth: int, opaque: bool = False, keep: frozenset = frozenset()) -> sp.Expr:
        """The expansion of a defined name with its own parameters (cached: used on every line);
        the names in `keep` (d/dz taken in them) stay names inside it too (ℓ = −log σ(z), z = βΔ)."""
        self.used.add(key)
        if self.use_standard and key in self.standard:
            return self.standard[key]
        keep = keep if opaque else frozenset()
        cached = (key, opaque, self.use_standard, keep)
        if cached not in self._cache:
            definition = self.definitions[key]
            self._cache[cached] = _transformer()(self, {}, depth + 1, opaque, keep=keep,
                                          shadow=frozenset(definition.params),
                                          at=definition.at).convert(definition.tree)
        return self._cache[cached]

    def line(self) -> str:
        """The line of the file that holds the claim being judged."""
        return line_at(self.text, self.offset)

    def writes(self, letter: str, index: str) -> bool:
        """Is `letter_index` (R_A, R_{A}) written somewhere in the file?"""
        pattern = rf"(?<![\\A-Za-z]){re.escape(letter)}\s*_\s*(\{{\s*{re.escape(index)}\s*\}}|{re.escape(index)}(?![A-Za-z0-9]))"
        return re.search(pattern, self.text) is not None

    def clear_cache(self) -> None:
        self._cache.clear()

    def defined_functions(self) -> set[str]:
        """The names under which the defined quantities in scope appear as opaque functions. Not one
        whose definition could not be read: any use of it stops the line, so a function of that name
        is another one (L(1, 1) beside an unreadable ℒ(M, 𝒟), both shown as L)."""
        return {display_name(key) for key, d in self.definitions.items() if not d.broken}

    def is_leaf(self, key: str) -> bool:
        """A definition built from π, β and numbers only (δ, r̂): kept as a name in opaque mode."""
        definition = self.definitions[key]
        if definition.tree is None:
            return True
        for node in definition.tree.iter_subtrees():
            if node.data == "name":
                name = name_of_token(node.children[0])
            elif node.data == "subscript" and getattr(node.children[0], "data", None) == "name":
                name = name_of_token(node.children[0].children[0])
                name.sub = normalise_script(str(node.children[1]))
            else:
                continue
            if name.key != key and name.key in self.definitions and name.key not in definition.params:
                return False
        return True


def _transformer():
    from .latex import ToSympy  # the table builds values with the transformer, which reads the table
    return ToSympy


def line_at(text: str, offset: int) -> str:
    """The line of `text` that holds `offset`."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start:] if end < 0 else text[start:end]
