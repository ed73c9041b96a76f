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

import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402
from types import SimpleNamespace  # noqa: E402

import pytest  # noqa: E402

STYLE_ORDER = ("notes", "slides", "paper")
# The second child draws only the last style, fresh: the first child drew it after the other two, so
# it is drawn once fresh and once after other styles, in two processes with two hash seeds. Notes, drawn
# fresh by the first child, is compared with the committed figures/ drawn by yet another process
# (test_committed_figures_are_current). Saving is nearly all of a child's time (about 20 s a style):
# a second style here would cost a fifth of the suite's serial time on the figures for no new kind of check.
SECOND_ORDER = (STYLE_ORDER[-1],)
DRAW = """
import sys
from dpo_proof.cli import main
out, styles = sys.argv[1], sys.argv[2:]
sys.exit(max(main(["figures", "--style", s, "-o", f"{out}/{s}"]) for s in styles))
"""
_RENDERING: dict = {}


def _start_rendering(one_at_a_time: bool = False) -> None:
    """Two child interpreters draw and save the figures: `first` every style, in the order notes,
    slides, paper; `second` paper alone (SECOND_ORDER), with another hash seed and
    SOURCE_DATE_EPOCH unset. They run beside the tests when the suite runs in one process; in a
    split run (`one_at_a_time`) the second starts when the first has finished, so that the run never
    has more processes at work than cores (a line's time limit is wall time: the corpus's verdicts
    are measured with one process per core)."""
    if _RENDERING:
        return
    root = Path(tempfile.mkdtemp(prefix="dpo-proof-rendered-"))
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    children = {}
    for name, order, seed in (("first", STYLE_ORDER, "0"), ("second", SECOND_ORDER, "12345")):
        if one_at_a_time and children:
            _finish(children["first"], 600)
        with open(root / f"{name}.stderr", "w", encoding="utf-8") as stderr:  # a file: a pipe could fill
            children[name] = subprocess.Popen([sys.executable, "-c", DRAW, str(root / name), *order],
                                              env={**env, "PYTHONHASHSEED": seed}, stdout=subprocess.DEVNULL,
                                              stderr=stderr, text=True)
    _RENDERING.update(root=root, children=children)


def _finish(child, seconds: float) -> None:
    try:
        child.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def _worker() -> bool:
    """Is this process a worker of a run split over processes (pytest -n, the default)?"""
    return bool(os.environ.get("PYTEST_XDIST_WORKER"))


def pytest_collection_modifyitems(session, config, items):
    """Start the drawing at once, and run the tests that read it last, so it overlaps the rest.
    A worker of a split run draws when its first test needs it (see `pytest_xdist_make_scheduler`)."""
    later = [item for item in items if "rendered" in getattr(item, "fixturenames", ())]
    if later and not _worker():
        _start_rendering()
        items[:] = [item for item in items if item not in later] + later


# The modules whose tests read the `rendered` figures: one unit of work, so one worker draws them.
RENDERED_MODULES = ("tests/test_figures_render.py", "tests/test_figures_style.py", "tests/test_figures_verify.py")
CORPUS_FILE_RE = re.compile(r"^tests/test_corpus\.py::\w+\[(.+)\]$")


def unit_of(nodeid: str) -> str:
    """The unit of work a test belongs to in a split run: the figures' modules, one corpus file's tests,
    else the test alone. A worker gets whole units, the largest first."""
    module = nodeid.split("::", 1)[0]
    if module in RENDERED_MODULES:
        return "figures"
    corpus_file = CORPUS_FILE_RE.match(nodeid)
    return f"corpus:{corpus_file.group(1)}" if corpus_file else nodeid


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """xdist's scope scheduling with our units (`unit_of`): each unit's shared work is done once, by
    the worker that runs it (the corpus file's check, the figures), and units with most tests go first
    (the figures, then the corpus files), so the run ends on small tests that balance the workers."""
    from xdist.scheduler import LoadScopeScheduling

    class ByUnit(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return unit_of(nodeid)

    return ByUnit(config, log)


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
    a child process, the last style again by another (above), plus the same figures drawn here
    (not saved) to be read.

    ``first`` and ``second``: folders with one sub-folder per style; ``errors``: each child's
    exit code and stderr; ``figures[style][name]``: the Figures drawn in this process, to be read
    and laid out, never modified.
    """
    from dpo_proof.plotting.figures import FIGURES

    _start_rendering(one_at_a_time=_worker())
    if _worker():  # in a split run, draw here once the children are done, not beside them
        _finish(_RENDERING["children"]["second"], 600)
    figures = {style: {name: spec.draw(style) for name, spec in FIGURES.items()} for style in STYLE_ORDER}
    root = _RENDERING["root"]
    for child in _RENDERING["children"].values():
        _finish(child, 600)
    errors = {name: (child.returncode, (root / f"{name}.stderr").read_text(encoding="utf-8"))
              for name, child in _RENDERING["children"].items()}
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
