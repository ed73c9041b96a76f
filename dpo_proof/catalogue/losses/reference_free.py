r"""Reference-free losses: $a = \log\pi_\theta(y_w|x)/|y_w|$, $b = \log\pi_\theta(y_l|x)/|y_l|$, the policy's
per-token mean log-probs (so $a, b \le 0$), and no $\pi_{ref}$ anywhere.

The gradient carries the length: $\nabla a = \nabla\log\pi_\theta(y_w|x)/|y_w|$.
"""
from __future__ import annotations

from .base import Loss, Shape, sympy_tools, torch_tools


# ------------------------------------------------------------------ SimPO

def _simpo_sym(a, b, p):
    sp, sigma = sympy_tools()
    return -sp.log(sigma(p["beta"] * (a - b) - p["gamma"]))


def _simpo_sym_grad(a, b, p):
    _, sigma = sympy_tools()
    g = -p["beta"] * sigma(p["gamma"] - p["beta"] * (a - b))
    return g, -g


def _simpo_torch(a, b, p):
    _, F = torch_tools()
    return -F.logsigmoid(p["beta"] * (a - b) - p["gamma"])


def _simpo_grad(a, b, p):
    r"""$\partial_a\ell = -\beta\sigma(\gamma - \beta(a - b))$, $\partial_b\ell = -\partial_a\ell$."""
    torch, _ = torch_tools()
    g = -p["beta"] * torch.sigmoid(p["gamma"] - p["beta"] * (a - b))
    return g, -g


# ------------------------------------------------------------------ ORPO: NLL + lambda * odds-ratio term

def _log_odds_sym(x):
    sp, _ = sympy_tools()
    return x - sp.log(1 - sp.exp(x))  # log P/(1 - P) at log P = x


def _orpo_sym(a, b, p):
    sp, sigma = sympy_tools()
    return -a - p["beta"] * sp.log(sigma(_log_odds_sym(a) - _log_odds_sym(b)))


def _orpo_sym_grad(a, b, p):
    r"""$d/dx\,\log\frac{e^x}{1-e^x} = 1/(1 - e^x)$, so $\partial_a\ell = -1 - \lambda\sigma(-L)/(1 - e^a)$."""
    sp, sigma = sympy_tools()
    weight = p["beta"] * sigma(_log_odds_sym(b) - _log_odds_sym(a))
    return -1 - weight / (1 - sp.exp(a)), weight / (1 - sp.exp(b))


def _log1mexp(x):
    r"""$\log(1 - e^x)$ for $x < 0$, stable at both ends (Maechler 2012): expm1 near 0, log1p far below."""
    torch, _ = torch_tools()
    return torch.where(x > -0.6931471805599453, torch.log(-torch.expm1(x)), torch.log1p(-torch.exp(x)))


def _log_odds(x):
    return x - _log1mexp(x)


def _orpo_torch(a, b, p):
    _, F = torch_tools()
    return -a - p["beta"] * F.logsigmoid(_log_odds(a) - _log_odds(b))


def _orpo_grad(a, b, p):
    r"""$\partial_a\ell = -1 - \lambda\sigma(-L)/(1 - e^a)$, $\partial_b\ell = \lambda\sigma(-L)/(1 - e^b)$,
    $L = \log\mathrm{odds}(a) - \log\mathrm{odds}(b)$; each quotient taken as one exponential of a difference."""
    torch, F = torch_tools()
    ls = F.logsigmoid(_log_odds(b) - _log_odds(a))  # log sigma(-L)
    return -1 - p["beta"] * torch.exp(ls - _log1mexp(a)), p["beta"] * torch.exp(ls - _log1mexp(b))


LOSSES = (
    Loss("simpo", "SimPO", "Meng, Xia, Chen 2024, SimPO: Simple Preference Optimization with a "
         "Reference-Free Reward", "2405.14734", {"beta": 2.0, "gamma": 1.0}, _simpo_sym, _simpo_torch,
         _simpo_grad, inputs="policy-logps", sympy_grad=_simpo_sym_grad, margin_only=True,
         length_normalised=True,
         implementations="the SimPO authors' code, open-instruct and HALOs take the margin as "
                         "gamma_beta_ratio = gamma/beta (-log sigma(beta (a - b - gamma/beta))); TRL's CPO "
                         "trainer (loss_type='simpo', beta 0.1, simpo_gamma 0.5) adds label smoothing; "
                         "torchtune and Liger take gamma itself",
         follows="the paper: -log sigma(beta a - beta b - gamma) with gamma the reward margin itself; "
                 "defaults beta = 2, gamma = 1 (gamma/beta = 0.5, a setting of the paper's)",
         shape=Shape(True, True, "never", None,
                     "DPO's weight shifted by the margin gamma: pairs count as ranked right only past "
                     "beta (a - b) = gamma")),
    Loss("orpo", "ORPO", "Hong, Lee, Thorne 2024, ORPO: Monolithic Preference Optimization without "
         "Reference Model", "2403.07691", {"beta": 0.1}, _orpo_sym, _orpo_torch, _orpo_grad,
         inputs="policy-logps", sympy_grad=_orpo_sym_grad, length_normalised=True,
         implementations="TRL's odds_ratio_loss returns +lambda log sigma(L), which the trainer subtracts "
                         "from the NLL (the total is the paper's; the term alone has the opposite sign); "
                         "LLaMA-Factory, Liger and the authors' code add -lambda log sigma(L). beta is "
                         "TRL's name for the paper's lambda",
         follows="the paper: L_SFT + lambda L_OR per pair, the NLL as the chosen response's mean token "
                 "log-prob, P = exp(a)",
         extreme=("the log-odds log P/(1 - P) is infinite where a whole response is certain "
                  "(P rounds to 1 at saturated logits of +-1000)"),
         shape=Shape(False, False, "never", None,
                     "the NLL term gives the chosen response a weight of at least 1; the rejected one's "
                     "weight grows like 1/(1 - P(y_l)) as P(y_l) -> 1")),
)
