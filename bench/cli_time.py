"""Wall time of the documented commands: a fresh process each, and again inside one warm process.

    python bench/cli_time.py --repeat 3 --write

Fresh: `python -m dpo_proof ...` in a child, best of N (imports included: that is what a user
waits for). Warm: `main(argv)` called again in this process after a first call, best of N
(imports and first-call caches excluded: what a script or a test suite pays per call).
`--write` fills the section `cli-time` of docs/performance.md.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
import time
from pathlib import Path

from docs_section import add_write_option, section, write_section

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = (["--help"], ["figures", "--list"], ["verify"], ["derive", "--format", "latex"], ["gradcheck"],
            ["gradcheck", "--extreme"], ["check", "docs/examples/long.md"])


def fresh(argv: list[str], repeat: int) -> tuple[float, int]:
    best, code = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        code = subprocess.run([sys.executable, "-m", "dpo_proof", *argv], cwd=ROOT, capture_output=True).returncode
        best = min(best, time.perf_counter() - start)
    return best, code


def warm(argv: list[str], repeat: int) -> float:
    from dpo_proof.cli import main

    best = float("inf")
    for i in range(repeat + 1):
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main(argv)
        if i:  # the first call pays for imports and caches
            best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    add_write_option(parser)
    args = parser.parse_args()
    os.chdir(ROOT)  # the commands name files relative to the repository root
    lines = ["| command | exit | fresh process (s) | warm, in one process (s) |", "|---|---:|---:|---:|"]
    for argv in COMMANDS:
        seconds, code = fresh(argv, args.repeat)
        lines.append(f"| `dpo-proof {' '.join(argv)}` | {code} | {seconds:.2f} | {warm(argv, args.repeat):.3f} |")
    text = section("\n".join(lines), note="Best of the repeats; run from the repository root.")
    print(text)
    if args.write:
        write_section("cli-time", text)


if __name__ == "__main__":
    main()
