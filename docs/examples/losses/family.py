"""Losses of the preference family, written the ways training libraries write them: per-pair or
reduced, bare or with rewards, hyper-parameters as keywords. None of them is DPO, and
`dpo-proof check-loss` says which loss each one is, with its hyper-parameters:

    dpo-proof check-loss docs/examples/losses/family.py:ipo_loss --beta 0.1
    (-> this is IPO with beta = 0.1 ... check it as that: --loss ipo --param beta=0.1)

Each is written from the loss's formula (see docs/losses.md), independently of the catalogue.
"""
import math

import torch
import torch.nn.functional as F


def _log_ratios(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps):
    return policy_chosen_logps - reference_chosen_logps, policy_rejected_logps - reference_rejected_logps


def cdpo_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
              beta=0.1, label_smoothing=0.25):
    """Conservative DPO: the preference label flipped with probability eps. (losses, rewards)."""
    chosen, rejected = _log_ratios(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
                                   reference_rejected_logps)
    logits = beta * (chosen - rejected)
    losses = -(1 - label_smoothing) * F.logsigmoid(logits) - label_smoothing * F.logsigmoid(-logits)
    return losses, beta * chosen.detach(), beta * rejected.detach()


def robust_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                beta=0.2, eps=0.3):
    """Robust DPO, an unbiased loss under label noise eps; the batch mean."""
    logits = beta * ((policy_chosen_logps - policy_rejected_logps) - (reference_chosen_logps - reference_rejected_logps))
    return ((-(1 - eps) * F.logsigmoid(logits) + eps * F.logsigmoid(-logits)) / (1 - 2 * eps)).mean()


def ipo_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps, beta=0.1):
    """IPO: the squared distance of the log-ratio margin from 1/(2 beta)."""
    margin = (policy_chosen_logps - reference_chosen_logps) - (policy_rejected_logps - reference_rejected_logps)
    return (margin - 1 / (2 * beta)) ** 2


def hinge_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
               beta=0.5):
    """The hinge on beta * margin (RSO's hinge-norm); summed over pairs."""
    chosen, rejected = _log_ratios(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
                                   reference_rejected_logps)
    return torch.clamp(1 - beta * (chosen - rejected), min=0).sum()


def exo_pair_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                  beta=0.1, eps=1e-3):
    """EXO: KL from the model's pair distribution softmax(beta a, beta b) to the label (1 - eps, eps)."""
    z = beta * ((policy_chosen_logps - reference_chosen_logps) - (policy_rejected_logps - reference_rejected_logps))
    p_w, p_l = torch.sigmoid(z), torch.sigmoid(-z)
    return p_w * (F.logsigmoid(z) - math.log(1 - eps)) + p_l * (F.logsigmoid(-z) - math.log(eps))


def discopop_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                  beta=0.05, tau=0.05):
    """DiscoPOP: a mixture of the logistic and the exponential loss, gated by sigma(z / tau); the
    exponential term taken as exp(log gate - z), so that 0 * inf never happens at z = -1000."""
    z = beta * ((policy_chosen_logps - reference_chosen_logps) - (policy_rejected_logps - reference_rejected_logps))
    gate = torch.sigmoid(z / tau)
    return (1 - gate) * F.softplus(-z) + torch.exp(F.logsigmoid(z / tau) - z)


def nca_pair_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                  beta=0.1):
    """Pairwise NCA: each response's reward on its own."""
    r_w = beta * (policy_chosen_logps - reference_chosen_logps)
    r_l = beta * (policy_rejected_logps - reference_rejected_logps)
    return -F.logsigmoid(r_w) - 0.5 * F.logsigmoid(-r_w) - 0.5 * F.logsigmoid(-r_l)


def bco_pair_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                  beta=0.1, shift=0.3):
    """Pairwise BCO with a fixed reward shift: the chosen reward classified up, the rejected down."""
    r_w = beta * (policy_chosen_logps - reference_chosen_logps)
    r_l = beta * (policy_rejected_logps - reference_rejected_logps)
    return F.softplus(shift - r_w) + F.softplus(r_l - shift)


def sppo_hard_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                   beta=1.0):
    """SPPO with hard labels: each log-ratio regressed onto +-1/(2 beta)."""
    chosen, rejected = _log_ratios(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
                                   reference_rejected_logps)
    return (chosen - 0.5 / beta) ** 2 + (rejected + 0.5 / beta) ** 2


def apo_zero_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                  beta=0.1):
    """APO-zero as trainers write it (plus 1): chosen likelihood up, rejected down."""
    chosen, rejected = _log_ratios(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
                                   reference_rejected_logps)
    return 1 - torch.sigmoid(beta * chosen) + torch.sigmoid(beta * rejected)


def apo_down_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                  beta=0.1):
    """APO-down as trainers write it (plus 1): both down, the rejected more."""
    chosen, rejected = _log_ratios(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
                                   reference_rejected_logps)
    return torch.sigmoid(beta * chosen) + 1 - torch.sigmoid(beta * (chosen - rejected))


