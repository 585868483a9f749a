"""Cross-article clustering of a DataFrame, with the local clusterer's decisions.

The local :class:`~dedupe_feed.index.FeedDeduplicator` is online: each
article, in arrival order, looks up its (at most ``max_candidates``) LSH
candidates among the articles before it, and is verified against the
*current canonical member* of each candidate's cluster (the chaining guard),
within the time window. Which member is canonical depends on what arrived
before, so the decisions depend on the order. This module gives the same
decisions, in parallel:

1. MinHash signatures and band keys as columns (a pandas UDF calling the
   local ``Signer``, ``signature_tokens`` and ``article_keys``);
2. candidate pairs from band groups: each band row joined to the (at most
   ``bucket_limit``) rows just before it in its bucket, as the store's
   buckets offer them; the shared-band count per pair; and per article the
   ``max_candidates`` earlier ones sharing most bands (ties: earliest), the
   store's own ranking, kept when their estimated Jaccard similarity passes
   the clusterer's candidate gate (``threshold - JACCARD_MARGIN``);
3. connected components of those candidate edges (on the driver up to a
   million edges, else DataFrame operations; :mod:`dedupe_feed.spark.components`):
   a candidate brings its cluster only
   through such an edge, so every cluster lies inside one component and no
   decision depends on another component;
4. per component, on the executors, the local ``FeedDeduplicator`` replays
   its members in arrival order, each with its precomputed candidates: the
   very verification (``aligned_score``, fact conflicts, Jaccard margin), time
   window, chaining guard and canonical policy of the local run.

Articles without candidates (most of a feed) never reach step 4: each is
its own cluster. With ``canonical="earliest"`` and a time window, candidate
edges from an article published more than ``window_days`` before the later
one are dropped before step 3 (their cluster's canonical is at least as old,
so the window rejects it anyway): components stay bounded in time.
"""

# No ``from __future__ import annotations``: pandas UDFs read their hints at run time.

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from dedupe_feed.index import FeedDeduplicator, MemoryStore, article_keys, parse_published
from dedupe_feed.index.align import sentence_keys, signature_tokens
from dedupe_feed.index.clusterer import JACCARD_MARGIN
from dedupe_feed.index.prepare import SHINGLE_WORDS
from dedupe_feed.index.store import BUCKET_LIMIT
from dedupe_feed.signatures import Signer
from dedupe_feed.spark._udf import vectorised
from dedupe_feed.spark.cache import materialise
from dedupe_feed.spark.components import DEFAULT_MAX_ROUNDS, connected_components
from dedupe_feed.spark.require import require_spark

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

#: The columns :func:`dedupe_dataframe` adds.
CLUSTER_COLUMNS = ("cluster_id", "duplicate_of", "similarity", "update_of", "canonical")
_CLUSTER_SCHEMA = (
    "cluster_id string, duplicate_of string, similarity double, update_of string, canonical string"
)
_SIGN_CHUNK = 256


class PresetStore(MemoryStore):
    """A MemoryStore whose candidate lookup answers with a list computed
    beforehand (by Spark), in rank order, skipping ids it does not hold."""

    def __init__(self) -> None:
        super().__init__()
        self.preset: Sequence[str] = ()

    def candidates(
        self, band_keys: Sequence[bytes], limit: int, per_bucket: int = BUCKET_LIMIT
    ) -> list[tuple[str, str]]:
        held = (self.get(item_id) for item_id in self.preset)
        return [(item.id, item.cluster_id) for item in held if item is not None][:limit]


def dedupe_dataframe(
    df: "DataFrame",
    *,
    id_col: str = "id",
    text_col: str = "clean_text",
    source_col: str | None = "source",
    published_col: str | None = "published",
    order_col: str | None = None,
    max_rounds: int = DEFAULT_MAX_ROUNDS,
    **params: Any,
) -> "DataFrame":
    """``df`` with :data:`CLUSTER_COLUMNS`: ``cluster_id`` (the id of the
    cluster's first article), ``duplicate_of``, ``similarity``, ``update_of``
    (as the local job writes them) and ``canonical`` (the id of the
    cluster's canonical member once every row is placed).

    ``order_col`` is the arrival order (default: the DataFrame's current
    order); ``params`` are :class:`~dedupe_feed.index.FeedDeduplicator`'s
    (``threshold``, ``window_days``, ``canonical``, ``num_perm`` ...). Rows
    with a null text get null cluster columns; a repeated id gets the
    decision of its first row, as a local index answers a second ``add``.
    """
    require_spark()
    from pyspark.sql import functions

    FeedDeduplicator(**params).close()  # check the parameters on the driver
    order = functions.col(order_col) if order_col else functions.monotonically_increasing_id()
    base = df.withColumn("_order", order)
    items = _first_per_id(base, id_col, text_col, source_col, published_col)
    keyed = items.withColumn("_sig", _sign_udf(params)("text", "published")).persist()
    try:
        materialise(keyed)
        decisions = _decisions(keyed, params, max_rounds).localCheckpoint()
    finally:
        keyed.unpersist()
    has_text = functions.col(text_col).isNotNull()
    out = base.join(decisions, base[id_col] == decisions["_id"], "left")
    for name in CLUSTER_COLUMNS:
        out = out.withColumn(name, functions.when(has_text, functions.col(f"_d.{name}")))
    return out.drop("_id", "_d", "_order")


