"""Benchmark: checking corpus files with sympy's memo unbounded (what dpo_proof sets) against its
default of 1000 entries (the baseline), in the same run.

    python bench/bench_sympy_cache.py [--every N] [--write]

Two child interpreters check the same corpus files one after another (every N-th file, N = 1 by
default), one with SYMPY_CACHE_SIZE=1000 and one with SYMPY_CACHE_SIZE=none, side by side (one per
core). Each reports its CPU time, its peak memory and every verdict; the verdicts are compared (a
line near its time limit may differ, and is listed).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from docs_section import add_write_option, section, write_section  # noqa: E402

CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from corpus.truth import check_file, corpus_files
files = corpus_files()[::int(sys.argv[2])]
start, verdicts = time.process_time(), {}
for path in files:
    checks, _ = check_file(path, 3.0)
    verdicts[path.name] = [(c.get("cell"), c.get("line"), c["verdict"]) for c in checks]
print(json.dumps({"files": len(files), "cpu_s": time.process_time() - start, "verdicts": verdicts,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
SIZES = ("1000", "none")


def measure(every: int) -> str:
    tests = str(Path(__file__).resolve().parents[1] / "tests")
    children = {size: subprocess.Popen([sys.executable, "-c", CHILD, tests, str(every)], stdout=subprocess.PIPE,
                                       text=True, env={**os.environ, "SYMPY_CACHE_SIZE": size})
                for size in SIZES}
    runs = {}
    for size, child in children.items():
        out, _ = child.communicate()
        if child.returncode:
            raise SystemExit(f"the child with SYMPY_CACHE_SIZE={size} failed (exit {child.returncode})")
        runs[size] = json.loads(out)
    base, unbounded = runs["1000"], runs["none"]
    differ = [f"{name}:{a[1]}" for name, checks in base["verdicts"].items()
              for a, b in zip(checks, unbounded["verdicts"][name]) if a != b]
    which = "every corpus file" if every == 1 else f"every {every}th corpus file"
    lines = [f"Files: {which} ({base['files']} files), checked one after another in each child.", "",
             "| SYMPY_CACHE_SIZE | CPU (s) | peak memory (MiB) |", "|---|---:|---:|"]
    lines += [f"| {size} | {runs[size]['cpu_s']:.1f} | {runs[size]['peak_mib']:.0f} |" for size in SIZES]
    lines += ["", f"Unbounded: {100 * (1 - unbounded['cpu_s'] / base['cpu_s']):.0f}% less CPU time. "
              f"Lines whose verdict differs: {', '.join(differ) if differ else 'none'}."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1, help="check every N-th corpus file (default 1: all of them, "
                        "about 10 minutes; 6 takes under 2)")
    add_write_option(parser)
    args = parser.parse_args()
    text = section(measure(args.every), note="The two children run side by side, one per core.")
    print(text)
    if args.write:
        write_section("sympy-cache", text)


if __name__ == "__main__":
    main()
