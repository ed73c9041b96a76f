r"""Big operators read as values: $\max_\pi$, $\min_{\pi_\theta}$, $\arg\max_\phi$, $\sum_y$, $\int$.

An operator over something the checker cannot enumerate (the policy π, every response y) becomes
an undefined function of its canonical operand: the equality engine treats it as a free value,
so two maxima are the same exactly when their canonical operands are. The canonical form uses
only rules that hold for every operand, with constants c > 0 and d that do not vary:
$\max(c f + d) = c \max f + d$, $\min f = -\max(-f)$, $\arg\max(c f + d) = \arg\max f$,
$\arg\min f = \arg\max(-f)$, $\sum_y (c f + g) = c \sum_y f + \sum_y g$.
A sum with bounds ($\sum_{i=1}^{B} \ell_i$) is sympy's Sum, with $\ell_i$ indexed by i.
"""
from __future__ import annotations

import re

import sympy as sp
from sympy.core.function import AppliedUndef

from .quadratics import concave_vertex

POLICY = "π"  # the variable of \max_\pi, \min_{\pi_\theta}, \arg\max_\phi: the policy itself
PARAMETERS = {"theta", "phi", "psi", "omega"}
# The names of the functions below: values the notation defines, never names a text forgot to define.
SUM_PREFIX = "Σ over "  # `Σ over y(f)`: a sum over responses (or an index), one value
OPERATOR_PREFIXES = ("max over ", "sup over ", "argmax over ", "Σ over ", "∫")


def is_operator(applied) -> bool:
    """Is this undefined sympy function one of the operators read here (`max over π(…)`)?"""
    return type(applied).__name__.startswith(OPERATOR_PREFIXES)


def varies(expr: sp.Expr, variable: str) -> bool:
    """Does `expr` change with `variable` (π: any policy value; y: anything indexed by y)?
    A sum over y (or a max over k) does not change with y (k): it is bound inside it."""
    bound = [f for f in expr.atoms(AppliedUndef) if type(f).__name__ in (f"Σ over {variable}", f"max over {variable}",
                                                                         f"sup over {variable}")]  # max_k: k bound too
    if bound:
        expr = expr.xreplace({f: sp.Dummy() for f in bound})
    if variable == POLICY:
        return (any(type(f).__name__.startswith("pi_") for f in expr.atoms(AppliedUndef))
                or any(s.name in PARAMETERS for s in expr.free_symbols))
    suffix = f"_{variable}"
    return (any(s.name == variable or s.name.endswith(suffix) for s in expr.free_symbols)
            or any(type(f).__name__.endswith(suffix) for f in expr.atoms(AppliedUndef)))


def _expanded(expr: sp.Expr) -> sp.Expr:
    """Logs of products split and products expanded: the operand's terms, in one normal form."""
    return sp.expand(sp.expand_log(expr, force=True))


def _split(expr: sp.Expr, variable: str) -> tuple[sp.Expr, sp.Expr]:
    """(the terms that vary, the terms that do not)."""
    terms = sp.Add.make_args(_expanded(expr))
    moving = [t for t in terms if varies(t, variable)]
    fixed = [t for t in terms if not varies(t, variable)]
    return sp.Add(*moving), sp.Add(*fixed)


def _scale(moving: sp.Expr, variable: str) -> tuple[sp.Expr, sp.Expr]:
    """(c, f) with moving = c f, c > 0 a constant, f's first term with coefficient ±1."""
    def part(term):  # the term without its constant factors: the order does not depend on them
        return sp.Mul(*[f for f in sp.Mul.make_args(term) if varies(f, variable)])

    terms = sorted(sp.Add.make_args(moving), key=lambda t: sp.default_sort_key(part(t)))
    if not terms or terms[0] == 0:
        return sp.Integer(1), moving
    factors = sp.Mul.make_args(terms[0])
    c = sp.Mul(*[f for f in factors if not varies(f, variable)])
    if c.is_positive:
        return c, _expanded(moving / c)
    if c.is_negative:
        return -c, _expanded(moving / -c)
    return sp.Integer(1), moving


