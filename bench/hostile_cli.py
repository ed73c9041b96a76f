"""Hostile conditions around the CLI, full size: each case's exit code, time and verdict.

    python bench/hostile_cli.py --write
    python bench/hostile_cli.py --tree /path/to/an/older/checkout     # the same cases on other code

Runs the cases of tests/test_hostile_cli.py and the full-size ones below (the exact commands of
issue 14: `verify`, every figure) in child processes, and reports exit code, seconds and what
broke the contract (exit code, a traceback, not one JSON document). `--tree` runs another
checkout's package (PYTHONPATH) for before/after numbers; the 17-GB gradcheck case runs on other
code only with `--allow-huge`, since code without the memory guard allocates until it is killed.
`--write` fills the section `hostile-cli` of docs/performance.md.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from docs_section import add_write_option, section, write_section

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from test_hostile_cli import CASES, CP1252, Case, problems, run_case  # noqa: E402

HUGE = "too large for memory"
FULL = [
    Case("verify --json, stdout closed", ["verify", "--json"], (2,), stdout="closed", stderr_has="stdout"),
    Case("verify --json > /dev/full", ["verify", "--json"], (2,), stdout="full", stderr_has="stdout"),
    Case("cp1252: verify --json", ["verify", "--json"], (0,), env=CP1252, json=True),
    Case("cp1252: verify (text)", ["verify"], (0,), env=CP1252),
    Case("cp1252: derive --format latex", ["derive", "--format", "latex"], (0,), env=CP1252),
    Case("broken TeX: figures --format pgf (every figure)", ["figures", "--format", "pgf", "-o", "out"], (2,),
         fake_tex=True, stderr_has="--format pgf"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", help="run the package of this checkout instead (its PYTHONPATH)")
    parser.add_argument("--allow-huge", action="store_true", help="run the 17-GB case on --tree code too")
    parser.add_argument("--limit", type=float, default=600, help="seconds per case (default 600)")
    add_write_option(parser)
    args = parser.parse_args()
    lines = ["| case | command | exit | seconds | contract |", "|---|---|---:|---:|---|"]
    for case in CASES + FULL:
        if case.name == HUGE and args.tree and not args.allow_huge:
            lines.append(f"| {case.name} | `{' '.join(case.argv)}` | | | not run (--allow-huge) |")
            continue
        with tempfile.TemporaryDirectory() as work:
            result = run_case(case, Path(work), args.tree, args.limit)
        found = problems(case, result)
        verdict = "kept" if not found else "; ".join(f.splitlines()[0] for f in found)
        lines.append(f"| {case.name} | `{' '.join(case.argv)}` | {result['code']} | {result['seconds']:.1f} | "
                     f"{verdict} |")
        print(lines[-1], file=sys.stderr, flush=True)
    text = section("\n".join(lines), note="Each case in a fresh child process; `contract` lists what broke it.")
    print(text)
    if args.write and not args.tree:
        write_section("hostile-cli", text)


if __name__ == "__main__":
    main()