def simpo_loss(policy_chosen_logps, policy_rejected_logps, beta=2.0, gamma_beta_ratio=0.5):
    """SimPO (reference-free; length-averaged log-probs upstream), margin given as gamma/beta."""
    return -F.logsigmoid(beta * (policy_chosen_logps - policy_rejected_logps - gamma_beta_ratio))


def orpo_loss(chosen_logps, rejected_logps, lam=0.1):
    """ORPO per pair: the chosen response's NLL plus lam times the odds-ratio term (mean log-probs < 0)."""
    def log_odds(logp):
        return logp - torch.log1p(-torch.exp(logp))
    return -chosen_logps - lam * F.logsigmoid(log_odds(chosen_logps) - log_odds(rejected_logps))


def fdpo_js_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                 beta=0.1):
    """f-DPO with the Jensen-Shannon divergence, as DPO's logits corrected by log(1 + u) terms: f'(u) = log(2u/(1+u))."""
    chosen, rejected = _log_ratios(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
                                   reference_rejected_logps)
    logits = (chosen - rejected) - (F.softplus(chosen) - F.softplus(rejected))
    return -F.logsigmoid(beta * logits), beta * chosen.detach(), beta * rejected.detach()


def fdpo_alpha_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                    beta=0.1, f_alpha_divergence_coef=0.3):
    """f-DPO with an alpha-divergence, parametrised by c = 1 - alpha (as TRL >= 0.29 does): u^(c-1) terms."""
    chosen, rejected = _log_ratios(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
                                   reference_rejected_logps)
    c = f_alpha_divergence_coef
    logits = (torch.exp((c - 1) * chosen) - torch.exp((c - 1) * rejected)) / (c - 1)
    return (-F.logsigmoid(beta * logits)).mean()


def fdpo_forward_kl_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                         beta=0.1):
    """f-DPO with the forward KL: the reward 1 - 1/u on each response, 1/u written as exp(-log u)."""
    inv_u_w = torch.exp(reference_chosen_logps - policy_chosen_logps)
    inv_u_l = torch.exp(reference_rejected_logps - policy_rejected_logps)
    return -F.logsigmoid(beta * ((1 - inv_u_w) - (1 - inv_u_l)))


def alphapo_loss(policy_chosen_logps, policy_rejected_logps, beta=2.0, gamma=0.5, alpha=0.4):
    """AlphaPO (reference-free; mean token log-probs upstream): SimPO on the reward (1 - p^-alpha)/alpha."""
    def reward(logps):
        return (1 - torch.exp(logps) ** -alpha) / alpha
    return -F.logsigmoid(beta * (reward(policy_chosen_logps) - reward(policy_rejected_logps)) - gamma)


def simpo_hinge_loss(policy_chosen_logps, policy_rejected_logps, beta=2.5, gamma_beta_ratio=0.5):
    """SimPO's hinge variant (reference-free; mean token log-probs upstream), margin given as gamma/beta."""
    return torch.clamp(1 - beta * (policy_chosen_logps - policy_rejected_logps - gamma_beta_ratio), min=0)


def reference_free_dpo(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                       beta=0.1, reference_free=True):
    """DPO with the reference switched off (reference_free=True, as Mitchell's and TRL's trainers allow)."""
    ref = 0 if reference_free else reference_chosen_logps - reference_rejected_logps
    return -F.logsigmoid(beta * ((policy_chosen_logps - policy_rejected_logps) - ref))


def dpo_plus_nll(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                 beta=0.1, alpha=0.5):
    """DPO plus alpha times the chosen response's NLL (RPO, TRL's rpo_alpha)."""
    z = beta * ((policy_chosen_logps - reference_chosen_logps) - (policy_rejected_logps - reference_rejected_logps))
    return -F.logsigmoid(z) - alpha * policy_chosen_logps


def sorted_batch_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                      beta=0.1):
    """AOT-like: the margins sorted over the batch - a pair's loss depends on the other pairs."""
    policy = torch.sort(policy_chosen_logps - policy_rejected_logps).values
    reference = torch.sort(reference_chosen_logps - reference_rejected_logps).values
    return -F.logsigmoid(beta * (policy - reference))


class RunningShift:
    """BCO with a running mean shift: the loss keeps state between calls."""

    def __init__(self):
        self.mean, self.count = 0.0, 0

    def __call__(self, policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                 beta=0.1):
        r_w = beta * (policy_chosen_logps - reference_chosen_logps)
        r_l = beta * (policy_rejected_logps - reference_rejected_logps)
        batch = torch.cat([r_w, r_l]).detach()
        self.count += batch.numel()
        self.mean += float((batch - self.mean).sum()) / self.count
        return F.softplus(self.mean - r_w) + F.softplus(r_l - self.mean)


running_bco_loss = RunningShift()
