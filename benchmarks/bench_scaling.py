"""Does ``dedupe_feed.clean`` take linear time and bounded memory as items grow?

``python -m benchmarks.bench_scaling`` cleans three shapes of input at growing
sizes (6 KB ... 10 MB), each case in a fresh process, and reports CPU seconds
per MB (``time.process_time``) and peak resident memory side by side:

- ``normal``: distinct generated articles (``generate.make_item`` gold texts)
  joined by blank lines, as a long item of ordinary news reads;
- ``repeated``: one generated sentence repeated, space-separated;
- ``glued``: an ``a.B`` storm, one ``word.Word`` pair repeated without a
  space (``rain.Kochirain.Kochi...``), up to 1 MB;
- ``glued_letters``: the smallest storm, ``a.Ba.Ba.B...``, up to 1 MB.

Flat seconds per MB across sizes means linear time; ``glued / normal`` is the
storm's cost per MB over ordinary text at the same size. A table goes to
stdout and the results, with machine info, to
``benchmarks/results/scaling.json``. ``--quick`` runs up to 600 KB.

>>> make_input("repeated", 200, seed=1) == make_input("repeated", 200, seed=1)
True
>>> len(make_input("glued", 1000, seed=1).encode()) >= 1000
True
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import string
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.generate import PLACES, SentenceFactory, make_item
from benchmarks.machine import load_average, machine_info, write_report

OUT_PATH = Path(__file__).resolve().parent / "results" / "scaling.json"
SHAPES = ("normal", "repeated", "glued", "glued_letters")
SIZES = (6_000, 60_000, 600_000, 1_000_000, 5_000_000, 10_000_000)
QUICK_MAX = 600_000
MAX_SIZE = {"glued": 1_000_000, "glued_letters": 1_000_000}
"""Largest size run per shape (others: every size)."""
MIN_CPU_SECONDS = 0.5
"""Small inputs are cleaned repeatedly until this much CPU time has passed."""
WIDTH = 22
"""Table column width (``glued_letters RSS MB`` fits)."""
PACKAGES = ("dedupe-feed", "datasketch", "rapidfuzz", "numpy")
_GLUE_WORDS = (
    "rain", "stone", "river", "market", "school", "bridge", "crop", "road", "court", "harbour",
    "budget", "ferry", "temple", "tower", "forest", "station", "canal", "field", "mill", "port",
)  # fmt: skip


def make_input(shape: str, n_bytes: int, seed: int) -> str:
    """A seeded input of ``shape`` that is at least ``n_bytes`` of UTF-8 long."""
    makers = {
        "normal": _normal,
        "repeated": _repeated,
        "glued": _glued,
        "glued_letters": _glued_letters,
    }
    return makers[shape](n_bytes, seed)


def _normal(n_bytes: int, seed: int) -> str:
    """Distinct generated articles (their gold texts), separated by blank lines."""
    parts: list[str] = []
    size, index = 0, 0
    while size < n_bytes:
        gold = str(make_item(seed, index)["gold"])
        parts.append(gold)
        size += len(gold.encode()) + 2
        index += 1
    return "\n\n".join(parts)


def repeated_sentence(seed: int) -> str:
    """The generated sentence the ``repeated`` shape repeats.

    >>> make_input("repeated", 300, seed=1).startswith(repeated_sentence(1) + " ")
    True
    """
    return SentenceFactory(random.Random(seed)).sentence()


def _repeated(n_bytes: int, seed: int) -> str:
    """One generated sentence, repeated with a space between copies."""
    sentence = repeated_sentence(seed)
    copies = -(-n_bytes // (len(sentence.encode()) + 1))
    return " ".join([sentence] * copies)


def _glued(n_bytes: int, seed: int) -> str:
    """One ``word.Word`` pair repeated without spaces (``rain.Kochirain.Kochi...``):
    every stop an a.B boundary, every piece between two the same sentence."""
    rng = random.Random(seed)
    return _storm(f"{rng.choice(_GLUE_WORDS)}.{rng.choice(PLACES)}", n_bytes)


def _glued_letters(n_bytes: int, seed: int) -> str:
    """The smallest a.B storm: one ``a.B`` pair repeated (``a.Ba.Ba.B...``)."""
    rng = random.Random(seed)
    lower = rng.choice(string.ascii_lowercase)
    return _storm(f"{lower}.{rng.choice(string.ascii_uppercase)}", n_bytes)


def _storm(piece: str, n_bytes: int) -> str:
    return piece * -(-n_bytes // len(piece))


@dataclass
class CaseResult:
    """CPU time and memory of ``clean`` on one input."""

    shape: str
    target_bytes: int
    megabytes: float
    calls: int
    cpu_seconds: float
    """CPU seconds per call."""
    seconds_per_mb: float
    rss_before_mb: float
    """Peak RSS after imports, warm-up and generating the input."""
    peak_rss_mb: float
    """Peak RSS of the process once the input was cleaned."""
    output_chars: int


def _maxrss_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def measure_case(shape: str, n_bytes: int, seed: int) -> CaseResult:
    """Clean one input in this process (call it in a fresh one for honest memory)."""
    import dedupe_feed

    dedupe_feed.clean("Warm up: build the shared cleaner once.Untimed.")
    raw = make_input(shape, n_bytes, seed)
    megabytes = len(raw.encode()) / 1e6
    before = _maxrss_mb()
    calls, total, output = 0, 0.0, ""
    while calls == 0 or total < MIN_CPU_SECONDS:
        start = time.process_time()
        output = dedupe_feed.clean(raw)
        total += time.process_time() - start
        calls += 1
    per_call = total / calls
    return CaseResult(
        shape, n_bytes, megabytes, calls, per_call, per_call / megabytes, before, _maxrss_mb(),
        len(output),
    )  # fmt: skip


def measure_in_fresh_process(shape: str, n_bytes: int, seed: int) -> CaseResult:
    """:func:`measure_case` in a new spawned process, so its peak RSS is its own."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(measure_case, shape, n_bytes, seed).result()


