r"""Prefix operators of a side: `\log` (in base 2 too), `\exp`, `\tanh`, ∇ and ∂ in a variable, and the
expectation `\mathbb{E}` (mixed into latex.ToSympy); derivatives in a defined name (`\frac{d}{d\delta} f`,
derivatives.py holds such operands back) are taken with the name kept as a symbol.
"""
from __future__ import annotations

import re

import lark
import sympy as sp
from sympy.core.function import AppliedUndef

from ..symbolic.notation import beta as BETA, sigma
from .constructs import _depending
from .derivatives import derivative_variable
from .freenames import gradient
from .implicit import derivative_in_expression, derivative_in_reward, derivative_in_sigma, derivative_in_value
from . import operators
from .names import Name, display_name, plain_name
from .operators import substitute
from .sumcalculus import own_terms
from .parsing import LatexError


@lark.v_args(inline=True)
class Prefixes(lark.Transformer):
    """Methods of latex.ToSympy for prefix operators."""

    def _diff(self, x: sp.Expr, variable: sp.Symbol, order: int, operand) -> sp.Expr:
        r"""$\nabla_\theta x$ (freenames.gradient: an undefined name's gradient is unknown, never 0)."""
        whole = _vector_of(variable, x)
        if whole is not None:  # ∂/∂θ_j of 1/(1 + e^{−θᵀx}): θ_j is an entry of θ, which is read as a number
            name = display_name(whole.name)
            raise LatexError(f"a derivative in `{display_name(variable.name)}`, an entry of `{name}`, of an "
                             f"expression that writes `{name}` whole (θᵀx): vectors are read as numbers, so "
                             "this is not read; write the sum over entries (Σ_k θ_k x_k)", 0)
        name = display_name(operand.key) if isinstance(operand, Name) else None
        if found := derivative_in_reward(x, variable, order):  # ∂/∂r_w of an expression in r_φ(x, y_w)
            self.table.notes.append(found[1])
            return found[0]
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
            base = re.search(r"_\s*\{?\s*([0-9]+|[A-Za-z])", str(prefix[0]))  # \log_2 p: in base 2
            if base and base.group(1).isdigit():
                return sp.log(x) / sp.log(int(base.group(1)))
            if base and base.group(1) != "e":  # \log_a x: in base a, a name of the text's
                return sp.log(x) / sp.log(self.val(Name(base.group(1), prefix[0].start_pos)))
            return sp.log(x)
        if kind == "EXP":
            return self._exp(x, prefix[0].start_pos)
        if kind == "HYPERBOLIC":  # \tanh(x)
            return hyperbolic(prefix[0])(x)
        variable = derivative_variable(prefix)
        if variable is not None:
            key, order = variable
            if key == "sigma" and "sigma" not in self.defs:  # d/dσ log σ(u): in σ(u)
                return derivative_in_sigma(x, order, prefix[0].start_pos)
            return self._diff(x, self._param(key), order, operand)
        if len(prefix) > 1:  # E_{y ∼ π(y|x)}[…]: a sum weighted by the policy
            return self._expectation(str(prefix[1]), x)
        if kind == "EXPECT" and self.table.bare_mean_under_policy:  # a reading (continuations.py)
            return self._expectation(self.table.bare_mean_under_policy, x)
        if kind == "EXPECT" and operators.varies(x, "tau"):  # 𝔼[R(τ)]: over trajectories the policy draws
            raise LatexError("an expectation without its distribution, of a trajectory's quantity (τ): its "
                             "trajectories are drawn from the policy, so it is no mean over fixed data; write "
                             "\\mathbb{E}_{\\tau \\sim \\pi_\\theta}[…]", prefix[0].start_pos)
        return x  # EXPECT over the data: linear; the claim is checked per preference pair

    def power_of_applied(self, prefix, operand, power):
        r"""$\exp(x)^2$, $\log(x)^{2}$: the power of the value, (log x)², as the bracket says (an operator's
        power went back inside in parsing.py)."""
        exponent = sp.Integer(int(str(power)[-1])) if isinstance(power, lark.Token) else self.val(power)
        return self.apply_prefix(prefix, operand) ** exponent

    def derive_by_name(self, prefix, held):
        r"""$\frac{d}{d\delta} f$ for a defined δ: f with δ kept as a name, differentiated, unfolded."""
        key, order = derivative_variable(prefix)
        inner = type(self)(self.table, self.env, self.depth + 1, opaque=True, keep=self.keep | {key}, at=self.at)
        name = inner._opaque(key, [])
        numerator = plain_name(self.held[str(held)])
        if numerator is not None and numerator.key == "sigma" and "sigma" not in self.defs:
            f = sigma(name)  # dσ/du with u defined: σ′(u)
        else:
            f = inner.convert(self.held[str(held)])
        t = sp.Dummy("t", real=True)
        g = own_terms(f, key).xreplace({name: t})
        if not g.has(t):  # ∂ℒ/∂u of an ℒ written without u: through u's value where ℒ's value is a
            # function of it alone (implicit.py), else unknown (its names may hide u), never silently 0
            through = self._through_value(key, held, order)
            if through is not None:
                return through
            g = _depending(g, t)
        result = substitute(sp.diff(g, t, order), {t: name})  # t put back as u(θ)
        return result if self.opaque else self._unfold(result)

    def _through_value(self, key: str, held, order: int):
        r"""$\frac{\partial \mathcal{L}}{\partial \Delta_\theta}$ with 𝓛 written through Δ_θ's value: None
        when the values share nothing, or 𝓛 is not a function of that value alone."""
        full = type(self)(self.table, self.env, self.depth + 1, at=self.at)
        f, x = full.convert(self.held[str(held)]), full.val(Name(key, 0))
        if not (f.free_symbols | f.atoms(sp.Function)) & (x.free_symbols | x.atoms(sp.Function)) - {BETA}:
            return None
        if isinstance(x, AppliedUndef) and f.has(x):  # r_w read as r_φ(x, y_w): the derivative in that value
            return derivative_in_value(f, x, order)
        try:
            return derivative_in_expression(f, x, order, 0)
        except LatexError:
            return None


