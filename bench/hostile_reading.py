"""Hostile input for `dpo-proof check`'s reading layer, full size: time, exit code, traceback, JSON.

    python bench/hostile_reading.py [--timeout 60] [--only NAME ...] [--scale 1.0]

Each case runs `dpo-proof check --json` in a child process with a wall-clock limit, and prints
one Markdown row: the case, seconds, exit code, whether stdout is exactly one JSON document,
whether stderr holds a traceback, and the seconds the reading layer alone takes (finding and
splitting the math, in this process; judging the claims is the rest). tests/test_hostile_reading.py runs the same cases at a small
scale in CI; this script runs them at the sizes that were measured in the issue (2 cores).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

MB = 1_000_000


def cases(scale: float) -> dict[str, str | None]:
    """name -> file content (None: a special input built by `run`)."""
    n = lambda k: max(int(k * scale), 1)  # noqa: E731
    return {
        "5,000 spaces before a closing $$": "$$a = b" + " " * n(5000) + "$$\n",
        "20,000 repetitions of `$a `": "$a " * n(20000),
        "1 MB of inline math": ("Then $a_{1} = b + c$ and " * (MB // 24))[: n(MB - 10)] + "\n",
        "1 MB of inline math, one line each": ("$a = b$\n" * (MB // 8))[: n(MB - 10)],
        "\\tag{ + 10,000 letters": "$$a = b \\tag{" + "x" * n(10000) + "$$\n",
        "$$ with 30,000 newlines inside": "$$" + "\n" * n(30000) + "a = b$$\n",
        "$$a then a blank line, 20,000 times": "$$a\n\n" * n(20000),
        "\\begin{align} never closed, 20,000 times": "\\begin{align}\n\n" * n(20000),
        "1 MB of $$ blocks": ("$$a = b$$\n\n" * (MB // 11))[: n(MB - 10)],
        "1 MB paragraph of unclosed $": ("$a " * (MB // 3))[: n(MB - 10)],
        "a FIFO as the input": None,
        "check - with stdin closed": None,
    }


def run(name: str, content: str | None, timeout: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        stdin = subprocess.DEVNULL
        if name == "a FIFO as the input":
            path = os.path.join(tmp, "f")
            os.mkfifo(path)
        elif name == "check - with stdin closed":
            path, stdin = "-", None
        else:
            path = os.path.join(tmp, "notes.md")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(content)
        argv = [sys.executable, "-m", "dpo_proof", "check", "--json", path]
        start = time.perf_counter()
        try:
            if stdin is None:  # stdin closed: the child's fd 0 is not open at all
                proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                                      preexec_fn=lambda: os.close(0))
            else:
                proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, stdin=stdin)
        except subprocess.TimeoutExpired:
            return {"case": name, "seconds": time.perf_counter() - start, "rc": "timeout",
                    "json": False, "traceback": False}
        seconds = time.perf_counter() - start
    try:
        json.loads(proc.stdout)
        one_json = True
    except ValueError:
        one_json = False
    return {"case": name, "seconds": seconds, "rc": proc.returncode, "json": one_json,
            "traceback": "Traceback" in proc.stderr}


def scan_seconds(content: str | None) -> str:
    """The reading layer alone, in this process: finding the math and splitting it."""
    if content is None:
        return "-"
    from dpo_proof.checker.context import split_blocks
    from dpo_proof.checker.markdown import find_math

    start = time.perf_counter()
    scan = find_math(content)
    split_blocks(scan.blocks, scan.problems)
    return f"{time.perf_counter() - start:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", nargs="*", default=None, help="substrings of case names")
    args = parser.parse_args()
    print("| case | seconds | exit | one JSON doc | traceback | reading alone (s) |")
    print("|---|---:|---:|---|---|---:|")
    for name, content in cases(args.scale).items():
        if args.only and not any(s in name for s in args.only):
            continue
        r = run(name, content, args.timeout)
        seconds = f">{args.timeout:g}" if r["rc"] == "timeout" else f"{r['seconds']:.2f}"
        print(f"| {name} | {seconds} | {r['rc']} | {r['json']} | {r['traceback']} | "
              f"{scan_seconds(content)} |", flush=True)


if __name__ == "__main__":
    main()
