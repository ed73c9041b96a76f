r"""Name the slip, show the right line: a refuted line against the catalogue of known slips.

The correct line is the previous line of the chain when that one holds (a step), else the true
value of the left side. If the author's line equals the correct one with one catalogued slip
applied (dpo_proof/catalogue: each slip's symbolic mutations), the diagnosis says which: "this is
the previous line with …". `should_be` is the right side the line should have, in the author's
notation: the author's own line with the slip undone where a mutation of it gives the correct
value (their u, r̂_θ, Δ, y_c/y_r kept), else the previous line as written, else the correct value
printed with the author's names. Sameness is decided numerically at a few shared random points
(`Probe`): cheap enough to try every slip, and a match is then a statement about values.
"""
from __future__ import annotations

import cmath
import math
import re
import zlib

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from ..catalogue import SLIPS
from ..catalogue.mutations import Context
from ..symbolic.notation import DPOLatexPrinter, sigma
from .names import display_name, param_symbol
from .parsing import LatexError
from .repairs import candidates

LOSS_NAME_RE = re.compile(r"^(L|mathcal\(L\)|mathscr\(L\)|ell|l|J)(_|$)|DPO|loss")
EXPECTATION_RE = re.compile(r"\\mathbb\s*\{?\s*E|\\operatorname\s*\{\s*E|\\E(?![a-zA-Z])|𝔼|(?<![A-Za-z\\])E\s*[_\[]")


FLOAT_OPS = {sp.Add: lambda *a: sum(a), sp.Mul: lambda *a: math.prod(a), sp.Pow: lambda b, x: b ** x,
             sp.log: cmath.log, sp.exp: cmath.exp, "sigma": lambda z: 1 / (1 + cmath.exp(-z))}


class Probe:
    """Values of expressions at a few random points shared by every expression it is asked about:
    the same atom (π_θ(y_w|x), ∇_θ u, β) always gets the same values."""

    def __init__(self, points: int = 3, seed: int = 11, tolerance: float = 0.0):
        self.tolerance = tolerance  # absolute, for numbers written rounded (0.337 for 0.33687)
        self.seed = seed
        self.points = points
        self.values: dict = {}
        self.evaluated: dict = {}  # expression -> its values: `wrong` is compared with every mutation

    def _value(self, atom) -> list[float]:
        if atom not in self.values:
            # each atom's own stream, from its name: the values do not depend on the order atoms are met
            # in (a set's order changes from run to run), so the same text gets the same report
            rng = np.random.default_rng([self.seed, zlib.crc32(sp.srepr(atom).encode())])
            if getattr(atom, "is_positive", False):
                v = np.round(10 ** rng.uniform(-1.0, 0.5, self.points), 3) + 0.01
            else:
                v = np.round(rng.uniform(-2.0, 2.0, self.points), 3)
                v = np.where(v == 0, 0.5, v)
            self.values[atom] = [float(x) for x in v]
        return self.values[atom]

    def at(self, expr) -> list[complex]:
        expr = sp.S(expr)
        if expr not in self.evaluated:
            self.evaluated[expr] = self._at(expr)
        return self.evaluated[expr]

    def _at(self, expr) -> list[complex]:
        if any(not isinstance(d.expr, AppliedUndef) for d in expr.atoms(sp.Derivative)) or expr.atoms(sp.Subs):
            expr = expr.doit()
        out = []
        for i in range(self.points):
            try:
                out.append(self._eval(expr, i))
            except Exception:  # whatever sympy or the floats cannot do: no value at this point
                out.append(complex(math.nan))
        return out

    def _eval(self, e, i: int) -> complex:
        """A float walk of the tree: microseconds, where sympy's own evaluation takes milliseconds."""
        if e.is_Number or e.is_NumberSymbol:
            return complex(e)
        if isinstance(e, (sp.Symbol, AppliedUndef, sp.Derivative)):
            return complex(self._value(e)[i])
        if isinstance(e, sp.Subs):  # d/dξ f(ξ, θ) at ξ = θ, left by doit(): sympy's evalf of it recurses
            raise ValueError("a derivative at a point: no value")  # a thousand frames deep, then fails
        kind = next((f for k, f in FLOAT_OPS.items() if not isinstance(k, str) and isinstance(e, k)),
                    FLOAT_OPS.get(type(e).__name__))
        if kind is None and any(bound.is_infinite for s in e.atoms(sp.Sum) for lim in s.limits for bound in lim[1:]):
            raise ValueError("an infinite series: no value at a probe point")  # its evalf may take seconds
        if kind is None:  # a sum, an integral, …: sympy evaluates it (slowly)
            point = {a: sp.Float(self._value(a)[i]) for a in e.free_symbols}
            return complex(e.xreplace(point).doit().evalf(15))
        return kind(*[self._eval(a, i) for a in e.args])

    def same(self, a, b) -> bool:
        """Equal at every point where both are finite, and finite somewhere."""
        va, vb = self.at(a), self.at(b)
        pairs = [(x, y) for x, y in zip(va, vb) if np.isfinite(x) and np.isfinite(y)]
        return bool(pairs) and all(abs(x - y) <= max(1e-9 * (1 + abs(x) + abs(y)), self.tolerance)
                                   for x, y in pairs)