def _first_per_id(
    base: "DataFrame", id_col: str, text_col: str, source_col: str | None, published_col: str | None
) -> "DataFrame":
    """The rows to cluster: the first row of each id that has a text."""
    from pyspark.sql import Window, functions

    def column(name: str | None) -> Any:
        return functions.col(name) if name else functions.lit(None).cast("string")

    items = base.where(functions.col(text_col).isNotNull() & functions.col(id_col).isNotNull())
    first = Window.partitionBy("id").orderBy("_order")
    return (
        items.select(
            "_order",
            functions.col(id_col).cast("string").alias("id"),
            functions.col(text_col).alias("text"),
            column(source_col).cast("string").alias("source"),
            column(published_col).cast("string").alias("published"),
        )
        .withColumn("_n", functions.row_number().over(first))
        .where(functions.col("_n") == 1)
        .drop("_n")
    )


def _decisions(keyed: "DataFrame", params: dict[str, Any], max_rounds: int) -> "DataFrame":
    """``(_id, _d)``: every clustered row's id and its decision struct."""
    from pyspark.sql import functions

    edges = _candidate_edges(keyed, params)
    components = connected_components(
        edges, src="earlier", dst="later", max_rounds=max_rounds
    ).withColumnRenamed("node", "_order")
    ranked = edges.groupBy(functions.col("later").alias("_order")).agg(
        functions.sort_array(functions.collect_list(functions.struct("rank", "earlier_id"))).alias(
            "_ranked"
        )
    )
    grouped = (
        keyed.join(components, "_order")
        .join(ranked, "_order", "left")
        .select(
            "component",
            "_order",
            "id",
            "text",
            "source",
            "published",
            functions.col("_ranked.earlier_id").alias("candidates"),
        )
    )
    replayed = grouped.groupBy("component").applyInPandas(
        _replay_function(params), f"id string, {_CLUSTER_SCHEMA}"
    )
    singles = keyed.join(components, "_order", "left_anti").select(
        "id",
        functions.col("id").alias("cluster_id"),
        functions.lit(None).cast("string").alias("duplicate_of"),
        functions.lit(None).cast("double").alias("similarity"),
        functions.lit(None).cast("string").alias("update_of"),
        functions.col("id").alias("canonical"),
    )
    return replayed.unionByName(singles).select(
        functions.col("id").alias("_id"), functions.struct(*CLUSTER_COLUMNS).alias("_d")
    )


def _candidate_edges(keyed: "DataFrame", params: dict[str, Any]) -> "DataFrame":
    """``(earlier, later, rank, earlier_id)``: each article's candidates among
    the articles before it, ranked as the store ranks them, window-pruned
    when that cannot change a decision (see the module docs)."""
    from pyspark.sql import Window, functions

    pairs = (
        _bucket_pairs(keyed, params.get("bucket_limit", BUCKET_LIMIT))
        .groupBy("earlier", "later")
        .agg(functions.count(functions.lit(1)).alias("shared"))
    )
    by_rank = Window.partitionBy("later").orderBy(functions.col("shared").desc(), "earlier")
    top = pairs.withColumn("rank", functions.row_number().over(by_rank)).where(
        functions.col("rank") <= params.get("max_candidates", 16)
    )
    top = _with_side(_with_side(top, keyed, "earlier"), keyed, "later")
    top = top.where(_jaccard("earlier_values", "later_values") >= _jaccard_floor(params))
    window_days = params.get("window_days", 3)
    if params.get("canonical", "earliest") == "earliest" and window_days is not None:
        too_old = (
            functions.col("later_epoch") - functions.col("earlier_epoch") > window_days * 86400
        )
        top = top.where(~functions.coalesce(too_old, functions.lit(False)))
    return top.select("earlier", "later", "rank", "earlier_id")


