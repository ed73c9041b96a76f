r"""f-DPO: DPO with the reverse KL replaced by another f-divergence (Wang et al. 2023, arXiv 2309.16240).

With $u = \pi_\theta(y|x)/\pi_{ref}(y|x) = e^{a}$ (resp. $e^{b}$), the implicit reward becomes $\beta f'(u)$
and the per-pair loss $\ell = -\log\sigma(\beta f'(e^{a}) - \beta f'(e^{b}))$ (the paper's generalised DPO loss). The
reverse KL, $f'(u) = \log u + 1$, gives DPO back. These losses are not functions of $a - b$: like the anchored
losses, each response has its own weight $w = \beta\,\sigma(-z)\,u f''(u)$.

- Jensen-Shannon: $f'(u) = \log\frac{2u}{1+u} = \log 2 + \log\sigma(a)$;
- $\alpha$-divergence ($0 < \alpha < 1$ in the paper): $f'(u) = (1 - u^{-\alpha})/\alpha = (1 - e^{-\alpha a})/\alpha$;
- forward KL: $f'(u) = 1 - 1/u$, the $\alpha$-divergence at $\alpha = 1$.

$\alpha$-rewards grow like $e^{\alpha|a|}$ below the reference: `alpha_reward_gap` takes their difference
in log space, so it is $\pm\infty$ (never nan) only where the true value is beyond float64.
"""
from __future__ import annotations

import math

from .base import Loss, Shape, sympy_tools, torch_tools

FDPO_PAPER = "Wang et al. 2023, Beyond Reverse KL: Generalizing Direct Preference Optimization with Diverse " \
             "Divergence Constraints"


# ------------------------------------------------------------------ the alpha reward R(x) = (1 - e^{-alpha x})/alpha

def alpha_reward_sym(x, alpha):
    r"""$R_\alpha(x) = (1 - e^{-\alpha x})/\alpha$: f-DPO's $f'(e^x)$ for the $\alpha$-divergence, AlphaPO's reward."""
    sp, _ = sympy_tools()
    return (1 - sp.exp(-alpha * x)) / alpha


def alpha_reward_gap(a, b, alpha):
    r"""$R_\alpha(a) - R_\alpha(b) = (e^{-\alpha b} - e^{-\alpha a})/\alpha
    = e^{-\alpha m}\,[\operatorname{expm1}(-\alpha(b - m)) - \operatorname{expm1}(-\alpha(a - m))]/\alpha$ with
    $m = \min(a, b)$: exact for small $\alpha|a - b|$, smooth at $a = b$ (autograd too: the expression does not
    depend on $m$). Where $e^{-\alpha m}$ nears float64's largest number it is taken as one exponential of a
    sum, so the result is $\pm\infty$ only where the true value overflows, never $\infty\cdot 0$."""
    torch, _ = torch_tools()
    low = torch.minimum(a, b)
    bracket = torch.expm1(-alpha * (b - low)) - torch.expm1(-alpha * (a - low))  # in (-1, 1)
    huge = -alpha * low > 700.0
    near = torch.exp(-alpha * torch.where(huge, torch.zeros_like(low), low)) * bracket / alpha
    far_bracket = torch.where(huge, bracket, torch.ones_like(bracket))  # unselected: finite, no nan in backward
    far = torch.sign(far_bracket) * torch.exp(-alpha * low + torch.log(far_bracket.abs()) - math.log(alpha))
    return torch.where(huge, far, near)


def alpha_reward_weights(a, b, z, beta, alpha):
    r"""$(\partial_a\ell, \partial_b\ell)$ of $\ell = -\log\sigma(z)$, $z = \beta(R_\alpha(a) - R_\alpha(b)) + c$:
    $\partial_a\ell = -\beta\sigma(-z)e^{-\alpha a}$, $\partial_b\ell = \beta\sigma(-z)e^{-\alpha b}$, each product
    one exponential of a sum (0, not $0\cdot\infty$, where the pair is ranked right by far)."""
    torch, F = torch_tools()
    log_push = F.logsigmoid(-z) + math.log(beta)
    return -torch.exp(log_push - alpha * a), torch.exp(log_push - alpha * b)


