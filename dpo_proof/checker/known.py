r"""Known quantities, recognised up to renaming: the DPO loss (1), the margin δ, the implicit reward.

A definition whose value is the standard one (in the author's names: u, Δ, y_c/y_r) is
recognised and named. One that differs from it by a single catalogued slip (no log before
σ, the responses exchanged, no reference, …) is refuted on its own line with
that slip; later lines are judged against the author's definition and, where they hold only
with the standard one, against that, with a note (chain.py). A definition matching neither is
the author's own quantity (Z(x), a reward model's loss) and is left alone.

  margin  δ = β log π_θ(y_w|x)/π_ref(y_w|x) − β log π_θ(y_l|x)/π_ref(y_l|x)
  loss    ℓ = −log σ(δ)             (the expectation is linear and dropped, as everywhere)
  reward  r̂(y) = β log π_θ(y|x)/π_ref(y|x)
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp
from sympy.core.function import AppliedUndef

from ..catalogue import slip as catalogued
from ..catalogue.mutations import Context
from ..symbolic.notation import beta, policy, reference, sigma
from .diagnosis import Probe, author_latex, find_slip, repair, text_repair
from .names import display_name

TITLES = {"loss": "DPO loss −log σ(δ)", "margin": "DPO margin δ = r̂(x, y_w) − r̂(x, y_l)",
          "reward": "implicit reward β log π_θ(y|x)/π_ref(y|x)"}
SHORT = {"loss": "DPO loss", "margin": "DPO margin", "reward": "implicit reward"}
# Which names may stand for which quantity, and the single slips each definition is tested for.
NAMES = {
    "loss": re.compile(r"^(L|mathcal\(L\)|mathscr\(L\)|ell|l|hat\(L\))(_|$)|DPO|dpo|loss"),
    "margin": re.compile(r"^(delta|Delta|u|z|h|m|d|hat\(delta\)|hat\(Delta\))(_|$)|margin"),
    "reward": re.compile(r"^(r|R|hat\(r\)|tilde\(r\)|hat\(R\))(_|$)"),
}
# A definition one slip away is refuted only under a name that can mean nothing else: a bare u, z
# or h is the author's own quantity (the DPO paper's appendix defines u loser first on purpose).
SLIP_NAMES = dict(NAMES, margin=re.compile(r"^(delta|Delta|hat\(delta\)|hat\(Delta\))(_|$)|margin"))
SLIPS_OF = {
    "loss": ("missing-log", "winner-loser-swapped", "sign-lost"),
    "margin": ("winner-loser-swapped", "policy-swapped", "reference-missing", "beta-twice"),
    "reward": ("missing-log", "reference-missing", "beta-twice"),
}
MARGIN_SLIPS_IN_LOSS = ("reference-missing", "dropped-beta", "beta-twice", "policy-swapped")
SWAPS = ("winner-loser-swapped", "policy-swapped")  # need to know which response is the winner
WINNER = {"w", "c", "+", "1", "chosen", "pos", "win", "plus", "p", "a"}
LOSER = {"l", "r", "-", "2", "rejected", "neg", "lose", "minus", "n", "b"}


@dataclass
class Known:
    """A definition recognised as a known quantity, and how it differs from the standard one."""

    key: str
    name: str
    role: str
    line: int
    value: sp.Expr  # the author's value (expanded)
    canonical: sp.Expr
    responses: tuple | None
    slip: object = None  # catalogue Slip, or None when the definition is the standard one
    message: str = ""
    diagnosis: str = ""
    should_be: str = ""

    @property
    def title(self) -> str:
        return SHORT[self.role]


def _responses(value) -> list[str]:
    names = {type(f).__name__[3:] for f in value.atoms(AppliedUndef) if type(f).__name__.startswith("pi_")}
    names |= {s.name.split("_", 1)[1] for s in value.free_symbols if s.name.startswith(("piref_", "pistar_"))}
    return sorted(names)


def _marker(name: str) -> str:
    return re.sub(r"^y[_^]?|[{}\\]", "", name).split("_")[-1] if name.startswith("y") else name


def winner_loser(pair: list[str]) -> tuple[str, str] | None:
    """(winner, loser) from the names (y_w/y_l, y_c/y_r, y^+/y^-, y_1/y_2), else None."""
    a, b = pair
    ma, mb = _marker(a), _marker(b)
    if ma in WINNER and mb in LOSER:
        return a, b
    if mb in WINNER and ma in LOSER:
        return b, a
    return None


def winner_loser_of(exprs) -> tuple[str, str] | None:
    """(winner, loser) of the two responses the expressions speak of, when the names say which."""
    names = sorted({n for e in exprs for n in _responses(e)})
    return winner_loser(names) if len(names) == 2 else None


def _policy_of(value, response: str):
    """π_θ(y|x) as the author's value has it (its parameter), or π*(y|x)."""
    for f in value.atoms(AppliedUndef):
        if type(f).__name__.startswith("pi_"):
            return policy(response, f.args[0])
    return sp.Symbol(f"pistar_{response}", positive=True)


