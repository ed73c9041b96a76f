"""Series summed to a closed form: sympy sums a geometric series only where it converges (|λ| < 1) and
keeps the sum elsewhere; a writer who gives the closed form means it there (symbolic/sums.py). The
lower bound may be a name (`n = k + 1`), as in the weights of generalised advantage estimation.
"""
from __future__ import annotations

import pytest

from test_checker_reading_rules_others import proved_and_planted_refuted


@pytest.mark.parametrize("line, right, wrong", [
    # before, sympy's Piecewise reached the screen and the line was skipped (ValueError)
    (r"$$\sum_{n=0}^{\infty}\lambda^{n} = \frac{1}{1-\lambda}$$", r"{1-\lambda}", r"{1+\lambda}"),
    (r"$$\sum_{n=1}^{\infty}\lambda^{n-1} = \frac{1}{1-\lambda}$$", r"\frac{1}{", r"\frac{\lambda}{"),
    # before, a lower bound that is no number made the sum one unknown value, and the line was refuted
    (r"$$\sum_{n=k+1}^{\infty}\lambda^{n-1} = \frac{\lambda^k}{1-\lambda}$$", r"\lambda^k}", r"\lambda^{k+1}}"),
    (r"$$\sum_{t=k}^{\infty}(\gamma\lambda)^{t-k} = \frac{1}{1-\gamma\lambda}$$", r"1-\gamma", r"1+\gamma"),
])
def test_a_geometric_series_equals_its_closed_form(line, right, wrong):
    proved_and_planted_refuted(line + "\n", 1, right, wrong)


def test_the_gae_weight_of_a_term_sums_to_a_power():
    # (1 − λ) γᵏ Σ_{n>k} λⁿ⁻¹ = (γλ)ᵏ: the weight of δ_{t+k} in the λ-return
    text = (r"$$(1-\lambda)\gamma^k\sum_{n=k+1}^{\infty}\lambda^{n-1} = (1-\lambda)\gamma^k\lambda^k"
            r"\left(\frac{1}{1-\lambda}\right) = (\gamma\lambda)^{k}$$" "\n")
    from test_checker_reading_rules import verdicts
    assert verdicts(text)[1] in (["proved", "proved"], ["proved", "numerically-true"])
    assert verdicts(text.replace(r"= (\gamma\lambda)^{k}", r"= \gamma^{k}"))[1][-1] == "refuted"
