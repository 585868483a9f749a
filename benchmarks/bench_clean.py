"""Benchmark ``dedupe_feed.clean`` against a naive baseline on generated wire items.

``python -m benchmarks.bench_clean --n 2000 --seed 1`` reports, for each cleaner
in the same run: throughput (articles/s, MB/s, one process), peak memory
(tracemalloc and ru_maxrss, each cleaner measured in its own fresh process),
seconds per MB on single items of growing size, and quality against the gold
article (content recall, duplicate residue, boilerplate residue). A table goes
to stdout and the full results, with machine info, to ``benchmarks/out/clean.json``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tqdm import tqdm

from benchmarks.generate import Record, make_items, make_sized_item
from benchmarks.machine import machine_info, write_report

Cleaner = Callable[[str], str]
OUT_PATH = Path(__file__).resolve().parent / "out" / "clean.json"
SIZES = (6_000, 60_000, 600_000, 6_000_000)
BIG_SIZE = 10_000_000
SIZE_RECALL_SAMPLE = 300  # gold units scored per sized item
CLEANERS = ("dedupe_feed", "naive")
OPTIONAL_CLEANERS = ("dedupe_feed_no_model",)
"""Also accepted by ``--cleaners``: ``dedupe_feed_no_model`` is ``clean`` with the
line model off, to measure what the model costs."""
PACKAGES = ("dedupe-feed", "datasketch", "rapidfuzz", "numpy", "tqdm", "beautifulsoup4", "lxml")
_SENTENCE_END = re.compile(r"(?<=[.!?।。])\s*")


def naive_clean(raw: str) -> str:
    """Baseline: split after sentence punctuation, drop exact repeats, join with spaces."""
    seen: set[str] = set()
    kept: list[str] = []
    for piece in _SENTENCE_END.split(raw):
        sentence = " ".join(piece.split())
        if sentence and sentence not in seen:
            seen.add(sentence)
            kept.append(sentence)
    return " ".join(kept)


def get_cleaner(name: str) -> Cleaner:
    """The cleaning function benchmarked under ``name``."""
    if name == "naive":
        return naive_clean
    import dedupe_feed

    if name == "dedupe_feed_no_model":
        return dedupe_feed.Cleaner(line_model=False).clean
    clean: Cleaner = dedupe_feed.clean
    clean("Warm up: build the shared cleaner (rules, permutations, line model) untimed.")
    return clean


def _safe(cleaner: Cleaner, raw: str) -> tuple[str, bool]:
    """Run the cleaner; an exception counts as an error and an empty output."""
    try:
        return cleaner(raw), True
    except Exception:
        return "", False


# ---------------------------------------------------------------- quality


@dataclass
class Quality:
    """Counts that add up over items; shares are computed at the end."""

    units: int = 0
    kept_once: int = 0
    kept_more: int = 0
    boilerplate: int = 0
    boilerplate_left: int = 0
    gold_chars: int = 0
    output_chars: int = 0

    def add(self, record: Record, output: str, max_units: int | None = None) -> None:
        """Score one output against its record's gold units and boilerplate.

        ``max_units`` scores an evenly spaced sample of the units (for huge items,
        where counting every unit in the output would dominate the run).
        """
        text = " ".join(output.split())
        units: list[str] = record["units"]  # type: ignore[assignment]
        if max_units and len(units) > max_units:
            step = len(units) / max_units
            units = [units[int(i * step)] for i in range(max_units)]
        boilerplate: list[str] = record["boilerplate"]  # type: ignore[assignment]
        for unit in units:
            count = text.count(unit)
            self.kept_once += count == 1
            self.kept_more += count > 1
        self.units += len(units)
        self.boilerplate += len(boilerplate)
        self.boilerplate_left += sum(marker in text for marker in boilerplate)
        self.gold_chars += len(str(record["gold"]))
        self.output_chars += len(output)

    def summary(self) -> dict[str, float]:
        """content recall, duplicate residue, boilerplate residue, length ratio."""
        return {
            "content_recall": self.kept_once / max(1, self.units),
            "duplicate_residue": self.kept_more / max(1, self.units),
            "boilerplate_residue": self.boilerplate_left / max(1, self.boilerplate),
            "length_ratio": self.output_chars / max(1, self.gold_chars),
        }


# ---------------------------------------------------------------- measurements


@dataclass
class RunResult:
    """What one cleaner did on the N-item stream."""

    cleaner: str
    items: int
    megabytes: float
    seconds: float
    errors: int
    articles_per_s: float
    mb_per_s: float
    #: articles per CPU second of the cleaning calls: what one core delivers
    #: whatever else the shared machine runs (wall-clock rates beside it)
    articles_per_cpu_s: float
    tracemalloc_peak_mb: float
    maxrss_before_mb: float | None
    maxrss_after_mb: float | None
    quality: dict[str, float] = field(default_factory=dict)
    streamed_peak_rss_mb: float | None = None


def _maxrss_mb() -> float | None:
    """Peak resident set size of this process in MB (None where unsupported)."""
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _timed_pass(
    cleaner: Cleaner, items: Sequence[Record], name: str
) -> tuple[float, float, int, Quality]:
    """Clean every item one by one; returns wall and CPU seconds, errors and quality."""
    quality = Quality()
    errors = 0
    elapsed = cpu = 0.0
    for record in tqdm(items, desc=f"{name}: clean", unit="item", leave=False):
        start, start_cpu = time.perf_counter(), time.process_time()
        output, ok = _safe(cleaner, str(record["raw"]))
        elapsed += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
        errors += not ok
        quality.add(record, output)
    return elapsed, cpu, errors, quality


def _traced_peak(cleaner: Cleaner, items: Iterable[Record], name: str) -> float:
    """Peak Python allocation (MB) while cleaning the items one by one."""
    tracemalloc.start()
    try:
        for record in tqdm(items, desc=f"{name}: tracemalloc", unit="item", leave=False):
            _safe(cleaner, str(record["raw"]))
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def measure_stream(name: str, n: int, seed: int) -> RunResult:
    """Throughput, memory and quality of one cleaner on ``n`` generated items."""
    cleaner = get_cleaner(name)
    items = list(make_items(n, seed))
    megabytes = sum(len(str(r["raw"]).encode()) for r in items) / 1e6
    rss_before = _maxrss_mb()
    seconds, cpu, errors, quality = _timed_pass(cleaner, items, name)
    rss_after = _maxrss_mb()
    peak = _traced_peak(cleaner, items, name)
    return RunResult(
        cleaner=name,
        items=n,
        megabytes=megabytes,
        seconds=seconds,
        errors=errors,
        articles_per_s=n / seconds if seconds else 0.0,
        mb_per_s=megabytes / seconds if seconds else 0.0,
        articles_per_cpu_s=n / cpu if cpu else 0.0,
        tracemalloc_peak_mb=peak,
        maxrss_before_mb=rss_before,
        maxrss_after_mb=rss_after,
        quality=quality.summary(),
    )


def streamed_peak_rss(name: str, n: int, seed: int) -> float | None:
    """Peak RSS (MB) of a process that generates and cleans ``n`` items one by
    one, holding none of them: what a pipeline pays, without the harness's list."""
    cleaner = get_cleaner(name)
    for record in make_items(n, seed):
        _safe(cleaner, str(record["raw"]))
    return _maxrss_mb()


