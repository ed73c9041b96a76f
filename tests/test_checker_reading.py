"""Reading derivations as people write them (issue 10): the notation, the Markdown around it,
notebooks, steps with no relation, and what the prose says. Each construct is read to the value
it means: a misreading changes the value and fails the test."""
from __future__ import annotations

import json

import pytest
import sympy as sp

from dpo_proof.checker.claims import check_paths, check_text
from dpo_proof.checker.context import split_blocks
from dpo_proof.checker.latex import SymbolTable, to_sympy
from dpo_proof.checker.markdown import Lines, find_math
from dpo_proof.checker.operators import sum_over
from dpo_proof.symbolic.notation import beta, policy, reference, sigma

phi, theta = sp.Symbol("phi", real=True), sp.Symbol("theta", real=True)
z, u, x = (sp.Symbol(n, real=True) for n in "zux")
pw, pl, rw, rl = policy("y_w"), policy("y_l"), reference("y_w"), reference("y_l")


def value(src: str) -> sp.Expr:
    return to_sympy(src, SymbolTable())


def same(a: sp.Expr, b: sp.Expr) -> bool:
    return sp.simplify(sp.expand_log((a - b).rewrite(sp.exp), force=True)) == 0


@pytest.mark.parametrize("src,expected", [
    (r"\pi_\theta(y^+|x) - \pi_\theta(y^-|x)", policy("y^+", theta) - policy("y^-", theta)),
    (r"\log \pi_\theta(y_i^+|x)", sp.log(policy("y^+_i", theta))),
    (r"\mathcal{L}_\text{DPO} + \pi_\text{ref}(y_w|x) + \pi_\mathrm{ref}(y_l|x)",
     sp.Symbol("mathcal(L)_DPO", real=True) + rw + rl),
    (r"\pi_{\text {ref }}(y_w|x)", rw),
    (r"\frac{d}{dz}\sigma(z)", sigma(z) * sigma(-z)),
    (r"\frac{d\sigma}{du}", sigma(u) * sigma(-u)),
    (r"\frac{d}{d\sigma(u)}\log\sigma(u)", 1 / sigma(u)),
    (r"\frac{\partial}{\partial\theta}\log\pi_\theta(y_w|x)", sp.diff(sp.log(policy("y_w", theta)), theta)),
    (r"\frac{\partial \log \pi_\theta(y_w|x)}{\partial \theta}", sp.diff(sp.log(policy("y_w", theta)), theta)),
    (r"\frac{d}{dz}\log\sigma(z) \times \frac{d}{dz} z^2", (1 - sigma(z)) * 2 * z),
    (r"\frac{d^2}{dz^2} z^3 \cdot 1", 6 * z),
    (r"\big[ z + 1 \big)", z + 1),
    (r"\Big( z \Big) \! \, \; \qquad 2", 2 * z),
    (r"log z + \exp(z) + e^{-z}", sp.log(z) + sp.exp(z) + sp.exp(-z)),
    (r"\log\pi(y_w)", sp.log(pw)),
    (r"\log \sigma  \beta \left(z - u\right)", sp.log(sigma(beta * (z - u)))),
    (r"\text{KL}(\pi(\cdot \mid x) \parallel \pi_{\text{ref}}(\cdot \mid x))",  # Σ_y π log π/π_ref
     sum_over("y", policy("y") * sp.log(policy("y") / reference("y")))),
    (r"\mathbb{E}_{y \sim \pi(y|x)}[\log \frac{\pi(y|x)}{\pi_{ref}(y|x)}] - \int P(x) \log \frac{P(x)}{Q(x)} dx",
     sum_over("y", policy("y") * sp.log(policy("y") / reference("y")))
     - sum_over("x", sp.Function("P", real=True)(sp.Symbol("x", real=True)) * sp.log(
         sp.Function("P", real=True)(sp.Symbol("x", real=True)) / sp.Function("Q", real=True)(sp.Symbol("x", real=True))))),
    (r"\mathbb{D}_{\mathrm{KL}}\left[\pi_\phi(y_w\mid x)\Vert \pi_{\mathrm{ref}}(y_w\mid x)\right]", sp.log(pw / rw)),
    (r"\left(\frac{1}{z}\right)'", -1 / z ** 2),
    (r"\theta^\top z", theta * z),
    (r"2 \dot (3)", sp.Integer(6)),
    (r"\exp\{z\}", sp.exp(z)),
    (r"\left.\frac{d}{dz}\sigma(z)\right|_{z=0}", sp.Rational(1, 4)),
    (r"\operatorname{sigmoid}(z) - \mathrm{sigmoid}(u)", sigma(z) - sigma(u)),
])
def test_notation_of_real_derivations(src, expected):
    assert same(value(src), expected)


