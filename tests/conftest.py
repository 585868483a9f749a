"""Shared fixtures: one local Spark session for every Spark test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


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
