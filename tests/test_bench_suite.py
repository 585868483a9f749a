"""The labelled suite (benchmarks.suite), its baselines and the generated docs page."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks import baselines, docs, suite
from dedupe_feed.bench import load_suite
from dedupe_feed.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_committed_docs_page_matches_the_committed_results() -> None:
    committed = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    assert committed == docs.render(ROOT / "benchmarks" / "results")


def test_committed_results_meet_the_targets_with_every_baseline_beside() -> None:
    seeded = json.loads((ROOT / "benchmarks" / "results" / "seeded.json").read_text("utf-8"))
    corpus = seeded["corpus"]
    assert corpus["items"] >= 2000
    assert set(corpus["systems"]) | set(corpus["absent"]) == set(baselines.FACTORIES)
    ours = corpus["systems"]["dedupe_feed"]
    assert ours["content_recall"] >= 0.999
    assert ours["boilerplate_residue"] <= 0.005
    # The target is 0; one gold sentence in ~55,000 (item s1-001506) is kept twice,
    # and the page says the target is NOT met. This guards against it growing.
    assert ours["duplicate_residue"] <= 0.0001
    assert seeded["machine"]["seed"] == 1
    assert "dedupe-feed" in seeded["machine"]["packages"]


def test_suite_writes_results_csv_and_docs(tmp_path: Path) -> None:
    systems = "dedupe_feed,no cleaning,exact sentence dedup"
    out, page = tmp_path / "results", tmp_path / "benchmarks.md"
    args = ["--n", "4", "--feed-n", "12", "--systems", systems, "-o", str(out)]
    assert suite.main([*args, "--docs", str(page)]) == 0
    seeded = json.loads((out / "seeded.json").read_text(encoding="utf-8"))
    with (out / "seeded.csv").open(encoding="utf-8") as lines:
        rows = {r["system"]: r for r in csv.DictReader(lines)}
    assert list(rows) == systems.split(",")
    raw = seeded["corpus"]["systems"]["no cleaning"]
    assert raw["boilerplate_residue"] == 1.0
    assert raw["duplicate_residue"] > 0.5
    assert seeded["corpus"]["systems"]["dedupe_feed"]["content_recall"] == 1.0
    assert seeded["feed"]["items"] == 12
    assert page.read_text(encoding="utf-8") == docs.render(out)


def test_an_absent_baseline_is_reported_not_faked(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> baselines.Cleaner:
        raise ImportError("No module named 'nothing'")

    monkeypatch.setitem(baselines.FACTORIES, "broken", broken)
    found, absent = baselines.load_baselines(["no cleaning", "broken"])
    assert list(found) == ["no cleaning"]
    assert absent == {"broken": "ImportError: No module named 'nothing'"}


def test_cluster_scores_on_a_crafted_clustering() -> None:
    truth = {"a": "1", "b": "1", "c": "1", "d": "2"}
    found = {"a": "x", "b": "x", "c": "y", "d": "y"}
    scores = suite.cluster_scores(truth, found)
    assert (scores["pairwise_precision"], scores["pairwise_recall"]) == (0.5, 0.3333)
    assert scores["ari"] == 0.0  # joint pairs = expected pairs: chance level


def test_bench_suite_from_the_checkout(tmp_path: Path) -> None:
    assert load_suite() is suite.main
    out = tmp_path / "r"
    args = ["--n", "2", "--feed-n", "0", "--systems", "dedupe_feed", "-o", str(out)]
    result = CliRunner().invoke(main, ["bench", "--suite", *args, "--docs", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    assert (out / "seeded.csv").is_file()


def test_bench_suite_outside_a_checkout_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dedupe_feed import bench

    def nowhere(search: object = ()) -> None:
        raise bench.SuiteNotFoundError("the labelled suites live in benchmarks/ of a checkout")

    monkeypatch.setattr(bench, "load_suite", nowhere)
    result = CliRunner().invoke(main, ["bench", "--suite"])
    assert result.exit_code == 2
    assert "benchmarks/ of a checkout" in result.output