def test_optimum_over_the_policy_keeps_only_what_holds_for_every_operand():
    f = r"\mathbb{E}[r(x,y) - \beta \log \frac{\pi(y|x)}{\pi_{ref}(y|x)}]"
    g = r"\mathbb{E}[\log \frac{\pi(y|x)}{\pi_{ref}(y|x)} - \frac{1}{\beta} r(x,y)]"
    assert same(value(r"\max_\pi " + f), value(r"-\beta \min_\pi " + g))  # max f = -β min(-f/β)
    assert not same(value(r"\max_\pi " + f), value(r"\min_\pi " + g))  # the value changes
    assert same(value(r"\arg\max_\phi " + f), value(r"\arg\min_\phi " + g))  # the maximiser does not
    assert not same(value(r"\arg\max_\phi " + f), value(r"\arg\max_\phi " + g))


def test_operators_are_known_to_be_notation_not_forgotten_names():
    from sympy.core.function import AppliedUndef

    from dpo_proof.checker.operators import is_operator

    got = value(r"\max_\pi \log \pi(y|x) + \sum_y r(x, y)")
    operators = {str(f) for f in got.atoms(AppliedUndef) if is_operator(f)}
    assert operators == {"max over π(log(pi_y(phi)))", "Σ over y(r(y))"}  # not r(x, y) (x left out: one function), not π(y|x)


def test_sums_and_batch_means():
    got = value(r"\sum_y \pi_{ref}(y|x) \exp(\frac{1}{\beta} r(x,y) + \frac{1}{\beta} f(x))")
    assert same(got, value(r"\exp(\frac{1}{\beta} f(x)) \sum_y \pi_{ref}(y|x) \exp(\frac{1}{\beta} r(x,y))"))
    mean = value(r"\frac{1}{2}\sum_{i=1}^{2} \ell_i")
    assert same(mean, value(r"\frac{\ell_1 + \ell_2}{2}"))  # written out: the text's own ℓ_1, ℓ_2


def _equations(text: str):
    scan = find_math(text)
    return scan, split_blocks(scan.blocks, scan.problems)


@pytest.mark.parametrize("text,sides", [
    ("$$\\begin{aligned} a &= b \\\\ &= c \\end{aligned}$$", [["a", "b"], ["", "c"]]),
    ("$$\\begin{equation} a = b \\end{equation}$$", [["a", "b"]]),
    ("$$\\begin{align}\n a &= \\\\\n & b + c\n\\end{align}$$", [["a", "b + c"]]),
    ("$$ a = b, \\quad c = d. $$", [["a", "b"], ["c", "d"]]),
    ("$$ a = \\boxed{b} \\tag{3} $$", [["a", "b"]]),
    ("$$ \\underbrace{a}_{\\text{w, as $y_w$}} = \\overbrace{b}^{c} $$", [["a", "b"]]),
    ("$ z = \\beta \\, \\Delta $", [["z", "\\beta \\, \\Delta"]]),
    ("$$\\pi_\\theta(x, y)$$", [["\\pi_\\theta(x, y)"]]),
    ("$$ c \\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix} = \\begin{pmatrix} 3 \\\\ 4 \\end{pmatrix} $$",
     [["c ( 1 )", "( 3 )"], ["c ( 2 )", "( 4 )"]]),  # an entry is one value: `c (a - b)`
])
def test_layout_of_rows_environments_and_steps(text, sides):
    _, equations = _equations(text)
    got = [[" ".join(s.text.replace("&", " ").split()) for s in eq.sides] for eq in equations]
    assert got == sides


@pytest.mark.parametrize("text,where", [
    ("para\n\n> quote $a = b$ and $$c = d$$\n", [(3, 10), (3, 23)]),
    ("| x | $r_\\theta(y\\|x) = b$ |\n|---|---|\n", [(1, 8)]),
    ("- item\n  $$\n  a = b\n  $$\n", [(2, 5)]),
    ("<!-- $$ e = f $$ -->\n<Wide>\n\n$$\ng = h\n$$\n</Wide>\n", [(4, 3)]),
    ("中文 $x = 1$，한국어 $y = 2$\n", [(1, 5), (1, 17)]),
    ("\\[\na = b\n\\] and \\( c = d \\)\n", [(1, 3), (3, 10)]),
    ("$$ a = b $$ {#eq:one}\n", [(1, 3)]),
    ("`$x = 1$` and\n```\n$$y = 2$$\n```\n$z = 3$\n", [(5, 2)]),
])
def test_math_is_located_at_its_exact_line_and_column(text, where):
    scan = find_math(text)
    lines = Lines(text)
    assert [lines.line_col(b.start) for b in scan.blocks] == where
    for block in scan.blocks:  # a block is the file's own text, only container marks blanked
        assert text[block.start:block.start + len(block.text)].replace("\\|", " |").replace(">", " ") \
            .startswith(block.text.split("\n")[0].rstrip()[:3])


