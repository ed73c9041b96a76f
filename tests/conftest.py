"""Shared test set-up: hypothesis profiles.

`ci` is hypothesis' built-in profile (loaded automatically when CI is set); we raise its example
count to 200. `dev` is quick; `thorough` runs thousands. Choose with HYPOTHESIS_PROFILE.
Torch-based properties set deadline=None: first calls pay for kernel warm-up.
"""
import os

import torch
from hypothesis import HealthCheck, settings

# The toy problems are tiny: with several threads, each torch op pays thread hand-off costs that
# dwarf the arithmetic (measured 8-12 ms vs 1.2 us per call on a loaded 2-core machine).
torch.set_num_threads(1)

settings.register_profile(
    "ci", parent=settings.get_profile("ci"), max_examples=200, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile("thorough", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


# ---------------------------------------------------------------- figures, drawn once per session

import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402
from types import SimpleNamespace  # noqa: E402

import pytest  # noqa: E402

STYLE_ORDER = ("notes", "slides", "paper")
DRAW = """
import sys
from dpo_proof.cli import main
out, styles = sys.argv[1], sys.argv[2:]
sys.exit(max(main(["figures", "--style", s, "-o", f"{out}/{s}"]) for s in styles))
"""
_RENDERING: dict = {}


def _start_rendering() -> None:
    """Two child interpreters draw and save every figure in every style: `first` in the order
    notes, slides, paper; `second` the other way round, with another hash seed and
    SOURCE_DATE_EPOCH unset. They run beside the tests (the suite itself uses one core)."""
    if _RENDERING:
        return
    root = Path(tempfile.mkdtemp(prefix="dpo-proof-rendered-"))
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    children = {}
    for name, order, seed in (("first", STYLE_ORDER, "0"), ("second", STYLE_ORDER[::-1], "12345")):
        children[name] = subprocess.Popen([sys.executable, "-c", DRAW, str(root / name), *order],
                                          env={**env, "PYTHONHASHSEED": seed}, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.PIPE, text=True)
    _RENDERING.update(root=root, children=children)


def pytest_collection_modifyitems(session, config, items):
    """Start the drawing at once, and run the tests that read it last, so it overlaps the rest."""
    later = [item for item in items if "rendered" in getattr(item, "fixturenames", ())]
    if later:
        _start_rendering()
        items[:] = [item for item in items if item not in later] + later


def pytest_sessionfinish(session, exitstatus):
    for child in _RENDERING.get("children", {}).values():
        if child.poll() is None:
            child.kill()
            child.wait()
    if "root" in _RENDERING:
        shutil.rmtree(_RENDERING["root"], ignore_errors=True)


@pytest.fixture(scope="session")
def rendered():
    """Every figure in every style, saved in every format with manifest.json and README.md, by
    two child processes (above), plus the same figures drawn here (not saved) to be read.

    ``first`` and ``second``: folders with one sub-folder per style; ``errors``: each child's
    exit code and stderr; ``figures[style][name]``: the Figures drawn in this process, to be read
    and laid out, never modified.
    """
    from dpo_proof.plotting.figures import FIGURES

    _start_rendering()
    figures = {style: {name: spec.draw(style) for name, spec in FIGURES.items()} for style in STYLE_ORDER}
    errors = {}
    for name, child in _RENDERING["children"].items():
        try:
            _, stderr = child.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            child.kill()
            _, stderr = child.communicate()
        errors[name] = (child.returncode, stderr)
    root = _RENDERING["root"]
    return SimpleNamespace(first=root / "first", second=root / "second", errors=errors, figures=figures)


# ---------------------------------------------------------------- the derivation, certified once

_CERTIFIED: dict = {}


@pytest.fixture
def certified_once(monkeypatch):
    """`derivation_report` certified once per session for tests of what surrounds it (the CLI, the
    docs): tests/test_derivation.py certifies it for real. A test that plants a wrong step (by
    replacing `canonical_steps`) still gets a freshly certified report."""
    import copy

    from dpo_proof.symbolic import derivation

    original, steps = derivation.derivation_report, derivation.canonical_steps

    def once(command: str = "derive"):
        if derivation.canonical_steps is not steps:
            return original(command)
        if "report" not in _CERTIFIED:
            _CERTIFIED["report"] = original(command)
        report = copy.deepcopy(_CERTIFIED["report"])
        report.command = command
        return report

    monkeypatch.setattr(derivation, "derivation_report", once)
