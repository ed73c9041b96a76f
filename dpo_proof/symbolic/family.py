r"""The gradient of every catalogue loss, derived by sympy and certified step by step, as for DPO.

For a loss $\ell(a, b)$ of the catalogue (`dpo_proof.catalogue.losses`), the steps are

1. the loss, and what $a$ and $b$ stand for (definitions);
2. $\partial\ell/\partial a$ and $\partial\ell/\partial b$: the catalogue's hand-written forms (`Loss.sympy_grad`),
   each certified equal to `sympy.diff` of the loss by the equality engine;
3. for a loss of the margin alone, the weight $w(m) = -\partial\ell/\partial a$ at $a = b + m$, certified to
   depend on $m$ only (so $\partial\ell/\partial b = -\partial\ell/\partial a$);
4. the gradient $\nabla_\phi\ell = \partial_a\ell\,\nabla_\phi a + \partial_b\ell\,\nabla_\phi b$ written with
   $\nabla_\phi\log\pi_\phi(y|x)$ (over $|y|$ where length-normalised), certified against `sympy.diff` of the
   loss with $a, b$ written out in $\pi_\phi$ - eq. (2) with (b) for DPO.

Hyper-parameters stay symbols ($\beta, \varepsilon, \tau, \gamma, \delta_0, \alpha$), so each step holds for all values.
"""
from __future__ import annotations

import sympy as sp

from ..catalogue.losses import LOSSES, Loss, loss as catalogue_loss
from ..report import Report
from .derivation import Step, certify_step
from .notation import LAMBDIFY_MODULES, beta, phi, pi_l, pi_w, ref_l, ref_w

a_sym, b_sym, m_sym = sp.Symbol("a", real=True), sp.Symbol("b", real=True), sp.Symbol("m", real=True)
n_w, n_l = sp.Symbol("n_w", positive=True), sp.Symbol("n_l", positive=True)  # |y_w|, |y_l| in tokens

# catalogue hyper-parameter -> the symbol it is derived with
SYMBOLS = {"beta": beta, "label_smoothing": sp.Symbol("epsilon", positive=True),
           "tau": sp.Symbol("tau", positive=True), "gamma": sp.Symbol("gamma", positive=True),
           "reward_shift": sp.Symbol("delta_0", real=True), "alpha": sp.Symbol("alpha", positive=True)}


def symbols_of(objective: Loss) -> dict:
    """The loss's hyper-parameters as sympy symbols."""
    return {name: SYMBOLS[name] for name in objective.params}


def inputs_of(objective: Loss) -> tuple[sp.Expr, sp.Expr]:
    r"""What a and b stand for, in $\pi_\phi$: log-ratios or log-probs, over the length where normalised."""
    if objective.reference_free:
        a, b = sp.log(pi_w), sp.log(pi_l)
    else:
        a, b = sp.log(pi_w / ref_w), sp.log(pi_l / ref_l)
    if objective.length_normalised:
        a, b = a / n_w, b / n_l
    return a, b


def _tex_name(objective: Loss) -> str:
    return objective.name.replace("_", r"\_")


def _sum(*terms):
    return sp.Add(*terms, evaluate=False)


def _product(*factors):
    return sp.Mul(*factors, evaluate=False)


def _score(p, n, objective: Loss):
    r"""$\nabla_\phi\log\pi_\phi(y|x)$, over the length where normalised."""
    grad = sp.Derivative(sp.log(p), phi)
    return _product(1 / n, grad) if objective.length_normalised else grad


