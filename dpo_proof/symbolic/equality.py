r"""Is A = B?  A numeric screen at random points, then a symbolic certificate, with a time limit.

Shared by everything in the toolkit that says "A = B": the canonical derivation and the checker
of handwritten derivations. Verdicts:

- ``refuted``: the sides differ at a probe point, confirmed at 30 digits; the point is the
  counterexample, reported with both sides' values;
- ``proved``: a chain of sympy transforms reduces A - B to 0 (a certificate);
- ``numerically-true``: no mismatch at any probe, no certificate within the time limit;
- ``skipped``: neither side could be evaluated (overflow everywhere, or out of time).

Undefined functions such as $\pi_\phi(y|x)$ and their derivatives $\nabla_\phi\pi_\phi(y|x)$ are
treated as free values (positive, resp. real): an identity that holds for all such values holds
for every policy. That is sound for proving; it is also what a counterexample means.
"""
from __future__ import annotations

import contextlib
import copy
import warnings
from dataclasses import dataclass

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from ..limits import Timeout, deadline
from ..tolerances import tolerance
from .floats import at_points
from .notation import sigma, to_text
from .sums import doit

# screen: a mismatch beyond this is confirmed at high precision
SCREEN = tolerance("float64", "symbolic-screen")
CONFIRM_DIGITS = 30


@dataclass(frozen=True)
class Equality:
    """The verdict on one claimed identity, with its evidence."""

    verdict: str  # proved | numerically-true | refuted | skipped
    reason: str
    counterexample: dict | None = None  # {"at": {name: value}, "lhs": float, "rhs": float}

    @property
    def holds(self) -> bool:
        return self.verdict in ("proved", "numerically-true")


#: Within `remembered()`: verdicts already reached, by (lhs, rhs, time limit, probes, seed). The
#: checker asks one file's questions more than once (a chain's start against each reading of a row).
_DECIDED: dict | None = None


@contextlib.contextmanager
def remembered():
    """In the block, a question asked again gets the answer it got (the checker: one file). Only
    answers reached with no time limit hit are kept, so none depends on what was asked before."""
    global _DECIDED
    outer, _DECIDED = _DECIDED, {} if _DECIDED is None else _DECIDED
    try:
        yield
    finally:
        _DECIDED = outer


def check_equal(lhs, rhs, *, time_limit: float = 3.0, probes: int = 24, seed: int = 0) -> Equality:
    """Decide ``lhs = rhs`` for sympy expressions built by the toolkit (never from raw user text)."""
    lhs, rhs = _as_expr(lhs), _as_expr(rhs)
    memo, key = _DECIDED, (lhs, rhs, time_limit, probes, seed)
    if memo is not None and key in memo:
        return copy.deepcopy(memo[key])  # a copy: a caller may add to the counterexample
    result, timed_out = _decide(lhs, rhs, time_limit, probes, seed)
    if memo is not None and not timed_out:
        memo[key] = copy.deepcopy(result)
    return result


def _decide(lhs, rhs, time_limit: float, probes: int, seed: int) -> tuple[Equality, bool]:
    """(the verdict, whether a time limit cut the work short)."""
    try:
        with deadline(time_limit):
            lhs, rhs = doit(lhs), doit(rhs)
            screened, refutation = _screen(lhs, rhs, probes, seed)
            if screened == 0 and refutation is None:  # float64 overflowed everywhere: e^{e^7}
                refutation = _screen_precisely(lhs, rhs, seed)
    except Timeout:
        return Equality("skipped", f"the numeric screen did not finish within {time_limit:g} s"), True
    if refutation is not None:
        return refutation, False
    timed_out = False
    try:
        with deadline(time_limit):
            how = _certify(lhs, rhs)
    except Timeout:
        how, timed_out = None, True
    return _verdict(how, screened, time_limit), timed_out


def _verdict(how, screened: int, time_limit: float) -> Equality:
    if how:
        return Equality("proved", f"A − B reduces to 0 by {how}")
    if screened == 0:
        return Equality("skipped", "neither side could be evaluated at any probe point, "
                                   "and no symbolic certificate was found")
    return Equality("numerically-true", f"agreed at all {screened} random points; "
                                        f"no symbolic certificate within {time_limit:g} s")


