"""The pieces of the checker: finding math, splitting it into equations, LaTeX -> sympy."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import sympy as sp

from dpo_proof.checker.latex import LatexError, SymbolTable, to_sympy
from dpo_proof.checker.layout import split_block
from dpo_proof.checker.markdown import Lines, find_math, normalise_newlines
from dpo_proof.symbolic.notation import beta, policy, reference, sigma

phi, theta, z = sp.Symbol("phi", real=True), sp.Symbol("theta", real=True), sp.Symbol("z", real=True)
pw, pl, rw, rl = policy("y_w"), policy("y_l"), reference("y_w"), reference("y_l")


def parse(src: str) -> sp.Expr:
    return to_sympy(src, SymbolTable())


@pytest.mark.parametrize("src,expected", [
    (r"\beta \log \frac{\pi_\phi(y_w|x)}{\pi_{ref}(y_w|x)}", beta * sp.log(pw / rw)),
    (r"\beta\log\frac{\pi_{\phi}(y_w \mid x)}{\pi_{\text{ref}}(y_w \mid x)}", beta * sp.log(pw / rw)),
    (r"β log \dfrac{π_φ(y_l|x)}{\pi_{\mathrm{ref}}(y_l|x)}", beta * sp.log(pl / rl)),
    (r"\sigma'(z)", sigma(z) * (1 - sigma(z))),
    (r"\sigma^{\prime}(z)", sigma(z) * (1 - sigma(z))),
    (r"-\mathbb{E}_{(x, y_w, y_l) \sim \mathcal{D}}\left[\log \sigma(z)\right]", -sp.log(sigma(z))),
    (r"\nabla_\phi \log \pi_\phi(y_w|x)", sp.diff(sp.log(pw), phi)),
    (r"\frac{\partial}{\partial \theta} \pi_\theta(y_w|x)", sp.diff(policy("y_w", theta), theta)),
    (r"\nabla_\theta \log \pi_\theta(y_l \mid x)", sp.diff(sp.log(policy("y_l", theta)), theta)),
    (r"e^{-z} + \exp(z) \cdot \tfrac12", sp.exp(-z) + sp.exp(z) / 2),
    (r"\bigl(1 - \sigma(z)\bigr)^2 \times 3", 3 * (1 - sigma(z)) ** 2),
    (r"\left[ z \right] \, z", z ** 2),
    (r"\sqrt{z^2}", sp.sqrt(z ** 2)),
    (r"0.5 z / 2", sp.Rational(1, 4) * z),
    (r"\sigma(−z)·2", 2 * sigma(-z)),
    (r"E_{x \sim D}[z] + E[2]", z + 2),
    (r"\frac{\partial z^2}{\partial z} + \partial_z z", 2 * z + 1),
    (r"log(z) + exp z", sp.log(z) + sp.exp(z)),
    (r"\sigma{\left(z \right)} + \frac{d^2}{dz^2} z^3", sigma(z) + 6 * z),
    (r"\frac{\partial}{\partial \theta_k} \theta_k^2", 2 * sp.Symbol("theta_k", real=True)),
])

def test_notation(src, expected):
    assert sp.simplify((parse(src) - expected).rewrite(sp.exp)) == 0


def test_a_derivative_in_a_defined_name_holds_the_name_as_a_variable():
    from dpo_proof.checker.latex import parse_tree
    from dpo_proof.checker.symbols import Definition

    table = SymbolTable()
    table.definitions["delta"] = Definition("delta", [], parse_tree(r"\beta \log \pi_\phi(y_w|x)"), 1)
    got = to_sympy(r"\frac{d^2}{d\delta^2}\left(-\log\sigma(\delta)\right)", table)
    d = beta * sp.log(pw)
    assert sp.simplify((got - sigma(d) * sigma(-d)).rewrite(sp.exp)) == 0


def test_definitions_are_applied_with_their_arguments():
    from dpo_proof.checker.latex import parse_tree
    from dpo_proof.checker.symbols import Definition

    table = SymbolTable()
    body = parse_tree(r"\beta \log \frac{\pi_\theta(y \mid x)}{\pi_{ref}(y \mid x)}")
    table.definitions["hat(r)_theta"] = Definition("hat(r)_theta", ["x", "y"], body, 1)
    got = to_sympy(r"\hat{r}_\theta(x, y_w) - \hat{r}_\theta(x, y_l)", table)
    expected = beta * sp.log(policy("y_w", theta) / rw) - beta * sp.log(policy("y_l", theta) / rl)
    assert sp.expand_log(got - expected, force=True) == 0


@pytest.mark.parametrize("src,message", [
    (r"10^{10^{10^{10}}}", "too large"),
    (r"e^{e^{e^{e^{e^{10}}}}}", "too large"),
    (r"\exp(\exp(\exp(\exp(10))))", "too large"),
    (r"(a + b)^{100000}", "too large"),
    ("9" * 50, "too long"),
    (r"\foo(z)", "unknown macro `\\foo`"),
    (r"\frac{1}{2", "unclosed `{`"),
    (r"\sigma", "σ needs an argument"),
    (r"1/0", "division by zero"),
    (r"\pi_\phi(1|x)", "π needs a response"),
])
def test_bad_input_is_a_latex_error_naming_the_problem(src, message):
    with pytest.raises(LatexError) as err:
        parse(src)
    assert message in err.value.message


def test_math_is_found_with_lines_and_kinds():
    text = normalise_newlines("intro $a = b$ costs $5\r\n\r\n$$\r\nc = d\r\n$$\r\n"
                              "```\n$$e = f$$\n```\n\\[g = h\\] \\(i = j\\)\n"
                              "\\begin{align*} k &= l \\end{align*}\n`$m = n$`\n")
    scan = find_math(text)
    lines = Lines(text)
    found = [(b.text.strip(), lines.line_col(b.start)[0], b.display) for b in scan.blocks]
    assert found == [("a = b", 1, False), ("c = d", 3, True), ("g = h", 9, True), ("i = j", 9, False),
                     ("k &= l", 10, True)]
    assert not scan.problems


def test_file_commands_are_blanked_with_a_warning():
    scan = find_math("\\input{/etc/passwd}\n$$a = \\write18{rm -rf /} b$$\n")
    assert len(scan.warnings) == 2 and "never reads, writes or runs" in scan.warnings[0][1]
    assert "write18" not in scan.blocks[0].text and "rm" not in scan.blocks[0].text


def test_unclosed_delimiters_are_problems_not_crashes():
    for text in ("$$a = b", "\\[a = b", "\\begin{equation} a = b", "see $\\alpha = 1 and more"):
        assert find_math(text).problems, text


def test_chains_rows_continuations_and_labels():
    text = ("$$\n\\begin{aligned}\nA &= B \\\\\n&= C \\quad \\text{--- (2)} \\\\\n&= D \\tag{3}\n"
            "\\end{aligned}\n$$")
    block = find_math(text).blocks[0]
    eqs = split_block(block)
    lines = Lines(text)
    assert [len(e.relations) for e in eqs] == [1, 1, 1]
    assert [e.continues for e in eqs] == [False, True, True]
    assert [e.label for e in eqs] == [None, "(2)", "(3)"]
    assert [lines.line_col(e.relation_starts[0])[0] for e in eqs] == [3, 4, 5]


def test_pieces_split_at_where_and_implies():
    block = find_math(r"$$\Rightarrow a = b = c \quad \text{where } u = v, \text{ for all } z \in R$$").blocks[0]
    eqs = split_block(block)
    assert [[s.text.strip() for s in e.sides] for e in eqs] == [["a", "b", "c"], ["u", "v"]]


def test_checker_never_evaluates_user_text():
    source = "\n".join(p.read_text() for p in Path("dpo_proof/checker").glob("*.py"))
    for forbidden in ("sympify(", "parse_expr(", "eval(", "exec(", "parse_latex"):
        assert not re.search(r"(?<![\w.])" + re.escape(forbidden), source), forbidden


def test_a_trailing_number_in_parentheses_is_a_label_not_a_product():
    scan = find_math("$$a = 2 (3)$$ $$b = \\sigma(2)$$ $$c = d \\qquad (4).$$")
    labels = [eq.label for block in scan.blocks for eq in split_block(block)]
    assert labels == ["(3)", None, "(4)"]
