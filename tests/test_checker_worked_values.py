"""Worked examples and names read as their writers mean them: a value of σ at a number is a new
example value, `With β = 1:` lets the next lines leave β out, a tuple written as a column vector names
its components, a policy under a letter the text never defines (π_r, π_s) is a quantity described in
words, a name first given only as a probability gets its model from the next definition, and φ_n is
the n-th example's features where φ is no parameter. Each rule is shown on a correct line and on the
same line with a planted slip.
"""
from __future__ import annotations

from test_checker_reading_rules import verdicts


def test_a_value_of_sigma_at_a_number_is_a_new_example_value():
    text = (r"At $r = 1$ we get $p = 1/2$." "\n\n"
            r"Numbers: at $r = 1.8$, $p = \sigma(0.8)$ and so on." "\n")
    assert verdicts(text)[3] == ["definition", "definition"]
    # a value that still has a name in it says what p is in general: a claim against p = 1/2
    assert "refuted" in verdicts(text.replace(r"p = \sigma(0.8)", r"p = \sigma(r - 1)"))[3]


def test_with_beta_set_to_one_the_lines_after_may_leave_it_out():
    text = (r"$$Z(x) = \sum_{y} \pi_{\mathrm{ref}}(y|x) \exp\left(\frac{1}{\beta} r(x, y)\right)$$" "\n\n"
            r"With $\beta = 1$:" "\n\n"
            r"$$Z(x) = \sum_{y} \pi_{\mathrm{ref}}(y|x) \exp\left(r(x, y)\right)$$" "\n")
    assert verdicts(text)[5] == ["numerically-true"]
    assert verdicts(text.replace(r"\exp\left(r(x, y)\right)$$", r"\exp\left(2 r(x, y)\right)$$"))[5] == ["refuted"]


def test_a_policy_under_a_letter_never_defined_is_not_a_free_policy():
    text = (r"$$Z(x) = \sum_{y} \pi_{\mathrm{ref}}(y|x) \exp\left(\frac{1}{\beta} r(x, y)\right)$$" "\n\n"
            r"$$r(x, y) = \beta \log \frac{\pi_r(y|x)}{\pi_{\mathrm{ref}}(y|x)} + \beta \log Z(x)$$" "\n")
    checks = verdicts(text)
    assert checks[3] == ["undefined"]  # π_r, the optimal policy of r, is described in words only
    # false whatever π_r is: still refuted
    assert verdicts(r"$$\log \pi_r(y|x) = \log \pi_r(y|x) + \beta$$" "\n")[1] == ["refuted"]


def test_a_tuple_written_as_a_column_vector_names_its_components():
    text = (r"$$\boldsymbol{t} = (t_1,\ldots,t_N)^T$$" "\n\n"
            r"$$\frac{\partial}{\partial y_n}\left(-t_n \ln y_n\right) = -\frac{t_n}{y_n}$$" "\n")
    checks = verdicts(text)
    assert checks[1] == ["definition"] and checks[3] == ["proved"]
    assert verdicts(text.replace(r"= -\frac{t_n}", r"= \frac{t_n}"))[3] == ["refuted"]


def test_a_name_given_only_as_a_probability_takes_the_model_defined_next():
    # p is defined meanwhile (by an example), so `y_n = σ(a_n)` is no restatement of p(C_1|φ_n)
    text = (r"$$y_n = p(\mathcal{C}_1\vert \phi_n)$$" "\n\n"
            r"Example: $$p(\boldsymbol{t}\vert \boldsymbol{w}) = y_1 (1 - y_2)$$" "\n\n"
            r"$$y_n = \sigma(a_n)$$, $$a_n = \boldsymbol{w}^T\phi_n$$" "\n\n"
            r"$$\frac{\partial y_n}{\partial \boldsymbol{w}} = y_n (1 - y_n)\phi_n$$" "\n")
    checks = verdicts(text)
    assert checks[5] == ["definition", "definition"] and checks[7] == ["proved"]
    assert verdicts(text.replace(r"= y_n (1 - y_n)", r"= y_n (1 + y_n)"))[7] == ["refuted"]


