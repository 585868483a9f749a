"""An ingestion job end to end: clean items, read the evidence, cluster a feed.

Run it from anywhere: ``python docs/examples/ingest_pipeline.py``. The test
suite runs it too (tests/test_docs_example.py) and checks what it prints.

1. clean the bundled wire item and show what ``analyze`` found;
2. run a small feed dump (``feed.jsonl`` beside this file) through
   ``run_feed`` with a SQLite index: learn each outlet's boilerplate, clean,
   cluster the same story across outlets, write one JSON line per record;
3. read the output back and group it by story.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from importlib import resources
from pathlib import Path

import dedupe_feed
from dedupe_feed.feeds.job import run_feed

HERE = Path(__file__).resolve().parent


def clean_one_item() -> None:
    raw = (resources.files("dedupe_feed") / "examples" / "wire_doubled.txt").read_text("utf-8")
    result = dedupe_feed.analyze(raw)
    print(f"one item: {len(raw)} chars in, {len(result.text)} chars out")
    print(f"  metadata: {dict(result.metadata)}")
    for reason, chars in result.removed_by_reason().items():
        print(f"  removed {chars:4d} chars as {reason}")
    headings = [
        result.source[c.start : c.end] for c in result.changes if c.kind == "heading_recovered"
    ]
    print(f"  subheads recovered: {headings}")


def run_a_feed(work: Path) -> Path:
    output = work / "clean.jsonl"
    summary = run_feed(
        [HERE / "feed.jsonl"],
        output,
        index=str(work / "index.sqlite"),  # a file: a later run continues it
        window_days=3,
        progress=False,
    )
    print(
        f"feed: {summary.records} records, {summary.errors} error, "
        f"{summary.new_clusters} stories, {summary.duplicates} duplicate, "
        f"{summary.updates} update"
    )
    for source, templates in summary.templates.items():
        for template in templates:
            print(f"  learned for {source}: {template.template!r}")
    return output


def group_by_story(output: Path) -> None:
    stories: dict[str, list[str]] = defaultdict(list)
    for line in output.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if "error" in record:
            print(f"  unreadable record at line {record['position']}: {record['error']}")
            continue
        role = (
            f"duplicate of {record['duplicate_of']}"
            if record["duplicate_of"]
            else f"update of {record['update_of']}"
            if record["update_of"]
            else "first"
        )
        stories[record["cluster_id"]].append(f"{record['id']} ({role})")
    for cluster_id, members in stories.items():
        print(f"  story {cluster_id}: {', '.join(members)}")


def main() -> None:
    clean_one_item()
    with tempfile.TemporaryDirectory() as folder:
        group_by_story(run_a_feed(Path(folder)))


if __name__ == "__main__":
    main()
