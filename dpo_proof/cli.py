"""The `dpo-proof` command line: parse, call, render. ``main(argv) -> int``.

Exit codes (docs/architecture.md): 0 every check holds; 1 a check fails (refuted, mismatched,
unparsed); 2 usage error, unreadable input or unwritable output. With --json, stdout holds exactly
one JSON document whatever happens, usage errors included. Heavy libraries (torch, sympy,
matplotlib) are imported inside the handlers, so `dpo-proof --help` stays instant.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from . import __version__
from .catalogue.losses import names as loss_names
from .console import OutputError, can_encode, emit, release_stdout, standard_streams
from .report import Report, UsageError

EPILOG = "Exit codes: 0 every check holds, 1 a check fails, 2 usage error or unreadable input."


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (value > 0 and value < float("inf")):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {text!r}")
    return value


def _time_limit(text: str) -> float:
    """--time-limit: seconds in a sane range (1e10 overflowed the timer; 0.001 judged nothing)."""
    from .checker.limits import time_limit_error

    value = _positive_float(text)
    problem = time_limit_error(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return value


def _whole_number(low: int, high: int | None = None, name: str = ""):
    """An argparse type: a whole number in [low, high]."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < low or (high is not None and value > high):
            bound = f"between {low} and {name or high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"must be {bound}, got {text!r}")
        return value
    return parse


_positive_int = _whole_number(1)
_seed = _whole_number(0, 2**63 - 1, "2**63-1")


# ---------------------------------------------------------------- handlers (import lazily)

def _cmd_verify(args: argparse.Namespace) -> Report:
    from .numeric.gradcheck import verify_checks
    from .symbolic.derivation import derivation_report
    from .symbolic.family import family_report

    report = derivation_report(command="verify")
    # DPO's is the derivation above; each other loss's partial derivatives and weight are proved here and
    # its gradient checked numerically below; `derive --loss NAME` certifies every step and shows wrong ones
    report.extend(family_report(loss_names()[1:], command="verify", wrong=False, gradient=False).checks)
    return report.extend(verify_checks(seed=args.seed))


def _cmd_derive(args: argparse.Namespace) -> Report | int:
    from .symbolic.derivation import derivation_report
    from .symbolic.family import family_report
    from .symbolic.render import render_derivation

    if args.loss is None:
        report = derivation_report(command="derive")
    else:
        report = family_report(None if args.loss == "all" else [args.loss], command="derive")
    if args.json:
        return report
    _write_or_print(render_derivation(report, args.format), args.output)
    return 0 if report.ok else 1


def _cmd_gradcheck(args: argparse.Namespace) -> Report:
    from .numeric.gradcheck import gradcheck_report

    return gradcheck_report(
        policy=args.policy, vocab=args.vocab, pairs=args.pairs, seq_len=args.seq_len,
        beta=args.beta, seed=args.seed, dtype=args.dtype, extreme=args.extreme,
        device=args.device, progress=None if args.json else sys.stderr, loss=args.loss,
    )


def _cmd_check(args: argparse.Namespace) -> Report:
    from .checker.claims import check_paths

    return check_paths(args.files, time_limit=args.time_limit)


def _cmd_check_loss(args: argparse.Namespace) -> Report:
    from .testing import cli_args

    return cli_args.run(args)


def _cmd_figures(args: argparse.Namespace) -> Report | int:
    from .plotting.cli import run_figures

    return run_figures(args)


# ---------------------------------------------------------------- parser

class ArgumentsError(Exception):
    """argparse found a usage error; `parser` is the (sub)parser whose usage line applies."""

    def __init__(self, parser: argparse.ArgumentParser, message: str):
        super().__init__(message)
        self.parser = parser


class Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing and exiting, so --json can answer in JSON."""

    def error(self, message: str):
        raise ArgumentsError(self, message)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="dpo-proof",
        description="Prove, and check, the gradient of the DPO loss "
                    "l(phi) = -E[log sigma(delta)].",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"dpo-proof {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    parser.commands = sub.choices  # name -> subparser, for naming the command of a line argparse refused

    def command(name: str, handler, help_text: str, reports: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, epilog=EPILOG)
        p.set_defaults(handler=handler)
        if reports:
            p.add_argument("--json", action="store_true",
                           help="print exactly one JSON document on stdout (diagnostics go to stderr)")
        return p

    p = command("verify", _cmd_verify,
                "re-derive the DPO gradient symbolically and check it numerically on every toy policy")
    p.add_argument("--seed", type=_seed, default=0, help="seed of the numeric checks (default 0)")

    p = command("derive", _cmd_derive, "print the derivation: every step, its justification and verdict")
    p.add_argument("--format", choices=("text", "markdown", "latex"), default="text",
                   help="text (default), markdown (renders on GitHub) or latex (an align block)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--loss", choices=loss_names() + ["all"], metavar="NAME",
                   help="derive a loss of the family instead of DPO's canonical derivation: "
                        f"{', '.join(loss_names())} or all (docs/losses.md)")

    p = command("gradcheck", _cmd_gradcheck,
                "closed-form gradient vs torch autograd vs finite differences on toy softmax policies")
    p.add_argument("--policy", choices=("tabular", "loglinear", "sequence", "all"), default="all")
    p.add_argument("--vocab", type=_positive_int, default=None, metavar="V", help="vocabulary size")
    p.add_argument("--pairs", type=_positive_int, default=None, metavar="N", help="preference pairs")
    p.add_argument("--seq-len", type=_positive_int, default=None, metavar="T",
                   help="completion length (sequence policy)")
    p.add_argument("--beta", type=_positive_float, default=None, metavar="B",
                   help="beta (default: the loss's own, 0.1 for DPO)")
    p.add_argument("--loss", choices=loss_names() + ["all"], default="sigmoid", metavar="NAME",
                   help=f"the loss to check: {', '.join(loss_names())} or all (default sigmoid, i.e. DPO)")
    p.add_argument("--seed", type=_seed, default=0, metavar="S", help="random seed (default 0)")
    p.add_argument("--dtype", choices=("float64", "float32"), default="float64")
    p.add_argument("--extreme", action="store_true",
                   help="probe margins |delta| up to 1000 and logits up to +-1000")
    p.add_argument("--device", choices=("cpu", "cuda"), default="cpu")

    p = command("check", _cmd_check,
                "check a handwritten derivation (Markdown, TeX or a notebook) claim by claim")
    p.add_argument("files", nargs="+", metavar="FILE", help="Markdown/TeX/.ipynb files, or - for stdin")
    p.add_argument("--time-limit", type=_time_limit, default=3.0, metavar="SECONDS",
                   help="symbolic time limit per claim, 0.1 to 300; on time-out the numeric verdict stands "
                        "(default 3); a line never runs past 4 times it plus 1 s, a file past 45 s")

    p = command("check-loss", _cmd_check_loss,
                "check a loss implementation against DPO or any catalogue loss, and say which loss it is")
    from .testing.cli_args import add_arguments as add_check_loss_arguments
    add_check_loss_arguments(p)

    p = command("figures", _cmd_figures, "draw the sigma(-delta) weighting figures")
    p.add_argument("-o", "--output-dir", metavar="DIR",
                   help="where to draw (default ./dpo-proof-figures/STYLE); never the committed figures/")
    p.add_argument("--format", metavar="FMTS", help="comma-separated: pdf, svg, png (default all three)")
    p.add_argument("--style", choices=("notes", "slides", "paper"), help="default notes")
    p.add_argument("--only", nargs="+", metavar="NAME", help="draw only these figures")
    p.add_argument("--list", action="store_true", help="name and describe the figures, draw nothing")
    p.add_argument("--committed", action="store_true",
                   help="regenerate the committed figures/ of this clone (every figure, notes style, pdf,svg,png)")
    return parser


# ---------------------------------------------------------------- output

def _write_or_print(text: str, path: str | None) -> None:
    if path is None:
        emit(text)
        return
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    print(f"wrote {path}", file=sys.stderr)


def render(report: Report, as_json: bool) -> None:
    """JSON with --json; a table on a terminal; plain text when piped or NO_COLOR is set."""
    if as_json:
        emit(report.to_json(ascii_only=not can_encode(sys.stdout)) + "\n")
    elif sys.stdout is not None and sys.stdout.isatty() and not os.environ.get("NO_COLOR") \
            and can_encode(sys.stdout):
        try:
            report.print_table()
        except (OSError, ValueError) as exc:
            raise OutputError(f"cannot write to stdout: {exc}") from None
    else:
        emit(report.to_text())


def _wants_json(argv: list[str]) -> bool:
    """--json among the options (before a lone --): known before argparse has accepted the line."""
    return "--json" in (argv[:argv.index("--")] if "--" in argv else argv)


def _command_of(argv: list[str], parser: argparse.ArgumentParser) -> str | None:
    return next((a for a in argv if a in getattr(parser, "commands", {})), None)


def _fail(command: str | None, message: str, as_json: bool, code: int = 2) -> int:
    """A usage error, unreadable input or unwritable output: a line on stderr, JSON on stdout if asked."""
    print(f"dpo-proof{' ' + command if command else ''}: error: {message}", file=sys.stderr)
    if as_json:
        doc = {"ok": False, "command": command, "error": message, "checks": []}
        try:
            emit(json.dumps(doc, indent=2, ensure_ascii=not can_encode(sys.stdout)) + "\n")
        except OutputError as exc:
            print(f"dpo-proof: error: {exc}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    as_json = _wants_json(argv)
    command = _command_of(argv, parser)
    try:
        args = parser.parse_args(argv)
    except ArgumentsError as exc:
        if not as_json:
            exc.parser.print_usage(sys.stderr)
        return _fail(command, str(exc), as_json)
    except SystemExit as exc:  # --help and --version print and exit 0
        return exc.code if isinstance(exc.code, int) else 2
    if args.command is None:
        parser.print_help(sys.stderr)
        return _fail(None, "no command given; choose one of the commands above", as_json) if as_json else 2
    as_json = getattr(args, "json", False)
    try:
        result = args.handler(args)
        if isinstance(result, int):
            return result
        render(result, as_json)
        return 0 if result.ok else 1
    except UsageError as exc:
        return _fail(args.command, str(exc), as_json)
    except OutputError as exc:
        print(f"dpo-proof {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except MemoryError:
        return _fail(args.command, "out of memory; try a smaller problem", as_json)
    except KeyboardInterrupt:
        print("dpo-proof: interrupted", file=sys.stderr)
        return 130


# ---------------------------------------------------------------- the process around main()

def run() -> None:
    """Console-script entry point: main() with the standard streams made safe."""
    standard_streams()
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # `dpo-proof derive | head`: the reader left; that is fine
        code = 0
    except OSError as exc:  # stdout full (`> /dev/full`) at the last flush
        print(f"dpo-proof: error: cannot write to stdout: {exc.strerror or exc}", file=sys.stderr)
        code = 2
    release_stdout()
    sys.exit(code)
