"""check_dpo_loss accepts correct DPO losses and rejects each known bug with the right message."""
import json
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from dpo_proof.catalogue import slip
from dpo_proof.catalogue.slips import with_numeric_forms
from dpo_proof.testing import assert_dpo_loss, check_dpo_loss, load_target


LOSSES = Path(__file__).resolve().parent.parent / "docs" / "examples" / "losses"
BETA = 0.1


def example(file, name):
    return load_target(f"{LOSSES / file}:{name}")[0]


def checks(report):
    return {c.id: c for c in report.checks}


@pytest.mark.parametrize("name, reduction", [
    ("dpo_loss", "per-pair"), ("dpo_loss_mean", "mean"), ("dpo_loss_sum", "sum"),
    ("dpo_loss_tuple", "per-pair"), ("dpo_loss_softplus", "mean"), ("dpo_loss_frozen_reference", "per-pair"),
])
def test_correct_variants_are_accepted_and_the_reduction_is_named(name, reduction):
    report = check_dpo_loss(example("correct.py", name), BETA)
    assert report.ok, report.to_text()
    assert report.extra["reduction"] == reduction
    assert [c.id for c in report.checks] == ["loss-output", "loss-value", "loss-gradient",
                                             "loss-finite-extreme", "loss-value-extreme", "loss-gradient-extreme"]
    assert all(c.kind == "implementation" for c in report.checks)
    if reduction != "per-pair":
        assert f"the {reduction} over pairs" in checks(report)["loss-output"].message


@pytest.mark.parametrize("beta", [0.01, 0.5, 1.0, 7.0])
def test_correct_loss_accepted_at_other_betas(beta):
    assert check_dpo_loss(example("correct.py", "dpo_loss"), beta).ok


def test_frozen_reference_is_noted_not_failed():
    report = check_dpo_loss(example("correct.py", "dpo_loss_frozen_reference"), BETA)
    assert "detached (fine: the reference is frozen)" in checks(report)["loss-gradient"].message


@pytest.mark.parametrize("name, slip_id", [
    ("swapped", "winner-loser-swapped"), ("reference_without_beta", "reference-without-beta"),
    ("no_reference", "reference-missing"), ("no_beta", "dropped-beta"),
])
def test_each_buggy_loss_is_rejected_with_its_cause(name, slip_id):
    report = check_dpo_loss(example("buggy.py", name), BETA)
    assert not report.ok
    check = checks(report)["loss-value"]
    assert not check.ok and check.fields["slip"] == slip_id, check.message
    assert check.fields["likely_cause"] == slip(slip_id).sentence() and slip(slip_id).sentence() in check.message
    assert "fix:" in check.message


def test_log_sigmoid_is_named_as_unstable():
    check = checks(check_dpo_loss(example("buggy.py", "log_sigmoid"), BETA))["loss-finite-extreme"]
    assert not check.ok and "-log(sigmoid(delta))" in check.message and "fix:" in check.message


@pytest.mark.parametrize("slip_id, form", [(s.id, f) for s, f in with_numeric_forms(on_log_probs=True, has_loss=True)],
                         ids=lambda x: x if isinstance(x, str) else "")
def test_every_catalogue_slip_planted_in_a_loss_is_named(slip_id, form):
    check = checks(check_dpo_loss(lambda *x: form.value(x, BETA), BETA))["loss-value"]
    assert not check.ok and check.fields["slip"] == slip_id, check.message


def _z(pc, pr, rc, rr, a=(1, -1, -1, 1)):
    return sum(c * x for c, x in zip(a, (pc, pr, rc, rr)))


@pytest.mark.parametrize("fn, phrase", [
    (lambda pc, pr, rc, rr: -F.logsigmoid(BETA * BETA * _z(pc, pr, rc, rr)), "beta-twice"),
    (lambda pc, pr, rc, rr: -F.logsigmoid(BETA * _z(pc, pr, rc, rr, (1, -1, 1, -1))), "reference-added"),
    (lambda pc, pr, rc, rr: -F.logsigmoid(BETA * _z(pc, pr, rc, rr, (-1, 1, -1, 1))), "policy-swapped"),
    (lambda pc, pr, rc, rr: F.logsigmoid(BETA * _z(pc, pr, rc, rr)).mean(), "sign-lost"),
    (lambda pc, pr, rc, rr: -torch.sigmoid(BETA * _z(pc, pr, rc, rr)), "missing-log"),
    (lambda pc, pr, rc, rr: torch.sin(_z(pc, pr, rc, rr)), None),
])
def test_other_known_loss_bugs_are_named(fn, phrase):
    check = checks(check_dpo_loss(fn, BETA))["loss-value"]
    assert not check.ok and check.fields.get("slip") == phrase, check.message
    if phrase is None:
        assert "no known bug reproduces" in check.message


def test_gradient_failures_name_the_bug_too():
    report = check_dpo_loss(example("buggy.py", "swapped"), BETA)
    msg = checks(report)["loss-gradient"].message
    assert "d loss/d policy_chosen_logps" in msg and slip("winner-loser-swapped").sentence() in msg


def test_failure_message_has_inputs_values_errors_and_tolerance():
    msg = checks(check_dpo_loss(example("buggy.py", "no_reference"), BETA))["loss-value"].message
    for part in ("at pair", "policy_chosen_logps=", "beta*margin =", "expected", "got", "abs err", "rel err",
                 "tolerance float64 rounding: rtol=1.8e-15"):
        assert part in msg, part


