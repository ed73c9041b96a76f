r"""π* read as what it stands for: the optimal policy of the reward the line names.

A text that never defines π* still means by it the optimum of the KL-regularised objective,
$\pi^*(y|x) = \pi_{ref}(y|x)\exp(r(x, y)/\beta) / Z(x)$ with $Z(x) = \sum_y \pi_{ref}(y|x)\exp(r(x, y)/\beta)$.
The checker keeps π* free (a positive constant in θ); a line such as
$r(x, y) = \beta\log\frac{\pi^*(y|x)}{\pi_{ref}(y|x)} + \beta\log Z(x)$ holds only for that π*.
This reading may only confirm a refuted line (steps.py): a line false with it stays refuted.
"""
from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef

from ..symbolic.notation import beta as BETA
from .freenames import is_reward
from .operators import rename_free, sum_over


def optimal_reading(sides, bare: bool = False) -> tuple[list, str] | None:
    """The sides (each an (expanded, opaque) pair) with every π*(y|x) the optimal policy of the one
    reward they name, and what was said; None where π* or a single reward is not there. With `bare`
    (the line writes π with no subscript: `r = β log π(y|x)/π_ref(y|x) + β log Z(x)`), the policy π(y|x)
    is read so too."""
    exprs = [e for pair in sides for e in pair]
    stars = {s for e in exprs for s in e.free_symbols if s.name.startswith("pistar_")}
    if bare:
        stars |= {f for e in exprs for f in e.atoms(AppliedUndef)
                  if type(f).__name__.startswith("pi_") and not e.atoms(sp.Derivative)}
    rewards = {f for e in exprs for f in e.atoms(AppliedUndef) if is_reward(f)}
    if not stars or len({type(f) for f in rewards}) != 1:
        return None
    any_reward = next(iter(rewards))
    y = sp.Symbol("y", real=True)
    at_y = any_reward.func(*[y if isinstance(a, sp.Symbol) and a.name.startswith("y") else a
                             for a in any_reward.args])
    weight = sp.Symbol("piref_y", positive=True) * sp.exp(at_y / BETA)
    policy = weight / sum_over("y", weight)
    mapping = {s: rename_free(policy, "y", _response(s)) for s in stars}
    name = type(any_reward).__name__
    said = (f"{'π' if bare else 'π*'} read as the optimal policy of `{name}`: π_ref(y|x) exp({name}(x, y)/β) / Z(x), "
            f"Z(x) = Σ_y π_ref(y|x) exp({name}(x, y)/β)")
    return [tuple(e.xreplace(mapping) for e in pair) for pair in sides], said


def _response(star) -> str:
    """The response of π*(y_w|x) (a symbol `pistar_y_w`) or of π(y_w|x) (a function `pi_y_w(θ)`)."""
    name = star.name if isinstance(star, sp.Symbol) else type(star).__name__
    return name.split("_", 1)[1]
