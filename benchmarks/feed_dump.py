"""A seeded multi-outlet feed dump of corrupted wire items, streamed to JSON Lines.

Stories are :func:`benchmarks.generate.make_item` items (body delivered 2-3
times, glued sentences, credits, disclaimers ...); 30% of stories are carried
by 2-4 outlets, each copy lightly edited, and every outlet appends its own
footer (as in :mod:`benchmarks.bench_job`). Each record keeps its ``story``
(the ground truth for clustering).

    python -m benchmarks.feed_dump --n 100000 --seed 1 -o dump.jsonl

>>> records = list(iter_feed(6, seed=1))
>>> len(records), sorted(records[0])
(6, ['id', 'published', 'source', 'story', 'text'])
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from benchmarks.bench_job import FOOTER, OUTLETS, _edited
from benchmarks.generate import make_item

CARRIED_SHARE = 0.3
MAX_CARRIERS = 4


def iter_feed(n_items: int, seed: int) -> Iterator[dict[str, Any]]:
    """The first ``n_items`` records of the feed for ``seed``, one at a time."""
    rng = random.Random(seed)
    made = 0
    story = 0
    while made < n_items:
        raw = str(make_item(seed, story)["raw"])
        carriers = rng.randint(2, MAX_CARRIERS) if rng.random() < CARRIED_SHARE else 1
        for copy, outlet in enumerate(rng.sample(OUTLETS, carriers)):
            if made == n_items:
                break
            text = _edited(rng, raw) if copy else raw
            yield {
                "id": f"{story}-{copy}",
                "source": outlet,
                "published": f"2026-02-{1 + story % 27:02d}",
                "story": str(story),
                "text": f"{text}\n\n{FOOTER.format(outlet=outlet)}",
            }
            made += 1
        story += 1


def write_feed(path: Path, n_items: int, seed: int) -> int:
    """Write the feed as JSON Lines; returns the number of records."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for record in iter_feed(n_items, seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    print(f"wrote {write_feed(args.output, args.n, args.seed)} records to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
