"""`--from-source`: load one definition from a file without importing the module.

Training code imports far more than its loss needs (transformers, accelerate, pandas, wandb,
relative imports of its package). This loader reads the file with `ast` and runs only the
target's own definition and, transitively, the top-level statements that define the names it
uses: the imports that succeed here, same-file functions, classes and constants, and names
imported relatively from sibling files (loaded the same way). What it leaves out is recorded
and reported; a name left out that the loss then uses fails with a message naming its package.

What differs from a real import, and why it is sound for checking a loss: the target's code is
the file's own, compiled from its own lines (tracebacks point into the file); function
annotations are dropped (they do not change what a function computes); a decorator or a base
class that cannot be loaded is dropped and *named in the report* (a dropped base's methods are
missing, so a loss that needs them fails loudly rather than silently differing).
"""
from __future__ import annotations

import __future__
import ast
import builtins
import importlib
import os
import re
import symtable
import sys
import types
from dataclasses import dataclass, field

from ..report import UsageError

_BINDERS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
            ast.Assign, ast.AnnAssign, ast.AugAssign, ast.If, ast.Try, ast.With)


@dataclass
class SourceLoad:
    """What --from-source left out: name -> why (e.g. 'from transformers, not installed')."""

    path: str
    skipped: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)     # decorators and base classes left out
    lines: tuple[int, int] = (0, 0)                      # the target's first and last line
    owner: type | None = None                            # the class of a Class.method target

    def missing_package(self, name: str) -> str | None:
        """The package a skipped name would have come from, if it is one."""
        m = re.search(r"from (\S+), not installed", self.skipped.get(name, ""))
        return m.group(1) if m else None


def _bound(stmt) -> set[str]:
    """Names a top-level statement binds."""
    out = set()
    for node in ast.walk(stmt) if isinstance(stmt, (ast.If, ast.Try, ast.With)) else (stmt,):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name != "*"}
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            for t in node.targets if isinstance(node, ast.Assign) else [node.target]:
                elts = t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t]
                out |= {e.id for e in elts if isinstance(e, ast.Name)}  # not x.attr = ..., x[i] = ...
    return out