def _bucket_pairs(keyed: "DataFrame", per_bucket: int) -> "DataFrame":
    """``(earlier, later)`` once per band key the two share, where ``earlier``
    is among the ``per_bucket`` latest arrivals in that bucket before
    ``later``: what the store's bucket offers a lookup. Each band row is
    numbered within its bucket and joined on (key, position) to the
    positions just before it, so a bucket that thousands of articles share
    yields ``per_bucket`` pairs per article, not a quadratic self-join."""
    from pyspark.sql import Window, functions

    bands = keyed.select("_order", functions.explode("_sig.keys").alias("key"))
    in_bucket = Window.partitionBy("key").orderBy("_order")
    placed = bands.withColumn("pos", functions.row_number().over(in_bucket))
    position = functions.col("pos")
    before = functions.sequence(
        functions.greatest(position - per_bucket, functions.lit(1)), position - 1
    )
    later = placed.where(position > 1).select(
        "key", functions.col("_order").alias("later"), functions.explode(before).alias("pos")
    )
    earlier = placed.select("key", "pos", functions.col("_order").alias("earlier"))
    return later.join(earlier, ["key", "pos"]).select("earlier", "later")


def _with_side(pairs: "DataFrame", keyed: "DataFrame", side: str) -> "DataFrame":
    """``pairs`` with the id, time and signature of its ``side`` article
    (joined after ranking, so the band table stays two numbers a row)."""
    from pyspark.sql import functions

    info = keyed.select(
        functions.col("_order").alias(side),
        functions.col("id").alias(f"{side}_id"),
        functions.col("_sig.epoch").alias(f"{side}_epoch"),
        functions.col("_sig.values").alias(f"{side}_values"),
    )
    return pairs.join(info, side)


def _jaccard_floor(params: dict[str, Any]) -> float:
    """The candidate gate of the local clusterer (``threshold - JACCARD_MARGIN``)."""
    floor: float = params.get("threshold", 0.5) - JACCARD_MARGIN
    return floor


def _jaccard(left: str, right: str) -> Any:
    """MinHash Jaccard estimate of two signature columns: the share of equal
    values (the same float as ``ArticleSignature.jaccard``)."""
    from pyspark.sql import functions

    equal = functions.zip_with(left, right, lambda x, y: functions.when(x == y, 1).otherwise(0))
    matches = functions.aggregate(equal, functions.lit(0), lambda acc, x: acc + x)
    return matches / functions.size(left)


def _sign_udf(params: dict[str, Any]) -> Any:
    """A pandas UDF ``(text, published) -> struct<keys, epoch>``: the band keys
    a local index would file the article under, and its publication time in
    seconds (null when unknown)."""
    require_spark()
    import pandas as pd

    probe = FeedDeduplicator(**params)
    bands, rows = probe.bands, probe.rows
    num_perm, seed = params.get("num_perm", 128), params.get("seed", 1)
    probe.close()

    def sign(text: pd.Series, published: pd.Series) -> pd.DataFrame:
        signer = Signer(num_perm=num_perm, seed=seed)
        sentences = [sentence_keys(t) for t in text.tolist()]
        tokens = [signature_tokens(found) for found in sentences]
        keys: list[list[bytes]] = [[] for _ in tokens]
        values: list[list[int] | None] = [None for _ in tokens]
        signed = [n for n, found in enumerate(tokens) if found]
        for start in range(0, len(signed), _SIGN_CHUNK):
            chunk = signed[start : start + _SIGN_CHUNK]
            signatures = signer.sign([tokens[n] for n in chunk], SHINGLE_WORDS)
            for n, row in zip(chunk, signatures, strict=True):
                keys[n] = article_keys(row, sentences[n], bands, rows)
                values[n] = row.view(np.int32).tolist()  # equality is all that is used
        epochs = [_epoch(p) for p in published.tolist()]
        return pd.DataFrame({"keys": keys, "values": values, "epoch": epochs})

    return vectorised(sign, "keys array<binary>, values array<int>, epoch double")


def _epoch(published: str | None) -> float | None:
    """Seconds since 1970 of a publication time, as the index reads it.

    >>> _epoch("2025-07-09T05:30:00+05:30"), _epoch(None)
    (1752019200.0, None)
    """
    iso = parse_published(published)
    if iso is None:
        return None
    return dt.datetime.fromisoformat(iso).replace(tzinfo=dt.timezone.utc).timestamp()


def _replay_function(params: dict[str, Any]) -> Any:
    """The grouped-map function: one component's articles, in arrival order,
    through a local FeedDeduplicator fed the precomputed candidates."""
    require_spark()
    import pandas as pd

    def replay(group: pd.DataFrame) -> pd.DataFrame:
        store = PresetStore()
        dedup = FeedDeduplicator(store, **params)
        placed = []
        for row in group.sort_values("_order").itertuples(index=False):
            candidates = row.candidates
            store.preset = [] if candidates is None else list(candidates)
            decision = dedup.add(row.id, row.text, source=row.source, published=row.published)
            placed.append((row.id, decision))
        rows = [
            (
                item_id,
                d.cluster_id,
                d.duplicate_of,
                d.similarity,
                d.update_of,
                store.canonical(d.cluster_id),
            )
            for item_id, d in placed
        ]
        return pd.DataFrame(rows, columns=["id", *CLUSTER_COLUMNS])

    return replay
