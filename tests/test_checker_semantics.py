"""How the checker reads what real derivations leave implicit (issues 10 and 11), each rule planted
and caught: relations other than =, standard names, the author's own definitions, expectations
under the policy and the KL divergence, the optimal policy in closed form, sums on concrete
responses, conditions and what follows from them, example values, sample and token indices,
a dropped expectation, definitions' scope and parameters.
"""
from __future__ import annotations

from dpo_proof.checker.claims import check_text
from dpo_proof.report import Report

# Generous: the limit only bounds a claim's time, and a loaded machine must not turn a verdict
# these tests expect into `skipped` (a timed-out claim is never counted as holding).
TIME_LIMIT = 30.0

MARGIN = (r"\beta \log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - "
          r"\beta \log \frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}")
OBJECTIVE = r"\mathbb{E}_{y \sim \pi(y|x)}\left[r(x, y) - \beta \log \frac{\pi(y|x)}{\pi_{ref}(y|x)}\right]"


def verdicts(text: str) -> dict[int, list]:
    checks, _, _ = check_text(text, "notes.md", TIME_LIMIT)
    by: dict[int, list] = {}
    for c in checks:
        by.setdefault(c.fields["line"], []).append(c)
    return by


def only(by, line: int):
    (check,) = by[line]
    return check


def test_a_relation_other_than_equality_is_reported_and_does_not_fail_the_file():
    text = r"$$\pi^*(y|x) \propto \pi_{ref}(y|x) \exp(r(x, y)/\beta)$$" "\n\n" r"$$\sigma(0) = \frac{1}{2}$$" "\n"
    checks, _, _ = check_text(text, "notes.md", TIME_LIMIT)
    step = checks[0]
    assert step.verdict == "no-relation" and step.ok and step.fields["relation"] == r"\propto"
    assert "only = is" in step.message
    assert Report(command="check", checks=checks).ok  # exit 0


def test_data_and_a_reward_on_both_sides_are_claimed_for_every_value():
    by = verdicts(r"$$\max_\pi " + OBJECTIVE + r" = \max_\pi " + OBJECTIVE + r" + 1$$" "\n\n"
                  r"$$y \log \sigma(z) = y \log \sigma(z) + y$$" "\n\n"
                  r"$$r^*(x, y_w) - r^*(x, y_l) = r_\phi(x, y_w) - r_\phi(x, y_l)$$" "\n")
    assert only(by, 1).verdict == "refuted" and "every `r`" in only(by, 1).message
    assert only(by, 3).verdict == "refuted"  # y is data: any value of it
    assert only(by, 5).verdict == "undefined"  # one reward for another: modelling


def test_expectations_under_the_policy_and_the_kl_are_sums_and_the_optimum_is_in_closed_form():
    kl = r"\mathbb{D}_{KL}\left[\pi(y|x) \Vert \pi_{ref}(y|x)\right]"
    text = (r"$$\mathbb{E}_{y \sim \pi(y|x)}[r(x, y)] - \beta " + kl + " = " + OBJECTIVE + "$$\n\n"
            r"$$\max_\pi " + OBJECTIVE + r" = \beta \log \sum_y \pi_{ref}(y|x) \exp(r(x, y)/\beta)$$" "\n\n"
            r"$$\max_\pi " + OBJECTIVE + r" = \max_\pi \mathbb{E}_{y \sim \pi(y|x)}[r(x, y)]$$" "\n\n"
            r"$$\pi^*(\cdot|x) = \arg\max_{\pi} " + OBJECTIVE + "$$\n\n"
            r"$$\log \pi^*(y_w|x) = \log \pi_{ref}(y_w|x) + \frac{r(x, y_w)}{\beta} - "
            r"\log \sum_y \pi_{ref}(y|x) \exp(r(x, y)/\beta)$$" "\n")
    by = verdicts(text)
    assert only(by, 1).verdict == "proved"
    assert only(by, 3).verdict == "proved"  # the Gibbs maximum
    assert only(by, 5).verdict == "refuted"  # the KL term dropped changes the value
    assert only(by, 9).verdict == "proved"  # π*(·|x) taken at y_w, its sum keeping its own y


