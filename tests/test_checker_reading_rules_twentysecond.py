"""Readings found on the twenty-second round of derivations written by others (estimator variances,
least squares, RLHF notes split into subsections, lecture notebooks on logistic regression). Each
rule is shown on a minimal text, and each planted error is still caught.
"""
from __future__ import annotations

import os
import subprocess
import sys

from test_checker_reading_rules import verdicts  # the same generous time limit, verdicts by line
from test_checker_reading_rules_others import proved_and_planted_refuted


def test_a_power_after_a_bracket_that_follows_a_letter_is_the_brackets():
    # p(1 - p)^2 is p times (1 - p)^2; read as (p(1 - p))^2 this true line was refuted
    text = r"Let $p = \sigma(\theta)$." "\n\n" r"$$p(1-p)^2 - p^2(1-p)^2 = p(1-p)^3$$" "\n"
    proved_and_planted_refuted(text, 3, "= p(1-p)^3", "= p(1-p)^2")
    # a function's value squared stays the square of the value; brackets round the product square it all
    assert verdicts(r"$$f(x)^2 = f(x) f(x)$$" "\n")[1] == ["proved"]
    proved_and_planted_refuted(r"$$(a(1-a))^2 = a^2(1-a)^2$$" "\n", 1, "= a^2(1-a)^2", "= a(1-a)^2")


def test_a_carriage_return_left_before_right_is_dropped():
    # `\r\right)`: a `\right` an export doubled; the whole file was unparsed
    text = r"$$\sigma\left( a - b \r\right) = \frac{1}{1 + e^{-(a - b)}}$$" "\n"
    proved_and_planted_refuted(text, 1, "e^{-(a - b)}", "e^{(a - b)}")


def test_a_definition_in_passing_reaches_the_later_steps_of_its_section():
    text = ("## The optimum\n\n### Step 1\n\n"
            r"With $Z(x) = \sum_y \pi_{ref}(y|x) e^{r(x,y)/\beta}$ and "
            r"$\pi^*(y|x) = \frac{1}{Z(x)} \pi_{ref}(y|x) e^{r(x,y)/\beta}$, the maximiser is $\pi^*$." "\n\n"
            "### Step 2\n\n"
            r"$$\log \pi^*(y|x) = \log \pi_{ref}(y|x) + \frac{1}{\beta} r(x, y) - \log Z(x)$$" "\n")
    proved_and_planted_refuted(text, 9, r"+ \frac{1}{\beta} r(x, y)", r"- \frac{1}{\beta} r(x, y)")
    # in the next top-level section the letters are free again
    later = text.replace("### Step 2", "## Another topic")
    assert verdicts(later)[9] == ["undefined"]


def test_a_name_defined_again_in_a_later_step_is_a_new_definition_there():
    # each step its own Δ: the first does not reach the step that defines it again
    text = ("## Notes\n\n### 1. Margin\n\n" r"with $\Delta = a - b$ here." "\n\n"
            "### 2. Length\n\n" r"$$\Delta = \frac{a}{n} - \frac{b}{m}$$" "\n\n"
            r"$$\Delta = \frac{am - bn}{nm}$$" "\n")
    by = verdicts(text)
    assert by[9] == ["definition"]
    proved_and_planted_refuted(text, 11, r"\frac{am - bn}{nm}", r"\frac{am + bn}{nm}")


def test_a_policy_named_and_given_a_form_in_one_chain_is_a_form():
    # π_θ(A=1) = p = σ(θ): the policy is a model here; lines that write p rest on that form
    text = (r"The policy is $\pi_\theta(A=1)=p=\sigma(\theta)$." "\n\n"
            r"$$\nabla_\theta\log\pi_\theta(A=0)=-p$$" "\n")
    assert verdicts(text)[3] == ["skipped"]
    # a line that does not rest on the form is still judged, and a planted error caught
    assert verdicts(text + "\n" r"$$\sigma(u) = \frac{1}{1+e^{u}}$$" "\n")[5] == ["refuted"]


