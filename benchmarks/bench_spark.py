"""Spark benchmark: the same seeded feed through the local job and through
Spark ``local[N]``, side by side (items/s, ratio, identical output lines).

The feed is `bench_job`'s: stories from `benchmarks.generate`, 30% carried
by 2-10 outlets, each copy lightly edited and ending with its outlet's footer.

    python -m benchmarks.bench_spark --n 100000 --master "local[2]"

Writes benchmarks/out/spark.json.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_clean import PACKAGES
from benchmarks.bench_job import make_feed
from benchmarks.machine import machine_info, write_report
from dedupe_feed.feeds.job import run_feed

SPARK_PACKAGES = (*PACKAGES, "pyspark", "pandas", "pyarrow")


def run(n_items: int, seed: int, master: str, driver_memory: str) -> dict[str, Any]:
    """Generate the feed, run both engines, compare their outputs."""
    from dedupe_feed.spark import local_session, run_spark_feed

    with tempfile.TemporaryDirectory() as folder:
        feed = Path(folder) / "feed.jsonl"
        make_feed(feed, n_items, seed)
        local_out = Path(folder) / "local.jsonl"
        index = Path(folder) / "index.sqlite"
        local = run_feed([feed], local_out, index=str(index), progress=False)
        started = time.perf_counter()
        spark = local_session(master, driver_memory=driver_memory)
        session_seconds = time.perf_counter() - started
        spark_out = Path(folder) / "spark.jsonl"
        remote = run_spark_feed(spark, [feed], spark_out)
        local_lines = local_out.read_text(encoding="utf-8").splitlines()
        spark_lines = [
            line
            for part in sorted(spark_out.glob("part-*"))
            for line in part.read_text(encoding="utf-8").splitlines()
        ]
        sizes = _cluster_sizes(local_lines)
        spark.stop()
    return {
        "items": n_items,
        "local": _engine(local.records, local.seconds),
        f"spark {master}": {
            **_engine(remote.records, remote.seconds),
            "session_start_s": round(session_seconds, 1),
        },
        "spark_seconds_over_local": round(remote.seconds / local.seconds, 3),
        "identical_output_lines": local_lines == spark_lines,
        "differing_lines": sum(a != b for a, b in zip(local_lines, spark_lines, strict=False))
        + abs(len(local_lines) - len(spark_lines)),
        "clusters": len(sizes),
        "largest_cluster": max(sizes.values(), default=0),
        "templates_equal": remote.templates == {s: t for s, t in local.templates.items() if t},
    }


def _engine(records: int, seconds: float) -> dict[str, float]:
    return {
        "records": records,
        "seconds": round(seconds, 1),
        "items_per_s": round(records / seconds, 1),
        "ms_per_item": round(1000 * seconds / records, 3),
    }


def _cluster_sizes(lines: list[str]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for line in lines:
        cluster = json.loads(line).get("cluster_id")
        if cluster is not None:
            sizes[cluster] = sizes.get(cluster, 0) + 1
    return sizes


def main() -> None:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default="8g")
    parser.add_argument("-o", "--output", default="benchmarks/out/spark.json")
    args = parser.parse_args()
    results = run(args.n, args.seed, args.master, args.driver_memory)
    print(json.dumps(results, indent=2))
    report = {
        "machine": machine_info(SPARK_PACKAGES, seed=args.seed, args=vars(args)),
        "results": results,
    }
    write_report(args.output, report)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
