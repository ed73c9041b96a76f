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
