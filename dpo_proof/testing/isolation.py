"""Run a user's loss in a child process: a hard wall-clock limit, a memory cap, and a parent
whose exit code and JSON never depend on what the loss does.

The parent (which never imports torch) writes the request to a private folder and starts
`python -m dpo_proof.testing.child FOLDER` in a session of its own. The child caps its address
space (RLIMIT_AS) and file writes, sends its fd 1 and 2 to a log (so a loss that writes to fd 1
cannot reach the parent's stdout), runs the check with a per-call timer, and writes its report
to FOLDER/result.json. The parent waits at most the time limit (plus half a second of grace,
counted from when the child is ready: its own start with torch is not the loss's time) and
then kills the child's whole process group. Whatever happens - a hang in a custom backward, a loop
that swallows the timer's exception, ignored signals, sys.exit, os._exit, a signal, an
exhausted memory cap - the parent turns it into a failed check with a message, or (for a target
that cannot be loaded) a usage error.
"""
from __future__ import annotations

import inspect
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from ..report import Check, Report, UsageError

#: default hard limits of one check-loss run
TIME_LIMIT = 45.0
MEMORY_LIMIT_GB = 4.0
_GRACE = 0.5            # seconds the parent adds to the time limit before it kills
STARTUP = 120.0         # seconds the child may take to start (Python and torch), not counted in the limit
#: what runs in the child: python CHILD... FOLDER (tests swap in a stand-in child to test the parent)
CHILD = ("-m", "dpo_proof.testing.child")
_LOG_SHOWN = 64 * 1024  # bytes of the child's own output relayed to stderr


def target_string(fn) -> str:
    """'path/file.py:Qual.name' for a module-level function or class (to load again in the child)."""
    if isinstance(fn, str):
        return fn
    qual = getattr(fn, "__qualname__", "")
    try:
        path = inspect.getsourcefile(fn)
    except TypeError:
        path = None
    if not path or not qual or "<" in qual or qual.count(".") > 1:
        raise ValueError(f"isolate=True needs a target string or a function or class defined at module level "
                         f"(a lambda, a nested function or an object cannot be loaded again in a child process): "
                         f"{qual or fn!r}")
    return f"{path}:{qual}"


def report_from_dict(doc: dict) -> Report:
    """The Report the child sent back as JSON."""
    keys = {"id", "kind", "ok", "verdict", "message"}
    # "expected" is a verdict ("refuted") on a check shown failing on purpose, but a number (the
    # expected value at the worst entry) on an implementation check: only the first is Check.expected
    checks = []
    for c in doc["checks"]:
        purpose = c.get("expected") if isinstance(c.get("expected"), str) else None
        fields = {k: v for k, v in c.items() if k not in keys and not (k == "expected" and purpose)}
        checks.append(Check(c["id"], c["kind"], c["verdict"], c["message"], ok=c["ok"], expected=purpose,
                            fields=fields))
    extra = {k: v for k, v in doc.items() if k not in ("ok", "command", "checks", "title")}
    return Report(doc["command"], checks, extra, title=doc.get("title"))


def _failed(target: str, message: str, options: dict) -> Report:
    """A report of one failed check, for a child that never reported."""
    report = Report("check-loss", title=f"check-loss {target}",
                    extra={"target": target, "beta": options.get("beta"), "identified": None, "reduction": None,
                           "isolated": True})
    report.checks.append(Check("loss-output", "implementation", "error", message, fields={"target": target}))
    return report


def _why(code: int, seconds: float, limit: float, memory_gb: float) -> str:
    if code is None or seconds >= limit:
        return (f"the loss ran past the time limit of {limit:g} s and its process was stopped: it ignored the "
                f"per-call timer (a loop that catches every exception, blocked signals, or a long C call)\n"
                f"fix: make the loss return; raise the limit with --time-limit if it is only slow")
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        hint = (f"; a process past its memory cap of {memory_gb:g} GB may be killed so" if -code == signal.SIGKILL
                else "")
        return f"the loss's process was killed by signal {name}{hint}\nfix: run the loss by hand to see where"
    return (f"the loss's process exited with code {code} before the checks finished: the loss (or its module) "
            f"calls sys.exit / os._exit, or the interpreter crashed\nfix: a loss must return its value, never exit")


