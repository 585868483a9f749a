"""Shared fixtures: one local Spark session for every Spark test; Hypothesis
without a deadline."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings

# No Hypothesis deadline: the machines are shared and noisy, and a per-example
# time limit is a timed assertion (speed is measured in benchmarks/, never in
# tests). A slow example under load failed a property that holds.
settings.register_profile("dedupe_feed", deadline=None)
settings.load_profile("dedupe_feed")


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A ``local[2]`` SparkSession, started once per test session. Spark needs
    a Java runtime: without one the tests that use this fixture are skipped
    with the reason (``.ci/run`` installs Java before its full run)."""
    from dedupe_feed.spark.require import JavaNotFoundError, require_java
    from dedupe_feed.spark.session import local_session

    try:
        require_java()
    except JavaNotFoundError as exc:
        pytest.skip(str(exc))
    session = local_session("local[2]", app_name="dedupe_feed-tests", shuffle_partitions=4)
    yield session
    session.stop()
