"""The faster paths of this round compute what the slower ones did: the screen's tree walk against
lambdify, the probe's derivative at a point, concrete sums with counted bounds, sums left alone where
sympy could not sum them, the per-file memo of the equality engine, and the sharing of corpus checks
between test workers."""
from __future__ import annotations

import json
import threading

import numpy as np
import pytest
import sympy as sp

from dpo_proof.symbolic import floats
from dpo_proof.symbolic.equality import check_equal, remembered
from dpo_proof.symbolic.floats import at_points
from dpo_proof.symbolic.notation import sigma, to_numpy

x, y = sp.symbols("x y", real=True)
p = sp.Symbol("p", positive=True)
d = sp.Dummy("d", real=True)
EXPRESSIONS = [sp.log(sigma(x * y)) + sp.exp(-x) ** 2 / p, sp.sqrt(x) + 1 / x + sp.Max(x, y),
               sp.Abs(y) ** sp.Rational(3, 2) - sp.Min(x, 2), x ** y, sp.pi * x + sp.I * y,
               sp.tanh(x) - sp.atan(y) + sp.cos(d), 3 + 0 * x, sp.oo * p]


def _values(make, exprs, variables=(x, y, p, d)):
    rng = np.random.default_rng(0)
    columns = [rng.uniform(-2, 2, 24) if v != p else rng.uniform(0.1, 3, 24) for v in variables]
    with np.errstate(all="ignore"):
        return [np.broadcast_to(np.asarray(v, dtype=complex), (24,)) for v in make(list(variables), exprs)(*columns)]


def test_the_walk_gives_lambdifys_values_nan_included():
    walk, base = _values(at_points, EXPRESSIONS), _values(to_numpy, EXPRESSIONS)
    for expr, a, b in zip(EXPRESSIONS, walk, base):
        assert np.allclose(a, b, rtol=1e-13, equal_nan=True), expr
    assert np.isnan(walk[1]).any()  # sqrt and log of negative numbers: nan, as in lambdify's code


def test_a_wrong_numpy_function_in_the_walk_is_caught(monkeypatch):
    monkeypatch.setitem(floats.UNARY, sp.tanh, np.sinh)  # planted: tanh evaluated as sinh
    walk, base = _values(at_points, EXPRESSIONS), _values(to_numpy, EXPRESSIONS)
    assert not np.allclose(walk[5], base[5], equal_nan=True)


def test_a_node_the_walk_does_not_know_goes_to_lambdify():
    piecewise = sp.Piecewise((x, x > 0), (0, True))
    fn = at_points([x], [piecewise])
    assert fn.__name__.startswith("_lambdifygenerated")
    assert float(fn(np.array([-1.0, 2.0]))[0][1]) == 2.0
    assert at_points([x], [sp.exp(x)]).__name__ == "walk"


def test_the_screen_still_refutes_and_proves():
    assert check_equal(sigma(x) * sigma(-x), sp.diff(sigma(x), x)).holds
    assert check_equal(1 - sigma(x), sigma(x)).verdict == "refuted"


def test_a_derivative_at_a_point_gets_no_probe_value_at_once():
    from dpo_proof.checker.diagnosis import Probe

    f = sp.Function("f")
    subs = [s for s in sp.diff(f(x, x), x).atoms(sp.Subs)][0]  # d/dξ f(ξ, x) at ξ = x
    values = Probe().at(subs + 1)
    assert all(np.isnan(v) for v in values)  # no value, not a value made up (sympy's evalf recursed 1000 deep)
    assert Probe().at(sp.exp(x)) == Probe().at(sp.exp(x))


def test_the_bound_of_a_concrete_sum_is_a_count():
    from dpo_proof.checker.concrete import _draw

    i, m = sp.symbols("i m", integer=True)
    point = _draw(sp.Sum(sp.Indexed("a", i), (i, 1, m)) + y, np.random.default_rng(0))
    assert point[m].is_Integer and 2 <= point[m] <= 4
    assert not point[y].is_Integer


def test_a_question_asked_again_in_one_file_is_answered_once(monkeypatch):
    from dpo_proof.symbolic import equality

    calls = []
    decide = equality._decide
    monkeypatch.setattr(equality, "_decide", lambda *a: calls.append(a) or decide(*a))
    with remembered():
        first = check_equal(1 - sigma(x), sigma(-x))
        again = check_equal(1 - sigma(x), sigma(-x))
        wrong = check_equal(1 - sigma(x), sigma(x))
    assert first == again and len(calls) == 2 and wrong.verdict == "refuted"
    check_equal(1 - sigma(x), sigma(-x))  # outside the block: asked anew
    assert len(calls) == 3


