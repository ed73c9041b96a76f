r"""The sympy vocabulary of the DPO setting, and how it prints.

A policy's probability $\pi_\phi(y|x)$ is an arbitrary positive differentiable function of the
parameter $\phi$ (an undefined sympy function with ``positive=True``); the reference
$\pi_{\mathrm{ref}}(y|x)$ is a positive constant; $\beta > 0$. The sigmoid is the class `sigma`,
whose derivative $\sigma' = \sigma(1-\sigma)$ is written next to its forward, as in micrograd.
"""
from __future__ import annotations

import numpy as np
import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter


class sigma(sp.Function):
    r"""$\sigma(z) = 1/(1+e^{-z})$, the logistic sigmoid."""

    nargs = 1

    @classmethod
    def eval(cls, z):
        if z == 0:  # structurally: asking the assumptions whether a large argument is zero is slow
            return sp.Rational(1, 2)
        return None

    def fdiff(self, argindex=1):
        r"""$\sigma'(z) = \sigma(z)\sigma(-z)$, i.e. $\sigma(1-\sigma)$ with $1-\sigma(z)=\sigma(-z)$.

        Both identities are certified by the derivation's steps 'sigma-prime' and
        'one-minus-sigma'; the sigma(-z) form stays accurate where 1 - sigma(z) would round to 0.
        """
        z = self.args[0]
        return sigma(z) * sigma(-z)

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + sp.exp(-z))

    def _eval_is_extended_real(self):
        return self.args[0].is_extended_real

    def _eval_is_positive(self):
        return True if self.args[0].is_extended_real else None

    def _eval_is_finite(self):
        return True if self.args[0].is_extended_real else None

    def _eval_evalf(self, prec):
        return self.rewrite(sp.exp)._eval_evalf(prec)


def np_sigmoid(z):
    r"""$\sigma(z)$ in numpy, stable at |z| = 1000: $e^{\min(z,0)} / (1 + e^{-|z|})$."""
    z = np.asarray(z, dtype=float)
    return np.exp(np.minimum(z, 0.0)) / (1.0 + np.exp(-np.abs(z)))


#: lambdify modules that know our sigmoid.
LAMBDIFY_MODULES = [{"sigma": np_sigmoid}, "numpy"]


def to_numpy(variables, exprs, modules=LAMBDIFY_MODULES):
    """``sp.lambdify(variables, exprs)``, with the variables renamed ``_v0, _v1, …`` first, in one pass.

    Why: lambdify renames every argument itself when one is a Dummy or a name that is not a Python
    identifier (``\\pi_{w}``), one full rewrite of the expression per argument: the largest single
    cost in a profile of the checker on the corpus. The new names keep the old ones' assumptions, so nothing evaluates
    differently, and the docstring (the expression printed once more) is not made."""
    plain = {v: sp.Symbol(f"_v{k}", **v.assumptions0) for k, v in enumerate(variables)}
    renamed = [sp.sympify(e).xreplace(plain) for e in exprs]
    return sp.lambdify(list(plain.values()), renamed, modules=modules, docstring_limit=0)

# ------------------------------------------------------------------------------------------
# The DPO symbols.
beta = sp.Symbol("beta", positive=True)
phi = sp.Symbol("phi", real=True)


def policy(response: str, param: sp.Symbol = phi) -> sp.Expr:
    r"""$\pi_\phi(y|x)$ for the response named `response` (e.g. ``"y_w"``): positive, depends on $\phi$."""
    return sp.Function(f"pi_{response}", positive=True)(param)


def reference(response: str) -> sp.Symbol:
    r"""$\pi_{\mathrm{ref}}(y|x)$: positive and constant in the parameter."""
    return sp.Symbol(f"piref_{response}", positive=True)


pi_w, pi_l = policy("y_w"), policy("y_l")
ref_w, ref_l = reference("y_w"), reference("y_l")


def implicit_reward(p: sp.Expr, ref: sp.Expr) -> sp.Expr:
    r"""$\hat r(x,y) = \beta \log \pi_\phi(y|x)/\pi_{\mathrm{ref}}(y|x)$."""
    return beta * sp.log(p / ref)


def dpo_delta(p_w=pi_w, p_l=pi_l, r_w=ref_w, r_l=ref_l) -> sp.Expr:
    r"""$\delta = \beta\log\frac{\pi_\phi(y_w|x)}{\pi_{ref}(y_w|x)} - \beta\log\frac{\pi_\phi(y_l|x)}{\pi_{ref}(y_l|x)}$"""
    return sp.Add(implicit_reward(p_w, r_w), -implicit_reward(p_l, r_l), evaluate=False)


def dpo_loss(delta_expr: sp.Expr) -> sp.Expr:
    r"""$\ell_{DPO} = -\log\sigma(\delta)$ per pair, eq. (1); the expectation is linear."""
    return -sp.log(sigma(delta_expr))


# ------------------------------------------------------------------------------------------
# Printing: pi_y_w(phi) -> \pi_\phi(y_w \mid x), Derivative -> \nabla_\phi, and so on.

