"""Calling someone else's function: keyword beta if it takes one, its prints kept off stdout,
its exceptions turned into one-line messages, and (where the platform allows) a time limit.
"""
from __future__ import annotations

import contextlib
import inspect
import os
import sys
import traceback

from ..limits import deadline


class UserCodeError(Exception):
    """The user's function raised, returned something unusable, or ran past the time limit."""


def takes_beta(fn) -> bool:
    """True when `fn` has a parameter named beta (then we pass the checked beta by keyword)."""
    try:
        return "beta" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def where(exc: BaseException) -> str:
    """' (file.py, line N)' for the innermost frame outside dpo_proof and torch, or ''."""
    ours = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if not os.path.abspath(f.filename).startswith(ours) and f"{os.sep}torch{os.sep}" not in f.filename]
    if not frames:
        return ""
    f = frames[-1]
    return f" ({os.path.basename(f.filename)}, line {f.lineno}: {(f.line or '').strip()})"


def time_limit(seconds: float | None, what: str):
    """Raise UserCodeError after `seconds` of wall time (limits.deadline: POSIX main thread only)."""
    return deadline(seconds, lambda: UserCodeError(f"{what} did not finish within {seconds:g} s (an endless loop?)"))


def call_user(fn, args, beta: float, what: str, seconds: float | None = None):
    """fn(*args[, beta=beta]) with its prints sent to stderr; any exception -> UserCodeError."""
    kwargs = {"beta": beta} if takes_beta(fn) else {}
    try:
        with contextlib.redirect_stdout(sys.stderr), time_limit(seconds, what):
            return fn(*args, **kwargs)
    except UserCodeError:
        raise
    except Exception as exc:  # the user's bug, reported as a failed check, not a traceback
        raise UserCodeError(f"{what} raised {type(exc).__name__}: {exc}{where(exc)}") from exc
