"""The corpus of derivations written by others, and their hand-written ground truth.

Each `real/NN-slug.{md,tex,ipynb}` has a `real/NN-slug.truth.json`: one entry per relation (and
per display step without one) with `line` (1-based; in a notebook the line within the cell),
`cell` (0-based cell index, or null), `truth` (definition | correct | wrong | modelling |
no-relation | non-equality) and optional `inline`, `standalone`, `slip`, `should_be`, `reading`.
Used by tests/test_corpus.py and bench/checker_accuracy.py (docs/checker-accuracy.md).
"""
from __future__ import annotations

import json
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


def corpus_files() -> list[Path]:
    """The derivations that have a ground truth beside them (SOURCES.md has none)."""
    return sorted(p for p in REAL.iterdir() if p.suffix in (".md", ".tex", ".ipynb")
                  and p.with_name(p.stem + ".truth.json").exists())


def truth_of(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))


def check_file(path: Path, time_limit: float = 3.0) -> tuple[list[dict], float]:
    """(the report's checks as JSON dicts, seconds) for one corpus file."""
    from dpo_proof.checker.claims import check_paths

    start = time.perf_counter()
    report = check_paths([str(path)], time_limit=time_limit)
    return [c.to_dict() for c in report.checks], time.perf_counter() - start


def match(truth: dict, checks: list[dict]) -> list[Entry]:
    """Pair each truth entry with a check at the same (cell, line): definitions with definitions
    first, then the rest in the order written. A check is used once.

    A claim whose left side ends its line (`A =` then B on the next line) is reported at the line
    where it begins (DESIGN.md); the truth files give the line where B begins. So an entry left
    without a check takes a check nobody else took from at most six lines above, in the same cell
    (the nearest first)."""
    by_place: dict[tuple, list[dict]] = defaultdict(list)
    for c in checks:
        by_place[c.get("cell"), c.get("line")].append(c)
    entries, unpaired = [], []
    for place, claims in _grouped(truth["claims"]).items():
        free = by_place.setdefault(place, [])
        paired: dict[int, dict] = {}
        for i, claim in enumerate(claims):
            if claim["truth"] == "definition":
                found = next((c for c in free if c["verdict"] == "definition"), None)
                if found is not None:
                    paired[i] = found
                    free.remove(found)
        for i, claim in enumerate(claims):
            if i not in paired and free:
                wanted = _preferred(claim, free)
                paired[i] = wanted
                free.remove(wanted)
        for i, claim in enumerate(claims):
            entries.append(Entry(claim, paired.get(i)))
            if i not in paired:
                unpaired.append(entries[-1])
    for entry in unpaired:
        cell, line = entry.key
        for above in range(line - 1, line - 7, -1):
            free = by_place.get((cell, above))
            if free:
                entry.check = _preferred(entry.truth, free)
                free.remove(entry.check)
                break
    return entries


def _preferred(claim: dict, free: list[dict]) -> dict:
    """A no-relation step pairs with a no-relation check where there is one; else the first."""
    if claim["truth"] == "no-relation":
        return next((c for c in free if c["verdict"] == "no-relation"), free[0])
    return next((c for c in free if c["verdict"] != "no-relation"), free[0])


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
    false_alarms: int      # correct or definition lines refuted
    wrong: int             # wrong lines
    caught: int            # wrong lines refuted at their line
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
        false_alarms=sum(e.truth["truth"] in ("correct", "definition") and e.verdict == "refuted"
                         for e in entries),
        wrong=len(wrong), caught=sum(e.verdict == "refuted" for e in wrong), seconds=seconds,
    ), entries
