r"""Vectorised central finite differences, plain or Richardson-extrapolated, with column colouring.

The loss stays a black box inside each pair: we only evaluate ``per_pair_loss(params_batch)``
(``[B, *shape] -> [B, pairs]``). What we use is the structure the problem really has: when each
pair depends on one slice ``params[g]`` only (``groups[i] = g``, tabular: its prompt's row), the
per-pair losses are independent functions, so perturbing coordinate k in *every* slice at once
(one colour) yields, pair by pair, a whole column $\partial\ell_i/\partial\theta_{g_i,k}$ of the
Jacobian, as sparse finite differences (Curtis-Powell-Reid) do. Colours are evaluated as a batch.

Plain central differences $D(h) = (f(x+h) - f(x-h))/2h$ (two evaluations per colour) have error
$O(h^2)$ plus rounding $O(\epsilon|\ell|/h)$; Richardson's $(4D(h/2) - D(h))/3$ (four evaluations) has
$O(h^4)$. `scheme` picks one: plain central differences by default in float64, where they meet the
1e-8 target with two digits to spare at half the cost; Richardson where its extra digits are needed
(float32, and the --extreme regime, where |loss| ~ 1000 makes the rounding term large at small h).
Measured in docs/performance.md.
"""
from __future__ import annotations

import math
from typing import Callable, Optional

import torch

# Central-difference step h (Richardson combines h and h/2). Powers of two, so x + h is exact
# wherever ulp(x) <= h (|x| up to 2**42 in float64), and the steps are what was really taken.
# Chosen by a sweep over 2**-14 .. 2**0 on every family (docs/performance.md): the O(h^4)
# truncation and the O(eps |loss| / h) rounding balance near these.
FD_STEPS: dict[torch.dtype, float] = {torch.float64: 2.0 ** -7, torch.float32: 2.0 ** -2}


# Plain central differences: the O(h^2) truncation and the O(eps |loss| / h) rounding balance near
# h ~ (eps |loss| / |third derivative|)^(1/3) ~ 2**-17 in float64 at |loss| ~ 1 (docs/performance.md).
CENTRAL_STEPS: dict[torch.dtype, float] = {torch.float64: 2.0 ** -17}


def scheme(dtype: torch.dtype, extreme: bool) -> str:
    """'central' (two evaluations per colour) or 'richardson' (four): see the module docstring."""
    return "central" if dtype in CENTRAL_STEPS and not extreme else "richardson"


def central_step(dtype: torch.dtype, loss_scale: float, beta: float = 1.0) -> float:
    """The plain central step, grown by ~|loss|**(1/3) (rounding grows with |loss|) and shrunk by ~beta
    for beta > 1 (the truncation grows like beta**3), each as a power of two."""
    grow = round(math.log2(max(1.0, loss_scale)) / 3) if math.isfinite(loss_scale) else 0
    shrink = round(math.log2(max(1.0, beta))) if math.isfinite(beta) else 0
    return CENTRAL_STEPS[dtype] * 2.0 ** (grow - shrink)


# In float64 the O(h^4) truncation of the log-softmax's own curvature caps the Richardson step at
# 2**-6, whatever the loss (a sweep over every catalogue loss at logits of +-1000: docs/performance.md).
MAX_GROW: dict[torch.dtype, int] = {torch.float64: 1}


def fd_step(dtype: torch.dtype, loss_scale: float, beta: float = 1.0) -> float:
    """The Richardson step for this dtype, grown by ~|loss|**(1/5) (a power of two, at most MAX_GROW)
    where per-pair losses are large (|delta| ~ 1000), since the rounding error grows with |loss|; and
    shrunk by ~beta where beta > 1, since delta = beta * margin bends on a parameter scale of 1/beta and
    the O(h^4) truncation error grows like beta**5 (seen: 1e-6 relative at beta = 5 without it)."""
    grow = round(math.log2(max(1.0, loss_scale)) / 5) if math.isfinite(loss_scale) else 0
    grow = min(grow, MAX_GROW.get(dtype, grow))
    shrink = round(math.log2(max(1.0, beta))) if math.isfinite(beta) else 0
    return FD_STEPS[dtype] * 2.0 ** (grow - shrink)


# elements (colours x pairs x per-pair work) evaluated in one batch: bounds memory, not speed
CHUNK_ELEMENTS = 2 ** 22


def richardson_gradient(per_pair_loss: Callable[[torch.Tensor], torch.Tensor], params: torch.Tensor,
                        groups: Optional[torch.Tensor], step: float, work_per_colour: int,
                        richardson: bool = True) -> torch.Tensor:
    r"""$\nabla \frac1N\sum_i \ell_i$ by Richardson-extrapolated central differences, colour by colour.

    ``groups``: LongTensor[pairs] naming the slice ``params[g]`` each pair depends on, or None
    when every pair may depend on every parameter (then one colour per parameter).
    ``work_per_colour``: elements one evaluation of all pairs touches (sizes the batches).
    ``richardson=False``: the plain central difference D(h), two evaluations per colour, as
    torch.autograd.gradcheck takes (for the benchmark; choose a smaller step, ~2**-17 in float64).
    """
    params = params.detach()
    shape = tuple(params.shape)
    colour_shape = shape[1:] if groups is not None else shape
    n_colours = 1
    for s in colour_shape:
        n_colours *= s
    per_slice = params.reshape(shape[0], n_colours) if groups is not None else params.reshape(1, n_colours)
    points = [step, -step, step / 2, -step / 2] if richardson else [step, -step]
    chunk = max(1, min(n_colours, CHUNK_ELEMENTS // max(1, len(points) * work_per_colour)))
    columns = []  # [colours, pairs]: d loss_i / d (colour)
    with torch.no_grad():
        # one buffer of params copies for every chunk: each chunk moves its columns, evaluates and puts
        # them back (a fresh copy per chunk cost as much as the evaluation: page faults on 32 MB)
        buffer = per_slice.expand((len(points), chunk) + tuple(per_slice.shape)).clone()  # [P, chunk, slices, colours]
        offsets = torch.tensor(points, dtype=params.dtype, device=params.device)[None, :, None]
        for start in range(0, n_colours, chunk):
            idx = torch.arange(start, min(start + chunk, n_colours), device=params.device)
            c = len(idx)
            rows = torch.arange(c, device=params.device)
            batch = buffer[:, :c]  # batch[s, j] = params with column idx[j] of every slice moved by offsets[s]
            batch[:, rows, :, idx] = per_slice[:, idx].T[:, None, :] + offsets  # index: [c, P, slices]
            losses = per_pair_loss(batch.reshape((len(points), c) + shape))  # [P, c, pairs]
            batch[:, rows, :, idx] = per_slice[:, idx].T[:, None, :].expand(c, len(points), -1)
            d_h = (losses[0] - losses[1]) / (2 * step)
            if not richardson:
                columns.append(d_h)
                continue
            d_h2 = (losses[2] - losses[3]) / step
            columns.append((4 * d_h2 - d_h) / 3)
    col = torch.cat(columns)  # [n_colours, pairs]
    pairs = col.shape[1]
    if groups is None:
        return (col.sum(dim=1) / pairs).reshape(shape)
    grad = torch.zeros_like(per_slice)  # [slices, n_colours]; pair i adds its column to slice g_i
    grad.index_add_(0, groups, col.T)
    return (grad / pairs).reshape(shape)
