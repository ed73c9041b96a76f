"""Readings found on the twenty-third round of derivations written by others (activation-function
summaries with one section per function, BCE-with-logits notes split by the sign of the logit,
Bradley–Terry estimators with worked numbers). Each rule is shown on a minimal text, and each
planted error is still caught.
"""
from __future__ import annotations

from dpo_proof.checker.claims import check_text
from test_checker_reading_rules import verdicts  # the same generous time limit, verdicts by line
from test_checker_reading_rules_others import proved_and_planted_refuted

SECTIONS = ("## Sigmoid\n\n" r"$$g(z) = \frac{1}{1 + e^{-z}}$$" "\n\n"
            "## Tanh\n\n" r"$$g(z) = \tanh(z)$$" "\n\n"
            r"$$g'(z) = 1 - \tanh^2(z)$$" "\n")


def test_a_name_defined_anew_under_a_heading_is_used_in_its_new_sense_by_the_lines_after():
    # before, g′ = 1 − tanh² was refuted against the sigmoid of the first section
    by = verdicts(SECTIONS)
    assert by[7] == ["definition"]
    proved_and_planted_refuted(SECTIONS, 9, r"1 - \tanh^2(z)", r"1 + \tanh^2(z)")
    # the derivative of the first section's g is not what the line says either
    assert verdicts(SECTIONS.replace(r"1 - \tanh^2(z)", r"g(z)(1 - g(z))"))[9] == ["refuted"]


def test_the_new_definition_says_the_other_reading_in_its_message():
    checks, _, _ = check_text(SECTIONS, "notes.md", 10.0)
    message = next(c.message for c in checks if c.fields["line"] == 7)
    assert "anew" in message and "line 3" in message and "would be wrong" in message
    # in the first definition's own section a different formula is a claim about it, and refuted
    same = SECTIONS.replace("## Tanh\n\n", "")
    assert verdicts(same)[5] == ["refuted"]


def test_a_power_on_a_hyperbolic_function_and_arctan_are_read():
    proved_and_planted_refuted(r"$$\tanh^2(z) = \tanh(z) \tanh(z)$$" "\n", 1, r"\tanh(z) \tanh(z)",
                               r"\tanh(z) + \tanh(z)")
    text = r"Let $g(z) = \arctan(z)$." "\n\n" r"$$g'(z) = \frac{1}{1 + z^2}$$" "\n"
    proved_and_planted_refuted(text, 3, "{1 + z^2}", "{1 - z^2}")


def test_a_defined_name_put_equal_to_numbers_is_an_example_value_and_the_step_after_is_judged():
    # (a definition written with numbers itself is followed by its example's next step, a definition)
    text = (r"$$\hat\Delta = \log\frac{w + c}{n - w + c}$$" "\n\n"
            r"With ten wins in ten, $$\hat\Delta = \log(10.5/0.5) = 3.04$$ here." "\n")
    by = verdicts(text)
    assert by[3] == ["skipped", "numerically-true"]
    # the step between the numbers is still judged: a wrong value is refuted
    assert verdicts(text.replace("= 3.04", "= 3.4"))[3] == ["skipped", "refuted"]


SIGNED = ("$$L(x) = \\log(1 + e^{-x}) + x$$\n\n"
          "x<0 时：\n\n"
          "$$\n\\begin{aligned}\nL(x) &= \\log(\\frac{e^{x}+1}{e^{x}}) + x \\\\\n"
          "&= \\log(1 + e^{x}) \\\\\n&= \\log(1+e^{-|x|})\n\\end{aligned}\n$$\n")


def test_a_sign_said_before_a_display_holds_for_its_rows():
    # |x| = −x for x < 0: the last row holds there only; before, it was refuted at a positive x
    by = verdicts(SIGNED)
    assert by[9] in (["proved"], ["numerically-true"])
    message = [c.message for c in check_text(SIGNED, "notes.md", 10.0)[0] if c.fields["line"] == 9][0]
    assert "x ≤ 0 as the text before the display says" in message
    # false on the said side too: still refuted
    assert verdicts(SIGNED.replace("&= \\log(1+e^{-|x|})", "&= \\log(1+e^{|x|})"))[9] == ["refuted"]
    # without the sign in the prose the row is an identity claimed for every x, and refuted
    assert verdicts(SIGNED.replace("x<0 时：", "展开："))[9] == ["refuted"]


def test_a_sign_in_words_in_inline_math_is_read_too():
    text = ("$$L(x) = \\log(1 + e^{-x}) + x$$\n\nFor $x \\ge 0$:\n\n"
            "$$L(x) = \\log(1 + e^{-|x|}) + |x|$$\n")
    assert verdicts(text)[5] in (["proved"], ["numerically-true"])
    assert verdicts(text.replace("+ |x|$$", "- |x|$$"))[5] == ["refuted"]


