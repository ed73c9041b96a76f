"""Reading rules found on derivations measured before tuning (the held-out corpus files): each
rule read right, and a planted error under it still refuted.
"""
from __future__ import annotations

from dpo_proof.checker.claims import check_text

# Generous: the limit only bounds a claim's time, and a loaded machine must not turn a verdict
# these tests expect into `skipped` (a timed-out claim is never counted as holding).
TIME_LIMIT = 30.0

MARGIN = (r"\beta\log\frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - "
          r"\beta\log\frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}")


def verdicts(text: str) -> dict[int, list[str]]:
    checks, _, _ = check_text(text, "notes.md", TIME_LIMIT)
    by: dict[int, list[str]] = {}
    for c in checks:
        by.setdefault(c.fields["line"], []).append(c.verdict)
    return by


def test_d_sigma_in_leibniz_notation_is_the_derivative_of_sigma_not_a_bare_sigma():
    by = verdicts(f"$$u = {MARGIN}$$\n\n"
                  r"$$\frac{d\sigma}{du} = \sigma(u) \times (1 - \sigma(u))$$" "\n\n"
                  r"$$\frac{d}{d\sigma}\log\sigma(u) = \frac{1}{\sigma(u)}$$" "\n\n"
                  r"$$\frac{d}{d\theta}\log(\sigma(u)) = \frac{du}{d\theta} \times \frac{d\sigma}{du}"
                  r" \times \frac{d}{d\sigma}\log(\sigma(u))$$" "\n\n"
                  r"$$\frac{d\sigma}{du} = \sigma(u)^2$$" "\n\n"
                  r"$$\frac{d}{d\sigma}\log\sigma(u) = \sigma(u)$$" "\n")
    assert by[3] == ["proved"] and by[5] == ["proved"] and by[7] == ["proved"]
    assert by[9] == ["refuted"] and by[11] == ["refuted"]  # planted


def test_a_primed_policy_is_another_policy_and_let_defines_a_name_anew():
    reward = r"r(x,y) = \beta\log\frac{\pi(y|x)}{\pi_{ref}(y|x)}"
    other = r"r'(x,y) = \beta\log\frac{\pi'(y|x)}{\pi_{ref}(y|x)}"
    text = (r"$$r(x,y) = \beta\log\frac{\pi_\theta(y|x)}{\pi_{ref}(y|x)} + 1$$" "\n\n"
            r"$$r'(x,y) = r(x,y) - 1$$" "\n\n"
            f"Let two rewards be\n\n$${reward},\\qquad {other}$$\n\n"
            r"Then $r = r'$ need not hold, but $\pi'(y|x) = \pi(y|x)$ gives $r = r'$." "\n")
    by = verdicts(text)
    assert by[7] == ["definition", "definition"]  # "Let": defined anew, not checked against line 1
    assert "refuted" not in by[9]  # r = r' for another policy π′: not an identity
    planted = verdicts(text.replace("Let two rewards be", "The two rewards are"))
    assert "refuted" in planted[7]  # said again without "let": checked against line 1


def test_a_function_written_with_the_parameters_letter_is_the_texts_own():
    assert verdicts(r"$$\nabla_\theta \phi_\theta(y) = 0$$")[1] == ["undefined"]  # never constant in θ
    by = verdicts(r"Linear case $\phi_\theta(y)=\theta^T \psi(y)$, so $\nabla_\theta \phi_\theta(y)=\psi(y)$"
                  r" and $\nabla_\theta \phi_\theta(y)=\theta \psi(y)$." "\n")
    assert by[1] == ["definition", "proved", "refuted"]  # θ^T a transpose; the last one planted


def test_t_is_a_power_where_the_text_defines_it():
    # (the planted line was a^T = a until the twenty-third round: a² = a now says a is 0 or 1, undefined)
    by = verdicts(r"$$T = 2$$" "\n\n" r"$$a^T = a \cdot a$$" "\n\n" r"$$a^T = 2a$$" "\n")
    assert by[3] == ["proved"] and by[5] == ["refuted"]


def test_a_form_given_to_the_policy_is_a_definition_and_lines_resting_on_it_are_not_judged():
    form = r"$$\pi_\theta(y|x)=\frac{\text{exp}(\phi_\theta(x,y))}{\sum_{y'}\text{exp}(\phi_\theta(x,y'))}$$"
    by = verdicts(form + "\n\n"
                  r"$$\nabla_\theta \log \pi_\theta(y|x)=\nabla_\theta \phi_\theta(x,y)-\sum_{y'} \pi_\theta(y'|x)"
                  r" \nabla_\theta \phi_\theta(x,y')$$" "\n\n"
                  f"$$\\nabla_\\theta \\mathcal{{L}} = -\\beta\\sigma(-u)\\nabla_\\theta u, \\quad u = {MARGIN}$$\n\n"
                  r"$$\sum_{y'} \pi_{ref}(y'|x) = \sum_{y} \pi_{ref}(y|x) + 1$$" "\n")
    assert by[1] == ["definition"]
    assert "refuted" not in by[3]  # it needs the form, which the checker does not use: not judged
    assert "refuted" in by[7]  # y′ another response; a line not writing the form's names is judged


def test_text_exp_and_text_log_are_the_functions():
    by = verdicts(r"$$\text{log} \mathrm{exp}(a) = a$$" "\n\n" r"$$\log \text{exp}(a) = a + 1$$" "\n")
    assert by[1] == ["proved"] and by[3] == ["refuted"]


