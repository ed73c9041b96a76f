"""Judging rules found on the sixteenth round of derivations written by others (LoRA notes,
convolution sizes, worked batch sizes, logistic-regression and DPO notes): each rule keeps a
correct line from being refuted, and a planted error under it is still refuted.
"""
from __future__ import annotations

from test_checker_reading_rules import verdicts  # the same generous time limit, verdicts by line


def test_arithmetic_on_names_never_defined_is_not_an_identity_to_refute():
    # h = W_0 x + ΔW x with ΔW = W_up W_down said only in words: no σ, log or derivative in it
    lora = r"$$W_0 x + \Delta W x = W_0 x + W_{up} W_{down} x$$" "\n"
    assert verdicts(lora)[1] == ["undefined"]
    assert verdicts(r"$$M^2 = M$$" "\n")[1] == ["undefined"]  # M = 1 (a mask) makes it hold


def test_arithmetic_that_no_value_makes_true_and_calculus_lemmas_are_still_refuted():
    assert verdicts(r"$$a^2 + 1 = -a^2$$" "\n")[1] == ["refuted"]  # false for every a
    # σ is in it: an identity in u, refuted though u = 0 makes it hold
    assert verdicts(r"$$\sigma(u) = \frac{1}{1 + e^{u}}$$" "\n")[1] == ["refuted"]


RM_LOSS = r"$$\mathcal{L}(\phi) = -\mathbb{E}_{(x, y_w, y_l) \sim D}\left[\log \sigma(r_\phi(x, y_w) - r_\phi(x, y_l))\right]$$" "\n\n"


def test_the_loss_said_again_as_a_sum_or_a_batch_mean_over_the_data_is_a_new_definition():
    summed = RM_LOSS + r"$$\mathcal{L}(\phi) = -\sum_{i=1}^N \log \sigma(r_\phi(x^{(i)}, y_w^{(i)}) - r_\phi(x^{(i)}, y_l^{(i)}))$$" "\n"
    assert verdicts(summed)[3] == ["definition"]
    mean = RM_LOSS + r"$$\mathcal{L}(\phi) = -\frac{1}{N}\sum_{i=1}^{N} \log \sigma(r_\phi(x_i, y_w^i) - r_\phi(x_i, y_l^i))$$" "\n"
    assert verdicts(mean)[3] == ["definition"]


def test_the_loss_said_again_with_another_summand_is_still_a_claim():
    swapped = RM_LOSS + r"$$\mathcal{L}(\phi) = -\sum_{i=1}^N \log \sigma(r_\phi(x^{(i)}, y_l^{(i)}) - r_\phi(x^{(i)}, y_w^{(i)}))$$" "\n"
    assert verdicts(swapped)[3] != ["definition"]
    same_mean = RM_LOSS + r"$$\mathcal{L}(\phi) = -\mathbb{E}_{(x, y_w, y_l) \sim D}\left[\log \sigma(r_\phi(x, y_l) - r_\phi(x, y_w))\right]$$" "\n"
    assert verdicts(same_mean)[3] == ["refuted"]


def test_an_indexed_definition_holds_at_every_index():
    text = r"With $\lambda_i = e^{r_i}$ we get" "\n\n" r"$$\frac{\lambda_i}{\lambda_i + \lambda_j} = \frac{e^{r_i}}{e^{r_i} + e^{r_j}}$$" "\n"
    assert verdicts(text)[3] == ["proved"]  # λ_j is e^{r_j}
    assert verdicts(text.replace("+ e^{r_j}", "+ e^{r_i}"))[3] == ["refuted"]


def test_a_bare_pi_is_the_policy_even_where_a_reward_model_is_trained_first():
    text = (r"$$\nabla_\phi \mathcal{L} = -(1 - \sigma(\Delta)) \nabla_\phi \Delta$$" "\n\n"
            r"$$\mathcal{J} = \mathbb{E}_{y \sim \pi_\theta}[\log \pi_\theta(y|x)]$$" "\n\n"
            r"$$\log \pi(y|x) = \log \pi_\theta(y|x)$$" "\n\n" r"$$\log \pi(y|x) = \log \pi_\theta(y|x) + 1$$" "\n")
    by = verdicts(text)
    assert by[5] == ["proved"] and by[7] == ["refuted"]


