"""dpo-proof: prove, and let anyone check, the gradient of the DPO loss.

    l_DPO(phi) = -E[log sigma(delta)]                                   (1)
    grad l_DPO = -beta E[sigma(-delta) (grad log pi(y_w|x) - grad log pi(y_l|x))]   (2)

The public surface is small: `Report` and `Check` (what every command returns), and the
modules `dpo_proof.symbolic`, `dpo_proof.numeric`, `dpo_proof.checker`, `dpo_proof.plotting`
and `dpo_proof.testing`. Importing this package imports nothing heavy.
"""
from .report import Check, Report, UsageError

__version__ = "0.1.0"
__all__ = ["Check", "Report", "UsageError", "__version__"]
