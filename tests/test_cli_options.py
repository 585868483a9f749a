"""The options people expect on ``run`` and ``bench`` (issue 15, item 8), run
as a user runs them: a real ``python -m dedupe_feed`` process, real files,
its exit status and its stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import dedupe_feed

REPO = Path(dedupe_feed.__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
RAIN = [
    "Heavy rain lashed Kannur district on Monday night, officials said.",
    "The India Meteorological Department has issued an orange alert for six districts.",
    "Schools in the district will remain closed on Tuesday, the collector said.",
    "Over 300 people have been moved to 12 relief camps across the district.",
    "Fishermen have been told not to venture into the sea until Thursday.",
    "The Revenue Minister said teams of the disaster response force were on standby.",
    "Traffic on the Kannur-Thalassery road was disrupted after a landslide near Iritty.",
    "Power supply was cut in several villages as trees fell on lines.",
]
# Seven of the eight sentences and one of its own: similarity 0.88 to RAIN.
RAIN_EDITED = [*RAIN[:7], "Local traders in the town counted heavy losses from the flooding."]
FIRE = [
    "A fire broke out in a four-storey garment factory in east Delhi on Sunday.",
    "Twenty fire tenders were rushed to the spot and the blaze was put out by noon.",
    "No one was hurt, a fire department official said, and the cause is being examined.",
]


def record(rid: str, source: str, sentences: list[str]) -> str:
    return json.dumps({"id": rid, "source": source, "text": " ".join(sentences) + " (PTI)"})


def dedupe_feed_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dedupe_feed", *args],
        cwd=cwd, env=ENV, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip


def write_feed(folder: Path, *lines: str) -> Path:
    path = folder / "feed.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def output_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


RUN = ["--index", ":memory:", "--no-progress", "--no-learn"]


def test_only_canonical_writes_each_story_once_and_every_error(tmp_path: Path) -> None:
    source = write_feed(
        tmp_path,
        record("a", "PTI", RAIN),
        record("b", "Malabar Wire", RAIN_EDITED),
        "{not json",
        record("c", "PTI", FIRE),
        record("d", "Coastal Times", FIRE),
    )
    out = tmp_path / "out.jsonl"
    done = dedupe_feed_cli(
        "run", str(source), "-o", str(out), *RUN, "--only-canonical", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(
        f"5 records, 3 written to {out} (--only-canonical left out 2 other copies)\n"
    )
    assert "Traceback" not in done.stderr
    lines = output_lines(out)
    assert [line.get("id") for line in lines] == ["a", None, "c"]
    assert [line.get("duplicate_of") for line in lines] == [None, None, None]
    assert str(lines[1]["error"]).startswith("malformed JSON")


def test_only_canonical_with_longest_writes_the_copy_that_takes_over(tmp_path: Path) -> None:
    """A later, longer version becomes the canonical one under ``longest``: it
    is written too, and the last line of the cluster is the canonical article."""
    longer = [*RAIN, "The collector said more rain is expected on Wednesday in the hills."]
    source = write_feed(
        tmp_path,
        record("a", "PTI", RAIN[:6]),
        record("b", "Malabar Wire", longer),
        record("c", "PTI", RAIN[:6]),
    )
    out = tmp_path / "out.jsonl"
    args = ["run", str(source), "-o", str(out), *RUN, "--only-canonical", "--canonical", "longest"]
    done = dedupe_feed_cli(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [(line["id"], line["cluster_id"]) for line in output_lines(out)] == [
        ("a", "a"),
        ("b", "a"),
    ]


def test_only_canonical_output_cannot_be_resumed(tmp_path: Path) -> None:
    source = write_feed(tmp_path, record("a", "PTI", RAIN))
    out = tmp_path / "out.jsonl"
    args = ["run", str(source), "-o", str(out), *RUN, "--only-canonical", "--resume"]
    done = dedupe_feed_cli(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        "error: --resume cannot continue an --only-canonical output (it has no line per record)\n"
    )
    assert not out.exists()


def test_cluster_threshold_decides_what_is_one_story(tmp_path: Path) -> None:
    source = write_feed(
        tmp_path, record("a", "PTI", RAIN), record("b", "Malabar Wire", RAIN_EDITED)
    )
    out = tmp_path / "out.jsonl"
    default = dedupe_feed_cli("run", str(source), "-o", str(out), *RUN, cwd=tmp_path)
    assert default.returncode == 0, default.stderr
    second = output_lines(out)[1]
    assert (second["cluster_id"], second["duplicate_of"]) == ("a", "a")
    assert 0.75 <= float(str(second["similarity"])) < 0.9
    strict = dedupe_feed_cli(
        "run", str(source), "-o", str(out), *RUN, "--cluster-threshold", "0.9", cwd=tmp_path
    )
    assert strict.returncode == 0, strict.stderr
    second = output_lines(out)[1]
    assert (second["cluster_id"], second["duplicate_of"]) == ("b", None)
    assert "new clusters: 2 " in strict.stderr


def test_cluster_threshold_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    source = write_feed(tmp_path, record("a", "PTI", RAIN))
    for command in (["run", str(source), "-o", "out.jsonl"], ["bench", str(source)]):
        done = dedupe_feed_cli(*command, "--cluster-threshold", "0", cwd=tmp_path)
        assert done.returncode == 2
        assert "Invalid value for '--cluster-threshold'" in done.stderr
        assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.jsonl"]


def bench_json(tmp_path: Path, source: Path, *options: str) -> dict[str, object]:
    report, data = tmp_path / "report.html", tmp_path / "bench.json"
    args = ["bench", str(source), "--report", str(report), "--json", str(data), "--no-progress"]
    done = dedupe_feed_cli(*args, *options, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    loaded: dict[str, object] = json.loads(data.read_text(encoding="utf-8"))
    return loaded


def test_bench_takes_the_cleaning_and_clustering_options_of_run(tmp_path: Path) -> None:
    source = write_feed(
        tmp_path, record("a", "PTI", RAIN), record("b", "Malabar Wire", RAIN_EDITED)
    )
    default = bench_json(tmp_path, source)
    assert default["clusters"] == {
        "count": 1,
        "sizes": {"2": 1},
        "items_in_repeated_stories": 2,
        "duplicates": 1,
        "updates": 0,
    }
    assert "credit.agency_parenthesized" in dict(default["removed_by_reason"])  # type: ignore[call-overload]
    tuned = bench_json(
        tmp_path, source,
        "--disable-family", "credit", "--no-model", "--cluster-threshold", "0.9",
        "--canonical", "longest", "--window-days", "1", "--learn-sample", "0",
    )  # fmt: skip
    assert tuned["clusters"] == {
        "count": 2,
        "sizes": {"1": 2},
        "items_in_repeated_stories": 0,
        "duplicates": 0,
        "updates": 0,
    }
    assert tuned["removed_by_reason"] == {}


def test_bench_option_errors_are_one_line(tmp_path: Path) -> None:
    source = write_feed(tmp_path, record("a", "PTI", RAIN))
    for options, message in (
        (["--similarity", "5"], "error: similarity must be a number in (0, 1], got 5.0\n"),
        (["--canonical", "newest"], "error: canonical must be "),
    ):
        done = dedupe_feed_cli("bench", str(source), *options, cwd=tmp_path)
        assert done.returncode == 1, done.stderr
        assert done.stderr.startswith(message)
        assert done.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.jsonl"]
