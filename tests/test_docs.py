"""Generated artefacts are current, and the README's commands are the ones CI runs."""
from pathlib import Path

from dpo_proof.symbolic.derivation import derivation_report
from dpo_proof.symbolic.render import render_derivation

ROOT = Path(__file__).resolve().parent.parent


def test_docs_derivation_md_is_current():
    committed = (ROOT / "docs" / "derivation.md").read_text(encoding="utf-8")
    fresh = render_derivation(derivation_report("derive"), "markdown")
    assert committed == fresh, ("docs/derivation.md is stale: regenerate it with "
                                "`dpo-proof derive --format markdown -o docs/derivation.md`")


def test_stale_derivation_would_be_caught(tmp_path):
    fresh = render_derivation(derivation_report("derive"), "markdown")
    assert fresh.replace("σ(−δ)", "σ(δ)", 1) != fresh  # the comparison above can fail


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for line in ("python -m pip install -q -c .ci/constraints-cpu.txt -e '.[test]'", "python -m pytest -q"):
        assert line in ci
        assert line.replace(" -q", "") in readme or line in readme, line
