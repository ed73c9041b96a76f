r"""Which names in a claim are the text's own, which are standard, and which it never defines.

Standard: β, the parameter (θ, φ), $\pi_\theta(y|x)$ and its scores, $\pi_{ref}(y|x)$ and
$\pi^*(y|x)$ (constants in θ), σ, log, exp, E. Defined: a name with a definition in the file
(expanded, or kept as an opaque function of the parameter). Everything else is *undefined*:
`u` never introduced, $\hat y_w$, $e_{y_w}$, $r_\theta(x, y)$ when only $r(x, y)$ was defined.

A claim that holds for every value of its undefined names holds; one that mentions no policy at
all is a lemma, judged as an identity in them ($\sigma'(u) = \sigma(u)(1-\sigma(u))$ for any u).
Otherwise a refutation stands only when no value of the undefined names could make the claim
true (`can_hold`); else the verdict is `undefined`.
"""
from __future__ import annotations

import math
import re

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from ..symbolic.equality import summation_bounds
from ..symbolic.notation import to_text
from .names import display_name
from .sumcalculus import diff_through_sums, term_of_sums
from .operators import is_operator
from .parsing import LatexError

PARAMETERS = {"theta", "phi", "psi", "omega", "θ", "φ", "ψ", "ω"}
CONSTANT_PREFIXES = ("piref_", "pistar_")


def is_parameter(symbol) -> bool:
    """θ, φ, θ_k: the variables a policy depends on."""
    return isinstance(symbol, sp.Symbol) and symbol.name.split("_")[0] in PARAMETERS


def several_operator_values(exprs) -> bool:
    """Two different applications of one operator (Σ over y of f, and of g): as values they are
    not free of each other (linearity ties them), so a refutation between them proves nothing."""
    seen: dict[str, set] = {}
    for e in exprs:
        for f in _outer_operators(e):
            seen.setdefault(type(f).__name__, set()).add(f)
    return any(len(apps) > 1 for apps in seen.values())


def _outer_operators(e) -> list:
    """The operator applications not inside another one (a counterexample gives values to these)."""
    found, stack = [], [e]
    while stack:
        node = stack.pop()
        if isinstance(node, AppliedUndef) and is_operator(node):
            found.append(node)
        elif hasattr(node, "args"):
            stack.extend(node.args)
    return found


def _parameter_function(f) -> bool:
    """θ(z): the parameter as a function of a variable the text differentiates in (the logits);
    not φ_θ(y), a function the text names with the parameter's letter."""
    return type(f).__name__ in PARAMETERS


def _standard_symbol(s: sp.Symbol) -> bool:
    return (isinstance(s, sp.Dummy) or s.name in ("beta", "gamma") or is_parameter(s)
            or s.name.startswith(CONSTANT_PREFIXES) or is_data(s))


def is_data(s: sp.Symbol) -> bool:
    """x, y, y_w, y_{w,t}, a label y, the data set D, a response's length |y_w|: data, standard names that do not depend on θ.
    A claim about them is a claim for every value of them (a counterexample in y refutes it)."""
    return re.split(r"[_^]", s.name)[0].rstrip("′") in ("x", "y") or s.name in ("D", "mathcal(D)") \
        or s.name.startswith("|y")  # |y_w|: a response's length


def is_reward(f) -> bool:
    """r(x, y), r_φ(x, y), r*(x, y), R(x, y): a reward function, standard when the text never
    defines it; a claim in which the same reward stands on both sides is asserted for every reward."""
    return isinstance(f, AppliedUndef) and re.split(r"[_^]", type(f).__name__)[0].rstrip("∗*") in ("r", "R")


