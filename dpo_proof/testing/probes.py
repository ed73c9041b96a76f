r"""The inputs at which a user's loss is probed: preference batches with chosen margins.

Each probe is a batch of per-pair summed log-probabilities (policy chosen, policy rejected,
reference chosen, reference rejected), built so that $\delta = \beta\,m$ takes chosen values:
ordinary ones ($|\delta| \le 8$) and extreme ones ($|\delta|$ up to 1000). The reference
log-probs are random and unequal, so that a loss which drops the reference term, or forgets
$\beta$ on it, gives a visibly different answer. The random terms are drawn on the scale of
$1/\beta$ ($\beta|\log p|$ between 0.5 and 12), so that rounding in a low precision stays small
next to what is checked, and the extreme margins are capped where a dtype's range ends
(float16 holds log-probs up to 65504 only). Same seed, same probes.

With `tokens=T`, each summed log-prob is also split over up to T tokens (rows of shape (pairs, T),
zero-padded: the shape per-token trainers pass); chosen policy and reference share a length.
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

#: beta * |log p| of the random terms, ordinary probe; the extreme probe uses a narrower range.
SCALED_RANGE = (0.5, 12.0)
EXTREME_SCALED_RANGE = (0.5, 2.0)


@dataclass(frozen=True)
class Probe:
    """One batch of inputs: `inputs` in the trainer order of INPUT_NAMES, each of shape (pairs,).

    With `tokens`, the loss is called on those (pairs, T) rows and `inputs` are their float64
    sums; `lengths` holds the chosen and the rejected responses' token counts."""

    name: str
    inputs: tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]
    beta: float
    tokens: tuple[torch.Tensor, ...] | None = None
    lengths: tuple[torch.Tensor, torch.Tensor] | None = None

    @property
    def pairs(self) -> int:
        return self.inputs[0].numel()

    @property
    def call_inputs(self) -> tuple[torch.Tensor, ...]:
        """What the loss is called with: the token rows, or the summed log-probs."""
        return self.tokens if self.tokens is not None else self.inputs

    def aggregated(self, how: str = "sum") -> tuple[torch.Tensor, ...]:
        """The four per-pair log-probs in float64: summed over tokens, or averaged ("mean")."""
        x = tuple(t.detach().to(torch.float64) for t in self.inputs)
        if how == "sum" or self.lengths is None:
            return x
        lc, lr = (n.to(torch.float64) for n in self.lengths)
        return x[0] / lc, x[1] / lr, x[2] / lc, x[3] / lr

    @cached_property
    def delta(self) -> torch.Tensor:
        r"""$\delta$ recomputed in float64 from the inputs as given (after any cast)."""
        return dpo.delta(*self.aggregated(), self.beta)

    def pair(self, i: int) -> str:
        """The inputs of pair `i`, for a failure message."""
        values = ", ".join(f"{n}={float(x[i]):.6g}" for n, x in zip(INPUT_NAMES, self.inputs))
        return f"pair {i} ({values}; beta*margin = {float(self.delta[i]):.6g})"

    def subset(self, index: torch.Tensor, name: str | None = None) -> "Probe":
        """The same pairs at `index` (to see whether a pair's loss depends on the others)."""
        pick = (lambda xs: None if xs is None else tuple(x[index].clone() for x in xs))
        return Probe(name or self.name, pick(self.inputs), self.beta, pick(self.tokens), pick(self.lengths))


def _range_limit(dtype) -> float:
    """The largest |log-prob| a probe may hold in `dtype`: sums of four stay far from overflow."""
    return torch.finfo(dtype).max / 16


def batch_with_deltas(deltas: torch.Tensor, beta: float, generator: torch.Generator,
                      dtype=torch.float64, device="cpu", name: str = "batch",
                      scaled_range: tuple[float, float] = SCALED_RANGE, tokens: int | None = None) -> Probe:
    r"""Random negative log-probs whose $\beta\,m$ equals `deltas` (float64 before the cast)."""
    n = deltas.numel()
    lo, hi = scaled_range
    rc, rr, pr = (-(lo + (hi - lo) * torch.rand(n, generator=generator, dtype=torch.float64)) / beta
                  for _ in range(3))
    pc = deltas.to(torch.float64) / beta + rc + pr - rr
    # shift policy and reference chosen together: the margin is unchanged, log-probs stay < 0
    shift = torch.clamp(-lo / beta - pc, max=0.0)
    pc, rc = pc + shift, rc + shift
    if tokens is None:
        return Probe(name, tuple(x.to(dtype=dtype, device=device) for x in (pc, pr, rc, rr)), beta)
    return _tokenized(name, (pc, pr, rc, rr), beta, tokens, generator, dtype, device)


def _tokenized(name, sums, beta, width, generator, dtype, device) -> Probe:
    """Split each summed log-prob over its response's tokens (random positive shares), zero-padded."""
    n = sums[0].numel()
    lengths = tuple(torch.randint(1, width + 1, (n,), generator=generator) for _ in range(2))
    position = torch.arange(width).expand(n, width)
    rows = []
    for x, length in zip(sums, (lengths[0], lengths[1], lengths[0], lengths[1])):
        share = (0.1 + torch.rand(n, width, generator=generator, dtype=torch.float64)) * (position < length[:, None])
        rows.append((x[:, None] * share / share.sum(dim=1, keepdim=True)).to(dtype=dtype, device=device))
    inputs = tuple(r.to(torch.float64).sum(dim=1) for r in rows)
    return Probe(name, inputs, beta, tuple(rows), lengths)


def extreme_deltas(beta: float, dtype=torch.float64) -> torch.Tensor:
    """EXTREME_DELTAS, capped where the log-probs they need would leave `dtype`'s range."""
    cap = beta * _range_limit(dtype) - 3 * EXTREME_SCALED_RANGE[1]
    kept = [d for d in EXTREME_DELTAS if abs(d) <= cap]
    if len(kept) < len(EXTREME_DELTAS):
        kept += [-cap, -cap / 2, cap / 2, cap]
    return torch.tensor(sorted(kept), dtype=torch.float64)


def make_probes(beta: float, seed: int = 0, pairs: int = 16, dtype=torch.float64,
                device="cpu", tokens: int | None = None) -> tuple[Probe, Probe]:
    """(ordinary, extreme): |beta*margin| <= 8 at `pairs` random pairs, and the extreme margins."""
    if not 0 < beta < float("inf"):
        raise ValueError(f"beta must be a finite number > 0, got {beta!r}")
    if tokens is not None and tokens < 1:
        raise ValueError(f"tokens must be at least 1, got {tokens!r}")
    gen = torch.Generator().manual_seed(seed)
    ordinary = -8.0 + 16.0 * torch.rand(pairs, generator=gen, dtype=torch.float64)
    return (batch_with_deltas(ordinary, beta, gen, dtype, device, "ordinary", tokens=tokens),
            batch_with_deltas(extreme_deltas(beta, dtype), beta, gen, dtype, device, "extreme",
                              EXTREME_SCALED_RANGE, tokens))
