"""Reading rules found on the seventeenth round of derivations written by others (a blog whose
displays are all wrapped in `\\left[ … \\right]`, a Hugo post in Markdown-escaped LaTeX, a Russian
course notebook in `\\textbf` and `\\Large`): each rule reads a line that was lost, and a planted
error under it is refuted.
"""
from __future__ import annotations

from test_checker_reading_rules import verdicts  # the same generous time limit, verdicts by line
from test_checker_reading_rules_others import proved_and_planted_refuted


def test_a_display_wrapped_whole_in_left_right_brackets_is_read_inside():
    # `\[ … \]` copied from a chat or a renderer comes out as `\left[ … \right]`
    proved_and_planted_refuted(r"$$\left[ \sigma(z) = \frac{1}{1 + e^{-z}} \right]$$" "\n", 1, "e^{-z}", "e^{z}")
    assert verdicts(r"Here $\left( z = 2 x \right)$ is the score." "\n")[1] == ["definition"]


def test_brackets_that_do_not_wrap_the_whole_line_stay_brackets():
    # `\left( a \right) = \left( b \right)`: two groups, not one wrapper
    assert verdicts(r"$$\left( 2 x \right) = \left( x + x \right)$$" "\n")[1] == ["proved"]
    assert verdicts(r"$$\left[ x \right]$$" "\n").get(1, []) != ["proved"]  # no relation inside: no claim made


def test_markdown_escaped_latex_of_hugo_sources_is_read():
    # `\_\{t=0\}`: subscript and brace escaped; `\[ … \]` for brackets; `\\\\\` at a row's end
    hugo = (r"\begin{equation}" "\n" r"\begin{aligned}" "\n"
            r"f(x) &= \sum\_\{t=0\}^2 \left\[ x^t \right\] \\\\\ " "\n"
            r"&= 1 + x + x^2" "\n" r"\end{aligned}" "\n" r"\end{equation}" "\n")
    assert verdicts(hugo)[3] == ["definition"] and verdicts(hugo)[4] == ["proved"]
    assert verdicts(hugo.replace("1 + x + x^2", "1 + x + 2x^2"))[4] == ["refuted"]


def test_bold_text_letters_are_names_and_sizes_are_dropped():
    # `\textbf{w}` is w (it was `\textb` times f times w); `\Large` only sets the size
    text = (r"$$\Large p = \sigma(\textbf{w}^\text{T}\textbf{x})$$" "\n\n"
            r"$$1 - p = \sigma(-\textbf{w}^\text{T}\textbf{x})$$" "\n")
    by = verdicts(text)
    assert by[1] == ["definition"] and by[3] == ["proved"]
    assert verdicts(text.replace(r"\sigma(-\textbf", r"\sigma(\textbf"))[3] == ["refuted"]


def test_exp_with_a_power_is_e_to_that_power():
    proved_and_planted_refuted(r"$$\frac{1}{1 + \exp^{-z}} = \frac{e^{z}}{1 + e^{z}}$$" "\n", 1, "{1 + e^{z}}", "{1 - e^{z}}")


def test_a_bare_sigma_differentiated_in_another_variable_is_not_read_as_sigma_of_z():
    # ∂σ/∂W = σ(1 − σ)X_i: σ of W^T X_i, which the line does not write; it was read as σ(z) and refuted
    line = r"$$\frac{\partial \sigma}{\partial W} = \sigma(1 - \sigma) X_i$$" "\n"
    assert "refuted" not in verdicts(r"Let $z = W X$." "\n\n" + line)[3]
    # in σ's own variable the bare σ is still read, and a slip in it refuted
    assert verdicts(r"$$\frac{d\sigma}{dz} = \sigma(1 - \sigma)$$" "\n")[1] == ["proved"]
    assert verdicts(r"$$\frac{d\sigma}{dz} = \sigma(1 + \sigma)$$" "\n")[1] == ["refuted"]


def test_one_name_with_two_numbers_of_arguments_is_two_functions():
    # R(τ) = Σ_t R(s_t, a_t): the return said in terms of the rewards, not an identity in one R
    text = r"$$R(\tau) = \sum_{t=0}^H R(s_t, a_t)$$" "\n"
    assert verdicts(text)[1] == ["undefined"]
    # the same reward with the same arguments on both sides is still an identity in it
    assert verdicts(r"$$R(s, a) = 2 R(s, a)$$" "\n")[1] == ["refuted"]


def test_a_case_named_by_an_instance_of_the_name_is_no_circle():
    # "first the case $u = u_o$": u_o is not u at index o (that went round in a circle, every line unparsed)
    text = (r"$$\frac{\partial \log(1 + e^{u_o v})}{\partial u_o} = \sigma(u_o v) v$$" "\n\n"
            r"First the case $$u=u_o$$:" "\n\n"
            r"$$\frac{\partial \log(1 + e^{u v})}{\partial u} = \sigma(u v) v$$" "\n")
    by = verdicts(text)
    assert by[1] == ["proved"] and by[5] == ["proved"]
    assert verdicts(text.replace(r"= \sigma(u v) v", r"= \sigma(-u v) v"))[5] != ["proved"]  # u_o, v never defined


