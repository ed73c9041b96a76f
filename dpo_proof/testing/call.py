"""How a target is called with a probe: which parameters get the four log-probs, and with what.

The four log-probs go to parameters whose names say which they are (`chosen_logps`,
`ref_rejected_logps`, `policy_chosen_logps`, ...), else to the first required positional
parameters in trainer order (policy chosen, policy rejected, reference chosen, reference
rejected). A target that takes two is reference-free and gets the policy's two. `beta` is passed
by keyword where there is such a parameter; `--kw` adds keywords. A method runs on a stand-in
`self` holding the `--self` values (and the class's own methods and class attributes; __init__
is not run); a loss class is constructed with `--init` and called.
"""
from __future__ import annotations

import inspect
import re
import types

from ..report import UsageError
from .probes import INPUT_NAMES
from .target import Target
from .values import namespace, resolve

_CHOSEN = {"chosen", "preferred", "win", "winner", "winning", "pos", "positive", "w", "yw", "good", "better"}
_REJECTED = {"rejected", "dispreferred", "lose", "loser", "losing", "neg", "negative", "l", "yl", "bad", "worse"}
_REFERENCE = {"ref", "reference", "refs", "old", "sft", "base"}
_NOT_LOGPS = {"reward", "rewards", "mask", "masks", "label", "labels", "len", "length", "lengths", "count", "ids"}


_PAIR_WORDS = {"inputs", "input", "outputs", "output", "logps", "logprobs", "batch"}


def pair_of(name: str) -> str | None:
    """'policy' or 'reference' for a parameter that takes an object holding a chosen/rejected pair
    (torchtune's `policy_inputs`, `reference_inputs`: .chosen_logps and .rejected_logps)."""
    tokens = set(re.split(r"_+", name.lower()))
    if not tokens & _PAIR_WORDS or tokens & (_CHOSEN | _REJECTED):
        return None
    return "reference" if tokens & _REFERENCE else "policy" if tokens & {"policy", "pi", "model"} else None


def role_of(name: str) -> str | None:
    """Which of INPUT_NAMES a parameter called `name` takes, or None (e.g. ref_chosen_logps ->
    reference_chosen_logps)."""
    tokens = [t for t in re.split(r"_+|(?<=[a-z])(?=[A-Z])", name.lower()) if t]
    if not tokens or _NOT_LOGPS & set(tokens):
        return None
    side = "chosen" if _CHOSEN & set(tokens) else "rejected" if _REJECTED & set(tokens) else None
    if side is None or not ("log" in name.lower() or len(tokens) <= 2 and tokens[-1] in _CHOSEN | _REJECTED):
        return None
    return f"{'reference' if _REFERENCE & set(tokens) else 'policy'}_{side}_logps"


class StandIn:
    """`self` for a method: the --self values, then the class's methods and class attributes."""

    _owner: type = object
    _method: str = ""

    def __getattr__(self, name: str):  # only for names not set by --self
        if name.startswith("__"):
            raise AttributeError(name)
        attr = inspect.getattr_static(self._owner, name, inspect.Parameter.empty)
        if attr is inspect.Parameter.empty:
            raise AttributeError(f"{self._owner.__name__}.{self._method} reads self.{name}, which is not set: "
                                 f"pass --self {name}=VALUE")
        if isinstance(attr, staticmethod):
            return attr.__func__
        if isinstance(attr, classmethod):
            return attr.__func__.__get__(self._owner)
        if isinstance(attr, property):
            return attr.fget(self)
        return attr.__get__(self) if inspect.isfunction(attr) else attr


def stand_in(owner: type, method: str, values: dict) -> StandIn:
    cls = type(f"{owner.__name__}(stand-in)", (StandIn,), {"_owner": owner, "_method": method})
    obj = cls()
    obj.__dict__.update(vars(namespace(values)))
    return obj