def test_sums_that_differ_only_as_sums_are_settled_on_concrete_responses():
    by = verdicts(r"$$\sum_y \pi(y|x) \log \pi(y|x) - \sum_y \pi(y|x) \log \pi_{ref}(y|x) = "
                  r"\sum_y \pi(y|x) \log \frac{\pi(y|x)}{\pi_{ref}(y|x)}$$" "\n\n"
                  r"$$\sum_y \pi(y|x) r(x, y) \sum_y \pi(y|x) = \sum_y \pi(y|x) r(x, y)$$" "\n\n"
                  r"$$\sum_y \pi(y|x)^2 = \sum_y \pi(y|x)$$" "\n\n"
                  r"$$\sum_y \pi(y|x) r(x, y) = \sum_y \pi_{ref}(y|x) r(x, y)$$" "\n")
    assert only(by, 1).verdict == "proved"
    assert only(by, 3).verdict in ("proved", "numerically-true")  # Σ_y π(y|x) = 1
    assert only(by, 5).verdict == "refuted"
    assert only(by, 7).verdict == "refuted" and "concrete set of three responses" in only(by, 7).message


def test_a_line_following_from_a_condition_is_proved_and_a_wrong_one_is_not():
    condition = r"$$r(x, y) - \beta \left(\log \frac{\pi(y|x)}{\pi_{ref}(y|x)} + 1\right) + \lambda = 0$$" "\n\n"
    by = verdicts(condition + r"$$\log \pi(y|x) = \log \pi_{ref}(y|x) + \frac{r(x, y)}{\beta} + C(x)$$" "\n")
    assert only(by, 3).verdict == "proved" and "follows from the equation of line 1" in only(by, 3).message
    assert "C(x)" in only(by, 3).message or "C = " in only(by, 3).message
    wrong = verdicts(condition + r"$$\log \pi(y|x) = \log \pi_{ref}(y|x) + \frac{r(x, y)}{2\beta} + C(x)$$" "\n")
    assert only(wrong, 3).verdict != "proved"  # C would have to vary with y


def test_example_values_sample_indices_and_token_sums():
    text = (r"$\beta = 1$." "\n\n"
            r"$$r_\theta(y_w|x) = \beta \log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)}$$" "\n\n"
            r"$$r_\theta(y_w|x) = \log(0.5) - \log(0.25)$$" "\n\n"
            r"$$\sigma(r_\theta(y_w|x)) = \sigma(0.69)$$" "\n\n"
            r"$$r_\theta(y_w|x) = \beta \log \frac{\pi_\theta(y_{w_i}|x)}{\pi_{ref}(y_{w_i}|x)}$$" "\n\n"
            r"$$r_\theta(y_w|x) = \beta \sum_{t=1}^T \log \frac{\pi_\theta(y_{w,t}|x, y_{w,<t})}"
            r"{\pi_{ref}(y_{w,t}|x, y_{w,<t})}$$" "\n")
    by = verdicts(text)
    assert only(by, 5).verdict == "definition" and "gives the example's value" in only(by, 5).message
    assert only(by, 7).verdict == "numerically-true"  # σ(log 2) with the value just given
    assert only(by, 9).verdict == "proved" and "y_{w_i} read as y_w" in only(by, 9).message
    assert only(by, 11).verdict == "proved"  # a response's log-probability is its tokens'


def test_a_chain_step_that_drops_the_expectation_over_the_data_is_refuted():
    text = (r"$$\mathcal{L} = -\mathbb{E}_{(x, y_w, y_l) \sim D}\left[\log \sigma\left(" + MARGIN + r"\right)\right]$$"
            "\n" r"$$= -\mathbb{E}_{(x, y_w, y_l) \sim D}\left[\log \sigma\left(" + MARGIN + r"\right)\right]$$" "\n"
            r"$$= -\log \sigma\left(" + MARGIN + r"\right)$$" "\n")
    by = verdicts(text)
    assert only(by, 2).verdict == "proved"
    assert only(by, 3).verdict == "refuted" and "expectation over the data is gone" in only(by, 3).message


