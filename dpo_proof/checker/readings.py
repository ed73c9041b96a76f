r"""Standard readings of names a text uses but never defines.

`\mathcal{L}_{DPO}` is the DPO loss (1) of one pair, $-\log\sigma(\delta)$; `r_\theta(x, y)` and
`\hat{r}_\theta(x, y)` are the implicit reward $\beta \log \pi_\theta(y|x)/\pi_{ref}(y|x)$; a margin
letter (u, δ, Δ, z, h, m) in a text whose DPO loss is known is that loss's margin δ; `Z(x)` is the
partition function of the reward, and `r^*` the reward whose optimal policy is π* (these two only
ever confirm a line: the text may mean another normaliser). A reading is
a fallback (steps.py): it is used only where a line cannot be judged without it (some value of the
name makes the line hold and another does not), and the message says how the name was read.
"""
from __future__ import annotations

import re

from .symbols import Definition
from .names import display_name
from .parsing import LatexError, parse_tree

LOSS_RE = re.compile(r"^(mathcal\(L\)|mathscr\(L\)|L|ell|l|hat\(L\))_\w*(DPO|dpo)")
MARGIN_KEYS = ("u", "delta", "Delta", "z", "h", "m")
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
