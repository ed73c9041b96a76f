"""Worst errors of every method against the closed form, over seeds and betas, per dtype and regime.

    /tmp/venv/bin/python bench/accuracy_sweep.py --seeds 8

Prints a Markdown table for docs/performance.md (default problem sizes of `dpo-proof gradcheck`).
"""
from __future__ import annotations

import argparse

from dpo_proof.numeric.gradcheck import gradcheck_report
from dpo_proof.numeric.gradcheck import METHODS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--betas", type=float, nargs="+", default=[0.01, 0.1, 1.0])
    args = parser.parse_args()
    print(f"| dtype | regime | {' | '.join(METHODS)} | failures |")
    print("|---|---|" + "---:|" * (len(METHODS) + 1))
    for dtype in ("float64", "float32"):
        for extreme in (False, True):
            worst, tolerances, failures = {}, {}, 0
            for beta in args.betas:
                for seed in range(args.seeds):
                    for c in gradcheck_report(seed=seed, beta=beta, extreme=extreme, dtype=dtype).checks:
                        method = c.fields["method"]
                        tolerances[method] = c.fields["tolerance"]
                        failures += not c.ok
                        if c.verdict != "skipped":
                            worst[method] = max(worst.get(method, 0.0), c.fields["max_rel_error"])
            cells = [f"{worst[m]:.1e} (tol {tolerances[m]:.0e})" if m in worst else "skipped" for m in METHODS]
            print(f"| {dtype} | {'extreme' if extreme else 'normal'} | {' | '.join(cells)} | {failures} |")


if __name__ == "__main__":
    main()
