"""Reading rules found on a tenth set of derivations written by others (the corpus files 119–127,
logistic and softmax regression notes, a GAN answer, an RPO note): each rule read right, and a
planted error under it still refuted, or still not proved where it must not be.
"""
from __future__ import annotations

from test_checker_reading_rules import verdicts  # the same generous time limit, verdicts by line

SOFTMAX = r"$$p_i = \frac{\exp(x_i)}{\sum_{k} \exp(x_k)}$$" "\n\n"


def proved_and_planted_refuted(text: str, line: int, right: str, wrong: str) -> None:
    """The line at `line` is proved as written, and refuted with `right` replaced by `wrong`."""
    assert verdicts(text)[line] == ["proved"]
    assert verdicts(text.replace(right, wrong))[line] == ["refuted"]


def test_a_name_defined_on_named_quantities_is_differentiated_in_one_of_them():
    text = (r"Write $\Delta = a - b$ and $\Delta^\star = c - d$." "\n\n"
            r"$$D[\Delta^\star \| \Delta] = \sigma(\Delta^\star) \log \frac{\sigma(\Delta^\star)}{\sigma(\Delta)}"
            r" + (1 - \sigma(\Delta^\star)) \log \frac{1 - \sigma(\Delta^\star)}{1 - \sigma(\Delta)}$$" "\n\n"
            r"$$\frac{\partial D}{\partial \Delta} = \sigma(\Delta) - \sigma(\Delta^\star)$$" "\n")
    assert verdicts(text)[5] == ["proved"]
    assert verdicts(text.replace(r"= \sigma(\Delta) - \sigma", r"= \sigma(\Delta) + \sigma"))[5] == ["refuted"]


def test_a_derivative_in_a_name_of_what_is_written_through_its_value():
    text = (r"$$\hat{r}(x, y) = \beta \log \frac{\pi_\theta(y|x)}{\pi_{ref}(y|x)}$$" "\n\n"
            r"$$\mathcal{L} = -\log \sigma\left(\hat{r}(x, y_w) - \hat{r}(x, y_l)\right)$$" "\n\n"
            r"Write $\Delta = \hat{r}(x, y_w) - \hat{r}(x, y_l)$." "\n\n"
            r"$$\frac{\partial \mathcal{L}}{\partial \Delta} = -(1 - \sigma(\Delta))$$" "\n")
    proved_and_planted_refuted(text, 7, "= -(1 - ", "= (1 - ")


def test_a_word_in_any_script_in_text_defines_a_name():
    text = (r"$$\text{信号} = \beta (a - b)$$" "\n\n" r"$$\text{信号} = \beta a - \beta b$$" "\n\n"
            r"$$\text{信号} = \beta a + \beta b$$" "\n")
    assert verdicts(text)[1] == ["definition"] and verdicts(text)[3] == ["proved"]
    assert verdicts(text)[5] == ["refuted"]


def test_an_undelimited_log_before_a_product_may_be_the_log_of_all_of_it():
    text = (r"Let $p$, $q$, $r$ and $s$ be positive." "\n\n"
            r"$$\log \frac{p}{q} - \log \frac{s}{r} = \log \frac{p}{q} \cdot \frac{r}{s}$$" "\n\n"
            r"$$\log \frac{p}{q} - \log \frac{r}{s} = \log \frac{p}{q} \cdot \frac{r}{s}$$" "\n")
    by = verdicts(text)
    assert by[3] == ["proved"] and by[5] == ["refuted"]  # wrong under both readings: still refuted


def test_an_indicator_is_read_as_a_value():
    text = (r"$$f = \mathbb{1}[y = 1] \cdot a + \mathbf{1}\{y = 0\} \cdot b$$" "\n\n"
            r"$$f = \mathbb{1}[y = 1] a + \mathbf{1}\{y = 0\} b$$" "\n\n" r"$$f = \mathbb{1}[y = 1] a$$" "\n")
    by = verdicts(text)
    assert by[1] == ["definition"] and by[3] == ["proved"] and by[5] != ["proved"]


def test_a_relation_before_an_implication_is_a_premise_of_its_display():
    text = (r"$$ y = \exp(x) \implies \frac{dy}{dx} = \exp(x) $$" "\n\n"
            r"$$ y = \log x \implies \frac{dy}{dx} = \frac{1}{x} $$" "\n")
    by = verdicts(text)
    assert by[1] == ["definition", "proved"] and by[3] == ["definition", "proved"]
    assert verdicts(text.replace(r"\frac{1}{x} $$", r"x $$"))[3] == ["definition", "refuted"]


