"""The feed job and `dedupe-feed run`: one line per record, learning,
clustering, a persistent index, and resuming after SIGKILL."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.generate import make_items
from dedupe_feed.cli import main
from dedupe_feed.errors import ConfigError
from dedupe_feed.feeds.job import JobOptions, run_feed

OUTLETS = ["Malabar Wire", "Deccan Daily", "Coastal Times", "Hill Post"]


def write_feed(path: Path, stories: int, seed: int, *, bad_lines: bool = True) -> int:
    """Wire stories carried by 1-3 outlets, each outlet with its own footer."""
    rng = random.Random(seed)
    lines = []
    for number, record in enumerate(make_items(stories, seed)):
        for outlet in rng.sample(OUTLETS, rng.choice([1, 2, 3])):
            body = f"{record['gold']}\n\nFollow {outlet} on X for the latest updates from Kerala."
            lines.append(
                json.dumps(
                    {
                        "id": f"{outlet.split()[0]}-{seed}-{number}",
                        "source": outlet,
                        "published": f"2026-01-{1 + number % 20:02d}",
                        "text": body,
                    }
                )
            )
    if bad_lines:
        lines.insert(3, "{not json")
        lines.insert(7, json.dumps({"id": "no-body", "source": "Hill Post"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_one_output_per_input_in_order_with_errors(tmp_path: Path) -> None:
    count = write_feed(tmp_path / "feed.jsonl", 20, 1)
    summary = run_feed([tmp_path / "feed.jsonl"], tmp_path / "out.jsonl", progress=False)
    out = rows(tmp_path / "out.jsonl")
    assert len(out) == count == summary.records
    assert summary.errors == 2
    assert "malformed JSON" in str(out[3]["error"])
    assert "missing text field" in str(out[7]["error"])
    inputs = [json.loads(x) for x in (tmp_path / "feed.jsonl").read_text().splitlines()[8:]]
    assert [r["id"] for r in out[8:]] == [r["id"] for r in inputs]


def test_learned_footers_are_removed_and_stories_cluster(tmp_path: Path) -> None:
    write_feed(tmp_path / "feed.jsonl", 20, 2, bad_lines=False)
    summary = run_feed([tmp_path / "feed.jsonl"], tmp_path / "out.jsonl", progress=False)
    out = rows(tmp_path / "out.jsonl")
    assert not any("Follow" in str(r["clean_text"]) for r in out)
    assert {s for s, found in summary.templates.items() if found} <= set(OUTLETS)
    by_cluster: dict[object, set[object]] = {}
    for row in out:
        by_cluster.setdefault(row["cluster_id"], set()).add(str(row["id"]).split("-")[-1])
    assert len(by_cluster) == 20  # one cluster per story
    assert all(len(stories) == 1 for stories in by_cluster.values())
    assert summary.duplicates == len(out) - 20


def test_a_learning_sample_finds_footers_that_are_then_removed_from_every_item(
    tmp_path: Path,
) -> None:
    write_feed(tmp_path / "feed.jsonl", 30, 2, bad_lines=False)
    summary = run_feed(
        [tmp_path / "feed.jsonl"], tmp_path / "out.jsonl", progress=False, learn_sample=8
    )
    out = rows(tmp_path / "out.jsonl")
    assert {s for s, found in summary.templates.items() if found} == set(OUTLETS)
    assert all(t.support <= 8 for found in summary.templates.values() for t in found)
    assert len(out) > 8 * len(OUTLETS)  # items past each sample are cleaned too
    assert not any("Follow" in str(r["clean_text"]) for r in out)


@pytest.mark.parametrize("bad", [0, -1, True])
def test_learn_sample_must_be_positive_or_none(bad: int) -> None:
    with pytest.raises(ConfigError, match="learn_sample"):
        JobOptions(learn_sample=bad)


def test_without_learning_footers_stay(tmp_path: Path) -> None:
    write_feed(tmp_path / "feed.jsonl", 6, 3, bad_lines=False)
    run_feed([tmp_path / "feed.jsonl"], tmp_path / "out.jsonl", progress=False, learn=False)
    assert all("Follow" in str(r["clean_text"]) for r in rows(tmp_path / "out.jsonl"))


def test_second_run_finds_yesterdays_duplicates_in_the_sqlite_index(tmp_path: Path) -> None:
    index = str(tmp_path / "index.sqlite")
    write_feed(tmp_path / "day1.jsonl", 8, 4, bad_lines=False)
    run_feed([tmp_path / "day1.jsonl"], tmp_path / "out1.jsonl", index=index, progress=False)
    day1 = rows(tmp_path / "out1.jsonl")
    repeat = dict(day1[0], id="late-copy", source="Hill Post")
    (tmp_path / "day2.jsonl").write_text(json.dumps(repeat) + "\n", encoding="utf-8")
    run_feed([tmp_path / "day2.jsonl"], tmp_path / "out2.jsonl", index=index, progress=False)
    [late] = rows(tmp_path / "out2.jsonl")
    assert late["cluster_id"] == day1[0]["cluster_id"]
    assert late["duplicate_of"] is not None


def test_cli_run_prints_a_summary_and_saves_templates(tmp_path: Path) -> None:
    write_feed(tmp_path / "feed.jsonl", 6, 5)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main,
        [
            "run",
            str(tmp_path / "feed.jsonl"),
            "-o",
            str(out),
            "--index",
            ":memory:",
            "--no-progress",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "records written" in result.stderr
    assert "learned templates" in result.stderr
    saved = json.loads((tmp_path / "out.jsonl.templates.json").read_text(encoding="utf-8"))
    assert all(
        t["template"].startswith("follow <outlet>") for found in saved.values() for t in found
    )


def test_bad_batch_size_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        JobOptions(batch_size=0)


def test_sigkill_then_resume_gives_the_uninterrupted_output(tmp_path: Path) -> None:
    write_feed(tmp_path / "feed.jsonl", 120, 6)
    whole = tmp_path / "whole.jsonl"
    run_feed(
        [tmp_path / "feed.jsonl"],
        whole,
        index=str(tmp_path / "whole.sqlite"),
        progress=False,
        batch_size=10,
    )

    out, index = tmp_path / "out.jsonl", tmp_path / "index.sqlite"
    command = [
        sys.executable,
        "-m",
        "dedupe_feed",
        "run",
        str(tmp_path / "feed.jsonl"),
        "-o",
        str(out),
        "--index",
        str(index),
        "--batch-size",
        "10",
        "--no-progress",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if out.exists() and out.stat().st_size > 0 and len(out.read_bytes().splitlines()) >= 30:
            break
        time.sleep(0.01)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    written_before = len(out.read_bytes().splitlines()) if out.exists() else 0

    resumed = subprocess.run([*command, "--resume"], capture_output=True, text=True, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert out.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")
    assert written_before < len(rows(whole))  # it really was interrupted


def test_two_worker_processes_give_the_same_output(tmp_path: Path) -> None:
    write_feed(tmp_path / "feed.jsonl", 30, 7)
    run_feed([tmp_path / "feed.jsonl"], tmp_path / "one.jsonl", progress=False, workers=1)
    run_feed([tmp_path / "feed.jsonl"], tmp_path / "two.jsonl", progress=False, workers=2)
    assert (tmp_path / "one.jsonl").read_text() == (tmp_path / "two.jsonl").read_text()
