r"""How the notation of real derivations becomes sympy: the grammar's newer constructs.

Mixed into latex.ToSympy. Superscript marks on names (`\pi^*`, `y^+`; `\theta^\top` is a
transpose, nothing on a scalar), Leibniz fractions (`\frac{d\sigma}{du}` is σ′(u),
`\frac{\partial \ell}{\partial z}`, `\frac{d}{d\sigma(u)}` a derivative with respect to an
expression), primes on defined names (`g'(z)`, `(\log u)'`), `\max_\pi`/`\arg\min_\phi`/`\sum_y`
(bigops.py has `\max_\pi`, `\sum_y`, means and divergences), `\pi(\cdot|x)`, `P(y_w \succ y_l)`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import lark
import sympy as sp
from sympy.core.function import AppliedUndef

from . import operators, products
from .names import Name, display_name, names_in, normalise_script, normalise_sup
from .implicit import bare_sigma, derivative_in_expression, derivative_in_sigma, derivative_in_reward
from .parsing import LatexError
from .primerule import total_derivative
from ..symbolic.notation import beta as BETA

LIMIT_RE = re.compile(r"_\s*\{\s*(\\[a-zA-Z]+|[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?)\s*(?:\\to|\\rightarrow|→)\s*(-|−)?\s*\+?\s*"
                      r"(\\infty|\d+(?:\.\d+)?)\s*([+\-−]\s*0|\^\s*\{?\s*[+\-−]\s*\}?)?\s*\}")  # 1-0, 0^+: one side

@dataclass
class Preference:
    """`y_w \\succ y_l` inside a probability: two names, in order."""

    better: object
    worse: object


class Args(list):
    """A call's arguments; `parallel` when they were separated by `\\|` (a divergence)."""

    parallel = False


@dataclass
class Leibniz:
    r"""`\frac{d}{d\sigma(u)}` waiting for its operand."""

    variable: object  # a Name or an expression
    order: int
    pos: int