def test_each_part_of_an_exercise_may_define_a_name_anew():
    text = (r"Let $\eta = a^2 + 1$." "\n\n" "**(a)** The weight:\n\n" r"$$w = \frac{1}{\sqrt{\eta}}$$" "\n\n"
            "**(b)** Dividing by the mean:\n\n" r"$$w = \frac{1}{\eta}$$" "\n")
    assert verdicts(text)[9] == ["definition"]  # read as a new definition (twenty-third round; undefined before)
    # in the same part it is checked against the first, and refuted
    assert verdicts(text.replace("**(b)** Dividing by the mean:\n\n", ""))[7] == ["refuted"]


def test_a_derivative_chain_set_to_zero_is_a_condition():
    # the last row `= 0` sets the derivative to zero (first-order condition): no identity to refute
    text = r"$$\frac{d}{d\theta}\left(\theta^2 - 2\theta\right) = 2\theta - 2 = 0$$" "\n"
    assert verdicts(text)[1] == ["proved", "definition"]
    # the row before the zero is judged as ever: a planted sign slip is refuted
    assert verdicts(text.replace("= 2\\theta - 2", "= 2\\theta + 2"))[1][0] == "refuted"
    # a zero that is not the derivative's (a chain that starts from no derivative) is still refuted
    assert verdicts(r"$$\theta^2 - 2\theta = \theta(\theta - 2) = 0$$" "\n")[1] == ["proved", "refuted"]


def test_a_derivative_in_an_entry_of_a_vector_written_whole_is_not_read():
    # ∂/∂θ_j of σ(θᵀx): θ is read as a number, so the derivative would be 0 and a true line refuted
    text = (r"$$h_\theta(x) = \frac{1}{1 + e^{-\theta^T x}}$$" "\n\n"
            r"$$\frac{\partial}{\partial \theta_j} h_\theta(x) = h_\theta(x)(1 - h_\theta(x)) x_j$$" "\n")
    assert verdicts(text)[3] == ["unparsed"]
    # in the entry itself it is judged, and a planted error refuted
    entry = (r"$$h(t) = \frac{1}{1 + e^{-t x_j}}$$" "\n\n"
             r"$$\frac{\partial}{\partial t} h(t) = h(t)(1 - h(t)) x_j$$" "\n")
    proved_and_planted_refuted(entry, 3, r"(1 - h(t)) x_j", r"(1 + h(t)) x_j")


def test_a_power_after_a_bracket_that_follows_a_sum_or_a_fraction_is_the_brackets():
    # (A + B)(d − m)^2 and ½\{…\}^2: a bracket of a sum and a fraction are values, never functions
    proved_and_planted_refuted(r"$$(a+b)(c-d)^2 = (a+b)(c^2 - 2cd + d^2)$$" "\n", 1,
                               "(c^2 - 2cd + d^2)", "(c^2 + 2cd + d^2)")
    proved_and_planted_refuted(r"$$\frac{1}{2}\Big\{ \big[ a^2 + b^2 \big]^{\frac{1}{2}} \Big\}^2 = \frac{1}{2}a^2 + \frac{1}{2}b^2$$"
                               "\n", 1, r"= \frac{1}{2}a^2", r"= \frac{1}{4}a^2")


def test_an_equation_for_every_x_is_not_a_definition():
    # `∀x, O(x) = T(x)` says what the author wishes for; read as a definition it made E ≡ 0
    text = (r"Ideally $\forall x, O(x) = T(x)$." "\n\n" r"$$E = \frac{1}{2}(O(x) - T(x))^2$$" "\n\n"
            r"$$\frac{\partial E}{\partial w} = \delta$$" "\n")
    assert verdicts(text)[5] == ["undefined"]
    # without the ∀ it is the text's definition, and the line is refuted (E is then 0)
    assert verdicts(text.replace(r"\forall x, ", ""))[5] == ["refuted"]


def test_sides_that_differ_only_in_the_terms_left_out_are_not_judged():
    # the dots stand for the pattern continued, which the checker reads as one unknown term
    text = r"$$\frac{1}{2}\left(a^2 + \dots + b^2\right) = \frac{1}{2}a^2 + \dots + \frac{1}{2}b^2$$" "\n"
    assert verdicts(text)[1] == ["undefined"]
    # a difference in the terms written out is refuted as ever
    assert verdicts(text.replace(r"\frac{1}{2}b^2$$", r"b^2$$"))[1] == ["refuted"]


