"""Hostile conditions around the CLI: usage errors under --json, closed or full stdout, closed
stdin and stderr, any output encoding, a broken TeX, a problem too large for memory.

Each case runs `python -m dpo_proof` in a child process under a time limit, and must end with
the contract's exit code, no Python traceback on stderr, and, where --json is given, exactly one
JSON document on stdout. bench/hostile_cli.py runs the same cases (and full-size ones) and
reports their times. Cheap commands stand in where the command does not matter (the output path
is the same for all): `derive` (sympy, no torch) or `figures --list` (no heavy import).
"""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TIME_LIMIT = 120  # seconds per case: a hang fails the test instead of stalling the suite


@dataclass
class Case:
    """One hostile run: argv, what to do to the child's streams and environment, what must happen."""

    name: str
    argv: list[str]
    codes: tuple[int, ...]
    stdout: str = "pipe"            # pipe | closed | full | head (the reader leaves after one line)
    stdin: str = "inherit"          # inherit | closed
    stderr: str = "pipe"            # pipe | closed
    env: dict = field(default_factory=dict)
    json: bool = False              # stdout must be exactly one JSON document
    stderr_has: str = ""            # words the message on stderr must contain
    fake_tex: bool = False          # put TeX engines that exit 1 first on PATH


def _preexec(case: Case):
    closing = [fd for fd, how in ((0, case.stdin), (1, case.stdout), (2, case.stderr)) if how == "closed"]
    return (lambda: [os.close(fd) for fd in closing]) if closing else None


