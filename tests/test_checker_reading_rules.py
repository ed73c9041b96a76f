"""Reading rules found on derivations measured before tuning (the held-out corpus files): each
rule read right, and a planted error under it still refuted.
"""
from __future__ import annotations

from dpo_proof.checker.claims import check_text

MARGIN = (r"\beta\log\frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - "
          r"\beta\log\frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}")


def verdicts(text: str) -> dict[int, list[str]]:
    checks, _, _ = check_text(text, "notes.md", 3.0)
    by: dict[int, list[str]] = {}
    for c in checks:
        by.setdefault(c.fields["line"], []).append(c.verdict)
    return by


def test_d_sigma_in_leibniz_notation_is_the_derivative_of_sigma_not_a_bare_sigma():
    by = verdicts(f"$$u = {MARGIN}$$\n\n"
                  r"$$\frac{d\sigma}{du} = \sigma(u) \times (1 - \sigma(u))$$" "\n\n"
                  r"$$\frac{d}{d\sigma}\log\sigma(u) = \frac{1}{\sigma(u)}$$" "\n\n"
                  r"$$\frac{d}{d\theta}\log(\sigma(u)) = \frac{du}{d\theta} \times \frac{d\sigma}{du}"
                  r" \times \frac{d}{d\sigma}\log(\sigma(u))$$" "\n\n"
                  r"$$\frac{d\sigma}{du} = \sigma(u)^2$$" "\n\n"
                  r"$$\frac{d}{d\sigma}\log\sigma(u) = \sigma(u)$$" "\n")
    assert by[3] == ["proved"] and by[5] == ["proved"] and by[7] == ["proved"]
    assert by[9] == ["refuted"] and by[11] == ["refuted"]  # planted


def test_a_primed_policy_is_another_policy_and_let_defines_a_name_anew():
    reward = r"r(x,y) = \beta\log\frac{\pi(y|x)}{\pi_{ref}(y|x)}"
    other = r"r'(x,y) = \beta\log\frac{\pi'(y|x)}{\pi_{ref}(y|x)}"
    text = (r"$$r(x,y) = \beta\log\frac{\pi_\theta(y|x)}{\pi_{ref}(y|x)} + 1$$" "\n\n"
            r"$$r'(x,y) = r(x,y) - 1$$" "\n\n"
            f"Let two rewards be\n\n$${reward},\\qquad {other}$$\n\n"
            r"Then $r = r'$ need not hold, but $\pi'(y|x) = \pi(y|x)$ gives $r = r'$." "\n")
    by = verdicts(text)
    assert by[7] == ["definition", "definition"]  # "Let": defined anew, not checked against line 1
    assert "refuted" not in by[9]  # r = r' for another policy π′: not an identity
    planted = verdicts(text.replace("Let two rewards be", "The two rewards are"))
    assert "refuted" in planted[7]  # said again without "let": checked against line 1
