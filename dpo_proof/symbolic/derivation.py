r"""The canonical derivation of the DPO gradient, as ordered steps computed and checked by sympy.

Each step states an identity `lhs = rhs` in the notation of a handwritten proof. Where a step
says what a derivative *is*, sympy computes it (`sympy.diff` on the definitions, with
$\pi_\phi(y|x)$ an arbitrary positive differentiable function of $\phi$ and $\pi_{ref}$ constant)
and the equality engine certifies the printed form equal to what sympy computed. Nothing is
merely asserted. Steps with ``expected="refuted"`` are common wrong steps, shown on purpose.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from ..catalogue.mutations import Context
from ..catalogue.slips import SLIPS
from ..report import Check, Report
from .equality import check_equal
from .notation import (LAMBDIFY_MODULES, beta, dpo_delta, dpo_loss, implicit_reward, phi,
                       pi_l, pi_w, ref_l, ref_w, sigma, to_latex, to_text)

z = sp.Symbol("z", real=True)
delta_sym = sp.Symbol("delta", real=True)
Delta = sp.Function("delta", real=True)(phi)   # δ(φ) as an opaque function, for the chain rule
s = sp.Function("sigma")                       # σ as an opaque function, for the chain rule
rhat_w, rhat_l = sp.Symbol("rhat_y_w", real=True), sp.Symbol("rhat_y_l", real=True)
grad_log_w, grad_log_l = sp.Derivative(sp.log(pi_w), phi), sp.Derivative(sp.log(pi_l), phi)

def _sum(*terms):
    """A sum printed in the order written (y_w before y_l)."""
    return sp.Add(*terms, evaluate=False)


def _product(*factors):
    return sp.Mul(*factors, evaluate=False)


# What the printed symbols stand for, substituted before a step is certified.
DEFINITIONS = {delta_sym: dpo_delta(), rhat_w: implicit_reward(pi_w, ref_w),
               rhat_l: implicit_reward(pi_l, ref_l)}


@dataclass
class Step:
    """One line of the proof: `lhs = rhs`, why it holds, and what sympy computed for it."""

    id: str
    title: str
    lhs: str                      # LaTeX of the left side (a name such as \nabla_\phi \ell)
    rhs: sp.Expr                  # the printed form, certified equal to `computed`
    justification: str
    computed: sp.Expr | None = None   # None: a definition, nothing to certify
    label: str = ""
    expected: str | None = None   # "refuted" for a wrong step shown on purpose
    per_pair: bool = False        # printed inside E_{(x, y_w, y_l) ~ D}[...]
    lhs_text: str = ""
    definitions: dict = field(default_factory=lambda: dict(DEFINITIONS))


def _tabular_steps() -> list[Step]:
    r"""The tabular softmax policy for a symbolic vocabulary size n: the softmax terms cancel."""
    n = sp.Symbol("n", integer=True, positive=True)
    j, k, w, l = sp.symbols("j k w l", integer=True, positive=True)
    theta = sp.IndexedBase("theta", real=True)
    log_partition = sp.log(sp.Sum(sp.exp(theta[j]), (j, 1, n)))
    log_pi = {y: theta[y] - log_partition for y in (w, l)}  # log softmax, written out
    delta_tab = beta * (log_pi[w] - sp.log(ref_w)) - beta * (log_pi[l] - sp.log(ref_l))
    computed = sp.diff(dpo_loss(delta_tab), theta[k])
    return [Step(
        "tabular-all-n", "Tabular softmax policy, any vocabulary size n",
        r"\frac{\partial \ell_{\mathrm{DPO}}}{\partial \theta_k}",
        _product(-beta, sigma(-delta_sym), _sum(sp.KroneckerDelta(k, w), -sp.KroneckerDelta(k, l))),
        "log π(y) = θ_y − log Σ_{j=1}^{n} exp θ_j; sympy differentiates the sum for symbolic n, "
        "and the softmax terms −β·∂log Z/∂θ_k from y_w and y_l cancel",
        computed, lhs_text="∂ℓ/∂θ_k", definitions={delta_sym: delta_tab})]


def canonical_steps() -> list[Step]:
    """The derivation, in the order of a handwritten proof."""
    loss_full = dpo_loss(dpo_delta())
    sigma_minus = sigma(-delta_sym)
    steps = [
        Step("loss", "The DPO loss", r"\ell_{\mathrm{DPO}}(\phi)", dpo_loss(delta_sym),
             "definition; σ is the logistic sigmoid", label="(1)", per_pair=True, lhs_text="ℓ_DPO(φ)"),
        Step("delta", "The margin", r"\delta(\phi)", dpo_delta(),
             "definition: the difference of the implicit rewards r̂(x, y) = β log π_φ(y|x)/π_ref(y|x)",
             lhs_text="δ(φ)"),
        Step("chain-rule", "Chain rule through log σ", r"\nabla_\phi \ell_{\mathrm{DPO}}",
             _product(-1 / s(Delta), sp.Derivative(s(Delta), Delta), sp.Derivative(Delta, phi)),
             "d/du log u = 1/u, then the chain rule through σ and δ (sympy.diff of −log σ(δ(φ)))",
             sp.diff(-sp.log(s(Delta)), phi), per_pair=True, lhs_text="∇_φ ℓ"),
        Step("sigma-prime", "Derivative of the sigmoid", r"\sigma'(z)", _product(sigma(z), _sum(1, -sigma(z))),
             "sympy.diff of 1/(1 + e^{−z})", sp.diff(1 / (1 + sp.exp(-z)), z), lhs_text="σ′(z)"),
        Step("one-minus-sigma", "Symmetry of the sigmoid", r"1 - \sigma(z)", sigma(-z),
             "1 − 1/(1 + e^{−z}) = e^{−z}/(1 + e^{−z}) = 1/(1 + e^{z})", 1 - sigma(z), lhs_text="1 − σ(z)"),
        Step("logistic", "The logistic function with a plus sign", r"\frac{1}{1 + e^{z}}", sigma(-z),
             "σ(t) = 1/(1 + e^{−t}) at t = −z", 1 / (1 + sp.exp(z)), lhs_text="1/(1 + e^z)"),
        Step("gradient", "The gradient", r"\nabla_\phi \ell_{\mathrm{DPO}}",
             _product(-sigma(-Delta), sp.Derivative(Delta, phi)),
             "σ′(δ)/σ(δ) = 1 − σ(δ) = σ(−δ); computed by sympy.diff of −log σ(δ(φ))",
             sp.diff(dpo_loss(Delta), phi), label="(2)", per_pair=True, lhs_text="∇_φ ℓ"),
        Step("grad-delta", "Gradient of the margin", r"\nabla_\phi \delta",
             _sum(beta * sp.Derivative(pi_w, phi) / pi_w, -beta * sp.Derivative(pi_l, phi) / pi_l),
             "∇ log π = ∇π/π; π_ref does not depend on φ (sympy.diff of the definition of δ)",
             sp.diff(dpo_delta(), phi), label="(b)", lhs_text="∇_φ δ"),
        Step("gradient-ratio-form", "Full gradient, ∇π/π form", r"\nabla_\phi \ell_{\mathrm{DPO}}",
             _product(sigma_minus, _sum(-beta * sp.Derivative(pi_w, phi) / pi_w,
                                        beta * sp.Derivative(pi_l, phi) / pi_l)),
             "substitute (b) into (2) (sympy.diff of the loss with δ written out)",
             sp.diff(loss_full, phi), per_pair=True, lhs_text="∇_φ ℓ"),
        Step("gradient-log-form", "Full gradient, ∇log π form", r"\nabla_\phi \ell_{\mathrm{DPO}}",
             _product(-beta, sigma_minus, _sum(grad_log_w, -grad_log_l)),
             "∇π/π = ∇ log π", sp.diff(loss_full, phi), per_pair=True, lhs_text="∇_φ ℓ"),
        Step("gradient-implicit-reward", "Full gradient, implicit-reward form", r"\nabla_\phi \ell_{\mathrm{DPO}}",
             _product(-beta, sigma(_sum(rhat_l, -rhat_w)), _sum(grad_log_w, -grad_log_l)),
             "−δ = r̂(x, y_l) − r̂(x, y_w): σ(−δ) weights each pair by how wrongly the implicit reward ranks it",
             sp.diff(loss_full, phi), per_pair=True, lhs_text="∇_φ ℓ"),
        *_tabular_steps(),
        Step("convexity", "Second derivative in the margin", r"\frac{d^2}{d\delta^2}\left(-\log\sigma(\delta)\right)",
             _product(sigma(delta_sym), sigma(-delta_sym)),
             "differentiate −σ(−δ) once more; a product of two sigmoids, so > 0: the loss is convex in δ",
             sp.diff(-sp.log(sigma(delta_sym)), delta_sym, 2), lhs_text="d²ℓ/dδ²"),
    ]
    return steps + wrong_steps(steps)


def wrong_steps(steps: list[Step]) -> list[Step]:
    """Every catalogue slip that corrupts a printed step, shown on purpose: the engine must refute
    each with a counterexample. The wrong right side is the slip's first mutation of the step's."""
    by_id = {step.id: step for step in steps}
    ctx = Context(sigma=sigma, margins=(delta_sym, Delta), grad_margin=sp.Derivative(Delta, phi),
                  responses=("y_w", "y_l"))
    wrong = []
    for slip in SLIPS:
        step = by_id.get(slip.step)
        candidates = slip.mutations(step.rhs, ctx) if step is not None else []
        if not candidates:
            continue
        wrong.append(Step(f"wrong/{slip.id}", f"Wrong: {slip.title}", step.lhs, candidates[0], slip.did,
                          step.computed, expected="refuted", per_pair=step.per_pair, lhs_text=step.lhs_text,
                          definitions=step.definitions))
    return wrong


def certify_step(step: Step) -> Check:
    fields = {"label": step.label or None, "title": step.title, "justification": step.justification,
              "latex": _statement_latex(step), "text": _statement_text(step)}
    if step.computed is None:
        return Check(step.id, "symbolic", "definition", "definition", fields=fields)
    # The printed form names δ and r̂; substitute their definitions, unless the step is a statement
    # about δ as a free variable (then sympy computed it in δ too).
    printed = step.rhs.subs({k: v for k, v in step.definitions.items() if not step.computed.has(k)})
    if printed.has(s) and not step.computed.has(s):  # an opaque σ in the printed form means our σ
        printed = printed.replace(s, sigma)
    result = check_equal(step.computed, printed.doit())
    fields["reason"] = result.reason
    if result.counterexample:
        fields["counterexample"] = result.counterexample
    message = f"{step.justification}. {_verdict_words(result.verdict)}: {result.reason}"
    return Check(step.id, "symbolic", result.verdict, message, expected=step.expected, fields=fields)


def _verdict_words(verdict: str) -> str:
    return {"proved": "certified", "refuted": "refuted", "numerically-true": "agrees numerically",
            "skipped": "not decided"}[verdict]


def _convexity_sign() -> Check:
    """d²ℓ/dδ² = σ(δ)σ(−δ) > 0, decided by sympy's assumptions (σ of a real number is positive)."""
    positive = (sigma(delta_sym) * sigma(-delta_sym)).is_positive
    verdict = "proved" if positive else "skipped"
    return Check("convexity-positive", "symbolic", verdict,
                 "σ(δ)σ(−δ) > 0 for every real δ: the loss is strictly convex in the margin, "
                 + ("certified by sympy's assumptions" if positive else "sympy could not decide the sign"),
                 fields={"label": None, "title": "Convexity in the margin",
                         "justification": "σ of a real number is positive, so the product of two is",
                         "reason": "certified by sympy's assumptions" if positive else "sign undecided",
                         "latex": r"\sigma(\delta)\,\sigma(-\delta) > 0", "text": "σ(δ)σ(−δ) > 0"})


