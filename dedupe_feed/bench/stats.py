"""What ``dedupe-feed bench`` counts while it streams a dump, in bounded memory.

Every structure here has a fixed ceiling (top-k counters, at most
``MAX_SOURCES`` sources, at most ``max_examples`` over-removal examples, a
decimated memory trace) except the cluster sizes, which grow with the number
of stories, like the index itself.

>>> from dedupe_feed import analyze
>>> stats = BenchStats()
>>> stats.observe("a", "Wire", 40, analyze("Fire broke out in Kochi on Monday. (PTI)"))
>>> stats.items, stats.removed
(1, {'credit.agency_parenthesized': 5})
>>> round(stats.to_dict()["removed_share"], 3)
0.125
"""

from __future__ import annotations

import heapq
import itertools
import sys
from dataclasses import dataclass, field
from typing import Any

from dedupe_feed.index import ClusterDecision
from dedupe_feed.result import Analysis
from dedupe_feed.view import DUPLICATE_REASONS, render_html

MAX_SOURCES = 200
"""Sources counted one by one; later ones are pooled under :data:`OTHER_SOURCES`."""
OTHER_SOURCES = "(other sources)"
UNKNOWN_SOURCE = "(unknown source)"
OVER_REMOVAL = 0.5
"""An item is over-removed when more than this share of its text is gone
(removed repeats of text that is kept do not count as gone)."""
MAX_VIEW_CHARS = 200_000
"""Over-removal examples longer than this keep no ``analyze()`` view."""
MAX_ERROR_EXAMPLES = 20
MAX_LINE_CHARS = 200
TRACE_POINTS = 120


