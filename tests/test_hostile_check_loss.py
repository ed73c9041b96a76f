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


# ----------------------------------------------------------------- isolated: a child process each

@pytest.mark.parametrize("name, flags, phrase", [
    ("retries_forever", ("--time-limit", "1"), "ran past the time limit of 1 s"),
    ("kills_itself", (), "killed by signal SIGKILL"),
    ("eats_memory", ("--memory-limit", "1.5"), "MemoryError"),
])
def test_what_only_a_child_process_can_stop_is_a_failed_check(capfd, hostile, name, flags, phrase):
    code, doc, _ = run(capfd, hostile, name, *flags)
    assert code == 1 and doc["ok"] is False and doc["command"] == "check-loss", doc
    assert phrase in message(doc)


def test_writes_to_fd_1_never_reach_stdout(capfd, hostile):
    code, doc, err = run(capfd, hostile, "writes_fd1")
    assert code == 0 and doc["ok"] and doc["isolated"] is True
    assert "not json {" in err and "printed too" in err


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


def test_a_usage_error_in_the_child_is_exit_2_not_a_failed_check(capfd, hostile):
    code = main(["check-loss", f"{hostile}:no_such_function", "--beta", "0.1", "--json"])
    out, err = capfd.readouterr()
    assert code == 2 and "no function named 'no_such_function'" in err and "Traceback" not in out + err
    assert out == "" or json.loads(out)["checks"] == []  # the CLI's usage-error document, where it writes one


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