def margin_of(known: Known):
    """The standard margin between the two responses a known loss names, in its policy."""
    w, l = known.responses
    return _reward(known.value, w) - _reward(known.value, l)


def _reward(value, y):
    return beta * sp.log(_policy_of(value, y) / reference(y))


def check_definition(key: str, value, table, left_source: str = "") -> Known | None:
    """The known quantity `key = value.full` defines, and the slip if it is one away; else None.
    `value` is read with the standard form of any known quantity the text defined wrongly."""
    full = value.full
    responses = _responses(full)
    definition = table.definitions[key]
    probe = Probe()
    candidates = []
    if len(responses) == 2:
        order = winner_loser(responses)
        for w, l in ([order] if order else [tuple(responses), tuple(reversed(responses))]):
            margin = _reward(full, w) - _reward(full, l)
            candidates += [("margin", margin, (w, l) if order else None, margin),
                           ("loss", -sp.log(sigma(margin)), (w, l) if order else None, margin)]
    elif len(responses) == 1:
        candidates.append(("reward", _reward(full, responses[0]), None, None))
    for role, canonical, pair, margin in candidates:
        if probe.same(full, canonical):
            return Known(key, display_name(key), role, definition.line, full, canonical, pair)
    for role, canonical, pair, margin in candidates:
        if not SLIP_NAMES[role].search(key):
            continue
        ctx = Context(sigma=sigma, responses=pair)
        ids = [i for i in SLIPS_OF[role] if pair is not None or i not in SWAPS]
        found = find_slip(full, canonical, ctx, probe, [catalogued(i) for i in ids])
        if found is None and role == "loss":
            for s in (catalogued(i) for i in MARGIN_SLIPS_IN_LOSS if pair is not None or i not in SWAPS):
                if any(probe.same(full, -sp.log(sigma(m))) for m in s.mutations(margin, ctx)):
                    found = s
                    break
        if found is not None:
            return _wrong(Known(key, display_name(key), role, definition.line, full, canonical, pair, found),
                          value, table, ctx, probe, left_source or definition.head)
    return None


def _wrong(known: Known, value, table, ctx: Context, probe: Probe, left_source: str) -> Known:
    from .latex import ToSympy

    s = known.slip
    title = TITLES[known.role]
    known.diagnosis = f"this is the standard {title} with {s.title}"
    did = f" ({s.did})" if known.role != "reward" else ""
    known.message = (f"defines {known.name}, but {known.diagnosis}{did}; {s.advice}; later lines are judged "
                     f"with this definition and, where they hold only with the standard one, say so")
    fixed = text_repair(value.source, s.id, known.canonical, table, probe)
    if fixed is None:
        body = repair(value.opaque, known.canonical, ToSympy(table)._unfold, ctx, probe, s)
        fixed = author_latex(body if body is not None else known.canonical, table, value.source)
    head = re.sub(r"[\s&]+", " ", left_source).strip()
    known.should_be = f"{head} = {fixed}"
    return known


KL_NAME = re.compile(r"^(mathbb\(D\)|mathcal\(D\)|D|KL|mathrm\(KL\))(_(KL|mathrmKL|mathrm\(KL\)))?$")


def kl_written_as_log_ratio(key: str, value) -> str | None:
    r"""`\mathbb{D}_{KL} = \log \frac{\pi_\theta(y|x)}{\pi_{ref}(y|x)}`: the KL divergence defined as the
    log-ratio of one response, which is what it averages; the message (None when the definition
    is not that)."""
    if not KL_NAME.match(key) or key in ("D", "mathbb(D)", "mathcal(D)"):
        return None
    full = value.full
    names = _responses(full)
    if len(names) != 1 or full.atoms(sp.Sum) or any(type(f).__name__.startswith("Σ over")
                                                   for f in full.atoms(AppliedUndef)):
        return None
    y = names[0]
    ratio = sp.log(_policy_of(full, y) / reference(y))
    if not Probe().same(full, ratio):
        return None
    return (f"defines {display_name(key)}, but this is the log-ratio log π_θ({y}|x)/π_ref({y}|x) of one response; "
            f"the KL divergence is its expectation under π_θ: E_{{y∼π_θ}}[log π_θ(y|x)/π_ref(y|x)] = "
            f"Σ_y π_θ(y|x) log π_θ(y|x)/π_ref(y|x)")


# Prose saying the next quantity is maximised: its sign is the loss's negative, not a lost minus.
MAXIMISED_RE = re.compile(r"maximi[sz]|maximum|最大化|極大化|最大に|최대화|максимиз|maximiser|maximizar|maximieren", re.I)


def maximised_objective(found: Known | None, text: str, start: int) -> bool:
    """"The maximum-likelihood objective is L = E[log σ(δ)]": the DPO loss with its sign lost, said
    just before to be maximised, is the objective (the loss's negative), not a slip."""
    return found is not None and found.slip is not None and found.role == "loss" \
        and found.slip.id == "sign-lost" and MAXIMISED_RE.search(text, max(0, start - 160), start) is not None