def test_features_of_an_example_written_phi_n_are_a_name_of_the_text():
    # φ is the policy's parameter only in a text that writes π_φ or ∇_φ
    text = (r"$$\phi_n = \phi(\boldsymbol{x}_n)$$" "\n\n"
            r"$$a_n = \boldsymbol{w}^T\phi_n$$" "\n\n"
            r"$$\frac{\partial a_n}{\partial \boldsymbol{w}} = \phi_n$$" "\n")
    checks = verdicts(text)
    assert checks[1] == ["definition"] and checks[5] == ["proved"]
    assert verdicts(text.replace(r"\partial \boldsymbol{w}} = \phi_n", r"\partial \boldsymbol{w}} = 2\phi_n"))[5] == ["refuted"]


def test_a_cases_row_s_condition_is_no_factor_of_its_value():
    # before, `& z \geq 0` was read as a factor z and a relation ≥: the stable sigmoid was refuted
    text = (r"$$\sigma(z) = \begin{cases} \frac{1}{1+e^{-z}} & z \geq 0 \\ \frac{e^z}{1+e^z} & z < 0 "
            r"\end{cases}$$" "\n")
    assert verdicts(text)[1] == ["proved"]
    # a first case that fails is not refuted (it may hold only under its condition), and not proved
    assert verdicts(text.replace(r"\frac{1}{1+e^{-z}} &", r"\frac{1}{1+e^{z}} &"))[1] == ["skipped"]
    relu = r"$$f(x) = \max(0, x)$$" "\n\n" r"$$f'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \leq 0 \end{cases}$$" "\n"
    assert verdicts(relu)[3] == ["skipped"]  # 1 only where x > 0: true, and never a false alarm


def test_a_value_under_the_policy_written_with_a_superscript_pi_is_a_name():
    # A^π(s, a), Q^π(s, a), V^π(s): before, `^\pi` made each a list of two items, unparsed
    text = (r"$$V^\pi(s) = s^2$$" "\n\n" r"$$Q^{\pi}(s, a) = s^2 + a$$" "\n\n"
            r"$$A^\pi(s, a) = Q^\pi(s, a) - V^\pi(s)$$" "\n\n" r"$$A^\pi(s, a) = a$$" "\n")
    checks = verdicts(text)
    assert checks[1] == checks[3] == checks[5] == ["definition"] and checks[7] == ["proved"]
    assert verdicts(text.replace(r"A^\pi(s, a) = a$$", r"A^\pi(s, a) = 2a$$"))[7] == ["refuted"]


def test_a_row_that_starts_with_a_minus_and_has_its_own_equals_is_a_row_of_its_own():
    # before, `-e^y &= -u` after `\\` was joined to the row above as `… = u - e^y = -u`
    text = ("$$\n\\begin{align}\n" r"y &= \log(u) \\" "\n" r"e^y &= u \\" "\n" r"-e^y &= -u" "\n"
            "\\end{align}\n$$\n")
    checks = verdicts(text)
    assert checks[4] == ["proved"] and checks[5] == ["proved"]
    assert verdicts(text.replace("-e^y &= -u", "-e^y &= u"))[5] == ["refuted"]
    # a row aligned at the relation (`&\quad - c`) still continues the one above
    assert verdicts("$$\n\\begin{align}\n" r"L &= a + b \\" "\n" r"&\quad - c = a + b - c" "\n"
                    "\\end{align}\n$$\n")[4] == ["proved"]


