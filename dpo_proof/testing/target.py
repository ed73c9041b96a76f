"""`dpo-proof check-loss PATH.py:FUNCTION` and `module:function`: load the user's loss, then check it.

Loading a file runs its top level, as `python file.py` would: that is what the user asked
for. Nothing is ever eval'd or exec'd from a string: files load through importlib's
spec_from_file_location, modules through import_module. Every problem with the target (no such
file, a syntax error, an exception on import, no such function) is a UsageError naming it.
A loss that hangs is stopped after TIME_LIMIT seconds per call on POSIX (SIGALRM); a hang
inside one long C call cannot be interrupted before it returns.
"""
from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import re
import sys

from ..report import Report, UsageError
from .invoke import UserCodeError, time_limit, where

#: seconds allowed for importing the file, and for each call of the loss, from the command line.
TIME_LIMIT = 60.0


def split_target(target: str) -> tuple[str, str]:
    """'path/to/file.py:fn' or 'pkg.module:fn' -> (left, fn); a bad shape is a UsageError."""
    left, sep, func = target.rpartition(":")
    if not sep or not left or not func:
        raise UsageError(f"{target!r}: expected PATH.py:FUNCTION or module:function, e.g. losses.py:dpo_loss")
    if not func.isidentifier():
        raise UsageError(f"{target!r}: {func!r} is not a Python function name")
    return left, func


@contextlib.contextmanager
def _on_path(directory: str):
    """The target's directory first on sys.path while it loads, so its sibling imports work."""
    sys.path.insert(0, directory)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.path.remove(directory)


def _import_file(path: str):
    if not os.path.exists(path):
        raise UsageError(f"{path}: no such file")
    if os.path.isdir(path) or not path.endswith(".py"):
        raise UsageError(f"{path}: expected a Python file ending in .py")
    name = "_dpo_proof_target_" + re.sub(r"\W", "_", os.path.splitext(os.path.basename(path))[0])
    spec = importlib.util.spec_from_file_location(name, os.path.abspath(path))
    if spec is None or spec.loader is None:
        raise UsageError(f"{path}: cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # as import does: dataclasses and pickling look the module up here
    try:
        with _on_path(os.path.dirname(os.path.abspath(path))):
            _run_import(lambda: spec.loader.exec_module(module), path)
    except UsageError:
        sys.modules.pop(name, None)
        raise
    return module


def _run_import(load, label: str):
    """Run an import; report any failure as a UsageError naming the place, never a traceback."""
    try:
        with contextlib.redirect_stdout(sys.stderr), time_limit(TIME_LIMIT, f"importing {label}"):
            return load()
    except SyntaxError as exc:
        col = f", column {exc.offset}" if exc.offset else ""
        text = f": {exc.text.strip()}" if exc.text else ""
        raise UsageError(f"{label}: syntax error at line {exc.lineno}{col}: {exc.msg}{text}") from None
    except UserCodeError as exc:
        raise UsageError(str(exc)) from None
    except (Exception, SystemExit) as exc:  # the user's module failed to import
        if isinstance(exc, ModuleNotFoundError) and exc.name == label:
            raise UsageError(f"{label}: no such module (for a file, write the path ending in .py)") from None
        raise UsageError(f"{label}: importing it raised {type(exc).__name__}: {exc}{where(exc)}") from None


def load_target(target: str):
    """The function named by `target`; returns (function, label)."""
    left, func = split_target(target)
    if left.endswith(".py") or os.sep in left or "/" in left:
        module = _import_file(left)
    else:
        if not all(part.isidentifier() for part in left.split(".")):
            raise UsageError(f"{target!r}: {left!r} is neither a .py file nor a module name")
        with _on_path(os.getcwd()):  # like `python -m`: modules in the current directory are found
            module = _run_import(lambda: importlib.import_module(left), left)
    fn = getattr(module, func, None)
    if fn is None:
        defined = sorted(n for n, v in vars(module).items() if callable(v) and not n.startswith("_")
                         and getattr(v, "__module__", None) == module.__name__)
        hint = f" (it defines: {', '.join(defined)})" if defined else ""
        raise UsageError(f"{left}: no function named {func!r}{hint}")
    if not callable(fn):
        raise UsageError(f"{left}: {func!r} is a {type(fn).__name__}, not a function")
    return fn, f"{os.path.basename(left) if left.endswith('.py') else left}:{func}"


def check_loss_target(target: str, beta: float, seed: int = 0) -> Report:
    """The `check-loss` command: load `target`, then check_dpo_loss with a time limit per call."""
    from .loss_check import check_dpo_loss

    fn, label = load_target(target)
    return check_dpo_loss(fn, beta, seed=seed, name=label, time_limit=TIME_LIMIT)
