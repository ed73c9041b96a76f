"""`dpo-proof gradcheck` through main(argv): one JSON document, exit codes 0 / 1 / 2, no tracebacks."""
import json

import pytest
import torch

from dpo_proof.catalogue import slip
from dpo_proof.cli import main
from dpo_proof.numeric.problems import Problem

FIELDS = {"policy", "method", "dtype", "params", "max_abs_error", "max_rel_error", "tolerance", "seconds"}


def run(capsys, *argv):
    code = main(["gradcheck", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("extra", [[], ["--extreme"]])
def test_json_default_and_extreme_hold(capsys, extra):
    code, out, err = run(capsys, "--json", *extra)
    doc = json.loads(out)  # exactly one document: json.loads rejects trailing text
    assert code == 0 and doc["ok"] is True and doc["command"] == "gradcheck"
    assert len(doc["checks"]) == 12 and err == ""
    for c in doc["checks"]:
        assert FIELDS <= set(c) and c["kind"] == "numeric"
        if c["method"] == "autograd":
            assert c["max_rel_error"] <= 1e-13
        if c["method"] == "finite-difference":
            assert c["max_rel_error"] <= 1e-8
    assert doc["extreme"] is (extra == ["--extreme"])
    if extra:
        assert max(p["max_abs_delta"] for p in doc["problems"].values()) >= 999


def test_text_output_and_progress_on_stderr(capsys):
    code, out, err = run(capsys, "--policy", "loglinear", "--dtype", "float32", "--seed", "3")
    assert code == 0 and "loglinear/finite-difference" in out and "all hold" in out
    assert len([line for line in err.splitlines() if line.startswith("gradcheck loglinear/")]) == 4


def test_a_wrong_closed_form_exits_1_with_advice(capsys, monkeypatch):
    def dropped_beta(self, params=None):
        from dpo_proof.numeric import dpo
        return dpo.closed_form_gradient(*self.scores(), self.delta(), 1.0)

    monkeypatch.setattr(Problem, "closed_form_gradient", dropped_beta)
    code, out, _ = run(capsys, "--json", "--policy", "tabular", "--vocab", "5", "--pairs", "4")
    doc = json.loads(out)
    assert code == 1 and doc["ok"] is False
    failed = [c for c in doc["checks"] if not c["ok"]]
    assert {c["method"] for c in failed} >= {"autograd", "finite-difference"}
    assert all("theta[" in c["message"] and slip("dropped-beta").sentence() in c["message"] for c in failed
               if c["method"] in ("autograd", "finite-difference"))


@pytest.mark.parametrize("argv, words", [
    (["--vocab", "1"], "--vocab must be at least 2"),
    (["--policy", "tabular", "--vocab", "100000", "--pairs", "1000"], "too large"),
    (["--dtype", "float16"], "invalid choice"),
    (["--beta", "-1"], "must be a finite number > 0"),
    (["--pairs", "0"], "must be at least 1"),
])
def test_usage_errors_exit_2_without_traceback(capsys, argv, words):
    code, out, err = run(capsys, "--json", *argv)
    assert code == 2 and words in err and "Traceback" not in err
    doc = json.loads(out)  # with --json, a usage error is one JSON document too
    assert doc["ok"] is False and doc["command"] == "gradcheck" and doc["checks"] == [] and words in doc["error"]


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_cuda_without_cuda_is_a_usage_error(capsys):
    code, out, err = run(capsys, "--device", "cuda")
    assert code == 2 and "CUDA is not available" in err and "Traceback" not in err


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_cuda_matches(capsys):
    code, out, _ = run(capsys, "--json", "--device", "cuda")
    assert code == 0 and json.loads(out)["device"] == "cuda"
