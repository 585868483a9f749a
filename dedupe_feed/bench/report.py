"""The bench report: one self-contained HTML page (inline SVG, inline CSS, no
script, nothing fetched) and a Markdown summary, both from the plain data of
:meth:`BenchStats.to_dict` plus :func:`run_info`. All item text is escaped.

>>> from dedupe_feed.bench.stats import BenchStats
>>> data = {**BenchStats().to_dict(), "run": {"inputs": ["<dump>.jsonl"]}}
>>> page = html_report(data)
>>> page.startswith("<!DOCTYPE html>") and "&lt;dump&gt;.jsonl" in page and "<script" not in page
True
>>> "| items | 0 |" in markdown_report(data)
True
"""

from __future__ import annotations

import datetime as dt
import html
import os
import platform
from collections.abc import Sequence
from typing import Any

from dedupe_feed import __version__
from dedupe_feed.bench.plots import bar_chart, column_chart, line_chart

TOP_REASONS = 15
TOP_SOURCES = 20
SIZE_BUCKETS = ((1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 10), (11, 20), (21, 50), (51, None))
_CSS = """
body{font-family:sans-serif;margin:24px;max-width:1100px;color:#222}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ccc;margin-top:32px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
details{margin:8px 0}summary{cursor:pointer;font-weight:bold}
.note{color:#555;font-size:13px}
"""


def run_info(inputs: Sequence[str]) -> dict[str, Any]:
    """Where and with what the bench ran."""
    return {
        "inputs": list(inputs),
        "dedupe_feed": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _pct(share: float) -> str:
    return f"{share * 100:.2f}%"


def _num(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}" if isinstance(value, float) else f"{value:,}"


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], numeric: set[int]) -> str:
    head = "".join(f"<th>{_esc(h)}</th>" for h in header)
    head = f"<tr>{head}</tr>" if any(header) else ""
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{_esc(c)}</td>' if i in numeric else f"<td>{_esc(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table>{head}{body}</table>"


def size_buckets(sizes: dict[str, int]) -> list[tuple[str, int]]:
    """Cluster counts per size range (``"6-10"``, ``"51+"``), empty ranges left out.

    >>> size_buckets({"1": 5, "2": 1, "7": 2, "60": 1})
    [('1', 5), ('2', 1), ('6-10', 2), ('51+', 1)]
    """
    rows = []
    for low, high in SIZE_BUCKETS:
        count = sum(
            n for s, n in sizes.items() if int(s) >= low and (high is None or int(s) <= high)
        )
        label = str(low) if low == high else (f"{low}+" if high is None else f"{low}-{high}")
        if count:
            rows.append((label, count))
    return rows


def _speed_rows(data: dict[str, Any]) -> list[tuple[str, str]]:
    speed, memory = data["speed"], data["memory"]
    return [
        ("items", _num(data["items"])),
        ("errors (unreadable or failed records)", _num(data["errors"])),
        ("input MB (UTF-8 bodies)", _num(data["raw_bytes"] / 1e6, 2)),
        ("cleaning: items/s", _num(speed["clean_items_per_s"])),
        ("cleaning: MB/s", _num(speed["clean_mb_per_s"], 2)),
        ("clustering: items/s", _num(speed["cluster_items_per_s"])),
        ("clustering: MB/s (clean text)", _num(speed["cluster_mb_per_s"], 2)),
        ("learning pass: s", _num(speed["learn_seconds"], 2)),
        ("wall time: s", _num(speed["wall_seconds"], 2)),
        ("CPU time of this process: s", _num(speed["cpu_seconds"], 2)),
        ("peak RSS: MB", _num(memory["peak_rss_mb"])),
    ]


def _summary_rows(data: dict[str, Any]) -> list[tuple[str, str]]:
    clusters = data["clusters"]
    return [
        ("characters removed", _pct(data["removed_share"])),
        ("stories (clusters)", _num(clusters["count"])),
        ("items in stories carried more than once", _num(clusters["items_in_repeated_stories"])),
        ("duplicates / updates", f"{clusters['duplicates']:,} / {clusters['updates']:,}"),
        (
            f"over-removed items (> {data['over_removal']['threshold']:.0%} of text lost)",
            _num(data["over_removal"]["items"]),
        ),
    ]


def _reason_rows(data: dict[str, Any]) -> list[tuple[str, float]]:
    return [(r, v["share"]) for r, v in list(data["removed_by_reason"].items())[:TOP_REASONS]]


def _sources_html(data: dict[str, Any]) -> str:
    rows = []
    for name, source in list(data["sources"].items())[:TOP_SOURCES]:
        top = list(source["removed_by_reason"].items())[:3]
        reasons = ", ".join(f"{r} {_pct(v['share'])}" for r, v in top)
        rows.append([name, f"{source['items']:,}", _pct(source["removed_share"]), reasons])
    table = _table(["source", "items", "removed", "top reasons (share of chars)"], rows, {1, 2})
    more = len(data["sources"]) - TOP_SOURCES
    return table + (f'<p class="note">{more} more sources in the JSON.</p>' if more > 0 else "")


