r"""Definitions, claims and chains -> checks: what `dpo-proof check notes.md` says about each line.

A definition (`\delta(\phi) = …`, `u = …`, `\hat{r}_\theta(x, y) = …`) introduces a name, used
before or after it; a definition of a known quantity (the DPO loss, the margin, the implicit
reward) is compared with the standard one (known.py). Every other equation is a claim; `A = B = C`
makes two, `A = B` and `A = C`, and a row starting with `=` or `&=` (or a display with no relation
that the text continues) continues the previous claim's left side. Each claim is checked for
truth against the definitions (compare.py) and, separately, whether its step from the previous
line holds (`follows_from_previous`). A refuted line is diagnosed against the catalogue of slips
(diagnosis.py). A true line after a false one is `proved`: the report points at the line where
the error is. Every line runs under a deadline and the file under a budget (limits.py).
"""
from __future__ import annotations

import re

from ..limits import deadline, rare_collections
from ..report import NOT_JUDGED, Check, Report, UsageError
from ..symbolic.equality import remembered
from .chain import FileRun
from .context import split_blocks
from . import limits as caps
from .limits import FileTimeout
from .markdown import Lines, find_math, normalise_newlines
from .names import normalise_script
from .reading import read_source

MAX_CLAIMS = 400
# The file's parameter: the first subscript of ∇ or π (φ, θ, …); π(y|x) with none depends on it.
PARAM_RE = re.compile(r"(\\nabla|\\pi|∇|π)\s*_\s*\{?\s*(?:\\(?:boldsymbol|mathbf|bm)\s*\{?\s*)?"
                      r"(\\varphi|\\phi|\\vartheta|\\theta|\\psi|\\omega|φ|ϕ|θ)")


def check_paths(paths: list[str], time_limit: float) -> Report:
    """The `check` command: every file, claim by claim. UsageError for unreadable input."""
    problem = caps.time_limit_error(time_limit)
    if problem:
        raise UsageError(f"--time-limit {problem}")
    sources = [read_source(p) for p in paths]
    report = Report(command="check", extra={"files": [], "warnings": []})
    summaries, titles = [], []
    for name, text in sources:
        checks, warnings, summary = check_text(text, name, time_limit)
        report.extend(checks)
        report.extra["files"].append({"file": name, "summary": summary})
        report.extra["warnings"].extend(warnings)
        summaries.append(summary if len(sources) == 1 else f"{name}: {summary}")
        titles += [f"warning: {w['file']}:{w['line']}: {w['message']}" for w in warnings]
    report.title = "\n".join(["dpo-proof check " + " ".join(n for n, _ in sources)] + titles)
    report.summary = "; ".join(summaries)
    return report


def check_text(text: str, file: str, time_limit: float = 3.0):
    """(checks, warnings, summary line) for one file's text, within the file's time budget."""
    text = normalise_newlines(text)
    lines = Lines(text)
    run = FileRun(text, file, lines, time_limit)
    equations, warnings, done, added = [], [], 0, 0
    try:
        with deadline(caps.FILE_SECONDS, FileTimeout), remembered(), rare_collections():
            equations, warnings = _equations(run, text, file, lines)
            run.table.default_param = _default_param(run.blocks_text)
            run.table.policy_param = _policy_param(run.blocks_text)
            run.collect_definitions(equations)
            run.collect_policy_forms(equations)
            for eq in equations:
                added = len(run.checks)
                run.check_equation(eq)
                done += 1
    except FileTimeout:
        reason = f"the file's time budget ({caps.FILE_SECONDS:g} s) was spent before this line was judged"
        if done < len(equations):
            run.skip_rest(equations[done], len(run.checks) - added, reason)
            for eq in equations[done + 1:]:
                run.skip_rest(eq, 0, reason)
        elif not equations:
            run.add("skipped", f"the file's time budget ({caps.FILE_SECONDS:g} s) was spent while reading "
                    "its math", 0, None, "", follows=None)
    except UsageError:
        raise
    except (Exception, RecursionError) as exc:  # a reading rule failing on exotic text: a verdict, never a traceback
        reason = f"the checker could not read this file past here ({type(exc).__name__}: {exc})"[:200]
        for k, eq in enumerate(equations[done:]):
            run.skip_rest(eq, len(run.checks) - added if k == 0 else 0, reason)
        if not equations:
            run.add("skipped", reason, 0, None, "", follows=None)
    run.checks[:] = _in_text_order(run.checks, run.places)
    _unique_ids(run.checks)
    return run.checks, warnings, _summary(run.checks)