def plan(
    shapes: Sequence[str], sizes: Sequence[int], max_size: int | None
) -> list[tuple[str, int]]:
    """The (shape, size) cases to run, smallest sizes first."""
    cases = []
    for size in sorted(sizes):
        for shape in shapes:
            if size <= MAX_SIZE.get(shape, size) and (max_size is None or size <= max_size):
                cases.append((shape, size))
    return cases


def _fmt(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def format_table(results: Sequence[CaseResult]) -> str:
    """CPU s/MB and peak RSS per size, the shapes side by side, and glued/normal."""
    shapes = list(dict.fromkeys(r.shape for r in results))
    by_case = {(r.shape, r.target_bytes): r for r in results}
    head = "size".ljust(10) + "".join(f"{s} s/MB".rjust(WIDTH) for s in shapes)
    head += "".join(f"{s} RSS MB".rjust(WIDTH) for s in shapes) + "glued/normal".rjust(14)
    lines = [head]
    for size in sorted({r.target_bytes for r in results}):
        cells = [by_case.get((s, size)) for s in shapes]
        row = _size_label(size).ljust(10)
        row += "".join(_fmt(c.seconds_per_mb if c else None, 3).rjust(WIDTH) for c in cells)
        row += "".join(_fmt(c.peak_rss_mb if c else None, 0).rjust(WIDTH) for c in cells)
        lines.append(row + _fmt(glued_ratio(by_case, size), 1).rjust(14))
    return "\n".join(lines)


def glued_ratio(by_case: dict[tuple[str, int], CaseResult], size: int) -> float | None:
    """Seconds per MB of the worse glued storm over normal text at ``size``
    (None if either is missing)."""
    storms = [by_case.get((shape, size)) for shape in ("glued", "glued_letters")]
    glued = max((s for s in storms if s), key=lambda s: s.seconds_per_mb, default=None)
    normal = by_case.get(("normal", size))
    if glued is None or normal is None or normal.seconds_per_mb == 0:
        return None
    return glued.seconds_per_mb / normal.seconds_per_mb


def _size_label(size: int) -> str:
    return f"{size / 1e6:g} MB" if size >= 1_000_000 else f"{size / 1e3:g} KB"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shapes", type=lambda s: s.split(","), default=list(SHAPES))
    parser.add_argument(
        "--sizes",
        type=lambda s: [int(x) for x in s.split(",")],
        default=list(SIZES),
        help="comma-separated sizes in bytes (default 6 KB ... 10 MB)",
    )
    parser.add_argument("--max-size", type=int, default=None, help="skip sizes above this")
    parser.add_argument("--quick", action="store_true", help=f"sizes up to {QUICK_MAX:,} bytes")
    parser.add_argument(
        "--in-process", action="store_true", help="measure here (RSS then mixes cases)"
    )
    parser.add_argument("-o", "--output", type=Path, default=OUT_PATH)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run every case, print the table, write the JSON."""
    args = parse_args(argv)
    max_size = QUICK_MAX if args.quick and args.max_size is None else args.max_size
    measure = measure_case if args.in_process else measure_in_fresh_process
    results: list[CaseResult] = []
    for shape, size in plan(args.shapes, args.sizes, max_size):
        result = measure(shape, size, args.seed)
        print(
            f"{shape:>9} {_size_label(size):>7}: {result.seconds_per_mb:8.3f} s/MB, "
            f"peak RSS {result.peak_rss_mb:7.1f} MB",
            file=sys.stderr,
            flush=True,
        )
        results.append(result)
    print(format_table(results))
    payload = {
        "machine": machine_info(
            PACKAGES,
            seed=args.seed,
            load_average=load_average(),
            args={k: str(v) for k, v in vars(args).items()},
        ),
        "cases": [asdict(r) for r in results],
    }
    write_report(args.output, payload)
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
