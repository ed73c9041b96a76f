"""The errors `dpo-proof gradcheck --json` reports on its default problems, normal and --extreme.

    python bench/gradcheck_errors.py --write

One row per family (seed 0, float64, beta 0.1): each method's max relative error against the
closed form (2), or why it was skipped. `--write` fills the section `gradcheck-errors` of
docs/performance.md.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json

from docs_section import add_write_option, section, write_section
from dpo_proof.cli import main as dpo_proof
from dpo_proof.numeric.gradcheck import METHODS


def table(extreme: bool) -> str:
    argv = ["gradcheck", "--json"] + (["--extreme"] if extreme else [])
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = dpo_proof(argv)
    doc = json.loads(out.getvalue())
    rows = {}
    for c in doc["checks"]:
        cell = "skipped" if c["verdict"] == "skipped" else f"{c['max_rel_error']:.1e}"
        rows.setdefault(c["policy"], {})[c["method"]] = cell if c["ok"] else f"**{cell} {c['verdict']}**"
    sizes = {name: p.get("params", "") for name, p in doc["problems"].items()}
    lines = [f"`dpo-proof {' '.join(argv)}` (exit {code}):", "",
             f"| family (params) | {' | '.join(METHODS)} |", "|---|" + "---:|" * len(METHODS)]
    lines += [f"| {family} ({sizes.get(family, '')}) | {' | '.join(cells.get(m, '') for m in METHODS)} |"
              for family, cells in rows.items()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_write_option(parser)
    args = parser.parse_args()
    text = section(table(False) + "\n\n" + table(True))
    print(text)
    if args.write:
        write_section("gradcheck-errors", text)


if __name__ == "__main__":
    main()
