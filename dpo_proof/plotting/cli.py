"""`dpo-proof figures`: draw the figures into a folder, one progress line per figure on stderr.

Where they go: `--committed` regenerates the committed set (figures/ of the clone this package
runs from: every figure, notes style, pdf+svg+png), the one set the tests compare with the code;
anything else goes to ``-o DIR``, by default ./dpo-proof-figures/STYLE in the current directory,
and never into the committed folder. Imported lazily by dpo_proof.cli; `--list` and the
argument checks import neither matplotlib nor torch.
"""
from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

from ..console import emit
from ..report import Report, UsageError
from .record import MANIFEST
from .style import FORMATS, OPTIONAL_FORMATS, STYLES, tex_executable

DEFAULT_DIR = "dpo-proof-figures"


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


def committed_dir() -> Path | None:
    """figures/ of the dpo-proof clone this package runs from; None when installed without one."""
    root = Path(__file__).resolve().parents[2]
    try:
        ours = 'name = "dpo-proof"' in (root / "pyproject.toml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        ours = False
    figures = root / "figures"
    return figures if ours and (figures / MANIFEST).is_file() else None


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except (OSError, ValueError):
        return False


def destination(args: argparse.Namespace) -> tuple[Path, str, list[str], list[str]]:
    """(folder, style, formats, names) from the options; --committed allows no other choice."""
    committed = committed_dir()
    if getattr(args, "committed", False):
        chosen = [flag for flag, value in (("-o", args.output_dir), ("--style", args.style),
                                           ("--format", args.format), ("--only", args.only)) if value]
        if chosen:
            raise UsageError(f"--committed draws exactly the committed set (every figure, notes style, "
                             f"pdf,svg,png); leave out {', '.join(chosen)}")
        if committed is None:
            raise UsageError("--committed regenerates figures/ of a dpo-proof clone, and this installation "
                             "runs from none; use -o DIR")
        return committed, "notes", list(FORMATS), select(None)
    style = args.style or "notes"
    out = Path(args.output_dir) if args.output_dir else Path(DEFAULT_DIR) / style
    if committed is not None and _inside(out, committed):
        raise UsageError(f"-o {out}: that folder holds the committed figures, which only "
                         f"`dpo-proof figures --committed` rewrites; choose another folder")
    return out, style, parse_formats(args.format or ",".join(FORMATS)), select(args.only)


def prepare_dir(path: str | Path) -> Path:
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
            except Exception as exc:  # pgf: matplotlib runs TeX to measure text, and a broken TeX fails here
                # (a TeX that exits at once closes the pipe matplotlib writes to: a BrokenPipeError)
                if isinstance(exc, OSError) and not (fmt == "pgf" and isinstance(exc, BrokenPipeError)):
                    raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
                if fmt != "pgf":
                    raise
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
                raise UsageError(f"--format pgf: {tex_executable() or 'TeX'} failed while measuring the text "
                                 f"of {name} ({first}); repair the TeX installation, or leave pgf out "
                                 "(\\includegraphics takes the pdf as it is)") from None
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


def listing() -> dict:
    """`figures --list --json`: each figure's name, description, caption and alt text, and the styles."""
    from .figures import FIGURES

    return {"figures": [{"name": f.name, "description": f.description, "caption": f.caption, "alt": f.alt}
                        for f in FIGURES.values()],
            "styles": [{"name": s.name, "width_in": s.width, "height_in": s.height, "font_pt": s.font_size,
                        "description": s.description} for s in STYLES.values()]}


def run_figures(args: argparse.Namespace) -> Report | int:
    """The handler behind `dpo-proof figures`: 0 (or, with --json, a Report without checks that
    names what was written), or raises UsageError (exit 2)."""
    as_json = getattr(args, "json", False)
    if getattr(args, "list", False):
        if as_json:
            return Report("figures", extra=listing())
        listed = io.StringIO()
        list_figures(listed)
        emit(listed.getvalue())
        return 0
    out, style, formats, names = destination(args)
    out = prepare_dir(out)
    start = time.perf_counter()
    written = draw_all(out, names, formats, style, progress=sys.stderr)
    print(f"wrote {len(written)} files ({len(names)} figures, style {style}, with manifest.json "
          f"and README.md) to {out} "
          f"in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    if not as_json:
        return 0
    return Report("figures", extra={"output_dir": str(out), "style": style, "formats": formats,
                                    "figures": names, "files": [str(p) for p in written]})
