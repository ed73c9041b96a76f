"""Shared test set-up: hypothesis profiles.

`ci` is hypothesis' built-in profile (loaded automatically when CI is set); we raise its example
count to 200. `dev` is quick; `thorough` runs thousands. Choose with HYPOTHESIS_PROFILE.
Torch-based properties set deadline=None: first calls pay for kernel warm-up.
"""
import os

import torch
from hypothesis import HealthCheck, settings

# The toy problems are tiny: with several threads, each torch op pays thread hand-off costs that
# dwarf the arithmetic (measured 8-12 ms vs 1.2 us per call on a loaded 2-core machine).
torch.set_num_threads(1)

settings.register_profile(
    "ci", parent=settings.get_profile("ci"), max_examples=200, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile("thorough", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
