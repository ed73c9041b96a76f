"""Benchmark: full-coverage finite differences vs torch.autograd.gradcheck, closed form vs autograd.

Same problem for both sides (tabular policy, float64, one prompt per pair), same coverage
(every parameter), ratios measured in one run. Run by hand; results go to docs/performance.md:

    /tmp/venv/bin/python bench/bench_gradcheck.py --vocab 50 500 5000 --pairs 64

torch.autograd.gradcheck runs in its default slow mode (fast_mode=False): a central difference
per input element and a backward pass per output, compared entry by entry.
"""
from __future__ import annotations

import argparse
import platform
import time

import torch

from dpo_proof.numeric.finite_diff import richardson_gradient
from dpo_proof.numeric.gradcheck import autograd_gradient, finite_difference_gradient
from dpo_proof.numeric.policies import make_problem
from dpo_proof.tolerances import relative_error, tolerance


def best_of(repeat: int, fn):
    """(best seconds, last value) over `repeat` runs."""
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def our_full_check(problem):
    """Everything our finite-difference check does: FD gradient, closed form, comparison."""
    fd = finite_difference_gradient(problem)
    cf = problem.closed_form_gradient()
    return relative_error(cf, fd)[1]


def our_plain_central_check(problem):
    """The same check with plain central differences (two evaluations per colour, like gradcheck)."""
    fd = richardson_gradient(problem.loss_per_pair, problem.params, problem.policy.groups(problem.prompts),
                             2.0 ** -17, problem.pairs * problem.policy.vocab, richardson=False)
    return relative_error(problem.closed_form_gradient(), fd)[1]


def torch_gradcheck(problem):
    params = problem.params.detach().clone().requires_grad_(True)
    return torch.autograd.gradcheck(problem.loss, (params,), fast_mode=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vocab", type=int, nargs="+", default=[50, 500, 5000])
    parser.add_argument("--pairs", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="best of N for our side and for autograd")
    parser.add_argument("--torch-repeat", type=int, default=3,
                        help="best of N for torch.autograd.gradcheck up to --torch-repeat-below params (default 3)")
    parser.add_argument("--torch-repeat-below", type=int, default=40000)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads for both sides (default 1: stable on a shared machine)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {platform.processor() or platform.machine()}")
    print()
    print("| vocab | params | our FD check, Richardson (s) | max rel err | torch.autograd.gradcheck (s) | speed-up "
          "| our FD, plain central (s) | max rel err | speed-up "
          "| closed form (s) | autograd (s) | closed form / autograd | cf vs autograd rel err |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for vocab in args.vocab:
        problem = make_problem("tabular", vocab=vocab, pairs=args.pairs, seed=args.seed)
        our_s, fd_err = best_of(args.repeat, lambda: our_full_check(problem))
        assert fd_err <= tolerance(torch.float64, "finite-difference").rtol, fd_err
        plain_s, plain_err = best_of(args.repeat, lambda: our_plain_central_check(problem))
        n_torch = args.torch_repeat if problem.num_params < args.torch_repeat_below else 1
        torch_s, passed = best_of(n_torch, lambda: torch_gradcheck(problem))
        assert passed
        cf_s, cf = best_of(args.repeat, problem.closed_form_gradient)
        ag_s, ag = best_of(args.repeat, lambda: autograd_gradient(problem))
        print(f"| {vocab} | {problem.num_params} | {our_s:.4f} | {fd_err:.1e} | {torch_s:.2f} | {torch_s / our_s:.0f}x "
              f"| {plain_s:.4f} | {plain_err:.1e} | {torch_s / plain_s:.0f}x "
              f"| {cf_s:.4f} | {ag_s:.4f} | {cf_s / ag_s:.2f} | {relative_error(cf, ag)[1]:.1e} |", flush=True)


if __name__ == "__main__":
    main()