def test_a_name_given_a_new_number_in_an_example_is_its_next_value_and_its_arithmetic_is_checked():
    by = verdicts(r"$$h_w=\log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)}=\log \frac{1/3}{1/3}=0$$" "\n\n"
                  r"After one step: $h_w=\log \frac{0.419}{1/3}=0.229$ and $h_w=\log \frac{0.419}{1/3}=0.5$." "\n")
    assert by[3] == ["definition", "numerically-true", "definition", "refuted"]  # the last one planted


def test_div_and_gt_are_read():
    by = verdicts(r"$$\exp(a) \div \exp(b) = \exp(a - b)$$" "\n\n" r"$$\exp(a) \div \exp(b) = \exp(a + b)$$" "\n\n"
                  r"$$p^*(y_1 \gt y_2|x) = \sigma(r^*(x,y_1) - r^*(x,y_2))$$" "\n")
    assert by[1] == ["proved"] and by[3] == ["refuted"] and by[5] == ["definition"]


def test_brackets_left_open_are_closed_as_their_nesting_allows_and_a_stray_closer_never_refutes():
    from dpo_proof.checker.brackets import close_brackets
    assert close_brackets(r"\big[\log\sigma(a - b\big]")[0] == r"\big[\log\sigma(a - b) \big]"
    assert close_brackets(r"\beta(a - b")[0] == r"\beta(a - b) "
    assert close_brackets(r"\left(a\right)") is None and close_brackets("a)") is None
    by = verdicts(r"$$r(x,y) = \beta(\log\pi_\theta(y|x) - \log\pi_{ref}(y|x)$$" "\n\n"
                  r"$$r(x,y) = \beta\log\frac{\pi_\theta(y|x)}{\pi_{ref}(y|x)}$$" "\n\n"
                  r"$$r(x,y) = \log\frac{\pi_\theta(y|x)}{\pi_{ref}(y|x)}$$" "\n\n"
                  r"$$\big[a - b\big) = \big[b - a\big]$$" "\n")
    assert by[1] == ["definition"] and by[3] == ["proved"]
    assert by[5] == ["refuted"]  # planted: the definition read with its `)` put in at the end
    assert by[7] == ["skipped"]  # a closer of the other kind: that reading does not refute


def test_a_reward_written_with_and_without_the_prompt_is_one_function():
    by = verdicts(r"$$\sigma(R(x,y_w)-R(x,y_l)) = \sigma(R(y_w)-R(y_l))$$" "\n\n"
                  r"$$\exp(R(y|x)) = \exp(R(x,y))$$" "\n\n" r"$$\exp(R(y|x)) = \exp(R(x,y_w))$$" "\n")
    assert by[1] == ["proved"] and by[3] == ["proved"] and by[5] == ["refuted"]


def test_let_before_a_run_of_displays_and_another_arity_define_a_name_anew():
    lagrangian = r"$$\mathcal{L}=\sum_y \pi(y)R(y) + \lambda(1-\sum_y \pi(y))$$"
    text = (lagrangian + "\n\n## Loss\n\nLet\n"
            f"$$u = {MARGIN}$$\n" r"$$\mathcal{L}=-\log \sigma(u)$$" "\n\n"
            r"$$\mathcal{L}(\pi,\lambda)=\sum_y \pi(y)R(y) + \lambda(1-\sum_y \pi(y))$$" "\n")
    by = verdicts(text)
    assert by[1] == ["definition"] and by[7] == ["definition"] and by[9] == ["definition"]
    planted = verdicts(text.replace("Let\n", "So\n"))
    assert planted[7] != ["definition"]  # said again without "let": checked against line 1


def test_a_function_at_a_response_given_by_numbers_is_an_example_value():
    by = verdicts(r"$$\exp(R(x,y)) = \exp(R(y|x))$$" "\n\n"
                  r"$$R(y_1)=1 \times \log \frac{0.335}{0.5}+\log 1.823=0.200$$" "\n\n"
                  r"$$R(y_1)=\log 2=0.9$$" "\n")
    assert by[3] == ["definition", "numerically-true"] and by[5] == ["definition", "refuted"]


def test_the_prompt_left_out_of_a_defined_reward_is_its_own_x():
    by = verdicts(r"$$\hat{r}_\theta(x,y) = \beta\log\frac{\pi_\theta(y|x)}{\pi_{ref}(y|x)}$$" "\n\n"
                  r"$$\hat{r}_\theta(y_w) - \hat{r}_\theta(y_l) = " + MARGIN + "$$\n\n"
                  r"$$\hat{r}_\theta(y_w) = \log\frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)}$$" "\n")
    assert by[3] == ["proved"] and by[5] == ["refuted"]


def test_a_derivative_in_a_variable_the_policy_depends_on_unwritten_goes_through_the_policy():
    by = verdicts(f"$$\\nabla_{{e_x}} \\log\\sigma({MARGIN}) = 0$$\n\n"
                  f"$$\\nabla_{{e_x}} \\log\\sigma({MARGIN}) = \\sigma(-({MARGIN})) \\nabla_{{e_x}} ({MARGIN})$$\n")
    assert by[1] == ["refuted"]  # never "proved" because e_x is not written in π_θ(y|x)
    assert by[3] == ["proved"]


