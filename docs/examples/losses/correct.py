"""Correct DPO losses, in the shapes preference trainers write them. `dpo-proof check-loss` accepts each:

    dpo-proof check-loss docs/examples/losses/correct.py:dpo_loss --beta 0.1
"""
import torch
import torch.nn.functional as F

BETA = 0.1


def _delta(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps, beta):
    chosen_logratios = policy_chosen_logps - reference_chosen_logps
    rejected_logratios = policy_rejected_logps - reference_rejected_logps
    return beta * (chosen_logratios - rejected_logratios)


def dpo_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
             beta=BETA):
    """Per-pair losses -log sigma(delta), shape (pairs,)."""
    delta = _delta(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps, beta)
    return -F.logsigmoid(delta)


def dpo_loss_mean(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps):
    """The mean over pairs, with beta fixed inside (no beta parameter)."""
    delta = _delta(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps, BETA)
    return -F.logsigmoid(delta).mean()


def dpo_loss_sum(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                 beta=BETA):
    """The sum over pairs."""
    delta = _delta(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps, beta)
    return -F.logsigmoid(delta).sum()


def dpo_loss_tuple(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                   beta=BETA):
    """(losses, chosen_rewards, rejected_rewards), as TRL's DPOTrainer.dpo_loss returns them."""
    pi_logratios = policy_chosen_logps - policy_rejected_logps
    ref_logratios = reference_chosen_logps - reference_rejected_logps
    losses = -F.logsigmoid(beta * (pi_logratios - ref_logratios))
    chosen_rewards = beta * (policy_chosen_logps - reference_chosen_logps).detach()
    rejected_rewards = beta * (policy_rejected_logps - reference_rejected_logps).detach()
    return losses, chosen_rewards, rejected_rewards


def dpo_loss_softplus(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                      beta=BETA):
    """softplus(-delta) = -log sigma(delta), averaged."""
    delta = _delta(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps, beta)
    return F.softplus(-delta).mean()


def dpo_loss_frozen_reference(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
                              reference_rejected_logps, beta=BETA):
    """Detaches the reference (it is frozen): accepted; only the policy gradients are compared."""
    ref = (reference_chosen_logps - reference_rejected_logps).detach()
    return -F.logsigmoid(beta * ((policy_chosen_logps - policy_rejected_logps) - ref))
