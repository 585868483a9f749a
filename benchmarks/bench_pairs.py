"""Cross-article clustering on real labelled pairs: L3S-GN1 and Reuters-21578.

``python -m benchmarks.bench_pairs --l3s PATH --reuters PATH [-o benchmarks/out/pairs.json]``

Each set is loaded from a local copy (nothing is downloaded or bundled):

- **L3S-GN1** (folder with ``near_duplicate_pairs.tsv`` and
  ``*.blocks.jsonl.gz``): a page's text is its ``fulltext`` blocks
  (``--l3s-text page``: every block, page chrome included; ``--l3s-text
  lines --l3s-lines PATH``: every visible line of the page, one per line,
  from the boilerplate-lines corpus ``pages.jsonl.gz``, dataset
  ``l3s-gn1``: the page as a scraper sees it). Pairs with
  containment >= :data:`L3S_POSITIVE_CONTAINMENT` are the confirmed wire
  copies; the rest are the README's borderline "same event, different
  write-up" pairs, reported but not scored. No dates.
- **Reuters-21578** (folder with ``near_duplicate_pairs.heuristic.tsv``,
  ``near_duplicate_docs.jsonl`` and optionally ``reut2-*.json`` as
  background stories): ``exact_or_identical_body`` and
  ``near_duplicate_same_story`` are positives, ``template_different_facts``
  must NOT merge, ``unclear`` is reported but not scored. Dates are given.

Every document is cleaned with :func:`dedupe_feed.clean` and added to a fresh
in-memory :class:`~dedupe_feed.index.FeedDeduplicator` (default settings; the
publication time only when the set has dates); a pair is merged when both
get the same ``cluster_id``. Side by side: datasketch ``MinHashLSH`` at its
defaults (threshold 0.9, 128 permutations) over word 3-shingles of the same
clean texts; a pair is merged when a query for one returns the other.

Precision counts every merged pair that is not a positive as a false one,
except the unscored pairs; merged pairs absent from the labels are also
counted separately (``unlisted_merged``), since the labels are
machine-found and may miss true copies.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import difflib
import gzip
import itertools
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datasketch import MinHash, MinHashLSH

import dedupe_feed
from benchmarks.datasets import DatasetError, load_l3s_blocks
from benchmarks.machine import machine_info, write_report
from dedupe_feed.index import FeedDeduplicator

Pair = tuple[str, str]

L3S_PAIRS = "near_duplicate_pairs.tsv"
L3S_POSITIVE_CONTAINMENT = 0.88
"""L3S-GN1 pairs at or above this containment are the README's confirmed copies."""
L3S_TEXT_LABELS = {"fulltext": frozenset({"fulltext"}), "page": None, "lines": None}
"""Block labels making up a page's text (``None``: every block; ``lines``
reads the visible lines from the boilerplate-lines corpus instead)."""
L3S_LINES_DATASET = "l3s-gn1"

REUTERS_PAIRS = "near_duplicate_pairs.heuristic.tsv"
REUTERS_DOCS = "near_duplicate_docs.jsonl"
REUTERS_POSITIVE = frozenset({"exact_or_identical_body", "near_duplicate_same_story"})
REUTERS_MUST_NOT_MERGE = frozenset({"template_different_facts"})
REUTERS_UNSCORED = frozenset({"unclear"})
REUTERS_DATE = "%d-%b-%Y %H:%M:%S.%f"

LSH_THRESHOLD = 0.9
LSH_NUM_PERM = 128
SHINGLE_WORDS = 3
UNLISTED_EXAMPLES = 10
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Doc:
    """One raw document of a labelled set."""

    id: str
    raw: str
    published: str | None = None


@dataclass(frozen=True)
class PairSet:
    """A set's documents and its labelled pairs (each pair sorted)."""

    name: str
    docs: tuple[Doc, ...]
    positives: frozenset[Pair]
    must_not_merge: frozenset[Pair] = frozenset()
    unscored: frozenset[Pair] = frozenset()
    notes: Mapping[str, Any] = field(default_factory=dict)

    @property
    def dated(self) -> bool:
        """True when some document has a publication time."""
        return any(doc.published for doc in self.docs)


