r"""dpo_proof.testing: check your own DPO code in your own test suite.

    from dpo_proof.testing import assert_dpo_loss
    def test_my_loss():
        assert_dpo_loss(my_dpo_loss, beta=0.1)

- `check_dpo_loss(fn, beta)` / `assert_dpo_loss`: `fn(policy_chosen_logps, policy_rejected_logps,
  reference_chosen_logps, reference_rejected_logps)` against eq. (1) $-\log\sigma(\delta)$ and
  its gradient (2), at ordinary and extreme margins.
- `check_dpo_gradient(grad_fn, beta)` / `assert_dpo_gradient`: a hand-written backward.
- `dpo_proof.testing.strategies`: hypothesis strategies (needs `hypothesis`; imported on use).
- `TOLERANCES`: the code checkers' rows of the one tolerance table (`dpo_proof.tolerances`), keyed by dtype name.

Importing this package imports torch (the checks run it) but not hypothesis.
"""
from .gradient_check import assert_dpo_gradient, check_dpo_gradient
from .loss_check import assert_dpo_loss, check_dpo_loss
from .target import check_loss_target, load_target
from .. import tolerances as _tolerances
from ..tolerances import Tolerance, tolerance

#: The code checkers' rows of the one tolerance table (dpo_proof.tolerances), keyed by dtype name.
TOLERANCES = {dtype: tol for (dtype, method), tol in _tolerances.TOLERANCES.items() if method == "implementation"}

__all__ = ["check_dpo_loss", "assert_dpo_loss", "check_dpo_gradient", "assert_dpo_gradient",
           "check_loss_target", "load_target", "TOLERANCES", "Tolerance", "tolerance"]
