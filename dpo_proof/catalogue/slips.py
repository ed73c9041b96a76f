r"""Every known slip in deriving or coding the DPO gradient, defined once.

A slip says what a person did, the correct and the wrong form, one line of advice (and one for
code), and how it shows: `symbolic` mutations of a correct sympy expression (mutations.py),
`numeric` edits of the per-pair DPO form (forms.py), and the derivation `step` whose printed
right side it corrupts. Everything else reads this table: the derivation's wrong steps
(symbolic/derivation.py), the numeric advice (numeric/diagnosis.py), the code checkers' causes
(testing/), the checker's diagnosis of a refuted line, the tests and the docs.

Adding a slip is one entry below (and a new function in mutations.py only for a new kind of
transformation). Texts are Unicode; `report.plain` spells them in ASCII where needed.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import mutations as m

_B = ((1.0, 0), (-1.0, 0), (-1.0, 0), (1.0, 0))        # the margin's coefficients without β
_B2 = ((1.0, 2), (-1.0, 2), (-1.0, 2), (1.0, 2))       # ... with β squared


@dataclass(frozen=True)
class Slip:
    """One way to get eq. (1), (2) or (b) wrong."""

    id: str
    title: str                       # a few words: "σ′ counted twice"
    did: str                         # what the person did, one sentence
    correct: str                     # the correct form
    wrong: str                       # the wrong form
    advice: str                      # one line that fixes it
    code_fix: str = ""               # the fix in code, where the slip is seen in code
    symbolic: tuple = ()             # mutations: (expr, Context) -> [wrong exprs]
    numeric: tuple[dict, ...] = ()   # edits of forms.DPOForm, one per way it shows in numbers
    step: str | None = None          # the derivation step whose right side it corrupts
    same_numbers_as: tuple[str, ...] = ()  # slips that no number can tell apart from this one
    notes: str = ""

    def forms(self):
        """The slip's numeric forms (forms.DPOForm); imports torch."""
        from .forms import DPOForm
        return tuple(DPOForm(**edit) for edit in self.numeric)

    def mutations(self, expr, ctx: m.Context | None = None) -> list:
        """Candidate wrong versions of the correct sympy `expr`."""
        ctx = ctx or m.Context()
        out = []
        for mutate in self.symbolic:
            out += [c for c in mutate(expr, ctx) if c not in out]
        return out

    def sentence(self) -> str:
        """What the slip is, for a diagnosis: 'σ′ counted twice: ….'"""
        return f"{self.title}: {self.did}"


_FIX_DELTA = ("delta = beta * ((policy_chosen - reference_chosen) - (policy_rejected - reference_rejected))")
_FIX_LOSS = "loss = -F.logsigmoid(delta), i.e. F.softplus(-delta)"
#: The correct DPO loss in code: the fix when no slip reproduces the numbers.
CORRECT_CODE = f"compute {_FIX_DELTA}; {_FIX_LOSS}"

