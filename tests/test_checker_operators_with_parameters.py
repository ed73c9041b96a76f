"""An operator given its parameters before its arguments, as the DPO paper writes its projection:
`f(r; \\pi_{ref}, \\beta)(x, y) = r(x, y) - \\beta \\log Z(x)`. It is one function for each reward it
is given (f(r'; …) is another), applied to (x, y); a product of two brackets stays a product; a
function of (y, y') applied to (y', y) binds y' as a name.
"""
from __future__ import annotations

from test_checker_reading_rules import verdicts

PROJECTION = (r"$$Z(x) = \sum_y \pi_{ref}(y | x) \exp\left(\frac{1}{\beta} r(x, y)\right)$$" "\n\n"
              r"$$f(r; \pi_{ref}, \beta)(x, y) = r(x, y) - \beta \log \sum_y \pi_{ref}(y | x)"
              r" \exp\left(\frac{1}{\beta} r(x, y)\right)$$" "\n\n"
              r"$$f(r;\pi_{\mathrm{ref}},\beta)(x,y) = r(x,y) - \beta\log Z(x)$$" "\n")


def test_the_projection_with_its_parameters_first_is_defined_and_used():
    assert verdicts(PROJECTION) == {1: ["definition"], 3: ["definition"], 5: ["proved"]}
    # the sign of log Z slipped: refuted against the definition
    assert verdicts(PROJECTION.replace(r"- \beta\log Z(x)$$", r"+ \beta\log Z(x)$$"))[5] == ["refuted"]
    # MinerU's spacing and a comma for the semicolon read the same
    spaced = PROJECTION.replace(r"f(r;\pi_{\mathrm{ref}},\beta)(x,y)",
                                r"f ( r , \pi _ { \mathrm { r e f } } , \beta ) ( x , y )")
    assert verdicts(spaced)[5] == ["proved"]


def test_another_reward_gives_another_function():
    text = PROJECTION + "\n" + r"$$f(r; \pi_{ref}, \beta)(x, y) = f(r'; \pi_{ref}, \beta)(x, y)$$" "\n"
    assert verdicts(text)[7] == ["undefined"]  # f(r'; …) is never defined: not f(r; …) said again


def test_a_product_of_two_brackets_is_still_a_product():
    text = r"$$Q(s, a) = s a$$" "\n\n" r"$$Q(s, a)(r - b) = Q(s, a) r - Q(s, a) b$$" "\n"
    assert verdicts(text)[3] == ["proved"]
    assert verdicts(text.replace("r - Q(s, a) b$$", "r + Q(s, a) b$$"))[3] == ["refuted"]


def test_a_function_of_y_and_y_prime_applied_with_them_swapped():
    text = (r"$$p(y \succ y') = \sigma(r(y) - r(y'))$$" "\n\n"
            r"$$f(y, y') = p(y \succ y') - \frac12$$" "\n\n"
            r"$$f(y, y') = -f(y', y)$$" "\n")
    assert verdicts(text)[3] == ["definition"] and verdicts(text)[5] == ["proved"]  # y′ bound, never a derivative
    assert verdicts(text.replace("= -f(y', y)", "= f(y', y)"))[5] == ["refuted"]
