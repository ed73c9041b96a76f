"""Wall-clock deadlines, torch thread counts and garbage collection: the one place each is done.

`deadline(seconds, make_error)` interrupts the block with the exception `make_error()` returns
(SIGALRM, POSIX main thread only; elsewhere the block runs unbounded, which callers document).
`torch_threads(n)` runs a block on n torch threads and restores the count.
`rare_collections()` runs a block with the cyclic garbage collector called less often.
"""
from __future__ import annotations

import contextlib
import gc
import signal
import threading


#: seconds after which a deadline fires again if its exception was swallowed
REFIRE_SECONDS = 0.05


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
    fired = []

    def on_alarm(signum, frame):
        # Fire again shortly: an exception raised inside a gc callback or __del__ is printed and
        # dropped by Python, and the block would otherwise run on unbounded.
        fired.append(True)
        signal.setitimer(signal.ITIMER_REAL, REFIRE_SECONDS)
        raise make_error()

    remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    mine = max(float(seconds), 1e-3)
    outer_first = 0 < remaining < mine
    previous = signal.getsignal(signal.SIGALRM)
    if not outer_first:  # the outer deadline, if any, fires later: this one's handler raises
        signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, mine)
    try:
        yield
    finally:
        left, _ = signal.setitimer(signal.ITIMER_REAL, 0)  # first: nothing may fire in here
        signal.signal(signal.SIGALRM, previous)
        if outer_first and left > 0:  # the outer timer was running all along: put it back
            signal.setitimer(signal.ITIMER_REAL, left)
        elif remaining > 0 and not outer_first:  # the outer deadline, less what this block spent
            spent = mine if fired else mine - left
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


# sympy allocates millions of short-lived objects that form no cycles; at Python's default gen-0
# threshold (700) the collector runs every few hundred of them and finds nothing. Measured on the
# corpus of derivations (two processes side by side, the same files): 4-12% of the checker's time,
# for 9% more peak memory.
RARE_THRESHOLDS = (100_000, 50, 1000)


@contextlib.contextmanager
def rare_collections():
    """Run the block with the collector called rarely, and what exists before it (modules, sympy's
    caches) frozen out of its scans; the thresholds and the frozen objects are given back after. A
    caller that froze objects itself keeps them frozen: then nothing is frozen or unfrozen here."""
    old, freeze = gc.get_threshold(), gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    gc.set_threshold(*RARE_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)
        if freeze:
            gc.unfreeze()
