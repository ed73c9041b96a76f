"""`dpo-proof check-loss PATH.py:FUNCTION | module:function`: exit codes 0/1/2, never a traceback."""
import json
import signal
import threading
from pathlib import Path

import pytest

from dpo_proof.catalogue import slip
from dpo_proof.cli import main
from dpo_proof.testing import target

LOSSES = Path(__file__).resolve().parent.parent / "docs" / "examples" / "losses"
GOOD = """import torch.nn.functional as F

def dpo_loss(pc, pr, rc, rr, beta=0.1):
    return -F.logsigmoid(beta * ((pc - rc) - (pr - rr)))
"""


def run(capsys, *argv):
    """The command in this process (--no-isolation): the isolated runs are tests/test_hostile_check_loss.py."""
    code = main(["check-loss", *argv, "--no-isolation"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_a_correct_file_exits_0_and_a_buggy_one_1(capsys):
    assert run(capsys, f"{LOSSES}/correct.py:dpo_loss", "--beta", "0.1")[0] == 0
    code, out, _ = run(capsys, f"{LOSSES}/buggy.py:no_reference", "--beta", "0.1")
    assert code == 1 and slip("reference-missing").sentence() in out


def test_json_is_one_document_even_when_the_file_prints(tmp_path, capsys):
    path = tmp_path / "noisy.py"
    path.write_text('print("hello from import")\n' + GOOD.replace("    return", "    print('in call')\n    return"))
    code, out, err = run(capsys, f"{path}:dpo_loss", "--beta", "0.1", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["ok"] and doc["command"] == "check-loss" and doc["reduction"] == "per-pair"
    assert doc["target"] == "noisy.py:dpo_loss" and doc["beta"] == 0.1
    assert all(c["kind"] == "implementation" for c in doc["checks"])
    assert "hello from import" in err and "in call" in err


def test_json_of_a_failure_carries_errors_tolerance_and_cause(capsys):
    code, out, _ = run(capsys, f"{LOSSES}/buggy.py:swapped", "--beta", "0.1", "--json")
    value = next(c for c in json.loads(out)["checks"] if c["id"] == "loss-value")
    assert code == 1 and value["verdict"] == "mismatch"
    assert {"max_abs_error", "max_rel_error", "tolerance", "expected", "actual", "inputs", "likely_cause"} <= set(value)


@pytest.mark.parametrize("make, target_suffix, phrase", [
    (None, "missing.py:f", "missing.py: no such file"),
    ("def f(:\n", "f", "syntax error at line 1"),
    ("raise RuntimeError('no GPU here')\n", "f", "importing it raised RuntimeError: no GPU here"),
    ("import sys\nsys.exit(3)\n", "f", "importing it raised SystemExit"),
    ("import not_a_module_anywhere\n", "f", "needs the package 'not_a_module_anywhere', which is not installed"),
    (GOOD, "nope", "no function named 'nope' (it defines: dpo_loss)"),
    ("x = 3\n", "x", "'x' is a int, not a function, method or loss class"),
])
def test_bad_files_are_usage_errors_naming_the_place(tmp_path, capsys, make, target_suffix, phrase):
    if make is None:
        spec = str(tmp_path / target_suffix)
    else:
        (tmp_path / "loss.py").write_text(make)
        spec = f"{tmp_path / 'loss.py'}:{target_suffix}"
    code, out, err = run(capsys, spec, "--beta", "0.1")
    assert code == 2 and out == ""
    assert phrase in err, err


@pytest.mark.parametrize("spec, phrase", [
    ("no_colon_here", "expected PATH.py:NAME or module:NAME"),
    ("file.py:", "expected PATH.py:NAME"),
    ("file.py:not-a-name", "is not a Python function name, Class.method or Class"),
    ("surely_not_a_module_xyz:f", "surely_not_a_module_xyz: no such module"),
])
def test_malformed_targets_are_usage_errors(capsys, spec, phrase):
    code, _, err = run(capsys, spec, "--beta", "0.1")
    assert code == 2 and phrase in err, err


def test_module_function_form_finds_modules_in_the_current_directory(tmp_path, capsys, monkeypatch):
    (tmp_path / "mylosses.py").write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delitem(__import__("sys").modules, "mylosses", raising=False)
    assert run(capsys, "mylosses:dpo_loss", "--beta", "0.1")[0] == 0


def test_sibling_imports_of_a_file_work(tmp_path, capsys):
    (tmp_path / "helpers_for_dpo_test.py").write_text(GOOD)
    (tmp_path / "main_loss.py").write_text("from helpers_for_dpo_test import dpo_loss\n")
    assert run(capsys, f"{tmp_path / 'main_loss.py'}:dpo_loss", "--beta", "0.1")[0] == 0


needs_alarm = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="the time limit needs SIGALRM")


def _main_thread_only():
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("the time limit works in the main thread only")


def test_a_file_with_a_dataclass_loads(tmp_path, capsys):
    (tmp_path / "dc.py").write_text("from dataclasses import dataclass\n@dataclass\nclass Cfg:\n    beta: float = 0.1\n"
                                    + GOOD)
    assert run(capsys, f"{tmp_path / 'dc.py'}:dpo_loss", "--beta", "0.1")[0] == 0


@needs_alarm
def test_a_hanging_loss_is_stopped_and_reported(tmp_path, capsys, monkeypatch):
    _main_thread_only()
    monkeypatch.setattr(target, "TIME_LIMIT", 60.0)  # restored after the test: the run sets it
    (tmp_path / "hang.py").write_text("def f(pc, pr, rc, rr):\n    while True:\n        pass\n")
    code, out, _ = run(capsys, f"{tmp_path / 'hang.py'}:f", "--beta", "0.1", "--time-limit", "0.5")
    assert code == 1 and "did not finish within 0.5 s" in out


@needs_alarm
def test_a_hanging_import_is_a_usage_error(tmp_path, capsys, monkeypatch):
    _main_thread_only()
    monkeypatch.setattr(target, "TIME_LIMIT", 60.0)
    (tmp_path / "hang_import.py").write_text("while True:\n    pass\n")
    code, _, err = run(capsys, f"{tmp_path / 'hang_import.py'}:f", "--beta", "0.1", "--time-limit", "0.5")
    assert code == 2 and "importing" in err and "did not finish" in err


def test_beta_must_be_positive(capsys):
    code, _, err = run(capsys, f"{LOSSES}/correct.py:dpo_loss", "--beta", "0")
    assert code == 2 and "must be a finite number > 0" in err


def test_beta_is_needed_from_one_flag_or_the_other(capsys):
    code, _, err = run(capsys, f"{LOSSES}/correct.py:dpo_loss")
    assert code == 2 and "--beta B (or --param beta=B)" in err
    assert run(capsys, f"{LOSSES}/correct.py:dpo_loss", "--param", "beta=0.1")[0] == 0


def test_importing_the_package_does_not_import_hypothesis():
    """Users without hypothesis can still call check_dpo_loss; the strategies load on use."""
    import subprocess
    import sys

    code = "import sys, dpo_proof.testing; assert 'hypothesis' not in sys.modules, 'hypothesis imported'"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_a_child_report_keeps_numbers_out_of_the_purpose_field():
    """An implementation check's "expected" is the expected value (a number); only a verdict string
    is a check shown failing on purpose. Read back from a child, the two must not be confused."""
    from dpo_proof.testing.isolation import report_from_dict

    doc = {"ok": True, "command": "check-loss", "checks": [
        {"id": "loss-value", "kind": "implementation", "ok": True, "verdict": "match", "message": "m", "expected": 1.5},
        {"id": "wrong/x", "kind": "symbolic", "ok": True, "verdict": "refuted", "message": "m", "expected": "refuted"}]}
    report = report_from_dict(doc)
    assert report.checks[0].expected is None and report.checks[0].fields["expected"] == 1.5
    assert "(expected)" not in report.to_text().splitlines()[0 if not report.title else 1]
    assert report.checks[1].expected == "refuted"
    assert [c.to_dict()["expected"] for c in report.checks] == [1.5, "refuted"]