class LossCall:
    """Calls a Target with one probe's tensors; `passes` says which log-probs it takes."""

    def __init__(self, target: Target, kw: dict | None = None, self_values: dict | None = None,
                 init: dict | None = None, beta: float | None = None):
        self.target, self.kw, self.self_values, self.init = target, dict(kw or {}), self_values, init
        self._callable = None
        self.pair_params: dict[str, str] = {}
        if self_values and target.kind not in ("method",):
            raise UsageError(f"--self applies to a method (Class.method); {target.label} is a {target.kind}")
        if init is not None and target.kind != "class":
            raise UsageError(f"--init applies to a loss class (file.py:Class); {target.label} is a {target.kind}")
        params = self._parameters()
        self.bindings, self.passes = self._bind(params)
        names = {p.name for p in params}
        varkw = any(p.kind is p.VAR_KEYWORD for p in params)
        unknown = [k for k in self.kw if k not in names and not varkw]
        if unknown:
            raise UsageError(f"{target.label} has no parameter {', '.join(unknown)} (it takes: "
                             f"{', '.join(p.name for p in params) or 'nothing'})")
        if beta is not None and "beta" in names and "beta" not in self.kw and "beta" not in self.bindings.values():
            self.kw["beta"] = beta
        taken = set(self.bindings.values()) | set(self.kw) | set(self.pair_params.values())
        missing = [p.name for p in params if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY,
                   p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.name not in taken]
        if missing:
            raise UsageError(f"{target.label} needs {', '.join(missing)}, which the checker does not supply: "
                             f"pass --kw {missing[0]}=VALUE (@NAME values name the probe's tensors)")

    def _signature_of(self):
        t = self.target
        if t.kind == "class":
            if not any("__call__" in vars(k) for k in t.obj.__mro__[:-1]):
                raise UsageError(f"{t.label} is a class whose instances cannot be called: name a method (Class.method)")
            fn = t.obj.forward if hasattr(t.obj, "forward") else t.obj.__call__
        else:
            fn = t.obj.forward if t.kind == "module" else t.obj
        try:
            return inspect.signature(fn)
        except (TypeError, ValueError):
            raise UsageError(f"{t.label}: its signature cannot be read, so the checker cannot call it") from None

    def _parameters(self) -> list[inspect.Parameter]:
        params = list(self._signature_of().parameters.values())
        if self.target.kind in ("method", "class") and params and params[0].kind is not params[0].VAR_POSITIONAL:
            params = params[1:]  # self
        return params

    def _bind(self, params) -> tuple[dict, tuple[str, ...]]:
        """{input role: parameter name or position}, and the roles passed, in trainer order."""
        named = {}
        for p in params:
            role = role_of(p.name)
            if role and role not in named and p.name not in self.kw and p.kind is not p.VAR_POSITIONAL:
                named[role] = p.name
        if INPUT_NAMES[0] in named and INPUT_NAMES[1] in named:
            return named, tuple(r for r in INPUT_NAMES if r in named)
        pairs = {pair_of(p.name): p.name for p in params if pair_of(p.name) and p.name not in self.kw}
        if "policy" in pairs:
            self.pair_params = pairs
            return {}, INPUT_NAMES if "reference" in pairs else INPUT_NAMES[:2]
        free = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                and p.default is p.empty and p.name not in self.kw]
        if any(p.kind is p.VAR_POSITIONAL for p in params) and len(free) < 4:
            return {r: i for i, r in enumerate(INPUT_NAMES)}, INPUT_NAMES
        count = 4 if len(free) >= 4 else 2 if len(free) >= 2 else 0
        if not count:
            raise UsageError(f"{self.target.label} takes {len(free)} log-prob argument(s); a loss takes the policy's "
                             f"chosen and rejected log-probs (and the reference's): nothing to call it with")
        return {r: p.name for r, p in zip(INPUT_NAMES, free[:count])}, INPUT_NAMES[:count]

    @property
    def takes_reference(self) -> bool:
        return len(self.passes) == 4

    def setting(self, name: str):
        """The value a keyword `name` gets: from --kw, else the parameter's default, else None."""
        if name in self.kw:
            return self.kw[name]
        param = next((p for p in self._parameters() if p.name == name), None)
        return None if param is None or param.default is param.empty else param.default

    def describe(self) -> str:
        """How it is called, for the report: which parameter gets what, and the keywords."""
        args = [f"{v}={r}" if isinstance(v, str) and v != r else r for r, v in self.bindings.items()]
        args += [f"{p}=<{w}_chosen_logps, {w}_rejected_logps>" for w, p in self.pair_params.items()]
        args += [f"{k}={v!r}" for k, v in self.kw.items()]
        head = {"method": f"{self.target.label.split(':')[-1]}(self=<stand-in>, ",
                "class": f"{self.target.label.split(':')[-1]}({', '.join(f'{k}={v!r}' for k, v in (self.init or {}).items())})("
                }.get(self.target.kind, f"{self.target.label.split(':')[-1]}(")
        return head + ", ".join(args) + ")"

    def function(self):
        """The callable itself (a method bound to its stand-in; a loss class constructed once)."""
        if self._callable is None:
            t = self.target
            if t.kind == "method":
                name = t.label.split(":")[-1].split(".")[-1]
                obj = stand_in(t.owner, name, resolve(self.self_values or {}, {}, 0))
                self._callable = t.obj.__get__(obj)
            elif t.kind == "class":
                self._callable = t.obj(**resolve(self.init or {}, {}, 0))
            else:
                self._callable = t.obj
        return self._callable

    def arguments(self, tensors: tuple) -> tuple[tuple, dict]:
        """(positional, keyword) arguments for one call with the probe's four tensors."""
        by_role = dict(zip(INPUT_NAMES, tensors))
        pairs = tensors[0].shape[0]
        positional = [by_role[r] for r, v in sorted(self.bindings.items(), key=lambda rv: str(rv[1]))
                      if isinstance(v, int)]
        keywords = {v: by_role[r] for r, v in self.bindings.items() if isinstance(v, str)}
        for which, param in self.pair_params.items():  # objects with .chosen_logps / .rejected_logps
            keywords[param] = types.SimpleNamespace(chosen_logps=by_role[f"{which}_chosen_logps"],
                                                    rejected_logps=by_role[f"{which}_rejected_logps"])
        keywords.update(resolve(self.kw, by_role, pairs))
        return tuple(positional), keywords
