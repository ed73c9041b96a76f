"""`dpo-proof figures`: draw the figures into a folder, one progress line per figure on stderr.

Imported lazily by dpo_proof.cli, so matplotlib and torch load only when figures are drawn.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from ..report import UsageError
from .style import FORMATS, OPTIONAL_FORMATS, STYLES, tex_executable


def parse_formats(text: str) -> list[str]:
    """'pdf,svg,png' -> ['pdf', 'svg', 'png']; unknown or empty -> UsageError."""
    formats = [f.strip().lower().lstrip(".") for f in (text or "").split(",") if f.strip()]
    if "pgf" in formats and tex_executable() is None:
        raise UsageError("--format: pgf needs a TeX executable (xelatex, lualatex or pdflatex) on PATH, "
                         "and none was found; use pdf, which \\includegraphics takes as it is")
    bad = [f for f in formats if f not in FORMATS + OPTIONAL_FORMATS]
    if bad or not formats:
        got = ", ".join(repr(f) for f in bad) if bad else "nothing"
        raise UsageError(f"--format: {got} is not a format I draw; use a comma-separated list of "
                         f"{', '.join(FORMATS)} (e.g. --format pdf,png; pgf where TeX is installed)")
    return list(dict.fromkeys(formats))  # keep order, drop repeats


def select(names: list[str] | None) -> list[str]:
    """The figures to draw, in registry order; an unknown --only name -> UsageError."""
    from .figures import FIGURES

    if not names:
        return list(FIGURES)
    unknown = [n for n in names if n not in FIGURES]
    if unknown:
        raise UsageError(f"--only: unknown figure {', '.join(map(repr, unknown))}; "
                         f"choose from {', '.join(FIGURES)} (see `dpo-proof figures --list`)")
    return [n for n in FIGURES if n in names]


def prepare_dir(path: str) -> Path:
    """Create the output folder if needed and make sure files can be written there."""
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise UsageError(f"-o/--output-dir: {path} is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"-o/--output-dir: cannot create {path}: {exc.strerror or exc}") from None
    if not out.is_dir() or not os.access(out, os.W_OK | os.X_OK):
        raise UsageError(f"-o/--output-dir: {path} is not a writable folder")
    return out


def draw_all(out: Path, names: list[str], formats: list[str], style: str, progress=None) -> list[Path]:
    """Draw `names` in `style`, save each in every format, then write manifest.json and README.md."""
    from .figures import FIGURES
    from .record import write_record
    from .style import save_figure
    from .verify import plotted_data

    written, data = [], {}
    for i, name in enumerate(names, 1):
        start = time.perf_counter()
        fig = FIGURES[name].draw(style)
        data[name] = plotted_data(fig)
        files = []
        for fmt in formats:
            path = out / f"{name}.{fmt}"
            try:
                save_figure(fig, path, fmt)
            except OSError as exc:
                raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
            files.append(path)
        written += files
        if progress is not None:
            shown = ", ".join(p.name for p in files)
            print(f"[{i}/{len(names)}] {name:<18} {time.perf_counter() - start:5.2f} s  {shown}",
                  file=progress, flush=True)
    try:
        written += write_record(out, style, formats, data, progress)
    except OSError as exc:
        raise UsageError(f"cannot write the record in {out}: {exc.strerror or exc}") from None
    return written


def list_figures(stream) -> None:
    from .figures import FIGURES

    width = max(map(len, FIGURES))
    for spec in FIGURES.values():
        print(f"{spec.name:<{width}}  {spec.description}", file=stream)
    print("\nstyles: " + "; ".join(f"{s.name} {s.width:g}x{s.height:g} in, {s.font_size:g} pt"
                                     for s in STYLES.values()), file=stream)


def run_figures(args: argparse.Namespace) -> int:
    """The handler behind `dpo-proof figures`: returns 0, or raises UsageError (exit 2)."""
    if getattr(args, "list", False):
        list_figures(sys.stdout)
        return 0
    formats = parse_formats(args.format)
    names = select(args.only)
    out = prepare_dir(args.output_dir)
    start = time.perf_counter()
    written = draw_all(out, names, formats, args.style, progress=sys.stderr)
    print(f"wrote {len(written)} files ({len(names)} figures, style {args.style}, with manifest.json "
          f"and README.md) to {out} "
          f"in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0