class AuthorLatex(DPOLatexPrinter):
    """LaTeX with the author's names for their defined quantities (u, \\Delta, \\hat{r}_\\theta)."""

    def __init__(self, table):
        super().__init__({"order": "none"})
        self.table = table

    def _print_Function(self, expr, exp=None):
        key = self.table.opaque_names.get(type(expr).__name__)
        if key is not None and key in self.table.definitions:
            definition = self.table.definitions[key]
            param = param_symbol(self.table.default_param)
            args = [a for a in expr.args if a != param]
            text = definition.head + (f"({', '.join(self._print(a) for a in args)})" if args else "")
            return text if exp is None else f"{{{text}}}^{{{exp}}}"
        return super()._print_Function(expr, exp)

    def _print_Symbol(self, expr, style="plain"):
        if expr.name.startswith("pistar_"):
            return rf"\pi^*({self._print(sp.Symbol(expr.name[7:]))} \mid x)"
        return super()._print_Symbol(expr, style)


def author_latex(expr, table, like: str = "") -> str:
    """`expr` in the author's notation; inside E[…] when the author's own line has an expectation."""
    text = AuthorLatex(table).doprint(expr)
    return rf"\mathbb{{E}}\left[{text}\right]" if EXPECTATION_RE.search(like or "") else text


def context(table, known: dict, opaque: bool) -> Context:
    """What mutations need: σ, the margin (negated on a swap), ∇ of it, the winner and loser."""
    param = param_symbol(table.default_param)
    margins = [k for k, found in known.items() if found.role == "margin" and found.slip is None]
    names = [table.definitions[k] for k in margins if k in table.definitions]
    responses = next((found.responses for found in known.values() if found.responses), None)
    if not names:  # no margin of its own: the margin of the text's loss (y_w, y_l as it names them)
        loss = next((found for found in known.values() if found.role == "loss" and found.responses), None)
        if loss is None:
            return Context(sigma=sigma, responses=responses)
        from .known import margin_of
        return Context(sigma=sigma, grad_margin=sp.diff(margin_of(loss), param), responses=responses)
    if opaque:
        atoms = tuple(sp.Function(display_name(d.key), real=True)(param) for d in names)
        return Context(sigma=sigma, margins=atoms, grad_margin=sp.Derivative(atoms[0], param),
                       responses=responses)
    value = known[margins[0]].value
    return Context(sigma=sigma, grad_margin=sp.diff(value, param), responses=responses)


def find_slip(wrong, correct, ctx: Context, probe: Probe, slips=SLIPS):
    """The slip one of whose mutations of `correct` equals `wrong`. Where several give the same
    numbers (in a gradient, a negation and an exchange of the scores), the one whose mutation
    is `wrong` written the same way wins; else the first in catalogue order."""
    matches = []
    for s in slips:
        for candidate in s.mutations(correct, ctx) if s.symbolic else ():
            if probe.same(candidate, wrong):
                matches.append((s, candidate))
                break
    if len(matches) > 1:
        for s, candidate in matches:
            if _written_alike(candidate, wrong):
                return s
    return matches[0][0] if matches else None


