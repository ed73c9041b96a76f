"""Hostile inputs to `dpo-proof check` that attack judging and time (issue 14): full size.

    python bench/hostile_judging.py [--limit SECONDS]

Each case runs `python -m dpo_proof check` in a child process with a wall-clock cap (default 300 s)
and prints its exit code, wall time, whether a traceback was printed, and the summary line. The
contract: every case ends well inside 60 s, exits 1 or 2 (each holds a false claim or a bad
option), never with a traceback. tests/test_hostile_judging.py runs small versions of these.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

DELTA = (r"$$\delta = \beta \log \frac{\pi_\phi(y_w|x)}{\pi_{ref}(y_w|x)} - "
         r"\beta \log \frac{\pi_\phi(y_l|x)}{\pi_{ref}(y_l|x)}$$" "\n\n")
FALSE = "$$\\sigma(0) = 1$$\n"  # a false claim that any judging run refutes

CASES = {
    # name: (file text, extra options)
    "d^9/dphi^9 three times": (
        DELTA + "$$" + r"\frac{d^9}{d\phi^9}" * 3 + r"\log\sigma(\delta) = 0$$" "\n", []),
    "e^{e^7} = 1": ("$$e^{e^{7}} = 1$$\n", []),
    "nabla_phi 200 times": (
        DELTA + "$$" + r"\nabla_\phi " * 200 + r"\log\sigma(\delta) = 1$$" "\n", []),
    "--time-limit 1e10": (FALSE, ["--time-limit", "1e10"]),
    "--time-limit 0.001": (FALSE, ["--time-limit", "0.001"]),
    "many slow claims (file budget)": (
        DELTA + "".join("$$" + r"\frac{d^9}{d\phi^9}" * 2 + rf"\log\sigma({k}\delta) = 0$$" "\n"
                        for k in range(2, 40)), []),
}


def run(text: str, options: list[str], limit: float) -> tuple[str, float, bool, str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "hostile.md")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        start = time.perf_counter()
        try:
            done = subprocess.run([sys.executable, "-m", "dpo_proof", "check", path, *options],
                                  capture_output=True, text=True, timeout=limit)
        except subprocess.TimeoutExpired:
            return "killed", time.perf_counter() - start, False, f"still running after {limit:g} s"
        seconds = time.perf_counter() - start
        out = (done.stdout.strip().splitlines() or [""])[-1]
        err = done.stderr.strip().splitlines()
        return str(done.returncode), seconds, "Traceback" in done.stderr, out or (err[-1] if err else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=300.0, help="kill a case after this many seconds")
    args = parser.parse_args()
    print(f"{'case':34} {'exit':>6} {'seconds':>8}  traceback  last line")
    for name, (text, options) in CASES.items():
        code, seconds, traceback, last = run(text, options, args.limit)
        print(f"{name:34} {code:>6} {seconds:8.1f}  {'YES' if traceback else 'no ':9}  {last[:90]}")


if __name__ == "__main__":
    main()
