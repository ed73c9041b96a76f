"""The DPO quantities on log-probabilities, from explicit stable formulas (no autograd).

Inputs follow the signature preference trainers use: per-pair summed log-probabilities of the
chosen (y_w) and rejected (y_l) responses under the policy and the frozen reference.
Everything is float64 unless the inputs say otherwise, and finite for |delta| up to 1000.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F


def margin(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps):
    r"""$m = \log\frac{\pi(y_w|x)}{\pi_{ref}(y_w|x)} - \log\frac{\pi(y_l|x)}{\pi_{ref}(y_l|x)}$"""
    return (policy_chosen_logps - reference_chosen_logps) - (policy_rejected_logps - reference_rejected_logps)


def delta(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps, beta):
    r"""$\delta = \beta \log\frac{\pi(y_w|x)}{\pi_{ref}(y_w|x)} - \beta \log\frac{\pi(y_l|x)}{\pi_{ref}(y_l|x)}$"""
    return beta * margin(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps)


def loss_per_pair(delta_):
    r"""$-\log\sigma(\delta) = \mathrm{softplus}(-\delta)$, eq. (1) per pair; never log(sigmoid(.))."""
    return -F.logsigmoid(delta_)


def loss(delta_):
    r"""$\ell_{DPO} = -\mathbb{E}[\log\sigma(\delta)]$, eq. (1), the mean over pairs."""
    return loss_per_pair(delta_).mean()


def weight(delta_):
    r"""$\sigma(-\delta) = 1 - \sigma(\delta)$: how wrongly the implicit reward ranks the pair."""
    return torch.sigmoid(-delta_)


def dloss_ddelta(delta_):
    r"""$\frac{d}{d\delta}(-\log\sigma(\delta)) = -\sigma(-\delta)$, the outer factor of eq. (2)."""
    return -weight(delta_)


def grad_logps(delta_, beta):
    r"""Gradient of the per-pair loss in the four log-probs, eq. (2) with (b):

    $\partial/\partial\log\pi(y_w) = -\beta\sigma(-\delta)$, $\partial/\partial\log\pi(y_l) = +\beta\sigma(-\delta)$,
    and the reference terms with the opposite signs. Returns (chosen, rejected, ref_chosen, ref_rejected).
    """
    g = beta * weight(delta_)
    return -g, g, g, -g


def closed_form_gradient(score_chosen, score_rejected, delta_, beta):
    r"""$\nabla\ell_{DPO} = -\beta\,\mathbb{E}[\sigma(-\delta)(\nabla\log\pi(y_w|x) - \nabla\log\pi(y_l|x))]$, eq. (2).

    `score_*` hold the score functions, one row per pair: shape (pairs, *param_shape).
    """
    return per_pair_gradient(score_chosen, score_rejected, delta_, beta).mean(dim=0)


def per_pair_gradient(score_chosen, score_rejected, delta_, beta):
    r"""The summand of eq. (2), $-\beta\sigma(-\delta_i)(s_w^{(i)} - s_l^{(i)})$, one row per pair."""
    w = weight(delta_).reshape((-1,) + (1,) * (score_chosen.dim() - 1))
    return -beta * (w * (score_chosen - score_rejected))
