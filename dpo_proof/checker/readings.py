r"""Standard readings of names a text uses but never defines.

`\mathcal{L}_{DPO}` is the DPO loss (1) of one pair, $-\log\sigma(\delta)$; `r_\theta(x, y)` and
`\hat{r}_\theta(x, y)` are the implicit reward $\beta \log \pi_\theta(y|x)/\pi_{ref}(y|x)$; a margin
letter (u, δ, Δ, z, h, m) in a text whose DPO loss is known is that loss's margin δ; `r_w`, `r_l`
in a line that writes the reward r_φ at y_w, y_l are those values (tried first, alone); `Z(x)` is the
partition function of the reward, and `r^*` the reward whose optimal policy is π* (these two only
ever confirm a line: the text may mean another normaliser). A reading is
a fallback (steps.py): it is used only where a line cannot be judged without it (some value of the
name makes the line hold and another does not), and the message says how the name was read.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property

import sympy as sp
from sympy.core.function import AppliedUndef

from ..limits import Timeout, deadline
from . import latex
from .compare import Judgement, judge
from .freenames import is_reward
from .known import winner_loser_of
from .names import param_symbol
from .symbols import Definition
from .values import Value
from .names import display_name
from .parsing import LatexError, parse_tree

# a text that trains its own reward model r_θ (a loss of it): there r_θ is that model, not β log π_θ/π_ref
REWARD_MODEL_RE = re.compile(r"_\s*\{?\s*(\\(text|mathrm|rm)\s*\{\s*)?RM\b|\bRM\s+(loss|Loss)|reward[ -]model loss"
                             r"|奖励模型(的)?(损失|训练)|報酬モデルの(損失|学習)|보상\s*모델\s*(손실|학습)")
SAMPLE_INDEX_RE = re.compile(r"(pi_|piref_|pistar_)y_([a-z+\-]+)_([ijn])")  # π(y_{w_i}|x): sample i
LOSS_RE = re.compile(r"^(mathcal\(L\)|mathscr\(L\)|L|ell|l|hat\(L\))_\w*(DPO|dpo)")
MARGIN_KEYS = ("u", "delta", "Delta", "z", "h", "m")
RESPONSE_REWARDS = ("r_w", "r_l", "r_c", "r_r", "r_1", "r_2")  # the reward at a response of the pair
REWARD = r"\beta \log \frac{{\pi_{{{p}}}(y \mid x)}}{{\pi_{{ref}}(y \mid x)}}"
# r*: the reward whose optimal policy is π* (Z cancels wherever r* enters as a difference)
OPTIMAL_REWARD = r"\beta \log \frac{\pi^{*}(y \mid x)}{\pi_{ref}(y \mid x)} + \beta \log Z^{*}(x)"
MARGIN = (r"\beta \log \frac{{\pi_{{{p}}}({w} \mid x)}}{{\pi_{{ref}}({w} \mid x)}} - "
          r"\beta \log \frac{{\pi_{{{p}}}({l} \mid x)}}{{\pi_{{ref}}({l} \mid x)}}")


PARTITION = r"\sum_{{y}} \pi_{{ref}}(y \mid x) \exp\left(\frac{{1}}{{\beta}} {r}(x, y)\right)"


def readings(names, param: str, pair: tuple[str, str] | None, margin_known: bool,
             reward: str = "r") -> dict[str, tuple]:
    """key -> (Definition, how it is read, whether it may only confirm) for the undefined `names` that have a
    standard reading; `pair` is (winner, loser) as keys (y_w, y_l), `margin_known` whether the
    text defines the DPO loss or margin (only then is a bare u the margin)."""
    out = {}
    w, l = (_latex(k) for k in (pair or ("y_w", "y_l")))
    margin = MARGIN.format(p=param, w=w, l=l)
    candidates = {
        f"r_{param}": (["x", "y"], REWARD.format(p=param), "the implicit reward β log π_θ(y|x)/π_ref(y|x)"),
        f"hat(r)_{param}": (["x", "y"], REWARD.format(p=param), "the implicit reward β log π_θ(y|x)/π_ref(y|x)"),
        "hat(r)": (["x", "y"], REWARD.format(p=param), "the implicit reward β log π_θ(y|x)/π_ref(y|x)"),
    }
    if pair is not None:
        loss = rf"-\log \sigma\left({margin}\right)"
        for name in names:
            for key in _loss_keys(name):
                candidates[key] = ([], loss, f"the DPO loss of one pair, −log σ(δ) with δ = {_words(pair)}")
        if margin_known:
            for key in MARGIN_KEYS:
                candidates[key] = ([], margin, f"the DPO margin δ = {_words(pair)}")
    for response in pair or ("y_w", "y_l"):  # r_w, r_l: the text's reward at y_w, at y_l ("the two rewards")
        if "_" in response and "^" not in response:
            body = f"{_latex(reward)}(x, {_latex(response)})"
            what = f"the reward of {display_name(response)}, {display_name(reward)}(x, {display_name(response)})"
            candidates[f"r_{response.partition('_')[2]}"] = ([], body, what)
    confirm_only = {"r^*", "Z"}  # readings that can only confirm a line, never refute it
    candidates["Z"] = (["x"], PARTITION.format(r=_latex(reward)),
                       f"the partition function Σ_y π_ref(y|x) exp({display_name(reward)}(x, y)/β)")
    candidates["r^*"] = (["x", "y"], OPTIMAL_REWARD,
                         "the reward whose optimal policy is π*: β log π*(y|x)/π_ref(y|x) + β log Z(x)")
    for key, (params, body, what) in candidates.items():
        if display_name(key) not in names and key not in names:
            continue
        try:
            tree = parse_tree(body)
        except LatexError:  # a response name the grammar cannot take back: no reading
            continue
        out[key] = (Definition(key, params, tree, 0, head=display_name(key)),
                    f"`{display_name(key)}` is never defined in this text: read as {what}", key in confirm_only)
    return out


def _loss_keys(name: str) -> list[str]:
    """The keys a display name such as L_DPO or ℓ_DPO may stand for (`\\mathcal{L}_{DPO}`, `L_{DPO}`)."""
    sub = name.partition("_")[2]
    keys = [name] if LOSS_RE.match(name) else []
    keys += [f"{base}_{sub}" for base in ("mathcal(L)", "L", "ell", "l", "mathscr(L)", "hat(L)")
             if display_name(f"{base}_{sub}") == name and LOSS_RE.match(f"{base}_{sub}")]
    return keys


def _latex(key: str) -> str:
    """y_w -> y_{w}, y^+ -> y^{+}."""
    base, _, sub = key.partition("_")
    base, _, sup = base.partition("^")
    return base + (f"^{{{sup}}}" if sup else "") + (f"_{{{sub}}}" if sub else "")


def _words(pair: tuple[str, str]) -> str:
    w, l = (display_name(k) for k in pair)
    return f"r̂(x, {w}) − r̂(x, {l})"


class Readings:
    """Methods of steps.StepJudge that judge a line again with readings in place (it holds `table`,
    `known`, `time_limit`)."""

    @cached_property
    def _trains_reward_model(self) -> bool:
        """Does the text train a reward model of its own (an RM loss)? Searched once per file."""
        return REWARD_MODEL_RE.search(self.text) is not None

    def _per_pair(self, left: Value, right: Value) -> Judgement | None:
        """`π_θ(y_{w_i}|x)` with no sum over i: the i-th sample's y_w. Every claim is checked per
        preference pair, so the index is read away; only when the line then holds, and said."""
        mapping, said = {}, set()
        for side in (left, right):
            for expr in side.pair:
                if expr.atoms(sp.Sum):
                    return None
                for atom in expr.atoms(AppliedUndef, sp.Symbol):
                    name = type(atom).__name__ if isinstance(atom, AppliedUndef) else atom.name
                    m = SAMPLE_INDEX_RE.fullmatch(name)
                    if m is None:
                        continue
                    plain = f"{m.group(1)}y_{m.group(2)}"
                    mapping[atom] = (sp.Function(plain, positive=True)(*atom.args) if isinstance(atom, AppliedUndef)
                                     else sp.Symbol(plain, **atom.assumptions0))
                    said.add(f"y_{{{m.group(2)}_{m.group(3)}}} read as y_{m.group(2)}")
        if not mapping:
            return None
        pair = [tuple(e.xreplace(mapping) for e in side.pair) for side in (left, right)]
        verdict = judge(pair[0], pair[1], param_symbol(self.table.default_param), self.table.defined_functions(),
                        self.time_limit)
        if not verdict.holds:
            return None
        verdict.message = (f"{', '.join(sorted(said))} (an index of the sample; every claim is checked per "
                           f"preference pair): {verdict.message}")
        return verdict

    def _as_written(self, eq, right, shadow) -> Judgement | None:
        """The display as it stands, where the prose before it speaks of a derivative: a true verdict, when
        the line holds so (a function restated before its derivative is taken), else None."""
        plain = self._value(replace(eq.sides[0], reading=None), eq, report=False, shadow=shadow)
        again = self._judge(plain, right) if isinstance(plain, Value) else None
        if again is None or not again.holds:
            return None
        return Judgement(again.verdict, "read as written: the text before it speaks of a derivative, but the line "
                         f"holds as it stands (the function itself, before its derivative): {again.message}")

    def _judge_read(self, left: Value, right: Value, said: str, _confirm_only: bool = False,
                    notes: bool = True) -> Judgement | None:
        """The verdict with standard readings of undefined names in place (None: still undecided)."""
        param = param_symbol(self.table.default_param)
        verdict = judge(left.pair, right.pair, param, self.table.defined_functions(), self.time_limit)
        if verdict.decided is None:
            return None
        verdict.message = f"{said}: {verdict.message}"
        return self._on_wrong_definitions(verdict, left, right) if notes else verdict

    def _install_readings(self, left: Value, right: Value, names, rewards_only: bool = False):
        """(left, right, what was said) with the standard readings of `names` (readings.py) put in
        the symbol table; None where no name has one or the sides cannot be built again. With
        `rewards_only`, only r_w, r_l read as the rewards the line writes at y_w, y_l; without, the others."""
        pair = winner_loser_of([left.full, right.full]) or next(
            (k.responses for k in self.known.values() if k.responses), None)
        roles = {k.role for k in self.known.values()}  # a bare u is the margin of a loss whose margin has no name
        margin_known = "loss" in roles and "margin" not in roles
        rewards = sorted({type(f).__name__ for side in (left, right) for f in side.full.atoms(AppliedUndef)
                          if is_reward(f)})
        reward = next((k for k in ("r", "r^*", "r_phi", "r_psi", "R") if [display_name(k)] == rewards), "r")
        # the text's own h_π(x, y_w, y_l) for a bare h before the standard margin: the text's quantity first
        found = {**readings(names, self.table.default_param, pair, margin_known, reward), **self._short_names(names)}
        written = {str(f.args[-1]) for side in (left, right) for f in side.full.atoms(AppliedUndef)
                   if is_reward(f) and f.args}  # r_w is r(x, y_w) only where the line writes r at y_w
        found = {k: v for k, v in found.items() if k not in RESPONSE_REWARDS or f"y_{k[2:]}" in written}
        # the rewards alone (r_φ itself stays any reward: a slip in r_w then refutes), or every other reading
        found = {k: v for k, v in found.items() if (k in RESPONSE_REWARDS) == rewards_only}
        if not found or any(key in self.table.definitions for key in found):
            return None
        if self._trains_reward_model:  # r_θ may be the text's reward model: the reading only confirms
            found = {k: (d, said, confirm or k.split("_")[0] == "r" and k not in RESPONSE_REWARDS)
                     for k, (d, said, confirm) in found.items()}  # r_w: that model's value at y_w, refutes
        if getattr(self, "_saved_definitions", None) is None:
            self._saved_definitions = dict(self.table.definitions)
        self.table.definitions = {**self.table.definitions, **{key: d for key, (d, _, _) in found.items()}}
        self.table.clear_cache()
        sides = [self._rebuild(v) for v in (left, right)]
        said = "; ".join(dict.fromkeys(said for _, said, _ in found.values()))
        return None if None in sides else (*sides, said, any(c for _, _, c in found.values()))

    def _short_names(self, names) -> dict:
        r"""`J` in a text that defines only `J_{softmax-CE}`, `\mathcal{L}` where `\mathcal{L}_{DPO}` is the
        last of the `\mathcal{L}_…` defined before the line: read as that one (a reading that may only
        confirm a line: the text may mean another J)."""
        out = {}
        here = self.table.offset
        for name in names:
            if "_" in name or "^" in name:
                continue
            same = [(k, d) for k, d in self.table.definitions.items()
                    if "_" in k and name in (k.partition("_")[0], display_name(k.partition("_")[0]))]
            before = [(k, d) for k, d in same if d.at < here]
            if len(same) != 1 and not before:
                continue
            key, d = same[0] if len(same) == 1 else max(before, key=lambda kd: kd[1].at)
            which = "the one" if len(same) == 1 else "the last"
            where = "" if len(same) == 1 else " before this line"
            written = display_name(name)
            base = key.partition("_")[0]
            out[base] = (Definition(base, d.params, d.tree, d.line, head=written, at=d.at),
                        f"`{written}` is never defined in this text: read as `{d.head}` (line {d.line}), "
                        f"{which} {written}_… it defines{where}", True)
        return out

    def drop_readings(self) -> None:
        """Take the readings of the claim just judged out of the symbol table."""
        saved = getattr(self, "_saved_definitions", None)
        if saved is not None:
            self.table.definitions, self._saved_definitions = saved, None
            self.table.clear_cache()

    def _rebuild(self, value: Value) -> Value | None:
        """A side built again from its parse tree (with what the symbol table now holds)."""
        self.table.used, self.table.notes = set(), []
        try:
            with deadline(self.time_limit):
                full = latex.ToSympy(self.table).convert(value.tree)
                try:
                    opaque = latex.ToSympy(self.table, opaque=True).convert(value.tree)
                except latex.LatexError:
                    opaque = full
        except (latex.LatexError, Timeout):
            return None
        return Value(full, opaque, value.tree, frozenset(self.table.used) | value.used,
                     value.notes + tuple(self.table.notes), value.source)
