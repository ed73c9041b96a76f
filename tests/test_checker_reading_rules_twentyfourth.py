"""Readings found on the twenty-fourth round: Leibniz notation written with a slash (`dL/dz`,
`d\\log\\sigma(u)/du`), as inline math in notes and SimPO/reward-model write-ups has it. Each rule is
shown on a minimal text, and each planted error is still caught.
"""
from __future__ import annotations

import pytest

from dpo_proof.checker.parsing import parse_tree
from test_checker_reading_rules import verdicts
from test_checker_reading_rules_others import proved_and_planted_refuted

LOSS = r"Let $L = -\log\sigma(z)$ and $z = \beta h$." "\n\n"


@pytest.mark.parametrize("line, right, wrong", [
    (r"$d\log\sigma(u)/du = \sigma(-u)$", r"\sigma(-u)$", r"\sigma(u)$"),              # σ(δ) for σ(−δ)
    (r"$-\,d\log\sigma(u_\gamma)/du_\gamma = -\sigma(-u_\gamma)$", r"= -\sigma", r"= \sigma"),  # the sign lost
    (r"$d\sigma/du = \sigma(u)(1 - \sigma(u))$", r"(1 - \sigma(u))", r"(1 + \sigma(u))"),
    (r"$\beta\, d\log\sigma(u)/du = \beta\sigma(-u)$", r"\beta\sigma(-u)$", r"\sigma(-u)$"),  # β dropped
])
def test_a_derivative_written_with_a_slash_is_a_derivative(line, right, wrong):
    # before, d·log σ(u)/(d·u) was read as a quotient, log σ(u)/u, and a correct line was refuted
    proved_and_planted_refuted(line + "\n", 1, right, wrong)


def test_a_slash_derivative_of_a_defined_name_differentiates_its_definition():
    text = LOSS + r"$$dL/dz = -\sigma(-z)$$" "\n"
    proved_and_planted_refuted(text, 3, r"-\sigma(-z)", r"-\sigma(z)")


def test_a_chain_of_slash_derivatives_is_the_chain_rule():
    for product in (r"dL/dz \cdot dz/dh", r"dL/dz\, dz/dh"):
        text = LOSS + rf"$$dL/dh = {product} = -\beta\sigma(-z)$$" "\n"
        by = verdicts(text)
        assert by[3] == ["proved", "proved"], product
        assert verdicts(text.replace(r"-\beta\sigma(-z)", r"-\sigma(-z)"))[3][-1] == "refuted"


@pytest.mark.parametrize("source", [r"a/b", r"x/dz", r"dz/2", r"d/dz", r"(a + d)/(d + z)"])
def test_a_quotient_that_is_no_derivative_stays_a_quotient(source):
    assert "leibniz" not in str(parse_tree(source))


def test_a_slash_derivative_reads_as_the_fraction_does():
    slash, fraction = parse_tree(r"dL/dz"), parse_tree(r"\frac{dL}{dz}")
    assert slash.data == fraction.data == "leibniz"
    assert [str(slash.children[i].children[0]) for i in (1, 3)] == \
        [str(fraction.children[i].children[0]) for i in (1, 3)] == ["L", "z"]
    assert parse_tree(r"-d\sigma/du").data == "neg"


@pytest.mark.parametrize("derivative", [r"d\sigma^{-1}/dz", r"\frac{d\sigma^{-1}}{dz}"])
def test_the_derivative_of_the_inverse_sigmoid_is_the_logits(derivative):
    # before, σ^{-1} in a Leibniz numerator was read as σ, so 1/(z(1 − z)) was refuted
    text = rf"$${derivative} = \frac{{1}}{{z(1-z)}}$$" "\n"
    # planted: the reciprocal of σ′ (a slip seen in the wild), refuted
    proved_and_planted_refuted(text, 1, r"\frac{1}{z(1-z)}", r"\frac{1}{\sigma(z)(1-\sigma(z))}")
