"""The feed job on Spark: read -> learn each outlet's boilerplate -> clean ->
cluster -> write, with the output lines of the local ``dedupe-feed run``.

Input: JSON Lines (each line through the local reader's own line parser)
or Parquet (each row as a JSON object, then the same). Output: JSON Lines
(one line per input record, the local job's objects, in input order, as
Spark part files named ``part-*.jsonl`` in a folder) or Parquet (typed columns, the input record
kept as JSON in ``input``).
"""

# No ``from __future__ import annotations``: pandas UDFs read their hints at run time.

import os
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dedupe_feed.config import Config
from dedupe_feed.feeds.job import DEFAULT_LEARN_SAMPLE, JobSummary
from dedupe_feed.feeds.outputs import Cleaned, CleanFields, Failed, FeedOutput, Placement
from dedupe_feed.feeds.plan import FeedPlan
from dedupe_feed.feeds.readers import jsonl_item
from dedupe_feed.feeds.records import FeedRecord, FieldMap, ReadError
from dedupe_feed.feeds.writers import json_line
from dedupe_feed.index.clusterer import id_conflict_message
from dedupe_feed.learn import LearnedTemplate, TemplateLearner
from dedupe_feed.spark._udf import vectorised
from dedupe_feed.spark.cache import materialise
from dedupe_feed.spark.clean import CLEAN_COLUMNS, clean_dataframe
from dedupe_feed.spark.dedupe import CLUSTER_COLUMNS, dedupe_dataframe
from dedupe_feed.spark.learn import learn_templates
from dedupe_feed.spark.require import require_spark

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

PathLike = str | os.PathLike[str]
#: Input order: file number times this, plus the line (or row) number.
FILE_STRIDE = 1 << 40
_RECORD_FIELDS = ("kind", "id", "source", "published", "title", "text", "html", "read_error")
_RECORD_SCHEMA = ", ".join(f"{name} string" for name in _RECORD_FIELDS)


def output_format(path: PathLike, given: str | None = None) -> str:
    """``"parquet"`` or ``"jsonl"``: ``given``, else from the path's suffix.

    >>> output_format("out.parquet"), output_format("out.jsonl"), output_format("x", "parquet")
    ('parquet', 'jsonl', 'parquet')
    """
    if given is not None:
        if given not in ("jsonl", "parquet"):
            raise ValueError(f"format must be 'jsonl' or 'parquet', got {given!r}")
        return given
    return "parquet" if os.fspath(path).rstrip("/").endswith(".parquet") else "jsonl"


def read_feed(
    spark: "SparkSession", inputs: Sequence[PathLike], *, fields: FieldMap | None = None
) -> "DataFrame":
    """One row per input record (blank lines skipped): ``_order``,
    ``source_name``, ``position``, ``line`` (the record as JSON) and the mapped
    fields (``id``, ``source``, ``published``, ``title``, ``text``, ``html``),
    or ``read_error`` for a line the local reader would reject too."""
    require_spark()
    from pyspark.sql import functions

    frames = [_lines(spark, os.fspath(path), number) for number, path in enumerate(inputs)]
    lines = frames[0]
    for frame in frames[1:]:
        lines = lines.unionByName(frame)
    parsed = lines.withColumn(
        "_r", _parse_udf(fields or FieldMap())(line_bytes(), "source_name", "position")
    )
    mapped = parsed.where(functions.col("_r.kind") != "blank")
    for name in _RECORD_FIELDS[1:]:
        mapped = mapped.withColumn(name, functions.col(f"_r.{name}"))
    return mapped.drop("_r")


def _lines(spark: "SparkSession", path: str, number: int) -> "DataFrame":
    """``(_order, source_name, position, line)`` of one file, numbered 1..n."""
    from pyspark.sql import functions

    if output_format(path) == "parquet":
        rows = spark.read.parquet(path)
        raw = rows.select(functions.to_json(functions.struct(*rows.columns)).alias("line"))
    else:
        raw = spark.read.option("lineSep", "\n").text(path).withColumnRenamed("value", "line")
    numbered = _numbered(raw)
    return numbered.select(
        (functions.lit(number * FILE_STRIDE) + functions.col("position")).alias("_order"),
        functions.lit(path).alias("source_name"),
        "position",
        "line",
    )