def arbitrary_rewards(left: sp.Expr, right: sp.Expr) -> set:
    """The undefined reward functions a claim is an identity in: those named on both sides, or on one
    side against a bare number. A reward on one side only against another reward or the policy
    (r* = r_φ, r against a ratio of policies) identifies one quantity with another, which is
    modelling, not an identity."""
    named = [{type(f).__name__ for f in side.atoms(AppliedUndef) if is_reward(f)} for side in (left, right)]
    bare = [not n and not side.atoms(AppliedUndef) and not mentions_policy([side])
            for n, side in zip(named, (left, right))]
    if named[0] != named[1] and not any(bare):  # −log Z(x) = 0: a value of the reward's, claimed
        return set()
    every = named[0] | named[1]
    return {f for side in (left, right) for f in side.atoms(AppliedUndef) if type(f).__name__ in every}


def _policy_function(f) -> bool:
    return type(f).__name__.startswith("pi_")


def _named_policy(f, written: str | None = "", through: frozenset = frozenset()) -> bool:
    """π_r(y|x), π_s, π_T written in the line (`written`; any line when it is ""): a policy under a letter
    that is no parameter of the policy's (θ, φ) and that the text never defines (the optimal policy of a
    reward r, a step-wise or teacher policy). Its values are a quantity the text describes in words, not
    the policy's free values. One that the text's own definitions bring in (`through`: the names in the
    bodies of those the line uses, r = β log π_r/π_ref) stays free: the line is about what the text
    defined with it, as a line about r is."""
    letters = [a.name for a in getattr(f, "args", ()) if isinstance(a, sp.Symbol) and not isinstance(a, sp.Dummy)
               and re.fullmatch(r"[A-Za-z]′*", a.name) and not is_parameter(a)]
    if not _policy_function(f) or not letters or any(f"pi_{x}" in through for x in letters):
        return False
    return written == "" or written is not None and any(
        re.search(r"(\\pi|π)\s*_\s*\{?\s*" + re.escape(x.rstrip("′")) + r"(?![A-Za-z])", written) for x in letters)


def undefined_atoms(exprs, defined: set[str], written: str | None = None, through: frozenset = frozenset()) -> list:
    """Undefined functions (r_θ(x, y)) and symbols (u, ŷ_w) in `exprs`, sorted; `defined` holds
    the names of defined quantities kept as functions. A symbol seen only as an argument of a
    function (the x of r_θ(x, y)) is not counted: the function is; a policy π_r only where `written`
    (the line as written) writes it and no definition it uses brings it in (`through`)."""
    functions = set()
    for e in exprs:
        for f in e.atoms(AppliedUndef):
            if (_named_policy(f, written, through) or not (_policy_function(f) or _parameter_function(f) or is_operator(f))) \
                    and type(f).__name__ not in defined:
                functions.add(f)
    counts = summation_bounds(*exprs)  # Σ_{i=1}^N: N the number of terms, data like x and y
    others = _other_parameters(exprs)
    symbols = {s for e in exprs for s in _symbols_outside_functions(e)
               if (not _standard_symbol(s) or s.name.split("_")[0] in others) and s not in counts}
    return sorted(functions | symbols, key=sp.default_sort_key)


def _other_parameters(exprs) -> set[str]:
    """Parameter letters (ψ) where the policy has another (π_θ) and nothing is differentiated in
    them: σ(ψ) next to ∇_θ log π_θ is a value the text names, not the policy's parameter."""
    policies = {type(f).__name__ for e in exprs for f in e.atoms(AppliedUndef) if _policy_function(f)}
    if not policies:
        return set()
    own = {a.name.split("_")[0] for e in exprs for f in e.atoms(AppliedUndef) if _policy_function(f)
           for a in f.args if is_parameter(a)}
    own |= {v.name.split("_")[0] for e in exprs for d in e.atoms(sp.Derivative) for v in d.variables
            if isinstance(v, sp.Symbol)}
    if not own:
        return set()
    return {s.name.split("_")[0] for e in exprs for s in e.free_symbols if is_parameter(s)} - own


