"""More reading rules found on derivations written by others (the corpus files 26–113): each rule
read right, and a planted error under it still refuted (or still not judged where it must not be).
"""
from __future__ import annotations

import sympy as sp
from test_checker_reading_rules import verdicts  # the same generous time limit, verdicts by line

from dpo_proof.checker.suppositions import at_reference, with_reference

H = (r"$h_\theta = \log \frac{\pi_\theta(y_w \mid x)}{\pi_{\mathrm{ref}}(y_w \mid x)} - "
     r"\log \frac{\pi_\theta(y_l \mid x)}{\pi_{\mathrm{ref}}(y_l \mid x)}$")
LOSS = (r"$$\mathcal{L}_{DPO} = -\log \sigma\left(\beta \log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - "
        r"\beta \log \frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}\right)$$")
GRADIENT = (r"-\beta\,\sigma\left(\beta \log \frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)} - "
            r"\beta \log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)}\right)\left[\nabla_\theta \log \pi_\theta(y_w|x)"
            r" - \nabla_\theta \log \pi_\theta(y_l|x)\right]")


def test_the_policy_set_to_the_reference_is_a_supposition_for_its_paragraph():
    text = (f"Let {H}.\n\n"
            r"At the start ($\pi_\theta = \pi_{\mathrm{ref}}$) we have $h_\theta = 0$, so the loss is "
            r"$-\log\sigma(\beta h_\theta) = \log 2$." "\n\n"
            r"Later $h_\theta = 0$ is no longer true." "\n")
    by = verdicts(text)
    assert by[3] == ["definition", "proved", "proved"]
    assert by[5] == ["refuted"]  # past the paragraph the supposition no longer holds
    planted = verdicts(text.replace(r"$h_\theta = 0$, so", r"$h_\theta = 1$, so"))
    assert planted[3][:2] == ["definition", "refuted"]  # a wrong value under the supposition


def test_under_the_supposition_gradients_of_the_policy_are_kept():
    text = (f"Let {H}.\n\n"
            r"With $\pi_\theta = \pi_{\mathrm{ref}}$, $\nabla_\theta h_\theta = \nabla_\theta \log \pi_\theta(y_w|x)"
            r" - \nabla_\theta \log \pi_\theta(y_l|x)$ and $\nabla_\theta h_\theta = 0$." "\n")
    assert verdicts(text)[3] == ["definition", "proved", "refuted"]  # ∇π_θ is not 0 at π_θ = π_ref


def test_only_a_bare_policy_against_a_bare_reference_is_a_supposition():
    pi_theta, pi_ref, pi = sp.Symbol("pi_theta"), sp.Symbol("pi_ref"), sp.Symbol("pi")
    assert at_reference(pi_theta, pi_ref, {}) and at_reference(pi_ref, pi, {})
    assert not at_reference(pi_theta, pi_theta, {})  # not a supposition: an identity
    assert not at_reference(pi_theta, pi_ref, {"pi_theta": object()})  # the text defines π_θ: a claim
    assert not at_reference(sp.Symbol("r"), pi_ref, {})
    f = sp.Function("pi_y_w", positive=True)(sp.Symbol("theta"))
    replaced = with_reference(sp.log(f) + sp.Derivative(f, sp.Symbol("theta")))
    assert replaced.has(sp.Symbol("piref_y_w", positive=True)) and replaced.has(sp.Derivative)
    bare = sp.Symbol("pi_theta", real=True)  # the bare names of the text are real symbols
    assert with_reference(bare / sp.Symbol("pi_ref", real=True)) == 1


def test_a_ratio_of_the_bare_policies_under_the_supposition_is_judged():
    text = r"At the start ($\pi_\theta = \pi_{\mathrm{ref}}$) the ratio is $\pi_\theta / \pi_{\mathrm{ref}} = 1$." "\n"
    assert verdicts(text)[1] == ["definition", "proved"]
    assert verdicts(text.replace("= 1$", "= 2$"))[1] == ["definition", "refuted"]


def test_a_font_round_a_whole_relation_keeps_the_relation():
    by = verdicts(r"$$\mathbf{\sigma(-z) = 1 - \sigma(z)}$$" "\n\n"
                  r"$$\boldsymbol{\sigma(-z) = \sigma(z)}$$" "\n\n"
                  r"$$\mathbf{x} = \mathbf{x}$$" "\n")
    assert by[1] == ["proved"] and by[3] == ["refuted"] and by[5] == ["proved"]


def test_a_bare_loss_name_is_read_as_the_only_loss_of_that_letter_defined():
    text = f"{LOSS}\n\n$$\\nabla_\\theta \\mathcal{{L}} = {GRADIENT}$$\n"
    assert verdicts(text)[3] == ["proved"]
    planted = verdicts(text.replace(r"-\beta\,\sigma", r"\beta\,\sigma"))
    assert planted[3] == ["undefined"]  # a reading that may only confirm: never a refutation


