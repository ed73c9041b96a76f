"""The preference-loss catalogue: every entry complete, its sympy and torch gradients equal, and the
shape of its weights (bounded, vanishing, where it pushes the chosen response down) true of its
explicit gradient; a planted wrong claim is caught; docs/losses.md is generated from it."""
import dataclasses
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
import torch

from dpo_proof.catalogue.losses import BY_NAME, LOSSES, Shape, loss, names
from dpo_proof.symbolic.family import SYMBOLS, a_sym, b_sym, symbols_of
from dpo_proof.symbolic.notation import LAMBDIFY_MODULES

ROOT = Path(__file__).resolve().parent.parent
F64 = torch.float64


def test_every_loss_is_complete_and_named_once():
    assert len(set(names())) == len(LOSSES) >= 14
    for x in LOSSES:
        assert x.title and x.paper and x.params and "beta" in x.params and x.sympy_grad and x.shape, x.name
        assert x.arxiv or x.name == "cdpo", x.name  # Mitchell's note has no arXiv id
        assert set(x.params) <= set(SYMBOLS), x.name
        assert x.inputs in ("log-ratios", "policy-logps") and (x.smooth or x.kink is not None), x.name
    assert loss("dpo") is loss("sigmoid") and BY_NAME["simpo"].reference_free
    with pytest.raises(KeyError, match="known: sigmoid, cdpo"):
        loss("kto")


def _grid(x, n=64, scale=4.0, seed=5):
    gen = torch.Generator().manual_seed(seed)
    a = x.valid_inputs(scale * torch.randn(n, generator=gen, dtype=F64))
    b = x.valid_inputs(scale * torch.randn(n, generator=gen, dtype=F64))
    return a, b


@pytest.mark.parametrize("x", LOSSES, ids=lambda x: x.name)
def test_hand_written_sympy_gradient_equals_the_explicit_torch_gradient(x):
    a, b = _grid(x)
    p = symbols_of(x)
    fn = sp.lambdify((a_sym, b_sym, *p.values()), list(x.sympy_grad(a_sym, b_sym, p)), modules=LAMBDIFY_MODULES)
    want = [np.broadcast_to(g, a.shape) for g in fn(a.numpy(), b.numpy(), *x.params.values())]
    for got, ref in zip(x.torch_grad(a, b, x.params), want):
        np.testing.assert_allclose(got.numpy(), ref, rtol=1e-12, atol=1e-14)


def _geomspace(lo, hi, n):
    return torch.logspace(np.log10(lo), np.log10(hi), n, dtype=F64)


def _box(x, extent: float, near_zero: float):
    """All (a, b) pairs on a grid reaching |x| = extent (log-probs: -extent .. -near_zero)."""
    mags = _geomspace(near_zero, extent, 41)
    values = -mags if x.reference_free else torch.cat([-mags, torch.zeros(1, dtype=F64), mags])
    return torch.meshgrid(values, values, indexing="ij")


def shape_problems(x) -> list[str]:
    """What is false in the catalogue's Shape of `x`, judged on its explicit gradient."""
    problems, s, beta = [], x.shape, x.params["beta"]
    unit = 1.0 if x.reference_free else 1 / beta
    inner = max(float(w.abs().max()) for w in x.weights(*_box(x, 10 * unit, 0.3), x.params))
    outer = max(float(w.abs().max()) for w in x.weights(*_box(x, 1e4 * unit, 1e-9), x.params))
    if s.bounded and outer > 1.01 * inner + 1e-12:
        problems.append(f"claims bounded, but |w| reaches {outer:.3g} (vs {inner:.3g} nearby)")
    if not s.bounded and outer < 10 * inner:
        problems.append(f"claims unbounded, but |w| stays below {outer:.3g}")
    far = torch.tensor([-1e-9 if x.reference_free else 1e4 * unit], dtype=F64)
    w_w, w_l = x.weights(far, torch.tensor([-1e4 * unit], dtype=F64), x.params)
    gone = float(w_w.abs() + w_l.abs()) < 1e-6 * max(beta, 1.0)
    if s.vanishes != gone:
        problems.append(f"claims vanishes={s.vanishes}, but far on the right side w = ({float(w_w):.3g}, {float(w_l):.3g})")
    gen = torch.Generator().manual_seed(11)
    a, b = (x.valid_inputs(torch.randn(4000, generator=gen, dtype=F64) * 8 * unit) for _ in range(2))
    w_w = x.weights(a, b, x.params)[0]
    clear = w_w.abs() > 1e-9 * max(float(w_w.abs().max()), 1e-300)  # leave out the boundary itself
    down = (w_w < 0) & clear
    claimed = torch.zeros_like(down) if s.chosen_down_at is None else s.chosen_down_at(a, b, x.params)
    if bool((down != (claimed & clear)).any()):
        i = int(torch.nonzero(down != (claimed & clear))[0])
        problems.append(f"claims the chosen is pushed down where {s.chosen_down}, but at a = {float(a[i]):.4g}, "
                        f"b = {float(b[i]):.4g} w_w = {float(w_w[i]):.3g}")
    if (s.chosen_down == "never") != (s.chosen_down_at is None):
        problems.append("chosen_down says never but gives a region, or the other way round")
    return problems


