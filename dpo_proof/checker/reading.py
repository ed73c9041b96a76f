"""Reading the files to check: paths or stdin, with clear messages for what cannot be read.

Only regular files are read: a FIFO, a device or a socket is refused before it is opened for
real (it could block forever or never end), and the file is opened non-blocking and checked
again after opening, so a file swapped for a FIFO in between is refused too. A notebook
(`.ipynb`, or JSON with "cells" on stdin) becomes the text of its Markdown cells (notebook.py).
"""
from __future__ import annotations

import os
import stat
import sys

from ..report import UsageError
from .notebook import looks_like_notebook, notebook_text

MAX_FILE_BYTES = 1_000_000


def read_source(path: str) -> tuple[str, str]:
    """(display name, text) of a file, or of stdin for "-"; UsageError names what is wrong."""
    if path == "-":
        name, data = "<stdin>", _read_stdin()
    else:
        name, data = path, _read_file(path)
    if len(data) > MAX_FILE_BYTES:
        raise UsageError(f"{name} is larger than {MAX_FILE_BYTES // 1_000_000} MB; "
                         "split it, or check the part with the derivation")
    if b"\x00" in data:
        raise UsageError(f"{name} looks binary (it holds NUL bytes); give a Markdown or TeX file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{name} is not UTF-8 text (bad byte at offset {exc.start}); "
                         "save it as UTF-8") from None
    if not text.strip():
        raise UsageError(f"{name} is empty: nothing to check")
    if name.endswith(".ipynb") or (path == "-" and looks_like_notebook(text)):
        text = notebook_text(text, name)
    return name, text


def _read_file(path: str) -> bytes:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    _refuse_unless_regular(path, info.st_mode)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        _refuse_unless_regular(path, os.fstat(fd).st_mode)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _refuse_unless_regular(path: str, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise UsageError(f"{path} is a directory; give the Markdown or TeX file(s) inside it")
    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode)
            or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    raise UsageError(f"{path} is {kind}, not a regular file: save the derivation to a file, "
                     "or pipe it in with `dpo-proof check -`")


def _read_stdin() -> bytes:
    """stdin as bytes; a closed stdin (no fd 0, or closed) is a usage error, not a traceback."""
    stream = sys.stdin
    if stream is None:  # Python sets it to None when fd 0 was not open at start
        raise UsageError("stdin is closed: nothing to read for `-`; give a file, or pipe the text in")
    try:
        data = getattr(stream, "buffer", stream).read(MAX_FILE_BYTES + 1)
    except ValueError:  # "I/O operation on closed file"
        raise UsageError("stdin is closed: nothing to read for `-`; give a file, "
                         "or pipe the text in") from None
    except OSError as exc:
        raise UsageError(f"cannot read stdin: {exc.strerror or exc}") from None
    return data.encode("utf-8") if isinstance(data, str) else data