def _in_text_order(checks: list, places: list[int]) -> list:
    """The checks by cell and line, each line's claims in the order they were judged, and an
    `unparsed` check put before the first claim that stands after it in the text: a chain's start
    that could not be read is reported before the rows that follow it."""
    lines: dict[tuple, list[int]] = {}
    for k in sorted(range(len(checks)), key=lambda k: (checks[k].fields.get("cell") or 0, checks[k].fields["line"])):
        lines.setdefault((checks[k].fields.get("cell") or 0, checks[k].fields["line"]), []).append(k)
    out = []
    for ks in lines.values():
        placed = [k for k in ks if checks[k].verdict != "unparsed"]
        for k in (k for k in ks if checks[k].verdict == "unparsed"):
            at = next((i for i, j in enumerate(placed) if places[j] > places[k]), len(placed))
            placed.insert(at, k)
        out += [checks[k] for k in placed]
    return out


def _equations(run: FileRun, text: str, file: str, lines: Lines):
    """The file's equations in order; problems of the scan are reported as unparsed."""
    is_tex = file.endswith((".tex", ".ltx")) or "\\documentclass" in text or "\\begin{document}" in text
    scan = find_math(text, is_tex)
    warnings = [{"file": file, "line": lines.line_col(o)[0], "cell": lines.cell(o), "message": m}
                for o, m in scan.warnings]
    if not scan.blocks and not scan.problems:
        raise UsageError(f"no math found in {file}: put equations in $$…$$, \\[…\\], $…$ "
                         "or an equation/align environment")
    equations = split_blocks(scan.blocks, scan.problems)
    for offset, message in scan.problems:
        run.unparsed(offset, message, "", display=True)
    if len(equations) > MAX_CLAIMS:
        run.unparsed(equations[MAX_CLAIMS].sides[0].start,
                     f"more than {MAX_CLAIMS} equations; only the first {MAX_CLAIMS} are checked", "",
                     display=True)
        equations = equations[:MAX_CLAIMS]
    run.blocks_text = " ".join(b.text for b in scan.blocks)
    return equations, warnings


def _default_param(math: str) -> str:
    m = PARAM_RE.search(math)
    if m:
        return normalise_script(m.group(2))
    return "theta" if ("\\theta" in math or "θ" in math) and "\\phi" not in math else "phi"


def _policy_param(math: str) -> str | None:
    """The parameter a bare π stands for: the one the text writes on π (π_θ), which may not be the
    first under a ∇ (a text may train a reward model r_φ by ∇_φ before its policy π_θ)."""
    m = next((f for f in PARAM_RE.finditer(math) if f.group(1) in ("\\pi", "π")), None)
    return normalise_script(m.group(2)) if m else None


def _unique_ids(checks: list[Check]) -> None:
    seen: dict[str, int] = {}
    for c in checks:
        seen[c.id] = seen.get(c.id, 0) + 1
        if seen[c.id] > 1:
            c.id = f"{c.id}#{seen[c.id]}"


def _at(lines: list[int]) -> str:
    at = sorted(set(lines))
    return f"line{'s' if len(at) > 1 else ''} {', '.join(map(str, at))}"


def _summary(checks: list[Check]) -> str:
    """'12 claims: 9 hold, 1 refuted at line 17, 2 not judged: 1 unparsed at line 3, 1 undefined
    at line 20'. Not judged (unparsed, skipped, undefined) never counts as holding."""
    claims = [c for c in checks if c.verdict not in ("definition", "no-relation")]
    by = {v: [c.fields["line"] for c in claims if c.verdict == v] for v in ("refuted",) + NOT_JUDGED}
    hold = sum(c.verdict in ("proved", "numerically-true") for c in claims)
    parts = [f"{len(claims)} claim{'s' if len(claims) != 1 else ''}: {hold} hold"]
    if by["refuted"]:
        parts.append(f"{len(by['refuted'])} refuted at {_at(by['refuted'])}")
    unjudged = sum(len(by[v]) for v in NOT_JUDGED)
    if unjudged:
        parts.append(f"{unjudged} not judged: " + ", ".join(
            f"{len(by[v])} {v} at {_at(by[v])}" for v in NOT_JUDGED if by[v]))
    steps = [c.fields["line"] for c in checks if c.verdict == "no-relation"]
    if steps:
        parts.append(f"{len(steps)} display{'s' if len(steps) > 1 else ''} without a relation at {_at(steps)}")
    return ", ".join(parts)
