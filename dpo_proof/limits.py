"""Wall-clock deadlines and torch thread counts: the one place each is done.

`deadline(seconds, make_error)` interrupts the block with the exception `make_error()` returns
(SIGALRM, POSIX main thread only; elsewhere the block runs unbounded, which callers document).
`torch_threads(n)` runs a block on n torch threads and restores the count.
"""
from __future__ import annotations

import contextlib
import signal
import threading


class Timeout(BaseException):
    """A deadline passed. A BaseException, so that sympy's or a user's `except Exception` cannot
    swallow it."""


def can_interrupt() -> bool:
    """True where a deadline can interrupt running code (POSIX, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def deadline(seconds: float | None, make_error=Timeout):
    """Raise ``make_error()`` in the block after `seconds` of wall time (None or 0: no limit).

    Nested deadlines keep the earlier expiry: an inner block cannot extend an outer budget."""
    if not seconds or not can_interrupt():
        yield
        return

    def on_alarm(signum, frame):
        raise make_error()

    remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    previous = signal.signal(signal.SIGALRM, on_alarm)
    mine = max(float(seconds), 1e-3)
    outer_first = 0 < remaining < mine
    signal.setitimer(signal.ITIMER_REAL, remaining if outer_first else mine)
    if outer_first:  # the outer deadline fires first: let its own handler raise
        signal.signal(signal.SIGALRM, previous)
    try:
        yield
    finally:
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if remaining > 0 and not (outer_first and left == 0):  # the outer deadline, less what was spent
            spent = (remaining if outer_first else mine) - left
            signal.setitimer(signal.ITIMER_REAL, max(remaining - spent, 1e-3))


@contextlib.contextmanager
def torch_threads(n: int | None):
    """Run the block on `n` torch threads (None: leave as is). Small problems run faster on one:
    intra-op threads only spin-wait there (docs/performance.md)."""
    import torch

    before = torch.get_num_threads()
    if n:
        torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)