def test_a_derivative_in_an_expression_is_taken_by_elimination_and_delta_r_is_one_name():
    text = (f"$$\\Delta r = {MARGIN}$$\n\n" r"$$\mathcal{L} = -\log\sigma(\Delta r)$$" "\n\n"
            r"$$\frac{\partial \mathcal{L}}{\partial (2\Delta r)} = -\frac{1}{2}(1 - \sigma(\Delta r))$$" "\n\n"
            r"$$\frac{\partial \mathcal{L}}{\partial (2\Delta r)} = -(1 - \sigma(2\Delta r))$$" "\n\n"
            r"$$\frac{\partial (\mathcal{L} + \log\pi_\theta(y_w|x))}{\partial (2\Delta r)} = 0$$" "\n")
    by = verdicts(text)
    assert by[1] == ["definition"] and by[5] == ["proved"]
    assert by[7] == ["refuted"]  # planted: β applied twice
    assert by[9] == ["unparsed"]  # not a function of 2Δr alone: no derivative in it


def test_tuples_of_numbers_are_read_entry_by_entry_and_a_named_vector_is_not():
    by = verdicts(r"$$(1,0,0)-(1/3,1/3,1/3)=(2/3,-1/3,-1/3)$$" "\n\n"
                  r"$$(0,0,0)-0.5 \times (-0.5,0.5,0)=(0.25,-0.25,0.1)$$" "\n\n"
                  r"$$\nabla_\theta u = (1,-1,0)$$" "\n\n"
                  r"$$(1.284,0.779,1)/3.063=(0.419,0.254,0.327)$$" "\n\n"
                  r"$$(1.284,0.779,1)/3.063=(0.419,0.254,0.337)$$" "\n")
    assert by[1] == ["proved"] * 3
    assert by[3] == ["numerically-true", "numerically-true", "refuted"]  # planted: 0 written 0.1
    assert by[5] == ["skipped"]  # a vector the checker does not have
    assert by[7] == ["numerically-true", "numerically-true", "skipped"]  # 0.3265 rounded to sum to 1
    assert by[9][2] == "refuted"  # planted: off by more than one unit


def test_beta_put_again_into_a_margin_that_holds_it_is_named_beta_twice():
    checks, _, _ = check_text(f"$$\\Delta r = {MARGIN}$$\n\n"
                              r"$$\nabla_\theta \mathcal{L} = -\beta\sigma(-\beta\Delta r)\nabla_\theta "
                              r"\log\frac{\pi_\theta(y_w|x)}{\pi_\theta(y_l|x)}$$" "\n\n"
                              r"$$\mathcal{L} = -\log\sigma(\Delta r)$$" "\n", "notes.md", TIME_LIMIT)
    (refuted,) = [c for c in checks if c.verdict == "refuted"]
    assert refuted.fields["diagnosis"]["slip"] == "beta-twice"


def test_lets_expand_is_not_a_supposition():
    text = (f"$$u = {MARGIN}$$\n\n" r"Let's expand: $u = \beta\log\pi_\theta(y_w|x)$" "\n")
    assert verdicts(text)[3] != ["definition"]  # said again: checked against line 1


def test_a_thin_space_around_equals_is_no_comma_ending_the_equation():
    by = verdicts(f"$$z \\,=\\, {MARGIN}$$\n\n" r"$$\ell_i \,=\, -\log\sigma(z)$$" "\n\n"
                  r"$$\ell_i \,=\, \log\sigma(z)$$" "\n")
    assert by[1] == ["definition"] and by[3] == ["definition"]  # never "starts with =" nor a chain
    assert by[5] == ["refuted"]  # planted: said again with the sign lost


def test_a_derivative_in_a_name_defined_through_another_name_keeps_it():
    delta = MARGIN.replace(r"\beta", "")
    by = verdicts(f"$$\\Delta = {delta}$$\n\n" r"$$z = \beta\Delta$$" "\n\n" r"$$\ell = -\log\sigma(z)$$" "\n\n"
                  r"$$\frac{\partial \ell}{\partial z} = \sigma(z) - 1$$" "\n\n"
                  r"$$\frac{\partial \ell}{\partial \theta} = \frac{\partial \ell}{\partial z}\cdot"
                  r"\frac{\partial z}{\partial \theta}$$" "\n\n"
                  r"$$\frac{\partial \ell}{\partial z} = 1 - \sigma(z)$$" "\n")
    assert by[7] == ["proved"] and by[9] == ["proved"]  # ∂z/∂θ, ∂ℓ/∂z never read as 0
    assert by[11] == ["refuted"]  # planted: the sign lost


def test_a_sum_over_a_responses_token_positions_is_its_log_probability():
    by = verdicts(r"$$\log \pi_\theta(y|x) = \sum_{t \in \text{resp}} \log \pi_\theta(y_t | x, y_{<t})$$" "\n\n"
                  r"$$\log \pi_\theta(y|x) = \sum_{t \in \text{resp}} \pi_\theta(y_t | x, y_{<t})$$" "\n")
    assert by[1] == ["proved"] and by[3] == ["refuted"]  # planted: the log left out
    token = r"\nabla_\theta \log \pi_\theta(y_t | x, y_{<t})"
    grads = verdicts(f"$$\\nabla_\\theta \\log \\pi_\\theta(y|x) = \\sum_{{t}} {token}$$\n\n"
                     f"$$\\nabla_\\theta \\log \\pi_\\theta(y|x) = 2\\sum_{{t}} {token}$$")
    assert grads[1] == ["proved"] and grads[3] == ["refuted"]  # planted: a factor 2


