"""The options of `dpo-proof check-loss` and what they turn into. Imports nothing heavy: the
command's parent process never imports torch (the check itself runs in a child process).
"""
from __future__ import annotations

import argparse

from ..report import UsageError
from .values import parse_assignments

DTYPES = ("float64", "float32", "bfloat16", "float16")


def _positive(kind, name):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        if not 0 < value < float("inf"):
            raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {text!r}")
        return value
    parse.__name__ = name
    return parse


def _bounded(low: float, high: float, unit: str = "", kind=float):
    """An argparse type: a number of `kind` in [low, high]."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a {'whole ' if kind is int else ''}number, got {text!r}") \
                from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low:g} and {high:g}{' ' + unit if unit else ''}, "
                                             f"got {text!r}")
        return value
    return parse


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The check-loss options (the target first: options that take several NAME=VALUE follow it)."""
    p.add_argument("target", metavar="TARGET",
                   help="path/to/file.py:function, file.py:Class.method, file.py:Class (a loss module) "
                        "or package.module:name")
    p.add_argument("--beta", type=_positive(float, "beta"), metavar="B", help="the beta your loss uses")
    p.add_argument("--loss", metavar="NAME", help="check against this catalogue loss (default sigmoid, i.e. DPO)")
    p.add_argument("--param", nargs="+", action="extend", default=[], metavar="NAME=VALUE",
                   help="the catalogue loss's hyper-parameters, e.g. --param label_smoothing=0.1")
    p.add_argument("--reference-free", action="store_true",
                   help="the loss is applied to the policy's log-probs alone (no reference)")
    p.add_argument("--self", dest="self_attrs", nargs="+", action="extend", default=[], metavar="NAME=VALUE",
                   help="what a method reads from self, e.g. --self beta=0.1 loss_type=ipo args.discopop_tau=0.05")
    p.add_argument("--init", nargs="+", action="extend", default=None, metavar="NAME=VALUE",
                   help="constructor arguments of a loss class, e.g. --init beta=0.1 label_smoothing=0")
    p.add_argument("--kw", nargs="+", action="extend", default=[], metavar="NAME=VALUE",
                   help="extra keyword arguments of each call, e.g. --kw reference_free=true "
                        "(@NAME names what the checker supplies: @pairs, @concatenated, @torch.float32, ...)")
    p.add_argument("--dtype", choices=DTYPES, default="float64", help="the dtype of the probes (default float64)")
    p.add_argument("--reduction", choices=("per-pair", "mean", "sum"),
                   help="require this reduction (default: recognise per-pair, mean or sum)")
    p.add_argument("--tokens", type=_bounded(1, 4096, kind=int), metavar="T",
                   help="pass token-level log-probs of shape (pairs, T), zero-padded")
    p.add_argument("--average-tokens", action="store_true",
                   help="with --tokens: the loss is of length-averaged log-probs (as TRL's ipo), not sums")
    p.add_argument("--pairs", type=_bounded(4, 4096, kind=int), default=16, metavar="N",
                   help="pairs per probe, 4 to 4096 (default 16)")
    p.add_argument("--seed", type=_bounded(0, 2**63 - 1, kind=int), default=0, metavar="S", help="random seed (default 0)")
    p.add_argument("--from-source", action="store_true",
                   help="load only the target's definition from the file, without the module's other imports")
    p.add_argument("--time-limit", type=_bounded(0.5, 3600, "seconds"), default=45.0, metavar="SECONDS",
                   help="hard wall-clock limit of the whole check, once Python and torch are loaded (default 45)")
    p.add_argument("--memory-limit", type=_bounded(0.5, 1024, "GB"), default=4.0, metavar="GB",
                   help="memory cap of the process that runs the loss (default 4)")
    p.add_argument("--no-isolation", action="store_true",
                   help="run the loss in this process (no hard time or memory limit; for a debugger)")


def _assignments(items, flag):
    try:
        return parse_assignments(items, flag)
    except UsageError as exc:
        bad = next((i for i in items or () if "=" not in i), None)
        hint = " (put the target before the options that take NAME=VALUE)" if bad and ":" in bad else ""
        raise UsageError(f"{exc}{hint}") from None


def run(args: argparse.Namespace):
    """The command: options -> check_loss_target -> Report."""
    from ..catalogue.losses import BY_NAME, LOSSES
    from .run import check_loss_target

    params = _assignments(args.param, "--param")
    if args.loss is not None and args.loss not in BY_NAME:
        raise UsageError(f"--loss {args.loss!r}: no such catalogue loss; known: {', '.join(x.name for x in LOSSES)}")
    if args.beta is None and "beta" not in params:
        raise UsageError("give the beta your loss uses: --beta B (or --param beta=B)")
    if args.average_tokens and args.tokens is None:
        raise UsageError("--average-tokens needs token-level probes: add --tokens T")
    for name, value in params.items():
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise UsageError(f"--param {name}: expected a number, got {value!r}")
    options = dict(loss=args.loss, params=params or None, reference_free=args.reference_free or None,
                   self_attrs=_assignments(args.self_attrs, "--self") or None, init=_assignments(args.init, "--init")
                   if args.init is not None else None, kw=_assignments(args.kw, "--kw") or None, dtype=args.dtype,
                   reduction=args.reduction, tokens=args.tokens, average_tokens=args.average_tokens or None, pairs=args.pairs, seed=args.seed,
                   from_source=args.from_source or None)
    options = {k: v for k, v in options.items() if v is not None}
    try:
        return check_loss_target(args.target, args.beta, isolate=not args.no_isolation, time_limit=args.time_limit,
                                 memory_limit=args.memory_limit, **options)
    except ValueError as exc:  # the checker's own argument checks (beta twice, a parameter out of range)
        raise UsageError(str(exc)) from None
