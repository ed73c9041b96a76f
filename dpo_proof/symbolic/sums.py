r"""Sums sympy cannot put in closed form, left as sums before it tries (the equality engine's doit).

$\sum_{i=1}^N x_i y_i$ with $x_i$ an undefined function or an indexed value of $i$: sympy's doit
tries partial fractions, Gosper's algorithm and hypergeometric forms before it gives up, which was
a fifth of the checker's time on the corpus of derivations written by others.
"""
from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef


def doit(expr: sp.Expr) -> sp.Expr:
    """``expr.doit()``, except that a sum sympy cannot put in closed form is left a sum at once: given
    up on before sympy's tries only where each of them is sure to fail (`_beyond_closed_form`), so the
    result is the same."""
    held = {s: _HeldSum(*s.args) for s in expr.atoms(sp.Sum) if len(s.limits) == 1}
    if not held:
        return _where_it_converges(expr.doit())
    done = expr.xreplace(held).doit()
    return _where_it_converges(done.replace(lambda e: isinstance(e, _HeldSum), lambda e: sp.Sum(*e.args)))


def _where_it_converges(expr: sp.Expr) -> sp.Expr:
    r"""sympy sums a series only where it converges, and keeps the sum elsewhere:
    $\sum_{n=0}^{\infty} \lambda^n$ is `Piecewise((1/(1 - λ), |λ| < 1), (the sum, True))`. A writer who
    puts a series in closed form means it where it converges, and so is it read: the closed form."""
    def converging(e) -> bool:
        return isinstance(e, sp.Piecewise) and len(e.args) == 2 and e.args[1].cond == sp.true \
            and isinstance(e.args[1].expr, sp.Sum) and not e.args[0].expr.has(sp.Sum)
    return expr.replace(converging, lambda e: e.args[0].expr) if expr.has(sp.Piecewise) else expr


class _HeldSum(sp.Sum):
    """A one-index sum whose doit() puts its summand in order first, then sums only where it can."""

    def doit(self, **hints):
        body = self.function.doit(**hints) if hints.get("deep", True) else self.function
        plain = sp.Sum(body, *self.limits)
        return plain if _beyond_closed_form(plain) else plain.doit(**hints)


def _beyond_closed_form(total: sp.Sum) -> bool:
    r"""Is this sum sure to stay a sum under sympy's doit()? True where the index's range is not a
    number of terms sympy adds up one by one, and every term of the summand that has the index has
    an undefined function or an indexed value of it (no closed form, no Faulhaber or geometric term,
    no hypergeometric ratio), and neither the summand nor its terms in the index are two, the one
    shape that can telescope ($x_{i+1} - x_i$)."""
    i, a, b = total.limits[0]
    body = total.function
    if i not in body.free_symbols or a == b or (b - a).is_Integer or body.has(sp.Piecewise):
        return False
    terms = sp.Add.make_args(sp.expand(body))
    with_index = [t for t in terms if t.has(i)]
    return len(terms) != 2 and len(with_index) != 2 and all(
        any(i in atom.free_symbols for atom in t.atoms(AppliedUndef, sp.Indexed)) for t in with_index)