def _symbols_outside_functions(e) -> set:
    """Free symbols not inside a function application, derivative or sum's bound variable:
    d/dθ f(θ) leaves no bare θ behind as if it were a value. A walk: rebuilding the tree with
    dummies would re-evaluate every σ in it."""
    found, stack = set(), [e]
    while stack:
        node = stack.pop()
        if isinstance(node, sp.Symbol):
            found.add(node)
        elif not isinstance(node, (AppliedUndef, sp.Derivative, sp.Subs)):
            if isinstance(node, (sp.Sum, sp.Product, sp.Integral)):  # the bounds count, the index not
                bound = {limit[0] for limit in node.limits}
                inner = _symbols_outside_functions(node.function)
                inner |= {s for limit in node.limits for b in limit[1:] for s in _symbols_outside_functions(b)}
                found |= inner - bound
                continue
            stack.extend(node.args)
    return found


def indexed_instance(symbol, defined: set[str]) -> bool:
    """`s_i`, `s_A` where the text defines s, or `μ` where it defines μ_n (display names in
    `defined`): the defined quantity at an index, or without its index; not a free variable."""
    base, _, index = symbol.name.partition("_")
    shown = display_name(base.split("^")[0])
    if index:
        return shown in defined
    return any(d.startswith(shown + "_") for d in defined)


def names_of(atoms) -> list[str]:
    """Readable names: r_θ, u, hat(y)_w -> ŷ_w (display names, without arguments)."""
    out = []
    for a in atoms:
        name = to_text(a).split("(")[0] if _named_policy(a) else type(a).__name__ if isinstance(a, AppliedUndef) else \
            display_name(a.name) if isinstance(a, sp.Symbol) and "^" in a.name else to_text(a)  # r∗_i, not r^·_i
        if name not in out:
            out.append(name)
    return out


def depend_on(expr: sp.Expr, parameter: sp.Symbol, defined: set[str]) -> sp.Expr:
    r"""Undefined symbols become functions of the parameter before $\nabla_\theta$ is taken: a name
    the text never defines may depend on θ, so its gradient is unknown, never 0."""
    mapping = {}
    # a function shown with a defined name but without θ among its arguments is not that definition
    # kept opaque (which always takes θ): ℒ_DPO(π_θ; π_ref) beside a defined L_DPO
    shown_as_defined = [a for a in expr.atoms(AppliedUndef) if type(a).__name__ in defined
                        and not type(a).__name__.startswith(("pi_", "piref_", "pistar_", "Σ"))]
    for a in [*undefined_atoms([expr], defined), *shown_as_defined]:
        if isinstance(a, sp.Symbol) and a != parameter:
            mapping[a] = sp.Function(a.name, real=True)(parameter)
        elif isinstance(a, AppliedUndef) and parameter not in a.free_symbols and not _constant_reward(a, parameter):
            mapping[a] = a.func(*a.args, parameter)  # L(π_θ; π_ref): a function of θ all the same
    return expr.xreplace(mapping) if mapping else expr


def _constant_reward(f, parameter: sp.Symbol) -> bool:
    """r(x, y), r_φ(x, y), r*(x, y): a reward given to the policy, constant in its parameter θ
    (a reward model has parameters of its own); r_θ is not."""
    return is_reward(f) and not type(f).__name__.endswith("_" + to_text(parameter))


def gradient(x: sp.Expr, variable: sp.Symbol, order: int, name: str | None, defined: set[str],
             notes: list[str]) -> sp.Expr:
    r"""$\nabla_\theta x$. A name the text never defines may depend on θ: it becomes a function of θ
    first, so its gradient is unknown, never silently 0. When x is not constant but its gradient
    is 0 (built from π_ref, π*, data only), a note for the claim's message says why."""
    x, rest = term_of_sums(x, variable)
    result = _gradient(x, variable, order, name, defined, notes)
    return result.xreplace(rest) if rest else result