def optimum(kind: str, label: str, body: sp.Expr, variable: str = POLICY) -> sp.Expr:
    """max/min/sup/inf/argmax/argmin of `body` over `variable` (shown as `label`)."""
    if kind in ("min", "inf"):
        return -optimum("max" if kind == "min" else "sup", label, -body, variable)
    if kind == "argmin":
        return optimum("argmax", label, -body, variable)
    moving, fixed = _split(normalised(body), variable)  # an optimum over policies: distributions
    if moving == 0 and kind != "argmax":
        return fixed  # the maximum of a constant
    gibbs = _gibbs(moving) if variable == POLICY and kind in ("max", "sup", "argmax") else None
    if gibbs is not None:
        weight, c = gibbs
        return weight / sum_over("y", weight) if kind == "argmax" else c * sp.log(sum_over("y", weight)) + fixed
    vertex = concave_vertex(moving, variable) if variable != POLICY and kind in ("max", "argmax") else None
    if vertex is not None:  # argmin_c Σ_i ½(y_i − c)² = ȳ: a quadratic's vertex
        return vertex[0] if kind == "argmax" else vertex[1] + fixed
    c, f = _scale(moving, variable)
    value = sp.Function(f"{kind} over {label}", real=True)(f)
    return value if kind == "argmax" else c * value + fixed


def _gibbs(moving: sp.Expr):
    r"""(w(y), c) when `moving` is $\sum_y \pi(y) h(y) - c \sum_y \pi(y) \log \pi(y)$ with c > 0 (a
    KL-regularised objective, $E_\pi[r] - \beta KL(\pi \| \pi_{ref})$ expanded): its maximiser is
    $w(y)/\sum_y w$ with $w = e^{h/c}$ and its maximum $c \log \sum_y w$ (the Gibbs variational
    principle: the DPO paper's optimal policy); else None."""
    linear, entropy = sp.Integer(0), sp.Integer(0)
    for term in sp.Add.make_args(moving):
        factors = sp.Mul.make_args(term)
        sums = [f for f in factors if varies(f, POLICY)]
        coefficient = sp.Mul(*[f for f in factors if not varies(f, POLICY)])
        if len(sums) != 1 or type(sums[0]).__name__ != "Σ over y":
            return None
        inner = sp.Mul.make_args(sums[0].args[0])
        policies = [f for f in inner if isinstance(f, AppliedUndef) and type(f).__name__ == "pi_y"]
        if len(policies) != 1:
            return None
        rest = sp.Mul(*[f for f in inner if f is not policies[0]])
        if rest == sp.log(policies[0]):
            entropy += coefficient
        elif not varies(rest, POLICY):
            linear += coefficient * rest
        else:
            return None
    c = -entropy
    if not c.is_positive:
        return None
    return sp.exp(sp.expand(linear / c)), c


def sum_over(index: str, body: sp.Expr) -> sp.Expr:
    r"""$\sum_y$ of `body`, linear in it: constants in y come out of the sum. A sum over the token
    positions of a response ($\sum_{t \in \text{resp}} \log \pi(y_t \mid x, y_{<t})$) is its
    log-probability, as in `bounded_sum`."""
    whole = _sequence(index, body) if index != "y" else None
    if whole is not None:
        return whole
    total = sp.Integer(0)
    for term in sp.Add.make_args(_expanded(body)):
        factors = sp.Mul.make_args(term)
        inner = sp.Mul(*[f for f in factors if varies(f, index)])
        outer = sp.Mul(*[f for f in factors if not varies(f, index)])
        positive = {"positive": True} if inner.is_positive else {"real": True}
        total += outer * sp.Function(f"Σ over {index}", **positive)(inner)  # a sum of positives is
    return total