@pytest.mark.parametrize("x", LOSSES, ids=lambda x: x.name)
def test_the_shape_of_each_weight_is_true(x):
    assert shape_problems(x) == []


@pytest.mark.parametrize("name, wrong", [
    ("sigmoid", dict(bounded=False)),
    ("ipo", dict(bounded=True)),
    ("robust", dict(vanishes=True)),
    ("sigmoid", dict(chosen_down="m > 0", chosen_down_at=lambda a, b, p: a > b)),
    ("cdpo", dict(chosen_down="never", chosen_down_at=None)),
    ("nca_pair", dict(chosen_down="a > 1/beta", chosen_down_at=lambda a, b, p: p["beta"] * a > 1)),
])
def test_a_planted_wrong_shape_claim_is_caught(name, wrong):
    x = loss(name)
    assert shape_problems(dataclasses.replace(x, shape=dataclasses.replace(x.shape, **wrong)))


def test_margin_losses_have_opposite_partials_and_the_others_do_not():
    for x in LOSSES:
        a, b = _grid(x)
        d_a, d_b = x.torch_grad(a, b, x.params)
        assert torch.allclose(d_a, -d_b, rtol=0, atol=1e-15) == x.margin_only, x.name


#: losses with the reward (1 - e^{-alpha x})/alpha: the loss is e^{alpha |x|}-large below 0, beyond float64 past
#: alpha |x| = 709.8, where it may be inf (the true value overflows) but never nan
EXPONENTIAL_REWARD = {"fdpo_forward_kl": lambda p: 1.0, "fdpo_alpha": lambda p: p["alpha"], "alphapo": lambda p: p["alpha"]}


def test_losses_are_finite_where_the_catalogue_says_and_orpo_says_why_not():
    for x in LOSSES:
        big = torch.tensor([-1e4, -1e3, -1.0, 0.0, 1.0, 1e3, 1e4], dtype=F64)
        a, b = torch.meshgrid(x.valid_inputs(big), x.valid_inputs(big), indexing="ij")
        representable = torch.ones_like(a, dtype=torch.bool)
        if x.name in EXPONENTIAL_REWARD:
            representable = EXPONENTIAL_REWARD[x.name](x.params) * -torch.minimum(a, b) < 700
            assert not representable.all(), x.name  # the grid reaches the overflow
        values = (x.torch_loss(a, b, x.params),) + tuple(x.torch_grad(a, b, x.params))
        assert all(torch.isfinite(v[representable]).all() and not torch.isnan(v).any() for v in values), x.name
    orpo = loss("orpo")
    certain = torch.zeros(1, dtype=F64)  # log P = 0: the response is certain, its odds infinite
    assert not torch.isfinite(orpo.torch_grad(certain, torch.full((1,), -1.0, dtype=F64), orpo.params)[0]).all()
    assert "infinite" in orpo.extreme


def test_with_params_and_paper_settings_name_real_parameters():
    for x in LOSSES:
        assert set(x.paper_params) <= set(x.params), x.name
        assert x.with_params(beta=0.5)["beta"] == 0.5
    with pytest.raises(ValueError, match="takes beta, tau"):
        loss("discopop").with_params(gamma=1.0)


def test_docs_losses_md_is_generated_from_the_catalogue():
    from dpo_proof.symbolic.family_docs import losses_page

    page = losses_page()
    assert (ROOT / "docs" / "losses.md").read_text(encoding="utf-8") == page, \
        "docs/losses.md is stale: run python -m dpo_proof.symbolic.family_docs > docs/losses.md"
    for x in LOSSES:
        assert f"## `{x.name}`" in page and (x.arxiv in page) and x.shape.chosen_down.split()[0] in page


def test_shape_is_a_frozen_record():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Shape(True, True, "never").bounded = False
