"""Derivations written by others (tests/corpus/real/), against their hand-written ground truth.

Per file: every display relation and display step appears in the report at its line; every
display relation whose truth is `definition`, `correct` or `wrong` gets a real verdict
(`definition`, `proved`, `numerically-true`, `refuted`; not `unparsed`, `skipped`, `undefined`),
except the lines listed below with the reason; no correct line is refuted; every wrong line is
refuted at its line, except those listed. Across the files the checker was developed on, at least
95% of the display relations get a real verdict (issue 10); across the whole corpus, with the files
held out until measured, at least 87% (87.5% reached). The lists are strict: a line that starts
being judged must come off.

Two kinds of refutation of a line the truth calls correct are not false alarms: a step that holds
but carries the error of the line before (`follows_from_previous` true, the message says the error
is earlier: a line is judged against its chain's start, docs/architecture.md), and a line that
holds only with the standard definition of a quantity the text defined wrongly
(`rests_on_wrong_definition`: judged against the author's own definition, the message names that
line). A wrong row equal to its
chain's start (`equals_chain_start`) is caught when the report says it does not follow.
docs/checker-accuracy.md gives the per-file figures (bench/checker_accuracy.py).
"""
from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path

import pytest

from corpus import gaps
from corpus.shared import checks_of
from corpus.truth import JUDGED, REAL_VERDICTS, check_file, corpus_files, match, truth_of

# A deadline that fires inside a gc callback (hypothesis installs one) is swallowed by Python and
# fired again (limits.deadline, tests/test_limits.py); pytest reports the swallowed one: expected.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

FILES = {p.name: p for p in corpus_files()}
HELD_OUT = {"13", "14", "15", "16", "17", "18",  # held out until measured before tuning (SOURCES.md)
            "20", "21", "22", "23", "24", "25",  # the second held-out set
            *(str(n) for n in range(26, 373))}  # later sets (26–36 half dev; 62–73, 104–113, 134–148, even 246–372 never tuned on)
