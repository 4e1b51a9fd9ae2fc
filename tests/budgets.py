"""How much work the tests do and how long they wait: one place, set by environment variables.

Imported by name from tests in every folder (like ``json_contract``). Nothing here measures
time: a timeout only ends a test that hangs, so each one is generous (minutes on a loaded machine
mean "hung", never "slow").

- ``HYPOTHESIS_PROFILE``: ``ci`` (derandomized, no example database: the same examples on every
  run; chosen when ``CI`` is set and by ``.ci/run``), ``dev`` (the default locally) or
  ``explore`` (20 times more examples per property, for a long local run).
- ``NOSHOW_TEST_TIMEOUT``: seconds a test's network request or child process may take before it
  counts as hung (default 120).
- ``NOSHOW_FUZZ_CASES``: how many mutated inputs the fuzz suite runs (default 300).
"""

from __future__ import annotations

import os

#: Seconds before a request to a test server, or a child process, counts as hung.
REQUEST_TIMEOUT = float(os.environ.get("NOSHOW_TEST_TIMEOUT", "120"))

PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
#: Multiplier on every property test's example count (the ``explore`` profile runs 20 times more).
EXAMPLE_SCALE = 20 if PROFILE == "explore" else 1


def examples(count: int) -> int:
    """A property test's example count under the current profile."""
    return count * EXAMPLE_SCALE


#: Mutated inputs the fuzz suite runs (a fixed, seeded set: the same cases on every run).
FUZZ_CASES = int(os.environ.get("NOSHOW_FUZZ_CASES", "300"))
#: Seed of the fuzz suite's case generator.
FUZZ_SEED = int(os.environ.get("NOSHOW_FUZZ_SEED", "15"))
