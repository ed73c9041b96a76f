"""Reading the files to check: paths or stdin, with clear messages for what cannot be read."""
from __future__ import annotations

import os
import sys

from ..report import UsageError

MAX_FILE_BYTES = 1_000_000


def read_source(path: str) -> tuple[str, str]:
    """(display name, text) of a file, or of stdin for "-"; UsageError names what is wrong."""
    if path == "-":
        name = "<stdin>"
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    else:
        name = path
        if os.path.isdir(path):
            raise UsageError(f"{path} is a directory; give the Markdown or TeX file(s) inside it")
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            raise UsageError(f"{path}: no such file") from None
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
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
    return name, text
