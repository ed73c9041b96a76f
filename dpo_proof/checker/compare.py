"""Is the claim true? The equality engine, asked with defined names kept and then expanded, and
told which names the text never defines (freenames.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp
from sympy.core.function import AppliedUndef

from ..symbolic.equality import Equality, check_equal
from ..symbolic.notation import to_text
from .beyond import beyond_reading
from .concrete import compare_on_responses
from .operators import SUM_PREFIX, UNWRITTEN_INDEX_RE, bound_index, entries_as_names, normalised
from .freenames import (arbitrary_rewards, can_hold, indexed_instance, mentions_policy, names_of, several_operator_values,
                        undefined_atoms, unify)


# σ, log, exp, e^…, a derivative, a limit, a sum, an expectation or a prime, as written: a calculus lemma
CALCULUS_RE = re.compile(r"\\(log|ln|exp|sigma|lim|sum|prod|int|partial|nabla|prime|frac\s*\{?\s*d|tanh|max|min|mathbb"
                         r"|operatorname|mathrm\s*\{\s*(d|E|softplus)|text\s*\{\s*softplus)(?![a-zA-Z])|\blog|\bexp|\be\s*\^|['′σ∇∂∑𝔼]")
EXAMPLE_VALUE = "gives a number to a quantity of"  # a value of an example, for rewards the text does not fix
TRANSPOSE_RE = re.compile(r"\^\s*\{?\s*(\\top|\\intercal|\\mathsf\s*\{\s*T\s*\}|T|⊤)\s*\}?")
GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa",
         "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega"}
SCRIPTS = {"ref", "old", "sft", "SFT", "theta", "phi", "max", "min", "new"}
DECORATION_RE = re.compile(r"(?:hat|tilde|bar|check|widehat|widetilde)\((\w+)\)")


@dataclass
class Judgement:
    """A claim's verdict: proved | numerically-true | refuted | skipped | undefined."""

    verdict: str
    message: str
    counterexample: dict | None = None
    undefined: tuple[str, ...] = ()
    rests_on: dict | None = None  # the wrong definition of a known quantity the verdict rests on

    @property
    def holds(self) -> bool:
        return self.verdict in ("proved", "numerically-true")

    @property
    def decided(self) -> bool | None:
        """True holds, False refuted, None not judged."""
        return True if self.holds else (False if self.verdict == "refuted" else None)