def pair(a: str, b: str) -> Pair:
    """A pair of ids in a fixed order.

    >>> pair("b", "a")
    ('a', 'b')
    """
    return (a, b) if a <= b else (b, a)


def _require(path: Path, what: str) -> Path:
    if not path.exists():
        raise DatasetError(f"{what} not found: {path}")
    return path


def _read_tsv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as lines:
            return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError) as error:
        raise DatasetError(f"cannot read {path}: {error}") from error


def _column(row: Mapping[str, str], name: str, path: Path) -> str:
    value = row.get(name)
    if value is None:
        raise DatasetError(f"{path}: column {name!r} missing")
    return value


def _check_ids(pairs: Iterable[Pair], docs: Sequence[Doc], path: Path) -> None:
    known = {doc.id for doc in docs}
    missing = sorted({i for p in pairs for i in p} - known)
    if missing:
        raise DatasetError(f"{path}: {len(missing)} labelled ids have no document: {missing[:5]}")


def load_l3s_lines(path: str | Path) -> tuple[Doc, ...]:
    """Every L3S-GN1 page of the boilerplate-lines corpus (``pages.jsonl.gz``)
    as its visible lines joined with newlines, chrome included.

    >>> import gzip, json, tempfile
    >>> page = {"id": "l3s-gn1/p1", "dataset": "l3s-gn1", "lines": [{"text": "Home"},
    ...         {"text": "Rain lashed Kochi."}]}
    >>> other = {"id": "dragnet/x", "dataset": "dragnet", "lines": []}
    >>> path = Path(tempfile.mkdtemp()) / "pages.jsonl.gz"
    >>> _ = path.write_bytes(gzip.compress("\\n".join(map(json.dumps, [page, other])).encode()))
    >>> load_l3s_lines(path)
    (Doc(id='p1', raw='Home\\nRain lashed Kochi.', published=None),)
    """
    docs = []
    try:
        with gzip.open(
            _require(Path(path), "boilerplate-lines pages"), "rt", encoding="utf-8"
        ) as f:
            for line in f:
                page = json.loads(line)
                if page.get("dataset") == L3S_LINES_DATASET:
                    text = "\n".join(str(row["text"]) for row in page["lines"])
                    docs.append(Doc(str(page["id"]).split("/", 1)[-1], text))
    except (OSError, ValueError, KeyError) as error:
        raise DatasetError(f"cannot read {path}: {error!r}") from error
    return tuple(docs)


def load_l3s_pairs(
    root: str | Path, *, text: str = "fulltext", lines: str | Path | None = None
) -> PairSet:
    """L3S-GN1 pages and pairs from the folder holding ``near_duplicate_pairs.tsv``
    and ``*.blocks.jsonl.gz``; ``text`` is ``"fulltext"``, ``"page"`` or
    ``"lines"`` (the pages of ``lines``, a boilerplate-lines ``pages.jsonl.gz``)."""
    if text not in L3S_TEXT_LABELS:
        raise ValueError(f"text must be one of {sorted(L3S_TEXT_LABELS)}, got {text!r}")
    folder = _require(Path(root), "L3S-GN1 folder")
    pairs_path = _require(folder / L3S_PAIRS, "L3S-GN1 pairs")
    labels = L3S_TEXT_LABELS[text]
    if text == "lines":
        if lines is None:
            raise ValueError("text='lines' needs the boilerplate-lines pages file (lines=...)")
        docs = load_l3s_lines(lines)
    else:
        docs = tuple(
            Doc(page.id, "\n".join(t for lb, t in page.blocks if labels is None or lb in labels))
            for page in load_l3s_blocks(folder)
        )
    positives: set[Pair] = set()
    borderline: set[Pair] = set()
    for row in _read_tsv(pairs_path):
        key = pair(_column(row, "id_a", pairs_path), _column(row, "id_b", pairs_path))
        try:
            containment = float(_column(row, "containment", pairs_path))
        except ValueError as error:
            raise DatasetError(f"{pairs_path}: bad containment: {error}") from error
        (positives if containment >= L3S_POSITIVE_CONTAINMENT else borderline).add(key)
    _check_ids(positives | borderline, docs, pairs_path)
    return PairSet(
        "l3s-gn1",
        docs,
        frozenset(positives),
        unscored=frozenset(borderline),
        notes={"text": text, "positive_containment": L3S_POSITIVE_CONTAINMENT},
    )


