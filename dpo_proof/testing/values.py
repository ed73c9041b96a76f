"""Values given on the command line (`--self beta=0.1`, `--init label_smoothing=0`,
`--kw reference_free=true`, `--param beta=0.1`), read as data: never eval'd.

A value is JSON where it looks like JSON (numbers, true/false/null, "strings", [lists], {objects}),
None/True/False as Python spells them, `@NAME` for something the checker supplies (the probe's
tensors, the number of pairs, a torch dtype), and otherwise the text itself as a string
(`loss_type=ipo`). A dotted key sets a nested attribute: `args.discopop_tau=0.05` makes
`self.args.discopop_tau`.
"""
from __future__ import annotations

import json
import re
import types
from dataclasses import dataclass

from ..report import UsageError

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|nan)", re.I)
_PYTHON = {"None": None, "True": True, "False": False}

#: `@NAME` values: what each names (the checker fills them in per probe).
REFERENCES = {
    "policy_chosen_logps": "the probe's policy chosen log-probs",
    "policy_rejected_logps": "the probe's policy rejected log-probs",
    "reference_chosen_logps": "the probe's reference chosen log-probs",
    "reference_rejected_logps": "the probe's reference rejected log-probs",
    "concatenated": "chosen and rejected policy log-probs stacked, shape (2*pairs,) (a concatenated batch)",
    "pairs": "the number of pairs",
}
_DTYPES = ("float64", "float32", "float16", "bfloat16")


class Nested(dict):
    """Attributes set through dotted keys (`args.tau=1`): an object, where a JSON {...} stays a dict."""


@dataclass(frozen=True)
class Reference:
    """`@NAME`: filled in by the checker (a tensor of the probe, its size, or a torch dtype)."""

    name: str

    def resolve(self, tensors: dict, pairs: int):
        import torch

        if self.name == "pairs":
            return pairs
        if self.name.startswith("torch."):
            return getattr(torch, self.name[6:])
        if self.name == "concatenated":
            return torch.cat([tensors["policy_chosen_logps"], tensors["policy_rejected_logps"]]).detach()
        return tensors[self.name]


def parse_value(text: str, where: str = "value"):
    """The value `text` stands for; a malformed JSON-looking value is a UsageError naming `where`."""
    t = text.strip()
    if t in _PYTHON:
        return _PYTHON[t]
    if t.startswith("@"):
        name = t[1:]
        if name in REFERENCES or name in (f"torch.{d}" for d in _DTYPES):
            return Reference(name)
        known = ", ".join(f"@{k}" for k in REFERENCES) + ", @torch." + ", @torch.".join(_DTYPES)
        raise UsageError(f"{where}: {t!r} is not something the checker supplies; known: {known}")
    if _NUMBER.fullmatch(t) or t in ("true", "false", "null") or t[:1] in "[{\"":
        try:
            return json.loads(t, parse_constant=float)
        except ValueError:
            if _NUMBER.fullmatch(t):
                return float(t)
            raise UsageError(f"{where}: {t!r} looks like JSON but is not valid JSON") from None
    return t


def parse_assignments(items, flag: str) -> dict:
    """['a=1', 'b.c=x'] -> {'a': 1, 'b': {'c': 'x'}}; a bad item is a UsageError naming the flag."""
    out: dict = {}
    for item in items or ():
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"{flag} {item!r}: expected NAME=VALUE, e.g. {flag} beta=0.1")
        parts = key.split(".")
        if not all(p.isidentifier() for p in parts):
            raise UsageError(f"{flag} {item!r}: {key!r} is not a (dotted) Python name")
        node = out
        for p in parts[:-1]:
            node = node.setdefault(p, Nested())
            if not isinstance(node, Nested):
                raise UsageError(f"{flag} {item!r}: {p!r} is already set to a value")
        node[parts[-1]] = parse_value(text, f"{flag} {item}")
    return out


class AttrDict(dict):
    """A dict whose keys are also attributes: `self.args.tau` and `self.params["tau"]` both work."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"no attribute {name!r} (set: {', '.join(self) or 'nothing'})") from None


def namespace(values: dict) -> types.SimpleNamespace:
    """Nested values (dotted keys, JSON objects, dicts from Python) read as attributes and as items."""
    def wrap(v):
        return AttrDict({k: wrap(x) for k, x in v.items()}) if isinstance(v, dict) else v
    return types.SimpleNamespace(**{k: wrap(v) for k, v in values.items()})


def resolve(value, tensors: dict, pairs: int):
    """`value` with every @reference filled in (inside lists, dicts and namespaces too)."""
    if isinstance(value, Reference):
        return value.resolve(tensors, pairs)
    if isinstance(value, list):
        return [resolve(v, tensors, pairs) for v in value]
    if isinstance(value, dict):
        return type(value)({k: resolve(v, tensors, pairs) for k, v in value.items()})
    return value


def is_truthy_flag(values: dict, name: str) -> bool:
    """True where `name` (at any depth) is set to a true value, e.g. reference_free=true."""
    for key, value in values.items():
        if key == name and value is True:
            return True
        if isinstance(value, dict) and is_truthy_flag(value, name):
            return True
    return False


def to_wire(value):
    """`value` as plain JSON for a child process: @references and dotted nodes kept recognisable."""
    if isinstance(value, Reference):
        return {"@reference": value.name}
    if isinstance(value, Nested):
        return {"@nested": {k: to_wire(v) for k, v in value.items()}}
    if isinstance(value, dict):
        return {k: to_wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_wire(v) for v in value]
    return value


def from_wire(value):
    """The inverse of to_wire."""
    if isinstance(value, dict):
        if set(value) == {"@reference"}:
            return Reference(value["@reference"])
        if set(value) == {"@nested"}:
            return Nested({k: from_wire(v) for k, v in value["@nested"].items()})
        return {k: from_wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_wire(v) for v in value]
    return value
