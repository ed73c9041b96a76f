"""The checker on docs/examples: zero false alarms on the correct derivations, and every planted
error refuted at its own line and nowhere else."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dpo_proof.checker.claims import check_paths, check_text
from dpo_proof.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
STYLES = {"handwritten.md": 10, "appendix.tex": 6, "aligned.md": 7}  # file -> number of claims
CORRECT = {**STYLES, "long.md": 40}
KINDS = ("sigma-property", "sigma-prime-twice", "sigma-of-delta", "dropped-beta",
         "grad-pi-for-grad-log-pi", "winner-loser-swapped", "sign-flip")
# (style, kind) -> the one line refuted. Everything else in the file must hold.
PLANTED = {
    ("handwritten.md", "sigma-property"): 9, ("handwritten.md", "sigma-prime-twice"): 17,
    ("handwritten.md", "sigma-of-delta"): 23, ("handwritten.md", "dropped-beta"): 28,
    ("handwritten.md", "grad-pi-for-grad-log-pi"): 30, ("handwritten.md", "winner-loser-swapped"): 34,
    ("handwritten.md", "sign-flip"): 36,
    ("appendix.tex", "sigma-property"): 8, ("appendix.tex", "sigma-prime-twice"): 11,
    ("appendix.tex", "sigma-of-delta"): 14, ("appendix.tex", "dropped-beta"): 18,
    ("appendix.tex", "grad-pi-for-grad-log-pi"): 18, ("appendix.tex", "winner-loser-swapped"): 22,
    ("appendix.tex", "sign-flip"): 22,
    ("aligned.md", "sigma-property"): 5, ("aligned.md", "sigma-prime-twice"): 10,
    ("aligned.md", "sigma-of-delta"): 12, ("aligned.md", "dropped-beta"): 13,
    ("aligned.md", "grad-pi-for-grad-log-pi"): 14, ("aligned.md", "winner-loser-swapped"): 14,
    ("aligned.md", "sign-flip"): 11,
}


# kind -> the catalogue slips the diagnosis may name (None: a wrong property of σ is no catalogued slip
# of the derivation, though one written as the negation of the truth is named as such).
NAMED = {"sigma-prime-twice": ("sigma-prime-twice",), "sigma-of-delta": ("sigma-of-delta",),
         "dropped-beta": ("dropped-beta",), "grad-pi-for-grad-log-pi": ("grad-pi-for-grad-log-pi",),
         "winner-loser-swapped": ("winner-loser-swapped", "policy-swapped"), "sign-flip": ("sign-lost",),
         "sigma-property": (None, "sign-lost")}


def _errors_path(style: str, kind: str) -> Path:
    stem, ext = style.rsplit(".", 1)
    return EXAMPLES / "errors" / f"{stem}-{kind}.{ext}"


def test_every_kind_of_error_is_planted_in_every_style():
    assert set(PLANTED) == {(s, k) for s in STYLES for k in KINDS}
    for style, kind in PLANTED:
        assert _errors_path(style, kind).is_file()


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_correct_examples_have_no_false_alarm(name):
    report = check_paths([str(EXAMPLES / name)], time_limit=3.0)
    claims = [c for c in report.checks if c.verdict != "definition"]
    assert report.ok, report.to_text()
    assert len(claims) == CORRECT[name]
    assert all(c.verdict in ("proved", "numerically-true") for c in claims), report.to_text()
    assert all(c.fields["follows_from_previous"] in (True, None) for c in claims)


@pytest.mark.parametrize("style,kind", sorted(PLANTED))
def test_planted_error_is_refuted_at_its_line_and_at_the_step_it_breaks_only(style, kind):
    report = check_paths([str(_errors_path(style, kind))], time_limit=3.0)
    refuted = [c for c in report.checks if c.verdict == "refuted"]
    # the row after the planted one, equal to the chain's start, no longer follows from it (chain rows)
    broken = [c for c in refuted[1:] if "undoes the error of the line before" in c.message]
    assert [c.fields["line"] for c in refuted if c not in broken] == [PLANTED[style, kind]], report.to_text()
    assert len(broken) <= 1 and all(c.fields["line"] > PLANTED[style, kind] for c in broken), report.to_text()
    assert not [c for c in report.checks if c.verdict in ("unparsed", "skipped")], report.to_text()
    cex = refuted[0].fields["counterexample"]
    assert cex["at"] and abs(cex["lhs"] - cex["rhs"]) > 1e-6
    lines = sorted(c.fields["line"] for c in refuted)
    assert report.summary.endswith(f"{len(lines)} refuted at line{'s' if len(lines) > 1 else ''} "
                                   f"{', '.join(map(str, lines))}")
    assert (refuted[0].fields.get("diagnosis") or {}).get("slip") in NAMED[kind], refuted[0].message
    assert refuted[0].fields["should_be"]


def test_a_row_equal_to_the_start_after_a_false_one_is_refuted_as_not_following_from_it():
    # each row of a chain is a claim: line 30 is true of the chain's start, false of line 28 as written
    report = check_paths([str(_errors_path("handwritten.md", "dropped-beta"))], time_limit=3.0)
    by_line = {c.fields["line"]: c for c in report.checks}
    assert by_line[28].verdict == "refuted" and by_line[28].fields["label"] == "(b)"
    assert by_line[30].verdict == "refuted" and "undoes the error of the line before" in by_line[30].message
    assert by_line[30].fields["follows_from_previous"] is False
    # in the derivation without the planted slip, line 30 is proved
    clean = check_paths([str(EXAMPLES / "handwritten.md")], time_limit=3.0)
    assert {c.fields["line"]: c.verdict for c in clean.checks}[30] == "proved"


def test_an_error_carried_forward_is_refuted_and_follows_from_the_previous_line():
    text = (r"$$\delta = \beta \log \frac{\pi_\phi(y_w|x)}{\pi_{ref}(y_w|x)} - \beta \log "
            r"\frac{\pi_\phi(y_l|x)}{\pi_{ref}(y_l|x)}$$" "\n\n"
            r"$$\nabla_\phi(-\log\sigma(\delta)) = -\sigma(\delta)\nabla_\phi\delta$$" "\n"
            r"$$= -\nabla_\phi\delta \cdot \sigma(\delta)$$" "\n")
    checks, _, summary = check_text(text, "carried.md")
    claims = [c for c in checks if c.verdict != "definition"]
    assert [(c.fields["line"], c.verdict) for c in claims] == [(3, "refuted"), (4, "refuted")]
    assert claims[1].fields["follows_from_previous"] is True
    assert "the error is earlier" in claims[1].message
    assert summary == "2 claims: 0 hold, 2 refuted at lines 3, 4"


def test_json_carries_the_claim_fields(capsys):
    code = main(["check", "--json", str(_errors_path("aligned.md", "sigma-of-delta"))])
    assert code == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["command"] == "check" and doc["ok"] is False
    for check in doc["checks"]:
        for key in ("id", "kind", "ok", "verdict", "message", "file", "line", "display", "source",
                    "label", "follows_from_previous"):
            assert key in check
    refuted = [c for c in doc["checks"] if c["verdict"] == "refuted"]
    assert refuted[0]["line"] == 12 and refuted[0]["display"] is True
    assert set(refuted[0]["counterexample"]) == {"at", "lhs", "rhs"}
    inline = [c for c in doc["checks"] if c["line"] == 5]
    assert inline and inline[0]["display"] is False  # the stated property of σ, inline in prose


def test_exit_codes(tmp_path, capsys):
    assert main(["check", str(EXAMPLES / "handwritten.md")]) == 0
    assert main(["check", str(_errors_path("handwritten.md", "sign-flip"))]) == 1
    assert main(["check", str(tmp_path / "missing.md")]) == 2
    assert "missing.md" in capsys.readouterr().err


MESSY = r"""DPO notes (scanned, converted)

