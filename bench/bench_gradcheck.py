"""Benchmark: full-coverage finite differences vs torch.autograd.gradcheck, for every catalogue loss.

Same problem for both sides (tabular policy, float64, one prompt per pair, one torch thread), same
coverage (every parameter), same loss function (`Problem.loss`), measured side by side in one run.
Our check = finite-difference gradient + closed form + comparison, in its default scheme (plain
central differences, two evaluations per colour) and with Richardson (four per colour). Times are
CPU seconds of the one thread (`time.thread_time`), best of --repeat. Run by hand
from the repository root; `--write` puts the table into its section of docs/performance.md
(`bench:gradcheck-losses`, see bench/docs_section.py).

    python bench/bench_gradcheck.py                      # every loss, 64 pairs x vocabulary 500
    python bench/bench_gradcheck.py --loss sigmoid ipo --vocab 50 500 2000
    python bench/bench_gradcheck.py --loss sigmoid --vocab 50 500 2000 --section gradcheck-speed --no-sweep --write

With --write it also runs the accuracy sweep: the worst relative error of autograd and of the
default finite differences over every family, seeds 0-3 and beta in {0.1, 1, 10} x the loss's default,
normal and --extreme (the losses the catalogue does not check there are named).

torch.autograd.gradcheck runs in its default slow mode (fast_mode=False): a central difference per
input element and a backward pass per output, compared entry by entry.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs_section import add_write_option, section, write_section  # noqa: E402  (a sibling script)

from dpo_proof.catalogue.losses import loss as catalogue_loss, names as loss_names
from dpo_proof.numeric.gradcheck import compare
from dpo_proof.numeric.policies import FAMILIES
from dpo_proof.numeric.finite_diff import fd_step, richardson_gradient
from dpo_proof.numeric.methods import autograd_gradient, finite_difference_gradient, finite_difference_step
from dpo_proof.numeric.problems import make_problem
from dpo_proof.tolerances import relative_error, tolerance

COLUMNS = ("loss", "vocab", "params", "default scheme", "our check (CPU s)", "max rel err",
           "Richardson check (CPU s)", "max rel err", "torch.autograd.gradcheck (CPU s)", "speed-up, default",
           "speed-up, Richardson", "closed form / autograd")


def best_of(repeat: int, fn):
    """(best seconds, last value) over `repeat` runs, in CPU time of this thread: with one torch thread
    that is the wall time of a quiet machine, and on a shared one it leaves out the time other jobs
    take (wall-clock ratios moved by 2-4x between runs on the 2 shared cores this was written on)."""
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.thread_time()
        value = fn()
        best = min(best, time.thread_time() - start)
    return best, value


def our_check(problem):
    """Everything our finite-difference check does by default: FD gradient, closed form, comparison."""
    fd = finite_difference_gradient(problem)
    return relative_error(problem.closed_form_gradient(), fd, problem.gradient_term_scale())[1]


def our_richardson_check(problem):
    """The same check with Richardson extrapolation (four evaluations per colour)."""
    with torch.no_grad():
        scale = float(problem.loss_per_pair().abs().max())
    fd = richardson_gradient(problem.loss_per_pair, problem.params, problem.policy.groups(problem.prompts),
                             fd_step(problem.dtype, scale, problem.beta), problem.policy.work(problem.pairs))
    return relative_error(problem.closed_form_gradient(), fd, problem.gradient_term_scale())[1]


def torch_gradcheck(problem):
    params = problem.params.detach().clone().requires_grad_(True)
    return torch.autograd.gradcheck(problem.loss, (params,), fast_mode=False)


def measure(name: str, vocab: int, pairs: int, seed: int, repeat: int, torch_repeat: int) -> list[str]:
    problem = make_problem("tabular", vocab=vocab, pairs=pairs, seed=seed, loss=name)
    target = tolerance(torch.float64, "finite-difference").rtol
    our_s, err = best_of(repeat, lambda: our_check(problem))
    rich_s, rich_err = best_of(repeat, lambda: our_richardson_check(problem))
    assert err <= target and rich_err <= target, (name, err, rich_err)
    torch_s, passed = best_of(torch_repeat, lambda: torch_gradcheck(problem))
    assert passed, name
    cf_s, _ = best_of(repeat, problem.closed_form_gradient)
    ag_s, _ = best_of(repeat, lambda: autograd_gradient(problem))
    return [name, str(vocab), str(problem.num_params), finite_difference_step(problem)[0], f"{our_s:.4f}",
            f"{err:.1e}", f"{rich_s:.4f}", f"{rich_err:.1e}", f"{torch_s:.2f}", f"{torch_s / our_s:.0f}x",
            f"{torch_s / rich_s:.0f}x", f"{cf_s / ag_s:.2f}"]


def accuracy(name: str, extreme: bool, seeds=range(4), factors=(0.1, 1.0, 10.0)) -> str:
    """'worst autograd / worst finite-difference (failures)' over families x seeds x betas."""
    objective = catalogue_loss(name)
    if extreme and objective.extreme:
        return "not checked"
    worst, failures = {"autograd": 0.0, "finite-difference": 0.0}, 0
    for family in FAMILIES:
        for seed in seeds:
            for factor in factors:
                problem = make_problem(family, seed=seed, extreme=extreme, loss=name,
                                       beta=objective.params["beta"] * factor)
                for check in compare(problem, methods=tuple(worst)):
                    worst[check.fields["method"]] = max(worst[check.fields["method"]], check.fields["max_rel_error"])
                    failures += not check.ok
    return f"{worst['autograd']:.1e} / {worst['finite-difference']:.1e}" + (f" ({failures} over)" if failures else "")


def accuracy_table(names) -> str:
    rows = ["| loss | normal: autograd / finite differences | --extreme: autograd / finite differences |",
            "|---|---:|---:|"]
    for name in names:
        rows.append(f"| {name} | {accuracy(name, False)} | {accuracy(name, True)} |")
        print(rows[-1], flush=True)
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loss", nargs="+", default=loss_names(), choices=loss_names(), metavar="NAME")
    parser.add_argument("--vocab", type=int, nargs="+", default=[500])
    parser.add_argument("--pairs", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="best of N for our side (default 3)")
    parser.add_argument("--torch-repeat", type=int, default=1, help="best of N for torch.autograd.gradcheck")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads for both sides (default 1: stable on a shared machine)")
    parser.add_argument("--section", default="gradcheck-losses",
                        help="the section of docs/performance.md that --write replaces (default gradcheck-losses; "
                             "the DPO scaling table is gradcheck-speed)")
    parser.add_argument("--no-sweep", action="store_true", help="with --write, leave out the accuracy sweep")
    add_write_option(parser)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    rows = ["| " + " | ".join(COLUMNS) + " |", "|---|" + "---:|" * (len(COLUMNS) - 1)]
    print(*rows, sep="\n", flush=True)
    for name in args.loss:
        for vocab in args.vocab:
            rows.append("| " + " | ".join(measure(name, vocab, args.pairs, args.seed, args.repeat,
                                                  args.torch_repeat)) + " |")
            print(rows[-1], flush=True)
    if args.write:
        body = "\n".join(rows)
        if not args.no_sweep:
            title = ("Accuracy (worst max rel error over every family, seeds 0-3, beta x {0.1, 1, 10} of the loss's "
                     "default; tolerances 1e-13 and 1e-8, float64):")
            body += f"\n\n{title}\n\n" + accuracy_table(args.loss)
        note = f"{args.pairs} pairs, seed {args.seed}, {torch.get_num_threads()} torch thread(s), CPU seconds."
        write_section(args.section, section(body, note))


if __name__ == "__main__":
    main()
