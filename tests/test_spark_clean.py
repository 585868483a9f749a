"""dedupe_feed.spark.clean_dataframe: the same analyze() as the local path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dedupe_feed
from dedupe_feed.feeds.outputs import CleanFields
from dedupe_feed.spark import clean_dataframe

EXAMPLE = Path(dedupe_feed.__file__).parent / "examples" / "wire_doubled.txt"


def test_clean_dataframe_matches_analyze(spark: Any) -> None:
    raw = EXAMPLE.read_text(encoding="utf-8")
    rows = [
        ("a", raw, None, "PTI"),
        ("b", None, "<html><body><p>Rain lashed Kochi on Monday. (PTI)</p></body></html>", None),
        ("c", "Fire broke out in Kochi on Monday. (PTI)", "<p>ignored</p>", "X"),
    ]
    df = spark.createDataFrame(rows, "id string, text string, html string, source string")
    out = {r["id"]: r for r in clean_dataframe(df, html_col="html", source_col="source").collect()}
    for item_id, text, html, _ in rows:
        expected = (
            dedupe_feed.analyze(text)
            if text is not None
            else dedupe_feed.analyze(html, input_format="html")
        )
        fields = CleanFields.of(expected).to_json()
        row = out[item_id]
        assert row["clean_text"] == expected.text
        assert dict(row["metadata"]) == fields["metadata"]
        assert row["removed"]["count"] == fields["removed"]["count"]
        by_reason = [r.asDict() for r in row["removed"]["by_reason"]]
        assert by_reason == fields["removed"]["by_reason"]
        assert row["clean_error"] is None
    assert out["a"]["metadata"]["credit"] == "PTI"


def test_a_filter_and_a_projection_on_the_cleaned_columns_clean_each_row_once(
    spark: Any, capsys: Any
) -> None:
    """A deterministic UDF is copied by Spark's optimiser into the filter
    and the projection that read its struct: the learning pass cleaned each
    sampled item twice. The cleaning UDF must appear once in the plan."""
    from pyspark.sql import functions

    df = spark.createDataFrame([("a", "Rain lashed Kochi. (PTI)")], "id string, text string")
    cleaned = clean_dataframe(df).where(functions.col("clean_error").isNull())
    cleaned.select("clean_text").explain()
    plan = capsys.readouterr().out
    assert plan.count("clean_batch(") == 1
    assert [r["clean_text"] for r in cleaned.collect()] == ["Rain lashed Kochi."]
