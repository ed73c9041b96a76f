"""Benchmark: `dpo-proof check` on a 40-claim derivation (target: under 2 s beyond import).

    python bench/bench_checker.py [FILE ...] [--write]

Baseline in the same run: the time the equality engine (symbolic/equality.py) spends on the
same claims, so the checker's own overhead (finding math, parsing, definitions) is the rest.
"""
from __future__ import annotations

import statistics
import time

t0 = time.perf_counter()
from dpo_proof.checker import claims, compare  # noqa: E402  (import time is measured)
from dpo_proof.symbolic import equality  # noqa: E402
from docs_section import main_over_files  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - t0
DEFAULT = ["docs/examples/long.md"]


def measure(paths: list[str]) -> str:
    spent = []
    original = equality.check_equal

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - start)

    compare.check_equal = timed
    lines = [f"Import (checker + sympy + lark): {IMPORT_SECONDS:.2f} s.", "",
             "| file | claims | first run (s) | median of 3 (s) | equality engine (s) | share |",
             "|---|---|---:|---:|---:|---:|"]
    for path in paths:
        totals, engine = [], []
        for _ in range(3):
            spent.clear()
            start = time.perf_counter()
            report = claims.check_paths([path], time_limit=3.0)
            totals.append(time.perf_counter() - start)
            engine.append(sum(spent))
        lines.append(f"| {path} | {report.summary_line()} | {totals[0]:.2f} | {statistics.median(totals):.2f} | "
                     f"{statistics.median(engine):.2f} | {statistics.median(engine) / statistics.median(totals):.0%} |")
    compare.check_equal = original
    return "\n".join(lines)


def main() -> None:
    main_over_files(__doc__, "checker", measure, DEFAULT, "The first run includes building the grammar.")


if __name__ == "__main__":
    main()