def _gradient(x: sp.Expr, variable: sp.Symbol, order: int, name: str | None, defined: set[str],
              notes: list[str]) -> sp.Expr:
    if is_parameter(variable):
        x = depend_on(x, variable, defined)
    elif x.is_number and isinstance(x, sp.Function) and len(x.args) == 1:  # dσ(0)/dx: σ′ at 0
        t = sp.Dummy("t", real=True)
        return sp.diff(x.func(t), t, order).xreplace({t: x.args[0]})
    elif unknown := _varying_unknowns(x, variable):  # ∂x_i/∂x_j, ∂J/∂v, J never defined: unknown, never 0
        x = x.xreplace({s: sp.Function(s.name, real=True)(variable) for s in unknown})
    elif variable not in x.free_symbols and any(type(f).__name__.startswith("pi_") for f in x.atoms(AppliedUndef)):
        notes.append(f"the gradient of π_θ(y|x) in {to_text(variable)}, an unknown value (the policy depends "
                     f"on {to_text(variable)} in a way the text does not write), is shown as ∇_θ π_θ(y|x)")
        return _through_the_policy(x, variable, order)
    result = diff_through_sums(x, variable, order)
    if result == 0 and is_parameter(variable) and x.free_symbols - {variable}:
        constants = sorted({to_text(c) for c in x.free_symbols if c.name.startswith(CONSTANT_PREFIXES)})
        if constants:
            what = f"`{name}`" if name else "it"
            notes.append(f"∇_{to_text(variable)} of {what} is 0: {what} is built from {', '.join(constants)}, "
                         f"which do not depend on {to_text(variable)}")
    return result


def _varying_unknowns(x: sp.Expr, variable: sp.Symbol) -> set:
    """The names in x that may vary with `variable` in a way the text does not write: x_i in a
    derivative in x_j (both indices letters: the same variable when i = j); else, when x does not
    hold the variable at all, the names it never defines (J in ∂J/∂v, s_i in ∂ log s_i/∂x_j)."""
    base, _, index = variable.name.partition("_")
    same_letter = {s for s in x.free_symbols if s != variable and s.name.partition("_")[0] == base
                   and s.name.partition("_")[2].isalpha()} if index.isalpha() else set()
    if same_letter or variable in x.free_symbols:
        return same_letter
    return {s for s in x.free_symbols if not _standard_symbol(s)}


def _through_the_policy(x: sp.Expr, variable: sp.Symbol, order: int) -> sp.Expr:
    r"""$\nabla_{e_x}$ of an expression in π_θ(y|x): the policy depends on e_x in a way the text does not
    write, so ∇_{e_x} π_θ(y|x) is an unknown value of its own (written as the policy's gradient: the
    two are never mixed in one line, which is then not read)."""
    policies = [f for f in x.atoms(AppliedUndef) if type(f).__name__.startswith("pi_")]
    if x.atoms(sp.Derivative) or len({f.args for f in policies}) != 1:
        raise LatexError(f"a derivative in `{to_text(variable)}`, which the policy may depend on in a way "
                         "the text does not write, of an expression that also has other gradients: not read", 0)
    parameter = policies[0].args[0]
    moved = x.xreplace({f: type(f)(variable) for f in policies})
    return sp.diff(moved, variable, order).xreplace({variable: parameter})


def is_optimal(head) -> bool:
    """π* (however the grammar spells its star) is the optimal policy, not π_θ."""
    marks = (head.sub or "", str(getattr(head, "sup", "") or ""), head.key)
    return any(re.search(r"\*|star|\bast\b", m) for m in marks)


def rename_responses(value: sp.Expr, env: dict) -> sp.Expr:
    """A canonical value written for a response parameter `y`, applied to `y_w`."""
    mapping = {}
    for param, arg in env.items():
        if not isinstance(arg, sp.Symbol):
            continue
        for f in value.atoms(AppliedUndef):
            if type(f).__name__ == f"pi_{param}":
                mapping[f] = sp.Function(f"pi_{arg.name}", positive=True)(*f.args)
        for c in value.free_symbols:
            if c.name in (f"piref_{param}", f"pistar_{param}"):
                mapping[c] = sp.Symbol(c.name.split("_", 1)[0] + "_" + arg.name, positive=True)
    return value.xreplace(mapping) if mapping else value


