r"""What a loss should return on a probe: a catalogue loss (any of `catalogue.losses.LOSSES`,
with its hyper-parameters) or a slip's numeric DPO form, per pair, with its gradient in the four
log-probs from the catalogue's explicit formulas (never autograd), and the rounding spread that
sets each entry's tolerance.

A loss of the log-ratios $a = \log\pi(y_w) - \log\pi_{ref}(y_w)$, $b = \ldots(y_l)$ has gradient
$(\partial_a\ell, \partial_b\ell, -\partial_a\ell, -\partial_b\ell)$ in (policy chosen, policy
rejected, reference chosen, reference rejected); applied reference-free (to the policy's
log-probs alone, as `inputs = "policy-logps"` losses always are) its reference gradients are 0.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import torch

from ..catalogue.losses import Loss
from ..tolerances import rounding_spread

REDUCTIONS = ("per-pair", "mean", "sum")
_GREEK = {"beta": "β", "label_smoothing": "ε", "gamma": "γ", "tau": "τ", "alpha": "α", "lambda": "λ",
          "delta": "δ", "eta": "η"}


def reduce(values: torch.Tensor, reduction: str) -> torch.Tensor:
    """Per-pair values as a loss with this reduction returns them."""
    return values if reduction == "per-pair" else values.mean() if reduction == "mean" else values.sum()


def reduce_grads(grads, reduction: str, pairs: int):
    """Per-pair gradients -> the gradient of the reduced loss (the mean divides by the pairs)."""
    return tuple(None if g is None else g / pairs if reduction == "mean" else g for g in grads)


def show_params(params: dict) -> str:
    """'β = 0.1, ε = 0.25'."""
    return ", ".join(f"{_GREEK.get(k, k)} = {v:.6g}" for k, v in params.items())


@dataclass(frozen=True)
class Hypothesis:
    """A candidate for what an implementation computes, per pair."""

    loss: Loss | None                   # a catalogue loss, or None for a slip's DPO form
    params: dict = field(default_factory=dict)
    reference_free: bool = False        # a log-ratio loss applied to the policy's log-probs
    negated: bool = False               # the loss with its sign flipped (a term to subtract)
    form: object = None                 # catalogue.forms.DPOForm of a slip
    beta: float | None = None           # the form's beta
    nll: float = 0.0                    # plus nll * (-log pi(y_w)): an NLL term added (RPO) or removed

    @property
    def policy_only(self) -> bool:
        return self.loss is not None and (self.reference_free or self.loss.inputs != "log-ratios")

    def _ab(self, x):
        return (x[0], x[1]) if self.policy_only else (x[0] - x[2], x[1] - x[3])

    def _value_grads(self, *x):
        """(per-pair value, four gradients) from the explicit formulas, float64."""
        if self.form is not None:
            return self.form.value(x, self.beta), tuple(self.form.grads(x, self.beta))
        a, b = self._ab(x)
        value = self.loss.torch_loss(a, b, self.params)
        ga, gb = self.loss.torch_grad(a, b, self.params)
        ga, gb = ga * torch.ones_like(a), gb * torch.ones_like(b)
        grads = (ga, gb, torch.zeros_like(ga), torch.zeros_like(gb)) if self.policy_only else (ga, gb, -ga, -gb)
        if self.nll:
            value, grads = value - self.nll * x[0], (grads[0] - self.nll,) + grads[1:]
        if self.negated:
            return -value, tuple(-g for g in grads)
        return value, grads

    def values(self, inputs):
        """(value, grads) on the four inputs, float64, without the rounding spread."""
        return self._value_grads(*(t.detach().to(torch.float64) for t in inputs))

    def evaluate(self, inputs, rtol: float):
        """(value, grads, value spread, grads spread) on the four float64 inputs."""
        x = tuple(t.detach().to(torch.float64) for t in inputs)
        value, grads = self._value_grads(*x)
        spread = rounding_spread(lambda *y: (lambda v, g: (v,) + g)(*self._value_grads(*y)), x, rtol)
        return value, grads, spread[0], spread[1:]

    @property
    def is_dpo(self) -> bool:
        return self.loss is not None and self.loss.name == "sigmoid" and not self.modified

    @property
    def modified(self) -> bool:
        return self.reference_free or self.negated or bool(self.nll)

    def describe(self) -> str:
        """'IPO with β = 0.1', 'reference-free DPO with β = 0.1', 'the negative of ORPO with λ = 0.1'."""
        if self.loss is None:
            return "a known slip of DPO"
        name = ("reference-free " if self.reference_free and self.loss.inputs == "log-ratios" else "") + self.loss.title
        text = f"{name} with {show_params(self.params)}" if self.params else name
        if self.loss.describe is not None:  # how libraries spell these settings (f-DPO's alpha: alpha' = 1 - alpha)
            text += f" ({self.loss.describe(self.params)})"
        if self.nll:
            text += f" {'plus' if self.nll > 0 else 'minus'} {abs(self.nll):.6g} × NLL(y_w) = −log π(y_w|x)"
        return f"the negative of ({text})" if self.negated and self.nll else f"the negative of {text}" \
            if self.negated else text

    def formula(self) -> str:
        """The catalogue's per-pair formula in a, b (sympy's text form; sympy imported here)."""
        import sympy as sp

        a, b = sp.symbols("a b")
        return sp.sstr(self.loss.sympy_loss(a, b, {k: sp.Symbol(k) for k in self.params}))

    def as_json(self) -> dict:
        out = {"loss": self.loss.name if self.loss else None, "params": dict(self.params)}
        if self.reference_free:
            out["reference_free"] = True
        if self.negated:
            out["negated"] = True
        if self.nll:
            out["nll_weight"] = self.nll
        return out
