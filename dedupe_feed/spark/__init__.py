"""dedupe_feed on Apache Spark: the same cleaning, boilerplate learning and
cross-article clustering as the local job, as DataFrame operations.

Needs the ``spark`` extra (``pip install "dedupe-feed[spark]"``); importing
this package works without it, and every function then raises an
:class:`ImportError` saying so. See ``docs/scaling.md``.
"""

from __future__ import annotations

from dedupe_feed.spark.clean import CLEAN_COLUMNS, clean_dataframe
from dedupe_feed.spark.components import connected_components
from dedupe_feed.spark.dedupe import CLUSTER_COLUMNS, dedupe_dataframe
from dedupe_feed.spark.job import read_feed, run_spark_feed
from dedupe_feed.spark.learn import learn_templates
from dedupe_feed.spark.session import local_session

__all__ = [
    "CLEAN_COLUMNS",
    "CLUSTER_COLUMNS",
    "clean_dataframe",
    "connected_components",
    "dedupe_dataframe",
    "learn_templates",
    "local_session",
    "read_feed",
    "run_spark_feed",
]
