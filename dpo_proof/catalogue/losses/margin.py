r"""Losses of the margin alone: $\ell(a, b) = f(z)$ with $z = \beta(a - b)$, so $\partial_b\ell = -\partial_a\ell$.

The gradient is then one weight on the score difference,
$\nabla\ell = -w(m)\,(\nabla\log\pi(y_w|x) - \nabla\log\pi(y_l|x))$ with $w = -\partial\ell/\partial a$;
for DPO $w = \beta\sigma(-\beta m)$, eq. (2) with (b). Each loss: sympy form, hand-written sympy
gradient, stable torch form, explicit torch gradient.
"""
from __future__ import annotations

import math

from .base import Loss, Shape, sympy_tools, torch_tools


def _z(a, b, p):
    return p["beta"] * (a - b)


def _pair(g):
    """(d/da, d/db) of a function of a - b: d/db = -d/da."""
    return g, -g


# ------------------------------------------------------------------ sigmoid (DPO), eq. (1)

def _dpo_sym(a, b, p):
    sp, sigma = sympy_tools()
    return -sp.log(sigma(_z(a, b, p)))


def _dpo_sym_grad(a, b, p):
    _, sigma = sympy_tools()
    return _pair(-p["beta"] * sigma(-_z(a, b, p)))


def _dpo_torch(a, b, p):
    _, F = torch_tools()
    return -F.logsigmoid(_z(a, b, p))


def _dpo_grad(a, b, p):
    r"""$\partial_a\ell = -\beta\sigma(-\beta(a-b))$, $\partial_b\ell = -\partial_a\ell$: eq. (2) with (b)."""
    torch, _ = torch_tools()
    return _pair(-p["beta"] * torch.sigmoid(-_z(a, b, p)))


# ------------------------------------------------------------------ cDPO: label smoothing ε

def _cdpo_sym(a, b, p):
    sp, sigma = sympy_tools()
    z, e = _z(a, b, p), p["label_smoothing"]
    return -(1 - e) * sp.log(sigma(z)) - e * sp.log(sigma(-z))


def _cdpo_sym_grad(a, b, p):
    _, sigma = sympy_tools()
    z, e = _z(a, b, p), p["label_smoothing"]
    return _pair(-p["beta"] * ((1 - e) * sigma(-z) - e * sigma(z)))


def _cdpo_torch(a, b, p):
    _, F = torch_tools()
    z, e = _z(a, b, p), p["label_smoothing"]
    return -(1 - e) * F.logsigmoid(z) - e * F.logsigmoid(-z)


def _cdpo_grad(a, b, p):
    r"""$\partial_a\ell = -\beta[(1-\varepsilon)\sigma(-z) - \varepsilon\sigma(z)]$, $z = \beta(a-b)$."""
    torch, _ = torch_tools()
    z, e = _z(a, b, p), p["label_smoothing"]
    return _pair(-p["beta"] * ((1 - e) * torch.sigmoid(-z) - e * torch.sigmoid(z)))


# ------------------------------------------------------------------ robust DPO

def _robust_sym(a, b, p):
    sp, sigma = sympy_tools()
    z, e = _z(a, b, p), p["label_smoothing"]
    return (-(1 - e) * sp.log(sigma(z)) + e * sp.log(sigma(-z))) / (1 - 2 * e)


def _robust_sym_grad(a, b, p):
    _, sigma = sympy_tools()
    z, e = _z(a, b, p), p["label_smoothing"]
    return _pair(-p["beta"] * ((1 - e) * sigma(-z) + e * sigma(z)) / (1 - 2 * e))


def _robust_torch(a, b, p):
    _, F = torch_tools()
    z, e = _z(a, b, p), p["label_smoothing"]
    return (-(1 - e) * F.logsigmoid(z) + e * F.logsigmoid(-z)) / (1 - 2 * e)


def _robust_grad(a, b, p):
    r"""$\partial_a\ell = -\beta[(1-\varepsilon)\sigma(-z) + \varepsilon\sigma(z)]/(1-2\varepsilon)$."""
    torch, _ = torch_tools()
    z, e = _z(a, b, p), p["label_smoothing"]
    return _pair(-p["beta"] * ((1 - e) * torch.sigmoid(-z) + e * torch.sigmoid(z)) / (1 - 2 * e))


