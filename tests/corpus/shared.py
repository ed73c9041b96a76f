"""Each corpus file checked once per test run, when the run is split over processes (pytest -n).

The per-file tests of one file run on one worker (tests/conftest.py, `unit_of`), but the test over the
whole corpus needs every file's checks, and a worker would otherwise check again what the other
had checked. So the checks are kept in a folder all workers of the run share: the first process to
claim a file (an exclusive create of `<name>.claim`) checks it and writes `<name>.json`; a process
that finds the file claimed waits for the result. A claim left by a worker that died is taken over
after `STALE_SECONDS`, so a run never waits for ever.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

POLL_SECONDS = 0.1
STALE_SECONDS = 300.0  # far longer than any one file takes (the file budget, docs/performance.md)


def checks_of(name: str, folder: Path, compute) -> list:
    """The checks of corpus file `name`: read from `folder` when a process has written them,
    else computed here with ``compute(name)`` and written for the others."""
    done, claim = folder / f"{name}.json", folder / f"{name}.claim"
    waited = 0.0
    while not done.exists():
        try:
            os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            if waited < STALE_SECONDS:  # another process is checking it
                time.sleep(POLL_SECONDS)
                waited += POLL_SECONDS
                continue
        checks = compute(name)
        partial = folder / f"{name}.json.{os.getpid()}"
        partial.write_text(json.dumps(checks), encoding="utf-8")
        os.replace(partial, done)  # whole or absent: a reader never sees half a file
        return checks
    return json.loads(done.read_text(encoding="utf-8"))
