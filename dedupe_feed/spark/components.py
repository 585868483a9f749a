"""Connected components of an edge DataFrame, without collecting it.

Min-label propagation with pointer jumping: every node starts with the
smallest id among itself and its neighbours; each round it takes the
smallest label among its neighbours, then the label of its label. Rounds
stop when no label changes (one sum per round reaches the driver, never
an edge); each round's labels are checkpointed so the plan does not
grow with the rounds.

A graph of at most ``driver_edges`` edges (a feed's candidate pairs up to a
few million items) is settled on the driver instead, by union-find
(:func:`components_of`): the same components and labels without the two
Spark jobs each round costs.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from dedupe_feed.spark.require import require_spark

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

DEFAULT_MAX_ROUNDS = 64
#: Edges up to which the components are found on the driver.
DRIVER_EDGES = 1_000_000
Node = TypeVar("Node", bound=Hashable)


def connected_components(
    edges: DataFrame,
    *,
    src: str = "src",
    dst: str = "dst",
    max_rounds: int = DEFAULT_MAX_ROUNDS,
    driver_edges: int = DRIVER_EDGES,
) -> DataFrame:
    """``(node, component)`` for every node of ``edges`` (undirected; node ids
    of one orderable type; an edge from a node to itself is ignored);
    ``component`` is the smallest node id of the component. With at most
    ``driver_edges`` edges they are settled on the driver; else raises
    :class:`RuntimeError` if ``max_rounds`` do not settle them.
    """
    require_spark()
    from pyspark.sql import functions

    if driver_edges > 0:
        pairs = edges.select(src, dst).where(functions.col(src) != functions.col(dst))
        head = pairs.limit(driver_edges + 1).collect()
        if len(head) <= driver_edges:
            found = components_of((row[0], row[1]) for row in head)
            node = edges.schema[src].dataType
            schema = f"node {node.simpleString()}, component {node.simpleString()}"
            return edges.sparkSession.createDataFrame(list(found.items()), schema)

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


def components_of(edges: Iterable[tuple[Node, Node]]) -> dict[Node, Node]:
    """Each node of ``edges`` (undirected; node ids orderable) and the
    smallest node of its component, by union-find: a root is always the
    smallest node of its set.

    >>> components_of([(5, 4), (4, 3), (10, 11), (3, 1)])
    {5: 1, 4: 1, 3: 1, 10: 10, 11: 10, 1: 1}
    """
    parent: dict[Node, Node] = {}

    def root(node: Node) -> Node:
        top = node
        while parent[top] != top:
            top = parent[top]
        while parent[node] != top:  # path compression
            parent[node], node = top, parent[node]
        return top

    for a, b in edges:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        first, second = root(a), root(b)
        if first != second:
            low, high = (first, second) if _less(first, second) else (second, first)
            parent[high] = low
    return {node: root(node) for node in parent}


def _less(a: Any, b: Any) -> bool:
    return bool(a < b)


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
