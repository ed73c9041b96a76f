"""Readings found on the twenty-second round of derivations written by others (estimator variances,
least squares, RLHF notes split into subsections, lecture notebooks on logistic regression). Each
rule is shown on a minimal text, and each planted error is still caught.
"""
from __future__ import annotations

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
    assert verdicts(text)[9] == ["undefined"]
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
