"""check_dpo_gradient accepts the closed form (2) and rejects hand-written backwards with known bugs."""
from pathlib import Path

import pytest
import torch

from dpo_proof.catalogue import slip
from dpo_proof.catalogue.slips import with_numeric_forms
from dpo_proof.testing import assert_dpo_gradient, check_dpo_gradient, load_target


GRADS = Path(__file__).resolve().parent.parent / "docs" / "examples" / "losses" / "gradients.py"
BETA = 0.1


def example(name):
    return load_target(f"{GRADS}:{name}")[0]


def _delta(pc, pr, rc, rr, beta):
    return beta * ((pc - rc) - (pr - rr))


def by_id(report):
    return {c.id: c for c in report.checks}


@pytest.mark.parametrize("beta", [0.05, 0.1, 1.0, 4.0])
def test_the_closed_form_is_accepted(beta):
    report = check_dpo_gradient(example("dpo_grad"), beta)
    assert report.ok, report.to_text()
    assert [c.id for c in report.checks] == ["gradient", "gradient-finite-extreme", "gradient-extreme"]


def test_four_gradients_are_all_checked():
    def grad4(pc, pr, rc, rr, beta=BETA):
        w = beta * torch.sigmoid(-_delta(pc, pr, rc, rr, beta))
        return -w, w, w, -w

    assert check_dpo_gradient(grad4, BETA).ok

    def wrong_reference(pc, pr, rc, rr, beta=BETA):
        w = beta * torch.sigmoid(-_delta(pc, pr, rc, rr, beta))
        return -w, w, -w, w

    check = by_id(check_dpo_gradient(wrong_reference, BETA))["gradient"]
    assert not check.ok and "d loss/d reference_chosen_logps" in check.message


@pytest.mark.parametrize("name, slip_id", [("sigma_delta_weight", "sigma-of-delta"), ("missing_beta", "dropped-beta")])
def test_sigma_delta_weight_and_missing_beta_are_rejected_by_name(name, slip_id):
    report = check_dpo_gradient(example(name), BETA)
    check = by_id(report)["gradient"]
    assert check.verdict == "mismatch" and check.fields["slip"] == slip_id, check.message
    assert slip(slip_id).sentence() in check.message
    for part in ("d loss/d policy_chosen_logps", "at pair", "expected", "got", "abs err", "rel err", "tolerance", "fix:"):
        assert part in check.message, part


@pytest.mark.parametrize("grad_fn, phrase", [
    (lambda pc, pr, rc, rr: (BETA * torch.sigmoid(-_delta(pc, pr, rc, rr, BETA)),
                             -BETA * torch.sigmoid(-_delta(pc, pr, rc, rr, BETA))), "sign-lost"),
    (lambda pc, pr, rc, rr: tuple(s * BETA * torch.sigmoid(-_delta(pc, pr, rc, rr, BETA))
                                  * torch.sigmoid(_delta(pc, pr, rc, rr, BETA)) for s in (-1, 1)),
     "log-derivative-dropped"),
    (lambda pc, pr, rc, rr: tuple(s * BETA * torch.sigmoid(-_delta(pc, pr, rc, rr, BETA)) ** 2 for s in (-1, 1)),
     "sigma-prime-twice"),
    (lambda pc, pr, rc, rr: tuple(s * BETA * torch.sigmoid(-_delta(pc, pr, rc, rr, BETA)) / len(pc) for s in (-1, 1)),
     "divided-by-pairs"),
    (lambda pc, pr, rc, rr: tuple(s * BETA * torch.sigmoid(-BETA * (pc - pr)) for s in (-1, 1)),
     "reference-missing"),
])
def test_other_known_gradient_bugs_are_named(grad_fn, phrase):
    check = by_id(check_dpo_gradient(grad_fn, BETA, reduction="per-pair"))["gradient"]
    assert not check.ok and check.fields["slip"] == phrase, check.message
    assert slip(phrase).sentence() in check.message