def line_bytes() -> Any:
    """The ``line`` column as the bytes read: Spark's text reader keeps a
    line's bytes as they are, and one that is not UTF-8 cannot be handed to
    Python as a string (Arrow refuses it and the job failed); as bytes it
    goes through the local reader's decoding (undecodable bytes replaced,
    with a warning)."""
    from pyspark.sql import functions

    return functions.col("line").cast("binary").alias("line")


def _numbered(df: "DataFrame") -> "DataFrame":
    """``df`` with ``position``, its 1-based row number in read order: the
    row's index in its partition plus the sizes of the partitions before it
    (one small count per partition reaches the driver)."""
    from pyspark.sql import functions

    tagged = df.withColumn("_part", functions.spark_partition_id()).withColumn(
        "_mono", functions.monotonically_increasing_id()
    )
    sizes = sorted((r["_part"], r["count"]) for r in tagged.groupBy("_part").count().collect())
    offsets, total = {}, 0
    for part, size in sizes:
        offsets[part] = total
        total += size
    offset = (
        functions.create_map(
            *[functions.lit(v) for part, start in offsets.items() for v in (part, start)]
        )
        if offsets
        else functions.create_map(functions.lit(0), functions.lit(0))
    )
    within = functions.col("_mono") - functions.shiftleft(functions.col("_part").cast("long"), 33)
    return tagged.withColumn(
        "position", within + offset[functions.col("_part")] + functions.lit(1)
    ).drop("_part", "_mono")


def _parse_udf(fields: FieldMap) -> Any:
    """``(line, source_name, position) -> struct`` with the local reader's
    mapping, or null for a blank line."""
    require_spark()
    import pandas as pd

    def parse(line: pd.Series, name: pd.Series, position: pd.Series) -> pd.DataFrame:
        rows = [
            _parsed(line_text, source_name, int(number), fields)
            for line_text, source_name, number in zip(
                line.tolist(), name.tolist(), position.tolist(), strict=True
            )
        ]
        return pd.DataFrame(rows, columns=list(_RECORD_FIELDS))

    return vectorised(parse, _RECORD_SCHEMA)


def _parsed(line: bytes | None, name: str, position: int, fields: FieldMap) -> tuple[Any, ...]:
    item = jsonl_item(line or b"", name, position, fields)
    if item is None:
        return ("blank", *(None,) * 7)
    if isinstance(item, ReadError):
        return ("error", *(None,) * 6, item.reason)
    return ("record", item.id, item.source, item.published, item.title, item.text, item.html, None)


def run_spark_feed(
    spark: "SparkSession",
    inputs: Sequence[PathLike],
    output: PathLike,
    *,
    format: str | None = None,
    config: Config | None = None,
    learn: bool = True,
    learn_sample: int | None = DEFAULT_LEARN_SAMPLE,
    fields: FieldMap | None = None,
    learner: TemplateLearner | None = None,
    **dedupe_params: Any,
) -> JobSummary:
    """Run the whole job; ``output`` is a folder Spark writes (JSON Lines part
    files, or Parquet: see :func:`output_format`). Learning reads the first
    ``learn_sample`` readable records of each source (``None``: all), as the
    local job does. ``dedupe_params`` go to
    :func:`~dedupe_feed.spark.dedupe_dataframe` (``threshold``,
    ``window_days``, ``canonical`` ...), as the local job's options do."""
    require_spark()
    started = time.perf_counter()
    summary = JobSummary()
    executor = SparkExecutor(
        spark,
        inputs,
        output,
        format=format,
        config=config if config is not None else Config(),
        learn_sample=learn_sample,
        fields=fields or FieldMap(),
        learner=learner or TemplateLearner(),
        summary=summary,
        dedupe_params=dedupe_params,
    )
    try:
        summary.templates = FeedPlan(learn=learn).run(executor)
    finally:
        executor.release()
    summary.seconds = time.perf_counter() - started
    return summary


