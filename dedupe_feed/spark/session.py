"""A SparkSession set up for dedupe_feed: Arrow on, quiet, small shuffles."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from dedupe_feed.spark.require import require_java, require_spark

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def local_session(
    master: str = "local[2]",
    *,
    app_name: str = "dedupe_feed",
    shuffle_partitions: int | None = None,
    driver_memory: str | None = None,
) -> SparkSession:
    """Get or create a session on ``master`` (``local[N]``, ``spark://...``,
    ``yarn``): Arrow-based pandas UDFs, no UI, warnings-only logging.

    ``shuffle_partitions`` defaults to twice the cores of a ``local[N]``
    master (Spark's own default of 200 is far too many for one machine).
    Raises :class:`ImportError` without the ``spark`` extra and
    :class:`~dedupe_feed.spark.require.JavaNotFoundError` without Java.
    """
    require_spark()
    require_java()
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
    )
    partitions = shuffle_partitions or _local_cores(master) * 2
    if partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
    if driver_memory:
        builder = builder.config("spark.driver.memory", driver_memory)
    settings = python_settings(os.environ)
    for key, value in settings.items():
        builder = builder.config(key, value)
    if "spark.pyspark.python" in settings:
        # PySpark starts local workers with PYSPARK_PYTHON (or python3 on
        # PATH), not with the setting: name this interpreter there too
        os.environ["PYSPARK_PYTHON"] = settings["spark.pyspark.python"]
    session: SparkSession = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def python_settings(environ: Mapping[str, str]) -> dict[str, str]:
    """Spark settings that make its Python workers run this interpreter, unless
    ``PYSPARK_PYTHON`` / ``PYSPARK_DRIVER_PYTHON`` say otherwise: a venv's
    ``bin/dedupe-feed`` started by cron or Airflow has the venv's packages
    only in this interpreter, not in the ``python3`` on ``PATH``.

    >>> python_settings({"PYSPARK_PYTHON": "/opt/py"}) == {
    ...     "spark.pyspark.driver.python": sys.executable}
    True
    """
    settings = {}
    if not environ.get("PYSPARK_PYTHON"):
        settings["spark.pyspark.python"] = sys.executable
    if not environ.get("PYSPARK_DRIVER_PYTHON"):
        settings["spark.pyspark.driver.python"] = sys.executable
    return settings


def _local_cores(master: str) -> int:
    """Cores of a ``local[N]`` master; 0 for ``local[*]`` and cluster masters.

    >>> _local_cores("local[2]"), _local_cores("local"), _local_cores("yarn")
    (2, 1, 0)
    """
    if master == "local":
        return 1
    if master.startswith("local[") and master[6:-1].isdigit():
        return int(master[6:-1])
    return 0
