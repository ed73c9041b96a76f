"""One call of the user's loss on a probe, as numbers: the value and its autograd gradient in
each of the four log-prob inputs, per pair.

The loss may return per-pair losses of shape (pairs,), a scalar (their mean or sum), or a tuple
or list whose first element is one of these (TRL's (losses, chosen_rewards, rejected_rewards),
HALOs' 5-tuples). With token-level probes the gradient of each token is read back as the
gradient of its response's summed log-prob (equal on every token) or of its mean (times the
length): `aggregation` says which reading an observation uses.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import torch

from .invoke import UserCodeError, call_user
from .probes import INPUT_NAMES, Probe

SHAPE_HINT = ("return per-pair losses of shape (pairs,), their mean or sum as a scalar, "
              "or a tuple whose first element is one of these")


@dataclass(frozen=True)
class Observation:
    """What the loss returned on `probe` and its gradients, per pair, in float64."""

    probe: Probe
    value: torch.Tensor                      # shape (pairs,) or ()
    shape: str                               # "per-pair" or "scalar"
    grads: tuple[torch.Tensor | None, ...]   # per input; None: not passed, or not connected
    out_dtype: torch.dtype
    aggregation: str = "sum"                 # tokens read as summed ("sum") or averaged ("mean") log-probs
    token_grads: tuple | None = None         # (pairs, T) gradients, token-level probes only

    @property
    def inputs(self) -> tuple[torch.Tensor, ...]:
        return self.probe.aggregated(self.aggregation)

    @property
    def equal_token_weights(self) -> bool:
        """True unless tokens of one response get different gradients (then no sum or mean fits)."""
        if self.token_grads is None:
            return True
        for g, n in zip(self.token_grads, self.probe.lengths * 2):
            if g is not None:
                valid = torch.arange(g.shape[1]) < n[:, None]
                first = g[:, :1].expand_as(g)
                if not bool(torch.isclose(g, first, rtol=1e-6, atol=1e-30)[valid].all()):
                    return False
        return True

    def averaged(self) -> "Observation":
        """The same call read as a loss of length-averaged log-probs (token-level probes only)."""
        lengths = self.probe.lengths * 2
        grads = tuple(None if g is None else g * n.to(torch.float64) for g, n in zip(self.grads, lengths))
        return replace(self, grads=grads, aggregation="mean")


def first_tensor(out, pairs: int) -> tuple[torch.Tensor, str]:
    """The loss tensor in what a function returned, and its shape; UserCodeError if unusable."""
    if isinstance(out, dict) and "loss" in out:
        out = out["loss"]
    if isinstance(out, (tuple, list)):
        if not out:
            raise UserCodeError(f"the loss function returned an empty {type(out).__name__}; {SHAPE_HINT}")
        out = out[0]
    if not isinstance(out, torch.Tensor):
        raise UserCodeError(f"the loss function returned {type(out).__name__}, not a torch.Tensor; {SHAPE_HINT}")
    if tuple(out.shape) == (pairs,):
        return out, "per-pair"
    if out.numel() == 1:
        return out.reshape(()), "scalar"
    if tuple(out.shape) == (2 * pairs,):
        raise UserCodeError(f"the loss function returned {2 * pairs} values for {pairs} pairs: one per response, "
                            "as kto_pair does (a batch-level loss that compares each response with batch means); "
                            "it has no per-pair loss to check or identify")
    raise UserCodeError(f"the loss function returned shape {tuple(out.shape)} for {pairs} pairs; {SHAPE_HINT}")


def observe(call, probe: Probe, seconds: float | None = None, explain=None) -> Observation:
    """Call the loss on fresh leaf tensors of `probe` and differentiate the sum of what it returns."""
    leaves = tuple(x.detach().clone().requires_grad_(True) for x in probe.call_inputs)
    passed = tuple(leaves[i] for i, role in enumerate(INPUT_NAMES) if role in call.passes)

    def run():
        fn = call.function()
        args, kwargs = call.arguments(leaves)
        return fn(*args, **kwargs)

    out = call_user(run, (), {}, "the loss function", seconds, explain)
    out, shape = first_tensor(out, probe.pairs)
    if not out.requires_grad:
        raise UserCodeError("the returned loss does not require grad, so its gradient cannot be checked: "
                            "is it detached (.detach(), .item(), numpy, torch.no_grad)?")
    found = call_user(lambda: torch.autograd.grad(out.sum(), passed, allow_unused=True), (), {},
                      "backward through the returned loss", seconds, explain)
    by_leaf = {id(x): g for x, g in zip(passed, found)}
    grads = tuple(by_leaf.get(id(x)) for x in leaves)
    grads = tuple(None if g is None else g.detach().to(torch.float64) for g in grads)
    tokens = None
    if probe.tokens is not None:
        tokens = grads
        grads = tuple(None if g is None else g[:, 0] for g in grads)
    return Observation(probe, out.detach().to(torch.float64), shape, grads, out.dtype, token_grads=tokens)
