"""The docs match the program: generated files are current, documented commands run as written,
shown output has the program's layout, and nothing cites a file the repository does not have.

Documented commands are the `dpo-proof ...` lines of the ```sh, ```bash and ```console blocks of
README.md and docs/*.md (in console blocks, lines after `$ dpo-proof ...` are its output). Each
runs through `main(argv)` in a scratch copy of README.md and docs/ (so `-o docs/...` writes
there), beside a notes.md, my-notes.md and my_dpo.py like the ones the guides assume. Kept fast
on purpose: `figures` commands run with the drawing itself replaced by a stand-in that records
what would be drawn where (the arguments and the destination are what is tested here; drawing
is tested in test_figures_*), and `figures --committed` is not run (it rewrites figures/;
test_figures_cli checks where it draws).
"""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from dpo_proof.cli import main
from dpo_proof.symbolic.derivation import derivation_report
from dpo_proof.symbolic.render import render_derivation

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
SHELL = ("sh", "bash", "console", "shell")


# ---------------------------------------------------------------- generated files

def stale_generated(root: Path) -> list[str]:
    """The generated docs under `root` that differ from what the code writes now."""
    stale = []
    fresh = render_derivation(derivation_report("derive"), "markdown")
    if (root / "docs" / "derivation.md").read_text(encoding="utf-8") != fresh:
        stale.append("docs/derivation.md: regenerate with `dpo-proof derive --format markdown -o docs/derivation.md`")
    return stale


def test_generated_docs_are_current():
    assert not stale_generated(ROOT), "\n".join(stale_generated(ROOT))


def test_a_stale_derivation_md_is_caught(tmp_path):
    (tmp_path / "docs").mkdir()
    committed = (ROOT / "docs" / "derivation.md").read_text(encoding="utf-8")
    assert "σ(−δ)" in committed
    (tmp_path / "docs" / "derivation.md").write_text(committed.replace("σ(−δ)", "σ(δ)", 1), encoding="utf-8")
    assert [s.split(":")[0] for s in stale_generated(tmp_path)] == ["docs/derivation.md"]


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # CI installs the same set as the README, only compiling it afterwards on every core (--no-compile)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").replace(" --no-compile", "")
    for line in ("python -m pip install -q -c .ci/constraints-cpu.txt -e '.[test]'", "python -m pytest -q"):
        assert line in ci
        assert line.replace(" -q", "") in readme or line in readme, line


# ---------------------------------------------------------------- files the docs cite

def repository_files() -> list[Path]:
    """Tracked files (git), or every file outside .git/.venv where git is not available."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60)
        return [ROOT / name for name in listed.stdout.decode().split("\0") if name]
    except (OSError, subprocess.SubprocessError):
        skip = {".git", ".venv", "__pycache__"}
        return [p for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]


def citing(name: str, files: list[Path]) -> list[str]:
    found = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found += [f"{path.relative_to(ROOT)}:{i}" for i, line in enumerate(text.splitlines(), 1) if name in line]
    return found


def test_nothing_cites_the_design_notes_that_live_outside_the_repository():
    design = "DESIGN" + ".md"  # spelled apart so this file does not cite it either
    assert not citing(design, repository_files()), "cite docs/architecture.md instead"


def test_the_citation_check_can_fail(tmp_path):
    planted = ROOT / "tests" / "corpus-planted-citation.md"  # inside ROOT: citing() reports relative paths
    try:
        planted.write_text("see " + "DESIGN" + ".md\n", encoding="utf-8")
        assert citing("DESIGN" + ".md", [planted]) == ["tests/corpus-planted-citation.md:1"]
    finally:
        planted.unlink()


def test_markdown_links_to_repository_files_resolve():
    broken = []
    for doc in DOCS:
        prose = FENCE.sub("", doc.read_text(encoding="utf-8"))  # snippets in code blocks are for elsewhere
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", prose):
            if "://" not in target and not (doc.parent / target).exists():
                broken.append(f"{doc.relative_to(ROOT)}: {target}")
    assert not broken, broken


# ---------------------------------------------------------------- documented commands

def documented() -> list[tuple[str, str, str, list[str]]]:
    """(doc, cd, command, shown output lines) for every dpo-proof line of a shell block."""
    found, seen = [], {}
    for doc in DOCS:
        for info, body in FENCE.findall(doc.read_text(encoding="utf-8")):
            if info not in SHELL:
                continue
            cd, current = "", None
            for line in body.replace("\\\n", " ").splitlines():  # a line continued with \ is one command
                console = info == "console"
                if console and not line.startswith("$ "):
                    if current is not None and line.strip():
                        current[3].append(line)
                    continue
                line = line[2:] if console else line
                words = shlex.split(line, comments=True)
                for part in " ".join(shlex.quote(w) for w in words).split(" '&&' "):
                    argv = shlex.split(part)
                    if argv[:1] == ["cd"]:
                        cd = argv[1]
                    elif argv[:1] == ["dpo-proof"] or argv[:3] == ["python", "-m", "dpo_proof"]:
                        if (cd, part) not in seen:  # run once; output shown anywhere is compared
                            seen[cd, part] = (doc.name, cd, part, [])
                            found.append(seen[cd, part])
                        current = seen[cd, part]
    return found


COMMANDS = documented()


def test_the_docs_document_commands():
    names = {shlex.split(c[2])[1] for c in COMMANDS if shlex.split(c[2])[0] == "dpo-proof"}
    assert {"verify", "check", "figures", "derive"} <= names, names


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """A copy of README.md and docs/, with the files the guides' commands name."""
    root = tmp_path_factory.mktemp("docs-commands")
    shutil.copy(ROOT / "README.md", root)
    shutil.copytree(ROOT / "docs", root / "docs")
    for name in ("notes.md", "my-notes.md"):
        shutil.copy(ROOT / "docs" / "examples" / "handwritten.md", root / name)
    loss = (ROOT / "docs" / "examples" / "losses" / "correct.py").read_text(encoding="utf-8")
    (root / "my_dpo.py").write_text(loss + "\n\nloss = dpo_loss\n", encoding="utf-8")
    for module in ("path/to/losses.py", "mytrainer/losses.py", "src/mytrainer/losses.py"):  # the CI guide's
        (root / module).parent.mkdir(parents=True, exist_ok=True)
        (root / module).write_text(loss, encoding="utf-8")
    (root / "mytrainer" / "__init__.py").write_text("", encoding="utf-8")
    return root