def _names(*nodes) -> set[str]:
    """Names read (not assigned) anywhere in `nodes`."""
    return {n.id for node in nodes if node is not None for n in ast.walk(node)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _globals_of(table: symtable.SymbolTable) -> set[str]:
    """Names a scope (and the scopes inside it) reads from module level."""
    out = {s.get_name() for s in table.get_symbols() if s.is_global() or
           (table.get_type() == "class" and s.is_referenced() and not s.is_assigned())}
    for child in table.get_children():
        out |= _globals_of(child)
    return out


def _uses(stmt, tables: dict) -> set[str]:
    """Module-level names a statement needs: at definition time and, for defs, when called."""
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        outer = list(stmt.decorator_list)
        if isinstance(stmt, ast.ClassDef):
            outer += stmt.bases + [k.value for k in stmt.keywords]
        else:
            outer += stmt.args.defaults + [d for d in stmt.args.kw_defaults if d is not None]
        inner = _globals_of(tables[stmt.name, stmt.lineno]) if (stmt.name, stmt.lineno) in tables else set()
        return _names(*outer) | inner
    return _names(stmt) - _bound(stmt)


def _strip_annotations(node) -> None:
    """Drop function annotations (no effect on what is computed; they may name unloaded types)."""
    for fn in (n for n in ast.walk(node) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
        fn.returns = None
        args = fn.args
        for a in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
            if a is not None:
                a.annotation = None


class _Loader:
    """Loads the needed top-level statements of one file into a fresh module namespace."""

    def __init__(self, path: str, record: SourceLoad, depth: int = 0):
        self.path, self.record, self.depth = os.path.abspath(path), record, depth
        try:
            with open(self.path, encoding="utf-8") as handle:
                text = handle.read()
            self.tree = ast.parse(text, self.path)
            top = symtable.symtable(text, self.path, "exec")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: cannot be read: {exc}") from None
        except SyntaxError as exc:
            raise UsageError(f"{path}: syntax error at line {exc.lineno}: {exc.msg}") from None
        self.tables = {(t.get_name(), t.get_lineno()): t for t in top.get_children()}
        self.flags = __future__.annotations.compiler_flag if any(
            isinstance(s, ast.ImportFrom) and s.module == "__future__" for s in self.tree.body) else 0
        name = "_dpo_proof_source_" + re.sub(r"\W", "_", os.path.splitext(os.path.basename(path))[0])
        self.module = types.ModuleType(name)
        self.module.__file__ = self.path
        sys.modules.setdefault(name, self.module)  # dataclasses and enum look their module up
        self.ns = self.module.__dict__

    def load(self, wanted: set[str]) -> None:
        """Run, in file order, the statements that bind `wanted` and what those need."""
        body = [s for s in self.tree.body if isinstance(s, _BINDERS)]
        chosen, queue = set(), list(wanted)
        while queue:
            name = queue.pop()
            binders = [i for i, s in enumerate(body) if name in _bound(s)]
            for i in binders[-1:]:
                if i not in chosen:
                    chosen.add(i)
                    queue += _uses(body[i], self.tables)
        for i in sorted(chosen):
            self._run(body[i])

    def _available(self, node, local: set[str] = frozenset()) -> bool:
        return all(n in self.ns or n in local or hasattr(builtins, n) for n in _names(node))

    def _run(self, stmt) -> None:
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                self._import(alias.name, None, alias.asname or alias.name.split(".")[0], alias.asname is None)
        elif isinstance(stmt, ast.ImportFrom) and stmt.module != "__future__":
            for alias in stmt.names:
                if alias.name != "*":
                    self._import(stmt.module or "", alias.name, alias.asname or alias.name, False, stmt.level)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self._define(stmt)
        elif not isinstance(stmt, ast.ImportFrom):
            self._exec(stmt, ", ".join(sorted(_bound(stmt))))

    def _import(self, module: str, attr: str | None, bind: str, top: bool, level: int = 0) -> None:
        if level:
            return self._relative(module, attr, bind, level)
        try:
            mod = importlib.import_module(module)
            if attr is None:
                self.ns[bind] = importlib.import_module(module.split(".")[0]) if top else mod
            else:
                self.ns[bind] = getattr(mod, attr) if hasattr(mod, attr) else importlib.import_module(f"{module}.{attr}")
        except ModuleNotFoundError as exc:
            root = (exc.name or module).split(".")[0]
            self.record.skipped[bind] = f"from {root}, not installed"
        except Exception as exc:  # an installed package that fails to import, or no such name
            self.record.skipped[bind] = f"from {module}: importing it raised {type(exc).__name__}: {exc}"

    def _relative(self, module: str, attr: str | None, bind: str, level: int) -> None:
        base = os.path.dirname(self.path)
        for _ in range(level - 1):
            base = os.path.dirname(base)
        target = os.path.join(base, *module.split(".")) if module else base
        path = next((p for p in (target + ".py", os.path.join(target, "__init__.py")) if os.path.isfile(p)), None)
        where = "." * level + module
        if path is None or attr is None or self.depth >= 4:
            self.record.skipped[bind] = f"from {where}, a relative import not followed"
            return
        sub = _Loader(path, self.record, self.depth + 1)
        sub.load({attr})
        if attr in sub.ns:
            self.ns[bind] = sub.ns[attr]
        else:
            self.record.skipped.setdefault(bind, f"from {where}, which could not load it")

    def _define(self, stmt) -> None:
        _strip_annotations(stmt)
        for holder in [stmt] + [s for s in getattr(stmt, "body", []) if isinstance(s, (ast.FunctionDef, ast.ClassDef))]:
            for d in [d for d in holder.decorator_list if not self._available(d)]:
                holder.decorator_list.remove(d)
                self.record.dropped.append(f"decorator @{ast.unparse(d)} of {holder.name}")
        if isinstance(stmt, ast.ClassDef):
            for b in [b for b in stmt.bases if not self._available(b)]:
                stmt.bases.remove(b)
                self.record.dropped.append(f"base class {ast.unparse(b)} of {stmt.name} "
                                           f"({self.record.skipped.get(_root(b), 'not loaded')})")
            stmt.keywords = [k for k in stmt.keywords if self._available(k.value)]
            stmt.body = self._class_body(stmt)
        self._exec(stmt, stmt.name)

    def _class_body(self, cls: ast.ClassDef) -> list:
        """The class body less the statements that need something not loaded (named in the report);
        a field annotation that names an unloaded type becomes a string (dataclasses accept it)."""
        kept, local = [], set()
        for s in cls.body:
            if isinstance(s, ast.AnnAssign) and not self._available(s.annotation, local):
                s.annotation = ast.Constant(ast.unparse(s.annotation))
            if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Expr, ast.Pass)) \
                    or self._available(s, local):
                kept.append(s)
                local |= _bound(s)
            else:
                self.record.dropped.append(f"line {s.lineno} of class {cls.name} ({ast.unparse(s)[:60]})")
        return kept or [ast.Pass()]

    def _exec(self, stmt, what: str) -> None:
        code = compile(ast.fix_missing_locations(ast.Module([stmt], [])), self.path, "exec",
                       flags=self.flags, dont_inherit=True)
        try:
            exec(code, self.ns)  # the file's own statement, as importing it would run it
        except Exception as exc:
            self.record.skipped[what] = f"defined at line {stmt.lineno}, which raised {type(exc).__name__}: {exc}"


def _root(node) -> str:
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.value if not isinstance(node, ast.Call) else node.func
    return node.id if isinstance(node, ast.Name) else ""


def load_from_source(path: str, qualname: str):
    """(object named `qualname` in `path`, SourceLoad); a UsageError if it cannot be defined."""
    record = SourceLoad(path)
    loader = _Loader(path, record)
    head = qualname.split(".")[0]
    node = next((s for s in reversed(loader.tree.body) if head in _bound(s)), None)
    if node is None:
        defined = sorted(s.name for s in loader.tree.body if isinstance(s, (ast.FunctionDef, ast.ClassDef)))
        raise UsageError(f"{path}: defines no {head!r} at top level (it defines: {', '.join(defined)})")
    loader.load({head})
    if head not in loader.ns:
        raise UsageError(f"{path}: {head!r} could not be loaded from source: {record.skipped.get(head, 'unknown')}")
    obj = loader.ns[head]
    for part in qualname.split(".")[1:]:
        if not hasattr(obj, part):
            raise UsageError(f"{path}: {qualname}: no attribute {part!r}")
        record.owner, obj = obj, getattr(obj, part)
    inner = next((n for n in ast.walk(node) if isinstance(n, (ast.FunctionDef, ast.ClassDef))
                  and n.name == qualname.split(".")[-1]), node)
    record.lines = (inner.lineno, getattr(inner, "end_lineno", inner.lineno))
    return obj, record
