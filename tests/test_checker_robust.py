"""Malformed input never gives a traceback: a message and exit code 1 or 2, and no hang."""
from __future__ import annotations

import io
import sys

import pytest
from hypothesis import given, settings, strategies as st

from dpo_proof.checker.claims import check_paths, check_text
from dpo_proof.cli import main
from dpo_proof.report import UsageError


@pytest.mark.parametrize("content,message", [
    (b"", "is empty"),
    (b"   \n\n", "is empty"),
    (b"a\x00b $x = 1$", "binary"),
    (b"\xff\xfe$x$", "not UTF-8"),
    (b"just prose, no math at all", "no math found"),
])
def test_unreadable_files_are_usage_errors_naming_the_file(tmp_path, content, message):
    path = tmp_path / "notes.md"
    path.write_bytes(content)
    with pytest.raises(UsageError) as err:
        check_paths([str(path)], time_limit=1.0)
    assert message in str(err.value) and "notes.md" in str(err.value)


def test_a_directory_and_a_missing_file_exit_2(tmp_path, capsys):
    assert main(["check", str(tmp_path)]) == 2
    assert main(["check", str(tmp_path / "nope.md")]) == 2
    err = capsys.readouterr().err
    assert "is a directory" in err and "no such file" in err and "Traceback" not in err


def test_stdin_is_read_for_dash(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"$$\\sigma(0) = 1/2$$\r\n")))
    assert main(["check", "-"]) == 0
    assert "1 claim: 1 hold" in capsys.readouterr().out


def test_malformed_math_is_unparsed_with_line_column_and_text():
    text = ("ok: $\\sigma(-z) = 1 - \\sigma(z)$\r\n"
            "$$a = \\foo{b}$$\r\n"
            "$$\\frac{1}{2$$\r\n"
            "$$x = 10^{10^{10^{10}}}$$\r\n"
            "$$w = " + "(" * 100 + "z" + ")" * 100 + "$$\r\n"
            "$$= 3$$\r\n"
            "\\input{secret.tex}\r\n")
    checks, warnings, summary = check_text(text, "bad.md", time_limit=1.0)
    unparsed = {c.fields["line"]: c.message for c in checks if c.verdict == "unparsed"}
    assert set(unparsed) == {2, 3, 4, 5}
    assert unparsed[2].startswith("line 2, column 7: unknown macro `\\foo`")
    assert "unbalanced braces" in unparsed[3]
    assert "too large" in unparsed[4]
    assert "nested more than" in unparsed[5]
    assert [c.verdict for c in checks if c.fields["line"] == 1] == ["proved"]
    assert warnings and warnings[0]["line"] == 7 and "\\input" in warnings[0]["message"]
    assert "unparsed at lines 2, 3, 4, 5" in summary


def test_a_claim_before_any_equation_cannot_continue():
    checks, _, _ = check_text("$$= 3$$\n", "x.md", time_limit=1.0)
    assert checks[0].verdict == "unparsed" and "no equation comes before it" in checks[0].message


def test_too_many_claims_are_capped_with_a_message():
    from dpo_proof.checker import claims

    text = "".join(f"$$a_{{{i}}} = {i}$$\n" for i in range(claims.MAX_CLAIMS + 5))
    checks, _, _ = check_text(text, "many.md", time_limit=1.0)
    assert any("only the first" in c.message for c in checks)
    assert sum(c.verdict == "definition" for c in checks) == claims.MAX_CLAIMS


LATEXISH = st.sampled_from([
    "$", "$$", "\\[", "\\]", "\\(", "\\)", "{", "}", "(", ")", "[", "]", "=", "&=", "\\\\", "\n", "\r\n",
    " ", "x", "y_w", "\\frac", "\\sigma", "\\sigma'", "\\pi_\\phi(y_w|x)", "\\log", "\\nabla_\\phi",
    "\\beta", "\\delta", "δ", "σ(", "^", "_", "10^{10^{10}}", "e^{", "\\exp", "\\mathbb{E}", "\\left[",
    "\\right]", "\\text{where }", "\\quad", "\\tag{2}", "\\begin{aligned}", "\\end{aligned}",
    "\\begin{align}", "\\end{align}", "%", "\\input{x}", "\\write18{ls}", "\\foo", "'", "-", "+", "/",
    "\\cdot", "0.5", "2", "\x00", "é", "\\hat{r}_\\theta(x, y)", "u", "(2)", "`", "```",
    "\\frac{d}{d\\delta}", "\\frac{d^2}{dz^2}", "\\frac{\\partial", "}{\\partial \\theta_k}", "\\partial_",
    "E[", "\\delta(\\phi) = ", "\\sigma{", ":=", "\\le", "\\beta = 0.1",
])


@settings(deadline=None)
@given(st.lists(LATEXISH, max_size=40))
def test_fuzz_never_a_traceback(pieces):
    text = "$$a = 1$$\n" + "".join(pieces)  # always some math: the checker runs, not only reading
    try:
        checks, _, summary = check_text(text, "fuzz.md", time_limit=0.5)
    except UsageError:
        return
    assert isinstance(summary, str)
    for check in checks:
        assert check.verdict in ("definition", "proved", "numerically-true", "refuted", "unparsed", "skipped",
                                 "no-relation")
        assert isinstance(check.fields["line"], int) and check.fields["line"] >= 1


@settings(deadline=None)
@given(st.text(max_size=200))
def test_fuzz_arbitrary_text_in_math(body):
    try:
        check_text(f"$$a = {body}$$\n$${body} = b$$\n", "fuzz.md", time_limit=0.5)
    except UsageError:
        pass


LEAVES = st.sampled_from(["z", "\\beta", "\\delta", "2", "0.5", "\\pi_\\phi(y_w|x)", "\\pi_{ref}(y_l|x)",
                          "10^{10}", "e", "u", "x_1"])


def _combine(children):
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda ab: f"{ab[0]} + {ab[1]}"), pair.map(lambda ab: f"{ab[0]} - {ab[1]}"),
        pair.map(lambda ab: f"\\frac{{{ab[0]}}}{{{ab[1]}}}"), pair.map(lambda ab: f"({ab[0]})^{{{ab[1]}}}"),
        pair.map(lambda ab: f"{ab[0]} \\cdot {ab[1]}"),
        children.map(lambda a: f"\\log\\left({a}\\right)"), children.map(lambda a: f"e^{{{a}}}"),
        children.map(lambda a: f"\\sigma({a})"), children.map(lambda a: f"\\sigma'({a})"),
        children.map(lambda a: f"\\nabla_\\phi ({a})"), children.map(lambda a: f"\\exp({a})"))


EXPRESSIONS = st.recursive(LEAVES, _combine, max_leaves=8)


@settings(deadline=None, max_examples=40)
@given(EXPRESSIONS, EXPRESSIONS)
def test_fuzz_well_formed_claims_get_a_verdict(lhs, rhs):
    text = (r"$$\delta = \beta \log \pi_\phi(y_w|x)$$" "\n" f"$${lhs} = {rhs}$$\n$$= {lhs}$$\n"
            f"$${lhs} = {lhs}$$\n")
    checks, _, _ = check_text(text, "fuzz.md", time_limit=0.3)
    assert [c.fields["line"] for c in checks][0] == 1
    assert [c.verdict for c in checks if c.fields["line"] == 4] != ["refuted"]  # A = A is never false
    assert all(c.verdict in ("definition", "proved", "numerically-true", "refuted", "unparsed", "skipped",
                             "no-relation") for c in checks)