def reuters_date(value: str | None) -> str | None:
    """A Reuters ``date`` as ISO 8601, or ``None`` when absent or malformed.

    >>> reuters_date("26-FEB-1987 15:07:13.72")
    '1987-02-26T15:07:13'
    >>> reuters_date("31-FOO-1987") is None
    True
    """
    if not value:
        return None
    try:
        parsed = dt.datetime.strptime(value.strip().title(), REUTERS_DATE)
    except ValueError:
        return None
    return parsed.replace(microsecond=0).isoformat()


def _reuters_corpus_docs(path: Path) -> list[Doc]:
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DatasetError(f"cannot read {path}: {error}") from error
    if not isinstance(records, list):
        raise DatasetError(f"{path}: expected a JSON list of stories")
    docs = []
    for record in records:
        newid = (record.get("attrs") or {}).get("newid")
        body = record.get("body")
        if newid is not None and body:
            docs.append(Doc(str(newid), str(body), reuters_date(record.get("date"))))
    return docs


def _reuters_pair_docs(path: Path) -> list[Doc]:
    docs = []
    try:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    docs.append(
                        Doc(
                            str(record["newid"]),
                            str(record["body"]),
                            reuters_date(record.get("date")),
                        )
                    )
                except (ValueError, KeyError) as error:
                    raise DatasetError(f"{path}:{number}: bad record: {error!r}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise DatasetError(f"cannot read {path}: {error}") from error
    return docs


def load_reuters_pairs(root: str | Path) -> PairSet:
    """Reuters-21578 stories and heuristic pairs from the folder holding
    ``near_duplicate_pairs.heuristic.tsv`` and ``near_duplicate_docs.jsonl``;
    stories of any ``reut2-*.json`` there join as background."""
    folder = _require(Path(root), "Reuters-21578 folder")
    pairs_path = _require(folder / REUTERS_PAIRS, "Reuters-21578 pairs")
    docs_path = _require(folder / REUTERS_DOCS, "Reuters-21578 pair documents")
    by_id: dict[str, Doc] = {}
    corpus_files = sorted(folder.glob("reut2-*.json"))
    for corpus in corpus_files:
        by_id.update((doc.id, doc) for doc in _reuters_corpus_docs(corpus))
    by_id.update((doc.id, doc) for doc in _reuters_pair_docs(docs_path))
    labelled: dict[str, set[Pair]] = defaultdict(set)
    for row in _read_tsv(pairs_path):
        key = pair(_column(row, "newid_a", pairs_path), _column(row, "newid_b", pairs_path))
        labelled[_column(row, "heuristic_label", pairs_path)].add(key)
    unknown = set(labelled) - REUTERS_POSITIVE - REUTERS_MUST_NOT_MERGE - REUTERS_UNSCORED
    if unknown:
        raise DatasetError(f"{pairs_path}: unknown heuristic_label {sorted(unknown)}")
    docs = tuple(by_id.values())
    _check_ids(itertools.chain.from_iterable(labelled.values()), docs, pairs_path)

    def union(names: frozenset[str]) -> frozenset[Pair]:
        return frozenset().union(*(labelled[name] for name in names))

    return PairSet(
        "reuters-21578",
        docs,
        union(REUTERS_POSITIVE),
        must_not_merge=union(REUTERS_MUST_NOT_MERGE),
        unscored=union(REUTERS_UNSCORED),
        notes={"background_files": [p.name for p in corpus_files]},
    )


def cluster_pairs(clusters: Mapping[str, str]) -> set[Pair]:
    """Every pair of ids sharing a cluster id.

    >>> sorted(cluster_pairs({"a": "a", "b": "a", "c": "c", "d": "a"}))
    [('a', 'b'), ('a', 'd'), ('b', 'd')]
    """
    members: dict[str, list[str]] = defaultdict(list)
    for item_id, cluster_id in clusters.items():
        members[cluster_id].append(item_id)
    return {pair(a, b) for ids in members.values() for a, b in itertools.combinations(ids, 2)}


def score(merged: set[Pair], labels: PairSet) -> dict[str, Any]:
    """Pairwise precision/recall of ``merged`` against the labelled pairs.

    >>> labels = PairSet("t", (), frozenset({("a", "b")}), frozenset({("c", "d")}),
    ...                  frozenset({("e", "f")}))
    >>> s = score({("a", "b"), ("c", "d"), ("e", "f"), ("g", "h")}, labels)
    >>> s["precision"], s["recall"], s["must_not_merge_merged"], s["unlisted_merged"]
    (0.3333, 1.0, 1, 1)
    """
    tp = len(merged & labels.positives)
    fp = len(merged - labels.positives - labels.unscored)
    fn = len(labels.positives - merged)
    wrong = sorted(merged & labels.must_not_merge)
    unlisted = sorted(merged - labels.positives - labels.must_not_merge - labels.unscored)
    return {
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "merged_pairs": len(merged),
        "must_not_merge_merged": len(wrong),
        "must_not_merge_merged_ids": [list(p) for p in wrong],
        "unscored_merged": len(merged & labels.unscored),
        "unlisted_merged": len(unlisted),
        "unlisted_merged_examples": [list(p) for p in unlisted[:UNLISTED_EXAMPLES]],
        "missed_positive_ids": [list(p) for p in sorted(labels.positives - merged)],
    }


def number_swaps(a: str, b: str) -> int:
    """Word spans where one text has a number replaced by something else in
    the other (difflib over whitespace tokens: independent of the library
    under test). 0 means the texts differ only by added or dropped words, or
    by word edits without digits: a merged "different numbers" pair with 0
    is a fuller/truncated copy the heuristic label mistook.

    >>> number_swaps("Rate 6 pct on Monday", "Rate six pct on Monday")
    1
    >>> number_swaps("Rate 6 pct on Monday. Volume 12 mln.", "Rate 6 pct on Monday.")
    0
    """
    left, right = a.lower().split(), b.lower().split()
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    return sum(
        any(ch.isdigit() for token in left[i1:i2] + right[j1:j2] for ch in token)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag == "replace"
    )


def run_dedupe(
    ids: Sequence[str], texts: Sequence[str], published: Sequence[str | None]
) -> tuple[set[Pair], float]:
    """Merged pairs of a fresh in-memory :class:`FeedDeduplicator` (added in
    publication order when dates are known) and the seconds it took."""
    order = sorted(range(len(ids)), key=lambda i: (published[i] or "", i))
    dedup = FeedDeduplicator()
    clusters: dict[str, str] = {}
    start = time.perf_counter()
    with dedup.batch():
        for i in order:
            clusters[ids[i]] = dedup.add(ids[i], texts[i], published=published[i]).cluster_id
    seconds = time.perf_counter() - start
    dedup.close()
    return cluster_pairs(clusters), seconds


def shingles(text: str, words: int = SHINGLE_WORDS) -> set[str]:
    """Lower-cased word ``words``-shingles (one shingle for a shorter text).

    >>> sorted(shingles("The cat sat down"))
    ['cat sat down', 'the cat sat']
    >>> shingles("Hi there"), shingles("")
    ({'hi there'}, set())
    """
    tokens = _WORD.findall(text.lower())
    return {" ".join(tokens[i : i + words]) for i in range(max(1, len(tokens) - words + 1))} - {""}


def run_minhash_lsh(ids: Sequence[str], texts: Sequence[str]) -> tuple[set[Pair], float]:
    """Merged pairs of datasketch ``MinHashLSH`` at its defaults (documents
    without a word are left out) and the seconds it took."""
    start = time.perf_counter()
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=LSH_NUM_PERM)
    signed: list[tuple[str, MinHash]] = []
    for item_id, text in zip(ids, texts, strict=True):
        grams = shingles(text)
        if not grams:
            continue
        minhash = MinHash(num_perm=LSH_NUM_PERM)
        minhash.update_batch([g.encode("utf-8") for g in grams])
        lsh.insert(item_id, minhash)
        signed.append((item_id, minhash))
    merged = {
        pair(item_id, other)
        for item_id, minhash in signed
        for other in lsh.query(minhash)
        if other != item_id
    }
    return merged, time.perf_counter() - start