def _boilerplate_html(data: dict[str, Any]) -> str:
    parts = []
    names = list(data["sources"])[:TOP_SOURCES]
    for name in names:
        templates = data["templates"].get(name, [])[:10]
        lines = data["sources"][name]["top_removed_lines"]
        if not templates and not lines:
            continue
        parts.append(f"<h3>{_esc(name)}</h3>")
        if templates:
            rows = [[t["template"], t["support"], _pct(t["share"])] for t in templates]
            parts.append(_table(["learned template", "items", "share"], rows, {1, 2}))
        if lines:
            rows = [[line["text"], line["reason"], line["count"]] for line in lines]
            parts.append(_table(["top removed line", "reason", "times"], rows, {2}))
    return "".join(parts) or "<p>Nothing learned or removed by rules.</p>"


def _examples_html(data: dict[str, Any]) -> str:
    over = data["over_removal"]
    if not over["examples"]:
        return "<p>No item lost more than the threshold.</p>"
    parts = [
        f'<p class="note">The {len(over["examples"])} items that lost the most of their'
        " text (removed repeats of kept text do not count as lost).</p>"
    ]
    for example in over["examples"]:
        title = (
            f"{example['id']} ({example['source'] or 'no source'}): "
            f"{_pct(example['lost_share'])} lost, {example['kept_chars']:,} of "
            f"{example['source_chars']:,} chars kept"
        )
        view = example["view_html"] or '<p class="note">(too long to show)</p>'
        parts.append(f"<details><summary>{_esc(title)}</summary>{view}</details>")
    return "".join(parts)


def _errors_html(data: dict[str, Any]) -> str:
    if not data["errors"]:
        return "<p>No errors.</p>"
    rows = [[e["source_name"], e["position"], e["reason"]] for e in data["error_examples"]]
    counts = [[reason, n] for reason, n in data["error_reasons"].items()]
    return _table(["error", "records"], counts, {1}) + _table(
        ["file", "position", "reason"], rows, set()
    )


def _charts(data: dict[str, Any]) -> dict[str, str]:
    trace = [(float(x), float(y)) for x, y in data["memory"]["trace"]]
    return {
        "reasons": bar_chart(
            _reason_rows(data), title="Share of characters removed, by reason", percent=True
        ),
        "sizes": column_chart(
            size_buckets(data["clusters"]["sizes"]),
            title="Stories by number of items carrying them",
            x_label="items per story (cluster size)",
        ),
        "memory": line_chart(
            trace, title="Resident memory while streaming", x_label="items", y_label="MB"
        ),
    }


def html_report(data: dict[str, Any]) -> str:
    """The whole report as one HTML page."""
    run = data.get("run", {})
    charts = _charts(data)
    inputs = ", ".join(run.get("inputs", []))
    meta = " · ".join(
        f"{k} {run[k]}" for k in ("dedupe_feed", "python", "platform", "finished") if k in run
    )
    sections = [
        f"<h1>dedupe-feed bench: {_esc(inputs)}</h1>",
        f'<p class="note">{_esc(meta)}</p>',
        "<h2>Summary</h2>",
        _table(["", ""], _summary_rows(data), {1}),
        "<h2>Speed and memory</h2>",
        _table(["", ""], _speed_rows(data), {1}),
        charts["memory"],
        "<h2>What was removed, and why</h2>",
        charts["reasons"],
        "<h3>Per source</h3>",
        _sources_html(data),
        "<h2>Outlet boilerplate</h2>",
        _boilerplate_html(data),
        "<h2>Repeated stories</h2>",
        charts["sizes"],
        "<h2>Over-removal: where to look first</h2>",
        _examples_html(data),
        "<h2>Errors</h2>",
        _errors_html(data),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>dedupe-feed bench</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(sections)
        + "\n</body>\n</html>\n"
    )


def _md(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _md_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(map(_md, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(map(_md, row)) + " |" for row in rows]
    return lines


def markdown_report(data: dict[str, Any]) -> str:
    """The report's numbers as Markdown (no pictures, no item views)."""
    run = data.get("run", {})
    lines = [f"# dedupe-feed bench: {_md(', '.join(run.get('inputs', [])))}", ""]
    lines += [*_md_table(["", ""], [*_summary_rows(data), *_speed_rows(data)]), ""]
    lines += ["## Removed, by reason", ""]
    reasons = [
        (r, f"{v['chars']:,}", _pct(v["share"])) for r, v in data["removed_by_reason"].items()
    ]
    lines += [*_md_table(["reason", "chars", "share"], reasons[:TOP_REASONS]), ""]
    lines += ["## Per source", ""]
    rows = [
        (name, f"{s['items']:,}", _pct(s["removed_share"]), len(data["templates"].get(name, [])))
        for name, s in list(data["sources"].items())[:TOP_SOURCES]
    ]
    lines += [*_md_table(["source", "items", "removed", "learned templates"], rows), ""]
    lines += ["## Cluster sizes", ""]
    lines += _md_table(["items per story", "stories"], size_buckets(data["clusters"]["sizes"]))
    examples = data["over_removal"]["examples"]
    if examples:
        lines += ["", "## Most over-removed items", ""]
        worst = [(e["id"], e["source"] or "", _pct(e["lost_share"])) for e in examples]
        lines += _md_table(["id", "source", "lost"], worst)
    return "\n".join(lines) + "\n"