def test_one_token_per_line_and_a_notebook_report_cell_and_line(tmp_path):
    one_per_line = "$$\na\n=\nb\n+\nc\n$$\n"
    _, equations = _equations(one_per_line)
    assert [len(eq.relations) for eq in equations] == [1]
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# notes\n"]},
        {"cell_type": "code", "metadata": {}, "source": "x = 1", "outputs": [], "execution_count": None},
        {"cell_type": "markdown", "metadata": {}, "source": ["Facts:\n", "$$\\sigma(-z) = 1 - \\sigma(z)$$\n",
                                                            "$$\\sigma(0) = 1$$\n"]}]}
    path = tmp_path / "notes.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    checks = {(c.fields["cell"], c.fields["line"]): c.verdict for c in check_paths([str(path)], 1.0).checks}
    assert checks == {(2, 2): "proved", (2, 3): "refuted"}


def test_a_broken_notebook_is_a_usage_error_and_a_piped_one_is_read(tmp_path, monkeypatch, capsys):
    import io
    import sys

    from dpo_proof.cli import main

    path = tmp_path / "bad.ipynb"
    path.write_text('{"cells": [', encoding="utf-8")
    assert main(["check", str(path)]) == 2
    assert "not a notebook nbformat can read" in capsys.readouterr().err
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "id": "a", "metadata": {}, "source": "$$\\sigma(0) = 1$$"}]}
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(notebook).encode())))
    assert main(["check", "--json", "-"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [(c["cell"], c["line"], c["verdict"]) for c in doc["checks"]] == [(0, 1, "refuted")]


def test_steps_with_no_relation_are_reported_or_continue_when_the_text_says_so():
    text = ("$$\\ell = -\\log\\sigma(z)$$\n\n$$\\frac{d\\ell}{dz} = -(1 - \\sigma(z))$$\n\n"
            "Expanding this gives:\n\n$$ -\\sigma(-z) $$\n\nThe objective:\n\n$$ \\max_\\pi z $$\n")
    checks, _, _ = check_text(text, "steps.md", time_limit=2.0)
    verdicts = [(c.fields["line"], c.verdict) for c in checks]
    assert verdicts == [(1, "definition"), (3, "proved"), (7, "proved"), (11, "no-relation")]
    wrong = text.replace("-\\sigma(-z) $$", "\\sigma(-z) $$")
    checks, _, _ = check_text(wrong, "steps.md", time_limit=2.0)
    assert [c.verdict for c in checks if c.fields["line"] == 7] == ["refuted"]


def test_prose_readings_say_how_the_line_was_read():
    checks, _, _ = check_text("Derivative of $\\log(x)=\\frac{1}{x}$, and using "
                              "$\\sigma' = \\sigma(1-\\sigma)$.\n", "prose.md", time_limit=2.0)
    assert [c.verdict for c in checks] == ["proved", "proved"]
    assert "read as the derivative" in checks[0].message and "every z" in checks[1].message
    checks, _, _ = check_text("Derivative of $\\log(x)=x$.\n", "prose.md", time_limit=2.0)
    assert [c.verdict for c in checks] == ["refuted"]
    checks, _, _ = check_text("Let $u = z^2$. The derivative of $u$ is $2 z$, not $3$.\n", "p.md", 2.0)
    assert [c.verdict for c in checks] == ["definition", "proved"] and "derivative" in checks[1].message


def test_an_unreadable_definition_does_not_take_down_unrelated_claims():
    text = ("$$\\pi^*(y|x) = \\frac{1}{Z(x)}\\pi_{ref}(y|x)\\exp(r(x,y)/\\beta)$$\n"
            "$$\\sigma(-z) = 1 - \\sigma(z)$$\n$$u = \\foo(z)$$\n$$\\sigma(0) = \\frac12$$\n")
    checks, _, _ = check_text(text, "star.md", time_limit=2.0)
    by_line = {c.fields["line"]: c.verdict for c in checks}
    assert by_line[1] == "definition" and by_line[2] == "proved" and by_line[4] == "proved"
    assert by_line[3] == "unparsed"


def test_what_cannot_be_read_names_line_column_and_construct():
    checks, _, _ = check_text("intro\n\n$$a = b \\mathfrak{x}$$\n", "bad.md", time_limit=1.0)
    assert checks[0].verdict == "unparsed"
    assert checks[0].message.startswith("line 3, column 9: unknown macro `\\mathfrak`")
