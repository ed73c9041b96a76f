"""The checker judges soundly and says what went wrong (issue 11): each rule planted and caught.

Undefined names give `undefined`, never `refuted`; ∇ of a defined quantity is its definition's
derivative, never a free number; constants in θ have zero gradient and the message says so; a
known quantity defined wrongly is refuted at its definition with the slip; every catalogued slip
planted in a correct derivation is named, with the line it should be; relation-less displays are
reported; skipped and undefined never count as holding.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from dpo_proof.catalogue import SLIPS
from dpo_proof.checker.claims import check_text
from dpo_proof.checker.chain import FileRun
from dpo_proof.checker.layout import Equation, Side
from dpo_proof.checker.markdown import Lines
from dpo_proof.cli import main
from dpo_proof.report import Check

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
HANDWRITTEN = (EXAMPLES / "handwritten.md").read_text(encoding="utf-8")
DELTA = (r"$$\delta = \beta \log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - "
         r"\beta \log \frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}$$" "\n\n")
LOSS = r"$$\mathcal{L} = -\mathbb{E}\left[\log \sigma(\delta)\right]$$" "\n\n"


def verdicts(text: str, time_limit: float = 3.0) -> dict[int, list[Check]]:
    checks, _, _ = check_text(text, "notes.md", time_limit)
    by: dict[int, list[Check]] = {}
    for c in checks:
        by.setdefault(c.fields["line"], []).append(c)
    return by


def only(by, line: int) -> Check:
    (check,) = by[line]
    return check


# ------------------------------------------------------------------ undefined names

def test_a_correct_line_using_an_undefined_name_is_undefined_not_refuted():
    # s_θ is never defined (only s is): the line is true if s_θ is the implicit reward
    text = (r"$$s(x, y) = \beta \log \frac{\pi_\theta(y|x)}{\pi_{ref}(y|x)}$$" "\n\n" + DELTA + LOSS
            + r"$$\nabla_\theta \mathcal{L} = -\beta\, \sigma\left(s_\theta(x, y_l) - s_\theta(x, y_w)\right)"
              r"\left(\nabla_\theta \log \pi_\theta(y_w|x) - \nabla_\theta \log \pi_\theta(y_l|x)\right)$$" "\n")
    check = only(verdicts(text), 7)
    assert check.verdict == "undefined" and not check.ok
    assert "`s_θ`" in check.message and "never defines" in check.message and "Define it" in check.message
    assert "the text defines `s` (line 1)" in check.message
    assert "counterexample" not in check.fields


GRADIENT_RIGHT = (r"-\beta\, \sigma\left(r_\theta(x, y_l) - r_\theta(x, y_w)\right)"
                  r"\left(\nabla_\theta \log \pi_\theta(y_w|x) - \nabla_\theta \log \pi_\theta(y_l|x)\right)")


@pytest.mark.parametrize("sign, verdict", [("", "proved"), ("-", "refuted")])
def test_standard_names_never_defined_are_read_as_the_standard_quantities(sign, verdict):
    # r_θ is the implicit reward and L_DPO the DPO loss in any DPO text; the message says so
    text = rf"$$\nabla_\theta \mathcal{{L}}_{{DPO}} = {sign}{GRADIENT_RIGHT}$$" "\n"
    check = only(verdicts(text), 1)
    assert check.verdict == verdict
    assert "`r_θ` is never defined in this text: read as the implicit reward" in check.message
    assert "`L_DPO` is never defined in this text: read as the DPO loss" in check.message


def test_a_margin_letter_never_defined_is_the_margin_of_the_texts_loss():
    loss = (r"$$\mathcal{L}_{DPO} = -\log \sigma\left(\beta \log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - "
            r"\beta \log \frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}\right)$$" "\n\n")
    by = verdicts(loss + r"$$\nabla_\theta \mathcal{L}_{DPO} = -\sigma(-u) \nabla_\theta u$$" "\n\n"
                  r"$$\nabla_\theta \mathcal{L}_{DPO} = -\sigma(u) \nabla_\theta u$$" "\n\n"
                  r"$$\sigma'(u) = \sigma(u)\sigma(-u)$$" "\n")
    assert only(by, 3).verdict == "proved" and "`u` is never defined" in only(by, 3).message
    assert only(by, 5).verdict == "refuted"
    assert only(by, 7).verdict == "proved" and "never defined" not in only(by, 7).message  # a lemma in u
    alone = verdicts(r"$$\nabla_\theta \mathcal{L}_{DPO} = -\sigma(-u) \nabla_\theta u$$" "\n")
    assert only(alone, 1).verdict == "undefined"  # no loss in the text: u is anything


def test_a_gradient_of_an_undefined_name_is_unknown_never_zero():
    by = verdicts(DELTA + r"$$\nabla_\theta u = 0$$" "\n" r"$$\nabla_\theta (u + \delta) = \nabla_\theta u + \nabla_\theta \delta$$" "\n")
    assert only(by, 3).verdict == "undefined"  # before: u a constant, ∇u = 0, "proved"
    assert only(by, 4).verdict == "proved"  # true whatever u is


def test_a_claim_false_for_every_value_of_the_undefined_name_is_refuted():
    by = verdicts(DELTA + r"$$\delta = \delta + 1 + u^2$$" "\n")  # 1 + u² > 0 for every u
    check = only(by, 3)
    assert check.verdict == "refuted" and "whatever `u` stands for" in check.message


def test_a_lemma_is_an_identity_in_its_free_names():
    by = verdicts(r"$$\sigma'(u) = \sigma(u)(1 - \sigma(u))$$" "\n" r"$$\sigma'(u) = \sigma(u)^2$$" "\n")
    assert only(by, 1).verdict == "proved"
    assert only(by, 2).verdict == "refuted" and "as an identity in `u`" in only(by, 2).message


# ------------------------------------------------------------------ gradients of defined names

def test_a_counterexample_names_only_free_quantities_never_a_gradient_of_a_defined_name():
    text = DELTA + LOSS + r"$$\nabla_\theta \mathcal{L} = \sigma(-\delta) \nabla_\theta \delta$$" "\n"
    check = only(verdicts(text), 5)
    assert check.verdict == "refuted"
    at = set(check.fields["counterexample"]["at"])
    assert at and all(name.startswith(("π", "∇_θ π", "β")) for name in at), at
    assert check.fields["diagnosis"]["slip"] == "sign-lost"


def test_a_gradient_of_a_constant_is_zero_and_the_message_says_why():
    by = verdicts(r"$$\nabla_\theta \log \pi_{ref}(y_w|x) = 0$$" "\n"
                  r"$$\nabla_\theta \log \pi_{ref}(y_w|x) = 1$$" "\n")
    assert only(by, 1).verdict == "proved" and "do not depend on θ" in only(by, 1).message
    assert only(by, 2).verdict == "refuted" and "do not depend on θ" in only(by, 2).message


def test_arguments_bind_by_name_when_the_use_puts_them_in_another_order():
    text = (r"$$r(x, y) = \log \pi_\theta(y|x) - \log \pi_{ref}(y|x)$$" "\n"
            r"$$r(y_w|x) - r(y_l|x) = \log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - "
            r"\log \frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}$$" "\n")
    assert only(verdicts(text), 2).verdict == "proved"


def test_a_parameter_in_a_subscript_is_bound_and_a_swap_of_arguments_is_a_swap():
    text = (r"$$P(i, j) = \frac{\pi_i}{\pi_i + \pi_j}$$" "\n"
            r"$$P(i, j) + P(j, i) = 1$$" "\n" r"$$P(i, j) = P(j, i)$$" "\n")
    by = verdicts(text)
    assert only(by, 2).verdict == "proved" and only(by, 3).verdict == "refuted"


# ------------------------------------------------------------------ known quantities

def test_a_dpo_loss_defined_without_the_log_is_refuted_at_its_definition():
    text = DELTA + r"$$\mathcal{L}_{DPO} = -\mathbb{E}\left[\sigma(\delta)\right]$$" "\n\n" \
        + r"$$\nabla_\theta \mathcal{L}_{DPO} = -\sigma(-\delta) \nabla_\theta \delta$$" "\n"
    by = verdicts(text)
    definition = only(by, 3)
    assert definition.verdict == "refuted" and not definition.ok
    assert definition.fields["diagnosis"]["slip"] == "missing-log"
    assert r"\log" in definition.fields["should_be"]
    later = only(by, 5)  # judged with the author's loss, true with the standard one: it says both
    assert later.verdict == "refuted" and later.fields["rests_on_wrong_definition"] == 3
    assert "line 3" in later.message and "with the standard DPO loss this line would hold" in later.message
    assert "diagnosis" not in later.fields  # the slip is the definition's, named there


def test_a_correct_definition_is_recognised_up_to_renaming():
    text = (r"$$\Delta = \beta \log \frac{\pi_\theta(y_c|x)}{\pi_{ref}(y_c|x)} - "
            r"\beta \log \frac{\pi_\theta(y_r|x)}{\pi_{ref}(y_r|x)}$$" "\n"
            r"$$\ell = -\log \sigma(\Delta)$$" "\n")
    by = verdicts(text)
    assert "DPO margin" in only(by, 1).message and "DPO loss" in only(by, 2).message
    assert all(c.verdict == "definition" for cs in by.values() for c in cs)


def test_a_margin_with_winner_and_loser_exchanged_is_refuted():
    swapped = (r"\beta \log \frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)} - "
               r"\beta \log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)}")
    check = only(verdicts(f"$$\\delta = {swapped}$$\n"), 1)
    assert check.verdict == "refuted" and check.fields["diagnosis"]["slip"] == "winner-loser-swapped"
    own = only(verdicts(f"$$u = {swapped}$$\n"), 1)  # a bare u is the author's own quantity
    assert own.verdict == "definition"


# ------------------------------------------------------------------ every slip, planted and named

def _plant(line: int, old: str, new: str, count: int = 1, text: str = HANDWRITTEN) -> str:
    lines = text.split("\n")
    assert old in lines[line - 1], (line, old)
    lines[line - 1] = lines[line - 1].replace(old, new, count)
    return "\n".join(lines)


def _swap(line: int) -> str:
    """y_w and y_l exchanged everywhere on one line."""
    lines = HANDWRITTEN.split("\n")
    lines[line - 1] = lines[line - 1].replace("y_w", "y_Q").replace("y_l", "y_w").replace("y_Q", "y_l")
    return "\n".join(lines)


LOGISTIC = (DELTA + LOSS + r"$$\nabla_\theta \mathcal{L} = -\frac{1}{1 + e^{\delta}} \nabla_\theta \delta$$" "\n"
            r"$$= -\sigma(\delta) \nabla_\theta \delta$$" "\n")
# slip -> (text with the slip planted, line refuted, slips accepted as its name)
PLANTED = {
    "sign-lost": (_plant(23, r"= -\mathbb{E}\left[\sigma(-\delta)", r"= \mathbb{E}\left[\sigma(-\delta)"), 23, None),
    "sigma-prime-twice": (_plant(20, r"\left[(1 - \sigma(\delta))", r"\left[(1 - \sigma(\delta))^2"), 20, None),
    "log-derivative-dropped": (_plant(20, r"\left[(1 - \sigma(\delta))",
                                      r"\left[\sigma(\delta)(1 - \sigma(\delta))"), 20, None),
    "sigma-of-delta": (_plant(23, r"\sigma(-\delta)", r"\sigma(\delta)"), 23, None),
    "dropped-beta": (_plant(34, r"= -\beta\, \mathbb{E}", r"= -\mathbb{E}"), 34, None),
    "beta-twice": (_plant(34, r"= -\beta\, \mathbb{E}", r"= -\beta^2\, \mathbb{E}"), 34, None),
    "winner-loser-swapped": (_swap(36), 36, None),
    "grad-pi-for-grad-log-pi": (_plant(30, r"\nabla_\phi \log \pi", r"\nabla_\phi \pi", -1), 30, None),
    "grad-u-twice": (_plant(23, r"\sigma(-\delta) \nabla_\phi \delta",
                            r"\sigma(-\delta) \nabla_\phi \delta \cdot \nabla_\phi \delta"), 23, None),
    "logistic-as-sigma": (LOGISTIC, 6, None),
    "missing-log": (_plant(7, r"\left[\log \sigma(\delta)\right]", r"\left[\sigma(\delta)\right]"), 7, None),
    "pi-for-pi-theta": (_plant(30, r"\nabla_\phi \log \pi_\phi(y_l|x)$$", r"\nabla_\phi \log \pi_{ref}(y_l|x)$$"), 30, None),
    "y-for-y-l": (_plant(30, r"\nabla_\phi \log \pi_\phi(y_l|x)$$", r"\nabla_\phi \log \pi_\phi(y|x)$$"), 30, None),
    "reference-missing": (_plant(5, r"\beta \log \frac{\pi_\phi(y_w|x)}{\pi_{ref}(y_w|x)} - \beta \log "
                                    r"\frac{\pi_\phi(y_l|x)}{\pi_{ref}(y_l|x)}",
                                 r"\beta \log \pi_\phi(y_w|x) - \beta \log \pi_\phi(y_l|x)"), 5, None),
    "policy-swapped": (_plant(34, r"\left(\nabla_\phi \log \pi_\phi(y_w|x) - \nabla_\phi \log \pi_\phi(y_l|x)\right)",
                              r"\left(\nabla_\phi \log \pi_\phi(y_l|x) - \nabla_\phi \log \pi_\phi(y_w|x)\right)"),
                       34, None),
}


def test_every_symbolic_slip_of_the_catalogue_is_planted_here():
    assert set(PLANTED) == {s.id for s in SLIPS if s.symbolic}


@pytest.mark.parametrize("slip_id", sorted(PLANTED))
def test_a_planted_slip_is_named_at_its_line_with_the_line_it_should_be(slip_id):
    text, line, accepted = PLANTED[slip_id]
    checks, _, _ = check_text(text, "planted.md", 3.0)
    failing = [c for c in checks if not c.ok]
    # a definition planted wrong: later lines are judged with it and name it (rests_on_wrong_definition)
    later = [c for c in failing if c.fields.get("rests_on_wrong_definition") == line and c.fields["line"] != line]
    assert all(f"line {line}" in c.message for c in later)
    failing = [c for c in failing if c not in later]
    # a row after it that equals the chain's start no longer follows from it: refuted as such (chain rows)
    broken = [c for c in failing if c.fields["line"] > line and "undoes the error of the line before" in c.message]
    failing = [c for c in failing if c not in broken]
    assert [(c.fields["line"], c.verdict) for c in failing] == [(line, "refuted")], \
        [(c.fields["line"], c.verdict, c.message) for c in failing]
    (check,) = failing
    assert check.fields["diagnosis"]["slip"] in (accepted or (slip_id,)), check.message
    assert check.fields["should_be"] and check.fields["diagnosis"]["message"] in check.message


def test_when_no_slip_matches_it_says_so_and_still_shows_the_correct_form():
    text = DELTA + LOSS + r"$$\nabla_\theta \mathcal{L} = -\sigma(-\delta) \nabla_\theta \delta$$" "\n" \
        + r"$$= -\sigma(-\delta) \nabla_\theta \delta + \beta^3$$" "\n"
    check = only(verdicts(text), 6)
    assert check.verdict == "refuted" and "diagnosis" not in check.fields
    assert "no catalogued slip" in check.message
    assert check.fields["should_be"] == r"-\sigma(-\delta) \nabla_\theta \delta"  # the previous line


# ------------------------------------------------------------------ relation-less displays

def _run(text: str, equations) -> list[Check]:
    run = FileRun(text, "steps.md", Lines(text), 3.0)
    run.table.default_param = "theta"
    run.collect_definitions(equations)
    for eq in equations:
        run.check_equation(eq)
    return run.checks


def _equation(text: str, piece: str, continues: bool = False, relation: bool = True) -> Equation:
    start = text.index(piece)
    if not relation:
        return Equation([Side(piece, start)], [], [], True, continues=continues)
    left, right = piece.split("=", 1)
    return Equation([Side(left, start), Side(right, start + len(left) + 1)], ["="], [start + len(left)], True)


def test_a_display_without_a_relation_continues_the_chain_when_the_text_says_so():
    text = ("$$\\sigma(-z) = 1 - \\sigma(z)$$\nso\n$$\\frac{1}{1 + e^{z}}$$\nand alone\n$$\\sigma(z)^2$$\n"
            "and wrongly\n$$2 - \\sigma(z)$$\n")
    eqs = [_equation(text, "\\sigma(-z) = 1 - \\sigma(z)"),
           _equation(text, "\\frac{1}{1 + e^{z}}", continues=True, relation=False),
           _equation(text, "\\sigma(z)^2", relation=False),
           _equation(text, "2 - \\sigma(z)", continues=True, relation=False)]
    eqs[1].reading_note = "read as a continuation of the line before"
    checks = _run(text, eqs)
    assert [(c.fields["line"], c.verdict) for c in checks] == [
        (1, "proved"), (3, "proved"), (5, "no-relation"), (7, "refuted")]
    assert checks[1].fields["follows_from_previous"] is True
    assert "read as a continuation" in checks[1].message
    assert checks[2].ok and "not judged" in checks[2].message
    assert checks[3].fields["source"] == "\\sigma(z)^2 = 2 - \\sigma(z)"  # continues the relation-less display


# ------------------------------------------------------------------ example values

def test_example_values_are_settings_and_numbers_are_judged_to_the_precision_written():
    text = (DELTA + r"For example $\beta = 0.1$ and $\pi_{ref}(y_w|x) = 0.5$:" "\n\n"
            r"$$\frac{1}{2\beta} = \frac{1}{0.2} = 5$$" "\n" r"$$\frac{1}{2\beta} = 4$$" "\n"
            r"$$\delta = 0.5$$" "\n" r"$$-\log \sigma(0.916) = -\log 0.714 = 0.337$$" "\n"
            r"$$-\log 0.714 = -0.337$$" "\n" r"$$\nabla_\theta \delta = 0.5$$" "\n")
    by = verdicts(text)
    assert [c.verdict for c in by[3]] == ["definition", "definition"]
    assert [c.verdict for c in by[5]] == ["numerically-true", "proved"] and "β = 1/10" in by[5][0].message
    assert only(by, 6).verdict == "refuted" and only(by, 6).fields["should_be"] == "5"
    # δ's value in the example fixes one more of the policy's values: taken as given
    assert only(by, 7).verdict == "definition" and "gives the example's value" in only(by, 7).message
    assert only(by, 10).verdict == "skipped" and "example's values" in only(by, 10).message
    assert [c.verdict for c in by[8]] == ["numerically-true", "numerically-true"]  # to 0.001
    check = only(by, 9)
    assert check.verdict == "refuted" and check.fields["diagnosis"]["slip"] == "sign-lost"


def test_example_log_ratios_fix_the_policy_and_a_rounding_slip_is_caught():
    text = (r"$\log\frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} = 0.8$ and "
            r"$\log\frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)} = -0.3$, $\beta = 0.1$." "\n\n"
            r"$$u = \beta\left(\log\frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - "
            r"\log\frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}\right)$$" "\n"
            r"$$u = 0.1 \times 1.1 = 0.11$$" "\n" r"$$0.3 \times 2.718 = 0.816$$" "\n"
            r"$$-\log\sigma(u) = 0.7$$" "\n")
    by = verdicts(text)
    assert [c.verdict for c in by[4]] == ["numerically-true", "numerically-true"]
    assert only(by, 5).verdict == "refuted"  # 0.8154, not 0.816
    assert only(by, 6).verdict == "refuted"  # 0.6397 is 0.6, not 0.7


@pytest.mark.parametrize("text", [
    # a policy other than π_θ can be defined
    r"$$\pi_r(y|x) = \pi_{ref}(y|x) e^{u}$$" "\n\n" r"$$\log \pi_r(y_w|x) = \log \pi_{ref}(y_w|x) + u$$" "\n",
    # a definition that closes a circle (r from π_r, π_r from r) is a claim about the others
    r"$$\pi_r(y|x) = \frac{1}{Z(x)} \pi_{ref}(y|x) \exp(r(x,y)/\beta)$$" "\n\n"
    r"$$r(x, y) = \beta \log \frac{\pi_r(y|x)}{\pi_{ref}(y|x)} + \beta \log Z(x)$$" "\n",
])
def test_a_definition_then_a_claim_that_follows_from_it(text):
    by = verdicts(text)
    assert only(by, 1).verdict == "definition" and only(by, 3).verdict == "proved"


# ------------------------------------------------------------------ not judged never holds

def test_skipped_and_undefined_are_not_ok_but_a_numeric_skip_is():
    assert not Check("a", "claim", "skipped", "").ok and not Check("a", "claim", "undefined", "").ok
    assert not Check("a", "symbolic", "skipped", "").ok
    assert Check("a", "numeric", "skipped", "").ok and Check("a", "claim", "no-relation", "").ok


def test_a_line_out_of_time_is_skipped_and_the_file_exits_1(tmp_path, capsys):
    path = tmp_path / "slow.md"
    path.write_text(DELTA + "$$" + r"\frac{d^9}{d\theta^9}" * 3 + r"\log\sigma(\delta) = 0$$" "\n", encoding="utf-8")
    assert main(["check", str(path), "--time-limit", "0.2"]) == 1
    out = capsys.readouterr().out
    assert "1 not judged: 1 skipped at line 3" in out


@pytest.mark.parametrize("value", ["0", "nan", "-1", "301"])
def test_a_time_limit_outside_the_sane_range_is_a_usage_error(tmp_path, capsys, value):
    path = tmp_path / "f.md"
    path.write_text("$$\\sigma(0) = 1$$\n", encoding="utf-8")
    assert main(["check", str(path), "--time-limit", value]) == 2
    assert "--time-limit" in capsys.readouterr().err


def test_the_diagnosis_probe_evaluates_each_expression_once(monkeypatch):
    """The author's line is compared with every mutation of the correct one: its values at the probe
    points are computed once (the diagnosis was a tenth of the checker's time on the corpus)."""
    import sympy as sp

    from dpo_proof.checker.diagnosis import Probe

    probe, calls = Probe(), []
    real = Probe._at
    monkeypatch.setattr(Probe, "_at", lambda self, e: calls.append(e) or real(self, e))
    x = sp.Symbol("x", real=True)
    wrong = sp.exp(x) / (1 + sp.exp(x))
    assert probe.same(1 / (1 + sp.exp(-x)), wrong)
    assert not probe.same(1 / (1 + sp.exp(x)), wrong)
    assert calls.count(wrong) == 1 and len(calls) == 3
