"""Reading rules, twenty-fifth set. Each rule holds on a correct line, and a planted slip in it is
refuted.

- Rules of calculus in Lagrange's notation: `(1/v)' = -v'/v^2`, the quotient and product rules.
  Where the line primes the expression's variables themselves, ′ is d/dt on both sides, so the
  expression's prime is its total derivative. Where it primes none, the prime stays the derivative
  in the expression's one variable.
- A function shown under the name of an unreadable definition (L beside ℒ) is another function.
- A list item labelled in bold (`* **Hinge Loss (SVM):**`) defines its loss anew.
"""
from __future__ import annotations

import pytest

from test_checker_reading_rules import verdicts
from test_checker_reading_rules_others import proved_and_planted_refuted

QUOTIENT = r"$$\left(\frac{u}{v}\right)^\prime = \frac{u^\prime v - u v^\prime}{v^2}$$"


@pytest.mark.parametrize("line", [
    QUOTIENT,
    r"$$(1/v)' = -v'/v^2$$",
    r"$$(uv)' = u'v + uv'$$",
    r"$$(\log u)' = \frac{u'}{u}$$",
    r"$$\left(\sigma(v)\right)' = \sigma(v)(1 - \sigma(v))\, v'$$",
])
def test_a_rule_in_primes_is_proved(line):
    assert verdicts("The rule:\n\n" + line + "\n")[3] == ["proved"]


@pytest.mark.parametrize("line", [
    QUOTIENT.replace("v - u v", "v + u v"),  # the sign of the quotient rule
    r"$$(1/v)' = v'/v^2$$",  # the sign lost
    r"$$(uv)' = u'v'$$",  # the product rule as a product of primes
    r"$$(\log u)' = u'$$",  # the 1/u left out
    r"$$\left(\sigma(v)\right)' = \sigma(v)\, v'$$",  # σ′ = σ for σ(1 − σ)
])
def test_a_slip_in_a_rule_in_primes_is_refuted(line):
    assert verdicts("The rule:\n\n" + line + "\n")[3] == ["refuted"]


def test_a_prime_without_primed_variables_is_the_derivative_in_the_one_variable():
    assert verdicts("Then\n\n$$(\\log u)' = \\frac{1}{u}$$\n")[3] == ["proved"]
    assert verdicts("Then\n\n$$(\\log u)' = u$$\n")[3] == ["refuted"]
    assert verdicts("Then\n\n$$\\left(\\sigma(v)\\right)' = \\sigma(v)(1 - \\sigma(v))$$\n")[3] == ["proved"]


def test_a_function_is_not_taken_for_an_unreadable_definition_shown_under_its_name():
    # ℒ's definition cannot be read (ᵢ); L(1.0, 1) is another function, never defined: not judged,
    # where it was refuted as an identity in L because both are shown as L
    text = ("Global cost $$\\mathcal{L}(M, D) = \\sum_i L(M(xᵢ), yᵢ)$$\n\n"
            "Check $$L(1.0, 1) = -\\log(1.0) = 0$$\n")
    assert verdicts(text)[3][0] == "undefined"
    assert verdicts(text.replace("= -\\log(1.0) = 0", "= -\\log(1.0) = 1"))[3] == ["undefined", "refuted"]


def test_a_list_item_labelled_in_bold_defines_the_name_anew():
    # `* **Hinge Loss (SVM):**`: the colon inside the bold, the label over 40 characters
    text = ("* **Binary Cross-Entropy (Log Loss), the first one in this list:**\n\n"
            r"  $$\text{Loss} = -\log \sigma(m)$$" "\n\n"
            "* **Hinge Loss (SVM), the one support vector machines minimise:**\n\n"
            r"  $$\text{Loss} = \max(0, 1 - m)$$" "\n")
    assert verdicts(text)[7] == ["definition"]
    assert verdicts(text.replace("minimise:**", "minimise.**"))[7] == ["refuted"]  # no label: said again


def test_a_chain_whose_middle_is_not_read_does_not_refute_a_start_it_may_define():
    # ℓℓ = log ℒ names the log-likelihood; ℒ is not read here, so ℓℓ = y log θ + … is no identity in ℓ
    text = ("$$\\mathcal{L} = \\theta^y (1-\\theta)^{1-y} \\text{ pour } y ∈ \\{0, 1\\}$$\n\n"
            "$$\\ell\\ell = \\log(\\mathcal{L}) = y\\log(\\theta) + (1-y)\\log(1 - \\theta)$$\n")
    assert "refuted" not in verdicts(text)[3]
    # a start that is a function of its variable is a claim: σ(u) = … = σ(−u) is still refuted
    assert "refuted" in verdicts(text.replace("\\ell\\ell", "\\sigma(u)").replace(
        "y\\log(\\theta) + (1-y)\\log(1 - \\theta)", "\\sigma(-u)"))[3]


FUNCTION_AT_EXPRESSIONS = (
    r"Let $$\phi(\mathbf{w} \cdot \mathbf{x}) = \frac{1}{1 + e^{-\mathbf{w} \cdot \mathbf{x}}}$$" "\n\n"
    r"and $$L(M(x), y) = -\log\left[M(x) y + (1-M(x))(1-y)\right]$$" "\n\n"
    r"so $$\phi(0) = \frac{1}{2}$$ and $$L(0.5, 1) = \log 2$$" "\n")


