"""Targets as people write them (docs/examples/losses/trainers.py): a method reading self, a static
method with extra arguments, loss modules with constructor arguments, two-input and pair-object
forwards, token-level log-probs; the same from Python; and the usage errors of each flag."""
import json
from pathlib import Path

import pytest
import torch

from dpo_proof.catalogue.losses import BY_NAME
from dpo_proof.cli import main
from dpo_proof.report import UsageError
from dpo_proof.testing import check_dpo_loss, load_target
from dpo_proof.testing.values import Reference, namespace, parse_assignments, parse_value

TRAINERS = Path(__file__).resolve().parent.parent / "docs" / "examples" / "losses" / "trainers.py"
SELF = ["--self", "beta=0.1", "label_smoothing=0", "args.tau=0.05"]


def run(capsys, name, *argv):
    code = main(["check-loss", f"{TRAINERS}:{name}", "--json", "--no-isolation", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, (json.loads(out) if out else None), err


@pytest.mark.parametrize("name, argv, reduction", [
    ("PreferenceTrainer.preference_loss", ["--beta", "0.1", *SELF, "loss_type=sigmoid"], "per-pair"),
    ("PreferenceTrainer.static_loss", ["--beta", "0.1", "--kw", "full_target=@concatenated"], "mean"),
    ("PairLoss", ["--beta", "0.1", "--init", "beta=0.1"], "mean"),
    ("PairInputsLoss", ["--beta", "0.1", "--init", "beta=0.1"], "per-pair"),
    ("TokenTrainer.loss", ["--beta", "0.1", "--tokens", "6", "--self", "beta=0.1", "length_normalized=false",
                           "--kw", "batch={}"], "per-pair"),
])
def test_dpo_where_it_lives_passes_with_flags_only(capsys, name, argv, reduction):
    code, doc, _ = run(capsys, name, *argv)
    assert code == 0 and doc["ok"], doc
    assert doc["reduction"] == reduction and doc["identified"] == {"loss": "sigmoid", "params": {"beta": 0.1}}


@pytest.mark.parametrize("name, argv, identified", [
    ("PreferenceTrainer.preference_loss", ["--beta", "0.1", *SELF, "loss_type=ipo"], ("ipo", {"beta": 0.1})),
    ("PreferenceTrainer.preference_loss", ["--beta", "0.1", "--self", "beta=0.1", "label_smoothing=0.2",
                                           "loss_type=sigmoid"], ("cdpo", {"beta": 0.1, "label_smoothing": 0.2})),
    ("PairLoss", ["--beta", "0.1", "--init", "beta=0.1", "ipo=true"], ("ipo", {"beta": 0.1})),
])
def test_other_losses_where_they_live_are_identified(capsys, name, argv, identified):
    code, doc, _ = run(capsys, name, *argv)
    assert code == 1 and (doc["identified"]["loss"], doc["identified"]["params"]) == identified


def test_a_method_that_averages_tokens_is_dpo_on_length_averaged_log_probs(capsys):
    argv = ["--beta", "0.1", "--tokens", "6", "--self", "beta=0.1", "length_normalized=true", "--kw", "batch={}"]
    code, doc, _ = run(capsys, "TokenTrainer.loss", *argv)
    assert code == 1 and doc["identified"] == {"loss": "sigmoid", "params": {"beta": 0.1}, "aggregation": "mean"}
    assert "DPO with β = 0.1 on length-averaged log-probs" in doc["checks"][1]["message"]
    assert run(capsys, "TokenTrainer.loss", *argv, "--average-tokens")[0] == 0


def test_a_two_input_module_is_reference_free(capsys):
    code, doc, _ = run(capsys, "MarginFreeLoss", "--beta", "2", "--init", "beta=2", "gamma=0")
    assert code == 1 and doc["identified"]["params"] == {"beta": 2.0}
    assert doc["identified"].get("reference_free") or doc["identified"]["loss"] != "sigmoid"
    assert "policy_chosen_logps, policy_rejected_logps)" in doc["called_as"]


def test_what_a_method_reads_from_self_and_is_not_given_is_named(capsys):
    code, doc, _ = run(capsys, "PreferenceTrainer.preference_loss", "--beta", "0.1", "--self", "beta=0.1")
    assert code == 1
    assert "reads self.loss_type, which is not set: pass --self loss_type=VALUE" in doc["checks"][0]["message"]


@pytest.mark.parametrize("name, argv, phrase", [
    ("PairLoss", ["--beta", "0.1", "--self", "beta=0.1"], "--self applies to a method"),
    ("PreferenceTrainer.preference_loss", ["--beta", "0.1", "--init", "beta=0.1"], "--init applies to a loss class"),
    ("PreferenceTrainer.static_loss", ["--beta", "0.1"], "needs full_target, which the checker does not supply"),
    ("PreferenceTrainer.static_loss", ["--beta", "0.1", "--kw", "full_target=@nope"], "'@nope' is not something"),
    ("PairLoss", ["--beta", "0.1", "--init", "beta=0.1", "--kw", "gamma=1"], "has no parameter gamma"),
    ("PairLoss", ["--beta", "0.1", "--init", "beta"], "expected NAME=VALUE"),
    ("PairLoss", ["--beta", "0.1", "--init", "beta={oops"], "looks like JSON but is not valid JSON"),
    ("PairLoss", ["--beta", "0.1", "--loss", "nope"], "no such catalogue loss"),
    ("PairLoss", ["--beta", "0.1", "--param", "label_smoothing=x"], "expected a number"),
    ("PairLoss", ["--beta", "0.1", "--loss", "cdpo", "--param", "tau=1"], "cdpo has no parameter tau"),
    ("PairLoss", ["--beta", "0.1", "--param", "beta=0.2"], "beta is given twice"),
    ("PairLoss", ["--beta", "0.1", "--pairs", "2"], "--pairs: must be between 4 and 4096"),
    ("PairLoss", ["--beta", "0.1", "--average-tokens"], "--average-tokens needs token-level probes"),
])
def test_flag_mistakes_are_usage_errors_naming_the_flag(capsys, name, argv, phrase):
    code, _, err = run(capsys, name, *argv)
    assert code == 2 and phrase in err, err


def test_the_same_targets_from_python():
    trainer, pair = (load_target(f"{TRAINERS}:{n}")[0] for n in ("PreferenceTrainer", "PairLoss"))
    attrs = {"beta": 0.05, "label_smoothing": 0.0, "loss_type": "discopop", "args": {"tau": 0.05}}
    report = check_dpo_loss(trainer.preference_loss, loss="discopop", params={"beta": 0.05, "tau": 0.05},
                            self_attrs=attrs) if "discopop" in BY_NAME else None
    assert report is None or report.ok, report.to_text()  # self.args.tau read from a nested dict
    attrs.update(beta=0.1, loss_type="sigmoid")
    assert check_dpo_loss(trainer.preference_loss, 0.1, self_attrs=attrs).ok
    assert check_dpo_loss(pair, 0.1, init={"beta": 0.1}).ok
    assert check_dpo_loss(pair(0.1), 0.1).ok                      # an nn.Module instance
    assert check_dpo_loss(f"{TRAINERS}:PairLoss", 0.1, init={"beta": 0.1}).ok
    report = check_dpo_loss(pair, loss="ipo", params={"beta": 0.1}, init={"beta": 0.1, "ipo": True})
    assert report.ok and report.extra["identified"]["loss"] == "ipo"


def test_values_are_read_as_data():
    assert parse_assignments(["a=1", "b=true", "c=null", "d=ipo", "e=\"x y\"", "f=[1, 2]", "g.h=0.5", "i=@pairs",
                              "j=None", "k=1e-3", "l={\"m\": 1}"], "--self") == {
        "a": 1, "b": True, "c": None, "d": "ipo", "e": "x y", "f": [1, 2], "g": {"h": 0.5}, "i": Reference("pairs"),
        "j": None, "k": 0.001, "l": {"m": 1}}
    ns = namespace(parse_assignments(["args.tau=0.05", "params={\"x\": 1}"], "--self"))
    assert ns.args.tau == 0.05 and ns.params == {"x": 1} and ns.params["x"] == ns.params.x == 1  # both ways
    assert parse_value("__import__('os').system('x')") == "__import__('os').system('x')"  # a string, never run
    assert Reference("torch.float32").resolve({}, 0) is torch.float32
    with pytest.raises(UsageError, match="already set"):
        parse_assignments(["a=1", "a.b=2"], "--self")
