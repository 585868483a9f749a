"""Feed-job benchmark: `run_feed` on a seeded multi-outlet feed, side by side
with datasketch's MinHash LSH at its defaults on the same clean texts.

Also side by side: datatrove's MinHash deduplication at its defaults, when
installed (``pip install dedupe-feed[bench]``), reported absent otherwise.

The feed: stories written by `benchmarks.generate`; 30% are carried by 2-10
outlets, each copy lightly edited (a word swapped, `US` spelled out), every
outlet appending its own footer. Ground truth: the story each item tells.

    python -m benchmarks.bench_job --n 5000 --seed 1 [--workers 2]

Reports items/s (one and N workers), pairwise cluster precision/recall,
learned-footer removal, index bytes per item; writes benchmarks/out/job.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from datasketch import MinHash, MinHashLSH

from benchmarks import datatrove_dedup
from benchmarks.bench_clean import PACKAGES
from benchmarks.generate import make_items
from benchmarks.machine import cpu_seconds, load_average, machine_info, write_report
from dedupe_feed.feeds.job import run_feed
from dedupe_feed.keys import unit_key

OUTLETS = [
    f"Outlet {name}"
    for name in ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel"]
]
FOOTER = "Follow {outlet} on WhatsApp for breaking news and live updates."
SWAPS = (("said", "stated"), ("US", "United States"), ("on Monday", "on Monday evening"))


def make_feed(path: Path, n_items: int, seed: int) -> dict[str, str]:
    """Write the feed; return item id -> story id."""
    rng = random.Random(seed)
    story_of: dict[str, str] = {}
    lines: list[str] = []
    ids: list[str] = []
    stories = make_items(n_items, seed)
    for number, story in enumerate(stories):
        if len(lines) >= n_items:
            break
        carriers = rng.randint(2, 10) if rng.random() < 0.3 else 1
        for copy, outlet in enumerate(rng.sample(OUTLETS, min(carriers, len(OUTLETS)))):
            text = _edited(rng, str(story["gold"])) if copy else str(story["gold"])
            item_id = f"{number}-{copy}"
            story_of[item_id] = str(number)
            ids.append(item_id)
            body = f"{text}\n\n{FOOTER.format(outlet=outlet)}"
            day = 1 + number % 27
            record = {
                "id": item_id,
                "source": outlet,
                "published": f"2026-02-{day:02d}",
                "text": body,
            }
            lines.append(json.dumps(record))
    path.write_text("\n".join(lines[:n_items]) + "\n", encoding="utf-8")
    return {item: story_of[item] for item in ids[:n_items]}


def _edited(rng: random.Random, text: str) -> str:
    old, new = rng.choice(SWAPS)
    return text.replace(old, new, 1)


def pairwise(clusters: dict[str, str], truth: dict[str, str]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering against the true stories."""
    found = _pairs(clusters)
    true = _pairs({k: v for k, v in truth.items() if k in clusters})
    hit = len(found & true)
    return hit / len(found) if found else 1.0, hit / len(true) if true else 1.0


def _pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for item, label in labels.items():
        groups[label].append(item)
    return {
        tuple(sorted(pair))  # type: ignore[misc]
        for members in groups.values()
        for pair in itertools.combinations(members, 2)
    }


def datasketch_baseline(texts: dict[str, str]) -> tuple[dict[str, str], float]:
    """MinHashLSH at datasketch's defaults (threshold 0.9, 128 permutations)
    over word 3-shingles; an item joins the first earlier item it hits."""
    lsh = MinHashLSH()
    labels: dict[str, str] = {}
    started = time.perf_counter()
    for item, text in texts.items():
        tokens = unit_key(text).tokens
        shingles = {" ".join(tokens[i : i + 3]).encode() for i in range(max(1, len(tokens) - 2))}
        signature = MinHash()
        signature.update_batch(list(shingles))
        hits = sorted(lsh.query(signature))
        labels[item] = labels[hits[0]] if hits else item
        lsh.insert(item, signature)
    return labels, time.perf_counter() - started


def run(n_items: int, seed: int, workers: int) -> dict[str, Any]:
    """Generate, run the job with 1 and ``workers`` processes, score both."""
    with tempfile.TemporaryDirectory() as folder:
        feed = Path(folder) / "feed.jsonl"
        truth = make_feed(feed, n_items, seed)
        results: dict[str, Any] = {}
        for count in sorted({1, workers}):
            out, index = Path(folder) / f"out{count}.jsonl", Path(folder) / f"index{count}.sqlite"
            cpu_before, load_before = cpu_seconds(), load_average()
            summary = run_feed([feed], out, index=str(index), workers=count, progress=True)
            cpu = cpu_seconds() - cpu_before
            rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
            clusters = {str(r["id"]): str(r["cluster_id"]) for r in rows if "cluster_id" in r}
            precision, recall = pairwise(clusters, truth)
            footers_left = sum("Follow Outlet" in str(r.get("clean_text", "")) for r in rows)
            results[f"dedupe_feed, {count} worker(s)"] = {
                "items": summary.records,
                "items_per_s": round(summary.items_per_second, 1),
                "items_per_cpu_s": round(summary.records / cpu, 1) if cpu else None,
                "load_average_before": load_before,
                "pairwise_precision": round(precision, 4),
                "pairwise_recall": round(recall, 4),
                "learned_footer_removal": round(1 - footers_left / max(1, len(rows)), 4),
                "index_bytes_per_item": round(_index_bytes(index) / max(1, len(rows))),
            }
            texts = {str(r["id"]): str(r["clean_text"]) for r in rows if "clean_text" in r}
        labels, seconds = datasketch_baseline(texts)
        precision, recall = pairwise(labels, truth)
        results["datasketch MinHashLSH defaults (on our clean texts)"] = {
            "items": len(labels),
            "items_per_s": round(len(labels) / seconds, 1),
            "pairwise_precision": round(precision, 4),
            "pairwise_recall": round(recall, 4),
        }
        results[DATATROVE] = _datatrove_scores(feed, truth)
        return results


DATATROVE = "datatrove MinHash dedup defaults (on the raw feed)"


def _datatrove_scores(feed: Path, truth: dict[str, str]) -> dict[str, Any]:
    """datatrove's four MinHash stages on the same feed, or why it is absent."""
    missing = datatrove_dedup.available()
    if missing is not None:
        return {"absent": missing}
    labels, seconds = datatrove_dedup.cluster_feed(feed)
    precision, recall = pairwise(labels, truth)
    return {
        "items": len(labels),
        "items_per_s": round(len(labels) / seconds, 1),
        "pairwise_precision": round(precision, 4),
        "pairwise_recall": round(recall, 4),
    }


def _index_bytes(index: Path) -> int:
    return sum(p.stat().st_size for p in index.parent.glob(index.name + "*"))


def main() -> None:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("-o", "--output", default="benchmarks/out/job.json")
    args = parser.parse_args()
    results = run(args.n, args.seed, args.workers)
    names = list(results)
    metrics = sorted({m for r in results.values() for m in r}, key=str)
    print(f"{'':32}" + "".join(f"{n[:28]:>30}" for n in names))
    for metric in metrics:
        print(f"{metric:32}" + "".join(f"{results[n].get(metric, '-')!s:>30}" for n in names))
    report = {
        "machine": machine_info((*PACKAGES, "datatrove"), seed=args.seed, args=vars(args)),
        "results": results,
    }
    write_report(args.output, report)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
