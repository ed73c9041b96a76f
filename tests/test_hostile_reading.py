"""Hostile input to `check`'s reading layer: every case ends (time-limited), with the exit code the
contract says, no traceback, and with --json one JSON document. Small sizes here; the full sizes
of the issue are in bench/hostile_reading.py (run by hand, timings in docs/performance.md)."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from dpo_proof.checker.context import split_blocks
from dpo_proof.checker.markdown import find_math
from dpo_proof.cli import main
from dpo_proof.limits import deadline

CASE_SECONDS = 60  # far above what any case takes; reached only by a hang or a quadratic scan

CASES = {
    "spaces before a closing $$": "$$a = b" + " " * 5000 + "$$\n",
    "repetitions of `$a `": "$a " * 4000,
    "inline math, one paragraph": "Then $a_{1} = b + c$ and " * 200,
    "\\tag{ + letters": "$$a = b \\tag{" + "x" * 10000 + "$$\n",
    "$$ with newlines inside": "$$" + "\n" * 30000 + "a = b$$\n",
    "$$a then a blank line, repeated": "$$a\n\n" * 1000,
    "\\begin{align} never closed, repeated": "\\begin{align}\n\n" * 1000,
    "\\[ never closed, repeated": "\\[ a = b\n" * 1000,
    "unclosed $$ inside a paragraph, repeated": "x $$a\n" * 1000,
    "HTML comments never closed": "<!-- $a = b$\n" * 1000,
    "a matrix never closed": "$$\\begin{pmatrix} a \\\\ " * 500 + "$$",
    "brackets 3000 deep": "$$a = " + "(" * 3000 + "b" + ")" * 3000 + "$$\n",
}


def _run(argv, capsys):
    with deadline(CASE_SECONDS):
        code = main(argv)
    return code, capsys.readouterr()


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_ends_with_a_contract_exit_code_and_one_json(name, tmp_path, capsys):
    path = tmp_path / "notes.md"
    path.write_text(CASES[name], encoding="utf-8")
    code, out = _run(["check", "--json", str(path)], capsys)
    assert code in (0, 1, 2) and "Traceback" not in out.err
    if code in (0, 1):
        doc = json.loads(out.out)
        assert doc["command"] == "check" and doc["ok"] == (code == 0)


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_text_is_scanned_without_losing_offsets(name):
    text = CASES[name]
    with deadline(CASE_SECONDS):
        scan = find_math(text)
        equations = split_blocks(scan.blocks, scan.problems)
    for block in scan.blocks:  # a block is a slice of the file, marks blanked: offsets are exact
        original = text[block.start: block.start + len(block.text)]
        assert len(original) == len(block.text)
    for eq in equations:
        for side in eq.sides:
            assert 0 <= side.start <= len(text)


def test_a_fifo_is_refused_without_blocking(tmp_path, capsys):
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    code, out = _run(["check", "--json", str(fifo)], capsys)
    assert code == 2 and "FIFO" in out.err and "Traceback" not in out.err


def test_a_device_is_refused(capsys):
    code, out = _run(["check", os.devnull], capsys)
    assert code == 2 and "a device" in out.err


def test_stdin_closed_in_process_is_a_usage_error(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", None)
    code, out = _run(["check", "-"], capsys)
    assert code == 2 and "stdin is closed" in out.err
    stream = io.TextIOWrapper(io.BytesIO(b"$$a = 1$$"))
    stream.close()
    monkeypatch.setattr(sys, "stdin", stream)
    code, out = _run(["check", "-"], capsys)
    assert code == 2 and "stdin is closed" in out.err


def test_stdin_closed_at_the_os_level_gives_a_message_not_a_traceback():
    proc = subprocess.run([sys.executable, "-m", "dpo_proof", "check", "-"], capture_output=True,
                          text=True, timeout=CASE_SECONDS, preexec_fn=lambda: os.close(0))
    assert proc.returncode == 2 and "stdin is closed" in proc.stderr and "Traceback" not in proc.stderr
