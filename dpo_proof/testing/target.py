"""Targets as people write them: `file.py:function`, `file.py:Class.method`, `file.py:Class`
(a loss module), and `package.module:attr` for an installed package.

Loading a file runs its top level, as importing it would: that is what the user asked for. A
file inside a package (a folder with __init__.py) is imported as a module of that package, so its
relative imports work. Nothing is ever eval'd or exec'd from a string: files load through
importlib, or with `from_source` through `source.load_from_source` (the definition alone). Every
problem with the target (no such file, a syntax error, an exception on import, a missing
optional package, no such attribute) is a UsageError naming it; a missing package's message
names the package and shows the three-line wrapper that isolates the loss.
"""
from __future__ import annotations

import ast
import contextlib
import importlib
import importlib.util
import inspect
import os
import re
import sys
from dataclasses import dataclass

from ..report import UsageError
from .invoke import UserCodeError, time_limit, where
from .source import SourceLoad, load_from_source

#: seconds allowed for importing the file, and for each call of the loss, from the command line.
TIME_LIMIT = 60.0


@dataclass
class Target:
    """A resolved target: the object, how to call it, and where it came from."""

    obj: object
    label: str                     # "dpo_trainer.py:DPOTrainer.dpo_loss"
    kind: str                      # function | method | staticmethod | classmethod | class
    owner: type | None = None      # the class of a method
    source: SourceLoad | None = None


def split_target(target: str) -> tuple[str, str]:
    """'path/to/file.py:Class.method' or 'pkg.module:fn' -> (left, qualname); bad shapes are UsageErrors."""
    left, sep, qual = target.rpartition(":")
    if not sep or not left or not qual:
        raise UsageError(f"{target!r}: expected PATH.py:NAME or module:NAME (NAME a function, Class.method "
                         f"or a loss Class), e.g. losses.py:dpo_loss")
    if not all(part.isidentifier() for part in qual.split(".")) or qual.count(".") > 1:
        raise UsageError(f"{target!r}: {qual!r} is not a Python function name, Class.method or Class")
    return left, qual


@contextlib.contextmanager
def _on_path(directory: str):
    """`directory` first on sys.path while the target loads, so its sibling imports work."""
    sys.path.insert(0, directory)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.path.remove(directory)


def _package_name(path: str) -> tuple[str, str] | None:
    """(folder to put on sys.path, dotted module name) for a file inside a package, else None."""
    folder, parts = os.path.dirname(path), [os.path.splitext(os.path.basename(path))[0]]
    while os.path.isfile(os.path.join(folder, "__init__.py")):
        parts.insert(0, os.path.basename(folder))
        folder = os.path.dirname(folder)
    if len(parts) == 1 or not all(p.isidentifier() for p in parts):
        return None
    loaded = sys.modules.get(parts[0])
    if loaded is not None and not os.path.abspath(getattr(loaded, "__file__", "") or "").startswith(folder):
        return None  # a package of that name is already imported from elsewhere
    return folder, ".".join(parts)