def alpha_from_gradients(a, b, d_a, d_b) -> dict:
    r"""A first guess of $\alpha$ from observed gradients, for check-loss's fit: with the reward
    $R_\alpha$, $-\partial_a\ell/\partial_b\ell = e^{-\alpha(a - b)}$ whatever $\beta$ and the margin are, so
    $\alpha = -\log(-\partial_a\ell/\partial_b\ell)/(a - b)$ (the median over pairs). The loss is so steep
    in $\alpha$ ($e^{\alpha|a|}$) that a fit from the default alone stalls a few hundredths away."""
    torch, _ = torch_tools()
    ratio = -d_a / d_b
    keep = torch.isfinite(ratio) & (ratio > 0) & ((a - b).abs() > 1e-3)
    if not bool(keep.any()):
        return {}
    alpha = float(torch.median(-torch.log(ratio[keep]) / (a - b)[keep]))
    return {"alpha": alpha} if math.isfinite(alpha) and alpha > 0 else {}


# ------------------------------------------------------------------ alpha-divergence

def _alpha_sym(a, b, p):
    sp, sigma = sympy_tools()
    return -sp.log(sigma(p["beta"] * (alpha_reward_sym(a, p["alpha"]) - alpha_reward_sym(b, p["alpha"]))))


def _alpha_sym_grad(a, b, p):
    sp, sigma = sympy_tools()
    push = p["beta"] * sigma(-p["beta"] * (alpha_reward_sym(a, p["alpha"]) - alpha_reward_sym(b, p["alpha"])))
    return -push * sp.exp(-p["alpha"] * a), push * sp.exp(-p["alpha"] * b)


def _alpha_z(a, b, p):
    return p["beta"] * alpha_reward_gap(a, b, p["alpha"])


def _alpha_torch(a, b, p):
    _, F = torch_tools()
    return -F.logsigmoid(_alpha_z(a, b, p))


def _alpha_grad(a, b, p):
    r"""$\partial_a\ell = -\beta\sigma(-z)e^{-\alpha a}$, $\partial_b\ell = \beta\sigma(-z)e^{-\alpha b}$,
    $z = \beta(e^{-\alpha b} - e^{-\alpha a})/\alpha$."""
    return alpha_reward_weights(a, b, _alpha_z(a, b, p), p["beta"], p["alpha"])


# ------------------------------------------------------------------ forward KL = alpha-divergence at alpha = 1

def _with_unit_alpha(fn):
    return lambda a, b, p: fn(a, b, dict(p, alpha=1))


# ------------------------------------------------------------------ Jensen-Shannon

def _js_sym(a, b, p):
    r"""$f'(u) = \log\frac{2u}{1+u} = \log\frac{2}{1 + e^{-a}}$ at $u = e^a$ (this form's sympy.diff,
    $e^{-a}/(1 + e^{-a})$, is nan rather than inaccurate where $\sigma(a)$ would be subnormal)."""
    sp, sigma = sympy_tools()
    def f_prime(x):
        return sp.log(2 / (1 + sp.exp(-x)))
    return -sp.log(sigma(p["beta"] * (f_prime(a) - f_prime(b))))


def _js_z_sym(a, b, p):
    sp, sigma = sympy_tools()
    return p["beta"] * (sp.log(sigma(a)) - sp.log(sigma(b)))


def _js_sym_grad(a, b, p):
    r"""$\frac{d}{da}\log\frac{2e^a}{1+e^a} = \sigma(-a)$."""
    _, sigma = sympy_tools()
    push = p["beta"] * sigma(-_js_z_sym(a, b, p))
    return -push * sigma(-a), push * sigma(-b)


def _js_z(a, b, p):
    _, F = torch_tools()
    return p["beta"] * (F.logsigmoid(a) - F.logsigmoid(b))  # log 2 cancels


def _js_torch(a, b, p):
    _, F = torch_tools()
    return -F.logsigmoid(_js_z(a, b, p))  # not softplus: its threshold 20 is linear, 2e-9 off in float64


def _js_grad(a, b, p):
    r"""$\partial_a\ell = -\beta\sigma(-z)\sigma(-a)$, $\partial_b\ell = \beta\sigma(-z)\sigma(-b)$,
    $z = \beta(\log\sigma(a) - \log\sigma(b))$."""
    torch, _ = torch_tools()
    push = p["beta"] * torch.sigmoid(-_js_z(a, b, p))
    return -push * torch.sigmoid(-a), push * torch.sigmoid(-b)


# ------------------------------------------------------------------ how check-loss names what a library computes

