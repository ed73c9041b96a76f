r"""What a catalogue loss is: the `Loss` record, the `Shape` of its weight, and lazy imports.

Every loss is a per-pair function $\ell(a, b)$. For most, $a$ and $b$ are the chosen and rejected
log-ratios $a = \log\pi_\theta(y_w|x) - \log\pi_{ref}(y_w|x)$, $b = \log\pi_\theta(y_l|x) -
\log\pi_{ref}(y_l|x)$ (`inputs = "log-ratios"`); reference-free losses take the policy's log-probs
alone (`inputs = "policy-logps"`, so $a, b \le 0$). With `length_normalised`, $a$ and $b$ are per-token
means: the summed log-prob (or log-ratio) divided by the response length $|y|$.

Forms written next to each other, micrograd style, and held to each other by the tests and by
`dpo-proof derive --loss NAME`:

- `sympy_loss(a, b, p)`: the loss as a sympy expression (p: hyper-parameters, symbols or numbers);
- `sympy_grad(a, b, p)`: $(\partial\ell/\partial a, \partial\ell/\partial b)$ written by hand in sympy,
  certified equal to `sympy.diff` of `sympy_loss`;
- `torch_loss(a, b, p)`: the same loss, stably, in torch - an implementation of its own;
- `torch_grad(a, b, p)`: $(\partial\ell/\partial a, \partial\ell/\partial b)$ from explicit formulas, never autograd.

The gradient in θ follows by the chain rule:
$\nabla\ell = \partial_a\ell\,\nabla a + \partial_b\ell\,\nabla b$ with $\nabla a = \nabla\log\pi_\theta(y_w|x)$
(divided by $|y_w|$ when length-normalised), and likewise for $b$.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional


@dataclass(frozen=True)
class Shape:
    r"""How a loss weights a pair: the push on the chosen response $w_w = -\partial\ell/\partial a$ and on
    the rejected one $w_l = \partial\ell/\partial b$ (gradient descent raises $\log\pi(y_w)$ where $w_w > 0$).

    Statements of mathematics, each checked numerically by the tests on the torch closed form.
    """

    bounded: bool                 # sup over all inputs of |w_w| and |w_l| is finite
    vanishes: bool                # both weights -> 0 once the pair is ranked right by far (a -> +inf, b -> -inf)
    chosen_down: str              # where w_w < 0 (gradient descent lowers log pi(y_w)); "never" if nowhere
    chosen_down_at: Optional[Callable] = None   # (a, b, p) -> bool tensor: the region above, None for never
    note: str = ""                # one sentence on what the shape means in training


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
    # ---- added for the loss family (issue 12); all optional, so older readers see the same record
    sympy_grad: Optional[Callable] = None       # (a, b, p) -> (d/da, d/db) by hand, in sympy
    margin_only: bool = False                   # depends on a - b alone: d/db = -d/da, one weight w(a - b)
    length_normalised: bool = False             # a, b are per-token means: divided by the response length
    shape: Optional[Shape] = None               # the shape of its weights
    follows: str = ""                           # which form the catalogue follows where sources disagree
    paper_params: dict[str, float] = field(default_factory=dict)  # the paper's settings, where not the defaults
    kink: Optional[Callable] = None             # (a, b, p) -> per pair, zero exactly at the kink (smooth=False)
    extreme: str = ""                           # why the --extreme regime is not checked ("" = it is)
    describe: Optional[Callable] = None         # (params) -> how libraries name these settings, for check-loss
    fit_start: Optional[Callable] = None        # (a, b, d/da, d/db observed) -> {param: a first guess} or {}

    def with_params(self, **given) -> dict[str, float]:
        """The defaults updated with `given`; an unknown name is a ValueError naming the known ones."""
        unknown = set(given) - set(self.params)
        if unknown:
            raise ValueError(f"{self.name} has no parameter {', '.join(sorted(unknown))}; "
                             f"it takes {', '.join(self.params)}")
        return {**self.params, **given}

    @property
    def reference_free(self) -> bool:
        return self.inputs == "policy-logps"

    def valid_inputs(self, x):
        """Map any real tensor into this loss's domain: log-probs are < 0 (-(|x| + 0.01)), log-ratios any real."""
        return -(x.abs() + 0.01) if self.reference_free else x

    def weights(self, a, b, p):
        r"""$(w_w, w_l) = (-\partial\ell/\partial a, \partial\ell/\partial b)$ from the explicit gradient."""
        d_a, d_b = self.torch_grad(a, b, p)
        return -d_a, d_b


def sympy_tools():
    """(sympy, our sigma): imported on use, so that importing the catalogue stays light."""
    import sympy
    from ...symbolic.notation import sigma
    return sympy, sigma


def torch_tools():
    """(torch, torch.nn.functional), imported on use."""
    import torch
    import torch.nn.functional as F
    return torch, F
