"""The boilerplate benchmark: catalog strings added to clean articles never cost a body sentence."""

from __future__ import annotations

import json
import random
from pathlib import Path

from benchmarks import bench_boilerplate as bench
from dedupe_feed.rules import builtin_rules


def test_a_small_run_loses_no_body_sentence_and_removes_the_boilerplate() -> None:
    report = bench.run(articles=2, seed=5)
    assert report["total"]["body_units_lost"] == 0
    assert report["total"]["removed_share"] >= 0.99
    families = {rule.family for rule in builtin_rules()} - set(bench.LIFTING_FAMILIES)
    assert set(report["families"]) == families


def test_strings_are_the_boilerplate_part_of_each_example() -> None:
    strings = {i.text for i in bench.injections(("promo",))}
    assert any(text.startswith("The Indian Express is now on Telegram.") for text in strings)
    assert "The Indian Express is now on Telegram." not in strings


def test_placement_follows_the_rule_position() -> None:
    rng = random.Random(1)
    top = bench.Injection("x.a", "x", "top", "HEAD")
    line = bench.Injection("x.b", "x", "line", "TAIL")
    assert bench.place(top, "Body.", rng).startswith("HEAD")
    assert bench.place(line, "Body.", rng).split("\n")[-1] == "TAIL"


def test_a_cleaner_that_keeps_everything_scores_zero_removed() -> None:
    report = bench.run(articles=1, seed=2, families=("ad",), cleaner=lambda raw: raw)
    assert report["families"]["ad"]["removed_share"] == 0.0
    assert report["misses"]


def test_main_writes_the_report(tmp_path: Path, capsys: object) -> None:
    out = tmp_path / "boilerplate.json"
    assert bench.main(["--articles", "1", "--seed", "3", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["total"]["body_units_lost"] == 0
