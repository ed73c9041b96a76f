"""A target whose module needs packages that are not installed: exit 2 naming them, with the
three-line wrapper that isolates the loss (which then works); --from-source loads only the
target's definition, follows relative imports, drops (and names) what cannot be loaded, and says
which package a name the loss then needs comes from."""
import json
import textwrap

import pytest

from dpo_proof.cli import main
from dpo_proof.testing import load_source
from dpo_proof.testing.source import load_from_source

TRAINER = textwrap.dedent('''
    import torch
    import torch.nn.functional as F
    import not_installed_pkg_a as pa
    from not_installed_pkg_b.sub import Helper, decorate
    from .siblings import scale

    CONSTANT = 0.1

    class Trainer(Helper):
        @decorate
        def report(self):
            return pa.log()

        def dpo_loss(self, chosen_logps, rejected_logps, ref_chosen_logps, ref_rejected_logps):
            z = self.beta * scale((chosen_logps - ref_chosen_logps) - (rejected_logps - ref_rejected_logps))
            return -F.logsigmoid(z), z.detach()

        def needs_a(self, chosen_logps, rejected_logps, ref_chosen_logps, ref_rejected_logps):
            return pa.loss(chosen_logps)

    def free_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                  beta=CONSTANT):
        return F.softplus(-beta * ((policy_chosen_logps - reference_chosen_logps)
                                   - (policy_rejected_logps - reference_rejected_logps)))
''')
SIBLINGS = "import not_installed_pkg_c\n\ndef scale(x):\n    return 1.0 * x\n"


@pytest.fixture
def package(tmp_path):
    pkg = tmp_path / "mylib"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("import not_installed_pkg_a\n")
    (pkg / "trainer.py").write_text(TRAINER)
    (pkg / "siblings.py").write_text(SIBLINGS)
    return pkg


def run(capsys, *argv):
    code = main(["check-loss", *argv, "--no-isolation"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_a_missing_package_is_exit_2_naming_it_with_the_wrapper(capsys, package, tmp_path):
    code, out, err = run(capsys, f"{package / 'trainer.py'}:free_loss", "--beta", "0.1")
    assert code == 2 and out == ""
    assert "needs the package 'not_installed_pkg_a', which is not installed" in err
    assert "not_installed_pkg_b" in err and "--from-source" in err
    wrapper = [line[4:] for line in err.splitlines() if line.startswith("    ")]
    assert len(wrapper) == 3 and wrapper[1] == "from dpo_proof.testing import load_source"
    (tmp_path / "loss_only.py").write_text("\n".join(wrapper) + "\n")
    assert run(capsys, f"{tmp_path / 'loss_only.py'}:free_loss", "--beta", "0.1")[0] == 0  # the wrapper works


def test_from_source_checks_the_loss_and_says_what_it_left_out(capsys, package):
    code, out, _ = run(capsys, f"{package / 'trainer.py'}:Trainer.dpo_loss", "--beta", "0.1", "--self", "beta=0.1",
                       "--from-source", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["ok"] and doc["loaded"] == "from source"
    (note,) = doc["notes"]
    assert "without the module's other imports" in note and "not_installed_pkg_b" in note
    assert "base class Helper of Trainer" in note and "decorator @decorate of report" in note


def test_a_name_the_loss_needs_from_a_missing_package_is_named(capsys, package):
    code, out, _ = run(capsys, f"{package / 'trainer.py'}:Trainer.needs_a", "--beta", "0.1", "--from-source", "--json")
    message = json.loads(out)["checks"][0]["message"]
    assert code == 1 and "NameError" in message and "--from-source left pa out (from not_installed_pkg_a, not installed)" \
        in message


def test_relative_imports_are_followed_and_only_the_names_needed(package):
    fn, record = load_from_source(str(package / "trainer.py"), "Trainer.dpo_loss")
    assert fn.__globals__["scale"](2.0) == 2.0                   # from .siblings, loaded from source too
    assert "CONSTANT" not in fn.__globals__                       # not needed by Trainer: not run
    assert record.owner.__name__ == "Trainer" and record.lines[0] > 0
    assert load_source(str(package / "trainer.py"), "free_loss").__defaults__ == (0.1,)


def test_a_target_the_file_does_not_define_is_a_usage_error(capsys, package):
    code, _, err = run(capsys, f"{package / 'trainer.py'}:nope", "--beta", "0.1", "--from-source")
    assert code == 2 and "defines no 'nope' at top level (it defines: Trainer, free_loss)" in err
