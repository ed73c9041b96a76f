"""Calling someone else's function: its prints kept off stdout, anything it raises (SystemExit
and other BaseExceptions included) turned into a one-line message, and (where the platform
allows) a time limit. The limit raises a BaseException, so a loss's `except Exception` cannot
swallow it; a loss that catches everything, or blocks signals, is stopped by the child process's
hard limit instead (isolation.py).
"""
from __future__ import annotations

import contextlib
import inspect
import os
import sys
import traceback

from ..limits import Timeout, deadline


class UserCodeError(Exception):
    """The user's function raised, returned something unusable, or ran past the time limit."""


class _UserTimeout(BaseException):
    """The deadline of one call passed (a BaseException: `except Exception` cannot catch it)."""


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
    return _converting(deadline(seconds, _UserTimeout), what, seconds)


@contextlib.contextmanager
def _converting(guard, what: str, seconds):
    try:
        with guard:
            yield
    except _UserTimeout:
        raise UserCodeError(f"{what} did not finish within {seconds:g} s (an endless loop?)") from None


def describe_exit(exc: BaseException) -> str:
    """'called sys.exit(3)' / 'raised KeyError: ...': what a raised exception means for the user."""
    if isinstance(exc, SystemExit):
        return f"called sys.exit({exc.code!r}) (a loss must return, not exit)"
    return f"raised {type(exc).__name__}: {exc}"


def call_user(fn, args, kwargs: dict, what: str, seconds: float | None = None, explain=None):
    """fn(*args, **kwargs) with its prints sent to stderr; any exception -> UserCodeError.

    `explain(exc)` may add a sentence (e.g. which package a missing name comes from).
    KeyboardInterrupt is the person at the keyboard, not the loss: it propagates."""
    try:
        with contextlib.redirect_stdout(sys.stderr), time_limit(seconds, what):
            return fn(*args, **kwargs)
    except (UserCodeError, KeyboardInterrupt, Timeout):  # Timeout: an outer budget, not this call's
        raise
    except BaseException as exc:  # the user's bug, reported as a failed check, not a traceback
        extra = explain(exc) if explain else ""
        raise UserCodeError(f"{what} {describe_exit(exc)}{where(exc)}{extra}") from exc
