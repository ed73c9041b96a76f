r"""LaTeX -> sympy for one side of an equation: the lark grammar plus a transformer with a symbol table.

The notation is that of the DPO derivation: $\delta = \beta\log\frac{\pi_\phi(y_w|x)}{\pi_{ref}(y_w|x)}
- \beta\log\frac{\pi_\phi(y_l|x)}{\pi_{ref}(y_l|x)}$, loss (1) $-\mathbb{E}[\log\sigma(\delta)]$,
gradient (2). The text is data: it is only ever tokenised by the grammar, never eval'd or sympified.
Defined names are applied by binding.py, the newer constructs of real notation by constructs.py,
sums, optima, means and divergences by bigops.py.
"""
from __future__ import annotations

import re
from dataclasses import replace
from fractions import Fraction

import lark
import sympy as sp
from sympy.core.function import AppliedUndef

from ..symbolic.notation import beta as BETA, policy, reference, sigma
from .binding import Binding
from .bigops import BigOperators
from .constructs import Constructs
from .derivatives import hold_name_derivatives
from .freenames import is_optimal
from .limits import MAX_DEFINITION_DEPTH, check_exp, check_number, check_power
from .names import REFERENCE_SUBSCRIPTS, Name, display_name, name_of_token, normalise_script
from .parsing import LatexError, parse_tree  # noqa: F401  (parse_tree: used by claims via latex)
from .prefixes import Prefixes, hyperbolic, moments_of_random_variables
from .rewrites import rewrite
from .symbols import FunctionValue, SymbolTable


# `\text{if } x \geq 0`, `\text{otherwise}` in a definition by cases: a condition, not a factor.
CONDITION_WORDS = {"if", "otherwise", "else", "when", "for", "where", "unless"}


