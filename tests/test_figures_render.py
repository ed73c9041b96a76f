"""The drawn set: plotted data equals the explicit formulas, two runs are byte-identical, and
the committed figures/ is what the code draws now.

All five figures are drawn and saved (pdf, svg, png) once per module, through the same
function `dpo-proof figures` uses; that is the slow part, so every test here shares it.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dpo_proof.plotting.cli import draw_all
from dpo_proof.plotting.figures import FIGURES
from dpo_proof.plotting.record import MANIFEST, README, render_readme, same_renderer, sha256, versions
from dpo_proof.plotting.style import FORMATS, get_style
from dpo_proof.plotting.verify import compare_data, plotted_data, verify_figure

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "figures"
REGENERATE = "regenerate the committed set with `dpo-proof figures` from the repository root and commit figures/"


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """Every figure in the notes style, saved in every format, plus manifest.json and README.md."""
    out = tmp_path_factory.mktemp("figures")
    draw_all(out, list(FIGURES), list(FORMATS), "notes")
    return out


@pytest.fixture(scope="module")
def manifest(drawn):
    return json.loads((drawn / MANIFEST).read_text())


@pytest.mark.parametrize("name", list(FIGURES))
def test_plotted_data_equals_the_explicit_formulas(name):
    checks = verify_figure(name, FIGURES[name].draw("notes"))
    assert checks, f"{name}: nothing was compared"
    failed = [c.message for c in checks if not c.ok]
    assert not failed, "\n".join(failed)


def test_every_figure_is_saved_in_every_format(drawn, manifest):
    for name in FIGURES:
        for fmt in FORMATS:
            path = drawn / f"{name}.{fmt}"
            assert path.stat().st_size > 1000, path
            assert manifest["figures"][name]["files"][path.name] == sha256(path)
    assert (drawn / "weighting.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (drawn / "weighting.pdf").read_bytes()[:5] == b"%PDF-"
    assert b"<svg" in (drawn / "weighting.svg").read_bytes()[:600]


def test_a_second_run_in_the_same_process_is_byte_identical(drawn, tmp_path):
    draw_all(tmp_path, list(FIGURES), list(FORMATS), "notes")
    differ = [p.name for p in sorted(drawn.iterdir()) if p.read_bytes() != (tmp_path / p.name).read_bytes()]
    assert not differ, f"not reproducible within one process: {differ}"


def test_a_fresh_process_draws_the_same_bytes(drawn, tmp_path):
    """Another interpreter, another hash seed, SOURCE_DATE_EPOCH unset: still the same bytes."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONHASHSEED"] = "12345"
    code = ("import sys; from dpo_proof.cli import main; "
            f"sys.exit(main(['figures', '-o', {str(tmp_path)!r}, '--only', 'weighting', 'simplex-flow']))")
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    for name in ("weighting", "simplex-flow"):
        for fmt in FORMATS:
            assert (tmp_path / f"{name}.{fmt}").read_bytes() == (drawn / f"{name}.{fmt}").read_bytes(), \
                f"{name}.{fmt} differs between two processes"


def test_slides_and_paper_are_byte_identical_across_processes(tmp_path):
    """The other two styles: drawn here, then again in a fresh interpreter; every file equal."""
    for style in ("slides", "paper"):
        (tmp_path / "here" / style).mkdir(parents=True)
        draw_all(tmp_path / "here" / style, list(FIGURES), list(FORMATS), style)
    code = ("import sys; from dpo_proof.cli import main; "
            f"sys.exit(max(main(['figures', '--style', s, '-o', {str(tmp_path / 'there')!r} + '/' + s]) "
            "for s in ('slides', 'paper')))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    here = sorted(p.relative_to(tmp_path / "here") for p in (tmp_path / "here").rglob("*") if p.is_file())
    assert len(here) == 2 * (len(FIGURES) * len(FORMATS) + 2)
    differ = [str(p) for p in here if (tmp_path / "here" / p).read_bytes() != (tmp_path / "there" / p).read_bytes()]
    assert not differ, f"not reproducible across processes: {differ}"


def test_files_carry_no_dates_or_creator(drawn):
    pdf = (drawn / "weighting.pdf").read_bytes()
    svg = (drawn / "weighting.svg").read_text()
    png = (drawn / "weighting.png").read_bytes()
    assert b"/CreationDate" not in pdf and b"/Producer" not in pdf and b"/Creator" not in pdf
    assert "<dc:date>" not in svg and "Matplotlib" not in svg
    assert b"Software" not in png and b"tIME" not in png


def test_committed_figures_are_current(drawn, manifest):
    """Bytes where the matplotlib/FreeType that drew figures/ are the ones here; plotted data always."""
    recorded = json.loads((COMMITTED / MANIFEST).read_text())
    assert recorded["style"] == "notes" and recorded["formats"] == list(FORMATS), REGENERATE
    assert sorted(recorded["figures"]) == sorted(FIGURES), f"figures/ lists {sorted(recorded['figures'])}; {REGENERATE}"
    committed_files = {p.name for p in COMMITTED.iterdir()} - {MANIFEST, README}
    assert committed_files == {f"{n}.{f}" for n in FIGURES for f in FORMATS}, REGENERATE
    for name, entry in recorded["figures"].items():
        for file, digest in entry["files"].items():
            assert sha256(COMMITTED / file) == digest, f"figures/{file} does not match manifest.json; {REGENERATE}"
        plotted = {g: {k: v for k, v in d.items()} for g, d in manifest["figures"][name]["data"].items()}
        failed = [c.message for c in compare_data(name, plotted, entry["data"], what="committed figures/")
                  if not c.ok]
        assert not failed, "\n".join(failed) + f"\n{REGENERATE}"
    if same_renderer(recorded["versions"]):
        stale = [f for n in FIGURES for f in recorded["figures"][n]["files"]
                 if (COMMITTED / f).read_bytes() != (drawn / f).read_bytes()]
        assert not stale, f"figures/ holds stale files {stale}; {REGENERATE}"


def test_committed_readme_is_current():
    recorded = json.loads((COMMITTED / MANIFEST).read_text())
    expected = render_readme(list(FIGURES), list(FORMATS), get_style("notes"), recorded["versions"])
    assert (COMMITTED / README).read_text() == expected, f"figures/README.md is stale; {REGENERATE}"
    assert f"matplotlib {recorded['versions']['matplotlib']}" in expected


def test_a_changed_figure_would_fail_the_committed_check(drawn, manifest):
    """The data comparison bites: plant a wrong curve in the fresh data and it is reported."""
    recorded = json.loads((COMMITTED / MANIFEST).read_text())
    plotted = json.loads(json.dumps(manifest["figures"]["weighting"]["data"]))
    plotted["weighting/beta=0.5"]["y"][100] += 1e-6
    checks = compare_data("weighting", plotted, recorded["figures"]["weighting"]["data"], what="committed figures/")
    bad = [c for c in checks if not c.ok]
    assert [c.id for c in bad] == ["figures/weighting/beta=0.5"]
    assert "y[100]" in bad[0].message


def test_manifest_records_the_versions_that_drew_it(manifest):
    assert manifest["versions"] == versions()
    assert manifest["generator"] == "dpo-proof figures"


def test_recorded_data_round_trips_to_what_was_plotted(manifest):
    fig = FIGURES["loss-and-weight"].draw("notes")
    fresh = plotted_data(fig)
    checks = compare_data("loss-and-weight", fresh, manifest["figures"]["loss-and-weight"]["data"], what="manifest")
    assert all(c.ok for c in checks)