let $u = \beta \log \frac{π_φ(y_w|x)}{π_{\text{ref}}(y_w|x)} - \beta \log \frac{π_φ(y_l|x)}{π_{\text{ref}}(y_l|x)}$.

$$ L(φ) = -E[\log σ(u)] $$

$$\rightarrow \nabla_φ L(φ) = -\frac{σ'(u)}{σ(u)} ∇_φ u \quad (2)$$
$$\Rightarrow ∇_φ L(φ) = -σ(-u)\,∇_φ u$$
\[
\therefore \nabla_\phi L(\phi) = -\beta\, \sigma(-u) \Bigl[ \nabla_\phi \log \pi_\phi(y_w|x)
   - \nabla_\phi \log \pi_\phi(y_l|x) \Bigr]
\]
$$ ∇_φ u = β ∇_φ log π_φ(y_w|x) − β ∇_φ log π_φ(y_l|x) \text{ where } π_{ref} \text{ is fixed} $$

$$\sigma(z) = \frac{1}{1+e^{-z}}, \qquad \sigma'(z) = \sigma(z)\cdot\sigma(-z).$$
$$ \frac{\partial L(\phi)}{\partial \phi} = \partial_\phi L(\phi) $$
$$ \frac{\partial L(\phi)}{\partial \phi} = 0 $$
"""


def test_notes_converted_from_handwriting():
    checks, _, summary = check_text(MESSY.replace("\n", "\r\n"), "messy.md")
    verdicts = [(c.fields["line"], c.verdict, c.fields["label"]) for c in checks]
    assert verdicts == [
        (3, "definition", None), (5, "definition", None), (7, "proved", "(2)"), (8, "proved", None),
        (10, "proved", None), (13, "proved", None), (15, "proved", None), (15, "proved", None),
        (16, "proved", None), (17, "refuted", None)]
    assert summary == "8 claims: 7 hold, 1 refuted at line 17"