def test_a_product_is_never_read_as_a_sum_and_written_out_entries_are_the_texts_names():
    by = verdicts(r"$$M = \prod_{i=1}^{2} a_i$$" "\n\n" r"$$M = a_1 a_2$$" "\n\n"
                  r"$$\sum_{i=1}^{2} b_i = b_1 + b_2$$" "\n\n" r"$$M = a_1 + a_2$$" "\n\n"
                  r"$$L(a) = \prod_{(i,j) \in P} a_i a_j$$" "\n\n" r"$$L(a) = a_1 a_2$$" "\n")
    assert by[3] == ["proved"] and by[5] == ["proved"]
    assert by[7] == ["refuted"]  # planted: a sum for the product
    assert "refuted" not in by[9] + by[11]  # a product over a set: not read, never refuted
    tokens = verdicts(r"$$\pi_\theta(y|x) = \prod_{t=1}^{T} \pi_\theta(y_t | x, y_{<t})$$")
    assert tokens[1] == ["proved"]  # the chain rule of probability over the tokens


def test_pi_star_never_defined_is_the_optimal_policy_of_the_lines_reward():
    z = r"$$Z(x) = \sum_y \pi_{ref}(y|x) \exp(r(x,y)/\beta)$$"
    line = r"$$r(x, y) = \beta \log \frac{\pi^*(y|x)}{\pi_{ref}(y|x)} + \beta \log Z(x)$$"
    by = verdicts(f"{z}\n\n{line}\n\n{line.replace('+ ', '- ')}\n")
    assert by[3] == ["proved"]
    assert by[5] == ["refuted"]  # planted: false for the optimal policy too


def test_a_line_with_the_examples_numbers_in_it_is_checked_at_the_examples_values():
    def gradient(c: str) -> str:
        return (rf"$$-\nabla_\theta \mathcal{{L}} = {c} \nabla_\theta \log \pi_\theta(y_w|x) - {c} "
                rf"\nabla_\theta \log \pi_\theta(y_l|x)$$")
    example = (r"Example: $\beta = 0.5$, $\pi_{ref}(y_w|x) = 0.2$, $\pi_{ref}(y_l|x) = 0.2$, "
               r"$\log\frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} = \log 0.5$, "
               r"$\log\frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)} = \log 2$.")
    third, half = gradient(r"\frac{1}{3}"), gradient(r"\frac{1}{2}")
    by = verdicts(f"$$\\mathcal{{L}} = -\\log\\sigma({MARGIN})$$\n\n{example}\n\n{third}\n\n{half}\n")
    assert by[5] == ["numerically-true"]  # β σ(−u) = 1/3 with the example's numbers
    assert by[7] == ["refuted"]  # planted: 1/2 is not the example's coefficient


def test_a_responses_length_is_a_positive_number():
    by = verdicts(r"$$\mathcal{L}_S = -\log\sigma\left(\frac{\beta}{|y_w|}\log\pi_\theta(y_w|x) - "
                  r"\frac{\beta}{|y_l|}\log\pi_\theta(y_l|x)\right)$$" "\n\n"
                  r"$$a = \pi_\theta(y_w | x)$$" "\n\n" r"$$\frac{\beta}{|y_w|} = \frac{\beta}{|y_l|}$$" "\n")
    assert by[1] == ["definition"] and by[3] == ["definition"]  # π(y_w | x)'s bar is still the bar
    assert by[5] == ["refuted"]  # planted: two responses' lengths are not one


def test_a_sum_over_draws_is_not_read_as_a_plain_sum():
    kl = r"\sum_y \pi_\theta(y|x)\log\frac{\pi_\theta(y|x)}{\pi_{ref}(y|x)}"
    by = verdicts(f"$$D = {kl}$$\n\n"
                  r"$$D = \sum_{x \sim \mathcal{D}, y \sim \pi_\theta} \pi_\theta(y|x)\log\frac{\pi_\theta(y|x)}"
                  r"{\pi_{ref}(y|x)}$$" "\n\n"
                  r"$$D = \sum_y \pi_\theta(y|x)\log\frac{\pi_{ref}(y|x)}{\pi_\theta(y|x)}$$" "\n")
    assert by[3] == ["unparsed"]  # a mean or a plain sum: the text does not say
    assert by[5] == ["refuted"]  # planted: the ratio upside down


def test_rows_of_an_inline_span_alone_on_its_lines_are_a_display():
    text = ("Then\n\n" r"$\log\frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} \\" "\n"
            r"= \log\pi_\theta(y_w|x) - \log\pi_{ref}(y_w|x) \\" "\n" r"= \log\pi_\theta(y_w|x)$" "\n")
    by = verdicts(text)
    assert by[3] == ["no-relation"]  # the first row is reported, and the chain starts at it
    assert by[4] == ["proved"] and by[5] == ["refuted"]  # planted: a factor 2
    alone = verdicts("The objective:\n\n" r"$\max_\pi \mathbb{E}_{y \sim \pi}[r(x, y)]$" "\n\n"
                     r"We maximise $\max_\pi \mathbb{E}_{y \sim \pi}[r(x, y)]$ here." "\n")
    assert alone == {3: ["no-relation"]}  # alone on its line: a display step; in a sentence: prose