def _written_alike(a, b) -> bool:
    """The same expression tree (sympy's canonical order): −β σ(−δ)(∇log π_l − ∇log π_w) is the
    scores exchanged, not a negation, though the numbers agree."""
    return sp.factor_terms(sp.S(a).doit()) == sp.factor_terms(sp.S(b).doit())


def expand_gradients(expr, table, unfold):
    """∇ of a defined name written out (∇δ -> β∇log π_w − β∇log π_l), the name itself kept:
    the form in which a step that substituted (b) into (2) is compared."""
    mapping = {d: unfold(d) for d in expr.atoms(sp.Derivative)
               if isinstance(d.expr, AppliedUndef) and type(d.expr).__name__ in table.opaque_names}
    return expr.xreplace(mapping) if mapping else expr


def repair(author_opaque, correct_full, unfold, ctx: Context, probe: Probe, first=None):
    """A mutation of the author's own expression that has the correct value: their line with the
    slip undone, in their names. None when no single slip undoes it."""
    ordered = ([first] if first is not None else []) + [s for s in SLIPS if s is not first]
    for s in ordered:
        for candidate in s.mutations(author_opaque, ctx) if s.symbolic else ():
            if probe.same(unfold(candidate), correct_full):
                return candidate
    return None


def text_repair(source: str, slip_id: str | None, correct_full, table, probe: Probe) -> str | None:
    """The author's own LaTeX with one edit (repairs.py) whose value is the correct one."""
    from .latex import ToSympy, parse_tree

    for text in candidates(source, slip_id):
        try:
            if probe.same(ToSympy(table).convert(parse_tree(text)), correct_full):
                return text
        except LatexError:
            continue
    return None


def diagnose(author, correct, base: str, table, known: dict, previous_source: str | None = None,
             teach: bool = True, tolerance: float = 0.0) -> dict:
    """Fields for a refuted claim: `diagnosis` ({"slip", "message"}) when a catalogued slip turns
    the correct line into the author's, `should_be` (LaTeX), and `no_slip` (a sentence) when none
    does. `teach`: add the slip's advice (it speaks of the DPO derivation; not for a lemma)."""
    from .latex import ToSympy

    probe = Probe(tolerance=tolerance)
    unfold = ToSympy(table)._unfold
    opaque_ctx, full_ctx = context(table, known, True), context(table, known, False)
    found = find_slip(author.opaque, correct.opaque, opaque_ctx, probe) \
        or find_slip(expand_gradients(author.opaque, table, unfold),
                     expand_gradients(correct.opaque, table, unfold), opaque_ctx, probe) \
        or find_slip(author.full, correct.full, full_ctx, probe)
    should_be = text_repair(author.source, found.id if found is not None else None, correct.full, table, probe)
    if should_be is None:
        fixed = repair(author.opaque, correct.full, unfold, opaque_ctx, probe, found)
        if fixed is not None:
            should_be = author_latex(fixed, table, author.source)
        elif previous_source is not None:
            should_be = re.sub(r"\s+", " ", previous_source.replace("&", " ")).strip()
        else:
            should_be = author_latex(_readable(correct.opaque, table, unfold), table, author.source)
    out: dict = {"should_be": should_be}
    if found is not None:
        advice = f": {found.advice}" if teach else ""
        out["diagnosis"] = {"slip": found.id, "message": f"this is {base} with {found.title}{advice}"}
    else:
        out["no_slip"] = f"no catalogued slip turns {base} into this line"
    return out


def _readable(expr, table, unfold):
    """The correct value with the author's names kept, except a loss kept as a name (∇ℒ(θ) says
    nothing about what the line should be): that one is written out."""
    subjects = {f for f in expr.atoms(AppliedUndef)
                if LOSS_NAME_RE.search(table.opaque_names.get(type(f).__name__, ""))}
    if not subjects:
        return expr
    mapping = {d: unfold(d) for d in expr.atoms(sp.Derivative) if d.expr in subjects}
    mapping.update({f: unfold(f) for f in subjects})
    return expr.xreplace(mapping)