def _rate(count: int, seconds: float) -> float | None:
    return round(count / seconds, 1) if seconds > 0 else None


def evaluate(labels: PairSet) -> dict[str, Any]:
    """Clean every document, cluster with both systems, score them."""
    ids = [doc.id for doc in labels.docs]
    start = time.perf_counter()
    texts = [dedupe_feed.clean(doc.raw) for doc in labels.docs]
    clean_seconds = time.perf_counter() - start
    published = [doc.published for doc in labels.docs]
    runs: dict[str, tuple[set[Pair], float]] = {"dedupe_feed": run_dedupe(ids, texts, published)}
    if labels.dated:  # the same without dates: no time window to keep reports apart
        runs["dedupe_feed_undated"] = run_dedupe(ids, texts, [None] * len(ids))
    runs["datasketch_lsh"] = run_minhash_lsh(ids, texts)
    by_id = dict(zip(ids, texts, strict=True))
    systems = {
        name: {
            **score(merged, labels),
            "seconds": round(seconds, 3),
            "items_per_s": _rate(len(ids), seconds),
        }
        for name, (merged, seconds) in runs.items()
    }
    for system in systems.values():
        system["must_not_merge_merged_number_swaps"] = {
            f"{a} {b}": number_swaps(by_id[a], by_id[b])
            for a, b in system["must_not_merge_merged_ids"]
        }
    return {
        "documents": len(ids),
        "empty_after_clean": sum(not text.strip() for text in texts),
        "dated": labels.dated,
        "positives": len(labels.positives),
        "must_not_merge": len(labels.must_not_merge),
        "unscored": len(labels.unscored),
        "notes": dict(labels.notes),
        "clean_items_per_s": _rate(len(ids), clean_seconds),
        "systems": systems,
    }


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) and value <= 1 else str(value)