class SparkExecutor:
    """The Spark engine's steps of the :class:`~dedupe_feed.feeds.plan.FeedPlan`:
    DataFrame transformations, with the read records and the clustered ones
    persisted (:meth:`release` frees them)."""

    def __init__(
        self,
        spark: "SparkSession",
        inputs: Sequence[PathLike],
        output: PathLike,
        *,
        format: str | None,
        config: Config,
        learn_sample: int | None,
        fields: FieldMap,
        learner: TemplateLearner,
        summary: JobSummary,
        dedupe_params: dict[str, Any],
    ) -> None:
        self.spark, self.inputs, self.output, self.format = spark, inputs, output, format
        self.config, self.learn_sample, self.fields = config, learn_sample, fields
        self.learner, self.summary, self.dedupe_params = learner, summary, dedupe_params
        self.persisted: list[DataFrame] = []

    def read(self) -> "DataFrame":
        """One row per input record (:func:`read_feed`), persisted."""
        records = read_feed(self.spark, self.inputs, fields=self.fields).persist()
        self.persisted.append(records)
        return records

    def learn(self, records: "DataFrame") -> dict[str, list[LearnedTemplate]]:
        """Templates from the first ``learn_sample`` readable records of each source."""
        from pyspark.sql import functions

        sampled = _first_per_source(records, self.learn_sample)
        sampled = spread(sampled, grouped=self.learn_sample is not None)
        first = _cleaned(sampled, self.config, {}).where(functions.col("clean_error").isNull())
        return learn_templates(first, learner=self.learner)

    def clean(
        self, records: "DataFrame", templates: dict[str, list[LearnedTemplate]]
    ) -> "DataFrame":
        """The records cleaned, with ``_item``: the index id (``FeedRecord.key``);
        persisted and materialised (:func:`materialise`): clustering reads them
        in several jobs, and writing once more."""
        from pyspark.sql import functions

        cleaned = _cleaned(spread(records), self.config, templates).withColumn(
            "_item",
            functions.coalesce(
                functions.col("id"),
                functions.concat_ws(":", "source_name", functions.col("position").cast("string")),
            ),
        )
        self.persisted.append(materialise(cleaned.persist()))
        return cleaned

    def cluster(self, cleaned: "DataFrame") -> "DataFrame":
        """Reused ids refused, then clustered in input order; persisted."""
        clustered = dedupe_dataframe(
            _refuse_reused_ids(cleaned), id_col="_item", order_col="_order", **self.dedupe_params
        ).persist()
        self.persisted.append(clustered)
        return clustered

    def write(self, clustered: "DataFrame") -> None:
        """The output folder written, and the job's counts taken."""
        kind = output_format(self.output, self.format)
        _write(clustered, os.fspath(self.output), kind, self.fields)
        _count(clustered, self.summary)

    def release(self) -> None:
        """Unpersist what the steps persisted (the latest first)."""
        while self.persisted:
            self.persisted.pop().unpersist()


def _refuse_reused_ids(cleaned: "DataFrame") -> "DataFrame":
    """As the local index does: a row whose id an earlier clean row holds with
    other content (clean text or source) becomes a clean error
    (``reused id: ...``) without a clean text, so it is not clustered; a row
    with the same content gets the first one's decision."""
    from pyspark.sql import Window, functions

    col = functions.col
    has_text = col("clean_text").isNotNull()
    earlier = (
        Window.partitionBy("_item")
        .orderBy("_order")
        .rowsBetween(Window.unboundedPreceding, Window.currentRow)
    )
    held = functions.struct(col("clean_text").alias("text"), col("source").alias("source"))
    marked = cleaned.withColumn(
        "_held", functions.first(functions.when(has_text, held), ignorenulls=True).over(earlier)
    )
    other = (col("_held.text") != col("clean_text")) | ~col("_held.source").eqNullSafe(
        col("source")
    )
    conflict = has_text & other
    held_by = functions.struct(
        col("_item").alias("item"),
        col("_held.source").alias("source"),
        functions.length(col("_held.text")).alias("length"),
    )
    message = _reused_id_udf()(held_by)
    return (
        marked.withColumn(
            "clean_error", functions.when(conflict, message).otherwise(col("clean_error"))
        )
        .withColumn("clean_text", functions.when(~conflict, col("clean_text")))
        .drop("_held")
    )


