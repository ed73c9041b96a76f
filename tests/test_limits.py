"""The one deadline helper: it interrupts, it cannot be swallowed by `except Exception`, an inner
deadline never extends an outer one, and the outer one survives an inner block."""
import time

import pytest

from dpo_proof.limits import RARE_THRESHOLDS, Timeout, deadline, rare_collections, torch_threads


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


def test_rare_collections_during_the_block_and_the_settings_given_back():
    import gc

    before, frozen_before = gc.get_threshold(), gc.get_freeze_count()
    assert frozen_before == 0 and before != RARE_THRESHOLDS
    with rare_collections():
        assert gc.get_threshold() == RARE_THRESHOLDS
        assert gc.get_freeze_count() > 0  # what existed before is out of the collector's scans
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    with pytest.raises(ValueError), rare_collections():  # given back when the block fails, too
        raise ValueError
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_objects_a_caller_froze_stay_frozen():
    import gc

    marker = [object()]  # a container the collector tracks; frozen ones are not among gc.get_objects()
    gc.freeze()
    try:
        with rare_collections():
            pass
        assert not any(o is marker for o in gc.get_objects())  # still frozen: not given back to the collector
    finally:
        gc.unfreeze()
    assert any(o is marker for o in gc.get_objects())  # the test can see an unfrozen one


def test_a_check_runs_with_rare_collections():
    """The checker's time is mostly sympy's allocations: check_text runs under rare_collections."""
    import gc

    from dpo_proof.checker import claims

    seen = []
    real = claims.FileRun.check_equation

    def spy(self, eq):
        seen.append(gc.get_threshold())
        return real(self, eq)

    claims.FileRun.check_equation = spy
    try:
        claims.check_text("$$\\sigma(-x) = 1 - \\sigma(x)$$\n", "a.md", 3.0)
    finally:
        claims.FileRun.check_equation = real
    assert seen == [RARE_THRESHOLDS]
