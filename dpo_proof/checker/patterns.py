r"""Names a left side defines without being them.

- A function defined at an expression the body writes whole: `\phi(\mathbf{w} \cdot \mathbf{x}) =
  \frac{1}{1 + e^{-\mathbf{w} \cdot \mathbf{x}}}` is φ(t) = 1/(1 + e^{−t}), `L(M(x), y) = -\log[M(x) y + …]`
  is L(t, y). Where the body also uses the expression's names apart (`f(x^2) = x`), it is no such
  function, and the line is left as it was.
- A variance, `\sigma_t^2 = \frac{1}{N}\sum_i (x_i - \mu_t)^2`: σ_t is its square root.
- A log, `\log r_w = \log\frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)}`: r_w is the ratio, e^{body}.
"""
from __future__ import annotations

import re

from .names import definable_head, names_in, plain_name
from .parsing import LatexError, parse_tree

SQUARE_RE = re.compile(r"\^\s*(2|\{\s*2\s*\})\s*$")  # σ_t^2, s^{2}; not a layer's label z^{[2]}

CALL_RE = re.compile(r"^\s*(?P<name>[^()=]+?)\s*(?:\\left\s*)?\((?P<args>.*)(?:\\right\s*)?\)\s*$", re.DOTALL)
FRESH = ("t", "s", "q", "u")  # letters for the expressions, the first the body does not use


def _arguments(text: str) -> list[str] | None:
    """The arguments of a call, split at the commas outside brackets; None where they do not balance."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth < 0:
                return None
        elif char == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return None if depth else [p.strip() for p in parts]


def _written_as(text: str) -> re.Pattern:
    """The expression as written, whatever its spacing."""
    return re.compile(r"\s*".join(re.escape(char) for char in text if not char.isspace()))


def defined_at_expressions(left: str, body: str) -> tuple[tuple[str, list[str]], str] | None:
    """((key, params), body with each expression a parameter) for `f(expr, y) = body`; else None.
    The cheap tests come first: every claim whose left side is no name passes here."""
    call = CALL_RE.match(left)
    args = _arguments(re.sub(r"\\right\s*$", "", call["args"].rstrip())) if call else None
    if not args or len(args) > 3 or not any(_written_as(a).search(body) for a in args):
        return None
    try:
        name = plain_name(parse_tree(call["name"]))
        if name is None or definable_head(parse_tree(f"{call['name']}(x)")) is None and name.key != "phi":
            return None
        trees = [parse_tree(a) for a in args]
        if all(plain_name(t) is not None for t in trees):
            return None  # f(x, y) = …: a plain definition, not this one
        body_names = names_in(parse_tree(body))
    except LatexError:
        return None
    fresh = iter(f for f in FRESH if f not in body_names)
    params, patterns = [], {}
    for arg, tree in zip(args, trees):
        bare = plain_name(tree)
        if bare is not None:
            params.append(bare.key)
        else:
            letter, names = next(fresh, None), names_in(tree)  # H(0.8, 0.2) = …: numbers, not a pattern
            if letter is None or not names or not _written_as(arg).search(body):
                return None
            params.append(letter)
            patterns[letter] = (arg, names)
    for letter, (arg, names) in patterns.items():
        body = _written_as(arg).sub(lambda _: f"({letter})", body)
        if names & names_in(parse_tree(body)) - set(params):  # f(x^2) = x: the expression's names apart
            return None
    return (name.key, params), body


def squared_name(tree) -> tuple[str, list[str]] | None:
    r"""(key, []) for a left side `\sigma_t^2`, `s^2`: a variance names its square root (σ_t² = (1/N)
    Σ (x − μ)², the standard deviation σ_t). The sigmoid's σ takes a subscript here; a bare σ stays it."""
    data = getattr(tree, "data", None)
    if data == "power_digit" and str(tree.children[1]).replace(" ", "") == "^2":
        base = tree.children[0]
    elif data == "power" and getattr(tree.children[1], "data", None) == "number" \
            and str(tree.children[1].children[0]) == "2":
        base = tree.children[0]
    else:
        return None
    name = plain_name(base)
    if name is None or name.primes or (name.base in ("pi", "phi", "theta", "sigma") and not name.sub):
        return None
    return name.key, []


def logged_name(tree) -> tuple[str, list[str]] | None:
    r"""(key, []) for a left side `\log r_w`, `\ln p`: the log of a name defines the name (r_w, the ratio
    whose log the body gives: r_w = e^{body}); the sigmoid's σ and the policy's π stay what they are."""
    if getattr(tree, "data", None) != "apply_prefix" or len(tree.children) != 2:
        return None
    prefix = tree.children[0]
    if [getattr(t, "type", None) for t in getattr(prefix, "children", ())] != ["LOG"]:
        return None
    name = plain_name(tree.children[1])
    if name is None or name.primes or name.base in ("pi", "phi", "theta", "sigma"):
        return None
    return name.key, []


def defined_other_than_written(tree, left: str, body: str, numbers: bool):
    """((key, params), the body to parse) for a left side that defines a name without being it: a
    function at an expression, a variance, a log; None otherwise (`numbers`: the body is numbers only,
    a worked value, which names nothing anew)."""
    found = defined_at_expressions(left, body)
    if found is not None or numbers or tree is None:
        return found
    squared = squared_name(tree) if SQUARE_RE.search(left) else None
    if squared is not None:  # σ_t² = (1/N) Σ (x − μ_t)²: σ_t is its square root
        return squared, f"\\sqrt{{{body}}}"
    logged = logged_name(tree)
    if logged is not None:  # log r_w = log π_θ(y_w|x)/π_ref(y_w|x): r_w is the ratio
        return logged, f"\\exp\\left({body}\\right)"
    return None