def normalised(expr: sp.Expr) -> sp.Expr:
    """Σ_y π(y|x) = 1 for π_θ, π_ref and π*: every policy is a distribution over responses. Used
    when sides are compared, not when they are built: a Lagrangian's λ(Σ_y π(y|x) − 1) must keep
    its sum to be differentiated in π(y|x)."""
    ones = {f: sp.Integer(1) for f in expr.atoms(AppliedUndef)
            if type(f).__name__.startswith("Σ over ") and _is_policy_at(f.args[0], type(f).__name__[7:])}
    return expr.xreplace(ones) if ones else expr


# `\sum_{} e^{x_k}`: an index guessed (`\sum  _{i} ^{n}`, spaced, writes its index)
UNWRITTEN_INDEX_RE = re.compile(r"\\sum(?![a-zA-Z])(?!\s*[_^])|\\sum\s*_\{\s*\}|∑(?!\s*[_^])")


BOUND = "ι"  # the one name every letter index of a sum is renamed to when sides are compared


def entries_as_names(expr: sp.Expr) -> sp.Expr:
    """y[i] outside any sum over i is the name y_i: a term taken out of Σ_{i=1}^n (∂J/∂ŷ_i) writes its
    entries as y[i], the text's line beside it as y_i; one name for one quantity."""
    return _entries_as_names(expr, frozenset()) if expr.atoms(sp.Indexed) else expr


def _entries_as_names(expr: sp.Expr, bound: frozenset) -> sp.Expr:
    if isinstance(expr, sp.Indexed) and len(expr.indices) == 1 and isinstance(expr.indices[0], sp.Symbol) \
            and expr.indices[0] not in bound:
        return sp.Symbol(f"{expr.base.label}_{expr.indices[0].name}", real=True)
    if isinstance(expr, (sp.Sum, sp.Product)):
        return expr.func(_entries_as_names(expr.function, bound | {lim[0] for lim in expr.limits}), *expr.limits)
    if not expr.args or isinstance(expr, sp.Indexed):
        return expr
    return expr.func(*[_entries_as_names(a, bound) for a in expr.args])


def bound_index(expr: sp.Expr) -> sp.Expr:
    """A sum's index is bound: Σ_i e^{x_i} and Σ_j e^{x_j} are one value. Every `Σ over i(…)` with a
    one-letter index (not a response y) is written over ι, innermost first: the names carrying the
    index (`x_i`, `s_i`, `i`) are renamed inside the sum only."""
    for _ in range(20):  # each pass renames one sum; a line has few
        sums = [f for f in expr.atoms(AppliedUndef) if type(f).__name__.startswith(SUM_PREFIX)
                and re.fullmatch(r"[a-xz]['′]?", type(f).__name__[len(SUM_PREFIX):])]
        if not sums:
            return expr
        f = min(sums, key=sp.count_ops)
        index = type(f).__name__[len(SUM_PREFIX):]
        renamed = {s: sp.Symbol(BOUND if s.name == index else s.name[:-len(index)] + BOUND, **s.assumptions0)
                   for s in f.args[0].free_symbols if s.name == index or s.name.endswith("_" + index)}
        kind = {"positive": True} if type(f).is_positive else {"real": True}
        expr = expr.xreplace({f: sp.Function(f"{SUM_PREFIX}{BOUND}", **kind)(f.args[0].xreplace(renamed))})
    return expr


def _is_policy_at(value: sp.Expr, index: str) -> bool:
    """π_θ(y|x), π_ref(y|x), π*(y|x) at the summed response y."""
    if isinstance(value, AppliedUndef):
        return type(value).__name__ == f"pi_{index}"
    return isinstance(value, sp.Symbol) and value.name in (f"piref_{index}", f"pistar_{index}")


def integral(body: sp.Expr) -> sp.Expr:
    r"""$\int f(x)\,dx$: the sum over x in the checker's model (the same linear functional as
    $\sum_x$, so the continuous KL is the discrete one); without a `dx`, a value of its own."""
    factors = sp.Mul.make_args(body)
    d = sp.Symbol("d", real=True)
    if d in factors:
        rest = [f for f in factors if f != d]
        variables = [f for f in rest if isinstance(f, sp.Symbol)]
        if variables:
            v = variables[-1]
            rest.remove(v)
            return sum_over(v.name, sp.Mul(*rest))
    return sp.Function("∫", real=True)(body)