@pytest.mark.parametrize("slip_id, form", [(s.id, f) for s, f in with_numeric_forms(on_log_probs=True)],
                         ids=lambda x: x if isinstance(x, str) else "")
def test_every_catalogue_slip_planted_in_a_backward_is_caught(slip_id, form):
    """Each slip's own numbers, returned as a backward: the check fails, and names that slip or
    one the catalogue says no number can tell apart from it."""
    check = by_id(check_dpo_gradient(lambda *x: form.grads(x, BETA)[:2], BETA, reduction="per-pair"))["gradient"]
    assert not check.ok
    named = slip(check.fields["slip"])
    assert named.id == slip_id or slip_id in named.same_numbers_as or named.id in slip(slip_id).same_numbers_as


def test_hand_written_sigmoid_is_unstable_at_large_margins():
    report = check_dpo_gradient(example("hand_sigmoid"), BETA)
    check = by_id(report)["gradient-finite-extreme"]
    assert check.verdict == "unstable" and "unstable at large margins" in check.message
    assert by_id(report)["gradient"].ok


@pytest.mark.parametrize("grad_fn, phrase", [
    (lambda pc, pr, rc, rr: pc, "returned Tensor"),
    (lambda pc, pr, rc, rr: (pc,), "of length 1"),
    (lambda pc, pr, rc, rr: (pc, pr[:3]), "policy_rejected_logps is (3,)"),
    (lambda pc, pr, rc, rr: (pc, None), "is NoneType"),
    (lambda pc, pr, rc, rr: {}["x"], "raised KeyError"),
])
def test_unusable_gradient_functions_give_an_error_check(grad_fn, phrase):
    report = check_dpo_gradient(grad_fn, BETA)
    assert [c.verdict for c in report.checks] == ["error"] and phrase in report.checks[0].message


def test_assert_dpo_gradient():
    assert_dpo_gradient(example("dpo_grad"), BETA)
    with pytest.raises(AssertionError, match=r"(?s)\[gradient\] mismatch.*σ\(δ\) for σ\(−δ\)"):
        assert_dpo_gradient(example("sigma_delta_weight"), BETA)


def _mean_grad(pc, pr, rc, rr):
    w = BETA * torch.sigmoid(-_delta(pc, pr, rc, rr, BETA)) / len(pc)
    return -w, w


@pytest.mark.parametrize("reduction", [None, "mean"])
def test_the_gradient_of_the_batch_mean_is_accepted_and_named(reduction):
    report = check_dpo_gradient(_mean_grad, BETA, reduction=reduction)
    assert report.ok, report.to_text()
    assert report.extra["reduction"] == "mean" and "of the batch mean" in by_id(report)["gradient"].message


def test_a_mean_gradient_where_per_pair_is_required_is_the_divided_by_pairs_slip_with_the_hint():
    report = check_dpo_gradient(_mean_grad, BETA, reduction="per-pair")
    failed = [c for c in report.checks if not c.ok]
    assert failed and {c.fields["slip"] for c in failed} == {"divided-by-pairs"}
    assert "pass reduction='mean'" in failed[0].message


def test_per_pair_and_sum_name_the_same_numbers():
    assert check_dpo_gradient(example("dpo_grad"), BETA).extra["reduction"] == "per-pair"
    assert check_dpo_gradient(example("dpo_grad"), BETA, reduction="sum").ok
    assert not check_dpo_gradient(example("dpo_grad"), BETA, reduction="mean").ok


def test_one_cause_for_every_failing_gradient_check():
    """A swapped backward names its cause once, at ordinary and extreme margins alike."""
    def swapped(pc, pr, rc, rr):
        w = BETA * torch.sigmoid(_delta(pc, pr, rc, rr, BETA))
        return -w, w

    causes = {c.fields.get("slip") for c in check_dpo_gradient(swapped, BETA).checks if not c.ok}
    assert causes == {"sigma-of-delta"}


def test_a_bad_reduction_is_refused():
    with pytest.raises(ValueError, match="reduction must be"):
        check_dpo_gradient(_mean_grad, BETA, reduction="avg")
