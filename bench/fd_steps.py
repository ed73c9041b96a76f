"""Which finite-difference step: worst relative error of Richardson differences per base step.

    python bench/fd_steps.py --seeds 5 --write

For each dtype, regime (normal, --extreme) and family, over seeds 0..N-1 of the default problem:
the worst inf-norm relative error (against the closed form (2), floor `gradient_term_scale`) for
base steps 2^-10 .. 2^-3 (float64) and 2^-4 .. 2^2 (float32), each grown or shrunk as
`finite_diff.fd_step` does for the problem. Cells: the best base step, and the default one.
`--write` fills the section `fd-steps` of docs/performance.md.
"""
from __future__ import annotations

import argparse

import torch

from docs_section import add_write_option, section, write_section
from dpo_proof.numeric.finite_diff import FD_STEPS, fd_step, richardson_gradient
from dpo_proof.numeric.policies import FAMILIES, make_problem
from dpo_proof.tolerances import relative_error

EXPONENTS = {torch.float64: range(-10, -2), torch.float32: range(-4, 3)}


def worst_errors(family: str, dtype, extreme: bool, seeds: int) -> dict[int, float]:
    worst: dict[int, float] = {}
    for seed in range(seeds):
        problem = make_problem(family, seed=seed, dtype=dtype, extreme=extreme)
        with torch.no_grad():
            closed = problem.closed_form_gradient()
            scale = float(problem.loss_per_pair().abs().max())
        factor = fd_step(dtype, scale, problem.beta) / FD_STEPS[dtype]
        groups = problem.policy.groups(problem.prompts)
        work = 2 * problem.pairs * problem.policy.vocab * getattr(problem.policy, "seq_len", 1)
        for k in EXPONENTS[dtype]:
            fd = richardson_gradient(problem.loss_per_pair, problem.params, groups, 2.0 ** k * factor, work)
            error = relative_error(closed, fd, problem.gradient_term_scale())[1]
            worst[k] = max(worst.get(k, 0.0), error)
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    add_write_option(parser)
    args = parser.parse_args()
    lines = [f"| dtype | regime | {' | '.join(FAMILIES)} |", "|---|---|" + "---|" * len(FAMILIES)]
    for dtype in (torch.float64, torch.float32):
        default = round(torch.log2(torch.tensor(FD_STEPS[dtype])).item())
        for extreme in (False, True):
            cells = []
            for family in FAMILIES:
                worst = worst_errors(family, dtype, extreme, args.seeds)
                best = min(worst, key=worst.get)
                cells.append(f"best 2^{best} ({worst[best]:.1e}); default 2^{default}: {worst[default]:.1e}")
            lines.append(f"| {str(dtype).replace('torch.', '')} | {'extreme' if extreme else 'normal'} | "
                         + " | ".join(cells) + " |")
    text = section("\n".join(lines))
    print(text)
    if args.write:
        write_section("fd-steps", text)


if __name__ == "__main__":
    main()
