"""Clean a DataFrame's items with the same :func:`dedupe_feed.analyze` as the
local job, in vectorised (Arrow) pandas UDFs.

Each Arrow batch builds its cleaners once (one per source, with that
source's learned templates as rules, exactly as
:class:`dedupe_feed.feeds.job` does) and then calls ``analyze`` per row:
the only per-row Python work is the cleaning itself.
"""

# No ``from __future__ import annotations`` here: pandas UDFs read their
# type hints at run time, and pandas is imported only when a UDF is built.

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dedupe_feed.config import Config
from dedupe_feed.feeds.job import CleanTask, SourceCleaners
from dedupe_feed.feeds.outputs import CleanFailure
from dedupe_feed.feeds.records import body_of
from dedupe_feed.learn import LearnedTemplate
from dedupe_feed.spark._udf import vectorised
from dedupe_feed.spark.require import require_spark

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame
    from pyspark.sql.types import StructType

#: The columns :func:`clean_dataframe` adds.
CLEAN_COLUMNS = ("clean_text", "metadata", "removed", "clean_error")

Templates = Mapping[str, Sequence[LearnedTemplate]]


def clean_schema() -> "StructType":
    """The struct the cleaning UDF returns (one field per :data:`CLEAN_COLUMNS`)."""
    require_spark()
    from pyspark.sql import types

    reason = types.StructType(
        [
            types.StructField("reason", types.StringType()),
            types.StructField("chars", types.LongType()),
        ]
    )
    removed = types.StructType(
        [
            types.StructField("count", types.LongType()),
            types.StructField("by_reason", types.ArrayType(reason)),
        ]
    )
    return types.StructType(
        [
            types.StructField("clean_text", types.StringType()),
            types.StructField("metadata", types.MapType(types.StringType(), types.StringType())),
            types.StructField("removed", removed),
            types.StructField("clean_error", types.StringType()),
        ]
    )


def clean_dataframe(
    df: "DataFrame",
    *,
    text_col: str | None = "text",
    html_col: str | None = None,
    source_col: str | None = None,
    templates: Templates | None = None,
    config: Config | None = None,
) -> "DataFrame":
    """``df`` with ``clean_text``, ``metadata``, ``removed`` (``count`` and
    characters ``by_reason``) and ``clean_error`` (why a row could not be
    cleaned; the other three are then null).

    The body is ``text_col`` when not null, else ``html_col`` read as HTML
    (the local job's rule). ``templates`` (from
    :func:`dedupe_feed.spark.learn_templates`) add each ``source_col``
    source's learned rules.
    """
    require_spark()
    from pyspark.sql import functions

    if text_col is None and html_col is None:
        raise ValueError("clean_dataframe needs text_col, html_col or both")
    udf = clean_udf(config or Config(), templates or {})
    cleaned = udf(_column(text_col), _column(html_col), _column(source_col))
    out: DataFrame = df.withColumn("_cleaned", cleaned)
    for name in CLEAN_COLUMNS:
        out = out.withColumn(name, functions.col(f"_cleaned.{name}"))
    return out.drop("_cleaned")


def _column(name: str | None) -> "Column":
    from pyspark.sql import functions

    column: Column = functions.lit(None).cast("string") if name is None else functions.col(name)
    return column


def clean_udf(config: Config, templates: Templates) -> Any:
    """A pandas UDF ``(text, html, source) -> struct`` (see :func:`clean_schema`)."""
    require_spark()
    import pandas as pd

    frozen = tuple((s, tuple(found)) for s, found in sorted(templates.items()) if found)

    def clean_batch(text: pd.Series, html: pd.Series, source: pd.Series) -> pd.DataFrame:
        cleaners = SourceCleaners(config, frozen)
        rows = [
            _clean_row(cleaners, _task(t, h, s))
            for t, h, s in zip(text.tolist(), html.tolist(), source.tolist(), strict=True)
        ]
        return pd.DataFrame(rows, columns=list(CLEAN_COLUMNS))

    return vectorised(clean_batch, clean_schema())


def _task(text: str | None, html: str | None, source: str | None) -> CleanTask:
    """One row's body, as :attr:`~dedupe_feed.feeds.records.FeedRecord.body` reads it."""
    return (*body_of(text, html), source)


def _clean_row(cleaners: SourceCleaners, task: CleanTask) -> tuple[Any, ...]:
    """One row of :data:`CLEAN_COLUMNS`: the cleaned fields, or the failure."""
    cleaned = cleaners.clean(task)
    if isinstance(cleaned, CleanFailure):
        return None, None, None, cleaned.reason
    fields = cleaned.to_json()
    return fields["clean_text"], fields["metadata"], fields["removed"], None
