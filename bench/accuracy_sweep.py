"""Worst errors of every method against the closed form, over seeds and betas, per dtype and regime.

    python bench/accuracy_sweep.py --seeds 8 --write
    python bench/accuracy_sweep.py --seeds 4 --betas 5 20 100 --section accuracy-large-beta --write

Default problem sizes of `dpo-proof gradcheck`, every family. Prints a Markdown table, and the
runs that failed; `--write` puts both into docs/performance.md between the section's markers.
"""
from __future__ import annotations

import argparse

from docs_section import add_write_option, section, write_section
from dpo_proof.numeric.gradcheck import METHODS, gradcheck_report


def sweep(seeds: int, betas: list[float]) -> str:
    lines = [f"| dtype | regime | {' | '.join(METHODS)} | failures |", "|---|---|" + "---:|" * (len(METHODS) + 1)]
    failed = []
    for dtype in ("float64", "float32"):
        for extreme in (False, True):
            worst, tolerances, failures = {}, {}, 0
            for beta in betas:
                for seed in range(seeds):
                    for c in gradcheck_report(seed=seed, beta=beta, extreme=extreme, dtype=dtype).checks:
                        method = c.fields["method"]
                        tolerances[method] = c.fields["tolerance"]
                        if not c.ok:
                            failures += 1
                            failed.append(f"- {c.id}, {dtype}{', --extreme' if extreme else ''}, --beta {beta:g} "
                                          f"--seed {seed}: {c.verdict}, max rel error {c.fields['max_rel_error']:.2e} "
                                          f"(tolerance {c.fields['tolerance']:.0e})")
                        if c.verdict != "skipped":
                            worst[method] = max(worst.get(method, 0.0), c.fields["max_rel_error"])
            cells = [f"{worst[m]:.1e} (tol {tolerances[m]:.0e})" if m in worst else "skipped" for m in METHODS]
            lines.append(f"| {dtype} | {'extreme' if extreme else 'normal'} | {' | '.join(cells)} | {failures} |")
    runs = 2 * 2 * len(betas) * seeds
    lines += ["", f"{runs} runs of three families each; " + (f"{len(failed)} checks failed:" if failed else
                                                             "no check failed.")]
    return "\n".join(lines + failed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--betas", type=float, nargs="+", default=[0.01, 0.1, 1.0])
    parser.add_argument("--section", default="accuracy-sweep", help="the section of docs/performance.md")
    add_write_option(parser)
    args = parser.parse_args()
    text = section(sweep(args.seeds, args.betas))
    print(text)
    if args.write:
        write_section(args.section, text)


if __name__ == "__main__":
    main()
