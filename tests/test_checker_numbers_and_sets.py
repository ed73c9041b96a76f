"""Numbers and sets as others write them: a data set in sized braces (`\\left\\{ … \\right\\}`) or with
its backslashes lost, thousands written `16,777,216`, a unit after a number (`65,536 \\text{
parametros}`), a name of several words in roman, MinerU's spelled-out `\\mathrm { ~ a n d ~ }`, a
number a conclusion quotes again from a worked example of an earlier section, and a result set in bold
(`\\mathbf{3.0\\text{ Ton/Ha}}`). Each rule is shown on a correct line and on the same line with a
planted slip, which must still be refuted.
"""
from __future__ import annotations

from test_checker_reading_rules import verdicts


def test_a_data_set_in_sized_braces_defines_its_name():
    for braces in (r"\left\{ (x^{(i)}, y_w^{(i)}, y_l^{(i)}) \right\}_{i=1}^{N}",
                   r"\big\{ x^i, y_w^i, y_l^i \big\}_{i=1}^N",
                   r"{(x_k, y_{w,k}, y_{l,k})}_{k=1}^N"):  # `\{` written `{`: a set of tuples still
        assert verdicts(rf"$$\mathcal{{D}} = {braces}$$" "\n") == {1: ["definition"]}, braces
    # braces round one expression are brackets, not a set: the line is judged
    text = (r"$$u = \left\{ 1 + e^{-z} \right\}^{-1}$$" "\n\n" r"$$u = \sigma(z)$$" "\n")
    assert verdicts(text)[3] == ["proved"]
    assert verdicts(text.replace(r"\sigma(z)$$", r"\sigma(-z)$$"))[3] == ["refuted"]


def test_thousands_written_with_commas_are_one_number():
    text = r"$$4096 \times 4096 = 16,777,216$$" "\n"
    assert verdicts(text) == {1: ["proved"]}
    assert verdicts(text.replace("216", "126")) == {1: ["refuted"]}  # digits swapped
    # digits after a comma that are not three, or a decimal before it: a list, as before
    assert verdicts(r"$$p = (0.12, 0.27)$$" "\n")[1] != ["proved"]


def test_a_word_after_a_number_set_off_by_a_space_is_its_unit():
    text = r"$$4096 \times 8 = 32768 \text{ parametros}$$" "\n"
    assert verdicts(text) == {1: ["proved"]}
    assert verdicts(text.replace("32768", "32786")) == {1: ["refuted"]}


def test_a_name_of_several_words_in_roman_opens_its_own_line():
    text = (r"$$32,768 + 32,768 = 65,536$$" "\n\n"
            r"$$\text{Porcentaje Entrenable} = \left( \frac{65,536}{16,777,216} \right) \times 100 = 0.3906$$" "\n")
    # not `= (65536/16777216)·100` continuing the line before (65,536 ≠ 0.3906)
    assert "refuted" not in verdicts(text)[3]
    assert "refuted" in verdicts(text.replace("0.3906", "0.3806"))[3]


def test_mineru_spelled_and_separates_two_claims():
    text = (r"Using $\sigma ^ { \prime } ( x ) = \sigma ( x ) ( 1 - \sigma ( x ) ) { \mathrm { ~ a n d ~ } }"
            r" \sigma ( - x ) = 1 - \sigma ( x )$, we get." "\n")
    assert verdicts(text) == {1: ["proved", "proved"]}
    assert verdicts(text.replace(r"= 1 - \sigma ( x )$", r"= 1 + \sigma ( x )$")) == {1: ["proved", "refuted"]}


QUOTED = (r"## Step 1" "\n\n"
          r"The target policy: $\pi(y_1|x) = 0.8$ and $\pi(y_2|x) = 0.2$." "\n\n"
          r"## Conclusion" "\n\n"
          r"$$q = \pi(y_1|x) = 0.8$$" "\n")


def test_a_number_quoted_again_after_its_example_section_ended_is_judged_with_the_example():
    assert verdicts(QUOTED)[7] == ["definition", "numerically-true"]
    # the example's value said wrongly: refuted (it was once taken as a new value, unjudged)
    assert verdicts(QUOTED.replace("= 0.8$$", "= 0.7$$"))[7] == ["definition", "refuted"]
    # a general claim is not a quoted value: still judged for every value
    assert "refuted" in verdicts(QUOTED.replace(r"= 0.8$$", r"= \pi(y_2|x)$$"))[7]


def test_a_result_set_in_bold_is_the_number_with_its_unit():
    text = (r"* $y_1 = 3.0\text{ Ton/Ha}$" "\n" r"* $y_2 = 2.0\text{ Ton/Ha}$" "\n\n"
            r"$$F_0 = \frac{y_1 + y_2}{2} = \mathbf{2.5\text{ Ton/Ha}}$$" "\n\n"
            r"$$r = 0.50 \times 0.4055 = \mathbf{+0.2028}$$" "\n")
    checks = verdicts(text)
    real = ("proved", "numerically-true")  # 2.5 and 0.2028: exact, or to the precision written
    assert checks[4][0] == checks[6][0] == "definition" and checks[4][1] in real and checks[6][1] in real
    slipped = verdicts(text.replace(r"\mathbf{2.5", r"\mathbf{2.6").replace(r"\mathbf{+0.2028}", r"\mathbf{+0.2128}"))
    assert "refuted" in slipped[4] and "refuted" in slipped[6]