def test_definitions_made_in_passing_reach_to_the_end_of_their_section_and_for_any_frees_a_name():
    text = ("## One\n\nHere $C(x) = \\beta \\log Z(x)$ in passing.\n\n"
            "$$C(x) = \\beta \\log Z(x)$$\n\n## Two\n\n"
            "$$C(x) = \\beta$$\n\n"
            "Take $r(x, y) = \\beta y$.\n\nFor any reward $r(x, y)$:\n\n$$r(x, y) - r(x, y) = 0$$\n\n"
            "$$r(x, y) + \\beta = \\beta \\log \\pi(y|x)$$\n")
    by = verdicts(text)
    assert only(by, 5).verdict == "proved"  # the definition just made
    assert only(by, 9).verdict == "definition"  # a new section: C is free again, so defined here
    assert only(by, 17).verdict == "undefined"  # r is any reward after "for any"


def test_a_definitions_parameters_mean_themselves_and_a_use_before_a_later_definition_is_another_function():
    text = (r"$$P(i \succ j) = \frac{\pi_i}{\pi_i + \pi_j}$$" "\n\n"
            r"$$D_{KL}(P \| Q) = \sum_x P(x) \log \frac{P(x)}{Q(x)}$$" "\n\n"
            r"$$D_{KL}(P \| Q) = \int P(x) \log \frac{P(x)}{Q(x)} dx$$" "\n\n"
            r"$$s(x, y) = r(x, y) + f(x)$$" "\n\n"
            r"$$f(a, b) = a b$$" "\n")
    by = verdicts(text)
    assert only(by, 3).verdict == "definition"
    assert only(by, 5).verdict == "proved"  # the continuous KL is the discrete one
    assert only(by, 7).verdict == "definition"  # f(x) before f(a, b): another f, not an error


def test_a_policy_indexed_definition_applies_to_the_policy_of_the_subscript():
    text = (r"$$\Delta_\pi(x) = \log \pi(y_w|x) - \log \pi(y_l|x)$$" "\n\n"
            r"$$\beta(\Delta_{\pi_\theta}(x) - \Delta_{\pi_{ref}}(x)) = " + MARGIN + "$$\n\n"
            r"$$\Delta_{\pi_\theta}(x) - \Delta_{\pi_{ref}}(x) = \log \pi_\theta(y_w|x)$$" "\n")
    by = verdicts(text)
    assert only(by, 3).verdict == "proved" and only(by, 5).verdict == "refuted"


def test_the_kl_defined_as_one_responses_log_ratio_is_refuted_at_its_definition():
    good = verdicts(r"$$\mathbb{D}_{KL} = \mathbb{E}_{y \sim \pi_\theta}\left[\log \frac{\pi_\theta(y|x)}"
                    r"{\pi_{ref}(y|x)}\right]$$" "\n")
    bad = verdicts(r"$$\mathbb{D}_{KL} = \log \frac{\pi_\theta(y|x)}{\pi_{ref}(y|x)}$$" "\n")
    assert only(good, 1).verdict == "definition"
    assert only(bad, 1).verdict == "refuted" and "expectation under π_θ" in only(bad, 1).message


def test_an_inline_continuation_reads_the_chain_it_completes_and_says_so():
    text = (r"$$\frac{e^{-z}}{(1 + e^{-z})^2} = \sigma(z) \cdot \frac{e^{-z}}{1 + e^{-z}}$$" "\n\n"
            r"$$\frac{e^{-z}}{1 + e^{-z}} = 1 - \sigma(z)$$" "\n\n"
            r"so the whole is $= \sigma(z)(1 - \sigma(z))$, and $= 2\sigma(z)$." "\n")
    by = verdicts(text)
    first, second = by[5]
    assert first.verdict == "proved" and "read as continuing line 1" in first.message
    assert second.verdict == "refuted"
