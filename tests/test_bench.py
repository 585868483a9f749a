"""``dedupe-feed bench``: exact counts on a small crafted dump, bad input, the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe_feed.bench import BenchStats, html_report, markdown_report, run_bench, write_reports
from dedupe_feed.bench.report import size_buckets
from dedupe_feed.bench.stats import MAX_SOURCES, OTHER_SOURCES, TopCounter, lost_share
from dedupe_feed.cli import main

FIRE = "Fire broke out in Kochi on Monday. (PTI)"  # 40 chars, "(PTI)" removed
DISCLAIMER = (
    "Rain hit Kochi. (Except for the headline, this story has not been edited by Malabar "
    "Wire staff and is published from a syndicated feed.)"
)  # 136 chars, 120 removed: over-removed
DOUBLED = "Heavy rain lashed Kannur district on Monday night, officials said. " * 2
SCRIPT = "<script>alert(1)</script> Fire broke out in Kochi on Monday. (PTI)"


def write_dump(folder: Path, lines: list[str]) -> Path:
    path = folder / "dump.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def record(item_id: str, source: str, text: str) -> str:
    return json.dumps({"id": item_id, "source": source, "text": text})


@pytest.fixture
def crafted(tmp_path: Path) -> Path:
    return write_dump(
        tmp_path,
        [
            record("a", "Wire", FIRE),
            record("b", "Wire", FIRE),
            record("c", "Malabar", DISCLAIMER),
            record("d", "Malabar", DOUBLED.strip()),
            "{not json",
            json.dumps({"id": "e"}),
        ],
    )


def bench(path: Path, **options: object) -> BenchStats:
    return run_bench([path], index=":memory:", progress=False, **options)  # type: ignore[arg-type]


def test_removed_shares_per_reason_and_source(crafted: Path) -> None:
    data = bench(crafted).to_dict()
    assert data["items"] == 4
    assert data["source_chars"] == 40 + 40 + 136 + 133
    shares = {r: v["chars"] for r, v in data["removed_by_reason"].items()}
    assert shares == {
        "disclaimer.not_edited_by_staff": 120,
        "exact_duplicate": 66,
        "credit.agency_parenthesized": 10,
    }
    assert data["removed_share"] == pytest.approx(196 / 349)
    wire, malabar = data["sources"]["Wire"], data["sources"]["Malabar"]
    assert (wire["items"], wire["source_chars"], wire["kept_chars"]) == (2, 80, 68)
    assert wire["removed_share"] == pytest.approx(10 / 80)
    assert malabar["removed_by_reason"]["exact_duplicate"]["share"] == pytest.approx(66 / 269)
    assert wire["top_removed_lines"] == [
        {"reason": "credit.agency_parenthesized", "text": "(PTI)", "count": 2}
    ]
    assert all(line["reason"] != "exact_duplicate" for line in malabar["top_removed_lines"])


def test_cluster_sizes_and_duplicates(crafted: Path) -> None:
    stats = bench(crafted)
    assert stats.cluster_sizes() == {1: 2, 2: 1}
    clusters = stats.to_dict()["clusters"]
    assert (clusters["count"], clusters["duplicates"], clusters["items_in_repeated_stories"]) == (
        3,
        1,
        2,
    )


def test_over_removal_flags_only_the_item_that_lost_its_text(crafted: Path) -> None:
    over = bench(crafted).to_dict()["over_removal"]
    assert over["items"] == 1
    [example] = over["examples"]
    assert (example["id"], example["source"], example["kept_chars"]) == ("c", "Malabar", 15)
    assert example["lost_share"] == pytest.approx(120 / 136)
    assert "<del" in example["view_html"]


def test_repeats_of_kept_text_are_not_lost() -> None:
    from dedupe_feed import analyze

    assert lost_share(analyze(DOUBLED.strip())) == 0.0
    assert lost_share(analyze("")) == 0.0


def test_bad_records_are_counted_not_fatal(crafted: Path) -> None:
    data = bench(crafted).to_dict()
    assert data["errors"] == 2
    reasons = [e["reason"] for e in data["error_examples"]]
    assert reasons[0].startswith("malformed JSON")
    assert reasons[1].startswith("missing text field")
    assert [e["position"] for e in data["error_examples"]] == [5, 6]


def test_a_reused_id_is_an_error_where_run_puts_its_error_line(tmp_path: Path) -> None:
    path = write_dump(tmp_path, [record("a", "PTI", FIRE), record("a", "PTI", DOUBLED)])
    data = bench(path).to_dict()
    assert data["errors"] == 1
    (example,) = data["error_examples"]
    assert (example["source_name"], example["position"]) == (str(path), 2)
    assert example["reason"].startswith("reused id: id 'a' is already in the index")
    run_line = json.loads(
        CliRunner()
        .invoke(main, ["run", "-q", str(path), "-o", "-", "--index", ":memory:", "--no-learn"])
        .output.splitlines()[1]
    )
    assert (run_line["source_name"], run_line["position"]) == (str(path), 2)
    assert run_line["error"] == example["reason"]


def test_empty_dump_gives_an_empty_report(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("", encoding="utf-8")
    stats = bench(path)
    data = {**stats.to_dict(), "run": {"inputs": [str(path)]}}
    assert (data["items"], data["errors"], data["removed_share"]) == (0, 0, 0.0)
    assert data["speed"]["clean_items_per_s"] == 0.0
    assert "no data" in html_report(data)
    assert "| items | 0 |" in markdown_report(data)


def test_missing_file_is_an_error_record(tmp_path: Path) -> None:
    stats = bench(tmp_path / "gone.jsonl")
    assert (stats.items, stats.errors) == (0, 1)


def test_report_escapes_item_text(tmp_path: Path) -> None:
    path = write_dump(tmp_path, [record("<i>x</i>", "<b>Out</b>", SCRIPT)] * 1)
    stats = bench(path, over_removal=0.0)
    html_path = tmp_path / "r.html"
    write_reports(stats, [str(path)], html_path)
    page = html_path.read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "<b>Out</b>" not in page
    assert "&lt;b&gt;Out&lt;/b&gt;" in page
    assert "&lt;i&gt;x&lt;/i&gt;" in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")


def test_sources_beyond_the_cap_are_pooled() -> None:
    stats = BenchStats()
    for number in range(MAX_SOURCES + 5):
        stats.source(f"s{number}").items += 1
    assert len(stats.sources) == MAX_SOURCES + 1
    assert stats.sources[OTHER_SOURCES].items == 5


def test_top_counter_stays_bounded() -> None:
    counter = TopCounter(capacity=10)
    for number in range(1000):
        counter.add(f"rare {number}")
        counter.add("frequent")
    assert len(counter.counts) <= 10
    assert counter.top(1)[0][0] == "frequent"


def test_size_buckets() -> None:
    assert size_buckets({}) == []
    assert size_buckets({"3": 2, "12": 1, "20": 1}) == [("3", 2), ("11-20", 2)]


def test_cli_bench_writes_html_markdown_and_json(crafted: Path, tmp_path: Path) -> None:
    report = tmp_path / "out" / "report.html"
    report.parent.mkdir()
    args = ["bench", str(crafted), "--report", str(report), "--json", str(tmp_path / "r.json")]
    result = CliRunner().invoke(main, [*args, "--index", ":memory:", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "| items | 4 |" in result.output
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "## Cluster sizes" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["items"] == 4


def test_cli_bench_usage_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["bench"])
    assert result.exit_code == 2
    assert "give a DUMP" in result.output
    result = CliRunner().invoke(main, ["bench", "x.jsonl", "--bogus"])
    assert result.exit_code == 2
    assert "no such option: --bogus" in result.output
