"""The one deadline helper: it interrupts, it cannot be swallowed by `except Exception`, an inner
deadline never extends an outer one, and the outer one survives an inner block."""
import time

import pytest

from dpo_proof.limits import Timeout, deadline, torch_threads


def test_a_deadline_interrupts_a_slow_block():
    start = time.monotonic()
    with pytest.raises(Timeout):
        with deadline(0.05):
            time.sleep(2)
    assert time.monotonic() - start < 1.0


def test_except_exception_cannot_swallow_it():
    def stubborn():
        while True:
            try:
                time.sleep(0.01)
            except Exception:  # a loss that catches everything it can
                continue

    with pytest.raises(Timeout):
        with deadline(0.05):
            stubborn()


def test_an_inner_deadline_does_not_extend_the_outer_one():
    class Outer(BaseException):
        pass

    start = time.monotonic()
    with pytest.raises(Outer):
        with deadline(0.1, Outer):
            with deadline(5.0):
                time.sleep(2)
    assert time.monotonic() - start < 1.0


def test_the_outer_deadline_still_fires_after_an_inner_block_ends():
    class Outer(BaseException):
        pass

    with pytest.raises(Outer):
        with deadline(0.2, Outer):
            with deadline(0.05):
                pass
            time.sleep(2)


def test_a_custom_error_and_no_limit():
    with pytest.raises(KeyError):
        with deadline(0.05, lambda: KeyError("late")):
            time.sleep(2)
    with deadline(None):
        pass


def test_torch_threads_restores_the_count():
    import torch
    before = torch.get_num_threads()
    with torch_threads(1):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before


# The swallowed exception is the point of this test: pytest would report it as a warning.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_timeout_swallowed_in_a_destructor_fires_again():
    """Python drops an exception raised inside __del__; the deadline must still end the block."""
    import gc

    class Slow:
        def __del__(self):
            time.sleep(0.2)  # the alarm lands here, and Python swallows the exception

    start = time.monotonic()
    with pytest.raises(Timeout):
        with deadline(0.1):
            Slow()
            gc.collect()
            time.sleep(3)
    assert time.monotonic() - start < 2.0
