"""`dpo-proof figures`: --list, progress lines, the record files, and usage errors (exit 2)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dpo_proof.cli import main
from dpo_proof.plotting.figures import FIGURES
from dpo_proof.report import UsageError

ROOT = Path(__file__).resolve().parents[1]


def test_list_names_and_describes_every_figure(capsys):
    assert main(["figures", "--list"]) == 0
    out = capsys.readouterr().out
    for name, spec in FIGURES.items():
        assert f"{name}  " in out and spec.description in out
    assert "slides 5.5x2.9 in" in out


def test_draws_only_what_was_asked_with_a_progress_line(tmp_path, capsys):
    out = tmp_path / "new" / "dir"
    assert main(["figures", "-o", str(out), "--only", "loss-and-weight", "--format", "svg, PNG", "--style", "paper"]) == 0
    err = capsys.readouterr().err
    assert "[1/1] loss-and-weight" in err and "loss-and-weight.svg, loss-and-weight.png" in err
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "loss-and-weight.png", "loss-and-weight.svg",
                                                    "manifest.json"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["style"] == "paper" and manifest["formats"] == ["svg", "png"]
    assert "\\includegraphics[width=\\linewidth]{figures/loss-and-weight.svg}" in (out / "README.md").read_text()


def test_a_readme_or_manifest_someone_else_wrote_is_kept(tmp_path, capsys):
    (tmp_path / "README.md").write_text("my notes\n")
    (tmp_path / "manifest.json").write_text('{"mine": true}\n')
    assert main(["figures", "-o", str(tmp_path), "--only", "weighting", "--format", "svg"]) == 0
    assert (tmp_path / "README.md").read_text() == "my notes\n"
    assert (tmp_path / "manifest.json").read_text() == '{"mine": true}\n'
    assert "not overwritten" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["--format", "pdf,jpg"], "--format: 'jpg' is not a format"),
    (["--format", ","], "--format: nothing is not a format"),
    (["--only", "weighting", "histogram"], "--only: unknown figure 'histogram'"),
])
def test_usage_errors_exit_2_with_a_message(tmp_path, capsys, argv, message):
    assert main(["figures", "-o", str(tmp_path)] + argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_output_dir_exits_2(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert main(["figures", "-o", str(blocker / "sub"), "--only", "weighting"]) == 2
    assert "-o/--output-dir: cannot create" in capsys.readouterr().err
    assert main(["figures", "-o", str(blocker), "--only", "weighting"]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def test_an_unknown_style_is_refused_by_argparse(capsys):
    assert main(["figures", "--style", "poster"]) == 2


HEAVY = ("matplotlib", "torch", "sympy", "numpy")
PROBE = """
import contextlib, io, json, sys
from dpo_proof.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()):
    code = main(json.loads(sys.argv[1]))
print(json.dumps({"code": code, "heavy": sorted(m for m in json.loads(sys.argv[2]) if m in sys.modules),
                  "stdout": out.getvalue()}))
"""


def probe(argv, heavy=HEAVY) -> dict:
    """Run main(argv) in a fresh interpreter: its exit code, which heavy modules it loaded, its stdout."""
    run = subprocess.run([sys.executable, "-c", PROBE, json.dumps(argv), json.dumps(heavy)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.mark.parametrize("argv, code", [(["figures", "--help"], 0), (["figures", "--list"], 0),
                                        (["figures", "--list", "--json"], 0), (["figures", "--format", "jpg"], 2),
                                        (["figures", "--only", "nope"], 2), (["figures", "--committed", "--style", "paper"], 2)])
def test_list_help_and_usage_errors_import_nothing_heavy(argv, code):
    done = probe(argv)
    assert done["code"] == code and done["heavy"] == [], (argv, done)
    if argv[1:] == ["--list"]:
        assert all(name in done["stdout"] for name in FIGURES)


def test_the_import_probe_can_fail():
    """The probe sees what was loaded: --list reads the registry, and the probe says so."""
    done = probe(["figures", "--list"], heavy=("dpo_proof.plotting.figures", "dpo_proof.plotting.curves"))
    assert done["code"] == 0 and done["heavy"] == ["dpo_proof.plotting.figures"], done


def test_list_json_is_one_document_naming_every_figure(capsys):
    assert main(["figures", "--list", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is True and doc["command"] == "figures" and doc["checks"] == []
    assert [f["name"] for f in doc["figures"]] == list(FIGURES)
    assert {s["name"] for s in doc["styles"]} == {"notes", "slides", "paper"}


def test_drawing_with_json_names_the_files(tmp_path, capsys):
    assert main(["figures", "-o", str(tmp_path), "--only", "weighting", "--format", "svg", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] and doc["style"] == "notes" and doc["figures"] == ["weighting"]
    assert sorted(Path(f).name for f in doc["files"]) == ["README.md", "manifest.json", "weighting.svg"]


def test_other_styles_go_to_dpo_proof_figures_in_the_current_directory(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["figures", "--style", "slides", "--only", "weighting", "--format", "svg"]) == 0
    assert (tmp_path / "dpo-proof-figures" / "slides" / "weighting.svg").is_file()
    assert "dpo-proof-figures/slides" in capsys.readouterr().err


@pytest.mark.parametrize("folder", ["figures", "figures/slides", "figures/../figures/paper"])
def test_the_committed_folder_is_never_written_without_committed(folder, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    before = sorted(p.name for p in (ROOT / "figures").iterdir())
    assert main(["figures", "--style", "slides", "-o", folder, "--only", "weighting", "--format", "svg"]) == 2
    assert "only `dpo-proof figures --committed` rewrites" in capsys.readouterr().err
    assert sorted(p.name for p in (ROOT / "figures").iterdir()) == before


def test_committed_is_exactly_the_committed_set(monkeypatch, tmp_path):
    import argparse

    from dpo_proof.plotting import cli as figures_cli
    from dpo_proof.plotting.style import FORMATS

    args = argparse.Namespace(committed=True, output_dir=None, style=None, format=None, only=None)
    assert figures_cli.destination(args) == (ROOT / "figures", "notes", list(FORMATS), list(FIGURES))
    monkeypatch.setattr(figures_cli, "committed_dir", lambda: None)  # installed without a clone
    with pytest.raises(UsageError, match="runs from none"):
        figures_cli.destination(args)


def test_pgf_is_refused_without_tex(tmp_path, capsys, monkeypatch):
    import dpo_proof.plotting.cli as figures_cli

    monkeypatch.setattr(figures_cli, "tex_executable", lambda: None)
    assert main(["figures", "-o", str(tmp_path), "--format", "pdf,pgf"]) == 2
    assert "pgf needs a TeX executable" in capsys.readouterr().err
