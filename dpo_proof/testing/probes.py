r"""The inputs at which a user's loss is probed: preference batches with chosen margins.

Each probe is a batch of per-pair summed log-probabilities (policy chosen, policy rejected,
reference chosen, reference rejected), built so that $\delta = \beta\,m$ takes chosen values:
ordinary ones ($|\delta| \le 8$) and extreme ones ($|\delta|$ up to 1000). The reference
log-probs are random and unequal, so that a loss which drops the reference term, or forgets
$\beta$ on it, gives a visibly different answer. Same seed, same probes.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import torch

from ..numeric import dpo

INPUT_NAMES = ("policy_chosen_logps", "policy_rejected_logps",
               "reference_chosen_logps", "reference_rejected_logps")

#: beta * margin at the extreme probe: far beyond where exp overflows (710) and sigmoid rounds.
EXTREME_DELTAS = (-1000.0, -800.0, -300.0, -100.0, -40.0, 40.0, 100.0, 300.0, 800.0, 1000.0)


@dataclass(frozen=True)
class Probe:
    """One batch of inputs: `inputs` in the trainer order of INPUT_NAMES, each of shape (pairs,)."""

    name: str
    inputs: tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]
    beta: float

    @cached_property
    def delta(self) -> torch.Tensor:
        r"""$\delta$ recomputed in float64 from the inputs as given (after any cast)."""
        return dpo.delta(*(x.detach().to(torch.float64) for x in self.inputs), self.beta)

    @cached_property
    def closed_form(self) -> tuple[torch.Tensor, tuple[torch.Tensor, ...]]:
        r"""Per pair: eq. (1) $-\log\sigma(\delta)$ and the gradient (2)+(b) in the four inputs."""
        return dpo.loss_per_pair(self.delta), dpo.grad_logps(self.delta, self.beta)

    def pair(self, i: int) -> str:
        """The inputs of pair `i`, for a failure message."""
        values = ", ".join(f"{n}={float(x[i]):.6g}" for n, x in zip(INPUT_NAMES, self.inputs))
        return f"pair {i} ({values}; beta*margin = {float(self.delta[i]):.6g})"


def batch_with_deltas(deltas: torch.Tensor, beta: float, generator: torch.Generator,
                      dtype=torch.float64, device="cpu", name: str = "batch") -> Probe:
    r"""Random negative log-probs whose $\beta\,m$ equals `deltas` (float64 before the cast)."""
    n = deltas.numel()
    rc, rr, pr = (-5.0 - 55.0 * torch.rand(n, generator=generator, dtype=torch.float64) for _ in range(3))
    pc = deltas.to(torch.float64) / beta + rc + pr - rr
    # shift policy and reference chosen together: the margin is unchanged, log-probs stay < 0
    shift = torch.clamp(-1.0 - pc, max=0.0)
    pc, rc = pc + shift, rc + shift
    inputs = tuple(x.to(dtype=dtype, device=device) for x in (pc, pr, rc, rr))
    return Probe(name, inputs, beta)


def make_probes(beta: float, seed: int = 0, pairs: int = 16, dtype=torch.float64,
                device="cpu") -> tuple[Probe, Probe]:
    """(ordinary, extreme): |beta*margin| <= 8 at `pairs` random pairs, and EXTREME_DELTAS."""
    if not 0 < beta < float("inf"):
        raise ValueError(f"beta must be a finite number > 0, got {beta!r}")
    gen = torch.Generator().manual_seed(seed)
    ordinary = -8.0 + 16.0 * torch.rand(pairs, generator=gen, dtype=torch.float64)
    extreme = torch.tensor(EXTREME_DELTAS, dtype=torch.float64)
    return (batch_with_deltas(ordinary, beta, gen, dtype, device, "ordinary"),
            batch_with_deltas(extreme, beta, gen, dtype, device, "extreme"))