def test_an_expectation_over_a_trajectory_drawn_from_the_policy_is_a_weighted_sum():
    # E_{τ∼π_θ}[R(τ)] = Σ_τ π_θ(τ) R(τ): the log-derivative trick is proved, as for y ∼ π_θ(y|x)
    text = (r"$$J(\theta) = \mathbb{E}_{\tau\sim\pi_\theta}[R(\tau)]$$" "\n\n"
            r"$$\nabla_\theta J(\theta) = \mathbb{E}_{\tau\sim\pi_\theta}[R(\tau) \nabla_\theta \log \pi_\theta(\tau)]$$" "\n")
    # the planted slip: ∇π where ∇log π is meant
    proved_and_planted_refuted(text, 3, r"\nabla_\theta \log \pi_\theta(\tau)]", r"\nabla_\theta \pi_\theta(\tau)]")
    # written with p_θ(τ), the model's probability of the trajectory, the same
    other = (r"$$\nabla_\theta \mathbb{E}_{\tau \sim p_\theta(\tau)}[R(\tau)] = "
             r"\mathbb{E}_{\tau \sim p_\theta(\tau)}[R(\tau)\nabla_\theta \log p_\theta(\tau)]$$" "\n")
    proved_and_planted_refuted(other, 1, r"[R(\tau)\nabla_\theta \log p_\theta(\tau)]", r"[-R(\tau)\nabla_\theta \log p_\theta(\tau)]")
    # the policy at the trajectory's steps under the expectation over τ: the factorisation is not read,
    # so a true line is never refuted for it
    steps = (text.split("\n\n")[0] + "\n\n" r"$$\nabla_\theta J(\theta) = \mathbb{E}_{\tau\sim\pi_\theta}"
             r"\left[R(\tau) \sum_{t=0}^{T-1} \nabla_\theta \log \pi_\theta(a_t \mid s_t)\right]$$" "\n")
    assert verdicts(steps)[3] == ["unparsed"]


def test_a_bare_expectation_of_a_trajectorys_return_is_not_a_data_mean():
    # 𝔼[R(τ)] with no distribution: read as a mean over fixed data its gradient would be 0
    text = (r"$$J(\theta) = \mathbb{E}[R(\tau)]$$" "\n\n"
            r"$$\nabla_\theta J(\theta) = \nabla_\theta \mathbb{E}_{\tau\sim\pi_\theta}[R(\tau)]$$" "\n")
    assert verdicts(text)[3] == ["unparsed"]
    # with its distribution written it is read, and the same line holds
    assert verdicts(text.replace(r"\mathbb{E}[R(\tau)]", r"\mathbb{E}_{\tau\sim\pi_\theta}[R(\tau)]"))[3] == ["proved"]


def test_an_expectation_under_the_policy_of_its_steps_is_not_read():
    # 𝔼_{π_θ}[Σ_t ∇log π_θ(a_t|s_t) R(τ)]: the policy at a trajectory's steps, whose factorisation is not known
    text = (r"$$J(\theta) = \mathbb{E}_{\tau \sim \pi_\theta}[R(\tau)]$$" "\n\n"
            r"$$\nabla_\theta J(\theta) = \mathbb{E}_{\pi_\theta}\left[\sum_t \nabla_\theta \log \pi_\theta(a_t \mid s_t) R(\tau)\right]$$" "\n")
    assert verdicts(text)[3] == ["unparsed"]
    # under 𝔼_{π_θ} of a DPO text (responses y), the expectation is read, and a planted slip refuted
    kl = (r"$$\mathbb{E}_{\pi_\theta}\left[\log\frac{\pi_\theta(y|x)}{\pi_{ref}(y|x)}\right] = "
          r"\sum_y \pi_\theta(y|x)\log\frac{\pi_\theta(y|x)}{\pi_{ref}(y|x)}$$" "\n")
    proved_and_planted_refuted(kl, 1, r"\sum_y \pi_\theta(y|x)\log", r"\sum_y \log")


