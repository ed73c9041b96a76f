"""Buggy DPO losses seen in public code. `dpo-proof check-loss` rejects each and names the bug:

    dpo-proof check-loss docs/examples/losses/buggy.py:reference_without_beta --beta 0.1
"""
import torch
import torch.nn.functional as F

BETA = 0.1


def swapped(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps, beta=BETA):
    """Winner and loser swapped: -log sigma(-delta), whose gradient weight is sigma(delta)."""
    delta = beta * ((policy_rejected_logps - reference_rejected_logps) - (policy_chosen_logps - reference_chosen_logps))
    return -F.logsigmoid(delta)


def reference_without_beta(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
                           reference_rejected_logps, beta=BETA):
    """z = beta (pi_w - pi_l) - (ref_w - ref_l): beta forgotten on the reference log-ratio."""
    z = beta * (policy_chosen_logps - policy_rejected_logps) - (reference_chosen_logps - reference_rejected_logps)
    return -F.logsigmoid(z).mean()


def no_reference(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                 beta=BETA):
    """The reference term left out."""
    return -F.logsigmoid(beta * (policy_chosen_logps - policy_rejected_logps))


def log_sigmoid(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                beta=BETA):
    """-log(sigmoid(delta)): right on paper, inf and nan at large margins."""
    delta = beta * ((policy_chosen_logps - reference_chosen_logps) - (policy_rejected_logps - reference_rejected_logps))
    return -torch.log(torch.sigmoid(delta))


def no_beta(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps):
    """beta dropped altogether."""
    return -F.logsigmoid((policy_chosen_logps - reference_chosen_logps)
                         - (policy_rejected_logps - reference_rejected_logps)).mean()