def _reused_id_udf() -> Any:
    """``struct(item, source, length) -> string``: the local job's error line
    for a reused id (null where no row holds the id yet)."""
    require_spark()
    import pandas as pd

    def render(rows: pd.DataFrame) -> pd.Series:
        return pd.Series(
            [
                None
                if pd.isna(row["length"])
                else "reused id: "
                + id_conflict_message(row["item"], row["source"], int(row["length"]))
                for row in rows.to_dict("records")
            ]
        )

    return vectorised(render, "string")


#: Tasks per core a cleaning pass needs at least (see :func:`spread`).
TASKS_PER_CORE = 2


def spread(records: "DataFrame", *, grouped: bool = False) -> "DataFrame":
    """``records`` hashed by their order into at least :data:`TASKS_PER_CORE`
    partitions a core: cleaning costs about the same per record, so a pass
    over fewer or uneven partitions leaves cores idle (a 311 MB input read
    as 3 splits ran its last third on one of ``local[2]``'s two cores).
    Left as they are when there are enough, unless ``grouped`` (partitioned
    by source, as learning's sample is: as uneven as the sources)."""
    from pyspark.sql import functions

    wanted = TASKS_PER_CORE * records.sparkSession.sparkContext.defaultParallelism
    if not grouped and records.rdd.getNumPartitions() >= wanted:
        return records
    return records.repartition(wanted, functions.col("_order"))


def _first_per_source(records: "DataFrame", per_source: int | None) -> "DataFrame":
    """The first ``per_source`` readable records of each source, in input
    order (all readable ones when ``None``): the local job's learning sample."""
    from pyspark.sql import Window, functions

    readable = records.where(functions.col("read_error").isNull())
    if per_source is None:
        return readable
    first = Window.partitionBy("source").orderBy("_order")
    return (
        readable.withColumn("_taken", functions.row_number().over(first))
        .where(functions.col("_taken") <= per_source)
        .drop("_taken")
    )


def _cleaned(
    records: "DataFrame", config: Config, templates: dict[str, list[LearnedTemplate]]
) -> "DataFrame":
    """The records cleaned; unreadable records keep null clean columns."""
    from pyspark.sql import functions

    cleaned = clean_dataframe(
        records,
        text_col="text",
        html_col="html",
        source_col="source",
        templates=templates,
        config=config,
    )
    readable = functions.col("read_error").isNull()
    for name in CLEAN_COLUMNS:
        cleaned = cleaned.withColumn(name, functions.when(readable, functions.col(name)))
    return cleaned


def _count(clustered: "DataFrame", summary: JobSummary) -> None:
    from pyspark.sql import functions

    def total(condition: Any) -> Any:
        return functions.sum(functions.when(condition, 1).otherwise(0))

    col = functions.col
    row = clustered.agg(
        functions.count(functions.lit(1)).alias("records"),
        total(col("read_error").isNotNull() | col("clean_error").isNotNull()).alias("errors"),
        total(
            col("cluster_id").isNotNull() & col("duplicate_of").isNull() & col("update_of").isNull()
        ).alias("new"),
        total(col("duplicate_of").isNotNull()).alias("duplicates"),
        total(col("update_of").isNotNull()).alias("updates"),
    ).first()
    if row is not None:
        summary.records, summary.errors = row["records"], row["errors"]
        summary.new_clusters, summary.duplicates = row["new"], row["duplicates"]
        summary.updates = row["updates"]