def test_log_without_its_backslash_or_its_space_is_the_log_of_a_one_letter_name():
    reward = r"$$r(x,y) = \beta \log\frac{\pi_r(y|x)}{\pi_{ref}(y|x)} + \beta \log Z(x)$$" "\n\n"
    by = verdicts(reward + r"$$r(x,y) = \beta log\frac{\pi_r(y|x)}{\pi_{ref}(y|x)} + \beta logZ(x)$$" "\n\n"
                  + r"$$r(x,y) = \beta log\frac{\pi_{ref}(y|x)}{\pi_r(y|x)} + \beta logZ(x)$$" "\n")
    assert by[3] == ["proved"] and by[5] == ["refuted"]  # the ratio upside down: planted


def test_a_font_wrapped_round_a_whole_call_styles_its_letter_only():
    by = verdicts(r"$$\mathcal{L_R(r_{\phi},\mathcal{D})} = -\mathbb{E}_{(x,y_w,y_l)\sim\mathcal{D}}"
                  r"\log\sigma(r_\phi(x,y_w) - r_\phi(x,y_l))$$" "\n\n"
                  r"$$\mathcal{L}_R(r_{\phi},\mathcal{D}) = -\mathbb{E}_{(x,y_w,y_l)\sim\mathcal{D}}"
                  r"\log\sigma(r_\phi(x,y_w) - r_\phi(x,y_l))$$" "\n\n"
                  r"$$\mathcal{L_R(r_{\phi},\mathcal{D})} = -\mathbb{E}_{(x,y_w,y_l)\sim\mathcal{D}}"
                  r"\log\sigma(r_\phi(x,y_l) - r_\phi(x,y_w))$$" "\n")
    assert by[1] == ["definition"] and by[3] == ["proved"] and by[5] == ["refuted"]  # swapped: planted


def test_an_outcome_named_in_another_script_is_one_name():
    by = verdicts(r"$$f(正面) = 2$$" "\n\n" r"$$3 f(正面) = f(正面) + 2 f(正面)$$" "\n\n"
                  r"$$3 f(正面) = f(正面) + f(反面)$$" "\n")
    assert by[3] == ["proved"] and by[5] != ["proved"] and "unparsed" not in by[5]
    assert "refuted" not in verdicts(r"$$P(i胜过j) = \frac{a_i}{a_i + a_j}$$" "\n")[1]  # a word between names


def test_a_worked_examples_value_of_a_defined_name_is_put_in_where_numbers_need_it():
    text = (r"$\beta = 0.5$" "\n\n" r"$$u = \beta \cdot m = 0.5 \times (-\log 4) = -\log 2$$" "\n\n"
            r"$$\mathcal{L} = -\log\sigma(u)$$" "\n\n"
            r"Put in $u = -\log 2$:" "\n\n"
            r"$$\sigma(u) = \sigma(-\log 2) = \frac{1}{1 + 2} = \frac{1}{3}$$" "\n\n"
            r"$$\mathcal{L} = -\log\sigma(u) = -\log\frac{1}{3}$$" "\n\n"
            r"$$1 - \sigma(u) = \frac{2}{3}$$" "\n")
    by = verdicts(text)
    assert by[7] == ["definition"]
    assert by[9] == ["proved", "proved", "proved"]
    assert by[11][-1] in ("proved", "numerically-true") and by[13] in (["proved"], ["numerically-true"])
    planted = verdicts(text.replace(r"1 - \sigma(u) = \frac{2}{3}", r"1 - \sigma(u) = \frac{1}{3}"))
    assert planted[13] == ["refuted"]


def test_equiv_between_expressions_is_an_identity_to_judge_not_a_definition():
    by = verdicts(r"$$\beta \log Z(x) - \beta \log Z(x) \equiv 0$$" "\n\n" r"$$\beta \log Z(x) + \beta \log Z(x) \equiv 0$$" "\n")
    assert by[1] == ["proved"] and by[3] != ["proved"] and "unparsed" not in by[3]


def test_a_name_with_an_index_of_a_defined_name_is_that_name_at_the_index():
    text = (r"The model is $p(A \succ B) = \frac{1}{1 + 10^{(R_B-R_A)/400}} = \frac{s_A}{s_A + s_B}$"
            r" with $s = 10^{R/400}$." "\n")
    assert verdicts(text)[1] == ["definition", "proved", "definition"]
    planted = verdicts(text.replace(r"\frac{s_A}{s_A + s_B}", r"\frac{s_B}{s_A + s_B}"))
    assert planted[1][1] == "refuted"
    # s_i with r_i never written: not guessed, and never refuted as an identity in s_i
    loose = verdicts(r"$$s = e^{r}$$" "\n\n" r"$$\frac{s_i}{s_i + s_j} = \frac{e^{q_i}}{e^{q_i} + e^{q_j}}$$" "\n")
    assert loose[3] == ["undefined"]


