"""Precision: probes in the dtype under test never overflow; tolerances follow the dtype's rounding
and the size of beta*|log p| (tolerances.rounding_tolerance, rounding_spread); correct code in
float32, bfloat16 and float16 passes with a note, and every planted slip is still caught there,
with exactly one cause."""
from pathlib import Path

import pytest
import torch

from dpo_proof.catalogue.slips import with_numeric_forms
from dpo_proof.testing import check_dpo_loss, load_target
from dpo_proof.testing.probes import make_probes
from dpo_proof.tolerances import compare, rounding_spread, rounding_tolerance, unit_roundoff_of

PRECISION = Path(__file__).resolve().parent.parent / "docs" / "examples" / "losses" / "precision.py"


def example(name):
    return load_target(f"{PRECISION}:{name}")[0]


@pytest.mark.parametrize("name", ["fused_float32", "float32_then_back"])
def test_float32_arithmetic_inside_a_float64_check_passes_with_a_note(name):
    report = check_dpo_loss(example(name), 0.1)
    assert report.ok, report.to_text()
    (note,) = [n for n in report.extra["notes"] if "consistent with float32" in n]
    assert note.startswith("agrees to ") and ("e-07" in note or "e-08" in note)
    assert report.checks[1].fields["precision"] == "float32"


def test_coarser_than_float32_in_a_float64_check_fails():
    def bfloat16_inside(pc, pr, rc, rr):
        return torch.nn.functional.softplus(-0.1 * ((pc - rc) - (pr - rr)).bfloat16()).double()

    assert not check_dpo_loss(bfloat16_inside, 0.1, identify=False).ok


@pytest.mark.parametrize("beta, dtype", [(2.0, torch.bfloat16), (0.01, torch.float16), (0.1, torch.float32)])
def test_correct_code_in_low_precision_passes_with_a_note(beta, dtype):
    report = check_dpo_loss(example("dpo_in_input_dtype"), beta, dtype=dtype)
    assert report.ok, report.to_text()
    assert report.extra["dtype"] == str(dtype).replace("torch.", "") and report.extra["reduction"] == "mean"
    if dtype is not torch.float32:
        assert any(f"within {report.extra['dtype']} rounding" in n for n in report.extra["notes"])


@pytest.mark.parametrize("beta, dtype", [(2.0, torch.bfloat16), (0.01, torch.float16)])
def test_every_planted_slip_is_caught_in_low_precision_with_one_cause(beta, dtype):
    for slip, form in with_numeric_forms(on_log_probs=True, has_loss=True):
        def planted(pc, pr, rc, rr, form=form):
            z = sum(c * x for c, x in zip(form.coefficients(beta), (pc, pr, rc, rr)))
            if form.link == "sigmoid":
                return -form.scale * torch.sigmoid(form.sign * z)
            return form.scale * torch.nn.functional.softplus(-form.sign * z)

        report = check_dpo_loss(planted, beta, dtype=dtype, identify=False)
        causes = {c.fields.get("slip") for c in report.checks if not c.ok and c.id != "loss-finite-extreme"}
        assert causes == {slip.id}, (slip.id, causes)


@pytest.mark.parametrize("beta, dtype", [(0.01, torch.float16), (2.0, torch.bfloat16), (0.001, torch.float16),
                                         (0.1, torch.float32)])
def test_probes_never_overflow_in_the_dtype_under_test(beta, dtype):
    for probe in make_probes(beta, dtype=dtype):
        assert all(bool(torch.isfinite(x).all()) for x in probe.inputs)
        margins = ((probe.inputs[0] - probe.inputs[2]) - (probe.inputs[1] - probe.inputs[3]))  # in the dtype
        assert bool(torch.isfinite(margins).all())


def test_extreme_margins_are_capped_and_the_cap_is_noted_in_float16():
    report = check_dpo_loss(example("dpo_in_input_dtype"), 0.01, dtype=torch.float16)
    assert any("extreme margins capped at |beta*margin| = 34.9" in n for n in report.extra["notes"])
    assert not any("capped" in n for n in check_dpo_loss(example("dpo_in_input_dtype"), 0.1).extra["notes"])


def test_the_tolerance_follows_the_dtype_resolution():
    ratios = [rounding_tolerance(d).rtol / unit_roundoff_of(d) for d in ("float64", "float32", "float16", "bfloat16")]
    assert len(set(ratios)) == 1  # the same K operations' worth of rounding in every dtype
    assert rounding_tolerance("float32").rtol > 1e8 * rounding_tolerance("float64").rtol


def test_the_spread_grows_with_beta_times_log_p():
    """Large log-probs at small beta: what cancels inside delta moves with rounding; the bound says so."""
    def dpo(pc, pr, rc, rr, beta=0.01):
        return torch.nn.functional.softplus(-beta * ((pc - rc) - (pr - rr)))

    small = tuple(torch.tensor([-10.0, -20.0], dtype=torch.float64) for _ in range(4))
    large = tuple(x * 100 for x in small)
    tol = rounding_tolerance("float32")
    assert float(rounding_spread(dpo, large, tol.rtol).max()) > 50 * float(rounding_spread(dpo, small, tol.rtol).max())


def test_compare_adds_the_spread_to_each_bound():
    tol = rounding_tolerance("float64")
    e = torch.tensor([1.0, 1.0], dtype=torch.float64)
    a = e + torch.tensor([0.0, 1e-6], dtype=torch.float64)
    assert not compare(a, e, tol).ok
    assert compare(a, e, tol, spread=torch.tensor([0.0, 2e-6], dtype=torch.float64)).ok