def test_an_answer_cut_short_by_time_is_not_remembered(monkeypatch):
    from dpo_proof.symbolic import equality

    calls = []
    monkeypatch.setattr(equality, "_decide", lambda *a: calls.append(a) or (equality.Equality("skipped", "t"), True))
    with remembered():
        check_equal(x, x)
        check_equal(x, x)
    assert len(calls) == 2


def test_a_remembered_counterexample_is_a_copy():
    with remembered():
        first = check_equal(1 - sigma(x), sigma(x))
        first.counterexample["at"]["planted"] = 1.0
        again = check_equal(1 - sigma(x), sigma(x))
    assert "planted" not in again.counterexample["at"]


def test_workers_share_a_corpus_file_checked_once(tmp_path):
    from corpus.shared import checks_of

    computed = []

    def compute(name):
        computed.append(name)
        return [{"line": 1, "verdict": "proved"}]

    results = []
    threads = [threading.Thread(target=lambda: results.append(checks_of("f.md", tmp_path, compute))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert computed == ["f.md"] and results == [[{"line": 1, "verdict": "proved"}]] * 4
    assert json.loads((tmp_path / "f.md.json").read_text()) == results[0]


def test_a_claim_left_by_a_dead_worker_is_taken_over(tmp_path, monkeypatch):
    from corpus import shared

    (tmp_path / "g.md.claim").touch()  # claimed, never written
    monkeypatch.setattr(shared, "STALE_SECONDS", 0.3)
    assert shared.checks_of("g.md", tmp_path, lambda name: [name]) == ["g.md"]


@pytest.mark.parametrize("nodeid, unit", [
    ("tests/test_corpus.py::test_no_correct_line_is_refuted[02-a.md]", "corpus:02-a.md"),
    ("tests/test_corpus.py::test_wrong_lines_are_refuted_at_their_line[02-a.md]", "corpus:02-a.md"),
    ("tests/test_figures_style.py::test_x[notes]", "figures"),
    ("tests/test_cli.py::test_y", "tests/test_cli.py::test_y"),
])
def test_a_split_run_gives_shared_work_to_one_worker(nodeid, unit):
    from conftest import unit_of

    assert unit_of(nodeid) == unit


I, N = sp.symbols("i N", integer=True, positive=True)
X = sp.Function("x")


@pytest.mark.parametrize("total", [
    sp.Sum(X(I) * sp.Indexed("y", I), (I, 1, N)),        # no closed form: left a sum at once
    sp.Sum(X(I) + I + 1, (I, 1, N)),                     # three terms, one undefined in i
    sp.Sum(X(I + 1) - X(I), (I, 1, N)),                  # two terms: it telescopes, sympy sums it
    sp.Sum(I, (I, 1, N)),                                # Faulhaber
    sp.Sum(sp.Derivative(X(I) * x ** 2, x), (I, 1, N)),  # the summand is put in order first
    sp.Sum(sp.Derivative(X(I), x), (I, 1, N)),           # ... and is 0, so the sum is
    sp.Sum(X(I), (I, 0, sp.oo)),
    sp.Sum(X(I), (I, 1, 3)),                             # a number of terms: added up
])
def test_a_sum_left_alone_is_what_sympy_would_leave(total):
    from dpo_proof.symbolic.sums import doit

    done = doit(total)
    assert done == total.doit()
    assert all(type(s) is sp.Sum for s in done.atoms(sp.Sum))  # no held sum is handed back


def test_only_a_sum_that_cannot_telescope_is_held():
    from dpo_proof.symbolic.sums import _beyond_closed_form

    assert _beyond_closed_form(sp.Sum(X(I) * sp.Indexed("y", I), (I, 1, N)))
    assert not _beyond_closed_form(sp.Sum(X(I + 1) - X(I), (I, 1, N)))  # planted: x_{i+1} − x_i telescopes
    assert not _beyond_closed_form(sp.Sum(I * 2, (I, 1, N)))
    assert not _beyond_closed_form(sp.Sum(X(I), (I, 1, 5)))
