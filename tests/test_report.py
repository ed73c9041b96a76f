"""The one report type: ok/expected semantics, JSON, and the layouts people read."""
import io
import json

import pytest

from dpo_proof.report import Check, Report


def claim(line, verdict, label=None, message="why"):
    shown = f"{label} {message}" if label else message
    return Check(f"notes.md:{line}", "claim", verdict, shown,
                 fields={"file": "notes.md", "line": line, "label": label})


def test_ok_follows_the_verdict_and_an_expected_refutation():
    assert Check("a", "symbolic", "proved", "").ok
    assert not Check("a", "symbolic", "refuted", "").ok
    assert Check("a", "symbolic", "refuted", "", expected="refuted").ok
    assert not Check("a", "symbolic", "proved", "", expected="refuted").ok  # a wrong step that "holds"
    with pytest.raises(ValueError):
        Check("a", "nonsense", "proved", "")


def test_json_has_the_contract_keys_and_no_nan():
    report = Report("verify", [Check("x", "numeric", "match", "m", fields={"max_abs_error": float("nan")})],
                    extra={"seed": 0})
    doc = json.loads(report.to_json())
    assert doc["ok"] is True and doc["command"] == "verify" and doc["seed"] == 0
    assert doc["checks"][0]["max_abs_error"] == "nan"


def test_claims_are_laid_out_per_file_with_line_and_label():
    report = Report("check", [claim(3, "proved"), claim(9, "refuted", "(2)", "at δ = 0.3: left 1, right 2")])
    text = report.to_text()
    assert "notes.md:" in text
    row = next(line for line in text.splitlines() if "line 9" in line)
    assert "(2)" in row and "refuted" in row and row.count("(2)") == 1 and row.lstrip().startswith("FAIL")
    buffer = io.StringIO()
    report.print_table(file=buffer)
    assert "label" in buffer.getvalue() and "reason" in buffer.getvalue()


def test_other_reports_are_one_line_a_check_with_a_summary():
    report = Report("verify", [Check("gradient", "symbolic", "proved", "certified"),
                               Check("wrong/x", "symbolic", "refuted", "at ...", expected="refuted")])
    lines = report.to_text().splitlines()
    assert lines[0].startswith("ok") and "refuted (expected)" in lines[1] and lines[-1] == "2 checks: all hold."
    assert Report("v", [Check("g", "symbolic", "refuted", "")]).summary_line().endswith("1 fail (g).")


@pytest.mark.parametrize("text, ascii_text", [
    ("σ(−δ)∇δ", "sigma(-delta)grad delta"),
    ("∇π for ∇log π", "grad pi for grad log pi"),
    ("σ′ counted twice", "sigma' counted twice"),
    ("1/(1+eᵗ) = σ(−t)", "1/(1+e^t) = sigma(-t)"),
    ("r̂(x, y) = β log π_φ/π_ref", "r^(x, y) = beta log pi_phi/pi_ref"),
    ("ℓ · β² ≠ 0 → ✓", "l * beta^2 != 0 -> ok"),
    ("Σ_j ϕ ϑ ϵ", "Sigma_j phi theta epsilon"),
    ("plain ASCII stays", "plain ASCII stays"),
    ("日本", "??"),
])
def test_plain_spells_unicode_in_ascii(text, ascii_text):
    from dpo_proof.report import plain

    assert plain(text) == ascii_text and plain(text).isascii()


def test_ascii_json_is_the_same_data():
    report = Report("verify", [Check("a", "symbolic", "proved", "σ(−δ) ≠ σ(δ)")])
    escaped = report.to_json(ascii_only=True)
    assert escaped.isascii() and "\\u03c3" in escaped
    assert json.loads(escaped) == json.loads(report.to_json())