def fake_tex(folder: Path) -> Path:
    """xelatex, lualatex and pdflatex that fail at once, as a broken TeX installation does."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("xelatex", "lualatex", "pdflatex"):
        exe = folder / name
        exe.write_text("#!/bin/sh\necho 'broken TeX' >&2\nexit 1\n")
        exe.chmod(exe.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return folder


def run_case(case: Case, workdir: Path, python_path: str | None = None, limit: float = TIME_LIMIT) -> dict:
    """Run `case` in `workdir`: exit code, seconds, stdout, stderr (None where closed)."""
    env = {**os.environ, **case.env}
    if python_path:
        env["PYTHONPATH"] = python_path
    if case.fake_tex:
        env["PATH"] = f"{fake_tex(workdir / 'fake-tex')}{os.pathsep}{env.get('PATH', '')}"
    out_file = open("/dev/full", "w") if case.stdout == "full" else None
    stdout = out_file if out_file else (subprocess.PIPE if case.stdout in ("pipe", "head") else None)
    start = time.perf_counter()
    try:
        child = subprocess.Popen([sys.executable, "-m", "dpo_proof", *case.argv], cwd=workdir, env=env,
                                 stdin=None if case.stdin == "inherit" else subprocess.DEVNULL, stdout=stdout,
                                 stderr=subprocess.PIPE if case.stderr == "pipe" else None,
                                 preexec_fn=_preexec(case), text=True)
        if case.stdout == "head":
            first = child.stdout.readline()
            child.stdout.close()
            _, err = child.communicate(timeout=limit)
            out = first
        else:
            out, err = child.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        return {"code": None, "seconds": time.perf_counter() - start, "stdout": "", "stderr": "timed out"}
    finally:
        if out_file:
            out_file.close()
    return {"code": child.returncode, "seconds": time.perf_counter() - start, "stdout": out, "stderr": err}


def problems(case: Case, result: dict) -> list[str]:
    """What went wrong with `result`, against the contract; empty when nothing did."""
    found = []
    if result["code"] is None:
        return [f"did not finish within the time limit ({result['seconds']:.0f} s)"]
    if result["code"] not in case.codes:
        found.append(f"exit {result['code']}, expected {' or '.join(map(str, case.codes))}")
    err = result["stderr"] or ""
    if "Traceback" in err:
        found.append("a traceback on stderr:\n" + err[-2000:])
    if case.stderr_has and case.stderr_has not in err:
        found.append(f"stderr lacks {case.stderr_has!r}: {err[-500:]!r}")
    if case.json:
        try:
            doc = json.loads(result["stdout"])  # one document: trailing text would fail here
        except ValueError as exc:
            found.append(f"stdout is not one JSON document ({exc}): {result['stdout'][:300]!r}")
        else:
            if not (isinstance(doc, dict) and {"ok", "command", "checks"} <= set(doc)):
                found.append(f"the JSON document lacks ok/command/checks: {str(doc)[:300]}")
            elif result["code"] == 2 and not doc.get("error"):
                found.append("exit 2 without an error in the JSON document")
    return found


CP1252 = {"PYTHONIOENCODING": "cp1252"}
CASES = [
    Case("json: unknown flag", ["verify", "--bogus", "--json"], (2,), json=True, stderr_has="--bogus"),
    Case("json: bad value", ["gradcheck", "--beta", "-1", "--json"], (2,), json=True, stderr_has="--beta"),
    Case("json: bad choice", ["derive", "--format", "pdf", "--json"], (2,), json=True, stderr_has="invalid choice"),
    Case("json: missing file", ["check", "no-such-file.md", "--json"], (2,), json=True, stderr_has="no-such-file.md"),
    Case("json: missing required option", ["check-loss", "x.py:loss", "--json"], (2,), json=True,
         stderr_has="--beta"),
    Case("json: figures usage error", ["figures", "--format", "gif", "--json"], (2,), json=True,
         stderr_has="--format"),
    Case("json, stderr closed", ["verify", "--bogus", "--json"], (2,), stderr="closed", json=True),
    Case("stdout closed, --json", ["figures", "--list", "--json"], (2,), stdout="closed", stderr_has="stdout"),
    Case("stdout closed, text", ["figures", "--list"], (2,), stdout="closed", stderr_has="stdout"),
    Case("stdout full, --json", ["figures", "--list", "--json"], (2,), stdout="full", stderr_has="stdout"),
    Case("stdout full, text", ["figures", "--list"], (2,), stdout="full", stderr_has="stdout"),
    Case("stdin closed", ["figures", "--list", "--json"], (0,), stdin="closed", json=True),
    Case("reader leaves early", ["figures", "--list", "--json"], (0,), stdout="head"),
    Case("cp1252, --json", ["derive", "--format", "σ′", "--json"], (2,), env=CP1252, json=True,
         stderr_has="sigma'"),
    Case("ascii, usage error", ["figures", "--only", "σ-flow"], (2,), env={"PYTHONIOENCODING": "ascii"},
         stderr_has="'sigma-flow'"),
    Case("broken TeX, pgf", ["figures", "--format", "pgf", "--only", "weighting", "-o", "out"], (2,), fake_tex=True,
         stderr_has="--format pgf"),
    Case("too large for memory", ["gradcheck", "--policy", "loglinear", "--pairs", "1000000", "--vocab", "268",
                                  "--json"], (2,), json=True, stderr_has="GiB"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case_keeps_the_contract(case, tmp_path):
    if case.stdout == "full" and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    result = run_case(case, tmp_path)
    assert not problems(case, result), "\n".join(problems(case, result))


def test_json_under_cp1252_is_the_same_data(tmp_path):
    result = run_case(Case("cp1252", ["derive", "--format", "σ′", "--json"], (2,), env=CP1252), tmp_path)
    assert result["stdout"].isascii()
    assert "σ′" in json.loads(result["stdout"])["error"]  # escaped on the way, σ′ again when read


def test_text_under_cp1252_is_spelled_in_ascii(tmp_path):
    result = run_case(Case("cp1252", ["derive"], (0,), env=CP1252), tmp_path)
    assert not problems(Case("cp1252", ["derive"], (0,)), result)
    assert "sigma(-delta)" in result["stdout"] and "σ" not in result["stdout"]


def test_the_checks_above_can_fail():
    """`problems` sees each way a run can break the contract."""
    case = Case("planted", ["verify", "--json"], (0,), json=True, stderr_has="hello")
    assert problems(case, {"code": None, "seconds": 1.0, "stdout": "", "stderr": ""})
    found = problems(case, {"code": 1, "seconds": 1.0, "stdout": '{"ok": true}\n{"ok": true}',
                            "stderr": "Traceback (most recent call last):"})
    assert len(found) == 4, found  # exit code, traceback, missing words, two documents
    assert problems(Case("x", [], (2,), json=True), {"code": 2, "seconds": 0.1, "stderr": "",
                                                     "stdout": '{"ok": false, "command": "x", "checks": []}'})