def test_a_case_in_a_sentence_that_goes_on_in_the_display_holds_there():
    # "for $S = 1$," then the display: the case is the display's, not an example value kept free
    text = (r"Let $C = \frac{1}{2}(1-S)d + \log(1+e^{-d})$. For $S=1$," "\n\n"
            r"$$C=\log(1+e^{-d})$$" "\n")
    proved_and_planted_refuted(text, 3, r"C=\log(1+e^{-d})", r"C=\log(1+e^{d})")


def test_an_indexed_name_in_a_later_chapter_is_data_not_an_instance():
    # y = a x^{-b} in one chapter; y_i of the next chapter's least squares is data, not y at x_i
    text = ("## 1. Power law\n\n" r"$$y = a x^{-b}$$" "\n\n" "## 2. Least squares\n\n"
            r"$$\frac{\partial}{\partial y_i}(y_i - c x_i)^2 = 2(y_i - c x_i)$$" "\n")
    proved_and_planted_refuted(text, 7, r"= 2(y_i - c x_i)", r"= 2(y_i + c x_i)")
    # in the same chapter y_i is y at x_i, as before: the derivative in y_i is then 0, and with a, b and c
    # never defined the line is not judged
    same = text.replace("## 2. Least squares\n\n", "")
    assert verdicts(same)[5] == ["undefined"]


def test_a_trajectory_against_its_steps_is_not_judged():
    # w(τ) = π_θ(τ)/π_old(τ) = Π_t π_θ(a_t|s_t)/π_old(a_t|s_t): the factorisation, a modelling step
    text = (r"$$\frac{\pi_{\theta}(\tau)}{\pi_{\theta_{old}}(\tau)} = "
            r"\prod_{t=0}^{T-1}\frac{\pi_{\theta}(a_t\mid s_t)}{\pi_{\theta_{old}}(a_t\mid s_t)}$$" "\n")
    assert verdicts(text)[1] == ["undefined"]
    # a DPO line with the winner and loser swapped is still refuted (responses y_w, y_l)
    assert verdicts(r"$$\log\pi_\theta(y_w|x) = \log\pi_\theta(y_l|x)$$" "\n")[1] == ["refuted"]


def test_a_reward_with_the_parameter_as_subscript_is_taken_at_the_winner():
    # r̂_θ(x, y) defined, then r̂_w and r̂_l: r̂_θ at y_w and y_l; the planted sign slip is named
    text = (r"Write $\hat{r}_\theta(x, y) = \beta \log\frac{\pi_\theta(y \mid x)}{\pi_{\mathrm{ref}}(y \mid x)}$"
            r" and $\mathcal{L} = -\log\sigma(\hat{r}_w - \hat{r}_l)$." "\n\n"
            r"$$\frac{\partial \mathcal{L}}{\partial (\hat{r}_w - \hat{r}_l)} = -\sigma(\hat{r}_l - \hat{r}_w)$$" "\n")
    proved_and_planted_refuted(text, 3, r"= -\sigma(\hat{r}_l", r"= \sigma(\hat{r}_l")


def test_an_entry_of_the_softmax_of_a_named_vector_is_read():
    # softmax(a)_c = e^{a_c} / Σ_j e^{a_j}; the sum's index may be primed (c')
    text = r"$$\text{softmax}(\mathbf{a})_c = \frac{e^{a_c}}{\sum_{c'} e^{a_{c'}}}$$" "\n"
    proved_and_planted_refuted(text, 1, r"\frac{e^{a_c}}", r"\frac{e^{-a_c}}")
    # the entry of a softmax over a number of classes the text does not give (softmax(a)_1) is not read
    assert verdicts(r"$$\text{softmax}(\mathbf{a})_1 = \frac{e^{a_1}}{e^{a_0} + e^{a_1}}$$" "\n")[1] == ["unparsed"]


def test_a_max_over_an_index_is_the_max_of_the_term_it_indexes():
    # x_i − max_k x_k − log Σ_j e^{x_j − max_k x_k}: the max is of x_k only, the rest of the sum stays outside
    text = (r"$$\log \textrm{softmax}(x)_i = x_i - \max_k x_k - "
            r"\log \left( \sum_j e^{(x_j - \max_k x_k)} \right)$$" "\n")
    proved_and_planted_refuted(text, 1, r"= x_i - \max_k x_k -", r"= x_i + \max_k x_k -")
    # a max over the policy keeps its whole objective
    assert verdicts(r"$$\max_\pi \mathbb{E}[r] - \beta D = \max_\pi \left(\mathbb{E}[r] - \beta D\right)$$" "\n")[1] == ["proved"]


