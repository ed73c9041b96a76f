r"""The DPO loss per pair as a small parametric form, so that every slip is a few edited fields.

In the four log-probabilities a trainer passes, $x = (\log\pi(y_w|x), \log\pi(y_l|x),
\log\pi_{ref}(y_w|x), \log\pi_{ref}(y_l|x))$, the correct loss (1) is

$$\ell = s_c\,\mathrm{softplus}(-s\,z),\quad z = \sum_k c_k(\beta)\,x_k,\quad c = (\beta, -\beta, -\beta, \beta),$$

with $s_c = s = 1$, and its gradient (2)+(b) is $\partial\ell/\partial x_k = -s_c\,s\,\sigma(-s z)\,c_k$.
A slip changes a field: the coefficients of the margin (β dropped, reference added, winner and
loser swapped), the sign, the link ($-\sigma(z)$ for $-\log\sigma(z)$: the log missing), the weight
in a hand-written backward ($\sigma(z)$ for $\sigma(-z)$), the factor the chain rule brings down
(`grad_coef`), ∇π for ∇log π (`score`), or a division by the number of pairs.
Everything here is an explicit formula: never autograd.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

Coefficient = tuple[float, int]  # (m, p): the coefficient m * beta**p

DPO_COEF: tuple[Coefficient, ...] = ((1.0, 1), (-1.0, 1), (-1.0, 1), (1.0, 1))


def _sigma_sigma(z):
    return torch.sigmoid(z) * torch.sigmoid(-z)


#: d/dz of the link at z, as the (positive) weight it puts on a pair: name -> w(z).
WEIGHTS = {
    "sigma(-z)": lambda z: torch.sigmoid(-z),           # d/dz softplus(-z) = -sigma(-z): the right weight
    "sigma(z)": torch.sigmoid,                           # sigma(delta) where sigma(-delta) belongs
    "sigma(z)sigma(-z)": _sigma_sigma,                   # sigma'(delta): the 1/sigma of d log sigma lost
    "sigma(-z)^2": lambda z: torch.sigmoid(-z) ** 2,     # (1 - sigma) taken twice
}


@dataclass(frozen=True)
class DPOForm:
    r"""$\ell = s_c\,\mathrm{softplus}(-s z)$ (link "logsigmoid") or $-s_c\,\sigma(s z)$ (link "sigmoid")."""

    coef: tuple[Coefficient, ...] = DPO_COEF
    sign: int = 1
    scale: float = 1.0
    link: str = "logsigmoid"
    weight: str | None = None            # a backward's own weight, in place of the link's derivative
    grad_coef: tuple[Coefficient, ...] | None = None  # the factor the chain rule brings down (None: coef)
    score: str = "log"                   # "prob": grad pi where grad log pi belongs
    divide_by_pairs: bool = False        # the backward of the mean, returned as per-pair gradients

    @property
    def has_loss(self) -> bool:
        """False for a wrong backward that no loss has (its gradient is not a derivative)."""
        return self.weight is None and self.grad_coef is None and not self.divide_by_pairs \
            and self.score == "log"

    @property
    def on_log_probs(self) -> bool:
        """True when the form can be evaluated on the four log-probs (∇π needs the policy itself)."""
        return self.score == "log"

    def coefficients(self, beta: float, which: tuple[Coefficient, ...] | None = None) -> tuple[float, ...]:
        return tuple(m * beta ** p for m, p in (which or self.coef))

    def z(self, inputs, beta: float) -> torch.Tensor:
        r"""$z = \sum_k c_k x_k$ in float64."""
        return sum(c * x.to(torch.float64) for c, x in zip(self.coefficients(beta), inputs))

    def value(self, inputs, beta: float) -> torch.Tensor:
        r"""Per pair, eq. (1) as this form writes it; stable: softplus, never log(sigmoid(.))."""
        z = self.z(inputs, beta)
        if self.link == "sigmoid":
            return -self.scale * torch.sigmoid(self.sign * z)
        return self.scale * F.softplus(-self.sign * z)

    def outer(self, z: torch.Tensor) -> torch.Tensor:
        r"""$d\ell/dz$: $-s_c s\,\sigma(-s z)$ for the right link (eq. (2)'s $-\sigma(-\delta)$)."""
        if self.weight is not None:
            return -self.scale * self.sign * WEIGHTS[self.weight](self.sign * z)
        if self.link == "sigmoid":
            return -self.scale * self.sign * _sigma_sigma(self.sign * z)
        return -self.scale * self.sign * torch.sigmoid(-self.sign * z)

    def pair_factors(self, inputs, beta: float) -> tuple[torch.Tensor, ...]:
        r"""$\partial\ell/\partial x_k$ per pair, $k$ over the four inputs: (2) with (b), $w\,c_k$."""
        w = self.outer(self.z(inputs, beta))
        if self.divide_by_pairs:
            w = w / w.numel()
        return tuple(w * c for c in self.coefficients(beta, self.grad_coef))

    def grads(self, inputs, beta: float) -> tuple[torch.Tensor, ...]:
        """The gradients in the four log-prob inputs; ValueError where the form needs the policy."""
        if not self.on_log_probs:
            raise ValueError("this form uses grad pi, which the log-probs alone do not determine")
        return self.pair_factors(inputs, beta)


#: The correct DPO loss.
DPO = DPOForm()
