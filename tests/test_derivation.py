"""The canonical derivation: every step certified, every planted wrong step refuted; its LaTeX compiles."""
import shutil
import subprocess

import sympy as sp
import pytest

from dpo_proof.symbolic import derivation
from dpo_proof.symbolic.derivation import canonical_steps, derivation_report, lambdified_logp_gradient


@pytest.fixture(scope="module")
def report():
    return derivation_report("verify")


def test_every_step_holds_and_wrong_steps_are_refuted(report):
    assert report.ok
    by_id = {c.id: c for c in report.checks}
    for c in report.checks:
        if c.id.startswith("wrong/"):
            assert c.expected == "refuted" and c.verdict == "refuted" and c.fields["counterexample"]
        else:
            assert c.verdict in ("definition", "proved"), (c.id, c.verdict, c.message)
    assert {"loss", "chain-rule", "sigma-prime", "one-minus-sigma", "gradient", "grad-delta",
            "gradient-ratio-form", "gradient-log-form", "gradient-implicit-reward",
            "tabular-all-n", "convexity", "convexity-positive"} <= set(by_id)
    assert len([i for i in by_id if i.startswith("wrong/")]) >= 5


def test_tabular_identity_is_proved_for_symbolic_n_not_sampled(report):
    step = next(s for s in canonical_steps() if s.id == "tabular-all-n")
    assert sp.Symbol("n", integer=True, positive=True) in step.computed.free_symbols
    assert {c.id: c for c in report.checks}["tabular-all-n"].verdict == "proved"


def test_steps_are_computed_from_the_definitions_not_asserted(monkeypatch):
    """Change the definition of delta (drop beta on the loser) and the computed steps disagree."""
    from dpo_proof.symbolic import notation

    def wrong_delta(*args):
        return notation.implicit_reward(notation.pi_w, notation.ref_w) - sp.log(notation.pi_l / notation.ref_l)

    monkeypatch.setattr(derivation, "dpo_delta", wrong_delta)
    by_id = {c.id: c for c in derivation_report().checks}
    for step_id in ("grad-delta", "gradient-ratio-form", "gradient-log-form"):
        assert by_id[step_id].verdict == "refuted", step_id


def test_a_planted_wrong_canonical_step_fails_the_report(monkeypatch):
    """If the printed gradient were wrong (beta dropped), verify must fail, not pass."""
    original = derivation.canonical_steps

    def corrupted():
        steps = original()
        for step in steps:
            if step.id == "gradient-log-form":
                step.rhs = step.rhs.subs(derivation.beta, 1)
        return steps

    monkeypatch.setattr(derivation, "canonical_steps", corrupted)
    report = derivation_report()
    bad = {c.id: c for c in report.checks}["gradient-log-form"]
    assert not report.ok and bad.verdict == "refuted" and not bad.ok


def test_an_expected_refutation_that_holds_is_a_failure(monkeypatch):
    """A 'wrong step' that the engine cannot refute must turn the report red."""
    original = derivation.canonical_steps

    def corrupted():
        steps = original()
        for step in steps:
            if step.id == "wrong/dropped-beta":
                step.rhs = next(s.rhs for s in steps if s.id == "gradient-log-form")
        return steps

    monkeypatch.setattr(derivation, "canonical_steps", corrupted)
    bad = {c.id: c for c in derivation_report().checks}["wrong/dropped-beta"]
    assert bad.verdict == "proved" and not bad.ok


def test_lambdified_gradient_matches_the_closed_form_and_is_finite_at_extremes():
    import numpy as np
    f = lambdified_logp_gradient()
    beta, lw, ll, rw, rl = 0.5, np.array([-1.0, 2000.0, -2000.0]), np.array([-2.0, 0.0, 0.0]), -1.5, -1.5
    gw, gl = f(beta, lw, ll, rw, rl)
    delta = beta * ((lw - rw) - (ll - rl))
    weight = np.exp(np.minimum(-delta, 0)) / (1 + np.exp(-np.abs(delta)))
    assert np.allclose(gw, -beta * weight, rtol=1e-14, atol=0) and np.allclose(gl, beta * weight, rtol=1e-14, atol=0)
    assert np.all(np.isfinite(gw)) and np.all(np.isfinite(gl))


def test_json_fields_per_contract(report):
    doc = report.to_dict()
    assert doc["ok"] is True and doc["command"] == "verify"
    for c in doc["checks"]:
        assert {"id", "kind", "ok", "verdict", "message"} <= set(c)
        assert c["kind"] == "symbolic"


# ---------------------------------------------------------------- `derive --format latex`

LATEX_DOCUMENT = "\\documentclass{article}\n\\usepackage{amsmath}\n%s\\begin{document}\n\\input{derivation.tex}\n\\end{document}\n"


def test_latex_is_ascii_only_and_balanced(report):
    from dpo_proof.symbolic.render import render_derivation

    latex = render_derivation(report, "latex")
    bad = sorted({ch for ch in latex if not ch.isascii()})
    assert not bad, f"non-ASCII in the LaTeX: {bad}"
    assert latex.count("{") == latex.count("}") and latex.count("\\begin{align") == 2
    assert "\\text{($\\sigma '$ counted twice)}" in latex  # a catalogue slip title, as LaTeX


def test_the_ascii_check_can_fail(report, monkeypatch):
    """A slip title with raw Unicode would reach the output if latex_text let it through."""
    from dpo_proof.symbolic import render

    monkeypatch.setattr(render, "latex_text", lambda text: text)
    assert not render.render_derivation(report, "latex").isascii()


@pytest.mark.parametrize("text, latex", [
    ("σ′ counted twice", "$\\sigma '$ counted twice"),
    ("π for π_θ", "$\\pi$ for $\\pi _{\\theta}$"),
    ("y for y_l", "y for $y_{l}$"),
    ("1/(1+eᵗ) read as σ(t)", "1/(1+e$^{t}$) read as $\\sigma$(t)"),
    ("r̂ & 100% {x} $5 #1 ~", "$\\hat{r}$ \\& 100\\% \\{x\\} \\$5 \\#1 \\textasciitilde{}"),
    ("日本", "??"),
])
def test_latex_text_is_ascii_latex(text, latex):
    from dpo_proof.symbolic.render import latex_text

    assert latex_text(text) == latex


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed (.ci/run installs it as root)")
@pytest.mark.parametrize("preamble", ["", "\\usepackage{amssymb}\n"])
def test_latex_compiles_with_plain_pdflatex(report, tmp_path, preamble):
    """amsmath alone (E in bold) and with amssymb (blackboard E), as the instructor guide says."""
    from dpo_proof.symbolic.render import render_derivation

    (tmp_path / "derivation.tex").write_text(render_derivation(report, "latex"), encoding="ascii")
    (tmp_path / "main.tex").write_text(LATEX_DOCUMENT % preamble, encoding="ascii")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "main.tex"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and (tmp_path / "main.pdf").stat().st_size > 1000, done.stdout[-3000:]