@lark.v_args(inline=True)
class Constructs(lark.Transformer):
    """Conversion rules of the constructs above (methods of the ToSympy transformer)."""

    # ------------------------------------------------------------------ names and arguments
    def superscript(self, head, token):
        sup = normalise_sup(str(token))
        if sup == "T":
            return head  # θ^⊤ φ(x): a transpose is nothing on the scalars checked here
        if not isinstance(head, Name) or head.sup is not None:
            raise LatexError(f"superscript `{token}` on something that is not a name", token.start_pos)
        return replace(head, sup=sup)

    def placeholder(self, token):
        return Name("y", token.start_pos)  # π(·|x): the policy at a generic response y

    def preference(self, better, _op, worse):
        return Preference(better, worse)

    def limit(self, token, body):
        r"""$\lim_{x \to \infty} \sigma(x)$ = 1: sympy's limit, with σ written as exponentials."""
        m = LIMIT_RE.search(str(token))
        if m is None:
            raise LatexError("a limit is read as \\lim_{x \\to a} with a name x and a number or ±\\infty",
                             token.start_pos)
        written = m.group(1).replace(" ", "")
        variable = BETA if written == "\\beta" else sp.Symbol(normalise_script(written.lstrip("\\")), real=True)
        sign, point = (-1 if m.group(2) else 1), m.group(3).strip()
        at = sp.oo if point == "\\infty" else (sp.Rational(point) if point else None)
        if at is None:
            raise LatexError("the point of a limit must be a number or \\infty", token.start_pos)
        side = "-" if m.group(4) and re.search(r"[-−]", m.group(4)) else "+"
        value = sp.limit(self.val(body).rewrite(sp.exp), variable, sign * at, side)
        if value.has(sp.Limit):
            raise LatexError("this limit could not be computed; write the value it has", token.start_pos)
        return value

    def event(self, name, _op, value):
        """`y = 1` inside p(y = 1 | x): the event, one name (y=1) the probability is taken at."""
        if not isinstance(name, Name) or not (isinstance(value, Name) or getattr(value, "is_number", False)):
            raise LatexError("an `=` inside brackets is read only as an event such as p(y = 1 | x)", _op.start_pos)
        said = value.key if isinstance(value, Name) else str(value)
        return Name(f"{name.key}={said}", name.pos)

    def sigma_of(self, token, operand):
        r"""`\sigma \beta(…)` written without parentheses: σ of what follows."""
        return self._sigma(Name("sigma", token.start_pos), [operand])

    def evaluate_at(self, expr, token):
        r"""`\left. f 
ight|_{x=0}`: f with x replaced by the value (a number or a name)."""
        m = re.search(r"_\s*\{?\s*([A-Za-z]|\[a-zA-Z]+)\s*=\s*([-+]?[0-9.]+|[A-Za-z])\s*\}?", str(token))
        if m is None:
            raise LatexError("write the evaluation bar as \right|_{x=0}", token.start_pos)
        variable = sp.Symbol(normalise_script(m.group(1)), real=True)
        value = sp.Rational(m.group(2)) if m.group(2)[-1].isdigit() else sp.Symbol(m.group(2), real=True)
        return self.val(expr).xreplace({variable: value})

    def escaped_braces(self, _open, expr, _close):
        return expr  # `\exp\{…\}`: braces written as grouping

    def length(self, token):
        size = products.length(str(token))  # |y_w|; |y| in r(x, y) = β/|y| … applied at y_w: |y_w|
        bound = self.env.get(size.name.strip("|"))
        return sp.Symbol(f"|{bound.name}|", positive=True) if isinstance(bound, sp.Symbol) else size

    def dots(self, token):
        r"""`+ \cdots`: terms the text does not write; a value of its own."""
        return sp.Symbol("⋯", real=True)

    @staticmethod
    def _arguments(items) -> Args:
        out, given = Args(), False
        for item in items:
            if isinstance(item, lark.Token):
                out.parallel = out.parallel or item.type == "PARALLEL"
                given = given or str(item).strip() in ("|", "∣", "\\mid", "\\vert", ";")
            elif isinstance(item, Preference):
                out += [item.better, item.worse]
            elif isinstance(item, sp.Symbol) and item.name == "⋯" and not given:  # p(x_1, …, x_T): a sequence
                raise LatexError("arguments written with an ellipsis (x_1, …, x_T) are not read: name the "
                                 "sequence (p(x) for the tokens of x) or write its terms out", 0)
            else:
                out.append(item)
        return out

    def _response(self, args) -> Name:
        """The response of π(…): `π(y_w|x)`, `π(y_w)`, and `π(x, y)` as some notes write it."""
        names = [a for a in args if isinstance(a, Name)]
        if len(names) > 1 and names[0].base == "x" and names[0].sub is None:
            return names[1]
        return args[0]

    @staticmethod
    def _complete_args(definition, args):
        """`r_\\theta(y_l)` for an `r_\\theta(y, x)` or `r_\\theta(x, y)` the text defined: the prompt x
        left out, as `\\pi(y_w)` leaves out `| x`, is the definition's own x."""
        missing = definition.params[len(args):]
        if args and 0 < len(missing) and all(p == "x" for p in missing):
            return Args(list(args) + [Name(p, 0) for p in missing])
        prompts = definition.params.count("x")
        if args and prompts and len(args) == len(definition.params) - prompts:  # r̂(y_l) for r̂(x, y)
            given = iter(args)
            return Args([Name("x", 0) if p == "x" else next(given) for p in definition.params])
        return args

    # ------------------------------------------------------------------ special calls
    def _special_call(self, head: Name, args: Args):
        if args.parallel:
            return self._divergence(head, args)
        return self._call_primed(head, args)

    def _call_primed(self, head: Name, args: Args):
        """`g'(z)` for a defined g: the derivative of its body; `f'(z)` for an unknown f: f′ at z."""
        base = replace(head, primes=0)
        definition = self.defs.get(base.key)
        if len(args) > 1:  # r′(x, y): another function of several arguments, as π′ is another policy
            return sp.Function(display_name(head.key), real=True)(*[self.val(a) for a in args])
        if len(args) != 1:
            raise LatexError(f"`{display_name(head.key)}` takes one argument here, not {len(args)}",
                             head.pos)
        at = self.val(args[0])
        t = sp.Dummy("t", real=True)
        if definition is not None and len(definition.params) == 1:
            # g′ in g's own variable: a fresh one, not the text's z when z is also a defined name (z = θx + b)
            body = self._expand(definition, [t], head.pos)
            if definition.params[0] not in self.defs:  # l(w) around h(x) = σ(wx): the text's one w, inside h too
                body = body.xreplace({s: t for s in body.free_symbols if s.name == definition.params[0]})
            return sp.diff(body, t, head.primes).xreplace({t: at})
        f = sp.Function(display_name(base.key), real=True)
        return sp.diff(f(t), t, head.primes).subs(t, at)

    def _prime(self, head, token):
        """σ′, r′ (a name the text defines), u′ for a defined u (its derivative), g′ before `(`."""
        if not isinstance(head, Name):  # `1\prime`, `\{…\}^\prime`: in the expression's one variable
            return self._derivative_in_own_variable(self.val(head), token.start_pos, 1)
        primed = replace(head, primes=head.primes + 1)
        if head.base == "sigma" or primed.key in self.defs:
            return primed
        definition = self.defs.get(head.key)
        if definition is not None and not definition.params:
            value = self.val(head)
            if any(type(f).__name__.startswith("pi_") for f in value.atoms(sp.Function)):  # f′ of f(π_θ): ∇_θ f
                return self._derivative(value, self._param(None), head.primes + 1, head)
            return self._derivative_in_own_variable(value, token.start_pos, head.primes + 1, total=False)
        return primed

    def prime_of(self, expr, token):
        r"""$(\log u)'$: the derivative in the expression's one variable."""
        return self._derivative_in_own_variable(self.val(expr), token.start_pos, 1)

    def _derivative_in_own_variable(self, value, pos: int, order: int, total: bool = True):
        free = sorted((s for s in value.free_symbols if s.name not in ("beta",)), key=str)
        if not value.free_symbols:
            return sp.Integer(0)  # `1′`: a constant's derivative
        if total and order == 1 and self.depth == 0:  # `(1/v)' = -v'/v^2`: d/dt, the line priming v itself
            along = total_derivative(value, self.table.line())
            if along is not None:
                return along
        if len(free) != 1:
            raise LatexError("′ of an expression needs exactly one variable in it; write d/dz "
                             f"instead (found {', '.join(map(str, free)) or 'none'})", pos)
        return sp.diff(value, free[0], order)

    def inner_product(self, _open, a, _sep, b, _close):
        r"""$\langle u, v \rangle$: the product of the two sides (vectors read as scalars, as $u^\top v$)."""
        return self.val(a) * self.val(b)

    # ------------------------------------------------------------------ Leibniz
    def leibniz(self, token, *rest):
        r"""$\frac{d f}{d z}$, $\frac{d\sigma}{du}$ (σ′(u)), $\frac{\partial \ell}{\partial \log\pi}$."""
        numerator, _diff, variable = rest
        order = _order(str(token))
        if isinstance(numerator, Name) and numerator.base == "sigma" and not numerator.sub:
            at = self.val(variable)
            t = sp.Dummy("t", real=True)
            # $\frac{d\sigma^{-1}}{dz} = \frac{1}{z(1-z)}$: σ^{-1} is the logit, never σ itself
            f = sp.log(t / (1 - t)) if numerator.sup == "-1" else self._sigma(Name("sigma", numerator.pos), [t])
            return sp.diff(f, t, order).subs(t, at)
        return self._leibniz_apply(Leibniz(variable, order, token.start_pos), numerator)

    def leibniz_op(self, token, _diff, variable):
        return Leibniz(variable, _order(str(token)), token.start_pos)

    def apply_leibniz(self, op: Leibniz, operand):
        return self._leibniz_apply(op, operand)

    def _leibniz_apply(self, op: Leibniz, operand):
        f = self.val(operand)
        if isinstance(operand, Name) and operand.key in self.defs and f.is_number \
                and not names_in(self.defs[operand.key].tree) - {"e"}:  # ∂ℒ/∂r_w after ℒ = −log 0.8455
            raise LatexError(f"`{display_name(operand.key)}` is given here only as a number (a worked value): its "
                             "derivative is that of the quantity the number was computed from; define it as that "
                             "quantity to have the line judged", op.pos)
        if bare_sigma(op.variable):
            return derivative_in_sigma(f, op.order, op.pos)
        if isinstance(op.variable, Name) and not op.variable.primes:
            variable = self._param(op.variable.key)
            if found := derivative_in_reward(f, variable, op.order):  # ∂ℒ/∂r_w of an ℒ in r_φ(x, y_w)
                self.table.notes.append(found[1])
                return found[0]
            return self._derivative(_depending(f, variable), variable, op.order, operand)
        x = self.val(op.variable)
        t = sp.Dummy("t", real=True)
        f = operators.term_at(f, x)  # ∂/∂π(y|x) of Σ_y' g(π(y'|x)): the y-th term's derivative
        g = f.xreplace({x: t})
        if g == f and f.free_symbols & x.free_symbols:  # ∂𝓛/∂(βΔr): by elimination (implicit.py)
            return derivative_in_expression(f, x, op.order, op.pos)
        if g == f:  # ∂ℒ/∂r_ψ(y_w) of an ℒ the text never writes in r_ψ(y_w): unknown, never silently 0
            g = _depending(f, t)
        return sp.diff(g, t, op.order).xreplace({t: x})

    def _derivative(self, x, variable, order: int, operand):
        """d/dvariable of x, through the transformer's own derivative when it has one."""
        own = getattr(self, "_diff", None)
        return own(x, variable, order, operand) if own else sp.diff(x, variable, order)

    # ------------------------------------------------------------------ big operators


def _depending(f, variable):  # also used by prefixes.derive_by_name
    """f with its unknown names made functions of `variable` when f would not depend on it at
    all: d ℓ/dz of an ℓ the text never defines is unknown, never silently 0."""
    if variable in f.free_symbols or any(variable in a.free_symbols for a in f.atoms(sp.Function)):
        return f
    unknown = [s for s in f.free_symbols if not s.is_positive and s.name not in ("beta",)]
    calls = [g for g in f.atoms(AppliedUndef) if not type(g).__name__.startswith(("pi_", "piref_", "pistar_", "Σ"))
             and not g.has(*[s for s in f.free_symbols if s.name in ("theta", "phi")])]
    return f.xreplace({**{s: sp.Function(display_name(s.name), real=True)(variable) for s in unknown},
                       **{g: g.func(*g.args, variable) for g in calls}})  # r(y) the text may write in terms of u


def _order(token_text: str) -> int:
    m = re.search(r"\^\s*\{?\s*([0-9])", token_text)
    return int(m.group(1)) if m else 1
