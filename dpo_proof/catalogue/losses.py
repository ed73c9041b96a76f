r"""The preference-loss family, each loss defined once: sympy form, torch form, closed-form gradient.

Every loss is a per-pair function of the chosen and rejected log-ratios
$a = \log\pi_\theta(y_w|x) - \log\pi_{ref}(y_w|x)$, $b = \log\pi_\theta(y_l|x) - \log\pi_{ref}(y_l|x)$
(`inputs = "log-ratios"`), or of the policy's log-probs alone for reference-free losses. Three
forms are written next to each other, micrograd style, and tests hold them to each other:

- `sympy_loss(a, b, p)`: the loss as a sympy expression (p: the hyper-parameters, symbols or numbers);
- `torch_loss(a, b, p)`: the same, stably, in torch (p: floats) - an implementation of its own;
- `torch_grad(a, b, p)`: $(\partial\ell/\partial a, \partial\ell/\partial b)$ from explicit formulas, never autograd.

The gradient in θ follows: $\nabla\ell = \partial_a\ell\,\nabla\log\pi_\theta(y_w|x) + \partial_b\ell\,\nabla\log\pi_\theta(y_l|x)$.
Names are TRL's `loss_type` where one exists. sympy and torch are imported on use.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Loss:
    """One member of the preference-loss family."""

    name: str
    title: str
    paper: str                                  # authors, year, title
    arxiv: str                                  # arXiv id, "" where there is none
    params: dict[str, float]                    # hyper-parameters with their defaults, beta first
    sympy_loss: Callable                        # (a, b, p) -> sympy.Expr
    torch_loss: Callable                        # (a, b, p) -> Tensor per pair
    torch_grad: Callable                        # (a, b, p) -> (d/da, d/db) per pair
    inputs: str = "log-ratios"                  # or "policy-logps" (reference-free)
    implementations: str = ""                   # where widely used code differs from the paper
    smooth: bool = True                         # False: a kink where finite differences are not checked
    aliases: tuple[str, ...] = field(default=())

    def with_params(self, **given) -> dict[str, float]:
        """The defaults updated with `given`; an unknown name is a ValueError naming the known ones."""
        unknown = set(given) - set(self.params)
        if unknown:
            raise ValueError(f"{self.name} has no parameter {', '.join(sorted(unknown))}; "
                             f"it takes {', '.join(self.params)}")
        return {**self.params, **given}


def _sp():
    import sympy
    from ..symbolic.notation import sigma
    return sympy, sigma


def _torch():
    import torch
    import torch.nn.functional as F
    return torch, F


# ------------------------------------------------------------------ sigmoid (DPO), eq. (1)

def _dpo_sym(a, b, p):
    sp, sigma = _sp()
    return -sp.log(sigma(p["beta"] * (a - b)))


def _dpo_torch(a, b, p):
    torch, F = _torch()
    return -F.logsigmoid(p["beta"] * (a - b))


def _dpo_grad(a, b, p):
    r"""$\partial_a\ell = -\beta\sigma(-\beta(a-b))$, $\partial_b\ell = -\partial_a\ell$: eq. (2) with (b)."""
    torch, _ = _torch()
    g = p["beta"] * torch.sigmoid(-p["beta"] * (a - b))
    return -g, g


# ------------------------------------------------------------------ cDPO: label smoothing ε

def _cdpo_sym(a, b, p):
    sp, sigma = _sp()
    z, e = p["beta"] * (a - b), p["label_smoothing"]
    return -(1 - e) * sp.log(sigma(z)) - e * sp.log(sigma(-z))


def _cdpo_torch(a, b, p):
    torch, F = _torch()
    z, e = p["beta"] * (a - b), p["label_smoothing"]
    return -(1 - e) * F.logsigmoid(z) - e * F.logsigmoid(-z)


def _cdpo_grad(a, b, p):
    r"""$\partial_a\ell = -\beta[(1-\varepsilon)\sigma(-z) - \varepsilon\sigma(z)]$, $z = \beta(a-b)$."""
    torch, _ = _torch()
    z, e = p["beta"] * (a - b), p["label_smoothing"]
    g = p["beta"] * ((1 - e) * torch.sigmoid(-z) - e * torch.sigmoid(z))
    return -g, g


# ------------------------------------------------------------------ robust DPO

def _robust_sym(a, b, p):
    sp, sigma = _sp()
    z, e = p["beta"] * (a - b), p["label_smoothing"]
    return (-(1 - e) * sp.log(sigma(z)) + e * sp.log(sigma(-z))) / (1 - 2 * e)


def _robust_torch(a, b, p):
    torch, F = _torch()
    z, e = p["beta"] * (a - b), p["label_smoothing"]
    return (-(1 - e) * F.logsigmoid(z) + e * F.logsigmoid(-z)) / (1 - 2 * e)


def _robust_grad(a, b, p):
    r"""$\partial_a\ell = -\beta[(1-\varepsilon)\sigma(-z) + \varepsilon\sigma(z)]/(1-2\varepsilon)$."""
    torch, _ = _torch()
    z, e = p["beta"] * (a - b), p["label_smoothing"]
    g = p["beta"] * ((1 - e) * torch.sigmoid(-z) + e * torch.sigmoid(z)) / (1 - 2 * e)
    return -g, g


# ------------------------------------------------------------------ IPO

def _ipo_sym(a, b, p):
    return (a - b - 1 / (2 * p["beta"])) ** 2


def _ipo_torch(a, b, p):
    return (a - b - 1 / (2 * p["beta"])) ** 2


def _ipo_grad(a, b, p):
    r"""$\partial_a\ell = 2(a - b - 1/(2\beta))$, $\partial_b\ell = -\partial_a\ell$."""
    g = 2 * (a - b - 1 / (2 * p["beta"]))
    return g, -g


# ------------------------------------------------------------------ hinge (SLiC)

def _hinge_sym(a, b, p):
    sp, _ = _sp()
    return sp.Max(0, 1 - p["beta"] * (a - b))


def _hinge_torch(a, b, p):
    torch, _ = _torch()
    return torch.relu(1 - p["beta"] * (a - b))


def _hinge_grad(a, b, p):
    r"""$\partial_a\ell = -\beta\,\mathbb{1}[\beta(a-b) < 1]$ (the subgradient 0 at the kink)."""
    torch, _ = _torch()
    g = p["beta"] * (p["beta"] * (a - b) < 1).to(a.dtype)
    return -g, g


LOSSES: tuple[Loss, ...] = (
    Loss("sigmoid", "DPO", "Rafailov et al. 2023, Direct Preference Optimization: Your Language Model "
         "is Secretly a Reward Model", "2305.18290", {"beta": 0.1}, _dpo_sym, _dpo_torch, _dpo_grad,
         aliases=("dpo",)),
    Loss("cdpo", "conservative DPO (label smoothing)", "Mitchell 2023, A note on DPO with noisy preferences "
         "and relationship to IPO", "", {"beta": 0.1, "label_smoothing": 0.1}, _cdpo_sym, _cdpo_torch,
         _cdpo_grad, implementations="TRL: loss_type='sigmoid' with label_smoothing > 0"),
    Loss("robust", "robust DPO", "Chowdhury et al. 2024, Provably Robust DPO: Aligning Language Models "
         "with Noisy Feedback", "2403.00409", {"beta": 0.1, "label_smoothing": 0.1}, _robust_sym,
         _robust_torch, _robust_grad),
    Loss("ipo", "IPO", "Azar et al. 2023, A General Theoretical Paradigm to Understand Learning from "
         "Human Preferences", "2310.12036", {"beta": 0.1}, _ipo_sym, _ipo_torch, _ipo_grad,
         implementations="TRL averages the log-probs over the response length for ipo (the paper's "
                         "a and b are then per-token means)"),
    Loss("hinge", "SLiC hinge", "Zhao et al. 2023, SLiC-HF: Sequence Likelihood Calibration with Human "
         "Feedback", "2305.10425", {"beta": 0.1}, _hinge_sym, _hinge_torch, _hinge_grad, smooth=False),
)

BY_NAME = {loss.name: loss for loss in LOSSES} | {alias: loss for loss in LOSSES for alias in loss.aliases}


def loss(name: str) -> Loss:
    """The catalogue loss called `name` (or an alias); KeyError names the known ones."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"no loss {name!r}; known: {', '.join(x.name for x in LOSSES)}") from None