def family_steps(objective: Loss) -> list[Step]:
    """The certified steps of one loss, in the order of a handwritten proof."""
    p = symbols_of(objective)
    loss_ab = objective.sympy_loss(a_sym, b_sym, p)
    d_a, d_b = objective.sympy_grad(a_sym, b_sym, p)
    a_def, b_def = inputs_of(objective)
    name, tex = objective.name, _tex_name(objective)
    which = "policy log-prob" if objective.reference_free else "log-ratio"
    per_token = " per token, n_w = |y_w| and n_l = |y_l| the response lengths" if objective.length_normalised else ""
    defs = {a_sym: a_def, b_sym: b_def}
    steps = [
        Step(f"family/{name}/loss", f"The {objective.title} loss", rf"\ell_{{\mathrm{{{tex}}}}}(a, b)", loss_ab,
             f"definition ({objective.paper}, arXiv {objective.arxiv or 'none'})", lhs_text=f"ℓ_{name}(a, b)"),
        Step(f"family/{name}/a", "The chosen input", "a", a_def,
             f"definition: the chosen response's {which}{per_token}", lhs_text="a"),
        Step(f"family/{name}/b", "The rejected input", "b", b_def,
             f"definition: the rejected response's {which}", lhs_text="b"),
        Step(f"family/{name}/d-da", "Derivative in the chosen input", r"\frac{\partial \ell}{\partial a}", d_a,
             "the catalogue's closed form, certified equal to sympy.diff of the loss in a",
             sp.diff(loss_ab, a_sym), lhs_text="∂ℓ/∂a"),
        Step(f"family/{name}/d-db", "Derivative in the rejected input", r"\frac{\partial \ell}{\partial b}", d_b,
             "the catalogue's closed form, certified equal to sympy.diff of the loss in b",
             sp.diff(loss_ab, b_sym), lhs_text="∂ℓ/∂b"),
    ]
    if objective.margin_only:
        weight = (-d_a).subs({a_sym: m_sym, b_sym: 0})
        steps.append(Step(
            f"family/{name}/weight", "The weight on a pair, a function of the margin m = a - b",
            r"w(m) = -\frac{\partial \ell}{\partial a}\Big|_{a = b + m}", weight,
            "sympy.diff in a at a = b + m comes out free of b: the loss depends on a - b alone, so "
            "∂ℓ/∂b = −∂ℓ/∂a and ∇ℓ = −w(m)(∇a − ∇b)", -sp.diff(loss_ab, a_sym).subs(a_sym, b_sym + m_sym),
            lhs_text="w(m) = −∂ℓ/∂a at a = b + m"))
    printed = _sum(_product(d_a, _score(pi_w, n_w, objective)), _product(d_b, _score(pi_l, n_l, objective)))
    steps.append(Step(
        f"family/{name}/gradient", "The gradient in the policy's parameters", r"\nabla_\phi \ell", printed,
        "chain rule through a and b (sympy.diff of the loss with a and b written out in π_φ); "
        "∇_φ log π_φ = ∇_φ π_φ/π_φ and π_ref does not depend on φ",
        sp.diff(loss_ab.subs(defs), phi), per_pair=True, lhs_text="∇_φ ℓ", definitions=defs))
    return steps


def wrong_steps(objective: Loss, steps: list[Step]) -> list[Step]:
    """The slips a student makes in dl/da, shown on purpose: the engine must refute each.

    The sign lost; a and b swapped (dl/da evaluated at (b, a)); beta dropped (set to 1); and, for a
    length-normalised loss, the 1/|y| of the chain rule dropped from the gradient."""
    by_id = {step.id.rsplit("/", 1)[1]: step for step in steps}
    d_a, gradient = by_id["d-da"], by_id["gradient"]
    slips = [("sign", "the sign of dl/da lost", d_a, -d_a.rhs),
             ("swapped", "a and b swapped in dl/da", d_a, d_a.rhs.subs({a_sym: b_sym, b_sym: a_sym}, simultaneous=True)),
             ("beta-dropped", "beta dropped from dl/da (set to 1)", d_a, d_a.rhs.subs(beta, 1))]
    if objective.length_normalised:
        slips.append(("length-dropped", "the 1/|y| of the chain rule dropped", gradient,
                      gradient.rhs.subs({n_w: 1, n_l: 1})))
    return [Step(f"wrong/{objective.name}/{key}", f"Wrong: {title}", step.lhs, rhs, title, step.computed,
                 expected="refuted", per_pair=step.per_pair, lhs_text=step.lhs_text, definitions=step.definitions)
            for key, title, step, rhs in slips]


def family_report(names=None, command: str = "derive", wrong: bool = True, gradient: bool = True) -> Report:
    """Every step of each named loss's derivation (all catalogue losses when `names` is None), certified,
    and (with `wrong`) the common wrong steps, each refuted with a counterexample.

    ``gradient=False`` leaves out the chain-rule step, the same template for every loss and the slowest
    to certify (two thirds of the time): `dpo-proof verify` proves each loss's own partial derivatives
    and weight, and checks the whole gradient numerically; `derive --loss` certifies every step."""
    objectives = LOSSES if names is None else [catalogue_loss(n) for n in names]
    checks = []
    for objective in objectives:
        steps = family_steps(objective)
        shown = steps if gradient else [s for s in steps if not s.id.endswith("/gradient")]
        checks += [certify_step(step) for step in shown + (wrong_steps(objective, steps) if wrong else [])]
    title = (f"The {objectives[0].title} gradient, derived and certified step by step" if len(objectives) == 1
             else "The gradients of the preference-loss family, derived and certified step by step")
    return Report(command, checks, title=title)


def lambdified_gradient(name: str):
    r"""f(a, b, params) -> $(\partial\ell/\partial a, \partial\ell/\partial b)$ by sympy.diff, as numpy."""
    objective = catalogue_loss(name)
    p = symbols_of(objective)
    loss_ab = objective.sympy_loss(a_sym, b_sym, p)
    grads = [sp.diff(loss_ab, v) for v in (a_sym, b_sym)]
    fn = sp.lambdify((a_sym, b_sym, *p.values()), grads, modules=LAMBDIFY_MODULES)
    return lambda a, b, params: fn(a, b, *(params[k] for k in p))