def test_a_bare_loss_name_is_read_as_the_last_of_several_defined_before_it():
    other = r"$$\mathcal{L}_{IPO} = \left(\log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - \frac{1}{2\beta}\right)^2$$"
    text = f"{other}\n\n{LOSS}\n\n$$\\nabla_\\theta \\mathcal{{L}} = {GRADIENT}$$\n"
    assert verdicts(text)[5] == ["proved"]
    swapped = f"{LOSS}\n\n{other}\n\n$$\\nabla_\\theta \\mathcal{{L}} = {GRADIENT}$$\n"
    assert verdicts(swapped)[5] == ["undefined"]  # the last one is IPO's: the line does not hold with it


def test_logit_and_sigma_inverse_are_the_inverse_of_sigma():
    by = verdicts(r"$$\sigma(\mathrm{logit}(p)) = p$$" "\n\n" r"$$\sigma^{-1}(x) = \log\frac{x}{1-x}$$" "\n\n"
                  r"$$\sigma^{-1}(\sigma(z)) = z^2$$" "\n\n" r"Also $2\sigma^{-1} = 1$." "\n")
    assert by[1] == ["proved"] and by[3] == ["proved"] and by[5] == ["refuted"]
    assert by[7] == ["unparsed"]  # σ^{-1} with no argument is never a free number
    # (as the numerator of a derivative, dσ^{-1}/dz, it is the logit's: test_checker_reading_rules_twentyfourth)


def test_a_bare_prime_mark_and_eqnarray_rows_are_read():
    rows = (r"\begin{eqnarray}" "\n"
            r"\displaystyle\bigg\{\frac{1}{1+e^{-x}}\bigg\}^\prime&=&\frac{1\prime\cdot(1+e^{-x})-(1+e^{-x})\prime\cdot1}"
            r"{(1+e^{-x})^2}\\" "\n"
            r"\displaystyle&=&\frac{e^{-x}}{(1+e^{-x})^2}\dots(分子で1を足して引く)\\" "\n"
            r"\displaystyle&=&\sigma(x)\{1-\sigma(x)\}" "\n" r"\end{eqnarray}")
    by = verdicts(f"\\(\n{rows}\n\\)\n")
    assert by[3] == ["proved"] and by[4] == ["proved"] and by[5] == ["proved"]
    wrong = rows.replace(r"\{1-\sigma(x)\}", r"\{1+\sigma(x)\}")
    planted = verdicts(f"\\(\n{wrong}\n\\)\n")
    assert planted[5] == ["refuted"]
    assert verdicts(r"$$\left\{\frac{1}{1+e^{-1}}\right\}' = \frac{e^{-x}}{(1+e^{-x})^2}$$")[1] == ["refuted"]  # 1′ = 0


def test_a_function_named_between_a_definition_and_its_body_is_defined_too():
    text = (r"$$u = g(x) = 1 + e^{-x}$$" "\n\n" r"$$\frac{du}{dx} = g'(x)$$" "\n\n"
            r"$$g'(x) = -e^{-x}$$" "\n\n" r"$$g'(x) = e^{-x}$$" "\n")
    by = verdicts(text)
    assert by[1] == ["definition", "proved"] and by[3] == ["proved"] and by[5] == ["proved"]
    assert by[7] == ["refuted"]  # f′(x) of a defined f is its derivative: a claim, not a new name


def test_kl_of_vectors_defined_by_their_entries():
    text = (r"$$KL(p\Vert q)=\sum_i p_i\log\frac{p_i}{q_i}$$" "\n\n"
            r"$$p_i = \frac{e^{s_i}}{\sum_j e^{s_j}},\quad q_i = \frac{e^{t_i}}{\sum_j e^{t_j}}$$" "\n\n"
            r"$$KL(p\Vert q) = \sum_i p_i (s_i - t_i) - \log\sum_j e^{s_j} + \log\sum_j e^{t_j}$$" "\n\n"
            r"$$KL(p\Vert q) = \sum_i p_i (s_i - t_i)$$" "\n")
    by = verdicts(text)
    assert by[5] in (["proved"], ["numerically-true"])  # Σ_i and Σ_j over one vector: entries shared; p_i (…) a product
    assert by[7] == ["refuted"]
    example = verdicts(text.split("$$KL(p\\Vert q) = \\sum_i")[0] + "For $p=[0.9, 0.1]$, $q=[0.5, 0.5]$:\n\n"
                       r"$$KL(p\Vert q) = 0.9\log\frac{0.9}{0.5} + 0.1\log\frac{0.1}{0.5}$$" "\n")
    assert "refuted" not in [v for vs in example.values() for v in vs]  # the example's vectors: not read


