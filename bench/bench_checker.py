"""Benchmark: `dpo-proof check` on a 40-claim derivation (target: under 2 s beyond import).

    /tmp/venv/bin/python bench/bench_checker.py [FILE ...]

Baseline in the same run: the time the equality engine (symbolic/equality.py) spends on the
same claims, so the checker's own overhead (finding math, parsing, definitions) is the rest.
"""
from __future__ import annotations

import statistics
import sys
import time

t0 = time.perf_counter()
from dpo_proof.checker import claims, compare  # noqa: E402  (import time is measured)
from dpo_proof.symbolic import equality  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - t0


def main(paths: list[str]) -> None:
    spent = []
    original = equality.check_equal

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - start)

    compare.check_equal = timed
    print(f"import (checker + sympy + lark): {IMPORT_SECONDS:.2f} s")
    for path in paths:
        totals, engine = [], []
        for _ in range(3):
            spent.clear()
            start = time.perf_counter()
            report = claims.check_paths([path], time_limit=3.0)
            totals.append(time.perf_counter() - start)
            engine.append(sum(spent))
        print(f"{path}: {report.summary}")
        print(f"  first run {totals[0]:.2f} s (grammar build included), median of 3 {statistics.median(totals):.2f} s;"
              f" equality engine {statistics.median(engine):.2f} s"
              f" ({statistics.median(engine) / statistics.median(totals):.0%} of it)")


if __name__ == "__main__":
    main(sys.argv[1:] or ["docs/examples/long.md"])
