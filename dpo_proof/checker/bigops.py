r"""How the notation of real derivations becomes sympy: big operators and means.

Mixed into latex.ToSympy (beside constructs.py). `\max_\pi`/`\arg\min_\phi` (operators.py), `\max(a, b)`,
`\sum_y`, `\sum_{i=1}^{B}`, `\int`, products (products.py), `|x|`, `\binom{n}{k}`, the expectation
`\mathbb{E}_{y \sim \pi}[…]` (a sum weighted by the policy; over the data it is dropped: every claim is
checked per sample) and the KL divergence `D_{KL}(p \| q)` (of policies, of distributions P(x), or of
vectors whose entries the text defines).
"""
from __future__ import annotations

import re
from dataclasses import replace

import lark
import sympy as sp
from sympy.core.function import AppliedUndef

from . import operators, products
from .constructs import Args
from .names import Name, display_name, normalise_script
from .parsing import LatexError, parse_tree
from ..symbolic.sums import doit

KL_HEADS = {"D", "mathbb(D)", "mathcal(D)", "KL", "mathbb(KL)", "mathrm(KL)"}


# `τ ∼ p_θ(τ)`, `a ∼ π_θ(a|s)`: a draw (other than a response y) from a distribution with the parameter in it.
BOLD_LETTER_RE = re.compile(r"\\(mathbf|boldsymbol|bm|mathrm|mathit)\s*\{\s*([A-Za-z])\s*\}")
PARAMETER_DRAW_RE = re.compile(r"\s*\\?[A-Za-z]+(_(\{[^{}]*\}|\w+))?\s*(\\sim|∼|~)\s*.*(\\theta|θ|\\phi|φ).*")  # y_{<t} ∼ π_θ too


def _no_steps(shown: str, body: sp.Expr, index: str, steps_only: bool = False) -> None:
    """Raise where an expectation over a draw from the policy takes the policy at other arguments than
    the draw (its steps a_t|s_t): how the draw's probability is made of its steps (a trajectory's
    factorisation) is not something the checker knows. With `steps_only`, only at an action (a_t), not at
    another response (y_w, y_l under 𝔼_{π_θ}: a DPO text's)."""
    if any(type(f).__name__.startswith("pi_") and not operators.varies(f, index)
           and (not steps_only or not type(f).__name__[3:].startswith("y")) for f in body.atoms(sp.Function)):
        raise LatexError(f"an expectation under the policy (over {shown}), of the policy at other arguments "
                         "(its steps a_t|s_t): how the draw's probability is made of its steps (the trajectory's "
                         "factorisation) is not something the checker knows, so this is not read", 0)