def test_pi_after_a_number_is_the_number_pi():
    # a Gaussian's 2π is the number, not the policy
    text = r"$$\frac{1}{\sqrt{2\pi\,(a^2+b^2)}} = \frac{1}{\sqrt{2\pi}\sqrt{a^2+b^2}}$$" "\n"
    proved_and_planted_refuted(text, 1, r"= \frac{1}{\sqrt{2\pi}\sqrt", r"= \frac{1}{\sqrt{\pi}\sqrt")


def test_an_integral_the_checker_does_not_evaluate_is_not_refuted():
    # ∫ exp(−(d − m)²/(2C)) dd = √(2πC): a Gaussian integral, read as a value of its own
    text = r"$$\int \exp\Bigl(-\frac{(d-m)^2}{2C}\Bigr) \, dd = \sqrt{2\pi\,C}$$" "\n"
    assert verdicts(text)[1] == ["skipped"]


def test_a_term_taken_out_of_a_sum_is_written_with_the_texts_names():
    # ∂J/∂ŷ_i of J = −Σ_{i=1}^n (…ŷ_i…): the term i of the sum, whose y[i] is the text's y_i
    text = (r"$$o_i = X_i\beta$$" "\n\n" r"$$\hat{y}_i = \sigma(o_i)$$" "\n\n"
            r"$$J(\beta) = - \sum_{i=1}^n (y_i \log(\hat{y}_i) + (1 - y_i) \log(1 - \hat{y}_i))$$" "\n\n"
            r"$$\frac{\partial J(\beta)}{\partial \hat{y}_i} = \frac{\hat{y}_i - y_i}{\hat{y}_i(1 - \hat{y}_i)}$$" "\n")
    proved_and_planted_refuted(text, 7, r"= \frac{\hat{y}_i - y_i}", r"= \frac{y_i - \hat{y}_i}")


def test_the_report_does_not_depend_on_the_hash_seed(tmp_path):
    # the probe values of the slip diagnosis were drawn in the order atoms were met (a set's order,
    # which changes from run to run): an infinite series inside a min then took 0.2 s or 13 s, and
    # the line was a definition or `skipped`. Each atom now has its own stream, and a series to
    # infinity gets no probe value.
    text = ("1. Advantage\n" r"    1. $\hat{A}_t = \sum_{l=0}^{\infty} (\gamma\lambda)^l \delta_{t+l}$" "\n"
            r"    2. where $\delta_t = r_t + \gamma V(s_{t+1}) - V(s_t)$." "\n" "2. Ratio\n"
            r"    1. $r_t(\theta) = \frac{\pi_\theta(a_t|s_t)}{\pi_{\theta_{old}}(a_t|s_t)}$" "\n" "3. Clipped objective\n"
            r"    1. $L^{CLIP}(\theta) = \mathbb{E}_t \big[\min(r_t(\theta) \hat{A}_t, "
            r"\text{clip}(r_t(\theta), 1 - \epsilon, 1 + \epsilon) \hat{A}_t)\big]$" "\n")
    # two vectors beside their components: the message names one of them, the same one every run (seeds 1
    # and 3 named s and t before)
    text += "\n" r"$$D(s, t) = \sum_i (s_i - t_i)^2 = \langle s - t, s - t \rangle$$" "\n"
    notes = tmp_path / "notes.md"
    notes.write_text(text, encoding="utf-8")
    code = ("import json, sys; from dpo_proof.checker.claims import check_paths; print(json.dumps("
            "[(c.to_dict()['verdict'], c.to_dict()['message']) for c in check_paths([sys.argv[1]], time_limit=3.0).checks]))")
    reports = [subprocess.run([sys.executable, "-c", code, str(notes)], capture_output=True, text=True, check=True,
                              timeout=120, env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "3")]
    assert reports[0] == reports[1]
    assert '"definition"' in reports[0] and "out of time" not in reports[0]
    assert "uses `s` and its components `s_j`" in reports[0]
