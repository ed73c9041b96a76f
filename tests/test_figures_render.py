"""The drawn set: plotted data equals the explicit formulas, every drawing is byte-identical
(across processes, hash seeds and drawing order), and the committed figures/ is what the code
draws now.

Drawing and saving every figure is the slow part, so it happens once per session, beside the
other tests: the `rendered` fixture (tests/conftest.py) has a child interpreter save every style,
another save the last of them alone, and draws the same figures here to be read.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SECOND_ORDER

from dpo_proof.plotting.figures import FIGURES
from dpo_proof.plotting.record import MANIFEST, README, render_readme, same_renderer, sha256, versions
from dpo_proof.plotting.style import FORMATS, OPTIONAL_FORMATS, STYLES, get_style
from dpo_proof.plotting.verify import compare_data, plotted_data, verify_figure

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "figures"
REGENERATE = "regenerate the committed set with `dpo-proof figures --committed` and commit figures/"


@pytest.fixture(scope="module")
def drawn(rendered):
    """The notes set drawn in this session: every figure in every format, manifest.json, README.md."""
    assert rendered.errors["first"][0] == 0, rendered.errors["first"][1]
    return rendered.first / "notes"


@pytest.fixture(scope="module")
def manifest(drawn):
    return json.loads((drawn / MANIFEST).read_text())


@pytest.mark.parametrize("name", list(FIGURES))
def test_plotted_data_equals_the_explicit_formulas(rendered, name):
    checks = verify_figure(name, rendered.figures["notes"][name])
    assert checks, f"{name}: nothing was compared"
    failed = [c.message for c in checks if not c.ok]
    assert not failed, "\n".join(failed)


def test_every_figure_is_saved_in_every_format(rendered):
    for style in STYLES:
        folder = rendered.first / style
        recorded = json.loads((folder / MANIFEST).read_text())
        assert recorded["style"] == style
        for name in FIGURES:
            for fmt in FORMATS:
                path = folder / f"{name}.{fmt}"
                assert path.stat().st_size > 1000, path
                assert recorded["figures"][name]["files"][path.name] == sha256(path)
    drawn = rendered.first / "notes"
    assert (drawn / "weighting.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (drawn / "weighting.pdf").read_bytes()[:5] == b"%PDF-"
    assert b"<svg" in (drawn / "weighting.svg").read_bytes()[:600]


def test_every_style_is_byte_identical_across_processes_and_drawing_order(rendered):
    """One child drew notes first and paper last, the other (another hash seed, SOURCE_DATE_EPOCH
    unset) paper alone, so paper was drawn once fresh and once after other styles: every file, the
    records included, must be equal. (Notes, drawn fresh, meets the committed figures/ below.)"""
    for name, (code, stderr) in rendered.errors.items():
        assert code == 0, f"{name} child: {stderr}"
    first = sorted(p.relative_to(rendered.first) for p in rendered.first.rglob("*") if p.is_file())
    assert len(first) == len(STYLES) * (len(FIGURES) * len(FORMATS) + 2)
    second = sorted(p.relative_to(rendered.second) for p in rendered.second.rglob("*") if p.is_file())
    assert {p.parts[0] for p in second} == set(SECOND_ORDER)
    assert len(second) == len(SECOND_ORDER) * (len(FIGURES) * len(FORMATS) + 2)
    differ = [str(p) for p in second if (rendered.first / p).read_bytes() != (rendered.second / p).read_bytes()]
    assert not differ, f"not reproducible across processes or drawing order: {differ}"


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
    # only the committed set: top-level figure files (a folder someone added beside them is not ours)
    committed_files = {p.name for p in COMMITTED.iterdir() if p.is_file() and p.suffix[1:] in FORMATS + OPTIONAL_FORMATS}
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


def test_recorded_data_round_trips_to_what_was_plotted(rendered, manifest):
    fresh = plotted_data(rendered.figures["notes"]["loss-and-weight"])
    checks = compare_data("loss-and-weight", fresh, manifest["figures"]["loss-and-weight"]["data"], what="manifest")
    assert all(c.ok for c in checks)