def test_two_primes_written_as_a_superscript_are_the_second_derivative():
    # before, `f^{\prime\prime}` was unparsed (one `\prime` in a superscript was read, two were not)
    text = r"$$f(x) = x^3$$" "\n\n" r"$$f^{\prime\prime}(x) = 6x$$" "\n\n" r"$$f^{\prime \prime}(1) = 6$$" "\n"
    checks = verdicts(text)
    assert checks[3] == ["proved"] and checks[5] in (["proved"], ["numerically-true"])
    assert verdicts(text.replace("= 6x$$", "= 3x^2$$"))[3] == ["refuted"]  # the first derivative for the second


def test_a_decimal_comma_in_braces_is_a_decimal_point():
    # `0{,}5` (European LaTeX): before, the comma made a tuple, unparsed
    text = r"$$\log(1{,}6) = 0{,}47$$" "\n"
    assert verdicts(text)[1] == ["numerically-true"]
    assert verdicts(text.replace("0{,}47", "0{,}57"))[1] == ["refuted"]


def test_the_comma_of_an_inner_product_does_not_split_a_chain():
    # before, `\langle w_u,h_i \rangle = …` was cut at the comma, as between two equations
    text = (r"$$\hat{x}_{ui} = \langle w_u,h_i \rangle$$" "\n\n"
            r"$$\frac{\partial \hat{x}_{ui}}{\partial w_u} = \langle 1, h_i \rangle = h_i$$" "\n")
    checks = verdicts(text)
    assert checks[1] == ["definition"] and checks[3] == ["proved", "proved"]
    assert verdicts(text.replace(r"\rangle = h_i$$", r"\rangle = 2 h_i$$"))[3][-1] == "refuted"


def test_a_row_after_an_example_value_continues_from_that_value():
    # before, `&= 0.2` under `p &= 0.5 \times 0.4` continued the chain before it (p = … = 0.8)
    text = ("$$p = 0.3$$\n\n"
            "$$\n\\begin{align*}\n" r"p &= 0.5 \times 1.6 \\" "\n" "&= 0.8\n\\end{align*}\n$$\n\n"
            "$$\n\\begin{align*}\n" r"p &= 0.5 \times 0.4 \\" "\n" "&= 0.2\n\\end{align*}\n$$\n")
    checks = verdicts(text)
    assert checks[6] == ["numerically-true"] and checks[13] == ["numerically-true"]
    assert verdicts(text.replace("&= 0.2\n", "&= 0.3\n"))[13] == ["refuted"]


def test_a_hyphenated_word_in_text_is_one_name():
    # `\text{log-loss}`: before, the hyphen made it prose, and the chain after it continued another line
    text = r"$$\text{log-loss} = -\log(1-p)$$" "\n\n" r"$$\frac{d}{dp}\text{log-loss} = \frac{1}{1-p}$$" "\n"
    checks = verdicts(text)
    assert checks[1] == ["definition"] and checks[3] == ["proved"]
    assert verdicts(text.replace(r"= \frac{1}{1-p}$$", r"= -\frac{1}{1-p}$$"))[3] == ["refuted"]


def test_a_relation_after_if_is_a_condition_not_a_claim():
    """268 line 18: "Bila $\\theta^T x = 0$ → the point is on the boundary" (Indonesian "if")."""
    text = (r"$$f(x) = \theta^T x$$" "\n\n"
            r"* Bila $\theta^T x = 0 \to$ titik berada tepat pada garis batas." "\n"
            r"* If $\theta^T x = 1$ the point is one unit away." "\n"
            r"当 $\theta^T x = 0$ 时，点在边界上。" "\n")
    supposed = verdicts(text)
    assert supposed[3] == supposed[4] == supposed[5] == ["definition"]
    # the same relations claimed, not supposed, are still refuted
    claimed = text.replace("Bila $", "Maka $").replace("If $", "So $").replace("当 $", "所以 $").replace("$ 时", "$")
    claims = verdicts(claimed)
    assert claims[3] == claims[4] == claims[5] == ["refuted"]
    # a true identity after "if" is still proved
    assert verdicts(r"If $\sigma(-x) = 1 - \sigma(x)$, then." "\n")[1] == ["proved"]
    # 350 line 72: "soit $y=0$, soit $1-y=0$" (either … or); 273 line 90: a chain of relations before 时
    assert verdicts(r"on a soit $y=0$, soit $1-y=0$, et un des deux termes tombe." "\n")[1][-1] == "definition"
    assert verdicts(r"当$\sigma(z) = 1 - \sigma(z) = 1/2$时" "\n")[1][0] == "definition"
    assert verdicts(r"所以$\sigma(z) = 1 - \sigma(z) = 1/2$" "\n")[1][0] == "refuted"
    # numbers alone: false under any condition, so still refuted
    assert verdicts(r"当$\sigma(0) = 1 - \sigma(0) = 0.4$时" "\n")[1] == ["proved", "refuted"]


