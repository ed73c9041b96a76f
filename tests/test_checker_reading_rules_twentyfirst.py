"""Absolute values and norms of expressions, found on the twenty-first round of derivations written
by others (ridge and L2 penalties, continuity proofs, the stable log-sigmoid): `|g(z) - g(c)|`,
`\\left| … \\right|`, `\\lvert … \\rvert`, `\\|X\\theta - y\\|^2`, `\\|w\\|_2^2`. A bar alone in its bracket
stays a conditional's or a divergence's (π(y|x), D(p \\| q), KL(P||Q)). Each planted error is caught.
"""
from __future__ import annotations

from test_checker_reading_rules import verdicts  # the same generous time limit, verdicts by line
from test_checker_reading_rules_others import proved_and_planted_refuted


def test_the_absolute_value_of_an_expression_is_read():
    proved_and_planted_refuted(r"$$|x - 1| = |1 - x|$$" "\n", 1, "|1 - x|", "1 - x")
    proved_and_planted_refuted(r"$$\left| \sigma(a) - \sigma(b) \right| = \left| \sigma(b) - \sigma(a) \right|$$" "\n",
                               1, r"\left| \sigma(b) - \sigma(a) \right|", r"\sigma(b) - \sigma(a)")
    proved_and_planted_refuted(r"$$\lvert -2x \rvert = 2\lvert x \rvert$$" "\n", 1, r"2\lvert x \rvert", "2x")


def test_a_norm_is_read_as_the_absolute_value_of_a_scalar():
    proved_and_planted_refuted(r"$$\frac{1}{2}\|X\theta - y\|^2 = \frac{1}{2}(X\theta - y)^2$$" "\n", 1,
                               r"\frac{1}{2}(X\theta - y)^2", r"\frac{1}{2}(X\theta + y)^2")
    proved_and_planted_refuted(r"$$\lambda \|w\|_2^2 = \lambda w^2$$" "\n", 1, r"\lambda w^2", r"2\lambda w")
    proved_and_planted_refuted(r"$$\left\| 2w \right\|^2 = 4w^2$$" "\n", 1, "4w^2", "2w^2")


def test_a_bar_alone_in_its_bracket_is_not_an_absolute_value():
    assert verdicts(r"$$D_{KL}(p \| q) = D_{KL}(p \| q)$$" "\n")[1] == ["proved"]
    assert verdicts(r"$$KL(P||Q) = KL(P||Q)$$" "\n")[1] == ["proved"]
    assert verdicts(r"$$\pi_\theta(y|x)\,\pi_\theta(y|x) = \pi_\theta(y|x)^2$$" "\n")[1] == ["proved"]
    # the length of a response stays a length
    assert verdicts(r"$$\frac{1}{\lvert y \rvert}\log\pi_\theta(y|x) = \frac{\log\pi_\theta(y|x)}{|y|}$$" "\n")[1] == ["proved"]
