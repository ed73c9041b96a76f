"""Judging rules found on the sixteenth round of derivations written by others (LoRA notes,
convolution sizes, worked batch sizes, logistic-regression and DPO notes): each rule keeps a
correct line from being refuted, and a planted error under it is still refuted.
"""
from __future__ import annotations

from test_checker_reading_rules import verdicts  # the same generous time limit, verdicts by line


def test_arithmetic_on_names_never_defined_is_not_an_identity_to_refute():
    # h = W_0 x + ΔW x with ΔW = W_up W_down said only in words: no σ, log or derivative in it
    lora = r"$$W_0 x + \Delta W x = W_0 x + W_{up} W_{down} x$$" "\n"
    assert verdicts(lora)[1] == ["undefined"]
    assert verdicts(r"$$M^2 = M$$" "\n")[1] == ["undefined"]  # M = 1 (a mask) makes it hold


def test_arithmetic_that_no_value_makes_true_and_calculus_lemmas_are_still_refuted():
    assert verdicts(r"$$a^2 + 1 = -a^2$$" "\n")[1] == ["refuted"]  # false for every a
    # σ is in it: an identity in u, refuted though u = 0 makes it hold
    assert verdicts(r"$$\sigma(u) = \frac{1}{1 + e^{u}}$$" "\n")[1] == ["refuted"]
