"""How long does the ``dedupe-feed`` command take to start?

``python -m benchmarks.bench_startup --runs 10`` runs each command ``--runs``
times in a fresh interpreter (after one untimed warm-up run; in ``/``, so the
``dedupe_feed`` timed is the one ``PYTHONPATH`` or the environment gives, not a
checkout in the current folder) and reports the
median wall-clock seconds and the median CPU seconds (user + system of the
child: what the process itself cost, whatever else the shared machine is
doing):

- ``python``: ``python -c pass``, the interpreter alone (the floor);
- ``import``: ``python -c "import dedupe_feed"``;
- ``help``: ``python -m dedupe_feed --help``;
- ``clean``: ``python -m dedupe_feed clean dedupe_feed/examples/wire_doubled.txt``.

Each is timed twice: with ``bytecode`` ``cached`` (as an installed package
runs: the warm-up run writes the compiled modules, under a temporary
``PYTHONPYCACHEPREFIX`` so no checkout gets ``__pycache__`` folders) and
``none`` (``PYTHONDONTWRITEBYTECODE=1``: every module compiled from source at
every start, as in a checkout run with that variable set).

The target (issue 17) is under 0.3 s for ``help`` and ``clean``. A table goes
to stdout and the results, with machine info, to
``benchmarks/results/startup.json``.

>>> [name for name, _ in commands("python")]
['python', 'import', 'help', 'clean']
>>> median([3.0, 1.0, 2.0])
2.0
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from benchmarks.machine import load_average, machine_info, write_report

EXAMPLE = Path(__file__).resolve().parent.parent / "dedupe_feed" / "examples" / "wire_doubled.txt"
REPORT = Path(__file__).resolve().parent / "results" / "startup.json"


def commands(python: str) -> list[tuple[str, list[str]]]:
    """The timed commands, by name."""
    return [
        ("python", [python, "-c", "pass"]),
        ("import", [python, "-c", "import dedupe_feed"]),
        ("help", [python, "-m", "dedupe_feed", "--help"]),
        ("clean", [python, "-m", "dedupe_feed", "clean", str(EXAMPLE)]),
    ]


def median(values: Sequence[float]) -> float:
    """The median of ``values``."""
    return float(statistics.median(values))


def environment(bytecode: str, cache: str) -> dict[str, str]:
    """The children's environment: compiled modules kept under ``cache``
    (``bytecode="cached"``) or never written (``"none"``).

    >>> environment("none", "/tmp/x")["PYTHONDONTWRITEBYTECODE"]
    '1'
    >>> "PYTHONDONTWRITEBYTECODE" in environment("cached", "/tmp/x")
    False
    """
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)}
    if bytecode == "none":
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env["PYTHONPYCACHEPREFIX"] = cache
    return env


def time_once(argv: list[str], env: Mapping[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run of ``argv`` (which must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run = subprocess.run  # in "/": the dedupe_feed timed is not a checkout in the current folder
    run(argv, check=True, stdout=subprocess.DEVNULL, cwd=Path(argv[0]).anchor, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(argv: list[str], runs: int, env: Mapping[str, str]) -> dict[str, float]:
    """Median wall and CPU seconds of ``runs`` runs after one warm-up."""
    time_once(argv, env)
    times = [time_once(argv, env) for _ in range(runs)]
    return {
        "wall_s": round(median([wall for wall, _ in times]), 3),
        "cpu_s": round(median([cpu for _, cpu in times]), 3),
        "min_wall_s": round(min(wall for wall, _ in times), 3),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--runs`` per command, ``--out`` report path."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--out", type=Path, default=REPORT)
    args = parser.parse_args(argv)
    load_before = load_average()
    results: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as cache:
        for bytecode in ("cached", "none"):
            env = environment(bytecode, cache)
            results[bytecode] = {
                name: measure(command, args.runs, env) for name, command in commands(sys.executable)
            }
    print(
        f"{'bytecode':<9}{'command':<8} {'median wall s':>14} {'median cpu s':>13} "
        f"{'min wall s':>11}"
    )
    for bytecode, timed in results.items():
        for name, result in timed.items():
            print(
                f"{bytecode:<9}{name:<8} {result['wall_s']:>14.3f} {result['cpu_s']:>13.3f} "
                f"{result['min_wall_s']:>11.3f}"
            )
    info = machine_info(["click", "numpy"], runs=args.runs, load_before=load_before)
    write_report(args.out, {"machine": info, "load_after": load_average(), "results": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