def test_a_partial_derivative_of_a_negated_expression_is_read():
    proved_and_planted_refuted(r"$$\frac{\partial -\log\sigma(x)}{\partial x} = \sigma(x) - 1$$" "\n", 1, "- 1$$", "+ 1$$")


def test_tanh_in_text_font_is_tanh_so_a_wrong_identity_for_it_is_refuted():
    # `\text{tanh}(x) = 2σ(x) − 1` was read as a new definition of a function named tanh
    proved_and_planted_refuted(r"$$\text{tanh}(x) = 2\sigma(2x) - 1$$" "\n", 1, r"\sigma(2x)", r"\sigma(x)")


def test_accented_bold_letters_and_spacing_scripts_are_names():
    # `\mathring{\mathbf{x}}_{p}^{T}\mathbf{w}^{\,}`: x̊_p transposed times w (an empty script that only spaces)
    text = (r"$$g_p(\mathbf{w}) = \log\left(1 + e^{-\mathring{\mathbf{x}}_{p}^{T}\mathbf{w}^{\,}}\right)$$" "\n\n"
            r"$$g_p(\mathbf{w}) = -\log\sigma\left(\mathring{\mathbf{x}}_{p}^{T}\mathbf{w}\right)$$" "\n")
    assert verdicts(text)[1] == ["definition"] and verdicts(text)[3] == ["proved"]
    assert verdicts(text.replace(r"-\log\sigma", r"\log\sigma"))[3] == ["refuted"]



def test_a_log_in_a_letter_base_is_read():
    # `\log_{a}` in a base the text names (calculus notes); `\log_{10}` in a base of two digits
    proved_and_planted_refuted(r"$$\log_{a} x = \frac{\ln x}{\ln a}$$" "\n", 1, r"\frac{\ln x}{\ln a}", r"\ln x \ln a")
    assert verdicts(r"$$\lim_{t \to 0} \frac{\log_{a} (1+t)}{t} = \frac{1}{\ln a}$$" "\n")[1] == ["proved"]
    assert verdicts(r"$$\log_{10} 100 = 2$$" "\n")[1] == ["proved"]


def test_a_loss_over_other_draws_from_the_data_is_a_new_loss():
    # Bradley–Terry over pairs, then Plackett–Luce over K ranked responses, both named L_DPO
    pair = (r"$$L_{DPO} = -\mathbb{E}_{(x, y_w, y_l) \sim D}\left[\log \sigma\left(\beta \log "
            r"\frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - \beta \log \frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}\right)\right]$$"
            "\n\n")
    ranked = pair + (r"$$L_{DPO} = -\mathbb{E}_{\tau, y_1, \ldots, y_K, x \sim D}\left[\log \frac{e^{a_1}}"
                     r"{\sum_{k=1}^{K} e^{a_k}}\right]$$" "\n")
    assert verdicts(ranked)[3] == ["definition"]
    # over the same draws, another body is a claim about the same loss, and refuted
    same = pair + (r"$$L_{DPO} = -\mathbb{E}_{(x, y_w, y_l) \sim D}\left[\sigma\left(\beta \log "
                   r"\frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - \beta \log \frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}\right)\right]$$" "\n")
    assert verdicts(same)[3] == ["refuted"]


def test_a_bernoulli_likelihood_powers_each_factor_not_the_product():
    # σ(x)^y (1 − σ(x))^{1−y} was read as (σ(x)^y · (1 − σ(x)))^{1−y}: the bracket taken as an argument
    assert verdicts(r"$$\sigma(x)^{y} (1-\sigma(x))^{1-y} = \sigma(x)^{y} \cdot (1-\sigma(x))^{1-y}$$" "\n")[1] \
        == ["proved"]
    assert verdicts(r"$$p^{y}(1-p)^{1-y} = p^{y} \cdot (1-p)^{1-y}$$" "\n")[1] == ["proved"]
    log = r"$$\log(\sigma(x)^{y} (1-\sigma(x))^{1-y}) = y\log\sigma(x) + (1-y)\log(1-\sigma(x))$$" "\n"
    assert verdicts(log)[1] == ["proved"]
    assert verdicts(log.replace(r"+ (1-y)\log", r"+ y\log"))[1] == ["refuted"]
    # an inverse function stays applied to its argument
    assert verdicts(r"$$\sigma^{-1}(p) = \log\frac{p}{1-p}$$" "\n")[1] == ["proved"]


def test_a_likelihood_over_n_samples_is_read_as_the_exponential_of_a_sum():
    text = (r"$$L(W) = \prod_{i=1}^{n} \sigma(W X_i)^{y_i} (1 - \sigma(W X_i))^{1 - y_i}$$" "\n\n"
            r"$$\log L(W) = \sum_{i=1}^{n} \left[y_i \log \sigma(W X_i) + (1-y_i) \log(1 - \sigma(W X_i))\right]$$" "\n")
    assert verdicts(text)[1] == ["definition"] and verdicts(text)[3] == ["proved"]
    assert verdicts(text.replace(r"+ (1-y_i) \log", r"- (1-y_i) \log"))[3] == ["refuted"]
