"""The child process of an isolated check (isolation.py): `python -m dpo_proof.testing.child FOLDER`.

Caps its own memory and file sizes first, then loads the target and runs the check with a
per-call timer that ends a second before the parent's hard limit, and writes FOLDER/result.json:
{"report": {...}}, {"usage_error": "..."} or {"crash": "..."}. It leaves with os._exit, so a loss
module's atexit handlers and stray threads cannot change how it ends.
"""
from __future__ import annotations

import json
import os
import sys
import time


def _limit_resources(memory_gb: float) -> None:
    try:
        import resource
    except ImportError:  # not POSIX: the parent's wall clock still applies
        return
    cap = int(memory_gb * 2**30)
    for which, value in ((resource.RLIMIT_AS, cap), (resource.RLIMIT_FSIZE, 256 * 2**20), (resource.RLIMIT_CORE, 0)):
        try:
            soft, hard = resource.getrlimit(which)
            resource.setrlimit(which, (min(value, hard) if hard != resource.RLIM_INFINITY else value, hard))
        except (ValueError, OSError):
            pass


def _write(folder: str, doc: dict) -> None:
    tmp = os.path.join(folder, "result.json.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(doc, handle, allow_nan=False)
    os.replace(tmp, os.path.join(folder, "result.json"))


def main(folder: str) -> None:
    with open(os.path.join(folder, "request.json"), encoding="utf-8") as handle:
        request = json.load(handle)
    _limit_resources(float(request.get("memory_limit_gb", 4.0)))
    os.chdir(request.get("cwd") or os.getcwd())
    sys.stdout = sys.stderr  # fd 1 already goes to the log; Python's prints follow fd 2 there too
    try:
        from ..report import UsageError
        from .run import run_request
        from . import loss_check  # noqa: F401  (torch and the checker loaded before the clock starts)

        with open(os.path.join(folder, "ready"), "w"):
            pass
        started = time.monotonic()
        budget = float(request.get("deadline_s", 60.0)) - (time.monotonic() - started) - 0.25
        report = run_request(request, max(budget, 0.1))
        doc = {"report": report.to_dict() | {"title": report.title}}
    except UsageError as exc:
        doc = {"usage_error": str(exc)}
    except BaseException as exc:  # the checker itself failed: say so rather than vanish
        doc = {"crash": f"{type(exc).__name__}: {exc}"}
    try:
        _write(folder, doc)
    except (OSError, ValueError, TypeError) as exc:
        _write(folder, {"crash": f"the report could not be written: {exc}"})
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1])
