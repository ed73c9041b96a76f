"""The CLI contract (docs/architecture.md): exit codes, --json, plain text when piped, no heavy imports for --help."""
import io
import json
import subprocess
import sys

import pytest

from dpo_proof.cli import main

pytestmark = pytest.mark.usefixtures("certified_once")  # the CLI around the derivation, not its certificate


def run_json(capsys, argv):
    code = main(argv)
    out = capsys.readouterr().out
    return code, json.loads(out)  # stdout holds exactly one JSON document


def test_verify_json_all_steps_hold(capsys):
    code, doc = run_json(capsys, ["verify", "--json"])
    assert code == 0 and doc["ok"] is True and doc["command"] == "verify"
    wrong = [c for c in doc["checks"] if c.get("expected") == "refuted"]
    assert wrong and all(c["ok"] and c["verdict"] == "refuted" for c in wrong)
    symbolic = [c for c in doc["checks"] if c["kind"] == "symbolic" and "expected" not in c]
    assert all(c["verdict"] in ("definition", "proved") for c in symbolic)
    from dpo_proof.catalogue.losses import names  # every loss of the family, proved and checked
    assert {c["id"].split("/")[1] for c in symbolic if c["id"].startswith("family/")} == set(names()[1:])
    assert {c["loss"] for c in doc["checks"] if c["kind"] == "numeric"} == set(names())


def test_verify_piped_output_is_plain_text_with_a_summary(capsys):
    assert main(["verify"]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out and out.rstrip().splitlines()[-1].endswith("all hold.")
    assert "wrong/sigma-of-delta" in out and "refuted (expected)" in out


@pytest.mark.parametrize("fmt, marker", [("text", "1. The DPO loss (1)"),
                                         ("markdown", "# The DPO gradient"),
                                         ("latex", "\\begin{align}")])
def test_derive_formats(capsys, fmt, marker):
    assert main(["derive", "--format", fmt]) == 0
    assert marker in capsys.readouterr().out


def test_derive_latex_is_a_pasteable_align_block(capsys):
    main(["derive", "--format", "latex"])
    out = capsys.readouterr().out
    assert out.count("\\begin{align}") == 1 and out.count("\\end{align}") == 1
    assert "\\tag{2}" in out and "\\tag{b}" in out and "\\tag{1}" in out
    assert out.count("{") == out.count("}")


def test_derive_writes_a_file(tmp_path, capsys):
    target = tmp_path / "d.md"
    assert main(["derive", "--format", "markdown", "-o", str(target)]) == 0
    assert target.read_text().startswith("<!-- generated")


def test_derive_to_an_unwritable_path_is_a_usage_error(tmp_path, capsys):
    assert main(["derive", "-o", str(tmp_path / "missing-dir" / "x.md")]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err


def test_derive_json_is_one_document(capsys):
    code, doc = run_json(capsys, ["derive", "--json"])
    assert code == 0 and doc["command"] == "derive" and all("latex" in c for c in doc["checks"])


@pytest.mark.parametrize("argv", [["verify", "--bogus"], ["derive", "--format", "pdf"],
                                  ["gradcheck", "--beta", "-1"], ["gradcheck", "--pairs", "zero"],
                                  ["nonsense"], []])
def test_usage_errors_exit_2_without_traceback(capsys, argv):
    assert main(argv) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_failing_check_exits_1(capsys, monkeypatch):
    from dpo_proof.symbolic import derivation
    original = derivation.canonical_steps

    def corrupted():
        steps = original()
        steps[5].rhs = -steps[5].rhs  # flip the sign of the gradient (2)
        return steps

    monkeypatch.setattr(derivation, "canonical_steps", corrupted)
    code, doc = run_json(capsys, ["derive", "--json"])
    assert code == 1 and doc["ok"] is False


def test_help_imports_nothing_heavy():
    code = ("import sys; from dpo_proof.cli import main; "
            "rc = main(['--help']); "
            "heavy = [m for m in ('torch', 'sympy', 'matplotlib') if m in sys.modules]; "
            "print(heavy); sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip().endswith("[]"), done.stdout + done.stderr


def test_python_dash_m_is_the_same_program():
    done = subprocess.run([sys.executable, "-m", "dpo_proof", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("dpo-proof ")


# ---------------------------------------------------------------- --json whatever happens; any stdout

@pytest.mark.parametrize("argv, command, words", [
    (["verify", "--bogus", "--json"], "verify", "unrecognized arguments: --bogus"),
    (["--json", "derive", "--format", "pdf"], "derive", "invalid choice: 'pdf'"),
    (["gradcheck", "--json", "--pairs", "zero"], "gradcheck", "expected a whole number"),
    (["check", "--json"], "check", "the following arguments are required"),
    (["check", "--json", "no-such-notes.md"], "check", "no-such-notes.md"),
    (["nonsense", "--json"], None, "invalid choice: 'nonsense'"),
])
def test_with_json_a_usage_error_is_one_json_document(capsys, argv, command, words):
    assert main(argv) == 2
    captured = capsys.readouterr()
    doc = json.loads(captured.out)  # the whole of stdout: one document
    assert doc == {"ok": False, "command": command, "error": doc["error"], "checks": []}
    assert words in doc["error"] and words in captured.err and "Traceback" not in captured.err


def test_without_json_a_usage_error_prints_usage_and_nothing_on_stdout(capsys):
    assert main(["verify", "--bogus"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("usage: dpo-proof")
    assert "dpo-proof verify: error: unrecognized arguments: --bogus" in captured.err


def test_json_after_a_lone_double_dash_is_not_an_option(capsys):
    assert main(["check", "--", "--json"]) == 2  # a file named --json, which does not exist
    assert capsys.readouterr().out == ""


class Unwritable(io.StringIO):
    def write(self, text):
        raise OSError(28, "No space left on device")


def test_a_full_stdout_is_exit_2_with_a_message(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdout", Unwritable())
    assert main(["figures", "--list", "--json"]) == 2
    assert "cannot write to stdout: No space left on device" in capsys.readouterr().err


def test_a_stdout_that_cannot_show_sigma_gets_ascii(capsys, monkeypatch):
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="cp1252"))
    assert main(["derive"]) == 0
    sys.stdout.flush()
    text = raw.getvalue().decode("cp1252")
    assert "sigma(-delta)" in text and "σ" not in text


def test_finite_difference_advice_fits_the_run():
    """Advice never asks for the dtype the run already uses, and names what applies."""
    from types import SimpleNamespace

    import torch

    from dpo_proof.numeric.diagnosis import advice

    def said(dtype, beta, extreme=False):
        problem = SimpleNamespace(dtype=dtype, beta=beta, extreme=extreme)
        return advice(problem, None, None, "finite-difference", closed_form_ok_elsewhere=True)

    assert "--dtype float64" not in said(torch.float64, 20.0) and "beta 20" in said(torch.float64, 20.0)
    assert "--dtype float64" in said(torch.float32, 0.1)
    assert "--extreme" in said(torch.float64, 0.1, extreme=True)
    assert "--dtype" not in said(torch.float64, 0.1) and "--seed" in said(torch.float64, 0.1)