def unify(exprs: list, parameter: sp.Symbol) -> list:
    """A name used both plainly (u, r_θ(y_w)) and under a gradient (u(θ), r_θ(y_w, θ), from
    `depend_on`) is one quantity."""
    functions = {type(f).__name__: f for e in exprs for f in e.atoms(AppliedUndef)
                 if f.args == (parameter,)}
    mapping = {s: functions[s.name] for e in exprs for s in e.free_symbols if s.name in functions}
    # r_θ(y_w) plainly and r_θ(y_w, θ) under a gradient: one quantity too
    grown = {(type(f).__name__, f.args[:-1]): f for e in exprs for f in e.atoms(AppliedUndef)
             if len(f.args) > 1 and f.args[-1] == parameter}
    mapping.update({f: grown[type(f).__name__, f.args] for e in exprs for f in e.atoms(AppliedUndef)
                    if (type(f).__name__, f.args) in grown})
    return [e.xreplace(mapping) for e in exprs] if mapping else exprs


def mentions_policy(exprs) -> bool:
    """Does the claim speak about the policy or the reference (not only σ, log, numbers)?"""
    for e in exprs:
        if any(_policy_function(f) for f in e.atoms(AppliedUndef)):
            return True
        if any(s.name.startswith(CONSTANT_PREFIXES) for s in e.free_symbols):
            return True
    return False


def can_hold(left: sp.Expr, right: sp.Expr, names: list, at: dict, seed: int = 0,
             tries: int = 48) -> bool:
    """Could some values of the undefined `names` make left = right, the other quantities fixed
    at the counterexample `at` (display name -> value)? A sign change of left − right along random
    values (or a near-zero) says yes; a difference of one sign everywhere says no. Conservative:
    anything not evaluable counts as "could hold"."""
    difference, variables, fixed = frozen_difference(left, right, names, at)
    if difference is None or difference.has(sp.Sum, sp.Product, sp.Integral):
        return True  # a sum up to an undefined K has no value at K = 3.7: not evaluable (and slow to try)
    rng = np.random.default_rng(seed)
    signs = set()
    for _ in range(tries):
        point = dict(fixed)
        for v in variables:
            point[v] = float(rng.choice([-1, 1]) * 10 ** rng.uniform(-2, 2))
        try:
            value = complex(sp.N(difference.xreplace(point), 15))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            continue
        if not (math.isfinite(value.real) and abs(value.imag) <= 1e-9 * (1 + abs(value.real))):
            continue
        if abs(value.real) <= 1e-9:
            return True
        signs.add(value.real > 0)
        if len(signs) == 2:
            return True
    return not signs


def frozen_difference(left: sp.Expr, right: sp.Expr, names: list, at: dict):
    """(left − right with every atom a dummy, the dummies of the undefined names and of their
    derivatives, {dummy: value} for the other atoms from `at`), or (None, …) if some atom has
    no value in `at`."""
    difference = (left - right).doit()
    mapping = {}
    for kind in (sp.Subs, sp.Derivative, AppliedUndef):
        found = sorted(difference.atoms(kind), key=sp.default_sort_key)
        step = {a: sp.Dummy("a", real=True) for a in found}
        difference = difference.xreplace(step)
        mapping.update(step)
    unknown = set(names)
    variables, fixed = [], {}
    for atom, dummy in mapping.items():
        if atom in unknown or any(n in atom.atoms(AppliedUndef) for n in unknown):
            variables.append(dummy)
        elif to_text(atom) in at:
            fixed[dummy] = at[to_text(atom)]
    for s in sorted(difference.free_symbols - set(mapping.values()), key=sp.default_sort_key):  # one order, every run
        if s in unknown:
            variables.append(s)
        elif to_text(s) in at:
            fixed[s] = at[to_text(s)]
    if set(variables) | set(fixed) != difference.free_symbols:
        return None, [], {}
    return difference, variables, fixed