def judge(left, right, parameter: sp.Symbol, defined: set[str], time_limit: float,
          written: str | None = None, left_written: str = "", left_made_of: frozenset = frozenset(),
          through: frozenset = frozenset()) -> Judgement:
    """left = right, each an (expanded, opaque) pair of sympy values.

    A claim holding for every value of the names the text never defines holds; a lemma (no
    policy in it) is an identity in them; otherwise a refutation that some value of those names
    could undo is `undefined`: the text does not say enough to judge it.
    """
    # indices renamed only where the text writes them: a guessed one (`\sum_{} e^{x_i}`) may be its typo
    bound = (lambda e: e) if written is None or UNWRITTEN_INDEX_RE.search(written) else bound_index
    ready = lambda e: bound(normalised(entries_as_names(e)))  # noqa: E731
    full_l, full_r = unify([ready(left[0]), ready(right[0])], parameter)
    opaque_l, opaque_r = unify([ready(left[1]), ready(right[1])], parameter)
    result = equal_values((full_l, opaque_l), (full_r, opaque_r), time_limit)
    unknown = undefined_atoms([full_l, full_r], defined, written, through)
    cex = result.counterexample if result.verdict == "refuted" else None
    if cex is not None and several_operator_values([full_l, full_r]):
        concrete = compare_on_responses(full_l, full_r)
        if concrete is None:
            return Judgement("skipped", "the sides differ only as optima over policies (or integrals) "
                             "that the checker compares as written, so this line is not judged")
        if concrete is False:
            return Judgement("numerically-true", "the sums over responses agree on random sets of "
                             "three responses (each policy's values summing to 1)")
        result = Equality("refuted", f"{result.reason}; the sums over responses differ on a concrete "
                          "set of three responses too", result.counterexample)
    beyond = beyond_reading(full_l, full_r, lambda l, r: equal_values((l, l), (r, r), time_limit / 2).holds) \
        if result.verdict == "refuted" else None
    if beyond is not None:  # an integral not evaluated, a trajectory against its steps, the terms left out as ⋯
        verdict, reason, names_left = beyond
        return Judgement(verdict, reason, None, tuple(names_of(unknown)) if names_left else ("⋯",))
    vector = _vector_and_components(full_l, full_r) if result.verdict == "refuted" else None
    if vector:  # ‖w‖² = Σ_j w_j²: w a vector, which the checker reads as a number
        return Judgement("undefined", f"uses `{vector}` and its components `{vector}_j` under a sum in one line: "
                         f"`{vector}` is a vector, which the checker reads as a number, so the line is not judged; "
                         "write it in components on both sides to have it judged", None, tuple(names_of(unknown)))
    family = _sum_said(full_l, full_r) if result.verdict == "refuted" else None
    if family:  # Σ_i φ_i = 1, Σ_i r_i = 0: a condition on a family the text never gives, not an identity
        return Judgement("undefined", f"gives the sum of `{family}`, a family this text never defines, a value: a "
                         "condition on its terms (probabilities summing to 1, scores centred at 0), not an "
                         "identity in numbers; define them to have the line judged", None, (family,))
    if not unknown:
        return Judgement(result.verdict, result.reason, cex)
    names = names_of(unknown)
    listed = _listing(names)
    # A lemma speaks of no policy and its undefined names are plain variables: σ′(u) = σ(u)σ(−u).
    # An undefined function (L(π_θ), r̂_θ(x, y), u(θ) under a gradient) is a quantity, not a variable.
    # An index on a name the text defines (s_i, with s = e^r), an event (p(y = 1)), a response's index
    # (r_w, Δ_l): a value of a quantity, not a variable.
    lemma = not mentions_policy([full_l, full_r]) and all(isinstance(a, sp.Symbol) for a in unknown) \
        and not any(indexed_instance(a, defined) or "=" in a.name or _of_a_response(a) for a in unknown)
    if result.holds:
        said = "" if lemma else f"; it holds whatever {listed} stand{'s' if len(names) == 1 else ''} for"
        return Judgement(result.verdict, result.reason + said, undefined=tuple(names))
    if result.verdict != "refuted":
        return Judgement(result.verdict, result.reason, undefined=tuple(names))
    on_left, on_right = _free_in(full_l, unknown), _free_in(full_r, unknown)
    if lemma and on_left and on_right and not set(on_left) & set(on_right):  # log(p/(1−p)) = W x_i + b:
        # both sides use names the text never defines, none on both: a definition in passing, not an identity
        return Judgement("undefined", f"relates {_listing(names_of(on_left))} to "
                         f"{_listing(names_of(on_right))}: the two sides share no name, so "
                         "this is an equation between quantities this text never defines, not an identity; "
                         "define them to have it judged", None, tuple(names))
    if lemma and on_right and not on_left and not full_l.is_number:  # σ(x)(1 − σ(x)) = p_i(1 − p_i): p_i on the right only
        return Judgement("undefined", f"brings in {_listing(names_of(on_right))}, which this text never defines "
                         "and the left side does not use: a name for something the text describes in words, "
                         "not a variable of an identity; define it to have the line judged", None, tuple(names))
    if lemma and written is not None and not CALCULUS_RE.search(written) and _algebra_only(full_l, full_r) \
            and _objects(names, written, defined) and can_hold(full_l, full_r, list(unknown), cex["at"]):
        # W_0 h + ΔW h = W_0 h + W_up W_down h, θ^⊤x = θ_i − θ_j, 57.2 GiB = 57.4 GiB: no σ, log or
        # derivative, only arithmetic on names never defined that stand for vectors, matrices or units.
        # Such a line says what the names stand for; it is no identity in numbers to refute (a + b = a − b is).
        return Judgement("undefined", f"relates {listed}, which this text never defines, by arithmetic "
                         "alone: it holds for some of their values and not for others, so it says what "
                         f"{'it stands' if len(names) == 1 else 'they stand'} for rather than an identity "
                         "(vectors, matrices, units and worked values read this way); define "
                         f"{'it' if len(names) == 1 else 'them'} to have the line judged", None, tuple(names))
    # 0 = σ(u) − σ(−u): a number on the left, an identity in the right side's names
    stray = [] if full_l.is_number else _not_on_the_left(unknown, opaque_l, left_written, left_made_of | _data(full_l, full_r))
    if lemma and stray:  # h′(x) = σ(wx)(1 − σ(wx))x with w never defined: w is no variable of the left side
        return Judgement("undefined", f"uses {_listing(names_of(stray))}, which this text never defines and the "
                         "left side does not take as a variable: an identity holds for every value of the "
                         "left side's variables (σ′(u) for any u), and this is a quantity the text describes "
                         "in words instead, so the line is not judged; define it to have the line judged",
                         None, tuple(names))
    if lemma and _zero_or_one(full_l, full_r):  # M_{r,i}^2 = M_{r,i}, I^2 = I: a binary mask, a 0/1 label
        name = names[0]  # _zero_or_one: the line has one name, and it is never defined
        return Judgement("undefined", f"says that `{name}` is 0 or 1 ({name}² = {name}: a mask, an indicator or "
                         "a label), which this text states in words, not an identity in numbers; define it (as "
                         "\\mathbb{1}[…]) to have the line judged", None, tuple(names))
    if lemma:  # no policy in it: an identity in its free names
        return Judgement("refuted", f"{result.reason} (as an identity in {listed}: false for some "
                         "values)", cex, tuple(names))
    rewards = arbitrary_rewards(full_l, full_r)
    others = [a for a in unknown if a not in rewards]
    on = [{a for a in rewards if side.has(a)} for side in (full_l, full_r)]
    if not others and on[0] and on[1] and not on[0] & on[1] and _undecorated(on[0]) == _undecorated(on[1]):
        # R(x, ŷ_i) against R(x, y_i): the same letters, decorated on one side only
        shown = [_listing(sorted(to_text(a) for a in side)) for side in on]
        return Judgement("undefined", f"takes {listed} at other responses on each side ({shown[0]} against "
                         f"{shown[1]}): the same letters for other responses, or other "
                         "responses? Write the responses the same way on both sides to have it judged", None,
                         tuple(names))
    # R(τ) = Σ_t R(s_t, a_t): the left side alone is the reward in other arguments than on the right
    if not others and full_l in rewards and not any(type(f) is type(full_l) and len(f.args) == len(full_l.args)
                                                    for f in rewards if full_r.has(f)):
        return Judgement("undefined", f"uses {listed} with different numbers of arguments (R(τ) against "
                         "R(s, a)): two functions under one name, one of them said in terms of the other, "
                         "which reads as a definition; write it `:=` or name the new one", None, tuple(names))
    if not others and any(side.is_number and not side.is_integer for side in (full_l, full_r)):
        # ℒ_RM = −log σ(Δ) ≈ 0.201, P = 1/2, β log Z = 0.3: an example's value. Not an integer: a minimum of
        # a KL (0) or a condition set to 0 is the text's conclusion, refuted for a reward that breaks it
        return Judgement("undefined", f"{EXAMPLE_VALUE} {listed}, which the text does not fix "
                         "in the math: the value in an example or a case given in words (r_w = 2.0, \"with equal "
                         f"rewards\"), not a claim for every reward; write the values of {listed} as equations to have "
                         "it judged", None, tuple(names))
    if not others:  # the same reward on both sides: an identity in it, and a value of it refutes it
        return Judgement("refuted", f"{result.reason}; for a reward such as this one (the line is "
                         f"claimed for every {listed}), the sides differ", cex, tuple(names))
    if _common_factor(full_l, full_r, others):  # λ_U σ′(−z) = λ_U σ(−z)σ(z): a weight on both sides
        return Judgement("refuted", f"{result.reason}; {listed} only scale{'s' if len(names) == 1 else ''} both "
                         "sides alike, so they differ wherever it is not 0", cex, tuple(names))
    if can_hold(full_l, full_r, others, cex["at"]):
        return Judgement("undefined", undefined_message(names), None, tuple(names))
    return Judgement("refuted", f"{result.reason}; whatever {listed} stand"
                     f"{'s' if len(names) == 1 else ''} for, the sides differ", cex, tuple(names))


