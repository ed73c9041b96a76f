"""Losses where trainers keep them: methods that read their hyper-parameters from `self`, and
loss modules built with constructor arguments. dpo-proof checks them where they live:

    dpo-proof check-loss docs/examples/losses/trainers.py:PreferenceTrainer.preference_loss \\
        --beta 0.1 --self beta=0.1 loss_type=sigmoid label_smoothing=0 args.tau=0.05
    dpo-proof check-loss docs/examples/losses/trainers.py:PairLoss --beta 0.1 --init beta=0.1
    dpo-proof check-loss docs/examples/losses/trainers.py:TokenTrainer.loss --beta 0.1 --tokens 6 \\
        --self beta=0.1 length_normalized=false --kw batch={}
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class PreferenceTrainer:
    """A trainer: the loss type and its hyper-parameters on self (self.args.tau nested), the four
    summed log-probs in, (losses, chosen_rewards, rejected_rewards) out, per pair."""

    def __init__(self, beta, loss_type="sigmoid", label_smoothing=0.0, tau=0.05):  # never run by the checker
        raise RuntimeError("a real trainer needs a model; the checker does not construct one")

    def rewards(self, chosen, rejected):
        return self.beta * chosen.detach(), self.beta * rejected.detach()

    def preference_loss(self, chosen_logps, rejected_logps, ref_chosen_logps, ref_rejected_logps):
        chosen, rejected = chosen_logps - ref_chosen_logps, rejected_logps - ref_rejected_logps
        z = self.beta * (chosen - rejected)
        if self.loss_type == "sigmoid":
            eps = self.label_smoothing
            losses = -(1 - eps) * F.logsigmoid(z) - eps * F.logsigmoid(-z)
        elif self.loss_type == "ipo":
            losses = (chosen - rejected - 1 / (2 * self.beta)) ** 2
        elif self.loss_type == "hinge":
            losses = F.relu(1 - z)
        elif self.loss_type == "discopop":  # the exponential term as exp(log gate - z): finite at z = -1000
            gate = torch.sigmoid(z / self.args.tau)
            losses = (1 - gate) * F.softplus(-z) + torch.exp(F.logsigmoid(z / self.args.tau) - z)
        else:
            raise ValueError(f"unknown loss_type {self.loss_type!r}")
        return (losses,) + self.rewards(chosen, rejected)

    @staticmethod
    def static_loss(chosen_logps, rejected_logps, full_target, ref_chosen_logps=None, ref_rejected_logps=None,
                    beta=0.1):
        """A fused-kernel style static loss: sum over the chunk divided by the number of pairs."""
        pairs = full_target.shape[0] // 2
        z = beta * ((chosen_logps - ref_chosen_logps) - (rejected_logps - ref_rejected_logps))
        return F.softplus(-z).sum() / pairs, beta * chosen_logps.detach(), beta * rejected_logps.detach()


class PairLoss(nn.Module):
    """A loss module: hyper-parameters in the constructor, the batch mean first in what it returns."""

    def __init__(self, beta, label_smoothing=0.0, ipo=False):
        super().__init__()
        self.beta, self.label_smoothing, self.ipo = beta, label_smoothing, ipo

    def forward(self, policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps):
        margin = (policy_chosen_logps - policy_rejected_logps) - (reference_chosen_logps - reference_rejected_logps)
        if self.ipo:
            losses = (margin - 1 / (2 * self.beta)) ** 2
        else:
            z = self.beta * margin
            losses = -F.logsigmoid(z) * (1 - self.label_smoothing) - F.logsigmoid(-z) * self.label_smoothing
        return losses.mean(), self.beta * margin.detach()


class MarginFreeLoss(nn.Module):
    """A reference-free loss module: two log-probs in (SimPO with an absolute margin gamma)."""

    def __init__(self, beta=2.0, gamma=1.0):
        super().__init__()
        self.beta, self.gamma = beta, gamma

    def forward(self, policy_chosen_logps, policy_rejected_logps):
        return F.softplus(self.gamma - self.beta * (policy_chosen_logps - policy_rejected_logps))


class PairInputsLoss(nn.Module):
    """Pairs passed as objects with .chosen_logps and .rejected_logps (as newer trainers do)."""

    def __init__(self, beta=0.1):
        super().__init__()
        self.beta = beta

    def forward(self, policy_inputs, reference_inputs):
        policy = policy_inputs.chosen_logps - policy_inputs.rejected_logps
        reference = reference_inputs.chosen_logps - reference_inputs.rejected_logps
        return -F.logsigmoid(self.beta * (policy - reference))


class TokenTrainer:
    """Token-level log-probs of shape (pairs, T), zero-padded; a batch dict first; sequence rewards
    summed over tokens, or averaged over the response's tokens when length_normalized."""

    def sequence(self, policy, reference):
        token_ratios = policy - reference
        total = token_ratios.sum(-1)
        if self.length_normalized:
            return total / (token_ratios != 0).sum(-1)
        return total

    def loss(self, batch, policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps):
        chosen = self.sequence(policy_chosen_logps, reference_chosen_logps)
        rejected = self.sequence(policy_rejected_logps, reference_rejected_logps)
        return -F.logsigmoid(self.beta * (chosen - rejected)), chosen.detach(), rejected.detach()
