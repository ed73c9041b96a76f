"""A name given another formula inline, after words that give it one ("KL uses $f(x) = -\\log x$", "now
with $g(z) = \\tanh(z)$"): a new definition, used by the lines after it, not a restatement refuted
against the first. The same formula after a word that recalls ("Recall $g(z) = …$") is still checked.
"""
from __future__ import annotations

from test_checker_reading_rules import verdicts

TEXT = (r"The sigmoid is $g(z) = \frac{1}{1+e^{-z}}$." "\n\n"
        r"Its derivative is $g'(z) = g(z)(1 - g(z))$." "\n\n"
        r"Now with $g(z) = \tanh(z)$ the derivative is $g'(z) = 1 - g(z)^2$." "\n")


def test_a_formula_given_after_with_defines_the_name_anew():
    assert verdicts(TEXT)[5] == ["definition", "proved"]  # g′ of tanh, not of the sigmoid
    assert verdicts(TEXT.replace("= 1 - g(z)^2$", "= 1 + g(z)^2$"))[5] == ["definition", "refuted"]


def test_a_formula_recalled_wrongly_is_still_refuted():
    assert verdicts(TEXT.replace("Now with $g(z)", "Recall $g(z)"))[5][0] == "refuted"
