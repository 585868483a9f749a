"""Benchmark cross-article clustering: ``FeedDeduplicator.add`` per store.

``python -m benchmarks.bench_index --n 2000 --seed 1`` builds a seeded
synthetic feed from :func:`benchmarks.generate.make_items` gold articles:
each story is carried by 1-4 outlets (light word edits, an outlet line, some
copies cut short, some later updates with more text), spread over a few days.
For a :class:`~dedupe_feed.index.MemoryStore` and a
:class:`~dedupe_feed.index.SQLiteStore` it reports add() throughput
(items/s), index bytes per item (tracemalloc for memory, file size for
SQLite) and pairwise precision/recall of the clusters against the stories.
Nothing here is asserted: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.generate import OUTLETS, SYNONYMS, make_items
from dedupe_feed.index import (
    ClusterDecision,
    FeedDeduplicator,
    IndexItem,
    MemoryStore,
    SQLiteStore,
    Store,
)


@dataclass(frozen=True)
class FeedItem:
    """One synthetic feed item and the story it belongs to."""

    item: IndexItem
    story: int


def _edit(rng: random.Random, text: str, outlet: str) -> str:
    words = text.split(" ")
    spots = [i for i, word in enumerate(words) if word in SYNONYMS]
    for spot in rng.sample(spots, min(len(spots), 3)):
        words[spot] = SYNONYMS[words[spot]]
    return " ".join(words) + f"\n\nRead more stories like this on {outlet}."


def _truncate(rng: random.Random, text: str) -> str:
    cut = text.rfind(" ", 0, int(len(text) * rng.uniform(0.6, 0.9)))
    return text[:cut]


def make_feed(n: int, seed: int) -> list[FeedItem]:
    """About ``n`` items: stories with 1-4 copies each, in arrival order."""
    rng = random.Random(seed)
    golds = [str(record["gold"]) for record in make_items(n, seed)]
    start = dt.datetime(2025, 7, 1)
    feed: list[FeedItem] = []
    for story, gold in enumerate(golds):
        when = start + dt.timedelta(minutes=10 * story)
        for copy in range(rng.choice((1, 1, 2, 3, 4))):
            outlet = rng.choice(OUTLETS)
            text = gold if copy == 0 else _edit(rng, gold, outlet)
            if copy and rng.random() < 0.2:
                text = _truncate(rng, text)
            elif copy and rng.random() < 0.1:
                text += "\n\n" + _update_tail(rng)
            published = (when + dt.timedelta(hours=copy * rng.uniform(0.5, 6))).isoformat()
            item_id = f"{story:06d}-{copy}"
            feed.append(FeedItem(IndexItem(item_id, text, outlet, published), story))
            if len(feed) >= n:
                return sorted(feed, key=lambda f: str(f.item.published))
    return sorted(feed, key=lambda f: str(f.item.published))


def _update_tail(rng: random.Random) -> str:
    count = rng.randint(8, 12)
    return " ".join(
        f"the officials added that the work would go on through the week (note {i})."
        for i in range(count)
    )


def pairwise(clusters: Sequence[str], stories: Sequence[int]) -> tuple[float, float]:
    """Pairwise precision and recall of predicted clusters against stories."""
    predicted = _pairs(clusters)
    truth = _pairs(stories)
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    return precision, recall


def _pairs(labels: Sequence[object]) -> set[tuple[int, int]]:
    groups: dict[object, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(label, []).append(index)
    return {pair for members in groups.values() for pair in itertools.combinations(members, 2)}


def run(name: str, make_store: Callable[[], Store], feed: Sequence[FeedItem]) -> dict[str, object]:
    """Add the whole feed (one batch per 500 items) and measure it."""
    store = make_store()
    started = time.perf_counter()
    decisions = _add_all(store, feed)
    elapsed = time.perf_counter() - started
    precision, recall = pairwise([d.cluster_id for d in decisions], [f.story for f in feed])
    store.close()
    size = _traced_bytes(feed) if isinstance(store, MemoryStore) else _file_bytes(store)
    return {
        "store": name,
        "items": len(feed),
        "items_per_s": round(len(feed) / elapsed, 1),
        "index_bytes_per_item": round(size / len(feed)),
        "clusters": len({d.cluster_id for d in decisions}),
        "updates": sum(d.update_of is not None for d in decisions),
        "pairwise_precision": round(precision, 4),
        "pairwise_recall": round(recall, 4),
    }


def _add_all(store: Store, feed: Sequence[FeedItem]) -> list[ClusterDecision]:
    dedup = FeedDeduplicator(store)
    decisions: list[ClusterDecision] = []
    for start in range(0, len(feed), 500):
        decisions.extend(dedup.add_many(f.item for f in feed[start : start + 500]))
    return decisions


def _traced_bytes(feed: Sequence[FeedItem]) -> int:
    """Bytes a MemoryStore holds after the feed (a second, traced run)."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    store = MemoryStore()
    _add_all(store, feed)
    size = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return size


def _file_bytes(store: Store) -> int:
    assert isinstance(store, SQLiteStore)
    path = Path(store.path)
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--n`` items, ``--seed``; prints one JSON line per store."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    feed = make_feed(args.n, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "index.sqlite")
        for name, factory in (("memory", MemoryStore), ("sqlite", lambda: SQLiteStore(path))):
            print(json.dumps(run(name, factory, feed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
