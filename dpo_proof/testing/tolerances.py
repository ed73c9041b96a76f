"""How close is close enough: one table of tolerances, keyed by dtype.

A value `actual` matches `expected` when |actual - expected| <= atol + rtol * |expected|
(the rule of torch.allclose). float64 is the default everywhere; the looser rows exist for
people whose loss runs in lower precision.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tolerance:
    rtol: float
    atol: float

    def __str__(self) -> str:
        return f"atol={self.atol:g}, rtol={self.rtol:g}"

    def bound(self, expected: float) -> float:
        return self.atol + self.rtol * abs(expected)


#: dtype name -> tolerance. float64 leaves room for a different but exact order of operations
#: (e.g. beta*(pc - pr) - beta*(rc - rr) against beta*((pc - rc) - (pr - rr))) at |log-probs|
#: of 10^4; every known bug is wrong by far more than that.
TOLERANCES: dict[str, Tolerance] = {
    "float64": Tolerance(rtol=1e-7, atol=1e-9),
    "float32": Tolerance(rtol=1e-3, atol=1e-4),
    "float16": Tolerance(rtol=2e-2, atol=1e-2),
    "bfloat16": Tolerance(rtol=2e-2, atol=1e-2),
}


def dtype_name(dtype) -> str:
    """'float64' for torch.float64, numpy.float64 or the string itself."""
    name = str(dtype).replace("torch.", "")
    return {"double": "float64", "float": "float32", "half": "float16"}.get(name, name)


def tolerance_for(dtype) -> Tolerance:
    """The row of TOLERANCES for `dtype`; an unknown dtype is a ValueError naming the known ones."""
    name = dtype_name(dtype)
    try:
        return TOLERANCES[name]
    except KeyError:
        raise ValueError(f"no tolerance for dtype {name!r}; known: {', '.join(TOLERANCES)}") from None
