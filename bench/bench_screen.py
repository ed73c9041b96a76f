"""Benchmark: the equality screen's evaluation of both sides, a numpy tree walk against lambdify.

    python bench/bench_screen.py [FILE ...] [--write]

The checker is run on the files while every pair of sides the screen evaluates is recorded. Then
each recorded pair is turned into a function of its variables and evaluated at 24 points, once by
`symbolic/floats.at_points` (the walk) and once by `symbolic/notation.to_numpy` (sympy's lambdify,
the baseline, in the same run), and the values of the two are compared.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from corpus.truth import corpus_paths  # noqa: E402
from docs_section import main_over_files  # noqa: E402
from dpo_proof.checker.claims import check_paths  # noqa: E402
from dpo_proof.symbolic import equality  # noqa: E402
from dpo_proof.symbolic.floats import at_points  # noqa: E402
from dpo_proof.symbolic.notation import to_numpy  # noqa: E402

DEFAULT = ["196-", "208-", "148-", "57-", "02-", "245-"]  # corpus files with many sums and long sides


def recorded(paths: list[str]) -> list:
    pairs = []

    def keep(variables, exprs, *args, **kwargs):
        pairs.append((list(variables), list(exprs)))
        return at_points(variables, exprs, *args, **kwargs)

    equality.at_points = keep
    try:
        for path in paths:
            check_paths([path], time_limit=3.0)
    finally:
        equality.at_points = at_points
    return pairs


def timed(make, pairs, columns) -> tuple[float, list]:
    start, values = time.perf_counter(), []
    for (variables, exprs), cols in zip(pairs, columns):
        with np.errstate(all="ignore"):
            try:
                values.append([np.asarray(v, dtype=complex) for v in make(variables, exprs)(*cols)])
            except Exception as exc:  # noqa: BLE001  (what the screen does: no value)
                values.append(type(exc).__name__)
    return time.perf_counter() - start, values


def same(a, b) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return all(np.allclose(np.broadcast_to(x, (24,)), np.broadcast_to(y, (24,)), rtol=1e-12, atol=1e-12,
                           equal_nan=True) for x, y in zip(a, b))


def measure(names: list[str]) -> str:
    paths = corpus_paths(names)
    pairs = recorded(paths)
    rng = np.random.default_rng(0)
    columns = [[rng.uniform(-2, 2, 24) for _ in variables] for variables, _ in pairs]
    walk_s, walk = timed(at_points, pairs, columns)
    lambdify_s, base = timed(to_numpy, pairs, columns)
    agree = sum(same(a, b) for a, b in zip(walk, base))
    return "\n".join([
        f"Files: {', '.join(Path(p).name for p in paths)}.", "",
        "| pairs of sides | lambdify (s) | tree walk (s) | speed-up | same values |",
        "|---:|---:|---:|---:|---:|",
        f"| {len(pairs)} | {lambdify_s:.2f} | {walk_s:.2f} | {lambdify_s / max(walk_s, 1e-9):.1f}x | "
        f"{agree}/{len(pairs)} |"])


def main() -> None:
    main_over_files(__doc__, "screen", measure, DEFAULT, "Each pair is built and evaluated at 24 points.",
                    "corpus file prefixes (e.g. 196-)")


if __name__ == "__main__":
    main()
