"""The corpus of derivations written by others, and their hand-written ground truth.

Each `real/NN-slug.{md,tex,ipynb}` has a `real/NN-slug.truth.json`: one entry per relation (and
per display step without one) with `line` (1-based; in a notebook the line within the cell),
`cell` (0-based cell index, or null), `truth` (definition | correct | wrong | modelling |
no-relation | non-equality) and optional `inline`, `standalone`, `slip`, `should_be`, `reading`,
`equals_chain_start` (a wrong row equal to its chain's start) and `rests_on_wrong_definition` (the
line of a known quantity defined wrongly: the entry is correct only with the standard definition).
Used by tests/test_corpus.py and bench/checker_accuracy.py (docs/checker-accuracy.md).
"""
from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REAL = Path(__file__).parent / "real"
JUDGED = ("definition", "correct", "wrong")          # truths that must get a real verdict
REAL_VERDICTS = ("definition", "proved", "numerically-true", "refuted")
HOLDING = ("definition", "proved", "numerically-true")


@dataclass
class Entry:
    """One relation of the ground truth, and the check the checker reported for it (or None)."""

    truth: dict
    check: dict | None
    extra: tuple = ()  # more checks at its place that no entry took (the entries of a vector)

    @property
    def key(self):
        return self.truth.get("cell"), self.truth["line"]

    @property
    def display(self) -> bool:
        """Display math, or an inline span standing alone on its line (it reads as a display)."""
        return not self.truth.get("inline") or bool(self.truth.get("standalone"))

    @property
    def verdict(self) -> str | None:
        return self.check["verdict"] if self.check else None

    @property
    def carried(self) -> bool:
        """Refuted only because it carries an earlier line's error forward: its step from the line
        before holds (`follows_from_previous`), the claim from the chain's start does not."""
        return self.verdict == "refuted" and self.check.get("follows_from_previous") is True \
            and "error is earlier" in self.check["message"]

    @property
    def rests_on_named(self) -> bool:
        """A line true only with the standard definition of a quantity the text defined wrongly
        (`rests_on_wrong_definition` in the truth): either verdict, if the message names that line."""
        line = self.truth.get("rests_on_wrong_definition")
        return line is not None and self.check is not None and f"line {line}" in self.check["message"]

    @property
    def false_alarm(self) -> bool:
        """A correct line refuted (its own check, or another at its place: a vector's entries)."""
        if self.truth["truth"] not in ("correct", "definition"):
            return False
        return any(Entry(self.truth, c)._refuted_wrongly() for c in (self.check, *self.extra) if c)

    def _refuted_wrongly(self) -> bool:
        return self.verdict == "refuted" and not self.carried and not self.rests_on_named

    @property
    def caught(self) -> bool:
        """A wrong line refuted at its line; a row that equals the chain's start but does not follow
        from the row before (`equals_chain_start`) is caught when the report says it does not follow."""
        if self.verdict == "refuted":
            return True
        return bool(self.truth.get("equals_chain_start") and self.check
                    and self.check.get("follows_from_previous") is False)

    @property
    def slips(self) -> tuple:
        slip = self.truth.get("slip")
        slips = (slip,) if isinstance(slip, str) else tuple(slip or ())
        return tuple(s for s in slips if s != "other")

    @property
    def slip_named(self) -> bool:
        return self.verdict == "refuted" and (self.check.get("diagnosis") or {}).get("slip") in self.slips


def corpus_files() -> list[Path]:
    """The derivations that have a ground truth beside them (SOURCES.md has none)."""
    return sorted((p for p in REAL.iterdir() if p.suffix in (".md", ".tex", ".ipynb")
                   and p.with_name(p.stem + ".truth.json").exists()), key=lambda p: (int(p.name.split("-")[0]), p.name))


def corpus_paths(prefixes: list[str]) -> list[str]:
    """The corpus file each prefix names (`196-`): the derivation, not its truth beside it."""
    return [str(next(p for p in REAL.glob(n + "*") if not p.name.endswith(".truth.json"))) for n in prefixes]


def truth_of(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))


def check_file(path: Path, time_limit: float = 3.0) -> tuple[list[dict], float]:
    """(the report's checks as JSON dicts, seconds) for one corpus file."""
    from dpo_proof.checker.claims import check_paths
    from dpo_proof.report import UsageError

    start = time.perf_counter()
    try:
        report = check_paths([str(path)], time_limit=time_limit)
    except UsageError:  # "no math found" (file 174 writes its formulas in plain code blocks): nothing read
        return [], time.perf_counter() - start
    return [c.to_dict() for c in report.checks], time.perf_counter() - start


