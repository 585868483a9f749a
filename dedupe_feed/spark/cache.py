"""Fill a persisted DataFrame's cache once, before the jobs that read it.

``persist()`` only marks a DataFrame; its cache fills as a job computes it.
Spark runs independent jobs of one query at the same time (a join's two
sides, adaptive execution's stages), and each job that finds the cache
still empty computes the DataFrame itself: the cleaning UDF ran five times
per item in a feed job before its results were materialised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def materialise(df: DataFrame) -> DataFrame:
    """``df`` (already persisted by the caller), computed now by one job."""
    df.count()
    return df


__all__ = ["materialise"]
