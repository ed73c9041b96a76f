"""Judging rules found on the sixteenth round of derivations written by others (LoRA notes,
convolution sizes, worked batch sizes, logistic-regression and DPO notes): each rule keeps a
correct line from being refuted, and a planted error under it is still refuted.
"""
from __future__ import annotations

from test_checker_reading_rules import verdicts  # the same generous time limit, verdicts by line


def test_arithmetic_on_vectors_matrices_and_units_never_defined_is_not_an_identity_to_refute():
    # h = W_0 x + ΔW x with ΔW = W_up W_down said only in words: no σ, log or derivative in it
    lora = r"$$W_0 x + \Delta W x = W_0 x + W_{up} W_{down} x$$" "\n"
    assert verdicts(lora)[1] == ["undefined"]
    assert verdicts(r"$$w^\top x = w_i - w_j$$" "\n")[1] == ["undefined"]  # a transpose: vectors
    assert verdicts(r"$$57.2\,\text{GiB} + 47\,\text{GiB} = 104\,\text{GiB}$$" "\n")[1] != ["refuted"]


def test_arithmetic_that_no_value_makes_true_and_slips_in_plain_letters_are_still_refuted():
    assert verdicts(r"$$a^2 + 1 = -a^2$$" "\n")[1] == ["refuted"]  # false for every a
    assert verdicts(r"$$D = a + b$$" "\n\n" r"$$D = a - b$$" "\n")[3] == ["refuted"]  # a sign lost: b = 0 is no excuse
    assert verdicts(r"$$W_{up} x = W_{up} x + 1$$" "\n")[1] == ["refuted"]  # no value of the matrix makes it hold
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


def test_tex_font_switches_continued_fractions_and_bracketed_exponents_are_read():
    text = (r"$${\rm logit}(p) = \log{\cfrac{p}{1-p}}$$" "\n\n" r"$$\sigma({\rm logit}(p)) = p$$" "\n\n"
            r"$$1+e^{-{(x_1-x_2)}} = 1 + \frac{1}{e^{(x_1-x_2)}}$$" "\n")
    by = verdicts(text)
    assert by[1] == ["definition"] and by[3] == ["proved"] and by[5] == ["proved"]
    planted = verdicts(text.replace(r"\frac{1}{e^{(x_1-x_2)}}", r"\frac{1}{e^{(x_2-x_1)}}"))
    assert planted[5] == ["refuted"]  # e^{(x_2−x_1)}: a power, not a label (x^{(i)} stays an index)


def test_phi_is_a_function_of_the_text_where_it_is_no_parameter():
    text = r"$$\phi(z) = \frac{1}{1+e^{-z}}$$" "\n\n" r"$$\phi(-z) = 1 - \phi(z)$$" "\n"
    by = verdicts(text)
    assert by[1] == ["definition"] and by[3] == ["proved"]
    assert verdicts(text.replace(r"= 1 - \phi(z)", r"= \phi(z)"))[3] == ["refuted"]
    # with π_φ in the text φ is the parameter: φ(z) is never defined as a function
    assert verdicts(r"$$\pi_\phi(y|x) = 1$$" "\n\n" + text)[3] != ["definition"]


def test_a_loss_in_two_fonts_is_one_loss_and_its_policies_are_no_variables():
    text = (r"$$L_{DPO}(\pi_{\theta}; \pi_{ref}) = -\log \sigma\left(\beta \log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)}"
            r" - \beta \log \frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}\right)$$" "\n\n"
            r"$$\nabla_{\theta} \mathcal{L}_{DPO}(\pi_{\theta}; \pi_{ref}) = -\beta \sigma\left(\beta \log \frac{\pi_\theta(y_l|x)}"
            r"{\pi_{ref}(y_l|x)} - \beta \log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)}\right) \left(\nabla_\theta \log"
            r" \pi_\theta(y_w|x) - \nabla_\theta \log \pi_\theta(y_l|x)\right)$$" "\n")
    assert verdicts(text)[3] == ["proved"]  # its gradient was 0 before: ℒ_DPO(π_θ; π_ref) a function of the policies
    assert verdicts(text.replace(r"= -\beta \sigma", r"= \beta \sigma"))[3] == ["refuted"]


