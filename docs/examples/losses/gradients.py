"""Hand-written backward passes: d(per-pair loss)/d(policy chosen, rejected log-probs).

    from dpo_proof.testing import assert_dpo_gradient
    assert_dpo_gradient(dpo_grad, beta=0.1)
"""
import torch

BETA = 0.1


def _delta(pc, pr, rc, rr, beta):
    return beta * ((pc - rc) - (pr - rr))


def dpo_grad(pc, pr, rc, rr, beta=BETA):
    r"""Correct, eq. (2) with (b): $(-\beta\sigma(-\delta), +\beta\sigma(-\delta))$."""
    w = torch.sigmoid(-_delta(pc, pr, rc, rr, beta))
    return -beta * w, beta * w


def sigma_delta_weight(pc, pr, rc, rr, beta=BETA):
    """Bug: the weight sigma(delta) where sigma(-delta) belongs."""
    w = torch.sigmoid(_delta(pc, pr, rc, rr, beta))
    return -beta * w, beta * w


def missing_beta(pc, pr, rc, rr, beta=BETA):
    """Bug: the chain-rule factor beta of (b) dropped."""
    w = torch.sigmoid(-_delta(pc, pr, rc, rr, beta))
    return -w, w


def hand_sigmoid(pc, pr, rc, rr, beta=BETA):
    """Bug: sigma(-delta) as exp(-delta)/(1 + exp(-delta)): nan at delta = -1000."""
    e = torch.exp(-_delta(pc, pr, rc, rr, beta))
    w = e / (1 + e)
    return -beta * w, beta * w
