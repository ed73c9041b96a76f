r"""dpo_proof.testing: check your own DPO code (or any loss of the preference family) in your
own test suite.

    from dpo_proof.testing import assert_dpo_loss
    def test_my_loss():
        assert_dpo_loss(my_dpo_loss, beta=0.1)

- `check_dpo_loss(fn, beta, loss=..., params=...)` / `assert_dpo_loss`: a loss (function, method,
  loss class, nn.Module or 'file.py:Class.method') against eq. (1) $-\log\sigma(\delta)$ and its
  gradient (2), or against any catalogue loss; at ordinary and extreme margins. When it differs,
  the report names one cause: a known slip, or the catalogue loss it is.
- `check_dpo_gradient(grad_fn, beta, reduction=...)` / `assert_dpo_gradient`: a hand-written backward.
- `check_loss_target('file.py:name', ...)`: the `dpo-proof check-loss` command (isolated in a
  child process by default); `load_target`, `load_source`: load a target like the command does.
- `dpo_proof.testing.strategies`: hypothesis strategies (needs `hypothesis`; imported on use).
- `tolerance_for(dtype)`: the code checkers' dtype-derived tolerance (`dpo_proof.tolerances`).

Names load on first use: importing the package is instant, and torch is imported only by the
checks that run it (the command line's parent process never imports it).
"""
from __future__ import annotations

import importlib

_WHERE = {
    "check_dpo_loss": "loss_check", "assert_dpo_loss": "loss_check",
    "check_dpo_gradient": "gradient_check", "assert_dpo_gradient": "gradient_check",
    "check_loss_target": "run", "load_target": "target", "load_source": "target",
    "Tolerance": "..tolerances", "tolerance_for": "..tolerances", "TOLERANCES": "..tolerances",
}
_RENAMED = {"tolerance_for": "rounding_tolerance"}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'dpo_proof.testing' has no attribute {name!r}")
    module = importlib.import_module(f".{_WHERE[name]}" if not _WHERE[name].startswith("..")
                                     else "dpo_proof.tolerances", __name__)
    if name == "TOLERANCES":  # the rule's tolerance for each dtype (the spread is added per entry)
        value = {d: module.rounding_tolerance(d) for d in ("float64", "float32", "float16", "bfloat16")}
    else:
        value = getattr(module, _RENAMED.get(name, name))
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_WHERE))