def expectation(weight: sp.Expr, index: str, body: sp.Expr) -> sp.Expr:
    r"""$\mathbb{E}_{y \sim \pi(y|x)}[f] = \sum_y \pi(y|x) f(y)$: an expectation under a policy is a
    weighted sum (its gradient in θ includes the weights'); expectations over the data are dropped
    elsewhere (every claim is checked per preference pair)."""
    return sum_over(index, weight * body)


def divergence(p: sp.Expr, q: sp.Expr, index: str | None) -> sp.Expr:
    r"""$D_{KL}(p \| q) = \sum_y p \log(p/q)$; per sample, $\log(p/q)$, where p does not vary."""
    return sum_over(index, p * sp.log(p / q)) if index else sp.log(p / q)


def bounded_sum(index: str, lower: sp.Expr, upper: sp.Expr, body: sp.Expr) -> sp.Expr:
    r"""$\sum_{i=l}^{u}$ body, with names subscripted by the index ($\ell_i$) indexed by it."""
    whole = _sequence(index, body)
    if whole is not None:
        return whole
    i, body = _indexed_by(index, body)
    total = sp.Sum(body, (i, lower, upper))
    return _entries(total.doit()) if lower.is_integer and upper.is_integer and (upper - lower) < 50 else total


def _indexed_by(index: str, body: sp.Expr) -> tuple[sp.Symbol, sp.Expr]:
    r"""(i, body) with the names subscripted by the index ($\ell_i$) made entries of i."""
    i = sp.Symbol(index, integer=True)
    indexed = {s: sp.Indexed(sp.IndexedBase(s.name[: -len(index) - 1], real=True), i)  # x_i; σ_{neg,k}
               for s in body.free_symbols if s.name.endswith((f"_{index}", f",{index}")) and len(s.name) > len(index) + 1}
    return i, body.xreplace(indexed).xreplace({sp.Symbol(index, real=True): i})


def _entries(expr: sp.Expr) -> sp.Expr:
    """a[1] of a sum or product written out is the text's `a_1`, the same name."""
    names = {e: sp.Symbol(f"{e.base.label}_{e.indices[0]}", real=True) for e in expr.atoms(sp.Indexed)
             if len(e.indices) == 1 and e.indices[0].is_Integer}
    return expr.xreplace(names) if names else expr


def bounded_product(index: str, lower: int, upper: sp.Expr, body: sp.Expr) -> sp.Expr | None:
    r"""$\prod_{i=l}^{u}$ body with numbers for bounds (at most 50 factors), written out; else None."""
    if not (upper.is_Integer and 0 <= int(upper) - lower < 50):
        return None
    i, body = _indexed_by(index, body)
    return _entries(sp.Product(body, (i, lower, upper)).doit())


def token_product(index: str, body: sp.Expr) -> sp.Expr | None:
    r"""$\prod_t \pi(y_t \mid x, y_{<t}) = \pi(y \mid x)$ (the chain rule of probability); else None."""
    whole = _sequence(index, sp.expand_log(sp.log(body), force=True))
    return sp.exp(whole) if whole is not None else None


def term_at(expr: sp.Expr, value: sp.Expr) -> sp.Expr:
    r"""`expr` with each $\sum_y g(y)$ whose terms hold `value` (π(y|x), a quantity at the summed
    response y) replaced by its y-th term: what $\partial/\partial \pi(y|x)$ sees of the sum."""
    sums = {f: f.args[0] for f in expr.atoms(AppliedUndef)
            if type(f).__name__ == "Σ over y" and f.args[0].has(value)}
    return expr.xreplace(sums) if sums else expr