TIME_LIMIT = 3.0  # the CLI's default: the figures of docs/checker-accuracy.md
LOGITS = "a gradient in the logits: softmax outputs ŷ and one-hot e_y as vectors, which are not read"
VECTORS = "entries of the example's gradient vector, from the vectors given in the prose"
POLICY_FORM = "rests on the softmax form given to π_θ at line 85, which the checker does not use"
TUPLES = "a gradient written in symbols set equal to the example's tuple (e_w − π = (1,0,0) − …): not read"
HANDWRITTEN_PI = "π transcribed as n (n, n_ref), which the text never defines"
EXAMPLE = "puts in the example's numbers, which the checker keeps free"
DELTA_LOG_PI = "`\\Delta \\log \\pi`, a difference of log-ratios named by a phrase (Δ, π never defined)"
NOT_JUDGED = {
    "02-aweers-dpo-is-sft.md": {34: LOGITS, 65: LOGITS, 87: VECTORS, 95: VECTORS, 101: VECTORS, 108: LOGITS},
    "04-maosong-dpo-notes-zh.md": {75: "π_θ meant as the optimal policy, which the text does not say there"},
    "08-litalign-dpo-notes.md": {52: "the chain rule over a sequence's tokens with `⋯`: a factorisation"},
    "11-obsidian-dpo-notes-zh.md": {22: "f(r′) needs the normaliser of r′; Z(x) is written as if it were one"},
    "14-ko-dpo-paper-walkthrough.md": {
        168: "r − r′ = f(x) states when two rewards are equivalent (\"if …\"), r′ written before its definition"},
    "15-zh-po-notes-dpo-gradient.md": {
        85: "softmax(h_θ(x))_y = e^{φ_θ(x,y)}/Σ: a step of the form given to π_θ, which the checker keeps free",
        87: POLICY_FORM, 89: POLICY_FORM, 91: POLICY_FORM, 93: POLICY_FORM,
        96: "e_w and π are named in the prose (\"记为\"), not by an equation",
        107: TUPLES, 108: TUPLES, 109: TUPLES, 110: TUPLES, 112: TUPLES,
        114: "Z = e^{0.25} + e^{-0.25} + e^0: the normaliser of the example's new policy, given only in vectors",
        130: "u = β(h_w − h_t): h_t is never defined (a typo for h_l)",
        133: "∇²_θ, a Hessian with an outer product (…)(…)^T + …: not read"},
    "16-gspeter-dpo-handwritten-transcription.md": {
        34: "r = β log p + λ with λ any constant: the line holds for some λ only",
        88: HANDWRITTEN_PI,
        141: "an average over N samples of f, r, P the transcription never defines",
        151: HANDWRITTEN_PI, 155: HANDWRITTEN_PI},
    "18-en-alignment-robustness-dpo-gradient.md": {
        53: "a gradient restricted by a bar |_{y ∈ 𝒴⁻}: not read"},
    "20-zh-rl-notes-dpo-section.md": {
        294: "∂[−log σ(z)]/∂z: a bracket as the numerator of a Leibniz fraction, not read"},
    "21-garg-deriving-dpo-loss.md": {
        70: "P = σ(r(x, y_w) − r(x, y_l)) after P was defined with r*: r and r* both free",
        154: "Σ_y π_ref e^{r/β} e^{−1−λ/β} = 1: a condition on the multiplier λ, not an identity"},
    "22-lauorie-dpo-notebook-zh.ipynb": {
        11: "P(正面), Q(正面): distributions given only by their example values (P(正面) = 0.8)",
        14: "P and Q, distributions given in the prose (a coin), never by an equation",
        72: "the likelihood ∏ over the pairs of the matches: a product over a set, not read",
        88: EXAMPLE,
        147: "Σ_{x∼D, y∼π}: a sum over draws, a mean or a plain sum: not read",
        218: "π_ref = argmax_π E[log π(y_w|x)]: an optimisation problem, not an identity"},
    "25-zh-course-dpo-scratchpad.md": {
        96: EXAMPLE, 100: EXAMPLE, 110: DELTA_LOG_PI + "; and " + EXAMPLE, 118: DELTA_LOG_PI},
}
NOT_CAUGHT = {
    "02-aweers-dpo-is-sft.md": {108: LOGITS},
    "04-maosong-dpo-notes-zh.md": {102: "r = β π/π_ref against r = β log π/π_ref + β log Z: Z stands for any "
                                        "value, so the reward read as a ratio of policies is modelling"},
    "16-gspeter-dpo-handwritten-transcription.md": {34: "r = β log p + λ with λ any constant: not judged"},
    "17-zh-obsidian-dpo-token-gradient.md": {
        86: "∇𝓛_DPO = −β σ(…)[Σ_t … − Σ_t …] on a line of its own with 𝓛_DPO a mean over the data: "
            "judged per preference pair, so proved (the truth counts the dropped 𝔼 as the error)"},
}


NOT_JUDGED.update(gaps.NOT_JUDGED)
NOT_CAUGHT.update(gaps.NOT_CAUGHT)


PREFETCHED: dict[str, list] = {}  # name -> checks, filled by the fixture below
SHARED: dict[str, Path] = {}  # "folder": where the workers of a split run (pytest -n) share checks


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _checks_of(name: str) -> list:
    return check_file(FILES[name], TIME_LIMIT)[0]


