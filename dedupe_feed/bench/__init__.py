"""``dedupe-feed bench``: quality and speed on any feed dump, as a report.

:func:`run_bench` streams a dump through the stages of ``dedupe-feed run``
and returns :class:`BenchStats`; :func:`write_reports` turns them into a
self-contained HTML page, a Markdown summary and (optionally) JSON. The
labelled suites with baselines live in ``benchmarks/`` of a source checkout
(:func:`load_suite` finds them).

>>> import json, pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "in.jsonl").write_text(json.dumps({"id": 1, "text": "Rain hit Kochi. (PTI)"}))
>>> stats = run_bench([folder / "in.jsonl"], index=":memory:", progress=False)
>>> paths = write_reports(stats, ["in.jsonl"], folder / "report.html")
>>> [p.name for p in paths]
['report.html', 'report.md']
>>> import shutil; shutil.rmtree(folder)
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

from dedupe_feed.bench.report import html_report, markdown_report, run_info
from dedupe_feed.bench.runner import BenchOptions, run_bench
from dedupe_feed.bench.stats import BenchStats

__all__ = [
    "BenchOptions",
    "BenchStats",
    "SuiteNotFoundError",
    "html_report",
    "load_suite",
    "markdown_report",
    "run_bench",
    "write_reports",
]


def write_reports(
    stats: BenchStats,
    inputs: Sequence[str],
    html_path: Path,
    *,
    markdown_path: Path | None = None,
    json_path: Path | None = None,
) -> list[Path]:
    """Write the HTML report, the Markdown summary (default: beside the HTML,
    ``.md``) and, when asked, the data as JSON; returns the paths written."""
    data = {**stats.to_dict(), "run": run_info(inputs)}
    markdown_path = markdown_path or html_path.with_suffix(".md")
    html_path.write_text(html_report(data), encoding="utf-8")
    markdown_path.write_text(markdown_report(data), encoding="utf-8")
    written = [html_path, markdown_path]
    if json_path is not None:
        json_path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
        written.append(json_path)
    return written


class SuiteNotFoundError(RuntimeError):
    """The labelled suites are not installed: they need a source checkout."""


def load_suite(search: Sequence[Path] = ()) -> Callable[[list[str]], Any]:
    """``benchmarks.suite.main`` from a source checkout: the current folder,
    ``search`` folders, or the folder the package was installed from (editable).
    Raises :class:`SuiteNotFoundError` when there is none."""
    here = Path(__file__).resolve().parents[2]
    for root in (*search, Path.cwd(), here):
        if (root / "benchmarks" / "suite.py").is_file():
            if str(root) not in sys.path:
                sys.path.insert(0, str(root))
            module = importlib.import_module("benchmarks.suite")
            return cast(Callable[[list[str]], Any], module.main)
    raise SuiteNotFoundError(
        "the labelled suites live in benchmarks/ of a source checkout of dedupe-feed; "
        "run this from the checkout (git clone ...; pip install -e '.[bench]')"
    )