def test_a_chain_written_as_displays_ending_with_equals_is_one_chain():
    text = (r"Let $u$ be a number." "\n\n" r"$$\frac{d}{du} \log \sigma(u) = $$" "\n\n"
            r"$$\frac{\sigma'(u)}{\sigma(u)} = $$" "\n\n" r"$$1 - \sigma(u)$$" "\n")
    by = verdicts(text)
    assert by[3] == ["proved"] and by[5] == ["proved"]
    assert verdicts(text.replace(r"$$1 - \sigma(u)$$", r"$$\sigma(u)$$"))[5] == ["refuted"]


def test_a_row_equal_to_the_row_before_is_proved_as_a_step_when_the_start_is_not_judged():
    text = (r"$$\frac{\partial L}{\partial \theta} = -\frac{\sigma'(h)}{1 - \sigma(h)} g = "
            r"-\frac{\sigma(h)(1 - \sigma(h))}{1 - \sigma(h)} g = -\sigma(h) g$$" "\n")
    by = verdicts(text)
    assert by[1][0] == "undefined" and by[1][1:] == ["proved", "proved"]
    assert verdicts(text.replace(r"= -\sigma(h) g$$", r"= \sigma(h) g$$"))[1][2] != "proved"


def test_in_a_variable_indexed_like_a_sums_terms_the_other_terms_stay():
    text = SOFTMAX + (r"$$\frac{d p_i}{d x_i} = \frac{\exp(x_i) \sum_k \exp(x_k) - \exp(x_i)^2}"  # (exp x_i)²
                      r"{(\sum_k \exp(x_k))^2} = p_i (1 - p_i)$$" "\n")
    assert verdicts(text)[3] == ["proved", "proved"]
    assert verdicts(text.replace("p_i (1 - p_i)$$", "p_i (1 + p_i)$$"))[3] == ["proved", "refuted"]


def test_softmax_written_loosely_is_read():
    # `exp` without a backslash before a bracket, `\sum_{}` with its index left out, `d{p_i}` in braces
    text = SOFTMAX + (r"$$ \frac{d{p_i}}{d{x_i}} = \frac{exp(x_i) (\sum_{} exp(x_k)) - exp(x_i) exp(x_i)}"
                      r"{(\sum_{} exp(x_k))^2} $$" "\n")
    proved_and_planted_refuted(text, 3, "- exp(x_i) exp(x_i)", "+ exp(x_i) exp(x_i)")


def test_an_update_rule_is_an_assignment_not_an_equation():
    text = (r"$$W = W - \eta \frac{dL}{dW}$$" "\n\n" r"$$\theta_{t+1} = \theta_t - \alpha g$$" "\n\n"
            r"$$w = w + 1$$" "\n")
    by = verdicts(text)
    assert by[1] == ["definition"] and by[3] == ["definition"]
    assert by[5] == ["refuted"]  # no step size, no gradient: a claim, and false


def test_an_entry_of_a_defined_quantity_is_it_at_the_entry_of_its_variable():
    text = (r"$$\hat{y} = \sigma(w x + b)$$" "\n\n" r"$$J = \sum_{i=1}^{n} \hat{y}_i$$" "\n\n"
            r"$$J = \sum_{i=1}^{n} \sigma(w x_i + b)$$" "\n\n" r"$$J = \sum_{i=1}^{n} \sigma(w x + b)$$" "\n")
    by = verdicts(text)
    assert by[5] == ["proved"] and by[7] == ["refuted"]


def test_full_width_digits_primes_in_braces_norms_and_glued_logs():
    assert verdicts("$$y = 1 + １$$\n")[1] == ["definition"]
    prime = r"$$y = x^2$$" "\n\n" r"$$y^{'} = 2x$$" "\n\n" r"$$y^{'} = x$$" "\n"
    assert verdicts(prime)[3] == ["proved"] and verdicts(prime)[5] == ["refuted"]
    norm = r"$$\frac{d}{dx} \lVert x \rVert^2 = 2 x$$" "\n"
    assert verdicts(norm)[1] == ["proved"]
    assert verdicts(norm.replace("= 2 ", "= "))[1] == ["refuted"]
    glued = r"$$L = -y_ilogp_i$$" "\n\n" r"$$L = -y_i \log p_i$$" "\n"
    assert verdicts(glued)[3] == ["proved"]