@lark.v_args(inline=True)
class ToSympy(Binding, Constructs, BigOperators, Prefixes, lark.Transformer):
    """Bottom-up: each rule returns a sympy expression, or a `Name` still waiting to be applied."""

    def __init__(self, table: SymbolTable, env: dict[str, sp.Expr] | None = None, depth: int = 0,
                 opaque: bool = False, keep: frozenset = frozenset(), shadow: frozenset = frozenset(),
                 at: int | None = None):
        super().__init__(visit_tokens=False)
        self.table, self.env, self.depth, self.opaque = table, env or {}, depth, opaque
        self.at = table.offset if at is None else at  # where the text being read stands in the file
        # A definition's own parameters shadow the file's names while its body is read (P in D(P‖Q))
        self.defs = {k: d for k, d in table.definitions.items() if k not in shadow} if shadow \
            else table.definitions
        self.keep = keep  # defined names kept as names even when not leaves (d/dδ in them)
        self.held: dict[str, lark.Tree] = {}
        if depth > MAX_DEFINITION_DEPTH:
            raise LatexError("definitions refer to each other in a circle", 0)

    def convert(self, tree: lark.Tree) -> sp.Expr:
        try:
            tree, self.held = hold_name_derivatives(tree, self._is_defined)
        except ValueError as exc:
            raise LatexError(str(exc), 0) from None
        rewrite(tree)
        moments_of_random_variables(tree)
        try:
            return self.val(self.transform(tree))
        except lark.exceptions.VisitError as exc:
            if isinstance(exc.orig_exc, LatexError):
                raise exc.orig_exc from None
            if isinstance(exc.orig_exc, RecursionError):
                raise LatexError("nested too deeply", 0) from None
            raise LatexError(f"cannot build this expression ({type(exc.orig_exc).__name__}: "
                             f"{exc.orig_exc})", 0) from None
        except RecursionError:
            raise LatexError("nested too deeply", 0) from None

    # ---------------------------------------------------------------- resolving names
    def val(self, x) -> sp.Expr:
        if not isinstance(x, Name):
            return x
        if x.sub in self.env and isinstance(self.env[x.sub], sp.Symbol):  # π_i in P(i ≻ j) = …, at j
            x = replace(x, sub=self.env[x.sub].name)
        if x.primes and x.base in ("x", "y") and x.key not in self.defs and x.key not in self.env:
            return sp.Symbol(x.key, real=True)  # Σ_{y'} π(y'|x) f(y'): another response, not a derivative
        if x.primes and x.key not in self.defs and x.key not in self.env and x.base not in self.defs \
                and x.base not in ("sigma", "pi") and (not x.sub or not any(
                    k.startswith(x.base + "_") or k.startswith(x.base + "′_") for k in self.defs)):
            # m′ beside m = βm′, v′_{w_O} (word2vec's output vector): a name of its own
            return sp.Symbol(display_name(x.key), real=True)
        if x.primes and x.key not in self.defs and x.key not in self.env:  # f(y', y) for f(y, y'): bound
            raise LatexError(f"`{x.base}′` needs an argument", x.pos)
        if x.key in self.env:
            bound = self.env[x.key]
            if isinstance(bound, Name):
                raise LatexError("π needs a response: write \\pi(y_w|x)", x.pos)
            return bound.value if isinstance(bound, FunctionValue) else bound
        indexed = self._policy_indexed(x)
        if indexed is not None:
            return indexed([])
        x = self._plain_font(x)
        definition = self.defs.get(x.key)
        if definition is not None:
            if definition.params and any(p in self.defs and p != x.key for p in definition.params) \
                    and not any(p in self.env for p in definition.params):
                # D[Δ* ‖ Δ_θ] = …, 𝓛(ŷ, y) = … with ŷ defined: written bare, at the quantities it names
                return self._expand(definition, [Name(p, x.pos) for p in definition.params], x.pos)
            if self._kept(x.key):
                return self._opaque(x.key, [])
            return self._expand(definition, None, x.pos)
        if x.sub is None and x.base == "e":
            return sp.E
        if x.sub is None and x.base == "beta":
            return BETA
        if x.base == "sigma" and x.sub is None:
            raise LatexError("σ needs an argument: write \\sigma(z)", x.pos)
        if x.key in CONDITION_WORDS and x.key not in self.defs:
            raise LatexError(f"a case's condition (`{x.key} …`) is not read: write each case as a claim of "
                             "its own, with its condition in the prose", x.pos)
        instance = self._instance(x)  # s_A with s = 10^{R/400}: s at R_A
        return instance if instance is not None else sp.Symbol(x.key, real=True)

    def name(self, token):
        return name_of_token(token)

    def hyperbolic_call(self, token, argument):
        """`\\tanh(x)^2`: the bracket is tanh's argument, the power applies to tanh(x)."""
        return hyperbolic(token)(self.val(argument))

    def hyperbolic_power_call(self, token, power, argument):
        """`\\tanh^2(z)` = (tanh z)²: a power written on the function's name."""
        return hyperbolic(token)(self.val(argument)) ** int(str(power)[-1])

    def infinity(self, _token):
        return sp.oo

    def number_pi(self):
        return sp.pi  # `2\pi`: rewrites.py

    def number(self, token):
        text = str(token)
        check_number(text, token.start_pos)
        f = Fraction(text)
        return sp.Rational(f.numerator, f.denominator)

    def frac(self, _token, a, b):
        return self._divide(self.val(a), self.val(b), _token.start_pos)

    def frac_digits(self, token):
        digits = re.findall(r"[0-9]", str(token))
        return self._divide(sp.Integer(int(digits[0])), sp.Integer(int(digits[1])), token.start_pos)

    def sqrt(self, _token, a):
        return sp.sqrt(self.val(a))

    # ---------------------------------------------------------------- arithmetic
    def add(self, a, _op, b):
        return self.val(a) + self.val(b)

    def sub(self, a, _op, b):
        return self.val(a) - self.val(b)

    def neg(self, _op, a):
        return -self.val(a)

    def pos(self, _op, a):
        return self.val(a)

    def mul(self, a, _op, b):
        return _factor(self.val(a)) * _factor(self.val(b))

    def jmul(self, a, b):
        if isinstance(a, Name) and a.base == "sigma" and a.sub is None and "sigma" not in self.defs:
            return self._sigma(a, [b])  # σ{\left(δ\right)} as sympy prints it, or σ δ
        return _factor(self.val(a)) * _factor(self.val(b))

    def div(self, a, *rest):  # a / b, a \div b
        return self._divide(self.val(a), self.val(rest[-1]), 0)

    @staticmethod
    def _divide(a, b, pos):
        if b == 0:
            raise LatexError("division by zero", pos)
        return a / b

    def power_digit(self, base, token):
        return self._power(base, sp.Integer(int(str(token)[-1])), token.start_pos)

    def power(self, base, exponent):
        if isinstance(base, Name) and isinstance(exponent, Name) and exponent.key == "T" \
                and "T" not in self.defs and "T" not in self.env:
            return base  # θ^T ψ(y): a transpose (nothing on the scalars checked), unless T is defined
        value = self.val(exponent)
        if isinstance(base, Name) and base.key == "sigma" and value == -1 and "sigma" not in self.defs:
            return replace(base, sup="-1")  # σ^{-1}(x): the inverse of σ (logit), not 1/σ; alone, unread
        if isinstance(base, Name) and value == -1 and getattr(self.defs.get(base.key), "params", None):
            raise LatexError(f"`{display_name(base.key)}^{{-1}}`: the inverse of a function is not read; "
                             "write what it equals", base.pos)
        return self._power(base, value, 0)

    def _power(self, base, exponent, pos):
        if isinstance(base, Name) and base.key == "e" and "e" not in self.defs \
                and "e" not in self.env:
            return self._exp(exponent, pos)
        base = self.val(base)
        check_power(base, exponent, pos)
        if base == 0 and exponent.is_number and (exponent.is_negative or exponent == 0):
            raise LatexError("0 to a non-positive power", pos)
        return base ** exponent

    def _exp(self, exponent, pos):
        check_exp(exponent, pos)
        return sp.exp(exponent)

    # ---------------------------------------------------------------- postfix
    def subscript(self, head, token):
        if not isinstance(head, Name) and re.fullmatch(r"_\s*\{?\s*\\(theta|phi)\s*\}?", str(token)):
            return head  # f′_θ: the derivative f′ already is in the parameter
        entry = self._softmax_entry(head, normalise_script(str(token)))
        if entry is not None:
            return entry
        if not isinstance(head, Name) or head.sub is not None:
            raise LatexError(f"subscript `{token}` on something that is not a name", token.start_pos)
        return replace(head, sub=normalise_script(str(token)))

    def _softmax_entry(self, head, index: str):
        """softmax(a)_c, of a vector named by one letter: e^{a_c} / Σ_j e^{a_j}."""
        if not (isinstance(head, AppliedUndef) and type(head).__name__ == "softmax" and len(head.args) == 1
                and isinstance(head.args[0], sp.Symbol) and re.fullmatch(r"[A-Za-z]", head.args[0].name)
                and re.fullmatch(r"[A-Za-z]", index) and "softmax" not in self.defs):  # softmax(a)_1: of how many?
            return None
        vector, other = head.args[0].name, "j" if index != "j" else "k"
        own = type(self)(self.table, self.env, self.depth + 1, self.opaque, keep=self.keep, at=self.at)
        return own.convert(parse_tree(rf"\frac{{e^{{{vector}_{{{index}}}}}}}{{\sum_{{{other}}} e^{{{vector}_{{{other}}}}}}}"))

    def prime(self, head, token):
        return self._prime(head, token)

    def args(self, *items):
        return self._arguments(items)

    def call(self, head, args):
        if isinstance(head, Name) and head.base == "pi" and head.primes and head.key not in self.defs:
            return self._other_policy(head, args)
        if isinstance(head, Name) and (args.parallel or (head.primes and head.base != "sigma"
                                                         and head.key not in self.defs)):
            return self._special_call(head, args)
        if isinstance(head, Name):
            if head.key in ("logit", "sigma^-1") and head.key not in self.defs and len(args) == 1:
                z = self.val(args[0])  # the inverse of σ: $\mathrm{logit}(p) = \log\frac{p}{1-p}$
                return sp.log(z / (1 - z))
            if head.base == "sigma" and head.sub is None and head.key not in self.defs:
                return self._sigma(head, args)
            if head.base == "pi" and head.key not in self.defs:
                return self._policy(head, args)
            if head.base in ("P", "p") and head.sub in ("theta", "phi") and head.key not in self.defs:
                return self._policy(replace(head, base="pi"), args)  # P_θ(y|x): the model's probability, π_θ
            indexed = self._policy_indexed(head)
            if indexed is not None:
                return indexed(args)
            bound = self.env.get(head.key)
            if isinstance(bound, FunctionValue) and len(args) == len(bound.params):  # r(x, y), r a parameter
                return bound.value.xreplace({sp.Symbol(p, real=True): self._bind(a)
                                             for p, a in zip(bound.params, args)})
            head = self._plain_font(head)
            definition = self.defs.get(head.key)
            if definition is not None and self._another_function(definition, args):
                # `f(x)` before a later `f(r; π_ref, β) = …`: another function written with the same letter
                return sp.Function(f"{display_name(head.key)}({', '.join('·' * len(args))})",
                                   real=True)(*[self.val(a) for a in args])
            if definition is not None and not definition.params and len(args) == 1 and isinstance(args[0], sp.Add):
                self.juxtaposed = (self.val(head), args[0])
                return self.val(head) * args[0]  # `p_i (s_i - t_i)` with p_i defined: a product, not a call
            if definition is not None and head.key not in self.env:
                args = self._complete_args(definition, args)
                if self._kept(head.key):
                    bound = list(self._bind_arguments(definition, args).values()) \
                        if len(args) == len(definition.params) else []
                    return self._opaque(head.key, bound)
                if len(args) == len(definition.params):
                    return self._expand(definition, args, head.pos)
                if not definition.params or all(self._is_param_like(a) for a in args):
                    return self._expand(definition, None, head.pos)  # \delta(\phi), L(\pi_\theta; \pi_ref)
                raise LatexError(f"`{head.key}` takes {len(definition.params)} argument(s) "
                                 f"({', '.join(definition.params)}), not {len(args)}", head.pos)
            if len(args) > 1 or (len(args) == 1 and self._applies_to(head, args[0])):
                # an undefined function (r(x, y), Z(x), f(z)): a value the text never defines; the
                # prompt x left out where a response is there (R(x, y), R(y|x) and R(y) are one)
                values = [self.val(a) for a in args]
                if len(values) > 1:
                    values = [v for v in values if v != sp.Symbol("x", real=True)] or values
                return sp.Function(display_name(head.key), real=True)(*values)
        if len(args) != 1:
            raise LatexError(f"a list of {len(args)} items in parentheses where a value is expected",
                             getattr(head, "pos", 0))
        self.juxtaposed = (self.val(head), self.val(args[0]))
        return self.val(head) * self.val(args[0])  # \beta(a - b): juxtaposition

    def call_power(self, head, args, exponent):
        """`p(1 - p)^2`: p times the bracket squared where p is no function; `f(x)^2` squares f(x)."""
        return self._power_of_call(head, args, lambda base: self.power(base, exponent))

    def call_power_digit(self, head, args, token):
        return self._power_of_call(head, args, lambda base: self.power_digit(base, token))

    def _power_of_call(self, head, args, raise_to):
        self.juxtaposed = None
        called = self.call(head, args)
        if self.juxtaposed is None:
            return raise_to(called)
        factor, bracket = self.juxtaposed
        self.juxtaposed = None
        return factor * raise_to(bracket)

    def call_bracket(self, head, *items):
        r"""`E[…]`, `E_{x \sim D}[…]` without \mathbb: the expectation, unless E is defined; `σ(x)\{1−σ(x)\}`."""
        (args,) = [a for a in items if not isinstance(a, lark.Token)]  # `\{ \}` come as tokens
        if isinstance(head, Name) and head.base == "E" and head.key not in self.defs \
                and head.key not in self.env and len(args) == 1:
            under = re.search(r"(?:^|,)ysim(pi)(?:_(\w+))?(.*?)(?:,|$)", head.sub or "")
            if under:  # E_{x∼D, y∼π}[…]: the mean under the policy, as with \mathbb{E}
                policy = "\\pi" + (f"_{{{under.group(2)}}}" if under.group(2) else "") + under.group(3)
                return self._expectation(f"_{{y \\sim {policy}}}", self.val(args[0]))
            return self.val(args[0])
        return self.call(head, args)

    def _sigma(self, head, args):
        if len(args) != 1:
            raise LatexError(f"σ takes one argument, not {len(args)}", head.pos)
        z = self.val(args[0])
        if head.primes == 0:
            return sigma(z)
        t = sp.Dummy("t")
        return sp.diff(sigma(t), t, head.primes).subs(t, z)  # σ′ = σ(1−σ), from the class

    def _policy(self, head, args):
        if head.key == "pi" and isinstance(self.env.get("pi"), Name):
            head = self.env["pi"]  # Δ_π(x) = log π(y_w|x) − … applied to π*: π is π* here
            if head.key in self.defs:
                return self.call(head, args)
        if not args or not isinstance(args[0], Name):
            raise LatexError("π needs a response: write \\pi_\\phi(y_w|x)", head.pos)
        first = self._response(args)
        bound = self.env.get(first.key)
        response = bound.name if isinstance(bound, sp.Symbol) else first.key
        if head.sub is not None and head.sub in REFERENCE_SUBSCRIPTS:
            return reference(response)
        if is_optimal(head):  # π*(y|x): the optimal policy, a constant in θ
            return sp.Symbol(f"pistar_{response}", positive=True)
        return policy(response, self._param(head.sub or self.table.policy_param))


def _factor(value):
    """`⋯` as a factor: the product of the factors not written, e^⋯ (so that the log of a product
    `a · b · ⋯` is the sum `log a + log b + ⋯` of the terms not written)."""
    return sp.exp(value) if isinstance(value, sp.Symbol) and value.name == "⋯" else value


def to_sympy(source: str, table: SymbolTable) -> sp.Expr:
    """Parse and convert one side of an equation."""
    return ToSympy(table).convert(parse_tree(source))
