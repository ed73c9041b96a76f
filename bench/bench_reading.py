"""Benchmark: how long `check` takes on 100 lines written by others, and how much of it is reading.

    python bench/bench_reading.py [--lines 100] [--time-limit 3]

For every corpus file (tests/corpus/real/) with at least --lines lines, the first --lines lines
are checked (target: under 2 s each). Baseline in the same run: the time the equality engine
spends on the same claims; reading (finding the math, splitting it, parsing every side) is
timed on its own.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from corpus.truth import corpus_files  # noqa: E402
from dpo_proof.checker import claims, compare  # noqa: E402
from dpo_proof.checker.context import parse_side, split_blocks  # noqa: E402
from dpo_proof.checker.markdown import find_math, normalise_newlines  # noqa: E402
from dpo_proof.checker.parsing import LatexError  # noqa: E402
from dpo_proof.checker.reading import read_source  # noqa: E402


def reading_seconds(text: str) -> float:
    start = time.perf_counter()
    scan = find_math(normalise_newlines(text))
    for eq in split_blocks(scan.blocks, scan.problems):
        for side in eq.sides:
            try:
                parse_side(side)
            except LatexError:
                pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100)
    parser.add_argument("--time-limit", type=float, default=3.0)
    args = parser.parse_args()
    spent: list[float] = []
    original = compare.check_equal

    def timed(*a, **k):
        start = time.perf_counter()
        try:
            return original(*a, **k)
        finally:
            spent.append(time.perf_counter() - start)

    compare.check_equal = timed
    claims.check_text("$$a = 1$$", "warm.md")  # grammar and sympy caches built once
    print(f"| first {args.lines} lines of | seconds | equality engine | reading | claims |")
    print("|---|---:|---:|---:|---:|")
    for path in corpus_files():
        _, text = read_source(str(path))
        lines = text.split("\n")
        if len(lines) < args.lines and not path.suffix == ".ipynb":
            continue
        excerpt = "\n".join(lines[: args.lines]) if path.suffix != ".ipynb" else text
        if not find_math(normalise_newlines(excerpt)).blocks:
            continue  # no math read (formulas in plain code blocks): nothing to time
        totals, engine = [], []
        for _ in range(3):
            spent.clear()
            start = time.perf_counter()
            checks, _, _ = claims.check_text(excerpt, path.name, args.time_limit)
            totals.append(time.perf_counter() - start)
            engine.append(sum(spent))
        reading = statistics.median(reading_seconds(excerpt) for _ in range(3))
        print(f"| {path.name} | {statistics.median(totals):.2f} | {statistics.median(engine):.2f} | "
              f"{reading:.3f} | {len(checks)} |", flush=True)


if __name__ == "__main__":
    main()
