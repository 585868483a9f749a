"""Feed dumps in and out: readers that lose no record, a JSON Lines writer.

``read_records`` yields one :class:`FeedRecord` or one :class:`ReadError` per
input record, in order; each becomes one :class:`Cleaned` or :class:`Failed`
output record (``clean_output``), whose ``to_json()`` is its output object
(``clean_record``/``output_record`` return that object directly), and
:class:`JsonlWriter` writes them one per line.

>>> import io, pathlib, tempfile
>>> from dedupe_feed.pipeline import Cleaner
>>> from dedupe_feed.feeds import JsonlWriter, output_record, read_records
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "feed.jsonl").write_text(
...     '{"id": "a", "text": "Rain lashed Kochi. (PTI)"}\\nnot json\\n', encoding="utf-8")
>>> out = io.StringIO()
>>> with JsonlWriter(out) as writer:
...     items = read_records([folder / "feed.jsonl"])
...     writer.write_all(output_record(item, Cleaner()) for item in items)
2
>>> print(out.getvalue(), end="")  # doctest: +ELLIPSIS
{"id": "a", "text": "Rain lashed Kochi. (PTI)", "clean_text": "Rain lashed Kochi.", ...}
{"error": "malformed JSON: Expecting value at column 1", "source_name": ".../feed.jsonl", ...}
>>> import shutil; shutil.rmtree(folder)
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from dedupe_feed.lazy import lazy_exports

if TYPE_CHECKING:
    from dedupe_feed.feeds.outputs import Cleaned, CleanFields, Failed, FeedOutput, Placement
    from dedupe_feed.feeds.plan import FeedPlan
    from dedupe_feed.feeds.readers import DEFAULT_MAX_BYTES, decode_utf8, read_path, read_records
    from dedupe_feed.feeds.records import FeedItem, FeedRecord, FieldMap, ReadError, iso_date
    from dedupe_feed.feeds.writers import (
        DEFAULT_FLUSH_EVERY,
        JsonlWriter,
        clean_output,
        clean_record,
        error_record,
        output_record,
    )

__all__ = [
    "DEFAULT_FLUSH_EVERY",
    "DEFAULT_MAX_BYTES",
    "CleanFields",
    "Cleaned",
    "Failed",
    "FeedItem",
    "FeedOutput",
    "FeedPlan",
    "FeedRecord",
    "FieldMap",
    "JsonlWriter",
    "Placement",
    "ReadError",
    "clean_output",
    "clean_record",
    "decode_utf8",
    "error_record",
    "iso_date",
    "output_record",
    "read_path",
    "read_records",
]

if not TYPE_CHECKING:  # type checkers see the imports above: a misspelt name is an error
    __getattr__, __dir__ = lazy_exports(
        sys.modules[__name__],
        {
            "DEFAULT_FLUSH_EVERY": "dedupe_feed.feeds.writers",
            "DEFAULT_MAX_BYTES": "dedupe_feed.feeds.readers",
            "CleanFields": "dedupe_feed.feeds.outputs",
            "Cleaned": "dedupe_feed.feeds.outputs",
            "Failed": "dedupe_feed.feeds.outputs",
            "FeedOutput": "dedupe_feed.feeds.outputs",
            "FeedPlan": "dedupe_feed.feeds.plan",
            "Placement": "dedupe_feed.feeds.outputs",
            "FeedItem": "dedupe_feed.feeds.records",
            "FeedRecord": "dedupe_feed.feeds.records",
            "FieldMap": "dedupe_feed.feeds.records",
            "JsonlWriter": "dedupe_feed.feeds.writers",
            "ReadError": "dedupe_feed.feeds.records",
            "clean_output": "dedupe_feed.feeds.writers",
            "clean_record": "dedupe_feed.feeds.writers",
            "decode_utf8": "dedupe_feed.feeds.readers",
            "error_record": "dedupe_feed.feeds.writers",
            "iso_date": "dedupe_feed.feeds.records",
            "output_record": "dedupe_feed.feeds.writers",
            "read_path": "dedupe_feed.feeds.readers",
            "read_records": "dedupe_feed.feeds.readers",
        },
    )