def measure_in_fresh_process(name: str, n: int, seed: int) -> RunResult:
    """Run :func:`measure_stream` in a new process so ru_maxrss belongs to one
    cleaner, and :func:`streamed_peak_rss` in another."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        result = pool.submit(measure_stream, name, n, seed).result()
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        result.streamed_peak_rss_mb = pool.submit(streamed_peak_rss, name, n, seed).result()
    return result


@dataclass
class SizeResult:
    """Time per MB of one cleaner on one item of a given size."""

    cleaner: str
    target_bytes: int
    megabytes: float
    seconds: float
    seconds_per_mb: float
    ok: bool
    content_recall: float


def measure_sizes(names: Sequence[str], sizes: Sequence[int], seed: int) -> list[SizeResult]:
    """Each cleaner on the same item of each size (repeated to at least 0.2 s when small)."""
    results: list[SizeResult] = []
    for size in tqdm(sizes, desc="sizes", unit="size"):
        record = make_sized_item(size, seed)
        raw = str(record["raw"])
        megabytes = len(raw.encode()) / 1e6
        for name in names:
            seconds, output, ok = _time_repeated(get_cleaner(name), raw)
            quality = Quality()
            quality.add(record, output, max_units=SIZE_RECALL_SAMPLE)
            recall = quality.summary()["content_recall"]
            results.append(
                SizeResult(name, size, megabytes, seconds, seconds / megabytes, ok, recall)
            )
    return results


def _time_repeated(cleaner: Cleaner, raw: str, budget: float = 0.2) -> tuple[float, str, bool]:
    """Mean seconds per call, repeating small inputs until ``budget`` seconds have passed."""
    calls, total = 0, 0.0
    output, ok = "", True
    while total < budget or calls == 0:
        start = time.perf_counter()
        output, ok = _safe(cleaner, raw)
        total += time.perf_counter() - start
        calls += 1
        if not ok:
            break
    return total / calls, output, ok


# ---------------------------------------------------------------- reporting


def _fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def format_table(runs: Sequence[RunResult], sizes: Sequence[SizeResult]) -> str:
    """Plain-text tables, cleaners side by side."""
    rows: list[tuple[str, Callable[[RunResult], str]]] = [
        ("articles/s", lambda r: _fmt(r.articles_per_s, 1)),
        ("articles/CPU s", lambda r: _fmt(r.articles_per_cpu_s, 1)),
        ("MB/s", lambda r: _fmt(r.mb_per_s)),
        ("errors", lambda r: str(r.errors)),
        ("tracemalloc peak MB", lambda r: _fmt(r.tracemalloc_peak_mb)),
        ("ru_maxrss before MB", lambda r: _fmt(r.maxrss_before_mb, 1)),
        ("ru_maxrss after MB", lambda r: _fmt(r.maxrss_after_mb, 1)),
        ("peak RSS streamed MB", lambda r: _fmt(r.streamed_peak_rss_mb, 1)),
        ("content recall", lambda r: _fmt(r.quality["content_recall"], 4)),
        ("duplicate residue", lambda r: _fmt(r.quality["duplicate_residue"], 4)),
        ("boilerplate residue", lambda r: _fmt(r.quality["boilerplate_residue"], 4)),
        ("output/gold length", lambda r: _fmt(r.quality["length_ratio"], 3)),
    ]
    width = 22
    lines = ["".ljust(width) + "".join(r.cleaner.rjust(16) for r in runs)]
    for label, getter in rows:
        lines.append(label.ljust(width) + "".join(getter(r).rjust(16) for r in runs))
    if sizes:
        lines += ["", "size".ljust(width) + "".join(n.rjust(16) for n in _names(sizes))]
        for target in sorted({s.target_bytes for s in sizes}):
            cells = [s for s in sizes if s.target_bytes == target]
            label = f"{cells[0].megabytes:.3f} MB  s/MB"
            lines.append(label.ljust(width) + "".join(_size_cell(s).rjust(16) for s in cells))
    return "\n".join(lines)


def _names(sizes: Sequence[SizeResult]) -> list[str]:
    return list(dict.fromkeys(s.cleaner for s in sizes))


def _size_cell(result: SizeResult) -> str:
    return _fmt(result.seconds_per_mb, 3) if result.ok else "error"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=2000, help="items in the throughput run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--big", action="store_true", help="also time a 10 MB item")
    parser.add_argument(
        "--sizes",
        type=lambda s: [int(x) for x in s.split(",")],
        default=None,
        help="comma-separated item sizes in bytes (default 6000,60000,600000,6000000)",
    )
    parser.add_argument("--cleaners", type=lambda s: s.split(","), default=list(CLEANERS))
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="measure in this process (ru_maxrss then mixes cleaners)",
    )
    parser.add_argument("-o", "--output", type=Path, default=OUT_PATH)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run every measurement, print the table, write the JSON."""
    args = parse_args(argv)
    sizes = list(args.sizes or SIZES) + ([BIG_SIZE] if args.big else [])
    measure = measure_stream if args.in_process else measure_in_fresh_process
    runs = [measure(name, args.n, args.seed) for name in args.cleaners]
    size_results = measure_sizes(args.cleaners, sizes, args.seed)
    print(format_table(runs, size_results))
    payload = {
        "machine": machine_info(
            PACKAGES, seed=args.seed, args={k: str(v) for k, v in vars(args).items()}
        ),
        "stream": [asdict(r) for r in runs],
        "sizes": [asdict(s) for s in size_results],
    }
    write_report(args.output, payload)
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
