r"""Symbolic slips: each turns a correct sympy expression into the wrong ones a person writes.

A mutation takes the correct expression and a `Context` and returns candidate wrong versions
(one per place the slip could have happened). The correct expression is whatever the caller
holds: a printed step of the derivation with δ as a symbol, or the checker's value of a side
with every definition expanded into $\pi_\theta(y|x)$. The toolkit's sympy vocabulary is
recognised by name: policies are undefined functions ``pi_<response>(param)``, references are
symbols ``piref_<response>``, the sigmoid is the class named ``sigma``, β is the symbol ``beta``.
sympy is imported inside each function, so reading the catalogue costs nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Context:
    """What a mutation may need beyond the expression."""

    sigma: type | None = None                  # the sympy sigmoid class (logistic-as-sigma builds one)
    margins: tuple = ()                        # symbols standing for the margin δ (negated on a swap)
    grad_margin: object = None                 # ∇δ, for a chain rule applied twice
    responses: tuple[str, str] | None = None   # (winner, loser) names, e.g. ("y_w", "y_l")
    extra: dict = field(default_factory=dict)


def _sp():
    import sympy
    return sympy


def _sigmas(e):
    return sorted((a for a in e.atoms(_sp().Function) if type(a).__name__ == "sigma"), key=_sp().default_sort_key)


def _one_at_a_time(e, atoms, new):
    """One candidate per atom replaced, then one with all replaced (deduplicated, order kept)."""
    out = [e.xreplace({a: new(a)}) for a in atoms]
    if len(atoms) > 1:
        out.append(e.xreplace({a: new(a) for a in atoms}))
    return list(dict.fromkeys(c for c in out if c != e))


def _policies(e):
    from sympy.core.function import AppliedUndef
    return sorted((a for a in e.atoms(AppliedUndef) if type(a).__name__.startswith("pi_")),
                  key=_sp().default_sort_key)


def _references(e):
    return sorted((s for s in e.free_symbols if s.name.startswith("piref_")), key=_sp().default_sort_key)


def _beta(e):
    return next((s for s in e.free_symbols if s.name == "beta"), _sp().Symbol("beta", positive=True))


def negate(e, ctx: Context):
    """The sign lost: $-x$."""
    return [-e]


def flip_sigma(e, ctx: Context):
    r"""$\sigma(x) \to \sigma(-x)$ at each σ."""
    return _one_at_a_time(e, _sigmas(e), lambda a: type(a)(-a.args[0]))


def square_sigma(e, ctx: Context):
    r"""$\sigma(x) \to \sigma(x)^2$: $1-\sigma$ multiplied in a second time."""
    return _one_at_a_time(e, _sigmas(e), lambda a: a ** 2)


def multiply_sigma_prime(e, ctx: Context):
    r"""$e \to e\,\sigma(x)\sigma(-x)$: σ′ multiplied in again after the chain rule had used it."""
    return list(dict.fromkeys(e * type(a)(a.args[0]) * type(a)(-a.args[0]) for a in _sigmas(e)))


def square_sigma_factor(e, ctx: Context):
    r"""$(1-\sigma(x)) \to (1-\sigma(x))^2$: the weight, however written, multiplied in twice."""
    factors = e.args if e.is_Mul else (e,)
    return list(dict.fromkeys(e * f for f in factors if _sigmas(f) and f != e))


def multiply_by_sigma(e, ctx: Context):
    r"""$e \to e\,\sigma(\pm x)$: σ′(x) = σ(x)σ(−x) kept where σ′(x)/σ(x) belongs, the weight written as
    $1-\sigma(x)$ or $\sigma(-x)$."""
    return list(dict.fromkeys(e * type(a)(s * a.args[0]) for a in _sigmas(e) for s in (1, -1)))


def drop_log_of_ratio(e, ctx: Context):
    r"""$\log\frac{\pi(y|x)}{\pi_{ref}(y|x)} \to \frac{\pi(y|x)}{\pi_{ref}(y|x)}$: the log left out of a log-ratio."""
    sp = _sp()
    logs = sorted((a for a in e.atoms(sp.log) if a.args[0].free_symbols and _policies(a.args[0])
                   and not _sigmas(a.args[0])), key=sp.default_sort_key)
    return _one_at_a_time(e, logs, lambda a: a.args[0])


def sigma_prime_for_sigma(e, ctx: Context):
    r"""$\sigma(-x) \to \sigma(x)\sigma(-x) = \sigma'(x)$: the 1/σ of $d\log\sigma = \sigma'/\sigma$ lost."""
    return _one_at_a_time(e, _sigmas(e), lambda a: a * type(a)(-a.args[0]))


def divide_by_beta(e, ctx: Context):
    return [e / _beta(e)]


def multiply_by_beta(e, ctx: Context):
    return [e * _beta(e)]


def beta_in_sigma(e, ctx: Context):
    r"""$\sigma(x) \to \sigma(\beta x)$ at every σ: β multiplied into a margin that already holds it (β²)."""
    sigmas = _sigmas(e)
    return [e.xreplace({a: type(a)(_beta(e) * a.args[0]) for a in sigmas})] if sigmas else []


def _swap(e, ctx: Context, policies: bool, references: bool, margins: bool):
    sp = _sp()
    names = ctx.responses or tuple(sorted({type(p).__name__[3:] for p in _policies(e)} |
                                          {r.name[6:] for r in _references(e)}))
    if len(names) != 2:
        return []
    w, l = names
    mapping = {}
    if policies:
        for p in _policies(e):
            resp = type(p).__name__[3:]
            other = {w: l, l: w}.get(resp)
            if other:
                mapping[p] = sp.Function(f"pi_{other}", positive=True)(*p.args)
    if references:
        for r in _references(e):
            other = {w: l, l: w}.get(r.name[6:])
            if other:
                mapping[r] = sp.Symbol(f"piref_{other}", **r.assumptions0)
    if margins:
        mapping.update({m: -m for m in ctx.margins})
    return [e.xreplace(mapping)] if mapping else []


def swap_responses(e, ctx: Context):
    """The winner and the loser exchanged everywhere (so the margin changes sign)."""
    return _swap(e, ctx, policies=True, references=True, margins=True)


def swap_policies(e, ctx: Context):
    """The policy's winner and loser exchanged, the reference's left in place."""
    return _swap(e, ctx, policies=True, references=False, margins=False)


def grad_prob_for_grad_log(e, ctx: Context):
    r"""$\nabla\log\pi \to \nabla\pi$: $\nabla_\theta\log\pi$ and $\nabla_\theta\pi/\pi$ both lose the 1/π."""
    sp = _sp()
    mapping = {}
    for d in e.atoms(sp.Derivative):
        if isinstance(d.expr, sp.log) and d.expr.args[0] in _policies(d.expr):
            mapping[d] = sp.Derivative(d.expr.args[0], *d.variable_count)
    candidate = e.xreplace(mapping)
    for p in _policies(candidate):  # ∇π/π: drop the 1/π standing next to a ∇π
        def drop(m, p=p):
            factors = m.args
            if p ** -1 in factors and any(isinstance(f, sp.Derivative) and f.expr == p for f in factors):
                return sp.Mul(*[f for f in factors if f != p ** -1])
            return m
        candidate = candidate.replace(lambda m: isinstance(m, sp.Mul), drop)
    return [candidate] if candidate != e else []


def chain_rule_twice(e, ctx: Context):
    r"""$\nabla\delta$ multiplied in a second time."""
    return [e * ctx.grad_margin] if ctx.grad_margin is not None else []


def logistic_as_sigma(e, ctx: Context):
    r"""$1/(1+e^{t})$ read as $\sigma(t)$ (it is $\sigma(-t)$), and σ's argument flipped where σ is written."""
    sp = _sp()
    out = flip_sigma(e, ctx)
    if ctx.sigma is not None:
        for pw in e.atoms(sp.Pow):
            base = pw.base
            if pw.exp == -1 and base.is_Add and 1 in base.args:
                rest = base - 1
                if isinstance(rest, sp.exp):
                    out.append(e.xreplace({pw: ctx.sigma(rest.args[0])}))
    return list(dict.fromkeys(out))