def _as_expr(value) -> sp.Expr:
    if isinstance(value, str):  # user text must go through the checker's parser, never sympify
        raise TypeError("check_equal takes sympy expressions, not strings")
    return sp.S(value)


# ------------------------------------------------------------------------------ the screen

def _freeze(exprs, for_numbers: bool):
    """Replace derivatives, undefined functions (and, for numbers, indexed values) by dummies."""
    mapping: dict = {}
    # Subs first: sympy writes d/dphi f(phi, phi) as Subs(Derivative(f(xi, phi), xi), xi, phi) + ...,
    # whose inner Derivative has a bound variable and must be frozen whole.
    for kind in (sp.Subs, sp.Derivative):
        found = sorted(set().union(*(e.atoms(kind) for e in exprs)), key=sp.default_sort_key)
        step = {a: sp.Dummy("d", real=True) for a in found}
        exprs = [e.xreplace(step) for e in exprs]
        mapping.update(step)
    undefined = set().union(*(e.atoms(AppliedUndef) for e in exprs))
    if for_numbers:
        undefined |= set().union(*(e.atoms(sp.Indexed) for e in exprs))
    extra = {f: sp.Dummy("f", positive=True) if f.is_positive else sp.Dummy("f", real=True)
             for f in sorted(undefined, key=sp.default_sort_key)}
    mapping.update(extra)
    return [e.xreplace(extra) for e in exprs], mapping


def _sample(symbol: sp.Symbol, rng: np.random.Generator, size: int) -> np.ndarray:
    """Round values (two decimals) make readable counterexamples; zero is avoided."""
    if symbol.is_integer:
        low = 1 if (symbol.is_positive or symbol.is_nonnegative) else -3
        return rng.integers(low, 6, size=size).astype(float)
    if symbol.is_positive:
        return np.maximum(np.round(10 ** rng.uniform(-1.0, 0.5, size), 2), 0.01)
    values = np.round(rng.uniform(-2.0, 2.0, size), 2)
    return np.where(values == 0, 0.5, values)


def _screen(lhs: sp.Expr, rhs: sp.Expr, probes: int, seed: int):
    """Evaluate both sides at `probes` random points. Returns (points compared, refutation)."""
    rng = np.random.default_rng(seed)
    (flhs, frhs), mapping = _freeze([lhs, rhs], for_numbers=False)
    integers = sorted((s for s in (flhs - frhs).free_symbols if s.is_integer), key=sp.default_sort_key)
    if integers:  # e.g. a vocabulary size n: fix it, then expand the sums
        point = {s: int(_sample(s, rng, 1)[0]) + 2 for s in integers}
        flhs, frhs = flhs.xreplace(point).doit(), frhs.xreplace(point).doit()
        (flhs, frhs), more = _freeze([flhs, frhs], for_numbers=True)
        mapping.update(more)
    names = {v: k for k, v in mapping.items()}
    variables = sorted(flhs.free_symbols | frhs.free_symbols, key=sp.default_sort_key)
    try:
        fn = at_points(variables, [flhs, frhs])
        columns = [_sample(v, rng, probes) for v in variables]
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            a, b = (np.broadcast_to(np.asarray(side, dtype=complex), (probes,)) for side in fn(*columns))
    except (TypeError, ValueError, NameError, ZeroDivisionError, OverflowError, AttributeError):
        return 0, None  # not evaluable numerically (e.g. an unexpanded sum): the certificate decides
    valid = np.isfinite(a) & np.isfinite(b)
    close = np.isclose(a, b, rtol=SCREEN.rtol, atol=SCREEN.atol)
    for i in np.flatnonzero(valid & ~close)[:3]:
        point = {v: sp.Float(col[i], 15) for v, col in zip(variables, columns)}
        exact = [sp.N(side.xreplace(point), CONFIRM_DIGITS) for side in (flhs, frhs)]
        if not all(e.is_number for e in exact) or abs(complex(exact[0] - exact[1])) <= SCREEN.atol * (
                1 + abs(complex(exact[0]))):
            continue  # a float64 artefact, not a real mismatch
        at = {to_text(names.get(v, v)): float(col[i]) for v, col in zip(variables, columns)}
        l, r = complex(exact[0]), complex(exact[1])
        cex = {"at": at, "lhs": _real(l), "rhs": _real(r)}
        return int(valid.sum()), Equality(
            "refuted", _where(at) + f"left side {_fmt(l)}, right side {_fmt(r)}", cex)
    return int(valid.sum()), None


