"""Build pandas UDFs (PySpark's overloads do not type a struct-returning UDF)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from dedupe_feed.spark.require import require_spark


def vectorised(function: Callable[..., Any], return_type: Any) -> Any:
    """``pandas_udf(function, return_type)``, marked non-deterministic: the kind
    (scalar or iterator) is read off ``function``'s type hints, so they must
    be real pandas types.

    Every UDF here is costly (parsing, cleaning, signing). A deterministic UDF
    whose struct feeds a filter and a projection is copied into both by
    Spark's optimiser and runs twice on every row (the learning pass cleaned
    each sampled item twice); a non-deterministic one is evaluated once.
    """
    require_spark()
    from pyspark.sql.pandas.functions import pandas_udf

    return cast(Any, pandas_udf)(function, return_type).asNondeterministic()