def _vector_of(variable, f) -> sp.Symbol | None:
    """θ where `variable` is θ_j and f writes θ but no entry of it: an entry of a vector f uses whole."""
    if not isinstance(variable, sp.Symbol) or variable in f.free_symbols:
        return None
    base, _, index = variable.name.partition("_")
    names = {s.name for s in f.free_symbols}
    if not index or base not in names or any(n.startswith(base + "_") for n in names):
        return None
    return next(s for s in f.free_symbols if s.name == base)


def hyperbolic(token):
    """sympy's tanh, sinh, cosh or atan for `\\tanh`, `\\operatorname{sinh}`, `\\arctan`, …; softplus(x) = log(1 + e^x)."""
    if "softplus" in str(token):
        return lambda x: sp.log(1 + sp.exp(x))
    if "arctan" in str(token):
        return sp.atan
    return getattr(sp, re.search(r"tanh|sinh|cosh", str(token)).group(0))


def moments_of_random_variables(tree: lark.Tree) -> None:
    r"""$\mathbb{E}[(x - \mathbb{E}[x])^2]$, $(\mathbb{E}[x])^2$: an expectation with no subscript inside
    another, or raised to a power, speaks of random variables (a variance, a covariance). The checker
    reads a bare E as the mean over the data of a claim that holds pair by pair, and drops it; here that
    would make every variance 0. Not read (LatexError), so no such line is judged on that reading."""
    for node in tree.iter_subtrees():
        inner = None
        if node.data == "apply_prefix" and _bare_mean(node):
            inner = next((n for n in node.children[1].iter_subtrees() if n is not node and _bare_mean(n)), None) \
                if isinstance(node.children[1], lark.Tree) else None
        elif node.data in ("power", "power_digit") and isinstance(node.children[0], lark.Tree):
            inner = next((n for n in node.children[0].iter_subtrees() if _bare_mean(n)), None)
        if inner is not None:
            raise LatexError("an expectation of random variables (a variance, E[x]², E[x − E[x]]) is not read: "
                             "the checker reads \\mathbb{E} as a mean over the data of a claim that holds pair "
                             "by pair", inner.children[0].children[0].start_pos or 0)


def _bare_mean(node) -> bool:
    """`\\mathbb{E}[…]` with no subscript."""
    if not (isinstance(node, lark.Tree) and node.data == "apply_prefix" and isinstance(node.children[0], lark.Tree)):
        return False
    tokens = node.children[0].children
    return len(tokens) == 1 and getattr(tokens[0], "type", "") == "EXPECT"
