"""Calling someone else's function: keyword beta if it takes one, its prints kept off stdout,
its exceptions turned into one-line messages, and (where the platform allows) a time limit.
"""
from __future__ import annotations

import contextlib
import inspect
import os
import signal
import sys
import threading
import traceback


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


@contextlib.contextmanager
def time_limit(seconds: float | None, what: str):
    """Raise UserCodeError after `seconds` of wall time. Only on POSIX in the main thread (SIGALRM);
    elsewhere no limit is set. Code stuck inside one long C call is interrupted when it returns."""
    usable = (seconds and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise UserCodeError(f"{what} did not finish within {seconds:g} s (an endless loop?)")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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