def test_hyphenated_names_ascii_implications_and_percent_asides():
    text = (r"$$Odds = \frac{P}{1 - P}$$" "\n\n" r"$$Log-Odds = \ln(Odds) = z$$" "\n\n"
            r"$$\begin{align*} \sigma(z) &= P \\ => P &= \frac{1}{1 + e^{-z}} \end{align*}$$" "\n\n"
            r"For example $Q = 0.9 (90\%)$." "\n")
    by = verdicts(text)
    assert by[3][0] == "definition" and "unparsed" not in by[5] + by[7]
    assert by[7] == ["definition"]


def test_a_name_brought_in_on_the_right_only_is_not_refuted():
    text = r"$$y = \frac{1}{1 + e^{-x}}$$" "\n\n" r"$$\frac{dy}{dx} = y(1 - y) = p(1 - p)$$" "\n"
    assert verdicts(text)[3] == ["proved", "undefined"]
    wrong = r"$$y = \frac{1}{1 + e^{-x}}$$" "\n\n" r"$$\frac{dy}{dx} = y(1 + y)$$" "\n"
    assert verdicts(wrong)[3] == ["refuted"]


def test_a_case_the_text_considers_redefines_a_name_for_it():
    text = (r"$$L = -y \log p$$" "\n\n"
            r"With two terms, in that case $L = -y \log p - (1 - y) \log(1 - p)$ instead." "\n")
    assert verdicts(text)[3] == ["definition"]
    assert verdicts(text.replace("in that case", "so"))[3] != ["definition"]


def test_a_power_after_a_bracketed_log_is_of_the_log_but_a_derivative_takes_the_power_inside():
    assert verdicts(r"$$\log(x)^2 = \log(x) \log(x)$$" "\n")[1] == ["proved"]
    assert verdicts(r"$$\log(x)^2 = 2 \log(x)$$" "\n")[1] == ["refuted"]
    derivative = r"$$\frac{d}{dx}(1 + e^{-x})^{-1} = \frac{e^{-x}}{(1 + e^{-x})^2}$$" "\n"
    assert verdicts(derivative)[1] == ["proved"]
    assert verdicts(derivative.replace(r"= \frac{e^{-x}}", r"= \frac{-e^{-x}}"))[1] == ["refuted"]


def test_a_probability_named_in_the_middle_of_a_definition():
    text = r"$$P(y=1|x) = \hat{y} = \sigma(w x + b)$$" "\n\n" r"$$\hat{y} = \frac{1}{1 + e^{-(w x + b)}}$$" "\n"
    by = verdicts(text)
    assert by[1] == ["definition", "definition"] and by[3] == ["proved"]
    assert verdicts(text.replace("e^{-(w x + b)}", "e^{w x + b}"))[3] == ["refuted"]


def test_alternatives_given_with_an_arrow_or_a_conditional_word_are_cases():
    listed = (r"Two choices:" "\n" r"- $\Psi(x) = x \log x$ $\rightarrow$ KL" "\n"
              r"- $\Psi(x) = (x-1)^2/2$ $\rightarrow$ IPO" "\n")
    assert verdicts(listed)[3] == ["definition"]
    said = r"So $\Psi(q) = \log(q / (1 - q))$ なら DPO, $\Psi(q) = q$ なら IPO." "\n"
    assert verdicts(said)[1] == ["definition", "definition"]
    assert verdicts(said.replace("なら", "and"))[1][1] != "definition"  # said again, not as a case: checked


def test_a_reason_in_brackets_is_a_claim_and_the_chain_goes_on_past_it():
    text = ("$$\n\\begin{align*}\n\\ln(0.5) &= \\ln(1) - \\ln(2)\\quad(\\because \\ln(\\frac{a}{b}) = \\ln{a} - \\ln{b}) \\\\\n"
            "&= 0 - \\ln(2)\\quad(\\because \\ln(1) = 0)\n\\end{align*}\n$$\n")
    by = verdicts(text)
    assert by[3] == ["numerically-true", "proved"] and by[4] == ["numerically-true", "proved"]
    assert verdicts(text.replace(r"\ln(1) = 0)", r"\ln(1) = 1)"))[4] == ["numerically-true", "refuted"]


def test_an_equation_before_an_implication_is_a_premise_and_what_follows_is_judged_under_it():
    text = r"Let $u$ and $v$ be numbers." "\n\n" r"$u - 2v = 0 \implies u = 2v$." "\n"
    by = verdicts(text)
    assert by[3] == ["definition", "proved"]  # the premise is supposed; u = 2v follows from it
    assert verdicts(text.replace("u = 2v$", "u = 3v$"))[3][1] != "proved"  # does not follow: not judged


