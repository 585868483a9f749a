"""datatrove's MinHash deduplication as a clustering baseline (its defaults).

datatrove (Hugging Face) runs near-duplicate detection as four pipeline
stages over files: signatures, LSH buckets, clusters, then a filter that
tags each document with its cluster. This module runs them with
``LocalPipelineExecutor`` (one worker) on a JSON Lines feed and returns each
item's cluster label, so the feed benchmarks can score it beside ours.

datatrove is an optional benchmark dependency (``pip install
dedupe-feed[bench]``); :func:`available` says why it cannot run.
"""

from __future__ import annotations

import json
import logging
import tempfile
import time
from pathlib import Path


def available() -> str | None:
    """``None`` when datatrove's MinHash stages import, else the reason.

    >>> available() is None or available().startswith("datatrove")
    True
    """
    try:
        from datatrove.pipeline.dedup.minhash import MinhashConfig  # noqa: F401
        from datatrove.pipeline.readers import JsonlReader  # noqa: F401
    except ImportError as error:
        return f"datatrove MinHash dedup unavailable: {error}"
    return None


def cluster_feed(feed: Path, *, text_key: str = "text") -> tuple[dict[str, str], float]:
    """Cluster labels (item id -> cluster id) of the feed's items, and seconds taken.

    Items datatrove leaves alone are their own cluster.
    """
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup.minhash import (
        MinhashConfig,
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupFilter,
        MinhashDedupSignature,
    )
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    config = MinhashConfig()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "in").mkdir()
        (work / "in" / "feed.jsonl").symlink_to(Path(feed).resolve())

        def reader() -> JsonlReader:
            return JsonlReader(str(work / "in"), text_key=text_key, id_key="id")

        stages = [
            ([reader(), MinhashDedupSignature(str(work / "sigs"), config=config)], 1),
            ([MinhashDedupBuckets(str(work / "sigs"), str(work / "bk"), config=config)], None),
            ([MinhashDedupCluster(str(work / "bk"), str(work / "rm"), config=config,
                                  save_cluster_id=True)], 1),
            ([reader(),
              MinhashDedupFilter(str(work / "rm"), load_cluster_ids=True,
                                 exclusion_writer=JsonlWriter(str(work / "out"), compression=None,
                                                              output_filename="dropped.jsonl")),
              JsonlWriter(str(work / "out"), compression=None, output_filename="kept.jsonl")], 1),
        ]  # fmt: skip
        logging.getLogger("datatrove").setLevel(logging.WARNING)
        for number, (pipeline, tasks) in enumerate(stages):
            LocalPipelineExecutor(
                pipeline,
                tasks=tasks or config.num_buckets,
                workers=1,
                logging_dir=str(work / f"logs{number}"),
            ).run()
        labels: dict[str, str] = {}
        for path in sorted((work / "out").glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                doc = json.loads(line)
                cluster = doc.get("metadata", {}).get("minhash_cluster_id")
                alone = cluster is None or cluster == -1  # -1: in no cluster
                labels[str(doc["id"])] = str(doc["id"]) if alone else f"dt-{cluster}"
    return labels, time.perf_counter() - started
