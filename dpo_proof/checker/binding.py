r"""How a name the text defines is applied: its arguments bound to its parameters, its value
built (or kept as a name, in the opaque reading), a function passed as an argument applied, a
definition in a policy (`\Delta_\pi(x)`) taken at the policy of the subscript (`\Delta_{\pi^*}(x)`),
and a letter used before a later definition of it with other arguments read as another function.
Mixed into latex.ToSympy.
"""
from __future__ import annotations

import re
from dataclasses import replace

import sympy as sp
from sympy.core.function import AppliedUndef

from .freenames import _standard_symbol, is_data, rename_responses
from .names import PLACEHOLDER, Name, display_name, names_in, normalise_script, param_symbol
from .operators import rename_free, substitute
from .parsing import LatexError
from .symbols import Definition, FunctionValue


FONT_KEY_RE = re.compile(r"^(?:mathcal|mathscr|mathrm|mathbf|boldsymbol|mathit)\(([A-Za-z])\)$")


TOP_HEADING_RE = re.compile(r"^[ \t]*#{1,2}[ \t]", re.MULTILINE)  # a chapter or a top section of notes


class Binding:
    """Methods of latex.ToSympy for defined names (it holds `table`, `defs`, `env`, `depth`, …)."""

    def _expand(self, definition: Definition, args: list | None, pos: int) -> sp.Expr:
        if definition.broken:
            raise LatexError(f"uses `{definition.key}`, whose definition (line {definition.line}) "
                             f"could not be read: {definition.broken}", pos)
        try:
            if args is None:
                return self.table.value(definition.key, self.depth, self.opaque, self.keep)
            env = self._bind_arguments(definition, args)
            self.table.used.add(definition.key)
            if self.table.use_standard and definition.key in self.table.standard:
                return rename_responses(self.table.standard[definition.key], env)
            value = type(self)(self.table, env, self.depth + 1, self.opaque, keep=self.keep,
                                at=definition.at).convert(definition.tree)
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
        return substitute(expr, mapping).doit() if mapping else expr

    def _bind_arguments(self, definition: Definition, args: list) -> dict:
        """Parameters -> values, in order, except the prompt x: r(x, y) used as r(y_w | x) binds x
        to x and y to y_w (the bar of π(y|x) puts the response first); P(i ≻ j) used as P(j ≻ i)
        is the swap it says."""
        params = definition.params
        prompt = [a for a in args if isinstance(a, Name) and a.key == "x"]
        if "x" in params and len(prompt) == 1 and len(args) == len(params):
            rest = iter([a for a in args if a is not prompt[0]])
            return {p: self._bind(prompt[0] if p == "x" else next(rest)) for p in params}
        return {p: self._bind(_index_of(a, p)) for p, a in zip(params, args)}

    def _bind(self, arg) -> sp.Expr:
        if isinstance(arg, Name) and arg.key not in self.env and arg.key not in self.defs \
                and arg.key not in ("beta", "e"):
            return sp.Symbol(arg.key, real=True)  # a response name such as y_l
        definition = self.defs.get(arg.key) if isinstance(arg, Name) and arg.key not in self.env else None
        if definition is not None and definition.params:  # f(r; …) with r(x, y) defined: r as a function
            return FunctionValue(self.val(arg), tuple(definition.params))
        return self.val(arg)

    def _other_policy(self, head: Name, args):
        """π′(y|x): another policy (a policy is never differentiated by a prime), free like π."""
        response = self._response(args).key
        return sp.Function(f"{display_name(head.key)}({display_name(response)}|x)",
                           positive=True)(self._param(head.sub))

    def _param(self, sub: str | None) -> sp.Expr:
        key = normalise_script(sub) if sub else self.table.default_param
        return self.env.get(key, param_symbol(key))

    # ---------------------------------------------------------------- atoms

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
            return type(self)(self.table, env, self.depth + 1, self.opaque, keep=self.keep,
                                at=definition.at).convert(definition.tree)
        return apply

    def _instance(self, x: Name):
        r"""$s_A$ for a text that defined $s = 10^{R/400}$ (no parameters): s at $R_A$, each name of the
        body the text never defines taken with the same index; None where the body has no such
        name, or the index is the parameter's or a response's (r_θ, r_w are names of their own).
        And $\hat r_w$ for a text that defined $\hat r_y$ in terms of y, or $r_w$ for one that defined
        $r(x, y)$: that definition at y_w."""
        sibling = self._sibling(x)  # λ_j for a text that defined λ_i = e^{r_i}: e^{r_j}
        if sibling is not None:
            return sibling
        generic = self.defs.get(f"{x.base}_y")  # r̂_y = log π(y|x)/π_ref(y|x), then r̂_w: r̂ at y_w
        if x.sub and x.sub not in ("y", "theta", "phi") and not x.sup and not x.primes and x.key not in self.defs \
                and generic is not None and not generic.params and re.fullmatch(r"[A-Za-z0-9+\-]{1,2}", x.sub):
            return rename_free(self._expand(generic, None, x.pos), "y", f"y_{x.sub}")
        definition = self.defs.get(x.base) or next(  # r̂_w for a text that defined r̂_θ(x, y): r̂_θ(x, y_w)
            (self.defs[k] for k in (f"{x.base}_theta", f"{x.base}_phi") if x.sub in ("w", "l") and k in self.defs
             and f"{x.base}_{x.sub}" not in self.defs), None)
        if x.sub in ("w", "l") and not x.sup and not x.primes and x.key not in self.defs and definition is not None \
                and "y" in definition.params and x.base not in self.env:  # r_w for r(x, y): r(x, y_w)
            args = [Name(f"y_{x.sub}" if p == "y" else p, x.pos) for p in definition.params]
            return self._expand(definition, args, x.pos)
        if (x.sub is None or x.sup or x.primes or x.key in self.env or definition is None or definition.params
                or not re.fullmatch(r"[A-Za-z0-9]", x.sub) or x.sub in "wl" or x.base in self.env
                or x.key in names_in(definition.tree)):  # `u = u_o` (the case u_o): u_o is no instance of u
            return None
        if TOP_HEADING_RE.search(self.table.text, min(definition.at, self.at), self.at):
            return None  # y = a x^{-b} in one chapter, y_i the data of the next: not y at x_i
        value = self._expand(definition, None, x.pos)
        free = [v for v in value.free_symbols if (not _standard_symbol(v) or is_data(v)) and "_" not in v.name
                and v.name not in self.defs]
        written = [v for v in free if self.table.writes(v.name, x.sub)]
        if not written or not all(v in written or not _standard_symbol(v) for v in free):
            return None  # the text writes R_A (x_i) too: s_A is s at R_A (ŷ_i is ŷ at x_i, w and b shared)
        return value.xreplace({v: sp.Symbol(f"{v.name}_{x.sub}", real=True) for v in written})

    def _sibling(self, x: Name):
        """$\\lambda_j$ where the text defined $\\lambda_i = e^{r_i}$ (an index i, j, k, m or n): that
        definition with its names indexed by i taken at j; None where its body has no such name."""
        if not x.sub or not re.fullmatch(r"[ijkmn]", x.sub) or x.sup or x.primes or x.key in self.defs:
            return None
        for index in "ijkmn":
            definition = self.defs.get(f"{x.base}_{index}")
            if index == x.sub or definition is None or definition.params:
                continue
            opened = self.table.siblings_opened
            if x.key in opened:  # p_j = e^{a_j} with a_i = ln p_i: p_i within its own expansion stays p_i
                return None
            opened.add(x.key)
            try:
                value = self._expand(definition, None, x.pos)
            finally:
                opened.discard(x.key)
            indexed = {v: sp.Symbol(f"{v.name[:-len(index)]}{x.sub}", real=True) for v in value.free_symbols
                       if v.name.endswith(f"_{index}")}
            return value.xreplace(indexed) if indexed else None
        return None

    def _plain_font(self, x: Name) -> Name:
        """ℒ_DPO where the text defines only L_DPO (or the other way round): one name in two fonts."""
        if not x.sub or x.key in self.defs or x.key in self.env:
            return x
        for other in (FONT_KEY_RE.sub(r"\1", x.base), *(f"{font}({x.base})" for font in ("mathcal", "mathscr"))):
            if other != x.base and replace(x, base=other).key in self.defs:
                return replace(x, base=other)
        return x

    def _another_function(self, definition: Definition, args) -> bool:
        """Is this a use, before the definition, with a number of arguments it cannot take?"""
        return (definition.key not in self.env and definition.at > self.at and definition.params
                and len(args) != len(definition.params)
                and not all(isinstance(a, Name) and a.base in ("phi", "theta", "pi") for a in args))

    def _is_param_like(self, arg) -> bool:
        return isinstance(arg, Name) and (arg.base in ("phi", "theta", "pi") or arg.key in self.env)


def _index_of(arg, param: str):
    """`P(U_i > U_j)` for `P(i ≻ j) = …`: an argument indexed by the parameter's own letter stands for
    that index (item i's utility), so i binds to i, not to U_i."""
    if isinstance(arg, Name) and re.fullmatch(r"[a-z]", param) and arg.sub == param and arg.base != param \
            and not arg.primes:
        return Name(param, arg.pos)
    return arg