def test_a_display_row_that_opens_with_the_word_if_is_a_condition():
    """248 line 33: `&if \\ j=i \\\\` in an align, the case of a softmax derivative."""
    text = "$$\n\\begin{align}\n&if \\ j=i \\\\\n&\\qquad a = 2\n\\end{align}\n$$\n"
    assert verdicts(text)[3] == ["definition"]
    assert verdicts(text.replace("&if \\ j=i", "&i f \\ j=i"))[3] == ["refuted"]  # the letters i and f


def test_two_names_set_equal_in_brackets_of_their_own_name_a_case():
    """294 line 149: "坏回答（$y = y_l$）的价值" after "好回答（$y = y_w$）"; 262 line 32: "Tied ($r_w = r_l$)"."""
    text = (r"$$v(y) = y^2$$" "\n\n" r"好回答（$y = y_w$）的价值：" "\n\n" r"$$v(y_w) = y_w^2$$" "\n\n"
            r"坏回答（$y = y_l$）的价值：" "\n\n" r"$$v(y_l) = y_l^2$$" "\n")
    assert verdicts(text)[7] == ["definition"]
    assert verdicts(text.replace("坏回答（$y = y_l$）", "坏回答 $y = y_l$"))[7] == ["refuted"]  # not in brackets
    # an identity in brackets is a claim: refuted when wrong
    assert verdicts(r"The derivative ($\sigma(-x) = \sigma(x)$) is symmetric." "\n")[1] == ["refuted"]


def test_a_value_given_to_a_name_in_code_is_no_step_of_the_chain_before():
    """310 line 177: "`pi_logratios` $=-2$，`ref_logratios` $=0$，`logits` $=-2$" gives three code names'
    values; before, `$=0$` was read as continuing `$=-2$` and refuted."""
    text = r"样本：`pi_logratios` $=-2$，`ref_logratios` $=0$，`logits` $=-2$。" "\n"
    assert verdicts(text)[1] == ["definition"] * 3
    # after a value in math, a `$= …$` with no code name before it continues it: refuted when it differs
    assert verdicts(r"样本：$a = 2 - 4$，`logits` $=0$。" "\n")[1] == ["definition", "definition"]
    assert verdicts(r"样本：$a = 2 - 4$，$=0$。" "\n")[1] == ["definition", "refuted"]


def test_a_function_restated_after_the_words_derivative_of_is_read_as_written():
    """145 line 38: "先求 Sigmoid 的导数：" then $$\\sigma(z) = \\frac{1}{1 + e^{-z}}$$, the function before
    its derivative is taken; read as its derivative it was refuted."""
    text = "先求 Sigmoid 的导数：\n$$\n\\sigma(z) = \\frac{1}{1 + e^{-z}}\n$$\n"
    assert verdicts(text)[3] == ["proved"]
    assert verdicts(text.replace("e^{-z}", "e^{z}"))[3] == ["refuted"]  # wrong either way
    # a line that holds only as the derivative is still read so
    assert verdicts(r"Derivative of $\log(x)=\frac{1}{x}$" "\n")[1] == ["proved"]