def _fname(f) -> str:
    return type(f).__name__


def _is_prime(expr) -> bool:
    """d f(u) / d u with u itself an expression (not a plain symbol): printed f'(u)."""
    return (len(expr.variables) == 1 and expr.expr.is_Function and len(expr.expr.args) == 1
            and expr.expr.args[0] == expr.variables[0] and not expr.variables[0].is_Symbol)


def _response(name: str, prefix: str) -> str | None:
    return name[len(prefix):] if name.startswith(prefix) else None


class DPOLatexPrinter(LatexPrinter):
    """LaTeX in the notation of the DPO paper."""

    def _print_Function(self, expr, exp=None):
        if type(expr).__name__ == "delta":  # the margin as a function of phi: printed plainly
            return r"\delta" if exp is None else rf"\delta^{{{exp}}}"
        resp = _response(type(expr).__name__, "pi_")
        if resp is not None and len(expr.args) == 1:
            text = rf"\pi_{{{self._print(expr.args[0])}}}({self._print(sp.Symbol(resp))} \mid x)"
            return text if exp is None else rf"{text}^{{{exp}}}"
        return super()._print_Function(expr, exp)

    def _print_Symbol(self, expr, style="plain"):
        resp = _response(expr.name, "piref_")
        if resp is not None:
            return rf"\pi_{{\mathrm{{ref}}}}({self._print(sp.Symbol(resp))} \mid x)"
        resp = _response(expr.name, "rhat_")
        if resp is not None:
            return rf"\hat{{r}}(x, {self._print(sp.Symbol(resp))})"
        return super()._print_Symbol(expr, style)

    def _print_sigma(self, expr, exp=None):
        text = rf"\sigma\left({self._print(expr.args[0])}\right)"
        return text if exp is None else rf"{text}^{{{exp}}}"

    def _print_KroneckerDelta(self, expr, exp=None):
        a, b = (self._print(i) for i in expr.args)
        return rf"\mathbf{{1}}[{a} = {b}]"  # amssymb has no blackboard 1

    def _print_Heaviside(self, expr, exp=None):  # sympy's own \theta would read as the parameters
        return rf"\mathbf{{1}}\left[{self._print(expr.args[0])} > 0\right]"

    def _print_Derivative(self, expr):
        if _is_prime(expr):
            f = expr.expr
            return rf"{self._print(sp.Symbol(_fname(f)))}'\left({self._print(f.args[0])}\right)"
        if len(expr.variables) == 1:
            inner = self._print(expr.expr)
            if isinstance(expr.expr, sp.log):
                inner = rf"\log {self._print(expr.expr.args[0])}"
            return rf"\nabla_{{{self._print(expr.variables[0])}}} {inner}"
        return super()._print_Derivative(expr)


class DPOTextPrinter(StrPrinter):
    """Plain Unicode text: π_φ(y_w|x), π_ref(y_w|x), ∇_φ π_φ(y_w|x), σ(δ), β."""

    GREEK = {"beta": "β", "phi": "φ", "delta": "δ", "theta": "θ", "sigma": "σ", "epsilon": "ε", "tau": "τ",
             "gamma": "γ", "delta_0": "δ₀", "alpha": "α"}

    def _print_Symbol(self, expr):
        resp = _response(expr.name, "piref_")
        if resp is not None:
            return f"π_ref({resp}|x)"
        resp = _response(expr.name, "rhat_")
        if resp is not None:
            return f"r̂(x,{resp})"
        return self.GREEK.get(expr.name, expr.name)

    _print_Dummy = _print_Symbol

    def _print_Function(self, expr):
        if type(expr).__name__ == "delta":
            return "δ"
        resp = _response(type(expr).__name__, "pi_")
        if resp is not None and len(expr.args) == 1:
            return f"π_{self._print(expr.args[0])}({resp}|x)"
        name = self.GREEK.get(type(expr).__name__, type(expr).__name__)
        return f"{name}({', '.join(self._print(a) for a in expr.args)})"

    def _print_KroneckerDelta(self, expr):
        return f"𝟙[{self._print(expr.args[0])}={self._print(expr.args[1])}]"

    def _print_Heaviside(self, expr):
        return f"𝟙[{self._print(expr.args[0])} > 0]"

    def _print_Derivative(self, expr):
        if _is_prime(expr):
            f = expr.expr
            return f"{self.GREEK.get(_fname(f), _fname(f))}′({self._print(f.args[0])})"
        if len(expr.variables) == 1:
            inner = expr.expr
            shown = self._print(inner) if inner.is_Function else f"({self._print(inner)})"
            return f"∇_{self._print(expr.variables[0])} {shown}"
        return super()._print_Derivative(expr)


# order="none" keeps the order in which a statement was written (y_w before y_l), for
# expressions built with evaluate=False.
def to_latex(expr) -> str:
    return DPOLatexPrinter({"order": "none"}).doprint(expr)


def to_text(expr) -> str:
    text = DPOTextPrinter({"order": "none"}).doprint(expr)
    return text.replace("**", "^").replace("*", "·").replace("(-β)", "−β").replace("-", "−")