def test_a_worked_value_written_with_its_digits_cut_agrees():
    text = r"$$H = -(0.6\log 0.6 + 0.3\log 0.3 + 0.1\log 0.1) = 0.897$$" "\n"  # 0.89794…, cut, not rounded
    assert verdicts(text)[1] == ["definition", "numerically-true"]
    assert verdicts(text.replace("0.897", "0.896"))[1] == ["definition", "refuted"]  # a unit off: a slip


def test_a_functions_domain_and_range_after_its_body_is_a_declaration():
    text = (r"$$\operatorname{logit}(p)=\log\frac p{1-p}:\ (0,1)\to(-\infty,\infty),\qquad "
            r"\sigma(z)=\frac1{1+e^{-z}}:\ (-\infty,\infty)\to(0,1)$$" "\n\n"
            r"$$\sigma(\operatorname{logit}(p)) = p$$" "\n\n" r"$$\sigma(\operatorname{logit}(p)) = 1 - p$$" "\n")
    by = verdicts(text)
    assert by[3] == ["proved"] and by[5] == ["refuted"]


def test_a_value_followed_by_korean_at_is_a_case_not_a_restatement():
    text = (r"$$\operatorname{logit}(p)=\log\frac p{1-p}$$" "\n\n" r"$z=\operatorname{logit}(p)$ 에서 $p=\sigma(z)$. "
            r"미분은 $\sigma'(z)=\sigma(z)(1-\sigma(z))$ 이고 $z=0$에서 최대 $\tfrac14$." "\n")
    assert verdicts(text)[3] == ["definition", "proved", "proved", "definition"]  # z = 0: a case, where z is
    assert verdicts(text.replace("$z=0$에서", "$z=0$"))[3][-1] == "refuted"  # said as a fact: a restatement


def test_plus_and_minus_subscripts_are_names():
    text = (r"$$J=\log\sigma(s_+)+\log\sigma(-s_-)$$" "\n\n"
            r"$$\frac{\partial J}{\partial s_+}=1-\sigma(s_+), \qquad \frac{\partial J}{\partial s_-}=-\sigma(s_-)$$" "\n")
    assert verdicts(text)[3] == ["proved", "proved"]
    assert verdicts(text.replace(r"=1-\sigma(s_+)", r"=\sigma(s_+)"))[3] == ["refuted", "proved"]


def test_an_exercise_s_values_given_as_a_case_hold_through_its_worked_answer():
    text = ("#### Exercise 1\n\n" r"$r(x, y_w) = 2.0$, $r(x, y_l) = 0.5$일 때 $P(y_w \succ y_l)$은?" "\n\n"
            r"$$P(y_w \succ y_l) = \sigma(r(y_w) - r(y_l)) = \sigma(2.0 - 0.5) = \sigma(1.5)$$" "\n")
    assert verdicts(text)[5] == ["definition", "numerically-true", "numerically-true"]  # r(y_w) is r(x, y_w)
    assert verdicts(text.replace(r"\sigma(2.0 - 0.5)", r"\sigma(2.0 + 0.5)"))[5][1] == "refuted"


def test_a_reward_taken_at_other_responses_on_each_side_is_not_refuted():
    text = (r"$$p(i>j) = \frac{\exp(R(x, \hat{y}_i))}{\exp(R(x, \hat{y}_i))+\exp(R(x, \hat{y}_j))}$$" "\n\n"
            r"$$p(i>j) = \sigma(R(x,y_i) - R(x,y_j))$$" "\n")
    assert verdicts(text)[3] == ["undefined"]  # ŷ_i on one side, y_i on the other
    assert verdicts(text.replace("(x,y_i) - R(x,y_j)", r"(x,\hat{y}_j) - R(x,\hat{y}_i)"))[3] == ["refuted"]
