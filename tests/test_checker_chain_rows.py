"""Each row of a chain `a = b = c` is a claim of its own: `c = b` as well as `c = a`. Rules found on
the seventeenth round of derivations written by others (sign slips that a later row undoes, weights
λ_U named but never defined, worked values rounded on both sides, a margin written ψ): each keeps
a correct line from being refuted or catches a wrong one, and the planted error is shown caught.
"""
from __future__ import annotations

from test_checker_reading_rules import verdicts  # the same generous time limit, verdicts by line

from dpo_proof.checker.claims import check_text


def test_a_row_that_undoes_the_error_of_the_row_before_is_refuted():
    # d/dx[−log σ(−x)] is σ(x); the middle row loses the sign, the last one gets it back
    chain = (r"$$\frac{d}{dx}\left[-\log \sigma(-x)\right] = \frac{d}{dx}\left[\log(1-\sigma(x))\right]"
             r" = \frac{-\sigma'(x)}{1-\sigma(x)} = \sigma(x)$$" "\n")
    assert verdicts(chain)[1] == ["refuted", "refuted", "refuted"]
    checks, _, _ = check_text(chain, "notes.md", 10.0)
    assert "does not equal the line before" in checks[2].message
    assert "undoes the error" in checks[2].message


def test_a_row_after_a_refuted_row_that_it_equals_is_not_refuted_again():
    # the middle row is wrong; the last one equals it (and not the start): it follows, the error is earlier
    chain = r"$$\sigma'(z) = \sigma(z)(1+\sigma(z)) = \sigma(z) + \sigma(z)^2$$" "\n"
    assert verdicts(chain)[1] == ["refuted", "refuted"]
    checks, _, _ = check_text(chain, "notes.md", 10.0)
    assert "the error is earlier" in checks[1].message
    correct = r"$$\sigma'(z) = \sigma(z)(1-\sigma(z)) = \sigma(z) - \sigma(z)^2$$" "\n"
    assert verdicts(correct)[1] == ["proved", "proved"]


def test_a_row_after_one_equal_to_the_start_by_a_second_slip_follows_from_it():
    # the second row is refuted against the first; the third equals the second and the start: it holds
    chain = (r"$$\frac{d}{dz}(1-\sigma(z)) = -\frac{d}{dz}\sigma(-z) = -\sigma(z)(1-\sigma(z))"
             r" = -\sigma(z)\sigma(-z)$$" "\n")
    assert verdicts(chain)[1] == ["refuted", "refuted", "proved"]


def test_a_weight_named_but_never_defined_that_scales_both_sides_does_not_save_a_slip():
    # λ_D multiplies both sides: the line holds only where λ_D = 0
    slip = (r"Let $z = \beta\log\frac{\pi_\theta(y|x)}{\pi_{ref}(y|x)}$." "\n\n"
            r"$$\lambda_D\frac{d}{dz}\sigma(-z) = \lambda_D\sigma(-z)(1-\sigma(-z))$$" "\n")
    assert verdicts(slip)[3] == ["refuted"]
    right = slip.replace(r"= \lambda_D\sigma(-z)", r"= -\lambda_D\sigma(-z)")
    assert verdicts(right)[3] == ["proved"]
    # a name that does more than scale (it is added) still leaves the line not judged
    added = slip.replace(r"= \lambda_D\sigma(-z)(1-\sigma(-z))", r"= \lambda_D + \sigma(-z)(1-\sigma(-z))")
    assert verdicts(added)[3] == ["undefined"]


def test_a_chain_whose_start_is_not_judged_still_has_its_steps_refuted():
    # g never defined: the rows are compared with the start for no g, but each step on its own
    chain = r"$$\frac{d}{dx}\log g(x) = \frac{\sigma'(x)}{\sigma(x)} = 1 + \sigma(x)$$" "\n"
    assert verdicts(chain)[1] == ["undefined", "refuted"]
    checks, _, _ = check_text(chain, "notes.md", 10.0)
    assert "does not equal the line before" in checks[1].message
    assert verdicts(chain.replace("1 + \\sigma(x)", "1 - \\sigma(x)"))[1] == ["undefined", "proved"]


