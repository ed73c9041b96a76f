r"""The catalogue: each known slip and each loss of the preference family, defined once.

- `slips.SLIPS`: the ways to get eq. (1), (2) or (b) wrong, each with its symbolic mutations
  (`mutations.py`) and numeric forms (`forms.py`);
- `losses.LOSSES`: DPO and its relatives as per-pair functions of the log-ratios.

Everything else (the derivation, the numeric advice, the code checkers, the derivation checker,
the docs and the tests) reads these tables. Importing the catalogue imports neither sympy nor
torch; the forms that need them import them on use.
"""
from .losses import LOSSES, Loss, loss
from .slips import SLIPS, Slip, slip

__all__ = ["SLIPS", "Slip", "slip", "LOSSES", "Loss", "loss"]