def test_a_worked_examples_values_end_with_its_section_and_a_given_value_with_its_paragraph():
    text = (r"$$p = \sigma(z)$$" "\n\n" "## Example\n\n" r"$$z = 0.5 + 0.5 = 1$$" "\n\n"
            r"$$p = \sigma(1)$$" "\n\n" "## Proof\n\n" r"$$1 - p = \sigma(-z)$$" "\n")
    by = verdicts(text)
    assert by[7] == ["proved"] and by[11] == ["proved"]  # z = 1 in its section only
    given = (r"$$p = \sigma(z)$$" "\n\n" r"Given $z = 0$, $p = 0.5$." "\n\n" r"Then $1 - p = \sigma(-z)$." "\n")
    assert verdicts(given)[5] == ["proved"]
    assert verdicts(given.replace("$p = 0.5$", "$p = 0.6$"))[3][-1] == "refuted"


def test_a_bare_letter_reads_first_as_the_texts_own_quantity_of_that_letter():
    text = (r"$$\mathcal{L}_{DPO} = -\log \sigma\left(\beta \log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - "
            r"\beta \log \frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}\right)$$" "\n\n"
            r"$$h_\pi(x, y_w, y_l) = \log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - "
            r"\log \frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}$$" "\n\n"
            r"$$\nabla_\theta \mathcal{L}_{DPO} = -\beta \sigma(-\beta h) \nabla_\theta h$$" "\n")
    by = verdicts(text)
    assert by[5] == ["proved"]  # h is h_π (no β), not the standard margin (with β)
    assert verdicts(text.replace(r"\sigma(-\beta h)", r"\sigma(-h)"))[5] != ["proved"]


def test_a_chain_that_sets_an_expression_to_zero_is_solved_row_by_row():
    text = (r"Let $u$ be a number." "\n\n" r"$$0 = \sigma(u) - \sigma(-u)$$" "\n\n"
            r"$$= \frac{\sigma(u)(\sigma(u))^2 - \sigma(u)^2\sigma(-u)}{\sigma(u)^2}$$" "\n")
    by = verdicts(text)
    assert by[3] == ["refuted"] and by[5] == ["proved"]  # 0 = … is no identity; the step from it holds
    assert verdicts(text.replace(r"- \sigma(u)^2\sigma(-u)}", r"+ \sigma(u)^2\sigma(-u)}"))[5] == ["refuted"]


def test_a_conclusion_from_a_premise_in_the_prose_is_not_refuted():
    text = (r"$$\begin{align*} \sigma(z) &= P \\ => P &= \frac{1}{1 + e^{-z}} \\ "
            r"=> 0.5 &= \frac{1}{1 + e^{-z}} \\ => 1 &= 0.5 + 0.5e^{-z} \end{align*}$$" "\n")
    by = verdicts(text)
    assert by[1][-2:] == ["undefined", "proved"]  # P = 0.5 is in the prose; the next row follows from it
    assert verdicts(text.replace("0.5 + 0.5e^{-z}", "0.5 + e^{-z}"))[1][-1] != "proved"


def test_a_case_of_a_name_not_yet_defined_does_not_reach_back():
    text = (r"$$\frac{d}{dm} \left(m - \frac{1}{2\beta}\right)^2 = 2\left(m - \frac{1}{2\beta}\right)$$" "\n\n"
            r"- when $m = \frac{1}{2\beta}$ the gradient is zero." "\n")
    by = verdicts(text)
    assert by[1] == ["proved"] and by[3] == ["definition"]  # the display keeps its variable m
    assert verdicts(text.replace("= 2\\left(m", "= 3\\left(m"))[1] == ["refuted"]


def test_a_primed_name_beside_the_unprimed_one_and_a_hatted_calligraphic_letter_are_names():
    text = r"$$\hat{\mathcal{L}} = \frac{1}{2}(-\log \sigma(m')) + \frac{1}{2}(-\log \sigma(-m'))$$" "\n"
    assert verdicts(text)[1] == ["definition"]


def test_a_worked_examples_value_holds_from_where_it_is_given():
    text = (r"$$2(h - 1/(2\beta)) = 0 \implies h = \frac{1}{2\beta}.$$" "\n\n"
            r"With $\beta=0.1$: $h = 1/(0.2) = 5$." "\n")
    assert "refuted" not in verdicts(text)[1]  # h = 5 (the example) does not reach back to the line before