def test_taking_a_name_as_something_else_defines_it_anew():
    text = (r"$$s = 10^{R/400}$$" "\n\n" r"Taking the score as $s = e^r$ instead, $s_A = e^{r_A}$." "\n")
    assert verdicts(text)[3][0] == "definition"
    # without "taking": said again in another plain variable (r, never R nor an entry of it), s is another
    # quantity; said again in R, or through a name the text defines, it is checked against line 1
    assert verdicts(text.replace("Taking the score as", "Then"))[3][0] == "definition"
    assert verdicts(text.replace("Taking the score as", "Then").replace("e^r", "10^{R/200}"))[3][0] == "refuted"
    defined_r = "$$r = R/400$$\n\n" + text.replace("Taking the score as", "Then")
    assert verdicts(defined_r)[5][0] == "refuted"  # e^{R/400} is not 10^{R/400}


def test_a_name_said_again_in_unrelated_variables_is_another_quantity():
    softmax = r"$$p_i = \frac{\exp(x_i)}{\sum_k \exp(x_k)}$$" "\n\n"
    by = verdicts(softmax + r"$$p_i = \frac{1}{1 + \exp(-x)}$$" "\n")  # softmax, then sigmoid
    assert by[3] == ["definition"]
    entries = verdicts(softmax + r"$$p_i = \frac{\exp(x_1)}{\exp(x_1) + \exp(x_2)}$$" "\n")
    assert entries[3] != ["definition"]  # x_1, x_2 are entries of x_k: a restatement, checked


def test_a_row_after_nonumber_continues_its_chain():
    by = verdicts("$$\n\\begin{align}\n\\nonumber a&=2+1 \\\\\n\\nonumber &=3 \\\\\n\\nonumber &=4\n\\end{align}\n$$\n")
    assert by[3] == ["definition"] and by[4] == ["proved"] and by[5] == ["refuted"]


def test_a_heading_that_says_derivative_does_not_make_the_next_line_a_derivative():
    sigmoid = r"$\sigma(x) = \frac{1}{1 + e^{-x}}$" "\n"
    assert verdicts("# Sigmoid derivative\n\n" + sigmoid)[3] == ["proved"]
    assert verdicts("The derivative of " + sigmoid)[1] == ["refuted"]  # the prose reading still applies


def test_a_minus_at_the_start_of_a_line_inside_inline_math_is_not_a_list_item():
    by = verdicts("$a = 3\n- 1$ and $b = 3\n- 2$\n")
    assert by[1] == ["definition"] and by[2] == ["definition"]


def test_an_operator_followed_by_a_minus_takes_the_rest_of_the_sum():
    by = verdicts(r"$$\frac{\partial}{\partial v} - \log \sigma(a v) - b v = -(1 - \sigma(a v)) a - b$$" "\n\n"
                  r"$$\frac{\partial}{\partial v} - \log \sigma(a v) - b v = -(1 - \sigma(a v)) a$$" "\n")
    assert by[1] == ["proved"] and by[3] == ["refuted"]


def test_the_derivative_of_a_name_never_defined_is_unknown_and_a_short_name_reads_as_the_one_defined():
    defined = r"$J_{CE}(v) = -\log\sigma(u v)$" "\n\n"
    assert verdicts(r"$\frac{\partial}{\partial v} K = 0$" "\n")[1] == ["undefined"]  # never 0 unseen
    assert verdicts(defined + r"$\frac{\partial}{\partial v} J = -(1 - \sigma(u v)) u$" "\n")[3] == ["proved"]
    wrong = verdicts(defined + r"$\frac{\partial}{\partial v} J = (1 - \sigma(u v)) u$" "\n")
    assert wrong[3] == ["undefined"]  # a reading that may only confirm: the text may mean another J


def test_an_event_inside_a_probability_and_markdown_escaped_braces_are_read():
    by = verdicts(r"$$p(y = 1 | x, w) = \sigma(w x)$$" "\n\n"
                  r"$$\log \frac{p(y = 1 | x, w)}{1 - p(y = 1 | x, w)} = w x$$" "\n\n"
                  r"$$l = -\left\\{ y \log \mu + (1 - y) \log (1 - \mu) \right\\}$$" "\n")
    assert by[3] == ["proved"] and by[5] == ["definition"]
    assert "refuted" not in verdicts(r"$$\log \frac{p(y = 1 | x)}{p(y = 0 | x)} = w x$$" "\n")[1]  # events


def test_a_value_in_numbers_for_a_product_of_unknown_letters_is_taken_as_given():
    by = verdicts(r"$$OH = \frac{5 + 2 \times 1 - 3}{2} + 1 = 3$$" "\n\n" r"$$\sigma(0) = 0.4$$" "\n")
    assert by[1] == ["definition", "proved"] and by[3] == ["refuted"]


def test_a_limit_of_a_named_variable_at_a_number_or_infinity_is_computed():
    by = verdicts(r"$$\lim_{x \to \infty} \sigma(x) = 1, \quad \lim_{x \to -\infty} \sigma'(x) = 0$$" "\n\n"
                  r"$$\lim_{x \to -\infty} \sigma(x) = 1$$" "\n")
    assert by[1] == ["proved", "proved"] and by[3] == ["refuted"]


def test_a_simpo_reward_takes_the_length_of_the_response_it_is_applied_to():
    text = (r"$$r(x, y) = \frac{\beta}{|y|} \log \pi_\theta(y|x)$$" "\n\n"
            r"$$r(x, y_w) - r(x, y_l) = \frac{\beta}{|y_w|} \log \pi_\theta(y_w|x) - \frac{\beta}{|y_l|} \log \pi_\theta(y_l|x) + \gamma - \gamma$$" "\n\n"
            r"$$r(x, y_w) = \frac{\beta}{|y_l|} \log \pi_\theta(y_w|x)$$" "\n")
    by = verdicts(text)
    assert by[3] == ["proved"] and by[5] == ["refuted"]  # |y| at y_w is |y_w|, not |y_l|: planted