def test_a_function_defined_at_an_expression_is_a_function_of_that_expression():
    by = verdicts(FUNCTION_AT_EXPRESSIONS)
    assert by[1] == ["definition"] and by[3] == ["definition"]  # φ(w·x) was read as φ × (w·x), and refuted
    assert by[5] == ["proved", "numerically-true"]
    planted = verdicts(FUNCTION_AT_EXPRESSIONS.replace(r"\frac{1}{2}$$", r"\frac{1}{3}$$")
                       .replace(r"\log 2$$", r"\log 3$$"))
    assert planted[5] == ["refuted", "refuted"]


def test_a_body_using_the_expressions_names_apart_is_no_function_of_it():
    # f(x^2) = x: no function of x² (x = ±√(x²)); left as it was, a claim about f
    assert verdicts("Then $$f(x^2) = x + 1$$\n")[1] != ["definition"]


def test_a_number_for_a_quantity_of_an_arbitrary_reward_is_an_example_value_not_a_claim():
    text = (r"$$P = \sigma(r(x, y_w) - r(x, y_l))$$" "\n\n"
            r"With equal rewards $P = 1/2$." "\n\n# In general\n\n"
            r"$$P = 1 - \sigma(r(x, y_l) - r(x, y_w))$$" "\n")
    assert verdicts(text)[3] == ["undefined"] and verdicts(text)[7] == ["proved"]
    # an identity over rewards with a slip in it is still refuted
    assert verdicts(text.replace(r"1 - \sigma(r(x, y_l)", r"\sigma(r(x, y_l)"))[7] == ["refuted"]
    # a whole number is a conclusion the text draws (a minimum of a KL is 0), still refuted for a reward
    assert verdicts(text.replace("$P = 1/2$", "$P = 1$"))[3] == ["refuted"]


def test_a_draw_written_with_thicksim_is_a_mean_under_that_distribution():
    text = (r"$$Z(x) = \sum_y \pi_{ref}(y|x) \exp(r(x, y)/\beta)$$" "\n\n"
            r"$$\mathbb{E}_{y\sim\pi(y|x)}\left[\log\pi(y|x) - \log Z(x)\right] = "
            r"\mathbb{E}_{y\thicksim\pi(y|x)}\left[\log\pi(y|x)\right] - \log Z(x)$$" "\n")
    # log Z taken out of the mean: Σ_y π(y|x) = 1
    proved_and_planted_refuted(text, 3, r"\right] - \log Z(x)$$", r"\right] + \log Z(x)$$")


def test_a_sum_with_its_index_spaced_off_is_bound():
    # `\sum  _{i} ^{n}` writes its index; Σ_i exp(x_i) and Σ_j exp(x_j) are one value
    text = (r"$$LSE(x) = \log\sum_{j}^{n}\exp(x_{j})$$" "\n\n"
            r"$$LSE(x) = \log\sum  _{i} ^{n}\exp\left(x_{i}\right)$$" "\n")
    proved_and_planted_refuted(text, 3, r"\exp\left(x_{i}\right)", r"\exp\left(2 x_{i}\right)")


def test_a_variance_defines_the_square_of_its_name():
    text = (r"$$\mu_t = \frac{1}{N}\sum_{i=1}^{N} x_i$$" "\n\n"
            r"$$\sigma_t^2 = \frac{1}{N} \sum_{i=1}^{N}(x_{i} - \mu_t)^2$$" "\n\n"
            r"$$\sigma_t^2 = \frac{1}{N}\sum_{i=1}^{N} x_i^2 - \mu_t^2$$" "\n")
    assert verdicts(text)[3] == ["definition"]  # it was refuted as an identity in σ_t
    proved_and_planted_refuted(text, 5, r"x_i^2 - \mu_t^2$$", r"x_i^2 + \mu_t^2$$")


def test_an_action_drawn_from_a_policy_is_its_response():
    # 𝔼_{a ∼ π_ref(·|s)}: a mean under the reference over the action a (bold as well), as over y
    line = (r"$$\mathbb{E}_{\mathbf{a}\sim \pi_{\mathrm{ref}}(\cdot |\mathbf{s})}\left[\beta \log \frac{\pi(\mathbf{a}|"
            r"\mathbf{s})}{\pi_{\mathrm{ref}}(\mathbf{a}|\mathbf{s})}\right] = -\beta \mathbb{D}_{\mathrm{KL}}"
            r"\left(\pi_{\mathrm{ref}}(\cdot |\mathbf{s})||\pi (\cdot |\mathbf{s})\right)$$")
    assert verdicts(line + "\n")[1] == ["proved"]
    assert verdicts(line.replace(r"= -\beta", r"= \beta") + "\n")[1] == ["refuted"]  # the sign of the KL


