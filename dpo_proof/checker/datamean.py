r"""A loss said again over the data in another normalisation: a new definition, not a claim.

Notes define $\mathcal{L} = -\mathbb{E}_{(x, y_w, y_l) \sim D}[\log\sigma(\dots)]$ and later write
the loss they train, $\mathcal{L} = -\sum_{i=1}^N \log\sigma(\dots)$ or $-\frac{1}{N}\sum_i$: the
same summand, summed or averaged over the pairs. Those differ by the factor N (or agree only in
expectation), so checked as a claim the line is refuted for nothing; it is the empirical loss,
defined there.
"""
from __future__ import annotations

import re

GROUP = r"(?:\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}|\\?[A-Za-z0-9])"
AGGREGATE_RE = re.compile(  # E_{(x, y) ∼ D}, 1/N, Σ_{i=1}^N, Σ_{(x, y_w, y_l) ∈ D}
    rf"\\mathbb\s*\{{\s*E\s*\}}\s*(?:_\s*{GROUP})?|\\mathbb\s*E\s*(?:_\s*{GROUP})?|\\operatorname\s*\{{\s*E\s*\}}\s*(?:_\s*{GROUP})?"
    rf"|\bE\s*_\s*{GROUP}|\\frac\s*\{{\s*1\s*\}}\s*{GROUP}|\\frac\s*1\s*{GROUP}|\\sum\s*(?:_\s*{GROUP})?(?:\s*\^\s*{GROUP})?")
DATA_INDEX_RE = re.compile(r"\^\s*\{\s*\(\s*[ijkn]\s*\)\s*\}|\^\s*\(\s*[ijkn]\s*\)|[_^]\s*\{\s*[ijkn]\s*\}|[_^]\s*[ijkn](?![A-Za-z])")
LAYOUT_RE = re.compile(r"\\(left|right|big|Big|bigg|Bigg)(?![A-Za-z])|\\[,;:!]|\\q?quad(?![A-Za-z])|[\s\[\]().,{}]|\\[{}]")


def _summand(text: str) -> tuple[str, tuple[str, ...]]:
    """(the text with the aggregates over the data and their indices taken out, the aggregates)."""
    aggregates = tuple(re.sub(r"\s+", "", m.group(0)) for m in AGGREGATE_RE.finditer(text))
    rest = DATA_INDEX_RE.sub("", AGGREGATE_RE.sub(" ", text))
    return LAYOUT_RE.sub("", rest), aggregates


def _over_the_data(aggregate: str) -> str | None:
    """mean (𝔼 over the data), scale (1/N) or sum (over i = 1 … N, or over the pairs of D); None for
    a sum over something else (Σ_y, over the responses)."""
    if aggregate.startswith("\\frac"):
        return "scale"
    if not aggregate.startswith("\\sum"):
        return "mean"
    over = aggregate[len("\\sum"):]
    return "sum" if re.match(r"_\{?[ijkn]=", over) or re.search(r"(\\in|\\sim|∈|∼).*D", over) else None


def renormalised(first: str, again: str) -> bool:
    """Do the two bodies aggregate one summand over the data in different ways (mean, sum, 1/N)?"""
    summand_first, over_first = _summand(first)
    summand_again, over_again = _summand(again)
    kinds = [[_over_the_data(a) for a in over] for over in (over_first, over_again)]
    return bool(over_first and over_again and None not in kinds[0] + kinds[1] and kinds[0] != kinds[1]
                and len(summand_first) > 3 and summand_first == summand_again)


DRAW_RE = re.compile(r"(?:\\mathbb\s*\{\s*E\s*\}|\\mathbb\s*E|\\operatorname\s*\{\s*E\s*\}|\bE)\s*_\s*\{([^{}]*?)\\sim")


def other_draws(first: str, again: str) -> bool:
    r"""Do the two bodies average over other draws from the data (`(x, y_w, y_l) \sim D`, then
    `\tau, y_1, …, y_K, x \sim D`)? Then the second is the loss of another model (Plackett–Luce over K
    responses after Bradley–Terry over pairs), a new definition under the same name."""
    draws = [DRAW_RE.search(text) for text in (first, again)]
    if None in draws:
        return False
    names = [frozenset(n for n in re.split(r"[\s,()]+|\\[lc]?dots|\.\.\.|…", d.group(1)) if n) for d in draws]
    return bool(names[0] and names[1]) and names[0] != names[1]