def _common_factor(full_l, full_r, others) -> bool:
    """Do the names never defined enter both sides only as the same factor (λ A = λ B)? Then the
    line holds only where that factor is 0, and a refutation at a random point is one for every
    nonzero value: a weight or scale the text names but does not define."""
    if not others or not all(isinstance(a, sp.Symbol) for a in others):
        return False
    if any(e.atoms(sp.Sum, sp.Integral) or any(" over " in type(f).__name__ for f in e.atoms(AppliedUndef))
           for e in (full_l, full_r)):
        return False  # sums, means and optima are read with more guessing: a refutation there stays as it was
    factors = []
    for side in (full_l, full_r):
        rest, factor = sp.factor_terms(side).as_independent(*others, as_Add=False)
        if factor == 1 or rest.has(*others) or not factor.free_symbols <= set(others) \
                or not isinstance(factor, (sp.Symbol, sp.Mul, sp.Pow)):
            return False
        factors.append(factor)
    return factors[0] == factors[1]


def _objects(names: list[str], written: str, defined: set[str]) -> bool:
    """Do the undefined names stand for more than numbers: a transpose written (`θ^⊤x`, `W_i^T X_i`),
    or a name that is a word or carries one (`GiB`, `dLoss`, `ΔW`, `W_up`, `h_in`, `N_GPU`)?"""
    if TRANSPOSE_RE.search(written) and "T" not in defined:
        return True
    for name in names:
        base, _, index = name.partition("_")
        if len(base) > 1 and base not in GREEK or re.fullmatch(r"[A-Za-z]{2,}", index) and index not in SCRIPTS:
            return True
    return False