def match(truth: dict, checks: list[dict]) -> list[Entry]:
    """Pair each truth entry with a check at the same (cell, line), keeping the order both are
    written in (an alignment that prefers definitions with definitions, steps with steps and
    equation labels with labels). A check is used once.

    A claim whose left side ends its line (`A =` then B on the next line) is reported at the line
    where it begins (docs/architecture.md); the truth files give the line where B begins. So an
    entry left without a check takes a check nobody else took from at most six lines above, in the
    same cell (the nearest first)."""
    by_place: dict[tuple, list[dict]] = defaultdict(list)
    for c in checks:
        by_place[c.get("cell"), c.get("line")].append(c)
    entries, unpaired = [], []
    for place, claims in _grouped(truth["claims"]).items():
        free = by_place.setdefault(place, [])
        paired, order = _align(claims, free), list(free)
        here = []
        for i, claim in enumerate(claims):
            here.append(Entry(claim, paired.get(i)))
            if i in paired:
                free.remove(paired[i])
            else:
                unpaired.append(here[-1])
        for c in list(free) if any(e.check for e in here) else []:
            before = [e for e in here if e.check is not None and order.index(e.check) < order.index(c)]
            owner = before[-1] if before else next(e for e in here if e.check is not None)
            owner.extra += (c,)
        entries += here
    for entry in unpaired:
        cell, line = entry.key
        for above in range(line - 1, line - 7, -1):
            free = by_place.get((cell, above))
            if free:
                entry.check = max(free, key=lambda c: _fit(entry.truth, c))
                free.remove(entry.check)
                break
    return entries


LABEL_RE = re.compile(r"^\s*(\([0-9]+\*?\))")


def _fit(claim: dict, check: dict) -> int:
    """How well a check fits a truth entry: kinds that agree, labels that agree."""
    kind = claim["truth"]
    verdict = check["verdict"]
    score = 1
    if kind == "definition":
        score = 3 if verdict == "definition" else 1
    elif kind in ("no-relation", "non-equality"):  # a step the text continues may be judged as `= …`
        score = 3 if verdict == "no-relation" else (1 if claim.get("continues") else 0)
    elif verdict == "no-relation":
        score = 0
    m = LABEL_RE.match(claim.get("what", ""))
    if m and check.get("label"):
        score += 4 if m.group(1) == check["label"] else -1
    return score


def _align(claims: list[dict], free: list[dict]) -> dict[int, dict]:
    """The order-preserving pairing of entries with checks of one line that fits best (a small
    dynamic programme: both lists are in the order written)."""
    n, m = len(claims), len(free)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1],
                             _fit(claims[i], free[j]) + best[i + 1][j + 1])
    paired, i, j = {}, 0, 0
    while i < n and j < m:
        if best[i][j] == _fit(claims[i], free[j]) + best[i + 1][j + 1] and _fit(claims[i], free[j]) > 0:
            paired[i] = free[j]
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return paired


def _grouped(claims: list[dict]) -> dict[tuple, list[dict]]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for claim in claims:
        groups[claim.get("cell"), claim["line"]].append(claim)
    return groups


@dataclass
class Score:
    """The figures of one file for docs/checker-accuracy.md."""

    name: str
    displays: int          # display entries of the truth (relations and steps): all must be reported
    relations: int         # display relations that must get a real verdict (definition/correct/wrong)
    real: int              # of those, how many got one
    reported: int          # display entries that appear in the report at their line
    unparsed: int          # unparsed checks in the whole report
    not_judged: int        # skipped or undefined checks in the whole report
    false_alarms: int      # correct or definition lines refuted (not carried, not resting on a wrong definition)
    carried: int           # correct steps refuted only as carrying an earlier line's error
    wrong: int             # wrong lines
    caught: int            # wrong lines refuted at their line
    with_slip: int         # wrong lines whose truth names a catalogued slip
    named: int             # of those, refuted with that slip named
    seconds: float

    @property
    def real_share(self) -> float:
        return self.real / self.relations if self.relations else 1.0


def score(path: Path, time_limit: float = 3.0) -> tuple[Score, list[Entry]]:
    checks, seconds = check_file(path, time_limit)
    entries = match(truth_of(path), checks)
    shown = [e for e in entries if e.display]
    judged = [e for e in shown if e.truth["truth"] in JUDGED]
    wrong = [e for e in entries if e.truth["truth"] == "wrong"]
    return Score(
        name=path.name, displays=len(shown), relations=len(judged),
        real=sum(e.verdict in REAL_VERDICTS for e in judged),
        reported=sum(e.check is not None for e in shown),
        unparsed=sum(c["verdict"] == "unparsed" for c in checks),
        not_judged=sum(c["verdict"] in ("skipped", "undefined") for c in checks),
        false_alarms=sum(e.false_alarm for e in entries),
        carried=sum(e.truth["truth"] in ("correct", "definition") and e.carried for e in entries),
        wrong=len(wrong), caught=sum(e.caught for e in wrong),
        with_slip=sum(bool(e.slips) for e in wrong), named=sum(e.slip_named for e in wrong),
        seconds=seconds,
    ), entries
