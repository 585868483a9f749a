"""dedupe_feed on Apache Spark: the same cleaning, boilerplate learning and
cross-article clustering as the local job, as DataFrame operations.

Needs the ``spark`` extra (``pip install "dedupe-feed[spark]"``); importing
this package works without it, and every function then raises an
:class:`ImportError` saying so. See ``docs/scaling.md``.
"""

from __future__ import annotations

from dedupe_feed.spark.clean import CLEAN_COLUMNS, clean_dataframe

__all__ = ["CLEAN_COLUMNS", "clean_dataframe"]
