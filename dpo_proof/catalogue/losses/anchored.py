r"""Losses that treat the chosen and rejected log-ratios apart: $\ell(a, b)$ is not a function of $a - b$.

Each response gets its own weight: $\nabla\ell = -w_w\,\nabla\log\pi(y_w|x) + w_l\,\nabla\log\pi(y_l|x)$
with $w_w = -\partial\ell/\partial a$ and $w_l = \partial\ell/\partial b$, so a loss can lower
(or raise) both log-probs together, which no function of the margin can.
"""
from __future__ import annotations

from .base import Loss, Shape, sympy_tools, torch_tools


# ------------------------------------------------------------------ NCA (pairwise)

def _nca_sym(a, b, p):
    sp, sigma = sympy_tools()
    ra, rb = p["beta"] * a, p["beta"] * b
    return -sp.log(sigma(ra)) - sp.log(sigma(-ra)) / 2 - sp.log(sigma(-rb)) / 2


def _nca_sym_grad(a, b, p):
    _, sigma = sympy_tools()
    ra, rb = p["beta"] * a, p["beta"] * b
    return -p["beta"] * sigma(-ra) + p["beta"] * sigma(ra) / 2, p["beta"] * sigma(rb) / 2


def _nca_torch(a, b, p):
    _, F = torch_tools()
    ra, rb = p["beta"] * a, p["beta"] * b
    return -F.logsigmoid(ra) - 0.5 * F.logsigmoid(-ra) - 0.5 * F.logsigmoid(-rb)


def _nca_grad(a, b, p):
    r"""$\partial_a\ell = -\beta\sigma(-\beta a) + \tfrac12\beta\sigma(\beta a)$, $\partial_b\ell = \tfrac12\beta\sigma(\beta b)$."""
    torch, _ = torch_tools()
    ra, rb = p["beta"] * a, p["beta"] * b
    return -p["beta"] * torch.sigmoid(-ra) + 0.5 * p["beta"] * torch.sigmoid(ra), 0.5 * p["beta"] * torch.sigmoid(rb)


# ------------------------------------------------------------------ BCO (pairwise), reward shift delta_0

def _bco_sym(a, b, p):
    sp, sigma = sympy_tools()
    d = p["reward_shift"]
    return -sp.log(sigma(p["beta"] * a - d)) - sp.log(sigma(-(p["beta"] * b - d)))


def _bco_sym_grad(a, b, p):
    _, sigma = sympy_tools()
    d = p["reward_shift"]
    return -p["beta"] * sigma(d - p["beta"] * a), p["beta"] * sigma(p["beta"] * b - d)


def _bco_torch(a, b, p):
    _, F = torch_tools()
    d = p["reward_shift"]
    return -F.logsigmoid(p["beta"] * a - d) - F.logsigmoid(d - p["beta"] * b)


def _bco_grad(a, b, p):
    r"""$\partial_a\ell = -\beta\sigma(\delta_0 - \beta a)$, $\partial_b\ell = \beta\sigma(\beta b - \delta_0)$."""
    torch, _ = torch_tools()
    d = p["reward_shift"]
    return -p["beta"] * torch.sigmoid(d - p["beta"] * a), p["beta"] * torch.sigmoid(p["beta"] * b - d)


# ------------------------------------------------------------------ SPPO with hard labels

def _sppo_sym(a, b, p):
    return (a - 1 / (2 * p["beta"])) ** 2 + (b + 1 / (2 * p["beta"])) ** 2


def _sppo_sym_grad(a, b, p):
    return 2 * (a - 1 / (2 * p["beta"])), 2 * (b + 1 / (2 * p["beta"]))


def _sppo_grad(a, b, p):
    r"""$\partial_a\ell = 2(a - 1/(2\beta))$, $\partial_b\ell = 2(b + 1/(2\beta))$: each log-ratio regressed apart."""
    return 2 * (a - 1 / (2 * p["beta"])), 2 * (b + 1 / (2 * p["beta"]))


# ------------------------------------------------------------------ APO-zero and APO-down

def _apo_zero_sym(a, b, p):
    _, sigma = sympy_tools()
    return 1 - sigma(p["beta"] * a) + sigma(p["beta"] * b)


def _apo_zero_sym_grad(a, b, p):
    _, sigma = sympy_tools()
    ra, rb = p["beta"] * a, p["beta"] * b
    return -p["beta"] * sigma(ra) * sigma(-ra), p["beta"] * sigma(rb) * sigma(-rb)


def _apo_zero_torch(a, b, p):
    torch, _ = torch_tools()
    return 1 - torch.sigmoid(p["beta"] * a) + torch.sigmoid(p["beta"] * b)


def _apo_zero_grad(a, b, p):
    r"""$\partial_a\ell = -\beta\sigma(\beta a)\sigma(-\beta a)$, $\partial_b\ell = \beta\sigma(\beta b)\sigma(-\beta b)$."""
    torch, _ = torch_tools()
    ra, rb = p["beta"] * a, p["beta"] * b
    return -p["beta"] * torch.sigmoid(ra) * torch.sigmoid(-ra), p["beta"] * torch.sigmoid(rb) * torch.sigmoid(-rb)


def _apo_down_sym(a, b, p):
    _, sigma = sympy_tools()
    return sigma(p["beta"] * a) + 1 - sigma(p["beta"] * (a - b))


def _apo_down_sym_grad(a, b, p):
    _, sigma = sympy_tools()
    ra, z = p["beta"] * a, p["beta"] * (a - b)
    return p["beta"] * (sigma(ra) * sigma(-ra) - sigma(z) * sigma(-z)), p["beta"] * sigma(z) * sigma(-z)