# ------------------------------------------------------------------ IPO

def _ipo_sym(a, b, p):
    return (a - b - 1 / (2 * p["beta"])) ** 2


def _ipo_sym_grad(a, b, p):
    return _pair(2 * (a - b - 1 / (2 * p["beta"])))


def _ipo_grad(a, b, p):
    r"""$\partial_a\ell = 2(a - b - 1/(2\beta))$, $\partial_b\ell = -\partial_a\ell$."""
    return _pair(2 * (a - b - 1 / (2 * p["beta"])))


# ------------------------------------------------------------------ hinge (RSO's hinge, after SLiC)

def _hinge_sym(a, b, p):
    sp, _ = sympy_tools()
    return sp.Max(0, 1 - _z(a, b, p))


def _hinge_sym_grad(a, b, p):
    sp, _ = sympy_tools()
    return _pair(-p["beta"] * sp.Heaviside(1 - _z(a, b, p)))


def _hinge_torch(a, b, p):
    torch, _ = torch_tools()
    return torch.relu(1 - _z(a, b, p))


def _hinge_grad(a, b, p):
    r"""$\partial_a\ell = -\beta\,\mathbb{1}[\beta(a-b) < 1]$ (the subgradient 0 at the kink)."""
    return _pair(-p["beta"] * (_z(a, b, p) < 1).to(a.dtype))


def _hinge_kink(a, b, p):
    return 1 - _z(a, b, p)


# ------------------------------------------------------------------ EXO (pairwise)

def _exo_sym(a, b, p):
    sp, sigma = sympy_tools()
    z, e = _z(a, b, p), p["label_smoothing"]
    return sigma(z) * (sp.log(sigma(z)) - sp.log(1 - e)) + sigma(-z) * (sp.log(sigma(-z)) - sp.log(e))


def _exo_sym_grad(a, b, p):
    r"""$\beta\sigma(z)\sigma(-z)(\log\sigma(z) - \log\sigma(-z) + \log\varepsilon - \log(1-\varepsilon))$; the torch
    form uses $\log\sigma(z) - \log\sigma(-z) = z$."""
    sp, sigma = sympy_tools()
    z, e = _z(a, b, p), p["label_smoothing"]
    logit = sp.log(sigma(z)) - sp.log(sigma(-z))
    return _pair(p["beta"] * sigma(z) * sigma(-z) * (logit + sp.log(e) - sp.log(1 - e)))


def _exo_torch(a, b, p):
    torch, F = torch_tools()
    z, e = _z(a, b, p), p["label_smoothing"]
    # sigma(-z) * log sigma(-z) is 0 * (-1000) at z = 1000: exp(-1000) underflows to 0, never nan
    return (torch.sigmoid(z) * (F.logsigmoid(z) - math.log(1 - e))
            + torch.sigmoid(-z) * (F.logsigmoid(-z) - math.log(e)))


def _exo_grad(a, b, p):
    r"""$\partial_a\ell = \beta\sigma(z)\sigma(-z)\,(z - \log\frac{1-\varepsilon}{\varepsilon})$: the KL's
    $d/ds$ is $\operatorname{logit} s - \operatorname{logit}(1-\varepsilon)$ at $s = \sigma(z)$, times $\sigma'(z)$."""
    torch, _ = torch_tools()
    z, e = _z(a, b, p), p["label_smoothing"]
    return _pair(p["beta"] * torch.sigmoid(z) * torch.sigmoid(-z) * (z - math.log((1 - e) / e)))


# ------------------------------------------------------------------ DiscoPOP (log-ratio modulated loss)

def _disco_sym(a, b, p):
    sp, sigma = sympy_tools()
    z, t = _z(a, b, p), p["tau"]
    return (1 - sigma(z / t)) * (-sp.log(sigma(z))) + sigma(z / t) * sp.exp(-z)