def test_a_value_rounded_on_the_left_agrees_to_its_own_last_decimal():
    # 1.027 against log 2.7933 = 1.02722: within half a unit of the third decimal written on the left
    assert verdicts(r"$$1.027 = \log 2.7933$$" "\n")[1] == ["numerically-true"]
    assert verdicts(r"$$1.024 = \log 2.7933$$" "\n")[1] == ["refuted"]  # three units off: a slip


def test_a_parameter_letter_that_is_not_the_policys_is_a_name_the_text_must_define():
    # ψ stands for the margin here (never defined); the policy's parameter is θ
    text = (r"$$\mathcal{L} = -\log\sigma\left(\beta\log\frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)}"
            r" - \beta\log\frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}\right)$$" "\n\n"
            r"$$\nabla_\theta \mathcal{L} = -\beta(1-\sigma(\psi))\left(\nabla_\theta\log\pi_\theta(y_w|x)"
            r" - \nabla_\theta\log\pi_\theta(y_l|x)\right)$$" "\n")
    assert verdicts(text)[3] == ["undefined"]
    # with ψ defined as the margin, the line is judged, and a slip in it refuted
    defined = text.replace("$$\\nabla", "with $\\psi = \\beta\\log\\frac{\\pi_\\theta(y_w|x)}{\\pi_{ref}(y_w|x)}"
                           " - \\beta\\log\\frac{\\pi_\\theta(y_l|x)}{\\pi_{ref}(y_l|x)}$\n\n$$\\nabla")
    assert verdicts(defined)[5] == ["proved"]
    assert verdicts(defined.replace("(1-\\sigma(\\psi))", "\\sigma(\\psi)"))[5] == ["refuted"]
    # the policy's own parameter stays the variable: σ(θ) differentiated in θ is judged
    assert verdicts(r"$$\frac{d}{d\theta}\log\sigma(\theta) = 1 + \sigma(\theta)$$" "\n")[1] == ["refuted"]


def test_checks_on_one_line_come_in_the_order_of_the_text():
    # the start cannot be read (a draw from the policy inside J): its message comes before the rows after it
    text = (r"$$J(\theta) = \mathbb{E}_{a_t \sim \pi_\theta(a_t|s_t)}[R(a_t)]$$" "\n\n"
            r"$$\nabla_\theta J = a(1-a) + a^2 = a$$" "\n")
    checks, _, _ = check_text(text, "notes.md", 10.0)
    on_three = [c for c in checks if c.fields["line"] == 3]
    assert [c.verdict for c in on_three][0] in ("unparsed", "skipped")
    assert on_three[-1].fields["source"].endswith("= a")


def test_a_sums_index_is_bound_so_renaming_it_changes_nothing():
    # Σ_i e^{x_i} and Σ_k e^{x_k} are one value (a softmax's denominator written with two letters)
    assert verdicts(r"$$\frac{e^{x_j}}{\sum_i e^{x_i}} = \frac{e^{x_j}}{\sum_k e^{x_k}}$$" "\n")[1] == ["proved"]
    assert verdicts(r"$$\frac{e^{x_j}}{\sum_i e^{x_i}} = \frac{e^{x_j}}{\sum_k e^{2 x_k}}$$" "\n")[1] == ["refuted"]
    # the index renamed inside the sum only: Σ_j e^{x_i} is the term e^{x_i} summed, not Σ_i e^{x_i}
    assert verdicts(r"$$\log\sum_i e^{x_i} - \log\sum_j e^{x_i} = 0$$" "\n")[1] == ["refuted"]
    # an index left out (`\sum_{}`) is guessed from the terms: there `x_i` for `x_k` may be the slip itself
    guessed = r"$$\frac{e^{x_j}}{\sum_{} e^{x_i}} = \frac{e^{x_j}}{\sum_{} e^{x_k}}$$" "\n"
    assert verdicts(guessed)[1] == ["refuted"]


def test_a_primed_function_at_a_defined_name_is_its_derivative_there_not_zero():
    # g′(z) with z = θx + b defined: g′ in g's own variable, taken at z (it was d/dz of g(θx + b) = 0)
    text = (r"Let $z = \theta x + b$." "\n\n" r"$$g(z) = \frac{1}{1 + e^{-z}}$$" "\n\n"
            r"$$g'(z) = g(z)(1 - g(z))$$" "\n")
    assert verdicts(text)[5] == ["proved"]
    assert verdicts(text.replace("(1 - g(z))$$", "(1 + g(z))$$"))[5] == ["refuted"]
