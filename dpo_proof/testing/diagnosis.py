r"""Known bugs in DPO code, each as an explicit formula, so a failure can name its likely cause.

A loss bug computes $-s\log\sigma(s z)$ (times `scale`) for a wrong $z = a_w\log\pi(y_w) +
a_l\log\pi(y_l) + b_w\log\pi_{ref}(y_w) + b_l\log\pi_{ref}(y_l)$; its value and its gradient
$\partial/\partial x = -\mathrm{scale}\,s\,\sigma(-s z)\,\partial z/\partial x$ are written out,
not differentiated by autograd. A gradient bug is a wrong hand-written backward. When an
implementation fails, the first bug that reproduces its numbers is named with its fix.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch
import torch.nn.functional as F

from ..numeric import dpo


@dataclass(frozen=True)
class KnownBug:
    """A wrong DPO formula: what it computes per pair, why people write it, and the fix."""

    name: str
    cause: str
    fix: str
    coef: Callable[[float], tuple[float, float, float, float]]   # beta -> (a_w, a_l, b_w, b_l)
    sign: int = 1      # s: the loss is -scale * log sigma(s z)
    scale: float = 1.0

    def z(self, inputs, beta):
        a = self.coef(beta)
        return sum(c * x.to(torch.float64) for c, x in zip(a, inputs))

    def value(self, inputs, beta) -> torch.Tensor:
        r"""$-\mathrm{scale}\log\sigma(s z) = \mathrm{scale}\cdot\mathrm{softplus}(-s z)$ per pair, stably."""
        return self.scale * F.softplus(-self.sign * self.z(inputs, beta))

    def grads(self, inputs, beta) -> tuple[torch.Tensor, ...]:
        r"""$\partial/\partial x_k = -\mathrm{scale}\,s\,\sigma(-s z)\,a_k$ in the four inputs."""
        w = -self.scale * self.sign * torch.sigmoid(-self.sign * self.z(inputs, beta))
        return tuple(w * c for c in self.coef(beta))


@dataclass(frozen=True)
class GradientBug:
    """A wrong hand-written backward: (d/d chosen, d/d rejected) per pair as a function of delta."""

    name: str
    cause: str
    fix: str
    grads_fn: Callable[[torch.Tensor, float, int], tuple[torch.Tensor, torch.Tensor]]

    def grads(self, inputs, beta):
        d = dpo.delta(*(x.to(torch.float64) for x in inputs), beta)
        return self.grads_fn(d, beta, d.numel())


_FIX_DELTA = "delta = beta * ((policy_chosen - reference_chosen) - (policy_rejected - reference_rejected))"
_FIX_LOSS = "loss = -F.logsigmoid(delta), i.e. F.softplus(-delta)"

LOSS_BUGS: tuple[KnownBug, ...] = (
    KnownBug("swapped", "the loss is -log sigma(-delta), whose weight is sigma(delta), not sigma(-delta): "
             "winner and loser swapped?",
             f"pass the chosen (preferred) log-probs first; {_FIX_LOSS}", lambda b: (b, -b, -b, b), sign=-1),
    KnownBug("reference-without-beta", "beta is missing on the reference log-ratio: "
             "z = beta*(pi_w - pi_l) - (ref_w - ref_l)",
             f"multiply the whole difference of log-ratios by beta: {_FIX_DELTA}", lambda b: (b, -b, -1.0, 1.0)),
    KnownBug("no-reference", "the reference term is missing: z = beta*(log pi(y_w) - log pi(y_l))",
             f"subtract the reference log-probs: {_FIX_DELTA}", lambda b: (b, -b, 0.0, 0.0)),
    KnownBug("no-beta", "beta is missing: z = (pi_w - ref_w) - (pi_l - ref_l), without beta",
             f"scale the margin by beta: {_FIX_DELTA}", lambda b: (1.0, -1.0, -1.0, 1.0)),
    KnownBug("beta-twice", "beta is applied twice: z = beta^2 * margin",
             f"apply beta once: {_FIX_DELTA}", lambda b: (b * b, -b * b, -b * b, b * b)),
    KnownBug("reference-added", "the reference log-probs are added, not subtracted "
             "(or reference chosen and rejected swapped)",
             f"a log-ratio is policy minus reference: {_FIX_DELTA}", lambda b: (b, -b, b, -b)),
    KnownBug("policy-swapped", "the policy's chosen and rejected log-probs are swapped "
             "(the reference's are in the right order)",
             f"{_FIX_DELTA}", lambda b: (-b, b, -b, b)),
    KnownBug("sign-flipped", "the sign is flipped: the loss is log sigma(delta), which gradient descent "
             "would make worse", _FIX_LOSS, lambda b: (b, -b, -b, b), scale=-1.0),
)


def _pair(g):
    return -g, g


GRADIENT_BUGS: tuple[GradientBug, ...] = (
    GradientBug("sigma-delta-weight", "the weight looks like sigma(delta), not sigma(-delta): "
                "winner and loser swapped?",
                "d loss/d policy_chosen = -beta * sigmoid(-delta); d loss/d policy_rejected = +beta * sigmoid(-delta)",
                lambda d, b, n: _pair(b * torch.sigmoid(d))),
    GradientBug("no-beta", "beta is missing: the gradient is -sigma(-delta), not -beta*sigma(-delta)",
                "multiply by beta: d loss/d policy_chosen = -beta * sigmoid(-delta)",
                lambda d, b, n: _pair(torch.sigmoid(-d))),
    GradientBug("sign-flipped", "the sign is flipped (the gradient of log sigma(delta), "
                "or the two gradients returned in the order (rejected, chosen)?)",
                "return (d/d chosen, d/d rejected) = (-beta*sigmoid(-delta), +beta*sigmoid(-delta))",
                lambda d, b, n: _pair(-b * torch.sigmoid(-d))),
    GradientBug("sigma-prime-twice", "sigma' is counted twice: the weight is sigma(delta)*sigma(-delta)",
                "d/d delta of -log sigma(delta) is -sigma(-delta): sigma' is already divided by sigma",
                lambda d, b, n: _pair(b * torch.sigmoid(d) * torch.sigmoid(-d))),
    GradientBug("divided-by-pairs", "the gradients are divided by the number of pairs: "
                "the gradient of the mean loss, not of each pair's loss",
                "return the per-pair gradients (no division by the batch size)",
                lambda d, b, n: _pair(b * torch.sigmoid(-d) / n)),
)