def _disco_sym_grad(a, b, p):
    r"""$d\ell/dz = w'(z)(e^{-z} + \log\sigma(z)) - \sigma(-z/\tau)\sigma(-z) - \sigma(z/\tau)e^{-z}$,
    $w = \sigma(z/\tau)$, $w' = \sigma(z/\tau)\sigma(-z/\tau)/\tau$."""
    sp, sigma = sympy_tools()
    z, t = _z(a, b, p), p["tau"]
    w_prime = sigma(z / t) * sigma(-z / t) / t
    slope = w_prime * (sp.exp(-z) + sp.log(sigma(z))) - sigma(-z / t) * sigma(-z) - sigma(z / t) * sp.exp(-z)
    return _pair(p["beta"] * slope)


def _disco_torch(a, b, p):
    torch, F = torch_tools()
    z, t = _z(a, b, p), p["tau"]
    # sigma(z/tau) e^{-z} as one exponential: finite at z = -1000 where e^{-z} alone overflows
    return torch.sigmoid(-z / t) * -F.logsigmoid(z) + torch.exp(F.logsigmoid(z / t) - z)


def _disco_grad(a, b, p):
    r"""$\partial_a\ell = \beta\,d\ell/dz$ (see the sympy form), every product of $e^{-z}$ taken in log space."""
    torch, F = torch_tools()
    z, t = _z(a, b, p), p["tau"]
    ls_pos, ls_neg = F.logsigmoid(z / t), F.logsigmoid(-z / t)
    slope = (torch.exp(ls_pos + ls_neg - z) / t + torch.exp(ls_pos + ls_neg) / t * F.logsigmoid(z)
             - torch.sigmoid(-z / t) * torch.sigmoid(-z) - torch.exp(ls_pos - z))
    return _pair(p["beta"] * slope)


def _ranked_past(threshold):
    """The region z = beta (a - b) > threshold(p), as a predicate for Shape.chosen_down_at."""
    return lambda a, b, p: _z(a, b, p) > threshold(p)


def _disco_down(a, b, p):
    z = _z(a, b, p)  # found numerically at tau = 0.05; the interval moves with tau, empty for tau >= 0.2
    return (z > -0.1186) & (z < 0.0720)


DPO_PAPER = ("Rafailov et al. 2023, Direct Preference Optimization: Your Language Model is Secretly a "
             "Reward Model")