SLIPS: tuple[Slip, ...] = (
    Slip("sign-lost", "the sign lost",
         "the minus sign of −log σ(δ) was dropped, so the gradient points uphill",
         "∇ℓ = −β E[σ(−δ)(∇log π(y_w|x) − ∇log π(y_l|x))]", "∇ℓ = +β E[σ(−δ)(∇log π(y_w|x) − ∇log π(y_l|x))]",
         "the loss is −log σ(δ): keep the leading minus of (2), ∇ℓ = −β E[σ(−δ)(…)]",
         code_fix=_FIX_LOSS, symbolic=(m.negate,), numeric=({"scale": -1.0},), step="gradient-log-form",
         notes="with the scores' difference written y_l before y_w, the numbers are the same"),
    Slip("sigma-prime-twice", "σ′ counted twice",
         "after σ′(δ)/σ(δ) had already become 1 − σ(δ), the factor 1 − σ(δ) was multiplied in again",
         "σ′(δ)/σ(δ) = 1 − σ(δ) = σ(−δ)", "σ′(δ)(1 − σ(δ))/σ(δ) = σ(−δ)²",
         "d/dδ(−log σ(δ)) = −σ′(δ)/σ(δ) = −σ(−δ): σ′ appears once",
         code_fix="the weight is sigmoid(-delta), once", symbolic=(m.square_sigma, m.square_sigma_factor, m.multiply_sigma_prime),
         numeric=({"weight": "sigma(-z)^2"},), step="gradient-log-form"),
    Slip("log-derivative-dropped", "σ′ without the 1/σ",
         "σ′(δ) = σ(δ)σ(−δ) was used where d log σ(δ)/dδ = σ′(δ)/σ(δ) belongs",
         "d/dδ log σ(δ) = σ′(δ)/σ(δ) = σ(−δ)", "d/dδ log σ(δ) = σ′(δ) = σ(δ)σ(−δ)",
         "the derivative of log u is u′/u: divide σ′(δ) by σ(δ), which leaves σ(−δ)",
         code_fix="d loss/d delta is -sigmoid(-delta), not -sigmoid(delta)*sigmoid(-delta)",
         symbolic=(m.sigma_prime_for_sigma, m.multiply_by_sigma), numeric=({"weight": "sigma(z)sigma(-z)"},),
         step="gradient-log-form", same_numbers_as=("missing-log",)),
    Slip("sigma-of-delta", "σ(δ) for σ(−δ)",
         "σ(δ) was written where 1 − σ(δ) = σ(−δ) belongs, so the weight grows as the pair is ranked right",
         "1 − σ(δ) = σ(−δ)", "1 − σ(δ) = σ(δ)",
         "1 − σ(z) = σ(−z): the weight of a pair is σ(−δ), large when the pair is ranked wrongly",
         code_fix="d loss/d policy_chosen = -beta * sigmoid(-delta); d loss/d policy_rejected = +beta * sigmoid(-delta)",
         symbolic=(m.flip_sigma,), numeric=({"weight": "sigma(z)"},), step="gradient-log-form",
         same_numbers_as=("logistic-as-sigma",)),
    Slip("dropped-beta", "β dropped",
         "the factor β of the margin was lost (in ∇δ, or in δ itself)",
         "∇δ = β(∇log π(y_w|x) − ∇log π(y_l|x))", "∇δ = ∇log π(y_w|x) − ∇log π(y_l|x)",
         "δ carries β in both log-ratios, so ∇δ does too: ∇ℓ = −β E[σ(−δ)(…)]",
         code_fix=f"scale the margin by beta: {_FIX_DELTA}", symbolic=(m.divide_by_beta,),
         numeric=({"grad_coef": _B}, {"coef": _B}), step="gradient-log-form"),
    Slip("beta-twice", "β applied twice",
         "β was multiplied in a second time (β² in the margin, or β again in front of ∇δ)",
         "∇ℓ = −β E[σ(−δ)(…)]", "∇ℓ = −β² E[σ(−δ)(…)]",
         "β enters once, through δ; ∇δ brings it down once",
         code_fix=f"apply beta once: {_FIX_DELTA}", symbolic=(m.multiply_by_beta, m.beta_in_sigma),
         numeric=({"grad_coef": _B2}, {"coef": _B2}), step="gradient-log-form"),
    Slip("winner-loser-swapped", "winner and loser swapped",
         "y_w and y_l were exchanged, so the loss is −log σ(−δ) and its weight σ(δ)",
         "δ = r̂(x, y_w) − r̂(x, y_l)", "δ = r̂(x, y_l) − r̂(x, y_w)",
         "the preferred response y_w comes first in δ and gets the −β σ(−δ) ∇log π term",
         code_fix=f"pass the chosen (preferred) log-probs first; {_FIX_LOSS}",
         symbolic=(m.swap_responses,), numeric=({"coef": ((-1.0, 1), (1.0, 1), (1.0, 1), (-1.0, 1))},),
         step="gradient-log-form"),
    Slip("grad-pi-for-grad-log-pi", "∇π for ∇log π",
         "∇π(y|x) was written where ∇log π(y|x) = ∇π(y|x)/π(y|x) belongs",
         "∇log π(y|x) = ∇π(y|x)/π(y|x)", "∇log π(y|x) = ∇π(y|x)",
         "∇log π = ∇π/π: divide by π, i.e. use the score ∇log π",
         symbolic=(m.grad_prob_for_grad_log,), numeric=({"score": "prob"},), step="gradient-log-form"),
    Slip("grad-u-twice", "∇δ counted twice",
         "the chain rule was applied twice, multiplying by ∇δ a second time",
         "∇ℓ = −σ(−δ)∇δ", "∇ℓ = −σ(−δ)(∇δ)²",
         "the chain rule brings down ∇δ once: ∇ℓ = −σ(−δ)∇δ",
         symbolic=(m.chain_rule_twice,), step="gradient"),
    Slip("logistic-as-sigma", "1/(1+eᵗ) read as σ(t)",
         "1/(1 + e^t) was written σ(t); it is σ(−t), since σ(t) = 1/(1 + e^(−t))",
         "1/(1 + e^t) = σ(−t)", "1/(1 + e^t) = σ(t)",
         "σ(t) = 1/(1 + e^(−t)), so 1/(1 + e^t) = σ(−t)",
         symbolic=(m.logistic_as_sigma,), step="logistic", same_numbers_as=("sigma-of-delta",)),
    Slip("missing-log", "the log missing",
         "the loss was written −σ(δ), without the log of −log σ(δ)",
         "ℓ_DPO = −E[log σ(δ)]", "ℓ_DPO = −E[σ(δ)]",
         "the DPO loss is the negative log-likelihood of the Bradley–Terry model: −log σ(δ)",
         code_fix=_FIX_LOSS, symbolic=(m.drop_log, m.drop_log_of_ratio), numeric=({"link": "sigmoid"},),
         same_numbers_as=("log-derivative-dropped",)),
    Slip("pi-for-pi-theta", "π for π_θ",
         "a π(y|x) that does not depend on θ (π_ref or π*) was written where π_θ(y|x) belongs",
         "∇log π_θ(y|x)", "∇log π_ref(y|x) = 0",
         "only π_θ depends on θ; π_ref and π* have zero gradient",
         symbolic=(m.policy_to_reference,)),
    Slip("y-for-y-l", "y for y_l",
         "a response was written as a plain y where y_l (or y_w) is meant",
         "π_θ(y_l|x)", "π_θ(y|x)", "name the response: y_w for the preferred one, y_l for the other",
         symbolic=(m.rename_to_y,)),
    Slip("reference-missing", "the reference term missing",
         "the reference log-probabilities were left out of the margin",
         "δ = β log π_θ(y_w|x)/π_ref(y_w|x) − β log π_θ(y_l|x)/π_ref(y_l|x)",
         "δ = β log π_θ(y_w|x) − β log π_θ(y_l|x)",
         "δ is a difference of log-ratios to the reference: subtract log π_ref",
         code_fix=f"subtract the reference log-probs: {_FIX_DELTA}", symbolic=(m.drop_reference,),
         numeric=({"coef": ((1.0, 1), (-1.0, 1), (0.0, 0), (0.0, 0))},)),
    Slip("reference-without-beta", "β missing on the reference",
         "β multiplies the policy's log-ratio but not the reference's",
         "z = β((log π(y_w) − log π_ref(y_w)) − (log π(y_l) − log π_ref(y_l)))",
         "z = β(log π(y_w) − log π(y_l)) − (log π_ref(y_w) − log π_ref(y_l))",
         "multiply the whole difference of log-ratios by β",
         code_fix=f"multiply the whole difference of log-ratios by beta: {_FIX_DELTA}",
         numeric=({"coef": ((1.0, 1), (-1.0, 1), (-1.0, 0), (1.0, 0))},)),
    Slip("reference-added", "the reference added",
         "the reference log-probs were added, not subtracted (or the reference's chosen and rejected swapped)",
         "log π(y|x) − log π_ref(y|x)", "log π(y|x) + log π_ref(y|x)",
         "a log-ratio is policy minus reference", code_fix=f"a log-ratio is policy minus reference: {_FIX_DELTA}",
         numeric=({"coef": ((1.0, 1), (-1.0, 1), (1.0, 1), (-1.0, 1))},)),
    Slip("policy-swapped", "the policy's winner and loser swapped",
         "the policy's chosen and rejected log-probs were exchanged while the reference's stayed in place",
         "log π(y_w) − log π(y_l)", "log π(y_l) − log π(y_w)",
         "keep chosen and rejected in the same order for the policy and the reference",
         code_fix=_FIX_DELTA, symbolic=(m.swap_policies,),
         numeric=({"coef": ((-1.0, 1), (1.0, 1), (-1.0, 1), (1.0, 1))},)),
    Slip("divided-by-pairs", "divided by the number of pairs",
         "the per-pair gradients were divided by the batch size: the gradient of the mean, returned per pair",
         "∂ℓ_i/∂log π(y_w) = −β σ(−δ_i)", "∂ℓ_i/∂log π(y_w) = −β σ(−δ_i)/n",
         "return each pair's own gradient; the mean's gradient is for a scalar loss",
         code_fix="return the per-pair gradients (no division by the batch size)",
         numeric=({"divide_by_pairs": True},)),
)

BY_ID = {s.id: s for s in SLIPS}


def slip(slip_id: str) -> Slip:
    """The slip with this id; KeyError names the known ones."""
    try:
        return BY_ID[slip_id]
    except KeyError:
        raise KeyError(f"no slip {slip_id!r}; known: {', '.join(BY_ID)}") from None


def with_numeric_forms(on_log_probs: bool | None = None, has_loss: bool | None = None):
    """(slip, form) for every numeric form, optionally only those on log-probs / with a loss."""
    out = []
    for s in SLIPS:
        for f in s.forms():
            if on_log_probs is not None and f.on_log_probs != on_log_probs:
                continue
            if has_loss is not None and f.has_loss != has_loss:
                continue
            out.append((s, f))
    return out