def rename_free(expr: sp.Expr, index: str, response: str) -> sp.Expr:
    """`expr` at another response: π(y|x), π_ref(y|x), r(x, y) with y free become π(y_w|x), …;
    a sum over y keeps its own y (no capture)."""
    if isinstance(expr, AppliedUndef) and type(expr).__name__ == f"Σ over {index}":
        return expr
    if isinstance(expr, sp.Symbol):
        if expr.name == index:
            return sp.Symbol(response, **expr.assumptions0)
        if expr.name.endswith("_" + index) and expr.name.startswith(("piref_", "pistar_")):
            return sp.Symbol(expr.name[: -len(index)] + response, **expr.assumptions0)
        return expr
    if not expr.args:
        return expr
    args = [rename_free(a, index, response) for a in expr.args]
    if isinstance(expr, AppliedUndef) and type(expr).__name__ == f"pi_{index}":
        return sp.Function(f"pi_{response}", **_assumptions_of(expr))(*args)
    return expr.func(*args)


def _assumptions_of(f) -> dict:
    return {"positive": True} if f.is_positive else {"real": True}


def _sequence(index: str, body: sp.Expr) -> sp.Expr | None:
    r"""$\sum_t \log \pi(y_{w,t} \mid x, y_{w,<t}) = \log \pi(y_w \mid x)$: a response's log-probability is
    the sum of its tokens' (the chain rule of probability); the same for π_ref. None when the body
    is not a combination of such logs."""
    suffixes = (f",{index}", f"_{index}")

    def whole(name: str) -> str | None:
        return name[: -len(index) - 1] if name.endswith(suffixes) and name.count("_") >= 1 else None

    total = sp.Integer(0)
    for term in sp.Add.make_args(_expanded(body)):
        logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log)]
        rest = sp.Mul(*[f for f in sp.Mul.make_args(term) if not isinstance(f, sp.log)])
        gradient = _token_gradient(term, whole) if not logs else None
        if gradient is not None:  # ∂/∂θ log π(y_t | …) = ∂π/π: the same sum, differentiated
            total += gradient
            continue
        if len(logs) != 1 or rest.has(sp.Symbol(index, real=True)):
            return None
        inner = logs[0].args[0]
        if isinstance(inner, AppliedUndef) and type(inner).__name__.startswith("pi_") and \
                whole(type(inner).__name__[3:]):
            total += rest * sp.log(sp.Function(f"pi_{whole(type(inner).__name__[3:])}", positive=True)(*inner.args))
        elif isinstance(inner, sp.Symbol) and inner.name.startswith("piref_") and whole(inner.name[6:]):
            total += rest * sp.log(sp.Symbol(f"piref_{whole(inner.name[6:])}", positive=True))
        else:
            return None
    return total if total != 0 else None


def _token_gradient(term: sp.Expr, whole) -> sp.Expr | None:
    """c · ∂π(y_t)/π(y_t) -> c · ∂π(y)/π(y) (a token's log-probability's gradient); else None."""
    factors = sp.Mul.make_args(term)
    grads = [f for f in factors if isinstance(f, sp.Derivative)]
    if len(grads) != 1 or not isinstance(grads[0].expr, AppliedUndef):
        return None
    token = grads[0].expr
    name = type(token).__name__
    if not name.startswith("pi_") or whole(name[3:]) is None or token ** -1 not in factors:
        return None
    rest = sp.Mul(*[f for f in factors if f is not grads[0] and f != token ** -1])
    if rest.has(token):
        return None
    response = sp.Function(f"pi_{whole(name[3:])}", positive=True)(*token.args)
    return rest * sp.diff(response, *grads[0].variables) / response


def substitute(expr: sp.Expr, mapping: dict) -> sp.Expr:
    """`expr` with `mapping` put in; where a derivative's variable would become an expression (f′(u)
    of an undefined f, u put back as its value), sympy's `subs` keeps it as a Subs."""
    try:
        return expr.xreplace(mapping)
    except ValueError:
        return expr.subs(mapping)