@dataclass
class TopCounter:
    """Counts keys but holds at most ``capacity``: when full, the half with the
    lowest counts is dropped, so frequent keys survive and rare ones churn.

    >>> counter = TopCounter(capacity=4)
    >>> for key in "aaabbc" + "defg":
    ...     counter.add(key)
    >>> counter.top(2)
    [('a', 3), ('b', 2)]
    >>> len(counter.counts) <= 4
    True
    """

    capacity: int = 400
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, amount: int = 1) -> None:
        """Count ``key`` ``amount`` more times."""
        self.counts[key] = self.counts.get(key, 0) + amount
        if len(self.counts) > self.capacity:
            keep = sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))
            self.counts = dict(keep[: self.capacity // 2])

    def top(self, n: int) -> list[tuple[str, int]]:
        """The ``n`` most frequent keys, ties by key."""
        return sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


@dataclass
class SourceStats:
    """Totals of one source."""

    items: int = 0
    source_chars: int = 0
    kept_chars: int = 0
    removed: dict[str, int] = field(default_factory=dict)
    lines: TopCounter = field(default_factory=TopCounter)


@dataclass
class MemoryTrace:
    """Resident memory sampled every ``every`` items; when more than
    :data:`TRACE_POINTS` points are held, every other one is dropped and the
    interval doubles (bounded, whatever the dump's length).

    >>> trace = MemoryTrace(every=1)
    >>> for n in range(1, 1001):
    ...     trace.sample(n, lambda: 10.0)
    >>> len(trace.points) <= TRACE_POINTS, trace.every > 1
    (True, True)
    """

    every: int = 100
    points: list[tuple[int, float]] = field(default_factory=list)

    def sample(self, items: int, rss: Any) -> None:
        """Record ``rss()`` (MB) when ``items`` is on the sampling grid."""
        if items % self.every:
            return
        self.points.append((items, float(rss())))
        if len(self.points) > TRACE_POINTS:
            self.points = self.points[1::2]
            self.every *= 2


def current_rss_mb() -> float:
    """Resident memory of this process now, in MB (peak where ``/proc`` is absent)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return peak_rss_mb()
    import resource

    return pages * resource.getpagesize() / 1e6


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (0 where unknown)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6


def lost_share(analysis: Analysis) -> float:
    """Share of an item's text that is gone: characters removed for any reason
    but a duplicate, over the characters left once duplicates are removed.

    >>> from dedupe_feed import analyze
    >>> lost_share(analyze("Fire broke out in Kochi on Monday. (PTI)"))
    0.125
    """
    totals = analysis.removed_by_reason()
    duplicates = sum(chars for reason, chars in totals.items() if reason in DUPLICATE_REASONS)
    unique = len(analysis.source) - duplicates
    gone = sum(totals.values()) - duplicates
    return min(1.0, gone / unique) if unique > 0 else 0.0


def _line_key(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= MAX_LINE_CHARS else line[: MAX_LINE_CHARS - 1] + "…"


def _add_counts(into: dict[str, int], counts: dict[str, int]) -> None:
    for key, value in counts.items():
        into[key] = into.get(key, 0) + value


@dataclass
class BenchStats:
    """Everything the bench report shows, filled item by item."""

    max_examples: int = 10
    over_removal: float = OVER_REMOVAL
    items: int = 0
    raw_bytes: int = 0
    clean_bytes: int = 0
    source_chars: int = 0
    kept_chars: int = 0
    removed: dict[str, int] = field(default_factory=dict)
    sources: dict[str, SourceStats] = field(default_factory=dict)
    over_removed: int = 0
    errors: int = 0
    error_reasons: TopCounter = field(default_factory=lambda: TopCounter(capacity=100))
    error_examples: list[dict[str, Any]] = field(default_factory=list)
    clusters: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0
    updates: int = 0
    templates: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    seconds: dict[str, float] = field(
        default_factory=lambda: {
            "learn": 0.0,
            "clean": 0.0,
            "cluster": 0.0,
            "wall": 0.0,
            "cpu": 0.0,
        }
    )
    memory: MemoryTrace = field(default_factory=MemoryTrace)
    peak_rss_mb: float = 0.0
    _examples: list[tuple[float, int, dict[str, Any]]] = field(default_factory=list)
    _order: itertools.count[int] = field(default_factory=itertools.count)

    def source(self, name: str | None) -> SourceStats:
        """The totals of source ``name`` (pooled once :data:`MAX_SOURCES` are held)."""
        key = name or UNKNOWN_SOURCE
        found = self.sources.get(key)
        if found is None:
            if len(self.sources) >= MAX_SOURCES:
                key = OTHER_SOURCES
            found = self.sources.setdefault(key, SourceStats())
        return found

    def observe(self, item_id: str, source: str | None, raw_bytes: int, analysis: Analysis) -> None:
        """Count one cleaned item."""
        totals = analysis.removed_by_reason()
        self.items += 1
        self.raw_bytes += raw_bytes
        self.clean_bytes += len(analysis.text.encode("utf-8"))
        self.source_chars += len(analysis.source)
        self.kept_chars += len(analysis.text)
        _add_counts(self.removed, totals)
        per_source = self.source(source)
        per_source.items += 1
        per_source.source_chars += len(analysis.source)
        per_source.kept_chars += len(analysis.text)
        _add_counts(per_source.removed, totals)
        for removal in analysis.removed:
            if removal.reason not in DUPLICATE_REASONS:
                per_source.lines.add(f"{removal.reason}\t{_line_key(removal.text)}")
        self._check_over_removal(item_id, source, analysis)

    def _check_over_removal(self, item_id: str, source: str | None, analysis: Analysis) -> None:
        share = lost_share(analysis)
        if share <= self.over_removal:
            return
        self.over_removed += 1
        if self.max_examples <= 0:
            return
        entry = (share, -next(self._order), {"id": item_id, "source": source})
        if len(self._examples) >= self.max_examples and entry[:2] <= self._examples[0][:2]:
            return
        entry[2].update(_example(analysis, share))
        if len(self._examples) < self.max_examples:
            heapq.heappush(self._examples, entry)
        else:
            heapq.heapreplace(self._examples, entry)

    def observe_error(self, source_name: str, position: object, reason: str) -> None:
        """Count one record that could not be read or cleaned."""
        self.errors += 1
        self.error_reasons.add(reason.split(":", 1)[0])
        if len(self.error_examples) < MAX_ERROR_EXAMPLES:
            where = {"source_name": source_name, "position": position}
            self.error_examples.append({**where, "reason": reason})

    def observe_cluster(self, decision: ClusterDecision) -> None:
        """Count where one item went in the index."""
        self.clusters[decision.cluster_id] = self.clusters.get(decision.cluster_id, 0) + 1
        self.duplicates += decision.duplicate_of is not None
        self.updates += decision.update_of is not None

    def examples(self) -> list[dict[str, Any]]:
        """The over-removal examples kept, most text lost first."""
        return [entry[2] for entry in sorted(self._examples, reverse=True)]

    def cluster_sizes(self) -> dict[int, int]:
        """Number of clusters of each size.

        >>> stats = BenchStats(clusters={"a": 1, "b": 3, "c": 1})
        >>> stats.cluster_sizes()
        {1: 2, 3: 1}
        """
        sizes: dict[int, int] = {}
        for size in self.clusters.values():
            sizes[size] = sizes.get(size, 0) + 1
        return dict(sorted(sizes.items()))

    def to_dict(self, *, top_lines: int = 10) -> dict[str, Any]:
        """Plain data (JSON-ready) for the report writers."""
        sizes = self.cluster_sizes()
        return {
            "items": self.items,
            "errors": self.errors,
            "raw_bytes": self.raw_bytes,
            "clean_bytes": self.clean_bytes,
            "source_chars": self.source_chars,
            "kept_chars": self.kept_chars,
            "removed_share": _share(sum(self.removed.values()), self.source_chars),
            "removed_by_reason": _shares(self.removed, self.source_chars),
            "sources": {
                name: _source_dict(stats, top_lines)
                for name, stats in sorted(self.sources.items(), key=lambda kv: -kv[1].items)
            },
            "templates": self.templates,
            "clusters": {
                "count": len(self.clusters),
                "sizes": {str(size): count for size, count in sizes.items()},
                "items_in_repeated_stories": sum(s * c for s, c in sizes.items() if s > 1),
                "duplicates": self.duplicates,
                "updates": self.updates,
            },
            "over_removal": {
                "threshold": self.over_removal,
                "items": self.over_removed,
                "examples": self.examples(),
            },
            "error_reasons": dict(self.error_reasons.top(20)),
            "error_examples": self.error_examples,
            "speed": _speed(self),
            "memory": {"peak_rss_mb": self.peak_rss_mb, "trace": self.memory.points},
        }


def _example(analysis: Analysis, share: float) -> dict[str, Any]:
    small = len(analysis.source) <= MAX_VIEW_CHARS
    return {
        "lost_share": share,
        "source_chars": len(analysis.source),
        "kept_chars": len(analysis.text),
        "removed_by_reason": analysis.removed_by_reason(),
        "view_html": render_html(analysis) if small else None,
    }


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def _shares(counts: dict[str, int], whole: int) -> dict[str, dict[str, float]]:
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return {reason: {"chars": chars, "share": _share(chars, whole)} for reason, chars in ordered}


def _source_dict(stats: SourceStats, top_lines: int) -> dict[str, Any]:
    lines = []
    for key, count in stats.lines.top(top_lines):
        reason, text = key.split("\t", 1)
        lines.append({"reason": reason, "text": text, "count": count})
    return {
        "items": stats.items,
        "source_chars": stats.source_chars,
        "kept_chars": stats.kept_chars,
        "removed_share": _share(sum(stats.removed.values()), stats.source_chars),
        "removed_by_reason": _shares(stats.removed, stats.source_chars),
        "top_removed_lines": lines,
    }


def _speed(stats: BenchStats) -> dict[str, float]:
    seconds = stats.seconds
    return {
        **{f"{stage}_seconds": value for stage, value in seconds.items()},
        "clean_items_per_s": _share(stats.items, seconds["clean"]),
        "clean_mb_per_s": _share(stats.raw_bytes / 1e6, seconds["clean"]),
        "cluster_items_per_s": _share(stats.items, seconds["cluster"]),
        "cluster_mb_per_s": _share(stats.clean_bytes / 1e6, seconds["cluster"]),
        "overall_items_per_s": _share(stats.items + stats.errors, seconds["wall"]),
    }