def test_a_chain_closed_with_dots_goes_on_in_the_display_that_opens_with_dots():
    by = verdicts("\\[\na = 2 \\\\\n= 1 + 1 = ...\n\\]\n\n\\[\n...= 3 - 1\n\\]\n\n\\[\n...= 3 - 2\n\\]\n")
    assert by[3] == ["proved"] and by[7] == ["proved"] and by[11] == ["refuted"]


def test_a_derivative_in_x_j_of_x_i_is_not_silently_zero():
    by = verdicts(r"$$g = x_i^2$$" "\n\n" r"$$\frac{\partial g}{\partial x_j} = 0$$" "\n\n"
                  r"$$\frac{\partial g}{\partial x_i} = 2 x_i$$" "\n\n" r"$$\frac{\partial g}{\partial x_i} = x_i$$" "\n")
    assert by[3] == ["undefined"] and by[5] == ["proved"] and by[7] == ["refuted"]


def test_a_name_written_without_the_index_of_its_definition_is_not_a_free_variable():
    by = verdicts(r"$$\mu_n = \sigma(w x_n)$$" "\n\n" r"$$2 \mu = 3 w$$" "\n\n" r"$$\mu (1 - \mu) = \mu - \mu^2$$" "\n\n"
                  r"$$\mu (1 - \mu) = \mu$$" "\n")
    assert by[3] == ["undefined"] and by[5] == ["proved"]
    assert verdicts(r"$$\mu (1 - \mu) = \mu$$" "\n")[1] == ["refuted"]  # with no μ_n: a lemma in μ
    assert verdicts(r"$$2 \mu = 3 w$$" "\n")[1] == ["undefined"]  # no name on both sides: not an identity


def test_a_sum_to_a_count_the_text_never_gives_is_still_judged():
    by = verdicts(r"$$\sum_{k=1}^K \log \sigma(a_k) = \log \prod_{k=1}^K \sigma(a_k)$$" "\n\n"
                  r"$$\sum_{k=1}^K \log \sigma(a_k) = K \log \sigma(a_1)$$" "\n")
    assert "refuted" not in by[1] and by[3] in (["refuted"], ["undefined"])


def test_hyperbolic_functions_spelled_brackets_and_integrals_with_bounds():
    by = verdicts(r"$$\frac{d\tanh(x)}{dx} = 1 - \tanh(x)^2$$" "\n\n" r"$$\tanh(x) = \sigma(2x)$$" "\n\n"
                  r"$$\mathcal{L} = -\mathbb{E}\lbrack \log \sigma(u) \rbrack = -\mathbb{E}[\log \sigma(u)]$$" "\n\n"
                  r"$$\int_{-\infty}^{\infty} \sigma'(x) dx = 2$$" "\n")
    assert by[1] == ["proved"] and by[3] == ["refuted"] and by[5] == ["definition", "proved"]
    assert by[7] == ["unparsed"]  # over numbers, not responses: never read as a sum


def test_a_product_of_probabilities_to_a_count_and_the_definitions_a_refutation_rests_on():
    text = (r"$$P = \prod_{i=1}^N \sigma(r_i)$$" "\n\n" r"$$\log P = \sum_{i=1}^N \log \sigma(r_i)$$" "\n\n"
            r"$$\log P = \sum_{i=1}^N \sigma(r_i)$$" "\n")
    checks, _, _ = check_text(text, "notes.md", TIME_LIMIT)
    verdict = {c.fields["line"]: (c.verdict, c.message) for c in checks}
    assert verdict[3][0] == "proved" and verdict[5][0] == "refuted"  # the log missing: planted
    assert "judged with this text's definition of `P` (line 1)" in verdict[5][1]


def test_an_inline_equals_after_a_noun_of_the_prose_starts_a_chain_of_its_own():
    by = verdicts("$u = 2$ and $v = 3$. Weight $= 1 - 0.33 = 0.67$; loss $= 2 + 2 = 5$.\n")
    assert by[1] == ["definition", "definition", "skipped", "numerically-true", "skipped", "refuted"]


def test_unicode_accents_and_a_definition_in_y_taken_at_a_response():
    by = verdicts("$$\\hat{y} = f(z)$$\n\n$$ŷ = f(z)$$\n\n$$r̂_w = 2$$\n\n$$\\hat{r}_w + 1 = 3$$\n\n$$\\hat{r}_w + 1 = 4$$\n")
    assert by[3] == ["proved"] and by[7] == ["proved"] and by[9] == ["refuted"]
    text = (r"$$\hat{r}_y = \beta \log \frac{\pi_\theta(y|x)}{\pi_{ref}(y|x)}$$" "\n\n"
            r"$$\hat{r}_w - \hat{r}_l = \beta \log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - \beta \log \frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}$$" "\n\n"
            r"$$\hat{r}_w - \hat{r}_l = \beta \log \frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)} - \beta \log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)}$$" "\n")
    by = verdicts(text)
    assert by[3] == ["proved"] and by[5] == ["refuted"]  # winner and loser swapped: planted