def test_a_square_equal_to_the_name_says_the_name_is_zero_or_one():
    # M² = M for a binary mask: a statement about M's values, not an identity in numbers to refute
    text = "For a binary mask, $$M_{r,i}^2 = M_{r,i}$$ here.\n"
    checks, _, _ = check_text(text, "notes.md", 10.0)
    assert [c.verdict for c in checks] == ["undefined"] and "is 0 or 1" in checks[0].message
    # false at 0 or 1 too: still refuted
    assert verdicts(text.replace("M_{r,i}^2 = M_{r,i}", "M_{r,i}^2 = 2 M_{r,i} + 1"))[1] == ["refuted"]


VECTOR = ("$$\\theta = \\begin{bmatrix} \\theta_0 \\\\ \\theta_1 \\\\ \\theta_2 \\end{bmatrix}$$\n\n"
          "$$\\begin{bmatrix} \\theta_0 & \\theta_1 \\end{bmatrix} \\begin{bmatrix} 1 \\\\ x_1 \\end{bmatrix}"
          " = \\theta_0 + \\theta_1 x_1$$\n")


def test_a_name_written_as_the_vector_of_its_components_and_a_row_times_a_column():
    # θ = [θ_0; θ_1; θ_2]: each entry reads θ_k = θ_k (read as θ = θ_k, it was refuted)
    by = verdicts(VECTOR)
    assert by[1] == ["proved"] * 3
    # entries that are not all θ's own components: a vector, not read entry by entry
    assert verdicts(VECTOR.replace("\\theta_1 \\\\ \\theta_2", "w_1 \\\\ w_2"))[1] == ["skipped"]
    # a row vector times a column vector is the sum of the entries' products
    proved_and_planted_refuted(VECTOR, 3, "= \\theta_0 + \\theta_1 x_1", "= \\theta_0 - \\theta_1 x_1")


def test_a_term_after_a_sum_that_writes_its_index_is_the_sums():
    # Σ_i a_i − y_i b_i: y_i and b_i mean nothing outside the sum; read outside, true lines were refuted
    text = r"$$\sum_{i=1}^{N} a_i - y_i b_i = \sum_{i=1}^{N} (a_i - y_i b_i)$$" "\n"
    proved_and_planted_refuted(text, 1, r"(a_i - y_i b_i)$$", r"(a_i + y_i b_i)$$")
    # a second sum over the same index is a sum of its own (its bound index is not the first's)
    two = r"$$\sum_{k=0}^{n-1} a_k + \sum_{k=0}^{n-1} b_{k+1} = \sum_{k=0}^{n-1} (a_k + b_{k+1})$$" "\n"
    proved_and_planted_refuted(two, 1, "(a_k + b_{k+1})", "(a_k - b_{k+1})")
    # a coefficient before the sum keeps it; a term without the index stays outside
    proved_and_planted_refuted(r"$$\frac{1}{N}\sum_{i=1}^{N} a_i + c = c + \frac{1}{N}\sum_{i=1}^{N} a_i$$" "\n",
                               1, "c + \\frac", "2c + \\frac")


def test_a_series_written_with_dots_against_its_value_is_not_judged():
    # λ² + λ³ + ⋯ = λ²/(1 − λ): the dots are not read as the pattern continued, so nothing is refuted
    text = r"$$(1-\lambda)(\lambda^2 + \lambda^3 + \dots) = \lambda^2$$" "\n"
    checks, _, _ = check_text(text, "notes.md", 10.0)
    assert [c.verdict for c in checks] == ["undefined"] and "`⋯`" in checks[0].message
    # terms written out on both sides are still compared
    assert verdicts(r"$$\lambda^2 + \lambda^3 + \dots = \lambda^2 + \lambda^4 + \dots$$" "\n")[1] == ["refuted"]


def test_a_reminder_in_a_sentence_with_another_formula_is_not_a_new_definition():
    # `Under the model, $h(x) = 1 \big/ 1 + e^{-x}$`: a reminder written wrongly, not read as a new h
    text = ("## Model\n\n" r"$$h(x) = \frac{1}{1 + e^{-x}}$$" "\n\n## Loss\n\n"
            r"Under the model, $h(x) = 1 \big/ 1 + e^{-x}$ and so" "\n\n"
            r"$$\log(1 - h(x)) = -x - \log(1 + e^{-x})$$" "\n")
    by = verdicts(text)
    assert by[7] == ["undefined"]
    proved_and_planted_refuted(text, 9, "= -x - \\log", "= x - \\log")


