"""The labelled suites in one command, every baseline side by side.

    python -m benchmarks.suite --n 2000 --seed 1          # seeded corpus + seeded feed
    python -m benchmarks.suite --aeb PATH --trafilatura-eval PATH --l3s PATH --reuters PATH
    dedupe-feed bench --suite -- --n 2000                 # the same, from a checkout

1. **Seeded syndication corpus** (:mod:`benchmarks.generate`, the clean
   article is the gold): every system of :data:`benchmarks.baselines.FACTORIES`
   cleans the same items. Metrics: content recall (gold sentences kept
   exactly once), duplicate residue (kept more than once), boilerplate
   residue (inserted credits, disclaimers, footers, date prefixes left),
   junk share (output characters in sentences that are not in the gold),
   token precision / recall / F1 (bag of whitespace tokens, micro), items/s.
2. **Seeded multi-outlet feed** (:mod:`benchmarks.feed_dump`): the same story
   carried by several outlets; ``run_feed`` (learn + clean + cluster) beside
   datasketch ``MinHashLSH`` at its defaults on the same clean texts.
   Pairwise precision / recall / F1 and adjusted Rand index against the stories.
3. **Public sets, given a path** (nothing downloaded): AEB, trafilatura eval and
   L3S-GN1 pages (:mod:`benchmarks.eval_extraction`), L3S-GN1 and
   Reuters-21578 pairs (:mod:`benchmarks.bench_pairs`), and any labelled
   cluster set as JSON Lines ``{"id", "text", "cluster"}`` (``--clusters``;
   NEWS-COPY converted to that layout, say).

Results go to ``benchmarks/results/`` (JSON and CSV with machine, versions and
seed) and ``docs/benchmarks.md`` is regenerated from them
(:mod:`benchmarks.docs`).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from benchmarks import docs
from benchmarks.baselines import FACTORIES, PACKAGES, Cleaner, load_baselines
from benchmarks.bench_clean import Quality
from benchmarks.bench_job import datasketch_baseline
from benchmarks.bench_pairs import cluster_pairs
from benchmarks.eval_extraction import normalise, prf, token_scores
from benchmarks.feed_dump import write_feed
from benchmarks.generate import Record, make_items
from benchmarks.machine import machine_info, write_report

RESULTS = Path(__file__).resolve().parent / "results"
SEEDED_JSON = "seeded.json"
SEEDED_CSV = "seeded.csv"
PUBLIC_JSON = "public.json"
CORE_PACKAGES = ("dedupe-feed", "datasketch", "rapidfuzz", "numpy", "lxml")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")


def junk_share(output: str, gold: str) -> float:
    """Share of the output's characters in sentences that are not in the gold.

    >>> junk_share("Rain fell. Buy now!", "Rain fell. Sun came out.")
    0.4444444444444444
    >>> junk_share("", "Rain fell.")
    0.0
    """
    reference = normalise(gold)
    pieces = [normalise(p) for p in _sentences(output)]
    total = sum(len(p) for p in pieces)
    junk = sum(len(p) for p in pieces if p and p not in reference)
    return junk / total if total else 0.0


def _sentences(text: str) -> list[str]:
    return [p for p in _SENTENCE_BREAK.split(text) if p.strip()]


def adjusted_rand_index(truth: Mapping[str, str], found: Mapping[str, str]) -> float:
    """Adjusted Rand index of two labellings of the same items (1 = identical).

    >>> adjusted_rand_index({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "y"})
    1.0
    >>> round(adjusted_rand_index({"a": "1", "b": "1", "c": "2", "d": "2"},
    ...                           {"a": "x", "b": "y", "c": "x", "d": "y"}), 3)
    -0.5
    """
    items = sorted(truth.keys() & found.keys())
    joint = sum(_pairs(n) for n in Counter((truth[i], found[i]) for i in items).values())
    left = sum(_pairs(n) for n in Counter(truth[i] for i in items).values())
    right = sum(_pairs(n) for n in Counter(found[i] for i in items).values())
    total = _pairs(len(items))
    expected = left * right / total if total else 0.0
    ceiling = (left + right) / 2
    return 1.0 if ceiling == expected else (joint - expected) / (ceiling - expected)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def cluster_scores(truth: Mapping[str, str], found: Mapping[str, str]) -> dict[str, float]:
    """Pairwise precision / recall / F1 and ARI of ``found`` against ``truth``.

    >>> cluster_scores({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "x"})
    {'pairwise_precision': 0.3333, 'pairwise_recall': 1.0, 'pairwise_f1': 0.5, 'ari': 0.0}
    """
    merged = cluster_pairs(found)
    true = cluster_pairs({k: v for k, v in truth.items() if k in found})
    hit = len(merged & true)
    precision = hit / len(merged) if merged else 1.0
    recall = hit / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairwise_precision": round(precision, 4),
        "pairwise_recall": round(recall, 4),
        "pairwise_f1": round(f1, 4),
        "ari": round(adjusted_rand_index(truth, found), 4),
    }


# -- 1. the seeded corpus ------------------------------------------------------------


def score_system(cleaner: Cleaner, items: Sequence[Record], name: str) -> dict[str, Any]:
    """Run one system over the items; quality against the gold, and speed."""
    quality = Quality()
    tokens = [0, 0, 0]
    junk_chars = output_chars = errors = 0
    seconds = 0.0
    for record in tqdm(items, desc=name, unit=" items", leave=False):
        started = time.perf_counter()
        try:
            output = cleaner(str(record["raw"]))
        except Exception:
            output, errors = "", errors + 1
        seconds += time.perf_counter() - started
        quality.add(record, output)
        gold = str(record["gold"])
        tokens = [a + b for a, b in zip(tokens, token_scores(gold, output), strict=True)]
        junk_chars += round(junk_share(output, gold) * len(output))
        output_chars += len(output)
    precision, recall, f1 = prf(*tokens)
    return {
        **{k: round(v, 6) for k, v in quality.summary().items()},
        "junk_share": round(junk_chars / output_chars, 6) if output_chars else 0.0,
        "token_precision": round(precision, 6),
        "token_recall": round(recall, 6),
        "token_f1": round(f1, 6),
        "errors": errors,
        "items_per_s": round(len(items) / seconds, 1) if seconds else None,
    }


def seeded_corpus(n: int, seed: int, systems: Sequence[str]) -> dict[str, Any]:
    """Every loadable system on the first ``n`` seeded items."""
    items = list(make_items(n, seed))
    found, absent = load_baselines(systems)
    results = {name: score_system(cleaner, items, name) for name, cleaner in found.items()}
    return {"items": n, "systems": results, "absent": absent}


# -- 2. the seeded feed --------------------------------------------------------------


def seeded_feed(n: int, seed: int) -> dict[str, Any]:
    """Clustering on the seeded multi-outlet feed: run_feed vs datasketch LSH."""
    from dedupe_feed.feeds.job import run_feed

    with tempfile.TemporaryDirectory() as folder:
        feed, out = Path(folder) / "feed.jsonl", Path(folder) / "out.jsonl"
        write_feed(feed, n, seed)
        truth = {r["id"]: r["story"] for r in _jsonl(feed)}
        summary = run_feed([feed], out, index=str(Path(folder) / "index.sqlite"), progress=True)
        rows = list(_jsonl(out))
    ours = {str(r["id"]): str(r["cluster_id"]) for r in rows if r.get("cluster_id") is not None}
    texts = {str(r["id"]): str(r["clean_text"]) for r in rows if "clean_text" in r}
    labels, seconds = datasketch_baseline(texts)
    exact: dict[str, str] = {}
    first: dict[str, str] = {}
    for item_id, text in texts.items():
        exact[item_id] = first.setdefault(normalise(text), item_id)
    return {
        "items": n,
        "stories": len(set(truth.values())),
        "systems": {
            "dedupe_feed run_feed": {
                **cluster_scores(truth, ours),
                "items_per_s": round(summary.items_per_second, 1),
            },
            "datasketch MinHashLSH (defaults, on our clean texts)": {
                **cluster_scores(truth, labels),
                "items_per_s": round(len(labels) / seconds, 1) if seconds else None,
            },
            "exact clean-text match": cluster_scores(truth, exact),
        },
    }


def _jsonl(path: Path) -> Iterable[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


# -- 3. public sets ------------------------------------------------------------------


def public_sets(args: argparse.Namespace) -> dict[str, Any]:
    """Every public set given a path, with the baselines that apply."""
    from benchmarks import bench_pairs, eval_extraction
    from benchmarks.datasets import load_aeb, load_l3s_blocks, load_trafilatura_eval

    results: dict[str, Any] = {}
    if args.aeb or args.trafilatura_eval or args.l3s:
        extractors, absent = eval_extraction.load_extractors(eval_extraction.SUITE_EXTRACTORS)
        aeb = load_aeb(args.aeb) if args.aeb else []
        snippets = load_trafilatura_eval(args.trafilatura_eval) if args.trafilatura_eval else []
        l3s = load_l3s_blocks(args.l3s) if args.l3s else []
        scored = eval_extraction.evaluate(extractors, aeb, snippets, l3s)
        results["extraction"] = {
            "pages": {"aeb": len(aeb), "trafilatura_eval_english": len(snippets)},
            "results": without_text(scored),
            "absent": absent,
        }
    pair_sets = []
    if args.l3s:
        pair_sets.append(bench_pairs.load_l3s_pairs(args.l3s))
    if args.reuters:
        pair_sets.append(bench_pairs.load_reuters_pairs(args.reuters))
    if pair_sets:
        results["pairs"] = {labels.name: bench_pairs.evaluate(labels) for labels in pair_sets}
    if args.clusters:
        results["clusters"] = labelled_clusters(args.clusters)
    return results


def without_text(value: Any) -> Any:
    """``value`` without the ``misses`` lists (they quote the sets' text, which
    must not be committed): results keep numbers and ids only.

    >>> without_text({"a": {"misses": ["lost 'x'"], "f1": 0.5}})
    {'a': {'f1': 0.5}}
    """
    if isinstance(value, dict):
        return {k: without_text(v) for k, v in value.items() if k != "misses"}
    return value


def labelled_clusters(path: Path) -> dict[str, Any]:
    """A labelled cluster set (JSON Lines ``id``, ``text``, ``cluster``, optional
    ``published``): dedupe_feed vs datasketch LSH, pairwise P/R/F1 and ARI."""
    import dedupe_feed
    from dedupe_feed.index import FeedDeduplicator

    rows = list(_jsonl(path))
    truth = {str(r["id"]): str(r["cluster"]) for r in rows}
    texts = {str(r["id"]): dedupe_feed.clean(str(r["text"])) for r in rows}
    with FeedDeduplicator() as dedup:
        ours = {
            str(r["id"]): dedup.add(
                str(r["id"]), texts[str(r["id"])], published=r.get("published")
            ).cluster_id
            for r in rows
        }
    labels, _ = datasketch_baseline(texts)
    return {
        "items": len(rows),
        "systems": {
            "dedupe_feed": cluster_scores(truth, ours),
            "datasketch MinHashLSH (defaults)": cluster_scores(truth, labels),
        },
    }


# -- results -------------------------------------------------------------------------


def write_csv(path: Path, systems: Mapping[str, Mapping[str, Any]]) -> None:
    """One row per system, one column per metric."""
    metrics = list(dict.fromkeys(itertools.chain.from_iterable(systems.values())))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["system", *metrics])
        for name, row in systems.items():
            writer.writerow([name, *(row.get(m, "") for m in metrics)])


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=2000, help="seeded corpus items")
    parser.add_argument("--feed-n", type=int, default=2000, help="seeded feed items (0: skip)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--systems", default=",".join(FACTORIES), help="comma-separated")
    parser.add_argument("--aeb", type=Path, help="Article Extraction Benchmark folder")
    parser.add_argument("--trafilatura-eval", type=Path, help="trafilatura eval folder")
    parser.add_argument("--l3s", type=Path, help="L3S-GN1 folder (pages and pairs)")
    parser.add_argument("--reuters", type=Path, help="Reuters-21578 pairs folder")
    parser.add_argument("--clusters", type=Path, help="JSON Lines of id, text, cluster")
    parser.add_argument("--skip-seeded", action="store_true", help="public sets only")
    parser.add_argument("-o", "--output", type=Path, default=RESULTS, help="results folder")
    parser.add_argument("--docs", type=Path, default=docs.DOCS, help="Markdown to regenerate")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the suites asked for, write the results and regenerate the docs."""
    args = parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    info = machine_info(
        (*CORE_PACKAGES, *PACKAGES),
        seed=args.seed,
        args={k: str(v) for k, v in vars(args).items() if k not in ("output", "docs")},
    )
    if not args.skip_seeded:
        corpus = seeded_corpus(args.n, args.seed, args.systems.split(","))
        feed = seeded_feed(args.feed_n, args.seed) if args.feed_n else None
        write_report(args.output / SEEDED_JSON, {"machine": info, "corpus": corpus, "feed": feed})
        write_csv(args.output / SEEDED_CSV, corpus["systems"])
    public = public_sets(args)
    if public:
        write_report(args.output / PUBLIC_JSON, {"machine": info, **public})
    args.docs.write_text(docs.render(args.output), encoding="utf-8")
    print(docs.render(args.output))
    print(f"wrote {args.output} and {args.docs}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
