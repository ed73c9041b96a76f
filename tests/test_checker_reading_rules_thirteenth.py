"""Reading rules found on the twelfth and thirteenth sets of derivations written by others
(backpropagation notes, logistic-regression notebooks, DPO notes): each rule read right, and a
planted error under it still refuted, or still not proved where it must not be.
"""
from __future__ import annotations

from test_checker_reading_rules import verdicts  # the same generous time limit, verdicts by line

LOSS = r"$$L = -y \log a - (1 - y) \log (1 - a)$$" "\n\n"


def test_the_chain_rule_in_leibniz_fractions_is_read_as_the_chain_rule():
    text = LOSS + (r"$$\frac{\partial L}{\partial z} = \frac{\partial L}{\partial a} \cdot \frac{\partial a}{\partial z}$$"
                   "\n\n" r"$$\frac{\partial \xi}{\partial z} = \frac{\partial y}{\partial z} \frac{\partial \xi}{\partial y}$$"
                   "\n")
    by = verdicts(text)
    assert by[3] == ["proved"] and by[5] == ["proved"]  # the factors in either order
    planted = verdicts(text.replace(r"\frac{\partial a}{\partial z}$$", r"\frac{\partial a}{\partial w}$$"))
    assert planted[3] != ["proved"]  # ∂L/∂a · ∂a/∂w is no chain rule for ∂L/∂z


def test_the_chain_rule_over_several_names_and_indexed_examples():
    text = (r"$$\frac{\partial L^{(i)}}{\partial w_j} = \frac{\partial L^{(i)}}{\partial a^{(i)}}"
            r"\frac{\partial a^{(i)}}{\partial z^{(i)}} \times \frac{\partial z^{(i)}}{\partial w_j}$$" "\n")
    assert verdicts(text)[1] == ["proved"]
    assert verdicts(text.replace(r"\times \frac{\partial z^{(i)}}{\partial w_j}", ""))[1] != ["proved"]


def test_a_name_between_a_definition_and_its_body_is_defined_by_the_body():
    text = LOSS.replace("a", r"\hat{y}") + (r"With $\hat{y} = a = wx + b$ we get" "\n\n"
                                           r"$$\frac{\partial \hat{y}}{\partial w} = x$$" "\n\n"
                                           r"$$\frac{\partial a}{\partial b} = 1$$" "\n")
    by = verdicts(text)
    assert by[5] == ["proved"] and by[7] == ["proved"]
    assert verdicts(text.replace("} = 1$$", "} = 2$$"))[7] == ["refuted"]


def test_tex_over_is_a_fraction():
    text = r"$$\sigma(z) = {1 \over 1 + e^{-z}}$$" "\n\n" r"$$\sigma(z) = {1 \over 1 - e^{-z}}$$" "\n"
    by = verdicts(text)
    assert by[1] == ["proved"] and by[3] == ["refuted"]


def test_an_optimum_written_with_underset_and_mathjax_spaces():
    text = (r"$$\underset{\pi}{\max}\ \mathbb{E}_{y \sim \pi}[r(y)] = \underset{\pi}{\max}\space\mathbb{E}_{y \sim \pi}"
            r"\left[r(y)\right]$$" "\n\n"
            r"$$-\log \space \sigma(u)\ =\ \log(1 + e^{-u})$$" "\n\n"
            r"$$-\log \space \sigma(u)\ =\ \log(1 + e^{u})$$" "\n")
    by = verdicts(text)
    assert by[1] == ["proved"] and by[3] == ["proved"] and by[5] == ["refuted"]


def test_a_plain_e_over_draws_is_an_expectation():
    text = (r"$$E_{x \sim D} E_{y \sim \pi(y|x)} \log \frac{\pi(y|x)}{\pi_{ref}(y|x)} = "
            r"E_{x \sim D, y \sim \pi(y|x)} \log \frac{\pi(y|x)}{\pi_{ref}(y|x)}$$" "\n\n"
            r"$$E_{x \sim D} E_{y \sim \pi(y|x)} \log \frac{\pi(y|x)}{\pi_{ref}(y|x)} = "
            r"E_{x \sim D, y \sim \pi(y|x)} \log \frac{\pi_{ref}(y|x)}{\pi(y|x)}$$" "\n")
    by = verdicts(text)
    assert by[1] == ["proved"] and by[3] == ["refuted"]


def test_a_last_column_of_words_or_a_tag_is_a_note_on_the_row():
    text = ("$$\n\\begin{aligned}\n& a + \\beta b & (2) \\\\\n"
            "= & \\beta b + a & \\text{代入公式} \\\\\n"
            "= & \\beta (b + a) & \\text{引入}Z(x) \\\\\n\\end{aligned}\n$$\n")
    by = verdicts(text)
    assert by[4] == ["proved"]  # not 2(a + βb), nor times a word
    assert by[5] == ["refuted"]  # β(b + a) ≠ a + βb: the note does not hide it


def test_a_derivative_before_a_constant_factor_takes_the_product():
    text = (r"$$\frac{d}{dz}\lambda(1-\sigma(z)) = -\lambda\sigma(z)\sigma(-z)$$" "\n\n"
            r"$$\frac{d}{dz}\lambda(1-\sigma(z)) = \lambda\sigma(z)\sigma(-z)$$" "\n")
    by = verdicts(text)
    assert by[1] == ["proved"] and by[3] == ["refuted"]


def test_an_expectation_or_gradient_before_quad_still_takes_its_operand():
    text = (r"$$\nabla_{\theta} \quad \log \pi_\theta(y|x) = \frac{\nabla_\theta \pi_\theta(y|x)}{\pi_\theta(y|x)}$$" "\n\n"
            r"$$\nabla_{\theta} \quad \log \pi_\theta(y|x) = \nabla_\theta \pi_\theta(y|x)$$" "\n")
    by = verdicts(text)
    assert by[1] == ["proved"] and by[3] == ["refuted"]


def test_a_result_of_rounded_decimals_may_be_off_by_their_rounding():
    text = (r"$$\frac{0.731}{0.269} = 2.718$$" "\n\n" r"$$\frac{0.731}{0.269} = 2.728$$" "\n\n"
            r"$$\frac{1}{3} = 0.34$$" "\n")
    by = verdicts(text)
    assert by[1] == ["numerically-true"]  # 2.7175 exactly; 0.7305/0.2695 to 0.7315/0.2685 holds 2.718
    assert by[3] == ["refuted"] and by[5] == ["refuted"]  # beyond the rounding; an exact fraction has none


def test_expectations_of_random_variables_are_not_read_as_means_over_the_data():
    text = (r"$$\text{Var}(x) = \mathbb{E}\left[(x - \mathbb{E}[x])^2\right]$$" "\n\n"
            r"$$\text{Var}(a x) = a^2 \text{Var}(x)$$" "\n\n"
            r"$$\mathbb{E}[x^2] - (\mathbb{E}[x])^2 = 1$$" "\n")
    by = verdicts(text)
    assert set(by[3]) == {"unparsed"} and set(by[5]) == {"unparsed"}  # never refuted on a variance of 0
    assert verdicts(r"$$\mathcal{L} = -\mathbb{E}[\log \sigma(u)]$$" "\n")[1] == ["definition"]