def runnable(argv: list[str]) -> list[str] | None:
    """The argv to run; None for a command not run here (see the docstring)."""
    if argv[0] == "python":
        argv = ["dpo-proof", *argv[3:]]
    return None if argv[1] == "figures" and "--committed" in argv else argv[1:]


@pytest.fixture
def drawings(monkeypatch):
    """`figures` draws nothing: each call's folder, names, formats and style are recorded."""
    from dpo_proof.plotting import cli as figures_cli

    calls = []
    monkeypatch.setattr(figures_cli, "draw_all", lambda out, names, formats, style, progress=None:
                        calls.append((out, names, formats, style)) or [])
    return calls


def shown_lines_differ(shown: list[str], printed: str) -> list[str]:
    """Shown output lines ('...' skipped) whose first three words begin no printed line."""
    heads = {tuple(line.split()[:3]) for line in printed.splitlines()}
    return [line for line in shown if line.strip() != "..." and tuple(line.split()[:3]) not in heads]


@pytest.mark.usefixtures("certified_once")
@pytest.mark.parametrize("doc, cd, command, shown", COMMANDS,
                         ids=[f"{c[0]}: {c[2]}" for c in COMMANDS])
def test_documented_command_runs_as_written(doc, cd, command, shown, scratch, drawings, monkeypatch, capsys):
    argv = runnable(shlex.split(command))
    if argv is None:
        pytest.skip("rewrites the committed figures/; see test_figures_cli")
    monkeypatch.chdir(scratch / cd)
    code = main(argv)
    out, err = capsys.readouterr()
    assert code in (0, 1), f"{doc}: `{command}` exited {code}: {err}"
    for folder, names, formats, style in drawings:  # a documented drawing lands beside the user's work
        assert folder.resolve().is_relative_to(scratch.resolve()) and names and formats and style
    assert code == 0 or shown, f"{doc}: `{command}` fails (exit 1) and the doc shows no output saying so"
    differ = shown_lines_differ(shown, out)
    assert not differ, f"{doc}: the output shown for `{command}` is not what it prints:\n" + "\n".join(differ)


def test_the_output_comparison_can_fail():
    """The old layout of the student guide ('ok  notes.md:5  definition ...') is caught."""
    printed = "handwritten.md:\n  ok    line 5            definition          defines \\delta(\\phi)\n"
    assert shown_lines_differ(["ok    notes.md:5    definition   defines \\delta(\\phi)"], printed)
    assert not shown_lines_differ(["  ok    line 5   definition  (anything)", "..."], printed)


CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # a `\b` or `\t` lost from a docstring's LaTeX


def _control_characters(paths, root: Path = ROOT) -> list[str]:
    return [f"{p.relative_to(root)}:{n}" for p in paths
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if CONTROL_RE.search(line)]


def test_no_source_holds_a_control_character():
    sources = [p for folder in ("dpo_proof", "tests", "bench") for p in (ROOT / folder).rglob("*")
               if p.suffix in (".py", ".lark")]
    assert not _control_characters(sources)


def test_the_control_character_check_can_fail(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text('r"""$\x08eta$"""\n', encoding="utf-8")
    assert _control_characters([planted], tmp_path) == ["planted.py:1"]