def _statement_latex(step: Step) -> str:
    rhs = to_latex(step.rhs)
    if step.per_pair:
        rhs = rf"\mathbb{{E}}_{{(x, y_w, y_l) \sim \mathcal{{D}}}}\left[{rhs}\right]"
    return f"{step.lhs} = {rhs}"


def _statement_text(step: Step) -> str:
    rhs = to_text(step.rhs)
    return f"{step.lhs_text} = " + (f"E[{rhs}]" if step.per_pair else rhs)


def derivation_report(command: str = "derive") -> Report:
    """Every step of the canonical derivation, certified (or refuted, where expected)."""
    checks = []
    for step in canonical_steps():
        checks.append(certify_step(step))
        if step.id == "convexity":
            checks.append(_convexity_sign())
    return Report(command, checks, title="The DPO gradient, derived and certified step by step")


def lambdified_logp_gradient():
    r"""The per-pair loss's gradient in (log π(y_w), log π(y_l)), by sympy.diff, as a numpy function.

    Returns f(beta, logp_w, logp_l, logref_w, logref_l) -> (dℓ/dlogp_w, dℓ/dlogp_l): eq. (2) with
    the score functions factored out, so numeric checks can meet the symbolic derivation.
    """
    lw, ll, rw, rl = sp.symbols("logp_w logp_l logref_w logref_l", real=True)
    loss = dpo_loss(beta * (lw - rw) - beta * (ll - rl))
    grads = [sp.diff(loss, v) for v in (lw, ll)]
    return sp.lambdify((beta, lw, ll, rw, rl), grads, modules=LAMBDIFY_MODULES)
