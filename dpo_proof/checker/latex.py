r"""LaTeX -> sympy for one side of an equation: the lark grammar plus a transformer with a symbol table.

The notation is that of the DPO derivation: $\delta = \beta\log\frac{\pi_\phi(y_w|x)}{\pi_{ref}(y_w|x)}
- \beta\log\frac{\pi_\phi(y_l|x)}{\pi_{ref}(y_l|x)}$, loss (1) $-\mathbb{E}[\log\sigma(\delta)]$,
gradient (2). The text is data: it is only ever tokenised by the grammar, never eval'd or sympified.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from fractions import Fraction

import lark
import sympy as sp
from sympy.core.function import AppliedUndef

from ..symbolic.notation import beta as BETA, policy, reference, sigma
from .constructs import Constructs
from .derivatives import derivative_variable, hold_name_derivatives
from .freenames import gradient, is_optimal, rename_responses
from .limits import MAX_DEFINITION_DEPTH, check_exp, check_number, check_power
from .names import (PLACEHOLDER, REFERENCE_SUBSCRIPTS, Name, display_name, name_of_token,
                    normalise_script, param_symbol)
from .operators import rename_free
from .parsing import LatexError, parse_tree  # noqa: F401  (parse_tree: used by claims via latex)


# ------------------------------------------------------------------------------ the symbol table

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
    opaque_names: dict[str, str] = field(default_factory=dict)  # display name -> key
    notes: list[str] = field(default_factory=list)  # said while converting the current claim
    used: set[str] = field(default_factory=set)  # defined names the current claim expanded
    standard: dict[str, sp.Expr] = field(default_factory=dict)  # key -> canonical value (known.py)
    use_standard: bool = False  # expand wrongly defined known quantities to their canonical value
    offset: int = 0  # where the line being judged stands in the file
    _cache: dict[str, sp.Expr] = field(default_factory=dict)

    def value(self, key: str, depth: int, opaque: bool = False) -> sp.Expr:
        """The expansion of a defined name with its own parameters (cached: used on every line)."""
        self.used.add(key)
        if self.use_standard and key in self.standard:
            return self.standard[key]
        cached = (key, opaque, self.use_standard)
        if cached not in self._cache:
            definition = self.definitions[key]
            self._cache[cached] = ToSympy(self, {}, depth + 1, opaque, shadow=frozenset(definition.params),
                                          at=definition.at).convert(definition.tree)
        return self._cache[cached]

    def clear_cache(self) -> None:
        self._cache.clear()

    def defined_functions(self) -> set[str]:
        """The names under which the defined quantities in scope appear as opaque functions."""
        return {display_name(key) for key in self.definitions}

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


@lark.v_args(inline=True)
class ToSympy(Constructs, lark.Transformer):
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
        if x.primes and x.key not in self.defs:
            raise LatexError(f"`{x.base}′` needs an argument", x.pos)
        if x.key in self.env:
            bound = self.env[x.key]
            if isinstance(bound, Name):
                raise LatexError("π needs a response: write \\pi(y_w|x)", x.pos)
            return bound.value if isinstance(bound, FunctionValue) else bound
        indexed = self._policy_indexed(x)
        if indexed is not None:
            return indexed([])
        definition = self.defs.get(x.key)
        if definition is not None:
            if self._kept(x.key):
                return self._opaque(x.key, [])
            return self._expand(definition, None, x.pos)
        if x.sub is None and x.base == "e":
            return sp.E
        if x.sub is None and x.base == "beta":
            return BETA
        if x.base == "sigma" and x.sub is None:
            raise LatexError("σ needs an argument: write \\sigma(z)", x.pos)
        return sp.Symbol(x.key, real=True)

    def _expand(self, definition: Definition, args: list | None, pos: int) -> sp.Expr:
        if definition.broken:
            raise LatexError(f"uses `{definition.key}`, whose definition (line {definition.line}) "
                             f"could not be read: {definition.broken}", pos)
        try:
            if args is None:
                return self.table.value(definition.key, self.depth, self.opaque)
            env = self._bind_arguments(definition, args)
            self.table.used.add(definition.key)
            if self.table.use_standard and definition.key in self.table.standard:
                return rename_responses(self.table.standard[definition.key], env)
            value = ToSympy(self.table, env, self.depth + 1, self.opaque, at=definition.at).convert(definition.tree)
            at = env.get(PLACEHOLDER)
            return rename_free(value, "y", at.name) if isinstance(at, sp.Symbol) else value
        except LatexError as exc:  # point at the use, say where the definition is
            if exc.message.startswith("in the definition") or "circle" in exc.message:
                raise LatexError(exc.message, pos) from None
            raise LatexError(f"in the definition of `{definition.key}` (line {definition.line}): "
                             f"{exc.message}", pos) from None

    def _is_defined(self, key: str) -> bool:
        return key in self.defs and key not in self.env

    def _kept(self, key: str) -> bool:
        return self.opaque and (key in self.keep or self.table.is_leaf(key))

    def _opaque(self, key: str, args: list) -> sp.Expr:
        """A defined name left unexpanded: an arbitrary function of the parameter (and its arguments).

        A claim that holds for an arbitrary function holds for the defined one; and a
        counterexample in terms of δ reads better than one in terms of every π.
        """
        param = param_symbol(self.table.default_param)
        self.table.opaque_names[display_name(key)] = key
        return sp.Function(display_name(key), real=True)(*[a for a in args if a != param], param)

    def _unfold(self, expr: sp.Expr) -> sp.Expr:
        """Expand the names an opaque conversion kept: δ(φ) -> its definition."""
        param = param_symbol(self.table.default_param)
        mapping = {}
        for app in expr.atoms(AppliedUndef):
            key = self.table.opaque_names.get(type(app).__name__)
            if key is None or key not in self.defs:  # a name out of scope here: not unfolded
                continue
            args = [a for a in app.args if a != param]
            definition = self.defs[key]
            mapping[app] = self._expand(definition, args if args else None, 0) \
                if len(args) == len(definition.params) or not args else app
        return expr.xreplace(mapping).doit() if mapping else expr

    def _bind_arguments(self, definition: Definition, args: list) -> dict:
        """Parameters -> values, in order, except the prompt x: r(x, y) used as r(y_w | x) binds x
        to x and y to y_w (the bar of π(y|x) puts the response first); P(i ≻ j) used as P(j ≻ i)
        is the swap it says."""
        params = definition.params
        prompt = [a for a in args if isinstance(a, Name) and a.key == "x"]
        if "x" in params and len(prompt) == 1 and len(args) == len(params):
            rest = iter([a for a in args if a is not prompt[0]])
            return {p: self._bind(prompt[0] if p == "x" else next(rest)) for p in params}
        return {p: self._bind(a) for p, a in zip(params, args)}

    def _bind(self, arg) -> sp.Expr:
        if isinstance(arg, Name) and arg.key not in self.env and arg.key not in self.defs \
                and arg.key not in ("beta", "e"):
            return sp.Symbol(arg.key, real=True)  # a response name such as y_l
        definition = self.defs.get(arg.key) if isinstance(arg, Name) and arg.key not in self.env else None
        if definition is not None and definition.params:  # f(r; …) with r(x, y) defined: r as a function
            return FunctionValue(self.val(arg), tuple(definition.params))
        return self.val(arg)

    def _param(self, sub: str | None) -> sp.Expr:
        key = normalise_script(sub) if sub else self.table.default_param
        return self.env.get(key, param_symbol(key))

    # ---------------------------------------------------------------- atoms
    def name(self, token):
        return name_of_token(token)

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

    def div(self, a, b):
        return self._divide(self.val(a), self.val(b), 0)

    @staticmethod
    def _divide(a, b, pos):
        if b == 0:
            raise LatexError("division by zero", pos)
        return a / b

    def power_digit(self, base, token):
        return self._power(base, sp.Integer(int(str(token)[-1])), token.start_pos)

    def power(self, base, exponent):
        return self._power(base, self.val(exponent), 0)

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
        if not isinstance(head, Name) or head.sub is not None:
            raise LatexError(f"subscript `{token}` on something that is not a name", token.start_pos)
        return replace(head, sub=normalise_script(str(token)))

    def prime(self, head, token):
        return self._prime(head, token)

    def args(self, *items):
        return self._arguments(items)

    def call(self, head, args):
        if isinstance(head, Name) and (args.parallel or (head.primes and head.base != "sigma"
                                                         and head.key not in self.defs)):
            return self._special_call(head, args)
        if isinstance(head, Name):
            if head.base == "sigma" and head.sub is None and head.key not in self.defs:
                return self._sigma(head, args)
            if head.base == "pi" and head.key not in self.defs:
                return self._policy(head, args)
            indexed = self._policy_indexed(head)
            if indexed is not None:
                return indexed(args)
            bound = self.env.get(head.key)
            if isinstance(bound, FunctionValue) and len(args) == len(bound.params):  # r(x, y), r a parameter
                return bound.value.xreplace({sp.Symbol(p, real=True): self._bind(a)
                                             for p, a in zip(bound.params, args)})
            definition = self.defs.get(head.key)
            if definition is not None and self._another_function(definition, args):
                # `f(x)` before a later `f(r; π_ref, β) = …`: another function written with the same letter
                return sp.Function(f"{display_name(head.key)}({', '.join('·' * len(args))})",
                                   real=True)(*[self.val(a) for a in args])
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
                # an undefined function (r(x, y), Z(x), f(z)): a value the text never defines
                return sp.Function(display_name(head.key), real=True)(*[self.val(a) for a in args])
        if len(args) != 1:
            raise LatexError(f"a list of {len(args)} items in parentheses where a value is expected",
                             getattr(head, "pos", 0))
        return self.val(head) * self.val(args[0])  # \beta(a - b): juxtaposition

    def call_bracket(self, head, args):
        r"""`E[…]`, `E_{x \sim D}[…]` without \mathbb: the expectation, unless E is defined."""
        if isinstance(head, Name) and head.base == "E" and head.key not in self.defs \
                and head.key not in self.env and len(args) == 1:
            return self.val(args[0])
        return self.call(head, args)

    def _applies_to(self, head, arg) -> bool:
        """`Z(x)`, `f(z)`, `u(\\theta)`: an undefined name applied to a name is a function of it;
        `\\beta(a - b)` and `x(1 - x)` are products."""
        return (isinstance(arg, Name) and head.key not in self.env and head.key not in ("beta", "e")
                and not head.primes)

    def _policy_indexed(self, head: Name):
        r"""$\Delta_{\pi^*}(x)$ for a text that defined $\Delta_\pi(x) = \log \pi(y_w|x) - …$: the definition
        with π read as the policy in the subscript (π*, π_φ, π_ref); a function of the arguments."""
        m = re.fullmatch(r"pi(?:\^([^_]+))?(?:_(.+))?", head.sub or "")
        key = f"{head.base}_pi"
        if m is None or head.key in self.defs or key not in self.defs or head.key == key:
            return None
        definition, policy_name = self.defs[key], Name("pi", head.pos, sub=m.group(2), sup=m.group(1))

        def apply(args):
            env = self._bind_arguments(definition, args) if len(args) == len(definition.params) else {}
            env["pi"] = policy_name
            return ToSympy(self.table, env, self.depth + 1, self.opaque, at=definition.at).convert(definition.tree)
        return apply

    def _another_function(self, definition: Definition, args) -> bool:
        """Is this a use, before the definition, with a number of arguments it cannot take?"""
        return (definition.key not in self.env and definition.at > self.at and definition.params
                and len(args) != len(definition.params)
                and not all(isinstance(a, Name) and a.base in ("phi", "theta", "pi") for a in args))

    def _is_param_like(self, arg) -> bool:
        return isinstance(arg, Name) and (arg.base in ("phi", "theta", "pi") or arg.key in self.env)

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
        return policy(response, self._param(head.sub))

    def _diff(self, x: sp.Expr, variable: sp.Symbol, order: int, operand) -> sp.Expr:
        r"""$\nabla_\theta x$ (freenames.gradient: an undefined name's gradient is unknown, never 0)."""
        name = display_name(operand.key) if isinstance(operand, Name) else None
        return gradient(x, variable, order, name, self.table.defined_functions(), self.table.notes)

    # ---------------------------------------------------------------- prefix operators
    def prefix(self, *tokens):
        return tokens

    def apply_prefix(self, prefix, operand):
        kind = prefix[0].type
        x = self.val(operand)
        if kind == "LOG":
            if x == 0:
                raise LatexError("log of 0", prefix[0].start_pos)
            return sp.log(x)
        if kind == "EXP":
            return self._exp(x, prefix[0].start_pos)
        variable = derivative_variable(prefix)
        if variable is not None:
            key, order = variable
            return self._diff(x, self._param(key), order, operand)
        if len(prefix) > 1:  # E_{y ∼ π(y|x)}[…]: a sum weighted by the policy
            return self._expectation(str(prefix[1]), x)
        return x  # EXPECT over the data: linear; the claim is checked per preference pair

    def derive_by_name(self, prefix, held):
        r"""$\frac{d}{d\delta} f$ for a defined δ: f with δ kept as a name, differentiated, unfolded."""
        key, order = derivative_variable(prefix)
        inner = ToSympy(self.table, self.env, self.depth + 1, opaque=True, keep=self.keep | {key}, at=self.at)
        f = inner.convert(self.held[str(held)])
        name = inner._opaque(key, [])
        t = sp.Dummy("t", real=True)
        result = sp.diff(f.xreplace({name: t}), t, order).xreplace({t: name})
        return result if self.opaque else self._unfold(result)


def _factor(value):
    """`⋯` as a factor: the product of the factors not written, e^⋯ (so that the log of a product
    `a · b · ⋯` is the sum `log a + log b + ⋯` of the terms not written)."""
    return sp.exp(value) if isinstance(value, sp.Symbol) and value.name == "⋯" else value


def to_sympy(source: str, table: SymbolTable) -> sp.Expr:
    """Parse and convert one side of an equation."""
    return ToSympy(table).convert(parse_tree(source))
