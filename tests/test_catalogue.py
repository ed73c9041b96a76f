"""The catalogue: every slip and loss is well formed, its forms agree with each other, every slip
can be told from the correct formula, and no slip is described anywhere but in the catalogue."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import sympy as sp
import torch

from dpo_proof.catalogue import LOSSES, SLIPS, slip
from dpo_proof.catalogue.forms import DPO
from dpo_proof.catalogue.mutations import Context
from dpo_proof.symbolic.equality import check_equal
from dpo_proof.symbolic.notation import LAMBDIFY_MODULES, sigma

ROOT = Path(__file__).resolve().parent.parent
BETA = 0.3


def inputs(seed=0, n=12):
    gen = torch.Generator().manual_seed(seed)
    return tuple(-5 - 40 * torch.rand(n, generator=gen, dtype=torch.float64) for _ in range(4))


def test_ids_are_unique_and_every_slip_shows_somewhere():
    assert len({s.id for s in SLIPS}) == len(SLIPS)
    for s in SLIPS:
        assert s.symbolic or s.numeric, s.id
        assert all(text.strip() for text in (s.title, s.did, s.correct, s.wrong, s.advice)), s.id
        assert all(slip(other) for other in s.same_numbers_as)


def test_the_correct_form_is_eq_1_and_its_gradient_eq_2():
    x = inputs()
    delta = BETA * ((x[0] - x[2]) - (x[1] - x[3]))
    assert torch.allclose(DPO.value(x, BETA), torch.nn.functional.softplus(-delta), rtol=1e-14, atol=0)
    w = BETA * torch.sigmoid(-delta)
    for got, want in zip(DPO.grads(x, BETA), (-w, w, w, -w)):
        assert torch.allclose(got, want, rtol=1e-14, atol=0)


@pytest.mark.parametrize("s", SLIPS, ids=lambda s: s.id)
def test_each_numeric_form_differs_from_the_correct_one(s):
    x = inputs()
    for form in s.forms():
        if form.on_log_probs:
            assert any(not torch.allclose(g, c) for g, c in zip(form.grads(x, BETA), DPO.grads(x, BETA))), s.id
        else:
            with pytest.raises(ValueError):
                form.grads(x, BETA)


@pytest.mark.parametrize("s", SLIPS, ids=lambda s: s.id)
def test_a_form_with_a_loss_has_that_loss_s_gradient(s):
    """The explicit gradient of each wrong loss equals autograd of its own value: the forms are
    internally consistent, so a match in numbers means the slip, not an accident of the table."""
    for form in s.forms():
        if not form.has_loss:
            continue
        x = tuple(t.clone().requires_grad_(True) for t in inputs(1))
        auto = torch.autograd.grad(form.value(x, BETA).sum(), x)
        for got, want in zip(form.grads(x, BETA), auto):
            assert torch.allclose(got.detach(), want, rtol=1e-12, atol=1e-15), s.id


def test_forms_stay_finite_at_margins_of_1000():
    x = (torch.tensor([0.0, 0.0]), torch.tensor([-10000.0, 10000.0]), torch.tensor([0.0, 0.0]), torch.tensor([0.0, 0.0]))
    for s in SLIPS:
        for form in s.forms():
            values = [form.value(x, 0.1)] if form.has_loss else []
            grads = list(form.grads(x, 0.1)) if form.on_log_probs else []
            assert all(torch.isfinite(t).all() for t in values + grads), s.id


def _gradient_expr():
    """The per-pair gradient in the log form, with every definition written out (the checker's view)."""
    from dpo_proof.symbolic.notation import beta, dpo_delta, pi_l, pi_w, phi
    return -beta * sigma(-dpo_delta()) * (sp.Derivative(sp.log(pi_w), phi) - sp.Derivative(sp.log(pi_l), phi))


@pytest.mark.parametrize("s", [s for s in SLIPS if s.symbolic], ids=lambda s: s.id)
def test_each_symbolic_slip_is_refuted_against_the_correct_expression(s):
    """Every mutation yields something the equality engine refutes: a slip is never a no-op."""
    from dpo_proof.symbolic.notation import beta, dpo_delta, dpo_loss, phi
    z = sp.Symbol("z", real=True)
    targets = [_gradient_expr(), dpo_loss(dpo_delta()), 1 / (1 + sp.exp(z))]
    ctx = Context(sigma=sigma, grad_margin=sp.diff(dpo_delta(), phi))
    found = False
    for expr in targets:
        for wrong in s.mutations(expr, ctx):
            found = True
            assert check_equal(expr, wrong).verdict == "refuted", (s.id, wrong)
    assert found, f"{s.id}: no mutation applies to the gradient, the loss or the logistic function"


def test_a_mutation_reaches_the_right_place():
    """Spot checks written by hand: the mutations do what their names say."""
    e = _gradient_expr()
    (no_beta,) = slip("dropped-beta").mutations(e)
    assert check_equal(no_beta * sp.Symbol("beta", positive=True), e).verdict == "proved"
    (swapped,) = slip("winner-loser-swapped").mutations(e)
    names = {type(f).__name__ for f in swapped.atoms(sp.Function)}
    assert {"pi_y_w", "pi_y_l"} <= names and swapped != e
    from dpo_proof.symbolic.notation import pi_l, pi_w, ref_l, ref_w
    back = swapped.xreplace({pi_w: pi_l, pi_l: pi_w, ref_w: ref_l, ref_l: ref_w})
    assert check_equal(back, e).verdict == "proved"
    t = sp.Symbol("t", real=True)
    assert sigma(t) in slip("logistic-as-sigma").mutations(1 / (1 + sp.exp(t)), Context(sigma=sigma))


def test_the_derivation_shows_every_slip_that_names_a_step():
    from dpo_proof.symbolic.derivation import derivation_report
    checks = {c.id: c for c in derivation_report().checks}
    for s in SLIPS:
        if s.step:
            check = checks[f"wrong/{s.id}"]
            assert check.verdict == "refuted" and check.ok and s.did in check.message


@pytest.mark.parametrize("loss", LOSSES, ids=lambda x: x.name)
def test_each_loss_s_three_forms_agree(loss):
    """sympy form (lambdified) = torch form; explicit gradient = autograd of the torch form."""
    gen = torch.Generator().manual_seed(3)
    a = loss.valid_inputs(4 * torch.randn(64, generator=gen, dtype=torch.float64)).requires_grad_(True)
    b = loss.valid_inputs(4 * torch.randn(64, generator=gen, dtype=torch.float64)).requires_grad_(True)
    p = loss.params
    value = loss.torch_loss(a, b, p)
    A, B = sp.symbols("a b", real=True)
    f = sp.lambdify((A, B), loss.sympy_loss(A, B, p), modules=LAMBDIFY_MODULES)
    want = torch.as_tensor(f(a.detach().numpy(), b.detach().numpy()), dtype=torch.float64)
    assert torch.allclose(value.detach(), want, rtol=1e-12, atol=1e-12), loss.name
    auto = torch.autograd.grad(value.sum(), (a, b))
    for got, ref in zip(loss.torch_grad(a.detach(), b.detach(), p), auto):
        assert torch.allclose(got, ref, rtol=1e-12, atol=1e-14), loss.name


def test_with_params_rejects_an_unknown_name():
    with pytest.raises(ValueError, match="takes beta"):
        LOSSES[0].with_params(gamma=1.0)


# Phrases that, if they appear outside the catalogue, describe a slip a second time.
def _slip_phrases() -> list[str]:
    phrases = []
    for s in SLIPS:
        phrases += [s.did, s.advice, s.title]
        if s.code_fix and len(s.code_fix) > 40:
            phrases.append(s.code_fix)
    phrases += ["counted twice", "winner and loser swapped", "beta is dropped", "β dropped", "sign is flipped",
                "in place of σ(−δ)", "where sigma(-delta) belongs", "reference term is missing"]
    return phrases


def test_no_slip_is_described_outside_the_catalogue():
    catalogue = ROOT / "dpo_proof" / "catalogue"
    offenders = []
    for path in (ROOT / "dpo_proof").rglob("*.py"):
        if catalogue in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(ROOT)}: {p!r}" for p in _slip_phrases() if p in text]
    assert not offenders, "slips described outside dpo_proof/catalogue:\n" + "\n".join(offenders)


def test_the_check_above_can_fail(tmp_path):
    """Planted: a module that restates a slip is caught by the same phrase list."""
    text = f"ADVICE = {slip('sigma-prime-twice').did!r}\n"
    assert any(p in text for p in _slip_phrases())
    assert not any(p in "x = 1\n" for p in _slip_phrases())
    assert re.search("counted twice", "σ′ counted twice")