def test_a_list_of_loss_variants_defines_the_name_anew_in_each_item():
    text = ("- sigmoid:\n\n" r"  $$\text{losses} = -\log \sigma(\beta \cdot \text{logits})$$" "\n\n"
            "- hinge:\n\n" r"  $$\text{losses} = \max(0, 1 - \beta \cdot \text{logits})$$" "\n")
    assert verdicts(text)[7] == ["definition"]
    assert verdicts(text.replace("- hinge:\n", "so\n"))[7] == ["refuted"]  # said again, no new item: a claim


def test_the_derivative_of_a_name_given_only_as_a_worked_number_is_not_zero():
    text = (r"$$\mathcal{L} = -\log(0.8455) \approx 0.1676$$" "\n\n"
            r"$$\frac{\partial \mathcal{L}}{\partial r_w} = -(1 - 0.8455) = -0.1545$$" "\n")
    by = verdicts(text)
    assert "refuted" not in by[3] and "unparsed" in by[3]
    assert "numerically-true" in verdicts(text)[3]  # the arithmetic of the row is still checked
    assert "numerically-true" not in verdicts(text.replace("= -0.1545", "= -0.2545"))[3]


def test_the_implicit_reward_reading_only_confirms_in_a_text_with_a_reward_model():
    text = ("The RM loss trains the reward model first.\n\n"
            r"$$P(y_w \succ y_l | x) = \sigma(r_\theta(x, y_w) - r_\theta(x, y_l))$$" "\n\n"
            r"$$r_\theta(x, y_w) - r_\theta(x, y_l) = \beta \log \frac{\pi_\theta(y_w|x)}{\pi_\theta(y_l|x)}$$" "\n")
    assert verdicts(text)[5] != ["refuted"]  # r_θ is the text's reward model: β log π_θ/π_ref only confirms
    assert verdicts(text.replace("The RM loss trains the reward model first.", "Then:"))[5] == ["refuted"]


def test_one_sided_limits_and_infinite_values():
    text = r"$$\mathrm{logit}(p) = \log\frac{p}{1-p}$$" "\n\n" r"$$\lim_{p \to 1-0} \mathrm{logit}(p) = \infty$$" "\n"
    assert verdicts(text)[3] == ["proved"]
    assert verdicts(text.replace(r"= \infty", r"= -\infty"))[3] == ["refuted"]
    assert verdicts(text.replace("1-0", "+0").replace(r"= \infty", r"= -\infty"))[3] == ["proved"]


def test_an_expectation_over_prefixes_drawn_from_the_policy_is_not_read():
    text = (r"$$\text{KL}[\pi_\theta \| \pi_{ref}] = \sum_{t=1}^{T} \mathbb{E}_{y_{<t} \sim \pi_\theta} "
            r"\left[ \log \frac{\pi_\theta(y_t | x)}{\pi_{ref}(y_t | x)} \right]$$" "\n")
    assert "unparsed" in verdicts(text)[1]  # the draw depends on θ: not a mean over fixed data


def test_the_log_sum_exp_shift_by_a_maximum_over_an_index():
    text = (r"$$\log \left( \sum_j e^{x_j} \right) = \max_k x_k + \log \left( \sum_j e^{(x_j - \max_k x_k)} \right)$$" "\n")
    assert verdicts(text)[1] == ["proved"]  # the max over k is a number: it does not take the log after it
    assert verdicts(text.replace(r"= \max_k x_k +", r"= -\max_k x_k +"))[1] == ["refuted"]


def test_an_assignment_with_a_left_arrow_is_reported_and_its_arithmetic_judged():
    text = (r"$$L = (w - 1)^2$$" "\n\n" r"$$w \leftarrow w - \eta \frac{dL}{dw}$$" "\n\n"
            r"$b \leftarrow 0 + 0.25 = 0.25$" "\n")
    by = verdicts(text)
    assert by[3] == ["no-relation"] and by[5] == ["numerically-true"]  # the assignment is reported, its sum judged
    assert verdicts(text.replace("= 0.25$", "= 0.35$"))[5] == ["refuted"]


def test_a_likelihood_as_a_product_over_the_samples_is_read():
    text = (r"$$L = \prod_i p(y^{(i)} | x^{(i)})$$" "\n\n"
            r"$$\log L = \sum_i \log p(y^{(i)} | x^{(i)})$$" "\n")
    assert verdicts(text)[3] == ["proved"]  # log ∏ = Σ log
    assert verdicts(text.replace(r"= \sum_i \log", r"= \log \sum_i"))[3] != ["proved"]


