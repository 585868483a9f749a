"""Build pandas UDFs (PySpark's overloads do not type a struct-returning UDF)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from dedupe_feed.spark.require import require_spark


def vectorised(function: Callable[..., Any], return_type: Any) -> Any:
    """``pandas_udf(function, return_type)``: the kind (scalar or iterator) is
    read off ``function``'s type hints, so they must be real pandas types."""
    require_spark()
    from pyspark.sql.pandas.functions import pandas_udf

    return cast(Any, pandas_udf)(function, return_type)