@pytest.fixture(scope="module", autouse=True)
def _checked_on_every_core(request, tmp_path_factory):
    """Check the files this run's tests use once each, one process per core: checking takes nearly all
    of this module's time and each file's checks are independent of the others'. Each process runs
    one file at a time, as a single process would, so the verdicts (deadlines included) are the same.

    In a run split over workers (pytest -n, the default), the workers are those processes: a worker
    is given all the tests of a file together (tests/conftest.py, `unit_of`) and checks the file once;
    the workers share the checks through the run's temporary folder (corpus/shared.py), so the test
    over the whole corpus checks nothing again."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        SHARED["folder"] = tmp_path_factory.getbasetemp().parent / "corpus-checks"
        SHARED["folder"].mkdir(exist_ok=True)
        yield
        return
    mine = [item for item in request.session.items if item.module is request.module]
    names = {item.callspec.params["name"] for item in mine if hasattr(item, "callspec")
             and "name" in item.callspec.params}
    if any(not hasattr(item, "callspec") for item in mine):
        names = set(FILES)  # a test over the whole corpus
    todo = sorted(names - set(PREFETCHED), key=lambda n: -FILES[n].stat().st_size)  # the longest first
    if len(todo) > 1 and _cores() > 1:
        with ProcessPoolExecutor(_cores(), mp_context=get_context("fork")) as pool:
            PREFETCHED.update(zip(todo, pool.map(_checks_of, todo)))
    yield


@lru_cache(maxsize=None)
def entries(name: str):
    if name in PREFETCHED:
        checks = PREFETCHED[name]
    elif "folder" in SHARED:
        checks = checks_of(name, SHARED["folder"], _checks_of)
    else:
        checks = _checks_of(name)
    return checks, match(truth_of(FILES[name]), checks)


def _where(entry) -> str:
    cell = entry.truth.get("cell")
    return (f"cell {cell} " if cell is not None else "") + f"line {entry.truth['line']}"


@pytest.mark.parametrize("name", list(FILES))
def test_every_display_relation_and_step_appears_at_its_line(name):
    _, found = entries(name)
    missing = {e.truth["line"]: _where(e) for e in found if e.display and e.check is None}
    assert set(missing) == set(gaps.MISSING.get(name, {})), f"{name}: not in the report: {missing}"


# A line skipped because its time ran out (the numeric screen, the certificate, the line's or the
# file's budget) is judged on a faster machine and skipped on a slower one: the lists are strict about
# what the checker reads, not about how fast the machine is (docs/performance.md has the timings).
TIMED_OUT_RE = re.compile(r"did not finish|out of time|time budget|neither side could be evaluated")


@pytest.mark.parametrize("name", list(FILES))
def test_display_relations_get_a_real_verdict(name):
    _, found = entries(name)
    not_real = [e for e in found if e.display and e.truth["truth"] in JUDGED and e.verdict not in REAL_VERDICTS]
    left = {e.truth["line"]: f"{e.verdict}: {(e.check or {}).get('message', '')[:160]}" for e in not_real}
    known = NOT_JUDGED.get(name, {})
    # the whole message: the note that a search ran out of time comes at its end
    timed = {e.truth["line"] for e in not_real if TIMED_OUT_RE.search((e.check or {}).get("message", ""))}
    timed |= {line for line, why in known.items() if TIMED_OUT_RE.search(why)}
    assert set(left) - timed == set(known) - timed, f"{name}: not judged {left}; listed {sorted(known)}"


@pytest.mark.parametrize("name", list(FILES))
def test_no_correct_line_is_refuted(name):
    _, found = entries(name)
    alarms = {e.truth["line"]: f"{_where(e)}: {e.check['message'][:200]}" for e in found if e.false_alarm}
    assert set(alarms) == set(gaps.FALSE_ALARMS.get(name, {})), f"{name}: " + "; ".join(alarms.values())


@pytest.mark.parametrize("name", list(FILES))
def test_wrong_lines_are_refuted_at_their_line(name):
    _, found = entries(name)
    missed = {e.truth["line"]: e.verdict for e in found if e.truth["truth"] == "wrong" and not e.caught}
    assert set(missed) == set(NOT_CAUGHT.get(name, {})), f"{name}: missed {missed}"


@pytest.mark.parametrize("name", [n for n in FILES if n not in gaps.RESTING_NOT_NAMED and any(
    "rests_on_wrong_definition" in c for c in truth_of(FILES[n])["claims"])])
def test_a_line_resting_on_a_wrong_definition_names_it(name):
    _, found = entries(name)
    resting = [e for e in found if "rests_on_wrong_definition" in e.truth]
    assert resting and all(e.rests_on_named or e.verdict in ("proved", "numerically-true") for e in resting)
    assert all(e.check.get("rests_on_wrong_definition") == e.truth["rests_on_wrong_definition"]
               for e in resting if e.verdict == "refuted")


def _real_share(names) -> tuple[int, int]:
    judged = [e for name in names for e in entries(name)[1] if e.display and e.truth["truth"] in JUDGED]
    return sum(e.verdict in REAL_VERDICTS for e in judged), len(judged)


def test_the_corpus_gets_real_verdicts_for_95_percent_of_its_display_relations():
    """95% over the files the checker was developed on; over the whole corpus, with the files held
    out until measured (13–18, 20–25 and 26–372, SOURCES.md: their untuned figures are in
    docs/checker-accuracy.md), the share reached so far is the floor (the not-judged lines are
    listed above and in corpus/gaps.py, with reasons)."""
    real, judged = _real_share([n for n in FILES if n.split("-")[0] not in HELD_OUT])
    assert real / judged >= 0.95, f"{real} of {judged}"
    real, judged = _real_share(FILES)
    assert real / judged >= 0.67, f"{real} of {judged}"  # 67.5% over the 362 files (time limit 3 s); 69.6% over the first 330
