"""`dpo-proof check-loss TARGET`: load the target and check it, in a child process by default.

`check_loss_target` is the command's entry point and the Python API for the same thing; with
`isolate=False` it runs in this process (faster; the per-call timer is the only guard, and it
works on POSIX in the main thread only). `run_request` is what the child runs.
"""
from __future__ import annotations

from ..limits import Timeout, deadline, torch_threads
from ..report import UsageError
from . import isolation
from .values import from_wire, to_wire

#: the options a request may carry (the keyword arguments of check_dpo_loss it passes on)
OPTIONS = ("beta", "loss", "params", "reduction", "reference_free", "seed", "pairs", "dtype", "kw",
           "self_attrs", "init", "tokens", "average_tokens", "from_source", "identify", "name")


def check_loss_target(target: str, beta: float | None = None, *, isolate: bool = True,
                      time_limit: float | None = None, memory_limit: float | None = None, **options):
    """Check the loss named by `target` ('file.py:fn', 'file.py:Class.method', 'file.py:Class',
    'module:attr'); `options` as check_dpo_loss takes them (dtype as a name or a torch dtype).

    isolate=True (default): in a child process with a hard wall-clock limit (`time_limit`
    seconds for the whole check, default 45) and a memory cap (`memory_limit` GB, default 4)."""
    unknown = set(options) - set(OPTIONS)
    if unknown:
        raise TypeError(f"check_loss_target got unknown options: {', '.join(sorted(unknown))}")
    options = dict(options, beta=beta)
    if "dtype" in options:
        options["dtype"] = str(options["dtype"]).replace("torch.", "")
    if isolate:
        request = {"target": target, "options": {k: to_wire(v) for k, v in options.items() if v is not None}}
        return isolation.run_child(request, time_limit, memory_limit)
    return _in_process(target, options, time_limit or isolation.TIME_LIMIT)


def _in_process(target, options: dict, seconds: float):
    import torch

    from . import target as target_module
    from .loss_check import check_dpo_loss

    options = dict(options)
    if isinstance(options.get("dtype"), str):
        options["dtype"] = getattr(torch, options["dtype"])
    target_module.TIME_LIMIT = seconds
    beta = options.pop("beta", None)
    return check_dpo_loss(target, beta, time_limit=seconds, **options)


class _OverBudget(Timeout):
    """The child's whole budget is spent (raised outside any one call of the loss)."""


def run_request(request: dict, budget: float):
    """In the child: the check the request describes, within `budget` seconds in all."""
    options = {k: from_wire(v) for k, v in request.get("options", {}).items() if k in OPTIONS}
    try:
        with deadline(budget, _OverBudget), torch_threads(1):  # tiny tensors: threads only cost wake-ups
            return _in_process(request["target"], options, budget)
    except ValueError as exc:  # the checker's own argument checks: a usage error, as in this process
        raise UsageError(str(exc)) from None
    except _OverBudget:
        return isolation._failed(request["target"], f"the check ran past the time limit of {budget:g} s "
                                 f"(loading the target or calling the loss)\nfix: make the loss return; raise the "
                                 f"limit with --time-limit if it is only slow", options)
