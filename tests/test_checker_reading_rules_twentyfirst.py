"""Absolute values and norms of expressions, found on the twenty-first round of derivations written
by others (ridge and L2 penalties, continuity proofs, the stable log-sigmoid): `|g(z) - g(c)|`,
`\\left| … \\right|`, `\\lvert … \\rvert`, `\\|X\\theta - y\\|^2`, `\\|w\\|_2^2`. A bar alone in its bracket
stays a conditional's or a divergence's (π(y|x), D(p \\| q), KL(P||Q)). Each planted error is caught.
"""
from __future__ import annotations

from test_checker_reading_rules import verdicts  # the same generous time limit, verdicts by line
from test_checker_reading_rules_others import proved_and_planted_refuted

from dpo_proof.checker.claims import check_text


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


def test_a_vector_beside_its_components_is_not_judged_as_a_number():
    # ‖w‖² = Σ_j w_j²: w is a vector; read as a number the line would be refuted
    assert verdicts(r"$$\|w\|_2^2 = \sum_j w_j^2$$" "\n")[1] == ["undefined"]
    # in components on both sides it is judged, and a slip there is refuted
    assert verdicts(r"$$\sum_j w_j^2 = \sum_j w_j w_j$$" "\n")[1] == ["proved"]
    assert verdicts(r"$$\sum_j w_j^2 = \sum_j 2 w_j$$" "\n")[1] == ["refuted"]
    # a name without its index inside the sum is the slip of a forgotten index, still refuted
    text = r"$$\hat{y} = \sigma(w x + b)$$" "\n\n" r"$$\sum_{i=1}^{n} \sigma(w x_i + b) = \sum_{i=1}^{n} \sigma(w x + b)$$" "\n"
    assert verdicts(text)[3] == ["refuted"]


def test_a_definition_after_a_parts_label_is_continued_by_the_next_display():
    # `**(a)** $L(x) = …$`: alone on its line but for the label, so `$$= …$$` continues it
    text = "**(a)** $L(x) = (x+1)^2$\n\nexpanding:\n$$= x^2 + 2x + 1$$\n"
    assert verdicts(text)[4] == ["proved"]
    assert verdicts(text.replace("2x", "3x"))[4] == ["refuted"]


def test_a_name_given_another_formula_is_not_refuted_against_its_first_definition():
    # g is the sigmoid in one section and tanh in the next: read as a new definition (twenty-third
    # round: the lines after it use the new formula), the other reading said in the message
    text = ("$$g(z) = \\frac{1}{1+e^{-z}}$$\n\n## Tanh\n\n"
            "$$g(z) = \\tanh(z) = \\frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}$$\n")
    checks, _, _ = check_text(text, "notes.md", 10.0)
    assert [c.verdict for c in checks] == ["definition", "definition", "proved"]
    assert "anew" in checks[1].message and "its definition on line 1" in checks[1].message
    # the rows after are judged from the new formula: a slip there is refuted
    slip = text.replace("{e^{z} + e^{-z}}$$", "{e^{z} - e^{-z}}$$")
    assert [c.verdict for c in check_text(slip, "notes.md", 10.0)[0]] == ["definition", "definition", "refuted"]
    # a restatement with a catalogued slip is still refuted, and the slip named
    swapped = "$$g(z) = \\frac{1}{1+e^{-z}}$$\n\n$$g(z) = \\frac{1}{1+e^{z}}$$\n"
    assert verdicts(swapped)[3] == ["refuted"]
