"""Per-source boilerplate learning as DataFrame aggregations.

The local :class:`~dedupe_feed.learn.TemplateLearner` counts, per source,
in how many items each line template occurs and in how many stories. Here
one pandas UDF turns each clean text into its source, story key and distinct
template keys (the very functions the local job uses), and Spark counts:
items per source, items and distinct stories per (source, template). The
thresholds and the ranking are the learner's own.
"""

# No ``from __future__ import annotations``: pandas UDFs read their hints at run time.

from typing import TYPE_CHECKING, Any

from dedupe_feed.feeds.job import UNKNOWN_SOURCE, observation
from dedupe_feed.learn import LearnedTemplate, TemplateLearner
from dedupe_feed.spark._udf import vectorised
from dedupe_feed.spark.cache import materialise
from dedupe_feed.spark.require import require_spark

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def line_templates(text: str, source: str | None) -> tuple[str, str, list[str]]:
    """``(source key, story key, distinct template keys)`` of one clean text,
    as the local job observes it.

    >>> source, _, keys = line_templates("Rain.\\n\\nFollow Malabar Wire on X.", "Malabar Wire")
    >>> source, keys
    ('Malabar Wire', ['follow <outlet> on x.', 'rain.'])
    """
    keys, story = observation(text, source)
    return source or UNKNOWN_SOURCE, story, sorted(keys)


def observations(df: "DataFrame", *, text_col: str, source_col: str | None) -> "DataFrame":
    """One row per item with a text: ``source``, ``story`` and its distinct
    line ``templates``."""
    require_spark()
    from pyspark.sql import functions

    source = functions.col(source_col) if source_col else functions.lit(None).cast("string")
    observed = df.where(functions.col(text_col).isNotNull()).select(
        _observe_udf()(functions.col(text_col), source).alias("o")
    )
    return observed.select("o.source", "o.story", "o.templates")


def _observe_udf() -> Any:
    require_spark()
    import pandas as pd

    schema = "source string, story string, templates array<string>"

    def observe(text: pd.Series, source: pd.Series) -> pd.DataFrame:
        rows = [line_templates(t, s) for t, s in zip(text.tolist(), source.tolist(), strict=True)]
        return pd.DataFrame(rows, columns=["source", "story", "templates"])

    return vectorised(observe, schema)


def learn_templates(
    df: "DataFrame",
    *,
    text_col: str = "clean_text",
    source_col: str | None = "source",
    learner: TemplateLearner | None = None,
) -> dict[str, list[LearnedTemplate]]:
    """The learned templates of every source that has any, most frequent
    first, under ``learner``'s thresholds (default :class:`TemplateLearner`).

    Only the templates that qualify reach the driver, which ranks them with
    :meth:`TemplateLearner.ranked`; the counting is all aggregations.
    """
    require_spark()
    rules = learner or TemplateLearner()
    seen = observations(df, text_col=text_col, source_col=source_col).persist()
    try:
        materialise(seen)
        rows = _qualifying(seen, rules).collect()
    finally:
        seen.unpersist()
    return _ranked(rows, rules)


def _qualifying(seen: "DataFrame", rules: TemplateLearner) -> "DataFrame":
    """(source, template, support, items, stories) of the templates that
    pass ``rules``' thresholds (a footer template needs its own share)."""
    from pyspark.sql import functions

    items = seen.groupBy("source").agg(functions.count(functions.lit(1)).alias("items"))
    share = functions.when(
        functions.col("template").contains("<number>"), rules.min_footer_share
    ).otherwise(rules.min_share)
    return (
        seen.select("source", "story", functions.explode("templates").alias("template"))
        .groupBy("source", "template")
        .agg(
            functions.count(functions.lit(1)).alias("support"),
            functions.least(
                functions.countDistinct("story"), functions.lit(rules.min_stories)
            ).alias("stories"),
        )
        .join(items, "source")
        .where(
            (functions.col("support") >= rules.min_support)
            & (functions.col("support") / functions.col("items") >= share)
            & (functions.col("stories") >= rules.min_stories)
        )
        .select("source", "template", "support", "items", "stories")
    )


def _ranked(rows: list[Any], rules: TemplateLearner) -> dict[str, list[LearnedTemplate]]:
    """Templates per source as the learner ranks them."""
    found: dict[str, list[LearnedTemplate]] = {}
    for row in rows:
        template = LearnedTemplate(
            row["source"],
            row["template"],
            row["support"],
            row["support"] / row["items"],
            row["stories"],
        )
        found.setdefault(row["source"], []).append(template)
    return {source: rules.ranked(found[source]) for source in sorted(found)}