def format_table(results: Mapping[str, Mapping[str, Any]]) -> str:
    """The per-set, per-system numbers as a plain-text table."""
    header = (
        "set",
        "system",
        "P",
        "R",
        "tp",
        "fp",
        "fn",
        "must-not",
        "unscored",
        "unlisted",
        "items/s",
    )
    rows = [header]
    for name, result in results.items():
        for system, s in result["systems"].items():
            rows.append(
                (
                    name,
                    system,
                    _fmt(s["precision"]),
                    _fmt(s["recall"]),
                    str(s["tp"]),
                    str(s["fp"]),
                    str(s["fn"]),
                    f"{s['must_not_merge_merged']}/{result['must_not_merge']}",
                    f"{s['unscored_merged']}/{result['unscored']}",
                    str(s["unlisted_merged"]),
                    _fmt(s["items_per_s"]),
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--l3s", type=Path, help="L3S-GN1 folder")
    parser.add_argument("--reuters", type=Path, help="Reuters-21578 folder")
    parser.add_argument("--l3s-text", choices=sorted(L3S_TEXT_LABELS), default="fulltext")
    parser.add_argument("--l3s-lines", type=Path, help="boilerplate-lines pages.jsonl.gz")
    parser.add_argument("-o", "--output", type=Path, default=Path("benchmarks/out/pairs.json"))
    args = parser.parse_args(argv)
    if args.l3s is None and args.reuters is None:
        parser.error("give --l3s and/or --reuters")
    try:
        sets = []
        if args.l3s is not None:
            sets.append(load_l3s_pairs(args.l3s, text=args.l3s_text, lines=args.l3s_lines))
        if args.reuters is not None:
            sets.append(load_reuters_pairs(args.reuters))
    except DatasetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    results = {labels.name: evaluate(labels) for labels in sets}
    print(format_table(results))
    for name, result in results.items():
        for system, s in result["systems"].items():
            if s["must_not_merge_merged"]:
                swaps = s["must_not_merge_merged_number_swaps"]
                print(f"{name} {system} merged must-not-merge pairs (number swaps): {swaps}")
    info = machine_info(
        ["dedupe-feed", "datasketch", "rapidfuzz"],
        arguments={k: str(v) for k, v in vars(args).items()},
        lsh={"threshold": LSH_THRESHOLD, "num_perm": LSH_NUM_PERM, "shingle_words": SHINGLE_WORDS},
    )
    write_report(args.output, {"machine": info, "results": results})
    print(f"report: {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
