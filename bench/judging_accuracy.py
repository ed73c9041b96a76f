"""How soundly `check` judges derivations written by others (issue 11), against hand-written truth.

    python bench/judging_accuracy.py [DIR ...]      (default: tests/corpus/real and docs/examples/errors)

For each file with a `.truth.json` sidecar (one entry per display relation: line, cell, truth =
definition | correct | wrong | modelling | no-relation | non-equality, slip): correct lines
refuted (false alarms; a line refuted only because it carries an earlier error forward, with
`follows_from_previous` true, is counted apart), wrong lines refuted at their line, and of those
with a catalogued slip, how many are named with it. For docs/examples/errors, the planted line
and slip come from the closing comment of each file. Prints one row a file and the totals.
"""
from __future__ import annotations

import glob
import json
import os
import re
import sys
import time

from dpo_proof.checker.claims import check_paths
from dpo_proof.report import UsageError

PLANTED_RE = re.compile(r"planted error: (.+), at line (\d+)")
KIND_SLIPS = {"a sign flip": "sign-lost", "σ′ counted twice": "sigma-prime-twice",
              "σ(δ) written for σ(−δ)": "sigma-of-delta", "a dropped β": "dropped-beta",
              "∇π written where ∇log π is meant": "grad-pi-for-grad-log-pi",
              "winner and loser swapped": ("winner-loser-swapped", "policy-swapped")}


def _truth(path: str) -> list[dict] | None:
    base = re.sub(r"\.(md|ipynb|tex)$", "", path)
    if os.path.exists(base + ".truth.json"):
        with open(base + ".truth.json", encoding="utf-8") as handle:
            return json.load(handle)["claims"]
    with open(path, encoding="utf-8") as handle:
        m = PLANTED_RE.search(handle.read())
    if m is None:
        return None
    return [{"line": int(m.group(2)), "cell": None, "truth": "wrong", "slip": KIND_SLIPS.get(m.group(1), "other")}]


def measure(path: str, claims: list[dict], totals: dict) -> str:
    start = time.perf_counter()
    try:
        report = check_paths([path], time_limit=3.0)
    except UsageError as exc:
        return f"{os.path.basename(path)}: usage error: {exc}"
    seconds = time.perf_counter() - start
    at: dict = {}
    for c in report.checks:
        at.setdefault((c.fields.get("cell"), c.fields["line"]), []).append(c)
    alarms, carried, caught, named, missed = [], [], [], [], []
    for claim in claims:
        found = at.get((claim.get("cell"), claim["line"]), [])
        refuted = [c for c in found if c.verdict == "refuted"]
        if claim["truth"] == "correct":
            totals["correct"] += 1
            totals["judged"] += any(c.verdict in ("proved", "numerically-true") for c in found) and not refuted
            if refuted and all(c.fields.get("follows_from_previous") is True for c in refuted):
                carried.append(claim["line"])
            elif refuted:
                alarms.append(claim["line"])
        elif claim["truth"] == "wrong":
            totals["wrong"] += 1
            slips = claim.get("slip")
            slips = (slips,) if isinstance(slips, str) else slips
            if not refuted:
                missed.append(claim["line"])
                continue
            caught.append(claim["line"])
            if slips and slips != ("other",):
                totals["with_slip"] += 1
                if any((c.fields.get("diagnosis") or {}).get("slip") in slips for c in refuted):
                    named.append(claim["line"])
    totals["alarms"] += len(alarms)
    totals["carried"] += len(carried)
    totals["caught"] += len(caught)
    totals["named"] += len(named)
    return (f"{os.path.basename(path)[:40]:40} {seconds:5.1f} s  false alarms {alarms or '-'}"
            f"  carried {carried or '-'}  wrong caught {caught or '-'}  slip named {named or '-'}"
            f"  missed {missed or '-'}")


def main(dirs: list[str]) -> None:
    totals = dict.fromkeys(("correct", "judged", "alarms", "carried", "wrong", "caught", "with_slip", "named"), 0)
    for directory in dirs:
        for path in sorted(glob.glob(os.path.join(directory, "*"))):
            if not path.endswith((".md", ".ipynb", ".tex")) or path.endswith("README.md"):
                continue
            claims = _truth(path)
            if claims is not None:
                print(measure(path, claims, totals))
    print(f"correct lines: {totals['correct']}, judged true {totals['judged']}, refuted {totals['alarms']} "
          f"(+{totals['carried']} refuted only as carrying an earlier error)")
    print(f"wrong lines: {totals['wrong']}, refuted at their line {totals['caught']}; "
          f"with a catalogued slip {totals['with_slip']}, named {totals['named']}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["tests/corpus/real", "docs/examples/errors"])