def _screen_precisely(lhs: sp.Expr, rhs: sp.Expr, seed: int, probes: int = 3) -> Equality | None:
    """The screen at 30 digits, for sides float64 cannot hold (e^{e^7} is about 10^476). It can
    only refute: at such sizes 30 digits cannot see a difference of 1, so agreement proves nothing."""
    rng = np.random.default_rng(seed)
    (flhs, frhs), mapping = _freeze([lhs, rhs], for_numbers=True)
    names = {v: k for k, v in mapping.items()}
    variables = sorted(flhs.free_symbols | frhs.free_symbols, key=sp.default_sort_key)
    bounds = summation_bounds(flhs, frhs)  # Σ_{k=1}^K: K a count (evalf of a sum to K = 0.55 crawls)
    for _ in range(probes):
        point = {v: sp.Integer(int(rng.integers(2, 5))) if v in bounds else sp.Float(_sample(v, rng, 1)[0], 15)
                 for v in variables}
        exact = [sp.N(side.xreplace(point).doit() if bounds else side.xreplace(point), CONFIRM_DIGITS)
                 for side in (flhs, frhs)]
        if not all(e.is_number and e.is_finite for e in exact):
            continue
        if abs(exact[0] - exact[1]) > SCREEN.atol * (1 + abs(exact[0])):
            at = {to_text(names.get(v, v)): float(point[v]) for v in variables}
            shown = [_precise(e) for e in exact]
            cex = {"at": at, "lhs": shown[0], "rhs": shown[1]}
            return Equality("refuted", _where(at) + f"left side {shown[0]}, right side {shown[1]}", cex)
    return None


def _precise(x: sp.Expr):
    """A float where it fits, else the number as text ("1.827e+476")."""
    value = complex(x)
    if all(map(np.isfinite, (value.real, value.imag))):
        return _real(value)
    return str(sp.N(x, 4))


def _where(at: dict) -> str:
    return ("at " + ", ".join(f"{k} = {val:g}" for k, val in at.items()) + ": ") if at else ""


def _real(z: complex):
    return z.real if abs(z.imag) <= 1e-12 * (1 + abs(z.real)) else str(z)


def _fmt(z: complex) -> str:
    value = _real(z)
    return f"{value:.4g}".replace("-", "−") if isinstance(value, float) else value


# ------------------------------------------------------------------------------ the certificate

def _sigma_as_exp(e: sp.Expr) -> sp.Expr:
    e = e.replace(sigma, lambda z: 1 / (1 + sp.exp(-z)))
    return e.rewrite(sp.exp) if e.has(sp.tanh, sp.sinh, sp.cosh) else e  # tanh = (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ)


def _expand_logs(e: sp.Expr) -> sp.Expr:
    return sp.expand(sp.expand_log(e, force=True))


# Cheapest first. In sympy a true DPO identity can fail plain simplify(a - b) == 0: logs of
# ratios must be split (expand_log, sound here since every probability is positive) and
# sigmoids compared through exponentials, so those transforms come before simplify.
TRANSFORMS = (
    ("expand", sp.expand),
    ("expand_log", _expand_logs),
    ("expand_log, then cancel", lambda e: sp.cancel(sp.together(_expand_logs(e)))),
    ("sigma as exponentials, then cancel", lambda e: sp.cancel(sp.together(_expand_logs(_sigma_as_exp(e))))),
    ("simplify", sp.simplify),
    ("sigma as exponentials, then simplify", lambda e: sp.simplify(_expand_logs(_sigma_as_exp(e)))),
)


def _certify(lhs: sp.Expr, rhs: sp.Expr) -> str | None:
    (flhs, frhs), _ = _freeze([lhs, rhs], for_numbers=False)
    difference = flhs - frhs
    for name, transform in TRANSFORMS:
        try:
            if transform(difference) == 0:
                return name
        except Timeout:
            raise
        except Exception:  # a transform sympy cannot apply here; try the next one
            continue
    return None


def summation_bounds(*exprs) -> set:
    r"""The symbols that bound a sum ($N$ in $\sum_{i=1}^N$): counts of terms, not free values."""
    return {b for e in exprs for total in e.atoms(sp.Sum) for limit in total.limits for b in limit[1:]
            if isinstance(b, sp.Symbol)}
