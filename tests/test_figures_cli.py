"""`dpo-proof figures`: --list, progress lines, the record files, and usage errors (exit 2)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dpo_proof.cli import main
from dpo_proof.plotting.figures import FIGURES


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


def test_help_and_list_do_not_import_matplotlib_or_torch():
    code = ("import sys, contextlib, io; from dpo_proof.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
            "    main(['figures', '--help'])\n"
            "print(sorted(m for m in ('matplotlib', 'torch') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "[]", run.stdout + run.stderr


def test_pgf_is_refused_without_tex(tmp_path, capsys, monkeypatch):
    import dpo_proof.plotting.cli as figures_cli

    monkeypatch.setattr(figures_cli, "tex_executable", lambda: None)
    assert main(["figures", "-o", str(tmp_path), "--format", "pdf,pgf"]) == 2
    assert "pgf needs a TeX executable" in capsys.readouterr().err