def test_words_in_text_and_lengths_and_row_breaks_followed_by_a_control_space():
    by = verdicts(r'$$\log P(\text{[EOS]} \mid \text{"Có"}) = \log P(\text{[EOS]} \mid \text{"Có"})$$' "\n\n"
                  r"$$\frac{1}{\lvert y \rvert}\log\pi_\theta(y|x) = \frac{\log\pi_\theta(y|x)}{|y|}$$" "\n\n"
                  "$$\n\\begin{aligned}\nD =&\\, a + b \\\\\\  \n=&\\, b + a \\\\\\  \n=&\\, a - b\n\\end{aligned}\n$$\n")
    assert by[1] == ["proved"] and by[3] == ["proved"]
    assert by[8] == ["proved"] and by[9] == ["refuted"]


def test_a_name_defined_without_parameters_before_a_bracketed_sum_multiplies_it():
    by = verdicts(r"$$u = a + b$$" "\n\n" r"$$u(a - b) = a^2 - b^2$$" "\n\n" r"$$u(a - b) = a^2 + b^2$$" "\n")
    assert by[3] == ["proved"] and by[5] == ["refuted"]


def test_max_of_two_values_absolute_values_and_binomials():
    by = verdicts(r"$$\log \sigma(x) = -\max(-x,0) - \log(1+e^{-|x|})$$" "\n\n"
                  r"$$\log \sigma(x) = -\max(x,0) - \log(1+e^{-|x|})$$" "\n\n"
                  r"$$\frac{3}{\binom{3}{2}} = 1$$" "\n\n" r"$$\frac{3}{\binom{4}{2}} = 1$$" "\n")
    assert by[1] in (["proved"], ["numerically-true"]) and by[3] == ["refuted"]
    assert by[5] == ["proved"] and by[7] == ["refuted"]


def test_a_bare_mean_beside_a_mean_under_the_policy_is_read_as_it_only_to_confirm():
    text = (r"$$J(\theta) = \mathbb{E}_{y \sim \pi_\theta(y|x)}[r(x,y)]$$" "\n\n"
            r"$$\nabla_\theta J(\theta) = \mathbb{E}\bigl[r(x,y)\,\nabla_\theta\log\pi_\theta(y\mid x)\bigr]$$" "\n\n"
            r"$$\nabla_\theta J(\theta) = \mathbb{E}\bigl[r(x,y)\,\nabla_\theta\pi_\theta(y\mid x)\bigr]$$" "\n")
    by = verdicts(text)
    assert by[3] == ["proved"] and by[5] == ["refuted"]  # ∇π for ∇log π: still refuted


def test_a_sum_over_prompts_weighted_by_the_data_is_the_mean_over_the_data():
    text = (r"$$J(\theta) = \mathbb{E}_{x\sim\mathcal{D},\,y\sim\pi_\theta(\cdot\mid x)}\bigl[r(x,y)\bigr]"
            r" = \sum_x p_\mathcal{D}(x)\sum_y \pi_\theta(y\mid x)\,r(x,y)$$" "\n\n"
            r"$$J(\theta) = \sum_x p_\mathcal{D}(x)\sum_y \pi_\theta(y\mid x)\,r(x,y)^2$$" "\n")
    by = verdicts(text)
    assert by[1] == ["definition", "proved"] and by[3] == ["refuted"]



def test_a_value_put_when_the_sentence_considers_a_case_holds_for_its_paragraph_only():
    margin = (r"$$u = \beta\log\frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - "
              r"\beta\log\frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}$$" "\n\n")
    by = verdicts(margin + r"当 $u=0$ 时，损失为 $-\log\sigma(u) = \ln 2$。" "\n\n"
                  r"Then $\frac{d}{du}[-\log\sigma(u)] = -\sigma(-u)$." "\n")
    assert by[3] == ["definition", "proved"] and by[5] == ["proved"]
    planted = verdicts(margin + r"当 $u=0$ 时，损失为 $-\log\sigma(u) = \ln 3$。" "\n")
    assert planted[3] == ["definition", "refuted"]
    assert verdicts(margin + r"So $u = 0$." "\n")[3] == ["refuted"]  # not a case: a claim about the margin


def test_a_cjk_noun_before_an_inline_equals_is_its_left_side():
    by = verdicts(r"$$u = 0.05$$" "\n\n" r"损失 $=-\log\sigma(0.05)\approx 0.6686$。" "\n")
    assert "refuted" not in by[3]  # not `u = −log σ(0.05)`


def test_markdown_escaped_bracket_displays_are_read():
    text = ("\\\\[\n    a(z) := \\frac{1}{1 + e^{-z}}\n\\\\]\n\n"
            "\\\\[\n  \\begin{split}\n  &a(z) = \\\\{1 + \\exp(-z)\\\\}^{-1}\\\\\\\\\n"
            "  &P(Y = 1 \\| z) = a(z)\n  \\end{split}\n\\\\]\n")
    by = verdicts(text)
    assert by[2] == ["definition"] and by[7] == ["proved"]
    assert "refuted" in verdicts(text.replace("^{-1}", "^{-2}"))[7]
