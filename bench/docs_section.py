"""Generated sections of docs/performance.md: each bench script owns its sections.

A section lies between two marker lines and is rewritten whole; text outside markers is by hand:

    <!-- bench:NAME:begin -->
    (written by a script: the exact command, the date, the machine, then the table)
    <!-- bench:NAME:end -->

A script builds its text with `section(...)`, prints it, and with `--write` calls
`write_section(NAME, text)`. A NAME that has no markers yet is an error naming the lines to add,
so a script never writes where nobody asked it to.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shlex
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "performance.md"


def markers(name: str) -> tuple[str, str]:
    return f"<!-- bench:{name}:begin -->", f"<!-- bench:{name}:end -->"


def machine() -> str:
    """The machine in words: CPU model, cores, OS, Python, torch (and CUDA device when present)."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    parts = [f"{cpu}, {os.cpu_count()} cores", f"{platform.system()} {platform.release()}",
             f"Python {platform.python_version()}"]
    if hasattr(os, "getloadavg"):  # other jobs on a shared machine slow the timings down
        parts.insert(1, f"load average {os.getloadavg()[0]:.1f} at the start")
    try:
        import torch

        parts.append(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
        if torch.cuda.is_available():
            parts.append(torch.cuda.get_device_name(0))
    except ImportError:
        pass
    return "; ".join(parts)


def command_line() -> str:
    """The command that is running, as someone would paste it from the repository root."""
    script = Path(sys.argv[0])
    try:
        script = script.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        pass
    return shlex.join(["python", str(script), *sys.argv[1:]])


def section(body: str, note: str = "") -> str:
    """A section's text: the exact command, when and where it ran, then `body` (a table)."""
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"Measured {when} on {machine()}, with", "", "```sh", command_line(), "```", ""]
    if note:
        lines += [note, ""]
    return "\n".join(lines) + "\n" + body.rstrip() + "\n"


def write_section(name: str, text: str, doc: Path = DOC) -> None:
    """Replace the text between NAME's markers in `doc`."""
    begin, end = markers(name)
    content = doc.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(begin) + r"\n.*?" + re.escape(end), re.DOTALL)
    if len(pattern.findall(content)) != 1:
        raise SystemExit(f"{doc}: expected one section {name!r}; add the two lines\n{begin}\n{end}\n"
                         "where its table belongs")
    doc.write_text(pattern.sub(lambda _: f"{begin}\n{text.rstrip()}\n{end}", content), encoding="utf-8")
    print(f"wrote section {name!r} of {doc}", file=sys.stderr)


def add_write_option(parser) -> None:
    parser.add_argument("--write", action="store_true",
                        help=f"also write the result into {DOC.relative_to(DOC.parents[1])} between its markers")


def main_over_files(doc: str, name: str, measure, default: list[str], note: str,
                    files_help: str | None = None) -> None:
    """The command line of a bench script that measures files: FILE ... (`default` when none) and
    --write; prints the section `measure(files)` makes the body of, and writes it as NAME."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("files", nargs="*", default=default, help=files_help)
    add_write_option(parser)
    args = parser.parse_args()
    text = section(measure(args.files), note=note)
    print(text)
    if args.write:
        write_section(name, text)
