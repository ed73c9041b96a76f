"""A lemma (no policy in it) is an identity in the variables of its left side: σ′(u) for any u. A
name the text never defines that the left side neither uses nor indexes by (w in h′(x) = σ(wx)…,
N in a mean, τ in π*(y_2) = σ(−0.5τ⁻¹)) is a quantity the text describes in words, so the line is
`undefined`, not refuted. Also: a prime of a function of w differentiates in w through the names
inside it, and a `= …` display after definitions may continue the chain before them. Rules found on
the twenty-first round of derivations written by others; each planted error is shown caught.
"""
from __future__ import annotations

from test_checker_reading_rules import verdicts  # the same generous time limit, verdicts by line
from test_checker_reading_rules_others import proved_and_planted_refuted

from dpo_proof.checker.claims import check_text


def test_a_name_the_left_side_does_not_use_leaves_a_lemma_undefined():
    # τ enters through the definition of p and the right side; the left side's variable is y_2
    text = r"Let $p(y) = \sigma(y/\tau)$." "\n\n" r"$$p(y_2) = \sigma(-0.5\,\tau^{-1})$$" "\n"
    assert verdicts(text)[3] == ["undefined"]
    checks, _, _ = check_text(text, "notes.md", 10.0)
    assert "`τ`" in checks[1].message and "left side does not take as a variable" in checks[1].message
    # with no such name, the slip is refuted as an identity in y_2
    assert verdicts(r"Let $h(x) = \sigma(2x)$." "\n\n" r"$$h'(x) = \sigma(x)(1-\sigma(x))$$" "\n")[3] == ["refuted"]


def test_a_lemma_in_the_variables_of_its_left_side_is_still_refuted():
    # u is the left side's variable: σ′(u) = σ(u)(1 + σ(u)) is false for every u
    assert verdicts(r"$$\sigma'(u) = \sigma(u)(1+\sigma(u))$$" "\n")[1] == ["refuted"]
    assert verdicts(r"$$\sigma'(u) = \sigma(u)(1-\sigma(u))$$" "\n")[1] == ["proved"]
    # a name indexed by a variable of the left side (β_i beside P(i ≻ j)) is one of its variables too
    swapped = r"Let $P(i \succ j) = \sigma(\beta_i - \beta_j)$." "\n\n" r"$$P(i \succ j) = \sigma(\beta_j - \beta_i)$$" "\n"
    assert verdicts(swapped)[3] == ["refuted"]


def test_a_prime_of_a_function_of_w_differentiates_the_names_inside_it_in_w():
    # l(w) is built from h(x) = σ(wx): l′(w) is the derivative in w through h, not 0
    text = (r"Let $h(x) = \sigma(wx)$ and $l(w) = -\log h(x)$." "\n\n"
            r"$$l'(w) = -(1-h(x))x$$" "\n")
    proved_and_planted_refuted(text, 3, "-(1-h(x))x", "-(1-h(x))")


def test_a_continuation_after_definitions_continues_the_chain_before_them():
    # `= KL(π‖π*) − log Z` after the definitions of Z and π*: the objective above them, not π*
    text = (r"$$\mathbb{E}_{y \sim \pi}\left[\log \frac{\pi(y|x)}{\pi_{\text{ref}}(y|x)} - \frac{1}{\beta} r(x, y)\right]$$"
            "\n\nNormalise:\n\n"
            r"$$Z(x) = \sum_{y} \pi_{\text{ref}}(y \mid x)\, e^{r(x, y)/\beta}, \qquad "
            r"\pi^*(y \mid x) = \frac{1}{Z(x)}\, \pi_{\text{ref}}(y \mid x)\, e^{r(x, y)/\beta}.$$"
            "\n\nSo\n\n" r"$$= \mathrm{KL}\big(\pi \,\|\, \pi^*\big) - \log Z(x).$$" "\n")
    checks, _, _ = check_text(text, "notes.md", 10.0)
    last = [c for c in checks if c.id == "notes.md:9"]
    assert [c.verdict for c in last] == ["proved"] and "read as continuing line 1" in last[0].message
    checks, _, _ = check_text(text.replace(r") - \log Z(x).$$", r") + \log Z(x).$$"), "notes.md", 10.0)
    assert [c.verdict for c in checks if c.id == "notes.md:9"] == ["refuted"]
