r"""The preference-loss family, each loss defined once: sympy form, torch form, closed-form gradient.

Every loss is a per-pair function $\ell(a, b)$ of the chosen and rejected log-ratios
$a = \log\pi_\theta(y_w|x) - \log\pi_{ref}(y_w|x)$, $b = \log\pi_\theta(y_l|x) - \log\pi_{ref}(y_l|x)$
(`inputs = "log-ratios"`), or of the policy's log-probs alone for reference-free losses
(`inputs = "policy-logps"`); `base.py` says what each field of a `Loss` means. By group:

- `margin.py`: functions of $\beta(a - b)$ alone (sigmoid = DPO, cdpo, robust, ipo, hinge, exo_pair, discopop);
- `anchored.py`: the two log-ratios apart (nca_pair, bco_pair, sppo_hard, apo_zero, apo_down);
- `f_divergence.py`: f-DPO, DPO with another f-divergence (fdpo_js, fdpo_forward_kl, fdpo_alpha), also apart;
- `reference_free.py`: no reference model (simpo, orpo, alphapo, simpo_hinge).

The gradient in θ follows: $\nabla\ell = \partial_a\ell\,\nabla\log\pi_\theta(y_w|x) + \partial_b\ell\,\nabla\log\pi_\theta(y_l|x)$.
Names are TRL's `loss_type` where one exists. sympy and torch are imported on use.
"""
from __future__ import annotations

from . import anchored, f_divergence, margin, reference_free
from .base import Loss, Shape

__all__ = ["LOSSES", "BY_NAME", "Loss", "Shape", "loss", "names"]

LOSSES: tuple[Loss, ...] = margin.LOSSES + anchored.LOSSES + f_divergence.LOSSES + reference_free.LOSSES

BY_NAME = {loss.name: loss for loss in LOSSES} | {alias: loss for loss in LOSSES for alias in loss.aliases}


def loss(name: str) -> Loss:
    """The catalogue loss called `name` (or an alias); KeyError names the known ones."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"no loss {name!r}; known: {', '.join(names())}") from None


def names() -> list[str]:
    """Every loss's name, in catalogue order."""
    return [x.name for x in LOSSES]