def run_child(request: dict, time_limit: float | None = None, memory_limit_gb: float | None = None,
              log=None) -> Report:
    """Run one check in a child process (see the module docstring); returns its Report.

    A target that cannot be loaded raises UsageError, as it would in-process."""
    limit = float(time_limit or TIME_LIMIT)
    memory = float(memory_limit_gb or MEMORY_LIMIT_GB)
    folder = tempfile.mkdtemp(prefix="dpo-proof-check-loss-")
    try:
        request = dict(request, deadline_s=limit, memory_limit_gb=memory, cwd=os.getcwd())
        with open(os.path.join(folder, "request.json"), "w", encoding="utf-8") as handle:
            json.dump(request, handle)
        out_path = os.path.join(folder, "output.log")
        with open(out_path, "wb") as out:
            proc = subprocess.Popen([sys.executable, *CHILD, folder],
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True,
                                    env=dict(os.environ, PYTHONUNBUFFERED="1"))
            try:
                code, start = _wait(proc, os.path.join(folder, "ready"), limit)
            finally:
                _kill_group(proc)
        seconds = time.monotonic() - start
        _relay(out_path, log if log is not None else sys.stderr)
        result = _read(os.path.join(folder, "result.json"))
        if result is not None and "usage_error" in result:
            raise UsageError(result["usage_error"])
        if result is not None and "report" in result:
            report = report_from_dict(result["report"])
            report.extra["isolated"] = True
            return report
        message = _why(code, seconds, limit, memory)
        if result is not None and "crash" in result:
            message = f"the checker stopped: {result['crash']}\n{message}"
        return _failed(request["target"], message, request)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _wait(proc, ready: str, limit: float):
    """(exit code or None when stopped, when the limit started): the limit runs from the moment the
    child is ready (its interpreter and torch loaded, at most STARTUP seconds), plus the grace."""
    began = time.monotonic()
    deadline = None
    while True:
        code = proc.poll()
        if code is not None:
            return code, began if deadline is None else deadline - limit - _GRACE
        now = time.monotonic()
        if deadline is None and os.path.exists(ready):
            deadline = now + limit + _GRACE
        if (deadline is not None and now > deadline) or (deadline is None and now - began > STARTUP):
            return None, began if deadline is None else deadline - limit - _GRACE
        time.sleep(0.02)


def _kill_group(proc) -> None:
    """Kill the child's process group (the loss may have started processes of its own)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def _read(path: str) -> dict | None:
    try:
        with open(path, encoding="utf-8") as handle:
            doc = json.load(handle)
        return doc if isinstance(doc, dict) else None
    except (OSError, ValueError):
        return None


def _relay(path: str, stream) -> None:
    """What the loss printed (fd 1 or 2), to our stderr: never to stdout."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(_LOG_SHOWN + 1)
    except OSError:
        return
    if data:
        text = data[:_LOG_SHOWN].decode("utf-8", "replace")
        more = "\n[... the loss's output was cut at 64 KB]\n" if len(data) > _LOG_SHOWN else ""
        try:
            stream.write(text + ("" if text.endswith("\n") else "\n") + more)
        except (OSError, ValueError):
            pass


def check_isolated(fn, options: dict, time_limit=None, memory_limit_gb=None) -> Report:
    """check_dpo_loss(isolate=True): `fn` loaded again by target string in the child."""
    from .values import to_wire

    request = {"target": target_string(fn), "options": {k: to_wire(v) for k, v in options.items() if v is not None}}
    loss = request["options"].get("loss")
    if loss is not None and not isinstance(loss, str):
        request["options"]["loss"] = loss.name
    return run_child(request, time_limit, memory_limit_gb)