def test_log_sigmoid_is_unstable_only_at_large_margins():
    report = check_dpo_loss(example("buggy.py", "log_sigmoid"), BETA)
    by_id = checks(report)
    assert by_id["loss-value"].ok and by_id["loss-gradient"].ok
    assert by_id["loss-finite-extreme"].verdict == "unstable"
    assert "unstable at large margins" in by_id["loss-finite-extreme"].message
    assert [c.id for c in report.checks if not c.ok] == ["loss-finite-extreme"]


class _WrongBackward(torch.autograd.Function):
    """Right value -log sigma(z); backward with the weight sigma(z) instead of sigma(-z)."""

    @staticmethod
    def forward(ctx, z):
        ctx.save_for_backward(z)
        return F.softplus(-z)

    @staticmethod
    def backward(ctx, grad):
        (z,) = ctx.saved_tensors
        return -grad * torch.sigmoid(z)


def test_right_value_with_a_wrong_custom_backward_is_caught():
    def loss(pc, pr, rc, rr):
        return _WrongBackward.apply(BETA * ((pc - rc) - (pr - rr)))

    by_id = checks(check_dpo_loss(loss, BETA))
    assert by_id["loss-value"].ok
    assert by_id["loss-gradient"].verdict == "mismatch"
    assert by_id["loss-gradient"].fields["slip"] == "sigma-of-delta"


@pytest.mark.parametrize("fn, phrase", [
    (lambda pc, pr, rc, rr: (-F.logsigmoid(BETA * (pc - rc - pr + rr))).detach(), "does not require grad"),
    (lambda pc, pr, rc, rr: -F.logsigmoid(BETA * (pc - rc - pr + rr)).mean().detach().item(), "returned float"),
    (lambda pc, pr, rc, rr: torch.stack([pc, pr]), "returned shape (2, 16)"),
    (lambda pc, pr, rc, rr: (), "empty tuple"),
    (lambda pc, pr, rc, rr: 1 / 0, "raised ZeroDivisionError: division by zero"),
])
def test_unusable_functions_are_an_error_check_not_an_exception(fn, phrase):
    report = check_dpo_loss(fn, BETA)
    assert [c.verdict for c in report.checks] == ["error"]
    assert phrase in report.checks[0].message


def test_a_raising_function_is_located_in_the_users_file():
    def loss(pc, pr, rc, rr):
        raise ValueError("shapes differ")

    msg = check_dpo_loss(loss, BETA).checks[0].message
    assert "ValueError: shapes differ" in msg and "test_testing_loss_check.py, line" in msg


def test_beta_is_passed_by_keyword_when_the_function_takes_it():
    seen = []

    def loss(pc, pr, rc, rr, beta=123.0):
        seen.append(beta)
        return -F.logsigmoid(beta * ((pc - rc) - (pr - rr)))

    assert check_dpo_loss(loss, 0.3).ok and set(seen) == {0.3}


def test_float32_losses_are_checked_with_the_float32_rounding_rule():
    report = check_dpo_loss(example("correct.py", "dpo_loss_mean"), BETA, dtype=torch.float32)
    assert report.ok, report.to_text()
    assert report.checks[1].fields["tolerance"].startswith("float32 rounding: rtol=9.5e-07")
    assert not check_dpo_loss(example("buggy.py", "no_reference"), BETA, dtype=torch.float32).ok


def test_same_seed_same_report_and_json_is_strict():
    fn = example("buggy.py", "reference_without_beta")
    a, b = check_dpo_loss(fn, BETA, seed=3).to_json(), check_dpo_loss(fn, BETA, seed=3).to_json()
    assert a == b
    doc = json.loads(a)
    assert doc["command"] == "check-loss" and doc["ok"] is False and doc["reduction"] == "mean"
    assert {"id", "kind", "ok", "verdict", "message"} <= set(doc["checks"][1])


def test_assert_dpo_loss_raises_with_the_messages_and_passes_when_right():
    assert_dpo_loss(example("correct.py", "dpo_loss"), BETA)
    with pytest.raises(AssertionError, match="winner and loser swapped") as info:
        assert_dpo_loss(example("buggy.py", "swapped"), BETA)
    assert "[loss-value] mismatch" in str(info.value)


def test_too_few_pairs_is_refused():
    with pytest.raises(ValueError, match="at least 4"):
        check_dpo_loss(example("correct.py", "dpo_loss"), BETA, pairs=3)


@pytest.mark.parametrize("name", ["swapped", "reference_without_beta", "no_reference", "log_sigmoid", "no_beta"])
def test_every_failing_check_ends_with_one_line_of_advice(name):
    failed = [c for c in check_dpo_loss(example("buggy.py", name), BETA).checks if not c.ok]
    assert failed and all(c.message.splitlines()[-1].startswith("fix: ") for c in failed)


def test_an_infinite_mean_is_unstable_and_not_compared_further():
    def loss(pc, pr, rc, rr):
        return -torch.log(torch.sigmoid(BETA * ((pc - rc) - (pr - rr)))).mean()

    report = check_dpo_loss(loss, BETA)
    assert [(c.id, c.verdict) for c in report.checks if not c.ok] == [("loss-finite-extreme", "unstable")]
    assert "loss-value-extreme" not in checks(report)


@pytest.mark.parametrize("beta", [0.0, -1.0, float("inf"), float("nan")])
def test_a_bad_beta_is_refused(beta):
    with pytest.raises(ValueError, match="beta must be a finite number > 0"):
        check_dpo_loss(example("correct.py", "dpo_loss"), beta)
