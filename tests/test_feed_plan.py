"""The feed job as one plan of named steps, run by the local executor."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dedupe_feed.config import Config
from dedupe_feed.feeds.job import JobOptions, JobSummary, LocalExecutor, run_feed
from dedupe_feed.feeds.plan import STEPS, FeedPlan
from dedupe_feed.index import FeedDeduplicator

BODY = "Heavy rain lashed Kannur district on Monday night, officials said. (PTI)"


class Recorder:
    """An executor that records each step and what it was given."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def read(self) -> str:
        self.calls.append(("read", None))
        return "records"

    def learn(self, records: str) -> dict[str, list[Any]]:
        self.calls.append(("learn", records))
        return {"PTI": []}

    def clean(self, records: str, templates: dict[str, list[Any]]) -> str:
        self.calls.append(("clean", (records, templates)))
        return "cleaned"

    def cluster(self, cleaned: str) -> str:
        self.calls.append(("cluster", cleaned))
        return "clustered"

    def write(self, clustered: str) -> None:
        self.calls.append(("write", clustered))


def test_the_steps_in_order() -> None:
    assert STEPS == ("read", "learn", "clean", "cluster", "write")
    assert FeedPlan().steps == STEPS
    assert FeedPlan(learn=False).steps == ("read", "clean", "cluster", "write")


def test_each_step_gets_the_previous_result() -> None:
    recorder = Recorder()
    assert FeedPlan().run(recorder) == {"PTI": []}
    assert recorder.calls == [
        ("read", None),
        ("learn", "records"),
        ("clean", ("records", {"PTI": []})),
        ("cluster", "cleaned"),
        ("write", "clustered"),
    ]


def test_without_learning_the_learn_step_never_runs() -> None:
    recorder = Recorder()
    assert FeedPlan(learn=False).run(recorder) == {}
    assert [name for name, _ in recorder.calls] == ["read", "clean", "cluster", "write"]
    assert recorder.calls[1] == ("clean", ("records", {}))


def _feed(folder: Path) -> Path:
    lines = [json.dumps({"id": i, "source": s, "text": BODY}) for i, s in enumerate("AAB")]
    path = folder / "in.jsonl"
    path.write_text("\n".join([*lines, "not json"]) + "\n", encoding="utf-8")
    return path


@contextlib.contextmanager
def local_executor(
    feed: Path, output: Path, summary: JobSummary, **options: Any
) -> Iterator[LocalExecutor]:
    """A local executor over ``feed`` with an in-memory index, as run_feed builds it."""
    opts = JobOptions(progress=False, **options)
    with FeedDeduplicator() as dedup, contextlib.ExitStack() as passes:
        yield LocalExecutor([feed], output, Config(), opts, dedup, summary, passes)


def test_the_local_executor_is_lazy_until_write(tmp_path: Path) -> None:
    summary = JobSummary()
    with local_executor(_feed(tmp_path), tmp_path / "out.jsonl", summary, learn=False) as local:
        clustered = local.cluster(local.clean(local.read(), {}))
        assert summary.records == 0  # nothing read, cleaned or clustered yet
        assert not (tmp_path / "out.jsonl").exists()
        local.write(clustered)
    assert summary.records == 4
    assert summary.errors == 1
    assert summary.duplicates == 2


def test_the_plan_run_by_hand_writes_what_run_feed_writes(tmp_path: Path) -> None:
    feed = _feed(tmp_path)
    run_feed([feed], tmp_path / "job.jsonl", progress=False)
    with local_executor(feed, tmp_path / "plan.jsonl", JobSummary()) as local:
        FeedPlan().run(local)
    job = (tmp_path / "job.jsonl").read_bytes()
    assert (tmp_path / "plan.jsonl").read_bytes() == job
    assert len(job.splitlines()) == 4
