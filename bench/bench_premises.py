"""Benchmark: the search for the premise a line follows from, sympy's checked roots against ours.

    python bench/bench_premises.py [FILE ...] [--write]

The checker is run on the files while every search it makes (checker/entail.follows: a premise, a
line) is recorded. Each recorded search is then run again, with a time limit high enough that none
is cut, twice: as the checker makes it (sympy's roots unchecked; only a root that makes the line
hold is checked against the premise) and with sympy checking every root it returns (the baseline,
in the same run). The table gives both times and how many searches came out the same.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import sympy as sp

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from corpus.truth import corpus_paths  # noqa: E402
from docs_section import main_over_files  # noqa: E402
from dpo_proof.checker import continuations, entail  # noqa: E402
from dpo_proof.checker.claims import check_paths  # noqa: E402

DEFAULT = ["148-", "290-", "363-", "265-", "124-", "95-", "54-", "11-"]  # files with many searches
TIME_LIMIT = 20.0


class _CheckedRoots:
    """sympy as entail.py sees it, except that `solve` checks every root (its default)."""

    def __getattr__(self, name):
        return getattr(sp, name)

    @staticmethod
    def solve(*args, **kwargs):
        kwargs.pop("check", None)
        return sp.solve(*args, **kwargs)


def recorded(paths: list[str]) -> list:
    searches = []

    def keep(premise, claim, defined, seconds):
        searches.append((premise, claim, set(defined)))
        return entail.follows(premise, claim, defined, seconds)

    continuations.follows = keep
    try:
        for path in paths:
            check_paths([path], time_limit=3.0)
    finally:
        continuations.follows = entail.follows
    return searches


def timed(searches) -> tuple[float, list]:
    start = time.perf_counter()
    found = [entail.follows(premise, claim, defined, TIME_LIMIT) for premise, claim, defined in searches]
    return time.perf_counter() - start, found


def measure(names: list[str]) -> str:
    paths = corpus_paths(names)
    searches = recorded(paths)
    ours_s, ours = timed(searches)
    entail.sp = _CheckedRoots()
    try:
        checked_s, checked = timed(searches)
    finally:
        entail.sp = sp
    agree = sum((a is None) == (b is None) for a, b in zip(ours, checked))
    return "\n".join([
        f"Files: {', '.join(Path(p).name for p in paths)}.", "",
        "| searches | found | sympy checks every root (s) | only roots that carry the line (s) | speed-up "
        "| same outcome |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {len(searches)} | {sum(a is not None for a in ours)} | {checked_s:.2f} | {ours_s:.2f} | "
        f"{checked_s / max(ours_s, 1e-9):.1f}x | {agree}/{len(searches)} |"])


def main() -> None:
    main_over_files(__doc__, "premises", measure, DEFAULT,
                    f"Each search runs with a time limit of {TIME_LIMIT:g} s, so that none is cut.",
                    "corpus file prefixes (e.g. 148-)")


if __name__ == "__main__":
    main()
