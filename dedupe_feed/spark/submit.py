"""``spark-submit`` entry: the Spark feed job with the session spark-submit made.

    spark-submit --master yarn path/to/dedupe_feed/spark/submit.py IN... -o OUT

(``python -m dedupe_feed.spark.submit`` works too, on ``--master``.)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line.

    >>> args = parse_args(["a.jsonl", "-o", "out", "--canonical", "wire"])
    >>> args.inputs, args.output, args.canonical, args.window_days
    (['a.jsonl'], 'out', 'wire', 3.0)
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", help="JSON Lines or Parquet files (gzip too).")
    parser.add_argument("-o", "--output", required=True, help="Output folder.")
    parser.add_argument("--output-format", choices=["jsonl", "parquet"], default=None)
    parser.add_argument("--master", default=None, help="When not run by spark-submit.")
    parser.add_argument("--no-learn", action="store_true")
    parser.add_argument("--window-days", type=float, default=3.0)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--canonical", default="earliest")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the job; print its summary as JSON on stderr."""
    args = parse_args(argv)
    from dedupe_feed.spark import local_session, run_spark_feed

    ranking = args.canonical
    if "," in ranking:
        ranking = tuple(s.strip() for s in ranking.split(","))
    spark = local_session(args.master) if args.master else _active_session()
    summary = run_spark_feed(
        spark,
        args.inputs,
        args.output,
        format=args.output_format,
        learn=not args.no_learn,
        window_days=args.window_days,
        threshold=args.threshold,
        canonical=ranking,
    )
    counts = {k: v for k, v in vars(summary).items() if k != "templates"}
    print(json.dumps(counts), file=sys.stderr)
    return 0


def _active_session() -> SparkSession:
    from pyspark.sql import SparkSession

    return SparkSession.builder.appName("dedupe_feed").getOrCreate()


if __name__ == "__main__":
    sys.exit(main())