@lark.v_args(inline=True)
class BigOperators(lark.Transformer):
    """Methods of latex.ToSympy for sums, optima, means and divergences."""

    def absolute(self, token):
        r"""$|x|$: the absolute value of a name; $\lVert \theta \rVert$ its norm."""
        name = re.sub(r"\\[lr]?[vV]ert|[|‖\s]", "", str(token))
        return sp.Abs(self.val(self.transform(parse_tree(name))))

    def absolute_of(self, _open, value, _close, *_index):
        r"""$\left| a - b \right|$, $\lVert w \rVert_2$: the absolute value (a norm, for a scalar)."""
        return sp.Abs(self.val(value))

    def binomial(self, _token, n, k):
        r"""$\binom{n}{k}$."""
        return sp.binomial(self.val(n), self.val(k))

    def max_min(self, token, args):
        r"""$\max(a, b)$; with one value, the maximum over the policy (as $\max_\pi$)."""
        kind = "max" if "max" in str(token) else "min"
        values = [self.val(a) for a in args]
        if len(values) == 1:
            return operators.optimum(kind, "π", values[0], operators.POLICY)
        return (sp.Max if kind == "max" else sp.Min)(*values)

    def _divergence(self, head: Name, args: Args):
        r"""$D_{KL}(p \| q) = \sum_y p \log p/q$ (operators.divergence)."""
        if len(args) != 2:
            raise LatexError(f"`‖` separates two distributions, not {len(args)}", head.pos)
        if head.key.split("_")[0] not in KL_HEADS and head.sub not in ("KL", "mathrmKL"):
            raise LatexError(f"`{display_name(head.key)}(… ‖ …)` is not a divergence the checker "
                             "knows; write D_{KL}(p \\| q)", head.pos)
        (p, index), (q, _) = (self._distribution(a) for a in args)
        return operators.divergence(p, q, index)

    def _distribution(self, arg):
        """(value, the variable it is a distribution over): π, π_ref alone are taken at a response
        y; P, Q never defined are distributions P(x), Q(x)."""
        if isinstance(arg, Name) and arg.base == "pi":
            return self.call(arg, Args([Name("y", arg.pos)])), "y"
        entries = [k.partition("_")[2] for k in self.defs
                   if isinstance(arg, Name) and not arg.sub and k.partition("_")[0] == arg.key
                   and re.fullmatch(r"[a-z]", k.partition("_")[2])]
        bound = self.env.get(arg.key) if isinstance(arg, Name) else None
        if len(entries) == 1 and arg.key not in self.defs and (bound is None or getattr(bound, "name", "") == arg.key):
            if re.search(rf"(?<![A-Za-z\\]){re.escape(arg.key)}\s*=\s*[\[(]\s*-?[0-9.]", self.table.text[: self.at]):
                raise LatexError(f"`{arg.key}` is given as a vector of numbers in an example; a divergence "
                                 "of example vectors is not read: write its sum out", arg.pos)
            return self.val(replace(arg, sub=entries[0])), entries[0]  # KL(p ‖ q) with p_i defined: a vector
        if bound is not None and not any(type(f).__name__.startswith("pi_") for f in bound.atoms(sp.Function)):
            raise LatexError(f"a divergence of `{display_name(arg.key)}`, bound to a value that is not a "
                             "distribution over responses, is not read: write its sum out", arg.pos)
        if isinstance(arg, Name) and arg.key not in self.defs and arg.key not in self.env:
            return sp.Function(display_name(arg.key), real=True)(sp.Symbol("x", real=True)), "x"
        value = self.val(arg)
        return value, ("y" if operators.varies(value, "y") else None)

    def _expectation(self, sub: str, body):
        r"""$\mathbb{E}_{y \sim \pi_\theta(y|x)}[f]$, $\mathbb{E}_{\pi_\theta(y|x)}[f]$: the sum over y weighted
        by the policy; over anything else (the data) the expectation is dropped."""
        text = BOLD_LETTER_RE.sub(r"\2", normalise_subscript_braces(sub))  # `\mathbf{a} \sim π`: the letter a
        for part in _top_level_commas(text):
            m = re.fullmatch(r"\s*(y)\s*(?:\\sim|∼|~)\s*(.+?)\s*", part) or \
                re.fullmatch(r"()\s*(\\pi(?![a-zA-Z]).*|π.*)", part.strip())
            other = re.fullmatch(r"\s*([a-wz])\s*(?:\\sim|∼|~)\s*((?:\\pi(?![a-zA-Z])|π).*?)\s*", part) \
                if m is None and isinstance(body, sp.Expr) and not operators.varies(body, "y") else None
            if other is not None and (self._sums_over(other.group(1)) or not re.fullmatch(
                    rf"[^(]*(\(\s*(\\cdot|·|{other.group(1)})\s*(\||\\mid).*)?", other.group(2))):
                # `𝔼_{o ∼ π_θ}[r] = Σ_o π_θ(o|q) r`: the line's own sum over o says what the mean is;
                # `o ∼ π_θ(O|q)`: a distribution at another letter, not read so
                other = None
            if other is not None:  # a ∼ π_ref(·|s): an action drawn from a policy is its response, read as y
                m, body = other, operators.rename_free(body, other.group(1), "y")
            drawn = self._drawn_from_policy(part, body) if m is None else None
            if drawn is not None:  # τ ∼ π_θ, τ ∼ p_θ(τ): the sum over τ weighted by the policy
                return drawn
            if m is None and PARAMETER_DRAW_RE.fullmatch(part):  # τ ∼ p_θ(τ): not a mean over fixed data
                raise LatexError("an expectation over a draw from a distribution that depends on the parameter "
                                 f"(`{part.strip()}`) is not read: its gradient is not the mean of the gradients; "
                                 "write it as a sum weighted by that distribution", 0)
            if m is None:
                continue
            try:
                weight = self._distribution_of(m.group(2))
            except LatexError:
                return body
            if weight is not None and operators.varies(weight, "y"):
                if isinstance(body, sp.Expr):  # 𝔼_{π_θ}[Σ_t ∇log π(a_t|s_t) R(τ)]: a trajectory's steps
                    _no_steps("its draw", body, "y", steps_only=True)
                return operators.expectation(weight, "y", body)
        return body

    def _sums_over(self, letter: str) -> bool:
        """Does the line being judged write a sum over `letter` (`\\sum_{o}`, `\\sum_a`)?"""
        return re.search(rf"\\sum\s*_\s*(\{{\s*)?{letter}(?![A-Za-z])", self.table.line()) is not None

    def _drawn_from_policy(self, part: str, body):
        r"""$\mathbb{E}_{\tau \sim \pi_\theta}[R(\tau)]$, $\mathbb{E}_{\tau \sim p_\theta(\tau)}[…]$: a draw of one
        plain letter (τ, a, o) from the policy, at that letter: the sum over it weighted by the policy,
        as for y. None for anything else."""
        m = re.fullmatch(r"\s*(\\[a-zA-Z]+|[a-zA-Z])\s*(?:\\sim|∼|~)\s*(.+?)\s*", part)
        if m is None or m.group(1) in ("y", "x", "\\mathcal", "\\mathbf"):
            return None
        try:
            letter = self.transform(parse_tree(m.group(1)))
            if not isinstance(letter, Name) or letter.sub or letter.key in self.defs:
                return None
            source = self.transform(parse_tree(m.group(2)))
            if isinstance(source, Name) and source.base == "pi":
                weight = self.call(source, Args([letter]))
            elif isinstance(source, Name):
                return None
            else:
                weight = self.val(source)
        except LatexError:
            return None
        if not isinstance(weight, sp.Expr) or not operators.varies(weight, letter.key) \
                or not any(type(f).__name__.startswith("pi_") for f in weight.atoms(sp.Function)):
            return None
        if isinstance(body, sp.Expr):  # E_τ[R(τ) Σ_t ∇log π_θ(a_t|s_t)]: the trajectory through its steps
            _no_steps(f"`{display_name(letter.key)}`", body, letter.key)
        return operators.expectation(weight, letter.key, body)

    def _distribution_of(self, text: str):
        # the policy the subscript names, read by the grammar
        value = self.transform(parse_tree(text))
        if isinstance(value, Name):
            return self._distribution(value)[0]
        return self.val(value)

    def optimum(self, token, *rest):
        r"""$\max_\pi$, $\min_{\pi_\theta}$, $\arg\max_\phi$ of the rest of the sum (operators.py)."""
        sub = str(rest[0]) if len(rest) == 2 else ""
        text = re.sub(r"\\|operatorname\*?|mathop|[{}\s,;!]", "", str(token))
        kind = ("arg" if text.startswith("arg") else "") + ("max" if "max" in text else
                                                            "min" if "min" in text else text)
        label = normalise_script(sub) if sub else operators.POLICY
        over = label if label and not re.search(r"pi|theta|phi|psi", label) else operators.POLICY
        shown = display_name(label) if over != operators.POLICY else "π"
        return operators.optimum(kind, shown, self.val(rest[-1]), over)

    def optimum_under(self, token, body):
        r"""$\underset{\pi}{\max}$: the optimum written with its variable under it."""
        under, kind = re.match(r"\\underset\s*\{(.*)\}\s*\{(.*)\}\s*$", str(token), re.S).groups()
        return self.optimum(kind.strip(), "_{" + under + "}", body)

    def bound(self, *items):
        token = items[-1]
        if isinstance(token, lark.Token) and token.type == "SUP_DIGIT":
            return sp.Integer(int(str(token)[-1]))
        return self.val(token)

    def big_sum(self, token, *rest):
        r"""$\sum_y$, $\sum_{i=1}^{B}$, $\int$ of the product that follows."""
        body = self.val(rest[-1])
        sub = next((str(r) for r in rest[:-1] if isinstance(r, lark.Token)), "")
        upper = next((r for r in rest[:-1] if not isinstance(r, lark.Token)), None)
        if re.search(r"int", str(token)) or str(token) == "∫":
            if upper is not None or re.search(r"\d|infty|∞", sub):  # ∫_{-∞}^{∞}: over numbers, not responses
                raise LatexError("an integral with bounds is not read (an integral over responses, ∫ … dy, is)",
                                 token.start_pos)
            return operators.integral(body)
        # the lower bound: a number, or a name plus or minus a number (n = k + 1 in a geometric series)
        m = re.fullmatch(r"_\s*\{?\s*([A-Za-z])\s*=\s*([0-9]+|[A-Za-z](?:\s*[+-]\s*[0-9]+)?)\s*\}?", sub)
        if "prod" in str(token) or str(token) == "∏":  # never read as a sum
            over = re.fullmatch(r"_\s*\{?\s*([a-z])\s*\}?", sub)  # ∏_i over the samples
            numbers = m if m and m.group(2).isdigit() else None
            return products.product(numbers, upper, body, token.start_pos, over.group(1) if over else None)
        if m and upper is not None and m.group(2).isdigit():
            return operators.bounded_sum(m.group(1), sp.Integer(int(m.group(2))), upper, body)
        if m and upper == sp.oo and m.group(2)[0] != m.group(1):
            # a name for the lower bound: read only for a series with a closed form (λⁿ from n = k + 1); one
            # of unknown terms (γᵏ r_k, a return) and a finite sum (Σ_{j=k}^{K} in a Plackett–Luce product)
            # stay one value, as before: the screen cannot add up the first, the product's rule reads the second
            series = operators.bounded_sum(m.group(1), _lower_bound(m.group(2)), upper, body)
            if not doit(series).has(sp.Sum):
                return series
        products.refuse_draws(sub, token.start_pos)
        index = normalise_script(sub) if sub else "y"
        index = re.split(r"\\in|in|∈|sim|=", index)[0] or _index_of_terms(body)
        data = [f for f in sp.Mul.make_args(body) if isinstance(f, AppliedUndef) and DATA_WEIGHT_RE.fullmatch(
            type(f).__name__) and [str(a) for a in f.args] == [index]] if index == "x" else []
        if len(data) == 1:  # Σ_x p_𝒟(x) f(x): the mean over the prompts, kept per sample as 𝔼_{x∼𝒟}[…] is
            return body / data[0]
        return operators.sum_over(index, body)


