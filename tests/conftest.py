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

import subprocess  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

DRAW_ELSEWHERE = """
import sys
from dpo_proof.cli import main
out, styles = sys.argv[1], sys.argv[2:]
sys.exit(max(main(["figures", "--style", s, "-o", f"{out}/{s}"]) for s in styles))
"""


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """Every figure in every style, saved in every format with manifest.json and README.md.

    Drawn once per session, twice over and at the same time (two cores): in this process (notes,
    slides, paper) and in a fresh interpreter with another hash seed and SOURCE_DATE_EPOCH unset,
    in the opposite order (paper, slides, notes), so each style is drawn once before and once after
    the others, i.e. with the caches of an earlier drawing in place. Returns a namespace:
    ``here`` and ``there`` (folders with one sub-folder per style), ``figures[style][name]`` (the
    Figures drawn here, to be read, never modified) and ``elsewhere`` (the child's CompletedProcess).
    """
    import os
    from types import SimpleNamespace

    from dpo_proof.plotting.cli import draw_all
    from dpo_proof.plotting.figures import FIGURES
    from dpo_proof.plotting.style import FORMATS, STYLES

    root = tmp_path_factory.mktemp("rendered")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONHASHSEED"] = "12345"
    styles = list(STYLES)
    child = subprocess.Popen([sys.executable, "-c", DRAW_ELSEWHERE, str(root / "there"), *reversed(styles)],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    figures = {}
    try:
        for style in styles:
            out = root / "here" / style
            out.mkdir(parents=True)
            figures[style] = {}
            draw_all(out, list(FIGURES), list(FORMATS), style, drawn=figures[style])
        stdout, stderr = child.communicate(timeout=600)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    elsewhere = subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)
    return SimpleNamespace(here=root / "here", there=root / "there", figures=figures, elsewhere=elsewhere)
