"""check-loss under hostile loss code (issue 14): whatever the loss does - hang in a custom backward,
swallow the timer and retry, ignore signals, exit, kill itself, write to fd 1, raise a
BaseException, exhaust memory - the parent reports a failed check with a message and keeps its
own exit codes and its --json document.

A child process costs an interpreter and a torch import, so only the cases that need the child
(the ones nothing in-process can stop or hide) run isolated here; the rest of the logic runs
in-process. bench/hostile_check_loss.py runs every case both ways, with times.
"""
import json
import signal
import textwrap
import threading

import pytest

from dpo_proof.cli import main

HOSTILE = textwrap.dedent('''
    import os, signal, sys, time
    import torch
    import torch.nn.functional as F

    def dpo(pc, pr, rc, rr):
        return F.softplus(-0.1 * ((pc - rc) - (pr - rr)))

    class _Sleepy(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x.clone()

        @staticmethod
        def backward(ctx, grad):
            time.sleep(3600)
            return grad

    def sleeping_backward(pc, pr, rc, rr):
        return _Sleepy.apply(dpo(pc, pr, rc, rr))

    def retries_forever(pc, pr, rc, rr):
        while True:
            try:
                time.sleep(3600)
            except BaseException:
                pass

    def ignores_alarm(pc, pr, rc, rr):
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        while True:
            pass

    def exits_3(pc, pr, rc, rr):
        sys.exit(3)

    def exits_0_hard(pc, pr, rc, rr):
        os._exit(0)

    def kills_itself(pc, pr, rc, rr):
        os.kill(os.getpid(), signal.SIGKILL)

    def writes_fd1(pc, pr, rc, rr):
        os.write(1, b"not json {")
        print("printed too")
        return dpo(pc, pr, rc, rr)

    class Weird(BaseException):
        pass

    def raises_base(pc, pr, rc, rr):
        raise Weird("not an Exception")

    def eats_memory(pc, pr, rc, rr):
        blocks = []
        while True:
            blocks.append(bytearray(256 * 2**20))
''')


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.py"
    path.write_text(HOSTILE)
    return path


def run(capfd, hostile, name, *flags):
    """The command as a user runs it; stdout must be exactly one JSON document."""
    code = main(["check-loss", f"{hostile}:{name}", "--beta", "0.1", "--json", *flags])
    out, err = capfd.readouterr()
    doc = json.loads(out)  # one document, whatever the loss wrote
    assert "Traceback" not in out + err
    return code, doc, err


def message(doc) -> str:
    return "\n".join(c["message"] for c in doc["checks"] if not c["ok"])


# ----------------------------------------------------------------- isolated: the real child, twice

def test_a_loss_that_swallows_the_timer_is_stopped_by_the_parent(capfd, hostile):
    code, doc, _ = run(capfd, hostile, "retries_forever", "--time-limit", "0.5")
    assert code == 1 and doc["ok"] is False and doc["command"] == "check-loss"
    assert "ran past the time limit of 0.5 s" in message(doc)


def test_writes_to_fd_1_never_reach_stdout(capfd, hostile):
    code, doc, err = run(capfd, hostile, "writes_fd1")
    assert code == 0 and doc["ok"] and doc["isolated"] is True
    assert "not json {" in err and "printed too" in err


# ----------------------------------------------------------------- the parent, with stand-in children
# (no torch in them: each costs an interpreter start, not a torch import)

STAND_INS = {
    "kills itself": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n",
    "exits 0 early": "import os\nopen(os.path.join(FOLDER, 'ready'), 'w').close()\nos._exit(0)\n",
    "ignores signals": ("import os, signal, time\nfor s in (signal.SIGTERM, signal.SIGINT, signal.SIGALRM):\n"
                        "    signal.signal(s, signal.SIG_IGN)\nopen(os.path.join(FOLDER, 'ready'), 'w').close()\n"
                        "print('spinning', flush=True)\nwhile True:\n    time.sleep(0.01)\n"),
    "usage error": ("import json, os\nopen(os.path.join(FOLDER, 'result.json'), 'w').write("
                    "json.dumps({'usage_error': 'mine.py: no function named f'}))\n"),
}


@pytest.fixture
def stand_in(tmp_path, monkeypatch):
    from dpo_proof.testing import isolation

    def use(name):
        script = tmp_path / "child.py"
        script.write_text("import sys\nFOLDER = sys.argv[1]\n" + STAND_INS[name])
        monkeypatch.setattr(isolation, "CHILD", (str(script),))
        return isolation
    return use


@pytest.mark.parametrize("name, phrase", [
    ("kills itself", "killed by signal SIGKILL"),
    ("exits 0 early", "exited with code 0 before the checks finished"),
    ("ignores signals", "ran past the time limit of 0.5 s"),
])
def test_however_the_child_ends_the_parent_reports_a_failed_check(stand_in, capsys, name, phrase):
    isolation = stand_in(name)
    report = isolation.run_child({"target": "x.py:f", "options": {}}, time_limit=0.5)
    assert not report.ok and phrase in report.checks[0].message
    assert json.loads(report.to_json())["checks"][0]["verdict"] == "error"
    if name == "ignores signals":
        assert "spinning" in capsys.readouterr().err  # what it printed is relayed to stderr


def test_a_usage_error_in_the_child_is_a_usage_error_in_the_parent(stand_in):
    from dpo_proof.report import UsageError

    with pytest.raises(UsageError, match="no function named f"):
        stand_in("usage error").run_child({"target": "x.py:f", "options": {}}, time_limit=5)


def test_the_child_caps_its_memory():
    import subprocess
    import sys

    code = ("from dpo_proof.testing.child import _limit_resources\n_limit_resources(0.5)\n"
            "try:\n    bytearray(2 * 2**30)\nexcept MemoryError:\n    print('capped')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "capped", out.stderr


# ----------------------------------------------------------------- the same logic, in this process

@pytest.mark.parametrize("name, phrase", [
    ("exits_3", "called sys.exit(3)"),
    ("raises_base", "raised Weird: not an Exception"),
])
def test_exits_and_base_exceptions_are_failed_checks_not_our_exit_code(capfd, hostile, name, phrase):
    code, doc, _ = run(capfd, hostile, name, "--no-isolation")
    assert code == 1 and phrase in message(doc)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="the in-process timer needs SIGALRM")
def test_a_sleeping_backward_is_stopped_in_process_too(capfd, hostile, monkeypatch):
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("the in-process timer works in the main thread only")
    from dpo_proof.testing import target

    monkeypatch.setattr(target, "TIME_LIMIT", 60.0)
    code, doc, _ = run(capfd, hostile, "sleeping_backward", "--no-isolation", "--time-limit", "0.5")
    assert code == 1 and "backward through the returned loss did not finish within 0.5 s" in message(doc)


@pytest.mark.parametrize("code, phrase", [
    (0, "exited with code 0 before the checks finished"), (3, "exited with code 3"),
    (-9, "killed by signal SIGKILL"), (None, "ran past the time limit of 2 s"),
])
def test_every_way_a_child_can_end_without_a_report_has_a_message(code, phrase):
    from dpo_proof.testing.isolation import _why

    assert phrase in _why(code, 0.5, 2.0, 4.0)


def test_the_python_api_isolates_what_it_can_load_again():
    from dpo_proof.testing.isolation import target_string

    assert target_string(message).endswith("test_hostile_check_loss.py:message")
    with pytest.raises(ValueError, match="defined at module level"):
        target_string(lambda pc, pr, rc, rr: pc)
