"""Generate ``docs/benchmarks.md`` from the committed results in ``benchmarks/results/``.

    python -m benchmarks.docs                      # regenerate the page
    python -m benchmarks.docs --add-bench R.json   # keep a `dedupe-feed bench --json` summary

The page is a pure function of the result files (a test checks that the
committed page matches them).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
DOCS = ROOT / "docs" / "benchmarks.md"
BENCH_DUMP = "bench_dump.json"

CORPUS_COLUMNS = (
    ("content recall", "content_recall", "pct"),
    ("duplicate residue", "duplicate_residue", "pct"),
    ("boilerplate residue", "boilerplate_residue", "pct"),
    ("junk share", "junk_share", "pct"),
    ("token P", "token_precision", "f3"),
    ("token R", "token_recall", "f3"),
    ("token F1", "token_f1", "f3"),
    ("output/gold length", "length_ratio", "f3"),
    ("items/s", "items_per_s", "int"),
)
CLUSTER_COLUMNS = (
    ("pairwise P", "pairwise_precision", "f3"),
    ("pairwise R", "pairwise_recall", "f3"),
    ("pairwise F1", "pairwise_f1", "f3"),
    ("ARI", "ari", "f3"),
    ("items/s", "items_per_s", "int"),
)
TARGETS = (
    ("content recall >= 99.9%", "content_recall", lambda v: v >= 0.999),
    ("duplicate residue = 0", "duplicate_residue", lambda v: v == 0),
    ("boilerplate residue <= 0.5%", "boilerplate_residue", lambda v: v <= 0.005),
)


def fmt(value: Any, kind: str) -> str:
    """One table cell.

    >>> fmt(0.999965, "pct"), fmt(0.5, "f3"), fmt(1234.5, "int"), fmt(None, "pct")
    ('99.997%', '0.500', '1,234', '-')
    """
    if value is None or value == "":
        return "-"
    if kind == "pct":
        return f"{value * 100:.3f}%"
    if kind == "f3":
        return f"{value:.3f}"
    return f"{value:,.0f}" if kind == "int" else str(value)


def table(
    rows: Mapping[str, Mapping[str, Any]], columns: Sequence[tuple[str, str, str]]
) -> list[str]:
    """A Markdown table: one row per system."""
    lines = ["| system | " + " | ".join(c[0] for c in columns) + " |"]
    lines.append("|---|" + "---:|" * len(columns))
    for name, row in rows.items():
        cells = [fmt(row.get(key), kind) for _, key, kind in columns]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def _load(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _machine(info: Mapping[str, Any]) -> list[str]:
    versions = ", ".join(f"{k} {v or 'absent'}" for k, v in info["packages"].items())
    return [
        f"Machine: {info['platform']}, {info['cpu_count']} CPUs, Python {info['python']}; "
        f"seed {info['seed']}.",
        "",
        f"Versions: {versions}.",
    ]


def _corpus(seeded: Mapping[str, Any]) -> list[str]:
    corpus = seeded["corpus"]
    lines = [
        "",
        f"## Seeded syndication corpus ({corpus['items']:,} items)",
        "",
        "Corrupted the ways DESIGN.md lists (body delivered 2-3 times with edits, glued",
        "sentences and subheads, credits, disclaimers, footers, date prefixes); the clean",
        "article is the gold. Every system cleans the same raw items.",
        "",
        *table(corpus["systems"], CORPUS_COLUMNS),
    ]
    lines += [f"- absent: {name} ({why})" for name, why in corpus["absent"].items()]
    ours = corpus["systems"].get("dedupe_feed")
    if ours:
        checks = [f"{label}: {'met' if ok(ours[key]) else 'NOT met'}" for label, key, ok in TARGETS]
        lines += ["", "Targets for dedupe_feed: " + "; ".join(checks) + "."]
    return lines


def _feed(feed: Mapping[str, Any] | None) -> list[str]:
    if not feed:
        return []
    return [
        "",
        f"## Seeded multi-outlet feed ({feed['items']:,} items, {feed['stories']:,} stories)",
        "",
        "30% of stories carried by 2-4 outlets, lightly edited, each outlet with its own",
        "footer; clusters scored against the true stories. items/s: the whole `run_feed`",
        "job (learning pass, cleaning, clustering, writing) beside LSH alone on texts",
        "already clean.",
        "",
        *table(feed["systems"], CLUSTER_COLUMNS),
    ]


def _public(public: Mapping[str, Any] | None) -> list[str]:
    if not public:
        return ["", "## Public sets", "", "Not run (give their paths to `benchmarks.suite`)."]
    lines = ["", "## Public sets", ""]
    extraction = public.get("extraction")
    if extraction:
        columns = (
            ("AEB token P", "aeb.precision", "f3"),
            ("AEB token R", "aeb.recall", "f3"),
            ("AEB token F1", "aeb.f1", "f3"),
            ("traf-eval keep", "trafilatura_eval.must_keep_found", "pct"),
            ("traf-eval drop", "trafilatura_eval.must_drop_removed", "pct"),
            ("L3S content", "l3s.content_found", "pct"),
            ("L3S boilerplate removed", "l3s.boilerplate_removed", "pct"),
        )
        flat = {name: _flatten(row) for name, row in extraction["results"].items()}
        lines += ["Extraction from HTML pages:", "", *table(flat, columns), ""]
    for name, result in (public.get("pairs") or {}).items():
        rows = {
            system: {**s, "must_not": f"{s['must_not_merge_merged']}/{result['must_not_merge']}"}
            for system, s in result["systems"].items()
        }
        columns = (
            ("pairwise P", "precision", "f3"),
            ("pairwise R", "recall", "f3"),
            ("must-not-merge merged", "must_not", "str"),
        )
        lines += [f"{name} labelled pairs ({result['positives']} positives):", ""]
        lines += [*table(rows, columns), ""]
    clusters = public.get("clusters")
    if clusters:
        lines += [f"Labelled clusters ({clusters['items']} items):", ""]
        lines += [*table(clusters["systems"], CLUSTER_COLUMNS), ""]
    return lines


def _flatten(row: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _bench_dump(dump: Mapping[str, Any] | None) -> list[str]:
    if not dump:
        return []
    speed = dump["speed"]
    rows = [
        ("items", fmt(dump["items"], "int")),
        ("input MB", f"{dump['raw_bytes'] / 1e6:,.1f}"),
        ("wall time", f"{speed['wall_seconds']:,.0f} s"),
        ("CPU time (user + system)", dump.get("cpu_time", "-")),
        (
            "cleaning",
            f"{speed['clean_items_per_s']:,.0f} items/s, {speed['clean_mb_per_s']:.2f} MB/s",
        ),
        ("clustering", f"{speed['cluster_items_per_s']:,.0f} items/s"),
        ("learning pass", f"{speed['learn_seconds']:,.0f} s"),
        ("peak RSS", f"{dump['memory']['peak_rss_mb']:,.0f} MB"),
        ("RSS at first / last sample", dump["rss_first_last"]),
        ("characters removed", fmt(dump["removed_share"], "pct")),
        ("over-removed items", fmt(dump["over_removed"], "int")),
        ("clusters", fmt(dump["clusters"], "int")),
    ]
    return [
        "",
        f"## `dedupe-feed bench` on a {dump['items']:,}-item dump",
        "",
        f"`{dump['command']}` (one process cleans and clusters; the index is a temporary"
        " SQLite file).",
        "",
        "| | |",
        "|---|---:|",
        *[f"| {label} | {value} |" for label, value in rows],
        *(["", dump["note"]] if dump.get("note") else []),
    ]


def render(results: Path = RESULTS) -> str:
    """The whole page from the result files in ``results``."""
    seeded = _load(results / "seeded.json")
    public = _load(results / "public.json")
    dump = _load(results / BENCH_DUMP)
    info = (seeded or public or {}).get("machine")
    lines = [
        "# Benchmarks",
        "",
        "Generated by `python -m benchmarks.docs` from `benchmarks/results/` (written by",
        "`python -m benchmarks.suite`); do not edit by hand. Numbers are from one run on a",
        "shared 2-core machine: compare systems within a table, not across machines.",
        "",
    ]
    lines += _machine(info) if info else ["No results yet."]
    lines += _corpus(seeded) if seeded else []
    lines += _feed(seeded.get("feed") if seeded else None)
    lines += _public(public)
    lines += _bench_dump(dump)
    return "\n".join(lines) + "\n"


def bench_summary(
    report: Mapping[str, Any], command: str, cpu_seconds: float | None = None
) -> dict[str, Any]:
    """The part of a ``dedupe-feed bench --json`` report kept in the results
    (``cpu_seconds``: as measured outside, when the report has none)."""
    trace = report["memory"]["trace"]
    cpu = report["speed"].get("cpu_seconds", cpu_seconds)
    first_last = f"{trace[0][1]:,.0f} / {trace[-1][1]:,.0f} MB" if trace else "-"
    return {
        "command": command,
        "items": report["items"],
        "raw_bytes": report["raw_bytes"],
        "speed": report["speed"],
        "memory": report["memory"],
        "rss_first_last": first_last,
        "cpu_time": f"{cpu:,.0f} s" if cpu is not None else "-",
        "removed_share": report["removed_share"],
        "over_removed": report["over_removal"]["items"],
        "clusters": report["clusters"]["count"],
        "cluster_sizes": report["clusters"]["sizes"],
        "run": report.get("run", {}),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the page (and keep a bench summary when given one)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--add-bench", type=Path, help="a `dedupe-feed bench --json` file")
    parser.add_argument("--command", default="dedupe-feed bench dump.jsonl", help="as run")
    parser.add_argument("--cpu-seconds", type=float, help="user + system time, if not in it")
    parser.add_argument("--note", default="", help="conditions of the run, shown under the table")
    args = parser.parse_args(argv)
    if args.add_bench:
        report = json.loads(args.add_bench.read_text(encoding="utf-8"))
        summary = {**bench_summary(report, args.command, args.cpu_seconds), "note": args.note}
        (RESULTS / BENCH_DUMP).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    DOCS.write_text(render(), encoding="utf-8")
    print(f"wrote {DOCS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
