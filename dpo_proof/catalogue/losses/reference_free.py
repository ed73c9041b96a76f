r"""Reference-free losses (simpo, orpo, alphapo, simpo_hinge): $a = \log\pi_\theta(y_w|x)/|y_w|$, $b = \log\pi_\theta(y_l|x)/|y_l|$, the policy's
per-token mean log-probs (so $a, b \le 0$), and no $\pi_{ref}$ anywhere.

The gradient carries the length: $\nabla a = \nabla\log\pi_\theta(y_w|x)/|y_w|$.
"""
from __future__ import annotations

from .base import Loss, Shape, sympy_tools, torch_tools
from .f_divergence import alpha_from_gradients, alpha_reward_gap, alpha_reward_sym, alpha_reward_weights


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


# ------------------------------------------------------------------ SimPO's hinge (the SimPO code's loss_type="hinge")

def _simpo_hinge_sym(a, b, p):
    sp, _ = sympy_tools()
    return sp.Max(0, 1 - (p["beta"] * (a - b) - p["gamma"]))


def _simpo_hinge_sym_grad(a, b, p):
    sp, _ = sympy_tools()
    g = -p["beta"] * sp.Heaviside(1 - (p["beta"] * (a - b) - p["gamma"]))
    return g, -g


def _simpo_hinge_torch(a, b, p):
    torch, _ = torch_tools()
    return torch.relu(1 - (p["beta"] * (a - b) - p["gamma"]))


def _simpo_hinge_grad(a, b, p):
    r"""$\partial_a\ell = -\beta\,\mathbb{1}[\beta(a-b) - \gamma < 1]$ (the subgradient 0 at the kink)."""
    g = -p["beta"] * ((p["beta"] * (a - b) - p["gamma"]) < 1).to(a.dtype)
    return g, -g


def _simpo_hinge_kink(a, b, p):
    return 1 - (p["beta"] * (a - b) - p["gamma"])


def _simpo_hinge_start(a, b, d_a, d_b) -> dict:
    r"""A first guess for check-loss's fit, from observed gradients: $|\partial_a\ell| = \beta$ where the hinge
    is active, $0$ past it, and $\gamma$ between the active pairs' $\beta(a-b) - 1$ and the others' (a fit from
    the defaults stalls where the kink must cross pairs)."""
    torch, _ = torch_tools()
    size = d_a.abs()
    active = torch.isfinite(size) & (size > 1e-12 * float(size.max()))
    if not bool(active.any()) or bool(active.all()):
        return {}
    beta = float(torch.median(size[active]))
    shifted = beta * (a - b) - 1
    low, high = float(shifted[active].max()), float(shifted[~active].min())
    gamma = (low + high) / 2 if high > low else low
    return {"beta": beta, "gamma": gamma} if beta > 0 and gamma > 0 else {}


# ------------------------------------------------------------------ AlphaPO: SimPO with the reward (1 - e^{-alpha x})/alpha

def _alphapo_sym(a, b, p):
    sp, sigma = sympy_tools()
    gap = alpha_reward_sym(a, p["alpha"]) - alpha_reward_sym(b, p["alpha"])
    return -sp.log(sigma(p["beta"] * gap - p["gamma"]))


def _alphapo_sym_grad(a, b, p):
    sp, sigma = sympy_tools()
    gap = alpha_reward_sym(a, p["alpha"]) - alpha_reward_sym(b, p["alpha"])
    push = p["beta"] * sigma(p["gamma"] - p["beta"] * gap)
    return -push * sp.exp(-p["alpha"] * a), push * sp.exp(-p["alpha"] * b)


def _alphapo_z(a, b, p):
    return p["beta"] * alpha_reward_gap(a, b, p["alpha"]) - p["gamma"]


def _alphapo_torch(a, b, p):
    _, F = torch_tools()
    return -F.logsigmoid(_alphapo_z(a, b, p))


def _alphapo_grad(a, b, p):
    r"""$\partial_a\ell = -\beta\sigma(-z)e^{-\alpha a}$, $\partial_b\ell = \beta\sigma(-z)e^{-\alpha b}$,
    $z = \beta(R_\alpha(a) - R_\alpha(b)) - \gamma$, $R_\alpha(x) = (1 - e^{-\alpha x})/\alpha$."""
    return alpha_reward_weights(a, b, _alphapo_z(a, b, p), p["beta"], p["alpha"])


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
    Loss("alphapo", "AlphaPO", "Gupta et al. 2025, AlphaPO: Reward Shape Matters for LLM Alignment",
         "2501.03884", {"beta": 2.5, "gamma": 0.1, "alpha": 0.25}, _alphapo_sym, _alphapo_torch, _alphapo_grad,
         inputs="policy-logps", sympy_grad=_alphapo_sym_grad, length_normalised=True,
         fit_start=alpha_from_gradients,
         implementations="TRL's CPO trainer: loss_type='alphapo' becomes loss_type='simpo' with cpo_alpha = 0 and "
                         "the reward (1 - p^{-alpha})/alpha, p = exp(a), then beta (R(a) - R(b) - gamma/beta) as "
                         "SimPO (gamma = simpo_gamma); exp(a) underflows to 0 below a = -745, where TRL's reward is "
                         "-inf",
         follows="the paper as TRL writes it: -log sigma(beta (R(a) - R(b)) - gamma), R(x) = (1 - e^{-alpha x})/alpha "
                 "on per-token mean log-probs, alpha > 0 (alpha -> 0 is SimPO); defaults beta = 2.5, "
                 "gamma = 0.1, alpha = 0.25, TRL's paper index setting for Mistral-Instruct (the paper's Table 3)",
         shape=Shape(False, True, "never", None,
                     "SimPO's weight times e^{-alpha a}: the less likely a response per token, the harder it is "
                     "pushed, without bound")),
    Loss("simpo_hinge", "SimPO (hinge)", "Meng, Xia, Chen 2024, SimPO: Simple Preference Optimization with a "
         "Reference-Free Reward", "2405.14734", {"beta": 2.0, "gamma": 1.0}, _simpo_hinge_sym,
         _simpo_hinge_torch, _simpo_hinge_grad, inputs="policy-logps", sympy_grad=_simpo_hinge_sym_grad,
         margin_only=True, length_normalised=True, smooth=False, kink=_simpo_hinge_kink,
         fit_start=_simpo_hinge_start,
         implementations="the SimPO authors' code, loss_type='hinge': relu(1 - beta (a - b - gamma_beta_ratio)) "
                         "with gamma = beta * gamma_beta_ratio; TRL's CPO hinge has no margin (it is the "
                         "reference-free hinge)",
         follows="the SimPO code: relu(1 - (beta (a - b) - gamma)); with gamma = 0 it is the hinge loss applied "
                 "reference-free, which check-loss names first",
         shape=Shape(True, True, "never", None,
                     "beta on every pair short of the margin (1 + gamma)/beta, exactly 0 past it")),
)