def test_the_prime_of_a_defined_quantity_of_the_policy_is_its_gradient_never_a_new_name():
    defined = r"$$f = \beta\log\pi_\theta(y_w|x)$$" "\n\n"
    assert verdicts(defined + r"$$f' = \beta\nabla_\theta \log \pi_\theta(y_w|x)$$" "\n")[3] == ["proved"]
    assert verdicts(defined + r"$$f' _ \theta = \nabla_\theta \log \pi_\theta(y_w|x)$$" "\n")[3] == ["refuted"]  # β


def test_display_math_with_blank_lines_inside_and_indices_of_responses():
    by = verdicts("$$\n\n\\sigma(-z) = 1 - \\sigma(z)\n\n$$\n\n$$\n\n\\sigma(-z) = \\sigma(z)\n\n$$\n")
    assert by[3] == ["proved"] and by[9] == ["refuted"]
    text = (r"$$r(x, y) = \beta \log \frac{\pi_\theta(y|x)}{\pi_{ref}(y|x)}$$" "\n\n"
            r"$$r_w - r_l = \beta \log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - \beta \log \frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}$$" "\n\n"
            r"$$r_w - r_l = \beta \log \frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)} - \beta \log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)}$$" "\n")
    by = verdicts(text)
    assert by[3] == ["proved"] and by[5] == ["refuted"]
    assert verdicts(r"$$q_w - q_l = 2 q_w$$" "\n")[1] == ["undefined"]  # q_w, q_l: quantities, not variables


def test_a_limit_in_beta_of_a_difference():
    by = verdicts(r"$$\lim_{\beta \rightarrow 0} -\frac{2}{\beta} \log \sigma(-\beta R) - \frac{2}{\beta}\log 2 = R$$" "\n\n"
                  r"$$\lim_{\beta \to 0} \frac{2}{\beta} \log \frac{1 + e^{\beta R}}{2} = 2 R$$" "\n")
    assert by[1] == ["proved"] and by[3] == ["refuted"]


def test_log_of_a_policy_over_a_policy_inline_is_the_log_of_the_ratio():
    by = verdicts(r"$h = \beta(\log\pi_\theta(y_w|x)/\pi_{ref}(y_w|x))$, so $h = \beta \log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)}$"
                  r" and $h = \beta \log \pi_\theta(y_w|x)$." "\n")
    assert by[1] == ["definition", "proved", "refuted"]


def test_a_reward_model_plainly_and_under_its_gradient_is_one_quantity():
    text = (r"$$\mathcal{L}_{RM}(\theta) = -\log\sigma(r_\theta(x, y_w) - r_\theta(x, y_l))$$" "\n\n"
            r"$$\nabla_\theta \mathcal{L}_{RM} = -(1 - \sigma(r_\theta(x, y_w) - r_\theta(x, y_l))) \nabla_\theta(r_\theta(x, y_w) - r_\theta(x, y_l))$$" "\n\n"
            r"$$\nabla_\theta \mathcal{L}_{RM} = -\sigma(r_\theta(x, y_w) - r_\theta(x, y_l)) \nabla_\theta(r_\theta(x, y_w) - r_\theta(x, y_l))$$" "\n")
    by = verdicts(text)
    assert by[3] == ["proved"] and by[5] == ["refuted"]
    assert verdicts(r"$\pi_{ref} = \pi^{SFT}$" "\n")[1] != ["refuted"]  # two policies named: not an identity in them


def test_an_odds_ratio_in_roman_and_the_models_probability_p_theta():
    text = (r"$$\text{OR}_\theta(y_w, y_l \mid x) = \frac{P_\theta(y_w \mid x) / (1 - P_\theta(y_w \mid x))}"
            r"{P_\theta(y_l \mid x) / (1 - P_\theta(y_l \mid x))}$$" "\n\n"
            r"$$\log \text{OR}_\theta(y_w, y_l \mid x) = \log \frac{\pi_\theta(y_w|x)}{1 - \pi_\theta(y_w|x)} - \log \frac{\pi_\theta(y_l|x)}{1 - \pi_\theta(y_l|x)}$$" "\n\n"
            r"$$\log \text{OR}_\theta(y_w, y_l \mid x) = \log \frac{\pi_\theta(y_w|x)}{1 - \pi_\theta(y_w|x)}$$" "\n")
    by = verdicts(text)
    assert by[1] == ["definition"] and by[3] == ["proved"] and by[5] == ["refuted"]


def test_github_math_fences_and_a_display_of_a_membership_are_in_the_report():
    by = verdicts("```math\n\\sigma(-z) = 1 - \\sigma(z)\n```\n\n```math\n\\sigma(-z) = \\sigma(z)\n```\n\n"
                  "```python\nx = 1\n```\n\n$$\\lambda \\in [0.05, 0.2]$$\n")
    assert by[2] == ["proved"] and by[6] == ["refuted"] and 10 not in by
    assert by[13] == ["no-relation"]  # reported, never dropped, and not judged


def test_the_derivative_of_sigma_at_a_number_is_sigma_prime_there():
    by = verdicts(r"$$\frac{d \sigma(1)}{d x} = \sigma(1)(1 - \sigma(1))$$" "\n\n" r"$$\frac{d \sigma(1)}{d x} = \sigma(1)$$" "\n")
    assert by[1] == ["proved"] and by[3] == ["refuted"]  # read as 0 it would refute the first: planted second
