"""Connected components of an edge DataFrame, without collecting it.

Min-label propagation with pointer jumping: every node starts with the
smallest id among itself and its neighbours; each round it takes the
smallest label among its neighbours, then the label of its label. Rounds
stop when no label changes (one sum per round reaches the driver, never
an edge); each round's labels are checkpointed so the plan does not
grow with the rounds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dedupe_feed.spark.require import require_spark

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

DEFAULT_MAX_ROUNDS = 64


def connected_components(
    edges: DataFrame, *, src: str = "src", dst: str = "dst", max_rounds: int = DEFAULT_MAX_ROUNDS
) -> DataFrame:
    """``(node, component)`` for every node of ``edges`` (undirected; node ids
    of one orderable type); ``component`` is the smallest node id of the
    component. Raises :class:`RuntimeError` if ``max_rounds`` do not settle it.
    """
    require_spark()
    from pyspark.sql import functions

    both = (
        edges.select(functions.col(src).alias("node"), functions.col(dst).alias("other"))
        .unionByName(
            edges.select(functions.col(dst).alias("node"), functions.col(src).alias("other"))
        )
        .where(functions.col("node") != functions.col("other"))
        .distinct()
        .localCheckpoint()
    )
    labels = both.groupBy("node").agg(
        functions.least(functions.min("other"), functions.first("node")).alias("label")
    )
    labels = labels.localCheckpoint()
    total = _label_sum(labels)
    for _ in range(max_rounds):
        labels = _jump(_propagate(both, labels)).localCheckpoint()
        total, before = _label_sum(labels), total
        if total == before:
            return labels.withColumnRenamed("label", "component")
    raise RuntimeError(f"connected components did not settle in {max_rounds} rounds")


def _label_sum(labels: DataFrame) -> int:
    """The sum of all labels: labels only ever decrease, so an unchanged sum
    means no label changed (one number per round reaches the driver)."""
    from pyspark.sql import functions

    row = labels.agg(functions.sum(functions.col("label").cast("decimal(38,0)"))).first()
    return int(row[0]) if row is not None and row[0] is not None else 0


def _propagate(both: DataFrame, labels: DataFrame) -> DataFrame:
    """Each node's label becomes the smallest of its own and its neighbours'."""
    from pyspark.sql import functions

    neighbours = (
        both.join(labels.withColumnRenamed("node", "other"), "other")
        .groupBy("node")
        .agg(functions.min("label").alias("nearby"))
    )
    return labels.join(neighbours, "node").select(
        "node", functions.least("label", "nearby").alias("label")
    )


def _jump(labels: DataFrame) -> DataFrame:
    """Each node takes its label's label (a label is always a node id)."""
    from pyspark.sql import functions

    target = labels.select(
        functions.col("node").alias("label"), functions.col("label").alias("next")
    )
    return labels.join(target, "label").select(
        "node", functions.least("label", "next").alias("label")
    )