def test_the_derivative_in_one_term_of_a_sum_over_its_index_and_primed_vector_names():
    text = (r"记 $s_+= {v'_{w_O}}^\top v_{w_I}$，$s_i={v'_{w_i}}^\top v_{w_I}$。" "\n\n"
            r"$$J=\log\sigma(s_+)+\sum_{i=1}^{k}\log\sigma(-s_i)$$" "\n\n"
            r"$$\frac{\partial J}{\partial s_+}=1-\sigma(s_+), \qquad \frac{\partial J}{\partial s_i}=-\sigma(s_i)$$" "\n")
    assert verdicts(text)[5] == ["proved", "proved"]  # v′_{w_O}: a name; ∂/∂s_i: the i-th term only
    assert verdicts(text.replace(r"=-\sigma(s_i)$$", r"=\sigma(s_i)$$"))[5] == ["proved", "refuted"]
    # k, a count the left side ∂J/∂s_i does not take as a variable: not an identity in it
    assert verdicts(text.replace(r"=-\sigma(s_i)$$", r"=-k\sigma(s_i)$$"))[5] == ["proved", "undefined"]


def test_softplus_and_worked_log_probabilities_of_the_reference():
    text = r"$$\log\sigma(z)=-\log(1+e^{-z})=-\mathrm{softplus}(-z)$$" "\n"
    assert verdicts(text)[1] == ["proved", "proved"]
    assert verdicts(text.replace(r"=-\mathrm{softplus}(-z)", r"=\mathrm{softplus}(-z)"))[1] == ["proved", "refuted"]
    example = (r"举例:$\log\pi_{\mathrm{ref}}(y_w)=-60$,$\log\pi_{\mathrm{ref}}(y_l)=-30$,$\log\pi_\theta(y_w)=-55$,"
               r"$\log\pi_\theta(y_l)=-31$。" "\n" r"DPO 奖励差为 $\beta[(-55)-(-31)-(-60)+(-30)]=\beta\cdot6$。" "\n")
    by = verdicts(example)
    assert by[1] == ["definition"] * 4 and by[2] == ["proved"]  # values of the example; numbers and β judged
    assert verdicts(example.replace(r"\beta\cdot6", r"\beta\cdot4"))[2] == ["refuted"]


def test_an_inner_product_in_angle_brackets_and_pr_in_a_font():
    text = (r"$$s = \langle u_o, v_c \rangle$$" "\n\n"
            r"$$\frac{\partial}{\partial v_c} \log \sigma(s) = (1 - \sigma(s)) u_o$$" "\n")
    assert verdicts(text)[3] == ["proved"]  # read as u_o^⊤ v_c is: vectors as scalars
    assert verdicts(text.replace(r"(1 - \sigma(s)) u_o", r"\sigma(s) u_o"))[3] == ["refuted"]
    pr = (r"$$\textsf{Pr}(y_w \succ y_l) = \sigma(r(x, y_w) - r(x, y_l))$$" "\n\n"
          r"$$\textsf{Pr}(y_w \succ y_l) = \frac{1}{1 + e^{r(x, y_l) - r(x, y_w)}}$$" "\n")
    assert verdicts(pr)[3] == ["proved"]
    assert verdicts(pr.replace("e^{r(x, y_l) - r(x, y_w)}", "e^{r(x, y_w) - r(x, y_l)}"))[3] == ["refuted"]


def test_backpropagation_names_for_gradients_are_names():
    text = (r"$$Z = W X + b$$" "\n\n" r"$$A = \sigma(Z)$$" "\n\n" r"$$dZ = A - Y$$" "\n\n"
            r"$$db = \frac{1}{M} \sum dZ$$" "\n\n" r"$$dZ = A + Y$$" "\n")
    by = verdicts(text)
    assert by[5] == ["definition"] and by[7] == ["definition"]  # dZ, db: new names, not d·Z = A − Y
    assert by[9] == ["refuted"]  # said again otherwise: checked against line 5


def test_an_update_written_with_colon_equals_on_a_bold_name():
    text = r"$$\mathbf{W} := \mathbf{W} - \alpha \, dW,\quad b := b - \alpha \, db$$" "\n"
    assert verdicts(text)[1] == ["definition", "definition"]  # two updates, not W = W − α dW refuted
    assert verdicts(r"$$\mathbf{W} := \mathbf{W} + 1$$" "\n")[1] == ["refuted"]  # no step: a claim, and false
