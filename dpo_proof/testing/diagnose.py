"""One cause per report: why an implementation differs from the loss it was checked against.

The cause is decided once, from the ordinary probe, and every failing check of the report
states that same cause:

1. checked against DPO, a catalogued slip (catalogue.slips) whose numeric form reproduces the
   value and the gradients there (or, when the value is right, the gradients of a wrong
   backward);
2. else the catalogue loss it is (identify.py): "this is IPO with β = 0.1", with the evidence, and
   a fix that keeps its family (check it as what it is, or set the parameter);
3. else why no per-pair loss can describe it (a batch-level or stateful loss);
4. else nothing known: "no known bug reproduces these numbers".

A failure only at extreme margins has its own single cause: an unstable formula.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..catalogue.slips import CORRECT_CODE, with_numeric_forms
from .compare import match
from .expect import Hypothesis, show_params
from .identify import identify, not_per_pair


@dataclass(frozen=True)
class Cause:
    """What the numbers say the implementation does, and the one line that fixes it."""

    sentence: str
    fix: str
    slip: str | None = None
    identified: Hypothesis | None = None
    aggregation: str = "sum"

    def fields(self) -> dict:
        out = {"likely_cause": self.sentence}
        if self.slip:
            out["slip"] = self.slip
        return out


def slip_cause(slip) -> Cause:
    return Cause(slip.sentence(), slip.code_fix or slip.advice, slip=slip.id)


UNSTABLE_DPO = Cause("an unstable formula: -log(sigmoid(delta)), log(1 + exp(-delta)) or a hand-written sigmoid "
                     "overflows or rounds to 0 at large |delta|",
                     "use -F.logsigmoid(delta) or F.softplus(-delta), finite for every delta")
UNSTABLE = Cause("an unstable formula: exp overflows, or a log of a probability that rounds to 0, at large margins",
                 "compute it with stable forms (F.logsigmoid, F.softplus, torch.log1p) that stay finite at every margin")


def unstable_cause(target: Hypothesis) -> Cause:
    return UNSTABLE_DPO if target.is_dpo else UNSTABLE


def _slip(obs, target: Hypothesis, tol, first) -> Cause | None:
    """A slip whose form reproduces the numbers: loss slips on value and gradients; wrong
    backwards on the gradients alone when the value is right."""
    beta = target.params["beta"]
    forms = with_numeric_forms(on_log_probs=True)
    for slip, form in sorted(forms, key=lambda sf: not sf[1].has_loss):
        if not form.has_loss and not first.value_ok:
            continue
        found = match(obs, Hypothesis(None, form=form, beta=beta), tol, reductions=(first.reduction,), early=True,
                      likely=False)
        if found.grads_ok and (found.value_ok or not form.has_loss):
            return slip_cause(slip)
    return None


def _check_as(hyp: Hypothesis, aggregation: str) -> str:
    """The flags (and the Python arguments) that check an implementation as `hyp`."""
    flags = f"--loss {hyp.loss.name}" + "".join(f" --param {k}={v:.6g}" for k, v in hyp.params.items())
    python = f"loss={hyp.loss.name!r}, params={{{', '.join(f'{k!r}: {v:.6g}' for k, v in hyp.params.items())}}}"
    if hyp.reference_free and hyp.loss.inputs == "log-ratios":
        flags, python = flags + " --reference-free", python + ", reference_free=True"
    if aggregation == "mean":
        flags, python = flags + " --tokens T --average-tokens", python + ", tokens=T, average_tokens=True"
    return f"{flags} (from Python: {python})"


def identified_cause(hyp: Hypothesis, found, obs, target: Hypothesis) -> Cause:
    """'it is X (not Y)' with the evidence; the fix keeps the family it found."""
    on = " on length-averaged log-probs" if obs.aggregation == "mean" else ""
    how = {"per-pair": "per pair", "mean": "as the mean over pairs", "sum": "as the sum over pairs"}[found.reduction]
    error = found.agreement()
    evidence = (f"value and gradients at {obs.probe.pairs} pairs agree with it {how} "
                + (f"to {error:.1g} (relative)" if error else "exactly")
                + (f", consistent with {found.precision} arithmetic" if found.precision else ""))
    same_family = hyp.loss is target.loss and hyp.reference_free == target.reference_free and not hyp.negated \
        and not hyp.nll
    if same_family and on == "":
        changed = {k: v for k, v in hyp.params.items() if v != target.params.get(k)}
        sentence = f"it is {hyp.describe()}{on}, not {show_params(target.params)}: {evidence}"
        fix = (f"if {show_params(changed)} is what you use, check with those values "
               f"({_check_as(hyp, obs.aggregation)}); otherwise set {show_params(target.params)} where the loss reads it")
    elif hyp.negated or hyp.nll:
        sentence = f"this is {hyp.describe()}{on}, not {target.describe()}: {evidence}"
        fix = (f"if that is what you meant (a term your trainer adds or subtracts), check {hyp.loss.title} itself "
               f"where your code has it whole: {_check_as(Hypothesis(hyp.loss, hyp.params, hyp.reference_free), obs.aggregation)}")
    else:
        sentence = f"this is {hyp.describe()}{on}, not {target.describe()}: {evidence}"
        fix = f"if {hyp.describe()}{on} is what you meant, check it as that: {_check_as(hyp, obs.aggregation)}"
        if hyp.loss.implementations:
            fix += f" (note: {hyp.loss.implementations})"
    return Cause(sentence, fix, identified=hyp, aggregation=obs.aggregation)


def diagnose(observations, extremes, target: Hypothesis, first, tol, reobserve, identify_loss=True,
             reference_free_by_design: bool = False) -> Cause | None:
    """The one cause of a mismatch on the ordinary probe (see the module docstring), or None.

    `reference_free_by_design`: the loss takes no reference log-probs, or was told to ignore them
    (reference_free=True): then leaving the reference out is no slip, and it is identified instead."""
    obs = observations[0]
    if target.is_dpo and not reference_free_by_design:
        cause = _slip(obs, target, tol, first)
        if cause is not None:
            return cause
    if identify_loss and obs.probe.pairs >= 4:  # first: fitting a loss that is not per pair is meaningless
        reason = not_per_pair(reobserve, obs, tol)
        if reason:
            return Cause(reason, "a loss that is not per pair has no per-pair formula to check: check its per-pair "
                                 "part (state or batch statistics fixed), or a per-pair loss type")
    if identify_loss and all(o.equal_token_weights for o in observations):
        found = identify(observations, tol, target.params.get("beta", 1.0), extremes)
        if found is not None:
            hyp, verdict, seen = found
            return identified_cause(hyp, verdict, seen, target)
    return None


def no_cause_fix(target: Hypothesis) -> str:
    """The fix when nothing known reproduces the numbers: the target's own formula."""
    if target.is_dpo:
        return CORRECT_CODE
    try:
        return f"compute the catalogue's {target.loss.title}: {target.formula()} (a, b: the log-ratios)"
    except Exception:  # a catalogue entry without a sympy form
        return f"compare with the catalogue's {target.loss.title} ({target.loss.paper})"
