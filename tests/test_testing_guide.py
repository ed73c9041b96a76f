"""docs/ci-guide.md's complete example runs as written, and its tables match the code."""
import re
from pathlib import Path

import pytest
import torch

from dpo_proof.catalogue import slip
from dpo_proof.testing import guide, load_target

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "ci-guide.md"
LOSSES = GUIDE.parent / "examples" / "losses"


def complete_example() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## A complete example", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_complete_example_passes(tmp_path):
    path = tmp_path / "test_dpo_loss_example.py"
    path.write_text(complete_example(), encoding="utf-8")
    names = re.findall(r"^def (test_\w+)", complete_example(), re.M)
    assert len(names) >= 5
    for name in names:
        load_target(f"{path}:{name}")[0]()


def test_the_complete_example_would_catch_a_bug(tmp_path):
    buggy = complete_example().replace("(pi_logratios - ref_logratios)", "pi_logratios - ref_logratios")
    assert buggy != complete_example()
    path = tmp_path / "test_dpo_loss_buggy.py"
    path.write_text(buggy, encoding="utf-8")
    with pytest.raises(AssertionError, match=re.escape(slip("reference-without-beta").sentence())):
        load_target(f"{path}:test_loss_value_and_gradient")[0]()


def test_the_known_bugs_table_is_generated_from_the_catalogue():
    text = GUIDE.read_text(encoding="utf-8")
    assert guide.block() in text, "docs/ci-guide.md is stale: run python -m dpo_proof.testing.guide docs/ci-guide.md"


def test_a_stale_known_bugs_table_would_be_caught(tmp_path):
    stale = tmp_path / "guide.md"
    stale.write_text(GUIDE.read_text(encoding="utf-8").replace("| β dropped (`dropped-beta`)", "| beta gone"))
    assert guide.block() not in stale.read_text(encoding="utf-8")
    assert guide.rewrite(str(stale)) and guide.block() in stale.read_text(encoding="utf-8")


def test_the_failure_example_in_the_guide_is_what_the_checker_prints():
    from dpo_proof.testing import check_dpo_loss

    report = check_dpo_loss(load_target(f"{LOSSES}/buggy.py:reference_without_beta")[0], 0.1)
    value = next(c for c in report.checks if c.id == "loss-value")
    shown = f"[loss-value] mismatch: " + value.message.replace("\n", "\n  ")
    assert shown in GUIDE.read_text(encoding="utf-8")


def test_the_precision_rule_in_the_guide_is_the_codes():
    from dpo_proof.tolerances import ROUNDING_OPERATIONS

    assert f"(K = {ROUNDING_OPERATIONS:g})" in GUIDE.read_text(encoding="utf-8")


def test_float16_and_bfloat16_rows_are_usable():
    from dpo_proof.testing import check_dpo_loss

    def loss(pc, pr, rc, rr):
        return torch.nn.functional.softplus(-0.1 * ((pc - rc) - (pr - rr)))

    for dtype in (torch.float16, torch.bfloat16):
        assert check_dpo_loss(loss, 0.1, dtype=dtype).ok