def test_a_row_of_numbers_after_a_row_in_the_examples_beta_takes_its_value():
    # Δr = 1 and β = 0.5 given, then `… = Δr/β = 2`: the 2 is the previous row at the example's β
    text = (r"With a reward gap $\Delta r = 1$ and $\beta = 0.5$, the optimum has "
            r"$\log\frac{\pi^\star(y_w)}{\pi_{ref}(y_w)} - \log\frac{\pi^\star(y_l)}{\pi_{ref}(y_l)} = "
            r"\Delta r/\beta = 2$ nats." "\n")
    assert verdicts(text)[1][-1] == "proved"
    assert verdicts(text.replace("= 2$", "= 3$"))[1][-1] == "refuted"


def test_a_sum_of_a_family_never_defined_set_to_a_number_is_a_condition():
    # Σ_i φ_i = 1 for class probabilities the text only names: a condition, not an identity to refute
    text = r"The class probabilities satisfy $$\sum_{i=1}^{k} \phi_i = 1$$ here." "\n"
    checks, _, _ = check_text(text, "notes.md", 10.0)
    assert [c.verdict for c in checks] == ["undefined"] and "a family this text never defines" in checks[0].message
    # a family the text defines is summed, and a wrong total refuted
    softmax = r"Let $p_i = \frac{e^{x_i}}{e^{x_1} + e^{x_2}}$." "\n\n" r"$$\sum_{i=1}^{2} p_i = 1$$" "\n"
    proved_and_planted_refuted(softmax, 3, "= 1$$", "= 2$$")


def test_a_name_given_a_vector_of_expressions_is_a_vector_not_its_first_entry():
    # ŷ = [g(x_1 w + b); g(x_2 w + b)]: before, ŷ was defined as the first entry and the second refuted
    text = r"$$\hat{y} = \begin{bmatrix} g(x_1 w + b) \\ g(x_2 w + b) \end{bmatrix}$$" "\n"
    checks, _, _ = check_text(text, "notes.md", 10.0)
    assert [c.verdict for c in checks] == ["definition"] and "a vector of 2 entries" in checks[0].message
    # two vectors written out are still compared entry by entry, and a wrong entry refuted
    pair = r"$$\begin{bmatrix} a + b \\ a - b \end{bmatrix} = \begin{bmatrix} b + a \\ a - b \end{bmatrix}$$" "\n"
    assert verdicts(pair)[1] == ["proved", "proved"]
    assert verdicts(pair.replace(r"\\ a - b \end{bmatrix}$$", r"\\ a + b \end{bmatrix}$$"))[1] == ["proved", "refuted"]


def test_only_a_power_of_the_name_equal_to_it_says_zero_or_one():
    # a polynomial that merely vanishes at 0 and 1 is an algebra slip, still refuted
    assert verdicts(r"$$(a(1-a))^2 = a(1-a)^2$$" "\n")[1] == ["refuted"]
    assert verdicts(r"$$I^3 = I$$" "\n")[1] == ["undefined"]


def test_a_row_of_vectors_that_continues_a_chain_is_not_judged_entry_by_entry():
    # `&= [φ_1; φ_2]` after a row: read entry by entry, φ_2 was refuted against φ_1 (the entry before)
    text = ("$$\n\\begin{aligned}\nh &= E[T] \\\\\n"
            "&= \\begin{bmatrix} \\phi_1 \\\\ \\phi_2 \\end{bmatrix}\n\\end{aligned}\n$$\n")
    assert "refuted" not in sum(verdicts(text).values(), [])
    assert verdicts(text)[4] == ["skipped"]


def test_a_search_for_the_premise_that_runs_out_of_time_says_so(monkeypatch):
    # whether a line follows from the condition before it is searched under a deadline; when the search
    # is cut, the verdict stays and the message says why (a faster machine may find it), never silently
    import time

    from dpo_proof.checker import continuations
    condition = r"$$r(x, y) - \beta \left(\log \frac{\pi(y|x)}{\pi_{ref}(y|x)} + 1\right) + \lambda = 0$$" "\n\n"
    text = condition + r"$$\log \pi(y|x) = \log \pi_{ref}(y|x) + \frac{r(x, y)}{\beta} + C(x)$$" "\n"
    checks, _, _ = check_text(text, "notes.md", 10.0)
    found = [c for c in checks if c.fields["line"] == 3][0]
    assert found.verdict == "proved" and "out of time" not in found.message
    monkeypatch.setattr(continuations, "follows", lambda *args: time.sleep(30))
    checks, _, _ = check_text(text, "notes.md", 1.0)
    cut = [c for c in checks if c.fields["line"] == 3][0]
    assert cut.verdict != "proved" and "could not be shown: out of time" in cut.message
