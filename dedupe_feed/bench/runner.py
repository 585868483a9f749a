"""Stream a feed dump through the same stages as ``dedupe-feed run`` (learn each
source's boilerplate, clean, cluster) and count what happened, without
writing the output.

>>> import json, pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> body = "Heavy rain lashed Kannur district on Monday night, officials said. (PTI)"
>>> lines = [json.dumps({"id": i, "source": s, "text": body}) for i, s in enumerate("AB")]
>>> _ = (folder / "in.jsonl").write_text("\\n".join(lines) + "\\nnot json\\n", encoding="utf-8")
>>> stats = run_bench([folder / "in.jsonl"], index=":memory:", progress=False)
>>> stats.items, stats.errors, stats.cluster_sizes(), stats.removed
(2, 1, {2: 1}, {'credit.agency_parenthesized': 10})
>>> import shutil; shutil.rmtree(folder)
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dedupe_feed.bench.stats import BenchStats, current_rss_mb, peak_rss_mb
from dedupe_feed.config import Config
from dedupe_feed.errors import ConfigError
from dedupe_feed.feeds.job import (
    CLEAN_PASS,
    DEFAULT_LEARN_SAMPLE,
    JobOptions,
    SourceCleaners,
    add_to_index,
    cluster_params,
    learn_pass,
)
from dedupe_feed.feeds.outputs import Cleaned, CleanFailure, CleanFields, Failed
from dedupe_feed.feeds.progress import Progress, pass_progress
from dedupe_feed.feeds.readers import read_records
from dedupe_feed.feeds.records import FeedItem, FieldMap, ReadError
from dedupe_feed.index import FeedDeduplicator
from dedupe_feed.learn import LearnedTemplate

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class BenchOptions:
    """How a bench run goes.

    Attributes:
        index: the cross-article index (``":memory:"``, a SQLite path); ``None``
            for a temporary SQLite file, deleted afterwards, so memory does not
            grow with the dump.
        learn: learn each source's boilerplate first (as ``dedupe-feed run``).
        learn_sample: items of each source the learning pass reads (the first
            ones); ``None`` reads all.
        fields: input field names (default :class:`FieldMap`).
        progress: progress bars on stderr.
        workers: processes for the learning pass (cleaning is timed in one).
        max_examples: over-removed items kept with their ``analyze()`` view.
        over_removal: share of an item's text lost above which it is over-removed.
        batch_size: items per index transaction.
        window_days, threshold, canonical, share: passed to the
            :class:`FeedDeduplicator`, as ``dedupe-feed run`` passes them
            (see :class:`~dedupe_feed.feeds.job.JobOptions`).
    """

    index: str | None = None
    learn: bool = True
    learn_sample: int | None = DEFAULT_LEARN_SAMPLE
    fields: FieldMap | None = None
    progress: bool = True
    workers: int = 1
    max_examples: int = 10
    over_removal: float = 0.5
    batch_size: int = 200
    window_days: float | None = 3
    threshold: float = 0.5
    canonical: str | tuple[str, ...] = "earliest"
    share: float | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.over_removal <= 1:
            raise ConfigError(f"over_removal must be in [0, 1], got {self.over_removal!r}")
        if self.max_examples < 0 or self.batch_size < 1:
            raise ConfigError("max_examples must be >= 0 and batch_size >= 1")


def run_bench(
    inputs: Sequence[PathLike],
    *,
    config: Config | None = None,
    options: BenchOptions | None = None,
    **option_values: Any,
) -> BenchStats:
    """Learn, clean and cluster every record of ``inputs``; return the counts.
    Keyword ``option_values`` override fields of ``options``."""
    opts = options if options is not None else BenchOptions()
    if option_values:
        opts = BenchOptions(**{**opts.__dict__, **option_values})
    base = config if config is not None else Config()
    stats = BenchStats(max_examples=opts.max_examples, over_removal=opts.over_removal)
    started, cpu_started = time.perf_counter(), time.process_time()
    params = cluster_params(opts.threshold, opts.window_days, opts.canonical, opts.share)
    with (
        _index_spec(opts.index) as spec,  # the index is opened before any reading
        FeedDeduplicator(spec, **params) as dedup,
    ):
        learned = _learned(inputs, base, opts, stats)
        cleaners = SourceCleaners(base, tuple((s, tuple(t)) for s, t in learned.items() if t))
        pending: list[Cleaned] = []
        label = "2/2" if opts.learn else "1/1"
        with pass_progress(label, CLEAN_PASS, inputs, enabled=opts.progress) as bar:
            read = read_records(inputs, fields=opts.fields, on_read=bar.read)
            bar.stage("reading")
            for number, item in enumerate(read, 1):
                bar.item()
                bar.stage("cleaning")
                added = _clean_one(item, cleaners, stats, bar)
                if added is not None:
                    pending.append(added)
                if len(pending) >= opts.batch_size:
                    bar.stage("clustering")
                    _cluster(dedup, pending, stats)
                    pending = []
                stats.memory.sample(number, current_rss_mb)
                bar.stage("reading")
            bar.stage("clustering")
            _cluster(dedup, pending, stats)
    stats.seconds["wall"] = time.perf_counter() - started
    stats.seconds["cpu"] = time.process_time() - cpu_started
    stats.peak_rss_mb = peak_rss_mb()
    return stats


def _learned(
    inputs: Sequence[PathLike], config: Config, opts: BenchOptions, stats: BenchStats
) -> dict[str, list[LearnedTemplate]]:
    """The learning pass of ``dedupe-feed run`` (timed), its templates recorded."""
    if not opts.learn:
        return {}
    started = time.perf_counter()
    job = JobOptions(
        fields=opts.fields,
        progress=opts.progress,
        workers=opts.workers,
        learn_sample=opts.learn_sample,
    )
    learned = learn_pass(inputs, config, job)
    stats.seconds["learn"] = time.perf_counter() - started
    stats.templates = {
        source: [
            {"template": t.template, "support": t.support, "share": t.share, "stories": t.stories}
            for t in found
        ]
        for source, found in sorted(learned.items())
        if found
    }
    return learned


@contextlib.contextmanager
def _index_spec(index: str | None) -> Iterator[str]:
    if index is not None:
        yield index
        return
    with tempfile.TemporaryDirectory(prefix="dedupe-feed-bench-") as folder:
        yield str(Path(folder) / "index.sqlite")


def _clean_one(
    item: FeedItem, cleaners: SourceCleaners, stats: BenchStats, progress: Progress
) -> Cleaned | None:
    """Clean one record (timed) and count it; what to add to the index, if anything."""
    if isinstance(item, ReadError):
        _observe_failed(stats, Failed.unreadable(item))
        return None
    body, kind = item.body
    size = len(body.encode("utf-8", "replace"))
    started = time.perf_counter()
    with progress.large_item(item.where, size):
        analysis = cleaners.analyze((body, kind, item.source))
    stats.seconds["clean"] += time.perf_counter() - started
    if isinstance(analysis, CleanFailure):
        _observe_failed(stats, Failed.of_record(item, analysis.reason))
        return None
    stats.observe(item.key, item.source, size, analysis)
    return Cleaned(item, CleanFields.of(analysis))


def _observe_failed(stats: BenchStats, failed: Failed) -> None:
    stats.observe_error(failed.source_name, failed.position, failed.reason)


def _cluster(dedup: FeedDeduplicator, pending: list[Cleaned], stats: BenchStats) -> None:
    """Add a batch of clean texts to the index in one transaction (timed); a
    reused id is counted as an error, as ``run`` writes an error line."""
    if not pending:
        return
    started = time.perf_counter()
    with dedup.batch():
        for cleaned in pending:
            placed = add_to_index(dedup, cleaned)
            if isinstance(placed, Failed):
                _observe_failed(stats, placed)
            else:
                stats.observe_cluster(placed[1])
    stats.seconds["cluster"] += time.perf_counter() - started