def drop_log(e, ctx: Context):
    r"""$\log\sigma(x) \to \sigma(x)$: the log left out of the loss."""
    sp = _sp()
    logs = sorted((a for a in e.atoms(sp.log) if type(a.args[0]).__name__ == "sigma"), key=sp.default_sort_key)
    return _one_at_a_time(e, logs, lambda a: a.args[0])


def policy_to_reference(e, ctx: Context):
    r"""$\pi_\theta(y|x) \to \pi(y|x)$ that does not depend on θ (a reference or π*)."""
    sp = _sp()
    return _one_at_a_time(e, _policies(e), lambda p: sp.Symbol(f"piref_{type(p).__name__[3:]}", positive=True)) \
        if _policies(e) else []


def rename_to_y(e, ctx: Context):
    """A response renamed plain y (y for y_l, or for y_w)."""
    sp = _sp()
    out = []
    for p in _policies(e):
        resp = type(p).__name__[3:]
        if resp == "y":
            continue
        new_p = sp.Function("pi_y", positive=True)(*p.args)
        mapping = {q: new_p for q in _policies(e) if type(q).__name__ == type(p).__name__}
        mapping.update({r: sp.Symbol("piref_y", positive=True) for r in _references(e) if r.name[6:] == resp})
        out.append(e.xreplace(mapping))
        if e.has(sp.Derivative):  # only in ∇log π(y_l|x): the weight keeps y_l
            partial = _in_gradient_factors(e, p, new_p)
            if partial != sp.expand(e):
                out.append(partial)
    return list(dict.fromkeys(c for c in out if c != e))


def _in_gradient_factors(e, p, new_p):
    """`e` with the policy `p` renamed only in the factors that hold its gradient (∇π/π)."""
    sp = _sp()
    expanded = sp.expand(e)
    terms = []
    for term in sp.Add.make_args(expanded):
        factors = [f.xreplace({p: new_p}) if f.has(sp.Derivative) and f.has(p) or f == 1 / p else f
                   for f in sp.Mul.make_args(term)]
        terms.append(sp.Mul(*factors))
    return sp.Add(*terms)


def drop_reference(e, ctx: Context):
    r"""$\pi_{ref} \to 1$: the reference term left out of the margin."""
    refs = _references(e)
    return [e.xreplace({r: 1 for r in refs})] if refs else []