def _import_file(path: str):
    if not os.path.exists(path):
        raise UsageError(f"{path}: no such file")
    if os.path.isdir(path) or not path.endswith(".py"):
        raise UsageError(f"{path}: expected a Python file ending in .py")
    path = os.path.abspath(path)
    package = _package_name(path)
    if package is not None:
        with _on_path(package[0]):
            return _run_import(lambda: importlib.import_module(package[1]), path)
    name = "_dpo_proof_target_" + re.sub(r"\W", "_", os.path.splitext(os.path.basename(path))[0])
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise UsageError(f"{path}: cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # as import does: dataclasses and pickling look the module up here
    try:
        with _on_path(os.path.dirname(path)):
            _run_import(lambda: spec.loader.exec_module(module), path)
    except UsageError:
        sys.modules.pop(name, None)
        raise
    return module


def _run_import(load, label: str):
    """Run an import; report any failure as a UsageError naming the place, never a traceback."""
    try:
        with contextlib.redirect_stdout(sys.stderr), time_limit(TIME_LIMIT, f"importing {label}"):
            return load()
    except SyntaxError as exc:
        col = f", column {exc.offset}" if exc.offset else ""
        text = f": {exc.text.strip()}" if exc.text else ""
        raise UsageError(f"{exc.filename or label}: syntax error at line {exc.lineno}{col}: {exc.msg}{text}") from None
    except UserCodeError as exc:
        raise UsageError(str(exc)) from None
    except ModuleNotFoundError as exc:
        if exc.name == label:
            raise UsageError(f"{label}: no such module (for a file, write the path ending in .py)") from None
        raise MissingPackage(label, (exc.name or "?").split(".")[0], str(exc)) from None
    except BaseException as exc:  # the user's module failed to import (SystemExit included)
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise UsageError(f"{label}: importing it raised {type(exc).__name__}: {exc}{where(exc)}") from None


class MissingPackage(UsageError):
    """Importing the target needs a package that is not installed; completed with the wrapper."""

    def __init__(self, label: str, package: str, detail: str):
        super().__init__(f"{label}: importing it needs {package!r}, which is not installed ({detail})")
        self.label, self.package = label, package


def _missing_message(exc: MissingPackage, path: str, qual: str) -> str:
    """The package, the others the file imports that are missing too, and three ways round it."""
    others = []
    with contextlib.suppress(OSError, SyntaxError, ValueError):
        tree = ast.parse(open(path, encoding="utf-8").read())
        for node in tree.body:
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else []
            for name in names:
                root = name.split(".")[0]
                if root not in others and root != exc.package and importlib.util.find_spec(root) is None:
                    others.append(root)
    also = f" (it also imports {', '.join(others)}: not installed either)" if others else ""
    short = qual.split(".")[-1]
    return "\n".join([
        f"{exc.label}: importing it needs the package {exc.package!r}, which is not installed{also}.",
        f"Install {'them' if others else 'it'} (python -m pip install {' '.join([exc.package] + others)}), "
        f"or add --from-source to load only {qual}'s own definition, or isolate the loss in a file of its own:",
        "    # loss_only.py: the loss without the module's other imports",
        "    from dpo_proof.testing import load_source",
        f"    {short} = load_source({os.path.abspath(path)!r}, {qual!r})",
        f"and check loss_only.py:{short}.",
    ])


def _attribute(module, qual: str, left: str):
    obj, owner = module, None
    for part in qual.split("."):
        if not hasattr(obj, part):
            defined = sorted(n for n, v in vars(obj).items() if callable(v) and not n.startswith("_")
                             and (inspect.isclass(obj) or getattr(v, "__module__", None) == module.__name__))
            hint = f" (it defines: {', '.join(defined)})" if defined else ""
            what = f"{left}: no function named {part!r}" if obj is module else f"{left}: {qual}: no attribute {part!r}"
            raise UsageError(what + hint)
        owner, obj = obj, getattr(obj, part)
    return obj, (owner if inspect.isclass(owner) else None)


def resolve_target(target: str, from_source: bool = False) -> Target:
    """Load `target` and say what it is (function, method, staticmethod, classmethod, class)."""
    left, qual = split_target(target)
    source = None
    is_file = left.endswith(".py") or os.sep in left or "/" in left
    if from_source:
        if not is_file:
            spec = importlib.util.find_spec(left.split(".")[0]) and importlib.util.find_spec(left)
            if spec is None or not spec.origin or not spec.origin.endswith(".py"):
                raise UsageError(f"{left}: --from-source needs a .py file or a module with one")
            left = spec.origin
        if not os.path.isfile(left):
            raise UsageError(f"{left}: no such file")
        with contextlib.redirect_stdout(sys.stderr), _on_path(os.path.dirname(os.path.abspath(left))):
            obj, source = load_from_source(left, qual)
        owner = source.owner
    else:
        try:
            if is_file:
                module = _import_file(left)
            else:
                if not all(part.isidentifier() for part in left.split(".")):
                    raise UsageError(f"{target!r}: {left!r} is neither a .py file nor a module name")
                with _on_path(os.getcwd()):  # like `python -m`: modules in the current directory are found
                    module = _run_import(lambda: importlib.import_module(left), left)
        except MissingPackage as exc:
            path = left if is_file else getattr(importlib.util.find_spec(left.split(".")[0]), "origin", left)
            raise UsageError(_missing_message(exc, path, qual)) from None
        obj, owner = _attribute(module, qual, left)
    label = f"{os.path.basename(left) if left.endswith('.py') else left}:{qual}"
    return Target(obj, label, _kind(obj, owner, qual), owner, source)


def _kind(obj, owner, qual: str) -> str:
    if inspect.isclass(obj):
        return "class"
    if not callable(obj):
        raise UsageError(f"{qual!r} is a {type(obj).__name__}, not a function, method or loss class")
    if owner is None:
        return "function"
    static = inspect.getattr_static(owner, qual.split(".")[-1], None)
    if isinstance(static, staticmethod):
        return "staticmethod"
    if isinstance(static, classmethod):
        return "classmethod"
    return "method"


def load_target(target: str, from_source: bool = False):
    """The object named by `target` and its label: (function or class, 'file.py:name')."""
    found = resolve_target(target, from_source)
    return found.obj, found.label


def load_source(path: str, qualname: str):
    """The definition `qualname` in `path`, loaded without running the module's other imports
    (see dpo_proof.testing.source): the three-line wrapper for a file with missing packages."""
    return load_from_source(path, qualname)[0]