def _alpha_names(p) -> str:
    alpha = p["alpha"]
    return (f"the paper's α; TRL ≤ 0.28: alpha_divergence_coef = {alpha:.6g}; TRL ≥ 0.29: "
            f"f_alpha_divergence_coef α' = 1 − α = {1 - alpha:.6g}")


def _forward_kl_names(p) -> str:
    return ("= the α-divergence at α = 1: TRL ≥ 0.29 'forward_kl', and TRL ≤ 0.28 'alpha_divergence' at its "
            "default coefficient 1.0")


OVERFLOWS_AT_EXTREMES = ("the reward (1 - e^{-alpha a})/alpha grows like e^{alpha |a|} below the reference: at the "
                         "log-ratios of -1000 and beyond that saturated logits give, e^{alpha |a|} exceeds float64's "
                         "largest number (e^709.8) for alpha > 0.7, and the loss and its gradient are infinite")

_GROWS = ("the chosen weight grows like e^{alpha |a|} as its log-ratio falls below the reference: a pair ranked "
          "wrong by far is pushed exponentially hard")

LOSSES = (
    Loss("fdpo_js", "f-DPO (Jensen-Shannon)", FDPO_PAPER, "2309.16240", {"beta": 0.1}, _js_sym, _js_torch,
         _js_grad, sympy_grad=_js_sym_grad,
         implementations="TRL <= 0.28: f_divergence_type = FDivergenceType.JS_DIVERGENCE, written as the DPO "
                         "logits minus softplus(a) - softplus(b) (the v0.28 trainer compares the config's "
                         "string with the Enum, so the JS branch never runs from a config); TRL >= 0.29: "
                         "f_divergence_type='js_divergence', the same logits for every loss type",
         follows="the paper: f'(u) = log(2u/(1 + u)) = log 2 + log sigma(a), TRL agrees",
         shape=Shape(True, True, "never", None,
                     "DPO's weight times sigma(-a) on the chosen and sigma(-b) on the rejected response: a "
                     "response far above its reference stops being pushed")),
    Loss("fdpo_forward_kl", "f-DPO (forward KL)", FDPO_PAPER, "2309.16240", {"beta": 0.1},
         _with_unit_alpha(_alpha_sym), _with_unit_alpha(_alpha_torch), _with_unit_alpha(_alpha_grad),
         sympy_grad=_with_unit_alpha(_alpha_sym_grad), describe=_forward_kl_names,
         implementations="TRL >= 0.29: f_divergence_type='forward_kl', logits -e^{-a} + e^{-b}; TRL <= 0.28 "
                         "has no forward KL type, but its alpha-divergence at the default coefficient 1.0 is it",
         follows="the paper: f'(u) = 1 - 1/u, so z = beta (e^{-b} - e^{-a}); listed before fdpo_alpha so that "
                 "alpha = 1 is named forward KL",
         extreme=OVERFLOWS_AT_EXTREMES,
         shape=Shape(False, True, "never", None, _GROWS.replace("alpha |a|", "|a|"))),
    Loss("fdpo_alpha", "f-DPO (alpha-divergence)", FDPO_PAPER, "2309.16240", {"beta": 0.1, "alpha": 0.5},
         _alpha_sym, _alpha_torch, _alpha_grad, sympy_grad=_alpha_sym_grad, describe=_alpha_names,
         fit_start=alpha_from_gradients,
         implementations="TRL <= 0.28 (alpha_divergence_coef, default 1.0): (e^{-alpha b} - e^{-alpha a})/alpha, "
                         "the paper's; TRL >= 0.29 (f_alpha_divergence_coef alpha', default 0.5): "
                         "(e^{(alpha'-1) a} - e^{(alpha'-1) b})/(alpha' - 1), the paper's with alpha = 1 - alpha' "
                         "(the two agree at 0.5; alpha' = 1 falls back to DPO). TRL <= 0.28 caps each exponent at the "
                         "dtype's largest (cap_exp); TRL >= 0.29 clamps it at 80 (float32, bfloat16) or 11 (float16) "
                         "and has no entry for float64 (a KeyError)",
         follows="the paper and TRL <= 0.28: f'(u) = (1 - u^{-alpha})/alpha, alpha > 0; alpha -> 0 is DPO, "
                 "alpha = 1 forward KL; defaults beta = 0.1, alpha = 0.5 (TRL >= 0.29's default, the same in "
                 "both parametrisations)",
         extreme=OVERFLOWS_AT_EXTREMES, shape=Shape(False, True, "never", None, _GROWS)),
)