def test_a_layers_label_in_brackets_is_no_power():
    # z^{[2]}: the second layer's z (Andrew Ng's notation), not z squared
    text = (r"$$z^{[2]} = a^{[1]} W^{[2]} + b^{[2]}$$" "\n\n"
            r"$$\frac{\partial z^{[2]}}{\partial W^{[2]}} = a^{[1]}$$" "\n")
    assert verdicts(text)[1] == ["definition"] and verdicts(text)[3] == ["proved"]
    assert verdicts(text.replace(r"= a^{[1]}$$", r"= 2 a^{[1]}$$"))[3] == ["refuted"]


def test_the_log_of_a_name_defines_the_name():
    # log r_w = log π_θ(y_w|x)/π_ref(y_w|x): r_w is the ratio, not the reward r(x, y) at y_w
    text = (r"$$r(x,y) = \beta\log\frac{\pi_\theta(y|x)}{\pi_{ref}(y|x)}$$" "\n\n"
            r"$$\log r_w = \log\frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)}$$" "\n\n"
            r"$$\log r_l = \log\frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}$$" "\n\n"
            r"$$L = -\log\sigma(\beta \log r_w - \beta \log r_l)$$" "\n\n"
            r"$$\nabla_\theta L = -\beta \left(1 - \sigma\left(\beta(\log r_w - \log r_l)\right)\right)"
            r"\left(\nabla_\theta \log \pi_\theta(y_w|x) - \nabla_\theta \log \pi_\theta(y_l|x)\right)$$" "\n")
    by = verdicts(text)
    assert by[3] == ["definition"] and by[5] == ["definition"]  # both were refuted
    assert by[9] == ["proved"]
    slip = text.replace(r"\log r_w - \log r_l)\right)\right)", r"\log r_l - \log r_w)\right)\right)")
    assert verdicts(slip)[9] == ["refuted"]


def test_the_conditions_of_an_optimum_and_their_solution_are_not_identities():
    text = (r"Let $u=\theta_a-\theta_b$, $v=\theta_b-\theta_c$, $t=\tau^{-1}/2$." "\n\n"
            r"Setting the derivatives to zero gives $2u+v=2t$ and $u+2v=2t$, and solving gives $u=v=2t/3$." "\n")
    assert "refuted" not in verdicts(text)[3] and "definition" in verdicts(text)[3]
    # the same equations claimed outright: u = v is refuted
    assert "refuted" in verdicts(text.replace("Setting the derivatives to zero gives", "We have")
                                 .replace("solving gives", "so"))[3]


def test_the_log_of_a_defined_name_is_a_restatement_checked_against_it():
    text = (r"$$p_a = \frac{\exp(z_a)}{\sum_{j=1}^k \exp(z_j)}$$" "\n\nTaking logs:\n\n"
            r"$$\log p_a = z_a - \log\left(\sum_{j=1}^k \exp(z_j)\right)$$" "\n")
    proved_and_planted_refuted(text, 5, r"= z_a - \log", r"= z_a + \log")


def test_the_optimum_of_a_quadratic_in_one_number_is_its_vertex():
    line = r"$$\arg\min_c \sum_{i=1}^{3} \frac{1}{2}(y_i - c)^2 = \frac{y_1+y_2+y_3}{3}$$"
    assert verdicts(line + "\n")[1] == ["proved"]  # the mean; it was a value of its own, and refuted
    assert verdicts(line.replace("{3}$$", "{2}$$") + "\n")[1] == ["refuted"]
    assert verdicts("$$\\min_c (c^2 - 2c) = -1$$\n")[1] == ["proved"]
    assert verdicts("$$\\min_c (c^2 - 2c) = 1$$\n")[1] == ["refuted"]


def test_a_function_defined_at_an_expression_in_a_chain_and_pr_without_its_backslash():
    text = (r"$$\phi(\mathbf{w} \cdot \mathbf{x}) = \frac{1}{1 + e^{-\mathbf{w} \cdot \mathbf{x}}} = "
            r"Pr(y = 1 \mid \mathbf{x})$$" "\n\n"
            r"$$Pr(y = 0 \mid \mathbf{x}) = 1 - \phi(\mathbf{w} \cdot \mathbf{x})$$" "\n\n"
            r"$$\phi(0) = \frac{1}{2}$$" "\n")
    by = verdicts(text)
    assert by[1][0] == "definition" and "refuted" not in by[1]  # φ × (w·x) was refuted; Pr was P·r
    assert "refuted" not in by[3] and by[5] == ["proved"]
    assert verdicts(text.replace(r"\phi(0) = \frac{1}{2}", r"\phi(0) = \frac{1}{3}"))[5] == ["refuted"]


def test_a_difference_of_a_decorated_name_is_one_name():
    text = ("The gap is $\\Delta \\hat{r} = \\hat{r}_\\theta(x, y_w) - \\hat{r}_\\theta(x, y_l)$.\n\n"
            "$$-\\log\\sigma(\\Delta \\hat{r}) = \\log(1 + e^{-\\Delta \\hat{r}})$$\n")
    assert verdicts(text)[1] == ["definition"]  # Δ × r̂ was refuted
    proved_and_planted_refuted(text, 3, "e^{-\\Delta", "e^{\\Delta")
