"""A line that is no identity may follow from the equation before it (entail.py): the premise is solved
for a quantity both share. Each rule is shown on a minimal text with the error it prevents planted.
"""
from __future__ import annotations

from test_checker_reading_rules import verdicts

WRONG_ROW = r"$$\lambda\,\sigma(z) = -\lambda\,\sigma(z)$$" "\n\nso\n\n"


def test_a_wrong_row_that_holds_only_where_a_factor_is_zero_proves_nothing():
    # λσ(z) = −λσ(z) holds only at λ = 0, where every line with the factor λ holds too: the next wrong
    # row (σ(z) for σ(−z)) was reported as following from it
    by = verdicts(WRONG_ROW + r"$$\lambda\,\sigma(z) = \lambda\,\sigma(-z)$$" "\n")
    assert by[1] == ["refuted"]
    assert by[5] == ["refuted"]


def test_a_factor_the_writer_divides_by_is_not_what_the_premise_is_solved_for():
    text = r"$$2\eta\,\big(p - \sigma(u)\big) = 0$$" "\n\n" r"$$\sigma(u) = p$$" "\n"
    assert verdicts(text)[3] == ["proved"]  # from the other factor: p = σ(u)
    # η σ(u) = η σ(−u) holds at η = 0 whatever u is: it was reported as following from the premise
    planted = text.replace(r"\sigma(u) = p", r"\eta\,\sigma(u) = \eta\,\sigma(-u)")
    assert verdicts(planted)[3] == ["refuted"]


def test_a_root_that_makes_a_denominator_zero_is_no_solution():
    # sympy is asked for its roots unchecked (checking every one was most of the search's time), so
    # each root that makes a line hold is checked against the premise: x = 1 is no root of this one
    text = r"$$\frac{x^2 - 1}{x - 1} = 2$$" "\n\n" r"$$x^2 = 1$$" "\n"
    assert verdicts(text)[3] == ["refuted"]
    # a true root does carry the line: (x² − 1)/(x − 1) = x + 1 = 3 at x = 2
    assert verdicts(text.replace("= 2$$", "= 3$$").replace("x^2 = 1", "x^2 = 4"))[3] == ["proved"]