def _sum_said(left, right) -> str | None:
    """The family's name where one side is a sum of its terms alone (Σ_{i=1}^k φ_i, Σ_i r_i) and the other a
    number, else None."""
    for a, b in ((left, right), (right, left)):
        body = a.function if isinstance(a, sp.Sum) else a.args[0] if isinstance(a, AppliedUndef) \
            and type(a).__name__.startswith(SUM_PREFIX) and a.args else None
        if body is None or not b.is_number:
            continue
        if isinstance(body, sp.Indexed):
            return to_text(body.base)
        if isinstance(body, sp.Symbol) and "_" in body.name:
            return body.name.rpartition("_")[0]
    return None


def _zero_or_one(left, right) -> bool:
    """x² = x, x³ = x for a name x: said of a mask, an indicator or a 0/1 label (its values), no identity."""
    for a, b in ((left, right), (right, left)):
        if isinstance(b, sp.Symbol) and isinstance(a, sp.Pow) and a.base == b and a.exp.is_Integer and a.exp > 1:
            return True
    return False


def _algebra_only(*exprs) -> bool:
    """Arithmetic on names and numbers: no function, derivative, sum or limit, no power with a name in
    its exponent (10^{R/400}), and no side a bare number (`OH = 3`: a value, judged as such)."""
    return not any(e.is_number or e.atoms(sp.Function, sp.Derivative, sp.Subs, sp.Sum, sp.Integral, sp.Limit)
                   or any(not p.exp.is_number for p in e.atoms(sp.Pow)) for e in exprs)


def _undecorated(applications) -> set:
    """R(ŷ_i) as R(y_i): the applications with hats, tildes and bars taken off their arguments."""
    return {(type(a).__name__, tuple(DECORATION_RE.sub(r"\1", to_text(arg)) for arg in a.args)) for a in applications}


def _not_on_the_left(unknown, left, left_written: str, made_of: frozenset) -> list:
    """The names never defined that the left side does not use, as read or as written (`l'(w)`), nor
    index by (β_i beside P(i > j)): no variables of the identity the line would be."""
    read = {a.name for a in left.free_symbols} | made_of

    def on_the_left(name: str) -> bool:
        base, _, index = DECORATION_RE.sub(r"\1", name).partition("_")
        return name in read or index in read or any(
            part and re.search(rf"(?<![A-Za-z]){re.escape(part)}(?![A-Za-z])", left_written)
            for part in (base.rstrip("′'"), index))
    return sorted((a for a in unknown if isinstance(a, sp.Symbol) and not on_the_left(a.name)), key=str)