def _apo_down_torch(a, b, p):
    torch, _ = torch_tools()
    return torch.sigmoid(p["beta"] * a) + 1 - torch.sigmoid(p["beta"] * (a - b))


def _apo_down_grad(a, b, p):
    r"""$\partial_a\ell = \beta[\sigma'(\beta a) - \sigma'(\beta(a-b))]$, $\partial_b\ell = \beta\sigma'(\beta(a-b))$."""
    torch, _ = torch_tools()
    ra, z = p["beta"] * a, p["beta"] * (a - b)
    bend = torch.sigmoid(z) * torch.sigmoid(-z)
    return p["beta"] * (torch.sigmoid(ra) * torch.sigmoid(-ra) - bend), p["beta"] * bend


# why the --extreme regime cannot check a loss whose weights are sigma' of a log-ratio of ~1000
VANISHING_AT_EXTREMES = ("its weights are sigma'(beta a) ~ exp(-|beta a|): at log-ratios of 1000 the gradient is "
                         "below 1e-9 of the loss, finer than finite differences (eps |loss| / h) and autograd's "
                         "sigma(1 - sigma) resolve in float64")

APO_PAPER = ("D'Oosterlinck et al. 2024, Anchored Preference Optimization and Contrastive Revisions: "
             "Addressing Underspecification in Alignment")

LOSSES = (
    Loss("nca_pair", "NCA (pairwise)", "Chen et al. 2024, Noise Contrastive Alignment of Language Models "
         "with Explicit Rewards", "2402.05369", {"beta": 0.1}, _nca_sym, _nca_torch, _nca_grad,
         sympy_grad=_nca_sym_grad, paper_params={"beta": 0.01},
         follows="the paper's pairwise NCA loss with r = beta a, beta b (TRL, Liger agree)",
         shape=Shape(True, False, "a > log(2)/beta", lambda a, b, p: p["beta"] * a > 0.6931471805599453,
                     "an absolute term on each response: the chosen log-ratio is held near log(2)/beta, "
                     "the rejected one pushed down until sigma(beta b) fades")),
    Loss("bco_pair", "BCO (pairwise)", "Jung et al. 2024, Binary Classifier Optimization for Large Language "
         "Model Alignment", "2404.04656", {"beta": 0.1, "reward_shift": 0.0}, _bco_sym, _bco_torch,
         _bco_grad, sympy_grad=_bco_sym_grad, paper_params={"beta": 0.01},
         implementations="the paper shifts the rewards by delta, a running mean of beta a and beta b over "
                         "training (TRL <= 0.28 and LLaMA-Factory keep that state across steps); TRL >= 0.29 "
                         "and Liger use delta = 0; TRL's docs write -log sigma(beta (a - b))",
         follows="one pair at a time: the shift delta_0 is a given constant (default 0, as TRL >= 0.29), "
                 "since a running mean is not a function of the pair",
         shape=Shape(True, True, "never", None,
                     "two binary classifiers: the chosen reward pushed above delta_0, the rejected below")),
    Loss("sppo_hard", "SPPO (hard labels)", "Wu et al. 2024, Self-Play Preference Optimization for Language "
         "Model Alignment", "2405.00675", {"beta": 0.1}, _sppo_sym, _sppo_sym, _sppo_grad,
         sympy_grad=_sppo_sym_grad, paper_params={"beta": 1e-3},
         implementations="the paper estimates P(y > pi_t) softly (PairRM); TRL and Liger set it to 1 for the "
                         "chosen and 0 for the rejected response, with eta = 1/beta",
         follows="TRL's hard-label form (the SPPO authors contributed it)",
         shape=Shape(False, False, "a > 1/(2 beta)", lambda a, b, p: a > 1 / (2 * p["beta"]),
                     "each log-ratio is regressed onto +-1/(2 beta): the rejected one is pushed up again "
                     "below -1/(2 beta)")),
    Loss("apo_zero", "APO-zero", APO_PAPER, "2408.06266", {"beta": 0.1}, _apo_zero_sym, _apo_zero_torch,
         _apo_zero_grad, sympy_grad=_apo_zero_sym_grad,
         implementations="TRL and Liger add the constant 1 (the loss lies in [0, 2]); a constant changes no "
                         "gradient",
         follows="TRL: 1 - sigma(beta a) + sigma(beta b), Eq. (7) of the paper per TRL's comment",
         extreme=VANISHING_AT_EXTREMES,
         shape=Shape(True, True, "never", None,
                     "raises the chosen and lowers the rejected log-ratio, each anchored at the reference; "
                     "sigma' also fades out pairs far from the reference on either side")),
    Loss("apo_down", "APO-down", APO_PAPER, "2408.06266", {"beta": 0.1}, _apo_down_sym, _apo_down_torch,
         _apo_down_grad, sympy_grad=_apo_down_sym_grad,
         implementations="TRL and Liger add the constant 1; TRL >= 0.29 replaces beta (a - b) in the second "
                         "term by its f-divergence score (the same for the default reverse KL)",
         follows="TRL <= 0.28: sigma(beta a) + 1 - sigma(beta (a - b)), Eq. (8) of the paper per TRL's comment",
         extreme=VANISHING_AT_EXTREMES,
         shape=Shape(True, True, "|a| < |a - b|", lambda a, b, p: (a.abs() < (a - b).abs()),
                     "lowers the chosen log-ratio and the rejected one more: for chosen responses worse "
                     "than the model's own")),
)
