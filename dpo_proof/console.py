"""The process's standard streams, made safe for any way dpo-proof is started.

- closed descriptors 0-2 get /dev/null, so no file opened later lands on them; a closed stdout
  is replaced by a stand-in whose writes fail, and a failed write is an `OutputError` (exit 2);
- stdout and stderr whose encoding cannot show σ transliterate what they cannot encode with
  `report.plain_char` (σ -> sigma), through a codec error handler;
- `emit` writes to stdout, in ASCII where needed, and turns a full or closed stdout into an
  `OutputError`; `release_stdout` lets the process exit without a second failed flush.

Used by cli.py (`run` calls `standard_streams` before `main`). Imports nothing heavy.
"""
from __future__ import annotations

import codecs
import os
import sys

from .report import plain, plain_char

PLAIN_ERRORS = "dpo-proof-plain"
SAMPLE = "σ′−δ∇β✓"


class OutputError(Exception):
    """stdout cannot take the report (closed, full, gone): exit 2 with a message on stderr."""


def can_encode(stream, sample: str = SAMPLE) -> bool:
    """Whether `stream`'s encoding can show the toolkit's symbols."""
    try:
        sample.encode(getattr(stream, "encoding", None) or "ascii")
        return True
    except (UnicodeEncodeError, LookupError):
        return False


def emit(text: str) -> None:
    """Write to stdout, in ASCII where its encoding cannot show σ; failures become OutputError."""
    try:
        if sys.stdout is None:
            raise OSError("it is closed")
        sys.stdout.write(text if can_encode(sys.stdout) else plain(text))
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:  # ValueError: write to a closed file object
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise OutputError(f"cannot write to stdout: {reason}") from None


def _plain_errors(exc: UnicodeError):
    """Codec error handler: what the encoding cannot show is transliterated (σ -> sigma)."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(plain_char(ch) for ch in exc.object[exc.start:exc.end]), exc.end


class Closed:
    """Stands in for stdout when its descriptor was closed before dpo-proof started."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError("it was closed when dpo-proof started")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def standard_streams() -> None:
    """Occupy closed descriptors 0-2 with /dev/null; make stdout and stderr safe to write."""
    for fd, mode in ((0, os.O_RDONLY), (1, os.O_WRONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(fd)
        except OSError:
            if os.open(os.devnull, mode) != fd:  # the lowest free descriptor is the closed one
                continue
            if fd == 1:
                sys.stdout = Closed()
            elif fd == 2:  # messages go nowhere, never to stdout (print(file=None) would)
                sys.stderr = open(fd, "w", closefd=False)
    codecs.register_error(PLAIN_ERRORS, _plain_errors)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and not can_encode(stream):
            stream.reconfigure(errors=PLAIN_ERRORS)


def release_stdout() -> None:
    """Point descriptor 1 at /dev/null: what is still buffered goes nowhere, so exiting cannot fail again."""
    if isinstance(sys.stdout, Closed):
        return
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