def _data(*exprs) -> frozenset:
    """The bounds of sums and products (n in Σ_{i=1}^n) and the names indexed under them (y_i, X_i):
    the data of a sample, over which a likelihood's algebra holds for every value."""
    names = set()
    for e in exprs:
        for s in e.atoms(sp.Sum, sp.Product):
            for index, *bounds in s.limits:
                names |= {b.name for bound in bounds for b in bound.free_symbols}
                names |= {a.name for a in s.function.free_symbols if a.name.endswith("_" + index.name)}
        names |= {str(a.base.label) for a in e.atoms(sp.Indexed)}
    return frozenset(names)


def _vector_and_components(*exprs) -> str | None:
    """A name beside its components under a sum (w and w_j in Σ_j w_j², x and x[i]): the name of that
    vector, or None."""
    def outside_sums(e):  # Σ σ(w x + b) beside Σ σ(w x_i + b) is an index forgotten, not a vector
        sums = [f for f in e.atoms(sp.Sum, sp.Indexed, AppliedUndef)
                if not isinstance(f, AppliedUndef) or type(f).__name__.startswith(SUM_PREFIX)]
        return e.xreplace({f: sp.Dummy() for f in sums}).free_symbols
    plain = {a.name for e in exprs for a in outside_sums(e)}
    found = set()  # every such name, the first in order given: a set's order changes from run to run
    for e in exprs:
        sums = [(s.function, [index.name for index, *_ in s.limits]) for s in e.atoms(sp.Sum)]
        sums += [(f.args[0], [type(f).__name__[len(SUM_PREFIX):]]) for f in e.atoms(AppliedUndef)
                 if type(f).__name__.startswith(SUM_PREFIX) and f.args]
        for summand, indices in sums:
            components = {str(i.base.label) for i in summand.atoms(sp.Indexed)}
            components |= {a.name.partition("_")[0] for a in summand.free_symbols if a.name.partition("_")[2] in indices}
            found |= components & plain
    return min(found, default=None)


def _free_in(expr, unknown) -> list:
    return sorted((a for a in unknown if expr.has(a)), key=str)


def _of_a_response(symbol) -> bool:
    """r_w, Δ_l: a quantity of the preferred or the dispreferred response; π_ref written bare: a
    policy. Not free variables."""
    base, _, index = symbol.name.partition("_")
    policy = base.split("^")[0] in ("pi", "piref", "pistar") and (
        "^" in base or index in ("ref", "theta", "phi", "old", "sft", "SFT"))
    return (index in ("w", "l") and base not in ("x", "y")) or policy  # π_ref, π^SFT: a policy, not π_i


def undefined_message(names: list[str]) -> str:
    """Which names, why the line is not judged, and how to define them."""
    one = len(names) == 1
    it = "it" if one else "them"
    return (f"uses {_listing(names)}, which this text never defines: the line holds for some "
            f"values of {it} and not for others, so it is not judged. Define {it} before this line "
            f"(e.g. `${names[0]} = …$`), or write out what {'it stands' if one else 'they stand'} for")


def _listing(names: list[str]) -> str:
    quoted = [f"`{n}`" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def equal_values(left, right, time_limit: float) -> Equality:
    """Opaque names first (cheap); then the definitions.

    An identity that holds with every defined name left as an arbitrary function holds for the
    definitions too. Otherwise the expanded check decides, and its counterexample names only
    quantities that are free to choose (the policy's values and scores, β): a defined name (δ,
    ∇ℒ) is a function of those, never a free number.
    """
    (full_l, opaque_l), (full_r, opaque_r) = left, right
    same = full_l == opaque_l and full_r == opaque_r
    first = _equal(opaque_l, opaque_r, time_limit)
    if first.holds or same:
        return first
    return _equal(full_l, full_r, time_limit)


def _equal(lhs, rhs, time_limit: float) -> Equality:
    try:
        return check_equal(lhs, rhs, time_limit=time_limit)
    except RecursionError:
        return Equality("skipped", "the expression is too deeply nested for the equality engine")
    except Exception as exc:  # sympy can fail on exotic input; a verdict, never a traceback
        return Equality("skipped", f"the equality engine could not compare these sides "
                                   f"({type(exc).__name__})")