def _lower_bound(text: str) -> sp.Expr:
    """`k`, `k + 1`, `t - 2`: a series' lower bound as written under it."""
    name, sign, number = re.fullmatch(r"([A-Za-z])\s*(?:([+-])\s*([0-9]+))?", text).groups()
    return sp.Symbol(name, real=True) + (int(number) if sign == "+" else -int(number) if sign else 0)


def _index_of_terms(body) -> str:
    """`\\sum_{} e^{x_k}`: a sum whose index is left out runs over the one index its terms carry (k);
    else over the responses y."""
    letters = {s.name.rpartition("_")[2] for s in body.free_symbols if re.fullmatch(r"[A-Za-z]+_[a-z]", s.name)}
    return letters.pop() if len(letters) == 1 else "y"


# The data's distribution over prompts, as the weight of a sum over x: p_𝒟(x), 𝒟(x), ρ(x), p_data(x).
DATA_WEIGHT_RE = re.compile(r"(p|P|rho|ρ|d|mu|μ)?_?(mathcal\(D\)|mathcalD|𝒟|D|data|\(D\))|mathcal\(D\)|rho|ρ")


def normalise_subscript_braces(sub: str) -> str:
    """`_{x \\sim D, y \\sim \\pi(y|x)}` -> `x \\sim D, y \\sim \\pi(y|x)`."""
    text = sub.strip().lstrip("_").strip()
    return text[1:-1] if text.startswith("{") and text.endswith("}") else text


def _top_level_commas(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        depth += 1 if c in "({[" else -1 if c in ")}]" else 0
        if c == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    return parts + [text[start:]]