def _write(clustered: "DataFrame", output: str, kind: str, fields: FieldMap) -> None:
    from pyspark.sql import functions

    ordered = clustered.orderBy("_order")
    if kind == "parquet":
        ordered.select(
            "source_name",
            "position",
            "id",
            "source",
            "published",
            "title",
            *CLEAN_COLUMNS,
            *CLUSTER_COLUMNS,
            "read_error",
            functions.col("line").alias("input"),
        ).write.mode("overwrite").parquet(output)
        return
    columns = ["source_name", "position", "read_error", *CLEAN_COLUMNS, *CLUSTER_COLUMNS]
    struct = functions.struct(line_bytes(), *columns)
    lines = ordered.select(_output_udf(fields)(struct).alias("value"))
    lines.write.mode("overwrite").text(output)
    name_parts_jsonl(clustered.sparkSession, output)


def jsonl_part_name(name: str) -> str | None:
    """The JSON Lines name of a part file Spark's text writer named ``.txt``
    (a compression suffix kept), or ``None`` for any other file.

    >>> jsonl_part_name("part-00000-0a1b-c000.txt"), jsonl_part_name("part-00001-c000.txt.gz")
    ('part-00000-0a1b-c000.jsonl', 'part-00001-c000.jsonl.gz')
    >>> jsonl_part_name("_SUCCESS") is None, jsonl_part_name(".part-00000-c000.txt.crc") is None
    (True, True)
    """
    stem, dot, rest = name.partition(".txt")
    if not name.startswith("part-") or not dot or (rest and not rest.startswith(".")):
        return None
    return f"{stem}.jsonl{rest}"


def name_parts_jsonl(spark: "SparkSession", output: str) -> int:
    """Rename the ``part-*.txt`` files Spark wrote in ``output`` to
    ``part-*.jsonl`` through Hadoop's file system (local, HDFS, S3 ... alike;
    a checksum file follows its part); returns how many were renamed."""
    context: Any = spark.sparkContext
    hadoop_path = context._jvm.org.apache.hadoop.fs.Path
    folder = hadoop_path(output)
    files = folder.getFileSystem(context._jsc.hadoopConfiguration())
    renamed = 0
    for status in files.listStatus(folder):
        new = jsonl_part_name(status.getPath().getName())
        if new is not None:
            if not files.rename(status.getPath(), hadoop_path(folder, new)):
                raise OSError(f"could not rename {status.getPath()} to {new}")
            renamed += 1
    return renamed


def _output_udf(fields: FieldMap) -> Any:
    """``struct -> string``: the local job's output line of one record."""
    require_spark()
    import pandas as pd

    def render(rows: pd.DataFrame) -> pd.Series:
        return pd.Series(
            [
                json_line(output_of_row(row, fields).to_json()).rstrip("\n")
                for row in rows.to_dict("records")
            ]
        )

    return vectorised(render, "string")


def output_of_row(row: dict[str, Any], fields: FieldMap) -> FeedOutput:
    """The local job's output of one record, from its columns."""
    name, position = row["source_name"], int(row["position"])
    if row["read_error"] is not None:
        return Failed.unreadable(ReadError(name, position, row["read_error"]))
    item = jsonl_item(bytes(row["line"]), name, position, fields)
    if not isinstance(item, FeedRecord):
        raise ValueError(f"record {name}:{position} no longer reads as it did")
    if row["clean_error"] is not None:
        return Failed.of_record(item, row["clean_error"])
    removed = row["removed"]
    cleaned = CleanFields(
        clean_text=row["clean_text"],
        metadata=dict(row["metadata"] or ()),
        removed_count=int(removed["count"]),
        removed_by_reason=tuple((r["reason"], int(r["chars"])) for r in removed["by_reason"]),
    )
    similarity = row["similarity"]
    placement = Placement(
        cluster_id=row["cluster_id"],
        duplicate_of=row["duplicate_of"],
        similarity=None if similarity is None or similarity != similarity else float(similarity),
        update_of=row["update_of"],
    )
    return Cleaned(item, cleaned, placement)
