"""`r_w` and `r_l` for the two rewards of a pair, named only in words: a reward model's loss written in
r_φ(x, y_w), then `∂ℒ/∂r_w`. The derivative is taken in r_φ(x, y_w) and r_w is read as that value, so
the correct line is proved and a planted slip refuted (never refuted for an `r_w` the loss never wrote).
A worked value (`P = σ(3.0)`) stays in its worked example's section.
"""
from __future__ import annotations

from dpo_proof.checker.claims import check_text
from test_checker_reading_rules import verdicts

LOSS = (r"$$\mathcal{L}_{\text{RM}}(\phi) = -\mathbb{E}_{(x, y_w, y_l) \sim \mathcal{D}}"
        r"\Big[\log \sigma\big(r_\phi(x, y_w) - r_\phi(x, y_l)\big)\Big]$$" "\n\n"
        r"With $u = r_w - r_l$, the two rewards:" "\n\n")


def test_the_derivative_in_r_w_is_the_one_in_the_reward_of_y_w():
    text = LOSS + (r"$$\frac{\partial \mathcal{L}_{\text{RM}}}{\partial r_w} = -\sigma(-u), \qquad"
                   r" \frac{\partial \mathcal{L}_{\text{RM}}}{\partial r_l} = \sigma(-u)$$" "\n")
    assert verdicts(text)[5] == ["proved", "proved"]
    slipped = verdicts(text.replace(r"= -\sigma(-u), \qquad", r"= -\sigma(u), \qquad"))[5]
    assert slipped == ["refuted", "proved"]  # σ(δ) for σ(−δ)


def test_the_prefix_form_reads_r_w_the_same_way():
    text = LOSS + r"$$\frac{\partial}{\partial r_w} \mathcal{L}_{\text{RM}} = -\sigma(-u)$$" "\n"
    assert verdicts(text)[5] == ["proved"]
    assert verdicts(text.replace(r"= -\sigma(-u)$$", r"= \sigma(-u)$$"))[5] == ["refuted"]  # the sign lost


def test_a_worked_value_stays_in_its_example_section():
    text = (r"$$P(y_w \succ y_l) = \sigma\big(r_\phi(x, y_w) - r_\phi(x, y_l)\big)$$" "\n\n"
            r"### Worked example" "\n\n"
            r"Take $r_w = 2.0$ and $r_l = -1.0$:" "\n\n"
            r"$$P(y_w \succ y_l) = \sigma(3.0) = 0.9526$$" "\n\n"
            r"### The general case" "\n\n"
            r"With $u = r_w - r_l$, the two rewards:" "\n\n"
            r"$$\sigma(-u) = 1 - P(y_w \succ y_l)$$" "\n")
    checks = verdicts(text)
    assert checks[7] == ["definition", "numerically-true"] and "a worked value" in str(check_messages(text)[7])
    # P is line 1's again after the example (not 0.9526), and r_w, r_l the rewards of y_w, y_l
    assert checks[13] == ["proved"]
    assert verdicts(text.replace(r"$$\sigma(-u) = 1 -", r"$$\sigma(u) = 1 -"))[13] == ["refuted"]


def check_messages(text: str) -> dict[int, list[str]]:
    checks, _, _ = check_text(text, "notes.md", 30)
    by: dict[int, list[str]] = {}
    for c in checks:
        by.setdefault(c.fields["line"], []).append(c.message)
    return by
