"""dpo-proof: prove, and let anyone check, the gradient of the DPO loss.

    l_DPO(phi) = -E[log sigma(delta)]                                   (1)
    grad l_DPO = -beta E[sigma(-delta) (grad log pi(y_w|x) - grad log pi(y_l|x))]   (2)

The public surface is small: `Report` and `Check` (what every command returns), and the
modules `dpo_proof.symbolic`, `dpo_proof.numeric`, `dpo_proof.checker`, `dpo_proof.plotting`
and `dpo_proof.testing`. Importing this package imports nothing heavy.
"""
import os
import sys

# sympy sizes its memo once, when it is first imported (SYMPY_CACHE_SIZE, 1000 entries by default).
# Checking derivations asks the same questions again and again (the same sigma identities, the
# catalogue's forms): unbounded, checking the corpus takes about a fifth less time (see
# docs/performance.md). Set only where sympy is not imported yet and the user did not choose a size.
if "sympy" not in sys.modules:
    os.environ.setdefault("SYMPY_CACHE_SIZE", "none")

from .report import Check, Report, UsageError  # noqa: E402

__version__ = "0.1.0"
__all__ = ["Check", "Report", "UsageError", "__version__"]