LOSSES = (
    Loss("sigmoid", "DPO", DPO_PAPER, "2305.18290", {"beta": 0.1}, _dpo_sym, _dpo_torch, _dpo_grad,
         aliases=("dpo",), sympy_grad=_dpo_sym_grad, margin_only=True,
         shape=Shape(True, True, "never", None,
                     "sigma(-z) weights each pair by how wrongly it is ranked; ranked-right pairs fade out")),
    Loss("cdpo", "conservative DPO (label smoothing)", "Mitchell 2023, A note on DPO with noisy preferences "
         "and relationship to IPO", "", {"beta": 0.1, "label_smoothing": 0.1}, _cdpo_sym, _cdpo_torch,
         _cdpo_grad, implementations="TRL <= 0.28, torchtune, OpenRLHF, the DPO authors' code: "
         "loss_type='sigmoid' with label_smoothing > 0; TRL >= 0.29 and Liger ignore label_smoothing for "
         "sigmoid (plain DPO)", sympy_grad=_cdpo_sym_grad, margin_only=True,
         follows="the note and the DPO authors' code: DPO with the label flipped with probability epsilon",
         shape=Shape(True, False, "z > log((1 - eps)/eps)", _ranked_past(
             lambda p: math.log((1 - p["label_smoothing"]) / p["label_smoothing"])),
             "the weight tends to -beta*eps: pairs ranked right by far are pulled back to the margin "
             "log((1 - eps)/eps)")),
    Loss("robust", "robust DPO", "Chowdhury, Kini, Natarajan 2024, Provably Robust DPO: Aligning Language "
         "Models with Noisy Feedback", "2403.00409", {"beta": 0.1, "label_smoothing": 0.1}, _robust_sym,
         _robust_torch, _robust_grad, sympy_grad=_robust_sym_grad, margin_only=True,
         implementations="TRL and Liger: as the paper; unlike cDPO the flipped term enters with a plus "
                         "sign and the whole is divided by 1 - 2 eps, so the loss can be negative",
         follows="the paper (TRL, Liger agree)",
         shape=Shape(True, False, "never", None,
                     "the weight never falls below beta*eps/(1 - 2 eps): every pair keeps being pushed")),
    Loss("ipo", "IPO", "Azar et al. 2023, A General Theoretical Paradigm to Understand Learning from "
         "Human Preferences", "2310.12036", {"beta": 0.1}, _ipo_sym, _ipo_sym, _ipo_grad,
         implementations="the paper's Eq. (17) uses summed log-ratios, as do OpenRLHF, torchtune and the DPO "
                         "authors' code; TRL and LLaMA-Factory divide the log-probs by the response length "
                         "(TRL's comment: the IPO authors confirmed the normalised form)",
         sympy_grad=_ipo_sym_grad, margin_only=True, length_normalised=True,
         follows="TRL: a and b are per-token mean log-ratios, as the authors confirmed; beta is the paper's tau",
         shape=Shape(False, False, "m > 1/(2 beta)", lambda a, b, p: (a - b) > 1 / (2 * p["beta"]),
                     "a regression of the margin onto 1/(2 beta): past it, the pair is pushed back")),
    Loss("hinge", "hinge (RSO, after SLiC)", "Liu et al. 2023, Statistical Rejection Sampling Improves "
         "Preference Optimization", "2309.06657", {"beta": 0.1}, _hinge_sym, _hinge_torch, _hinge_grad,
         smooth=False, sympy_grad=_hinge_sym_grad, margin_only=True, kink=_hinge_kink,
         implementations="TRL's docs cite SLiC-HF (Zhao et al. 2023, 2305.10425), whose calibration loss is "
                         "max(0, delta - log pi(y_w) + log pi(y_l)) without a reference, plus an NLL term; "
                         "TRL, torchtune (RSOLoss) and Liger compute RSO's relu(1 - beta m)",
         follows="TRL: relu(1 - beta (a - b)), beta the reciprocal of the margin",
         shape=Shape(True, True, "never", None,
                     "beta on every pair short of the margin 1/beta, exactly 0 past it")),
    Loss("exo_pair", "EXO (pairwise)", "Ji et al. 2024, Towards Efficient Exact Optimization of Language "
         "Model Alignment", "2402.00856", {"beta": 0.1, "label_smoothing": 1e-3}, _exo_sym, _exo_torch,
         _exo_grad, sympy_grad=_exo_sym_grad, margin_only=True,
         implementations="TRL <= 0.28 silently replaces label_smoothing 0 by 1e-3 (and writes it back); "
                         "TRL >= 0.29 and Liger refuse 0",
         follows="the paper's Eq. (16) with K = 2: KL(softmax(beta a, beta b) || (1 - eps, eps)); eps > 0",
         extreme=("at margins |beta m| >= 25 the weight sigma(z)sigma(-z)(z - log((1-eps)/eps)) is below 1e-9 of "
                  "the loss, finer than finite differences (eps |loss| / h) and autograd's sigma(1 - sigma) "
                  "resolve in float64"),
         shape=Shape(True, True, "z > log((1 - eps)/eps)", _ranked_past(
             lambda p: math.log((1 - p["label_smoothing"]) / p["label_smoothing"])),
             "sigma(z)sigma(-z) also fades out pairs ranked wrong by far")),
    Loss("discopop", "DiscoPOP (log-ratio modulated loss)", "Lu et al. 2024, Discovering Preference "
         "Optimization Algorithms with and for Large Language Models", "2406.08414",
         {"beta": 0.1, "tau": 0.05}, _disco_sym, _disco_torch, _disco_grad, sympy_grad=_disco_sym_grad,
         margin_only=True, paper_params={"beta": 0.05, "tau": 0.05},
         implementations="the code the LLM discovered mixes with sigma(rho) (no beta, no tau), which equals "
                         "sigma(beta rho / tau) only when tau = beta; TRL and Liger compute "
                         "exp(-z) * sigmoid(z/tau) as written, which is inf * 0 = nan at z = -1000",
         follows="the paper's Eq. (5) as TRL writes it: w = sigma(beta m / tau), taken in log space here",
         shape=Shape(True, True, "-0.119 < z < 0.072 (at tau = 0.05)", _disco_down,
                     "non-convex: near z = 0 the gradient changes sign and the chosen response is pushed down")),
)
