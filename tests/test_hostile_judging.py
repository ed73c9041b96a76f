"""Hostile inputs against judging and time (issue 14), small enough for CI.

Each case must end with the exit code the contract gives (1: a false or unjudged claim; 2: a bad
option), one JSON document with --json, no traceback, and within a generous bound (a guard, not
a timing: the full-size cases and their times are in bench/hostile_judging.py).
"""
from __future__ import annotations

import json

import pytest

from dpo_proof.checker import limits as caps
from dpo_proof.cli import main
from dpo_proof.limits import deadline

# A deadline can land inside a callback whose exceptions Python swallows (a gc callback, a
# __del__); limits.deadline fires it again (tests/test_limits.py proves it), so the swallowed
# first one, which pytest reports as a warning, is expected here.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

DELTA = (r"$$\delta = \beta \log \frac{\pi_\phi(y_w|x)}{\pi_{ref}(y_w|x)} - "
         r"\beta \log \frac{\pi_\phi(y_l|x)}{\pi_{ref}(y_l|x)}$$" "\n\n")


class Hung(BaseException):
    """The case ran past its guard: the checker is not bounded."""


def run(tmp_path, capsys, text: str, *options: str) -> tuple[int, dict | None, str]:
    path = tmp_path / "hostile.md"
    path.write_text(text, encoding="utf-8")
    with deadline(60, Hung):
        code = main(["check", "--json", str(path), *options])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, (json.loads(captured.out) if code != 2 else None), captured.err


@pytest.mark.parametrize("name,text", [
    ("d^9/dphi^9 three times", DELTA + "$$" + r"\frac{d^9}{d\phi^9}" * 3 + r"\log\sigma(\delta) = 0$$" "\n"),
    ("nabla_phi 200 times", DELTA + "$$" + r"\nabla_\phi " * 200 + r"\log\sigma(\delta) = 1$$" "\n"),
])
def test_a_pathological_derivative_is_skipped_within_the_line_deadline(tmp_path, capsys, name, text):
    code, doc, _ = run(tmp_path, capsys, text, "--time-limit", "0.2")
    assert code == 1 and doc["ok"] is False
    (claim,) = [c for c in doc["checks"] if c["verdict"] != "definition"]
    assert claim["verdict"] in ("skipped", "refuted"), claim
    assert "not judged" in doc["files"][0]["summary"] or claim["verdict"] == "refuted"


def test_a_tower_of_exponentials_is_refuted_not_skipped(tmp_path, capsys):
    code, doc, _ = run(tmp_path, capsys, "$$e^{e^{7}} = 1$$\n")
    assert code == 1
    (claim,) = doc["checks"]
    assert claim["verdict"] == "refuted" and claim["counterexample"]["lhs"] == "1.827e+476"


@pytest.mark.parametrize("value", ["1e10", "0.001"])
def test_a_time_limit_that_would_skip_everything_is_a_usage_error(tmp_path, capsys, value):
    code, _, err = run(tmp_path, capsys, "$$\\sigma(0) = 1$$\n", "--time-limit", value)
    assert code == 2 and "between 0.1 and 300" in err


def test_the_file_budget_is_enforced_and_every_line_still_reported(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(caps, "FILE_SECONDS", 1.0)
    slow = "".join("$$" + r"\frac{d^9}{d\phi^9}" * 2 + rf"\log\sigma({k}\delta) = 0$$" "\n" for k in range(2, 30))
    code, doc, _ = run(tmp_path, capsys, DELTA + slow)
    assert code == 1
    claims = [c for c in doc["checks"] if c["verdict"] != "definition"]
    assert len(claims) == 28  # nothing dropped: each line has its check
    assert all(c["verdict"] == "skipped" and not c["ok"] for c in claims)
    assert any("time budget (1 s)" in c["message"] for c in claims)
    assert "28 not judged" in doc["files"][0]["summary"]


def test_a_file_whose_only_claim_is_skipped_never_exits_0(tmp_path, capsys, monkeypatch):
    from dpo_proof.symbolic import equality

    monkeypatch.setattr(equality, "TRANSFORMS", ())
    monkeypatch.setattr(equality, "_screen", lambda *a, **k: (0, None))  # nothing evaluable, no certificate
    monkeypatch.setattr(equality, "_screen_precisely", lambda *a, **k: None)
    code, doc, _ = run(tmp_path, capsys, "$$\\sigma(0) = 1$$\n")
    assert code == 1 and doc["checks"][0]["verdict"] == "skipped" and doc["checks"][0]["ok"] is False
