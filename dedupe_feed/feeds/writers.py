"""Write cleaned feed items as JSON Lines: one output object per input item.

A record's output object is its input fields plus ``clean_text``,
``metadata``, ``removed`` (a summary), ``warnings`` and the clustering fields
``cluster_id``, ``duplicate_of``, ``similarity`` (``None`` until the
clustering stage exists). An input field whose name collides with one of
these is kept under ``input_<name>``. A :class:`ReadError` becomes
``{"error": reason, "source_name": ..., "position": ...}``.

>>> import io
>>> from dedupe_feed.feeds.records import FeedRecord, ReadError
>>> from dedupe_feed.pipeline import Cleaner
>>> body = "Rain lashed Kochi. (PTI)"
>>> raw = {"id": "a1", "text": body}
>>> record = FeedRecord("f.jsonl", 1, "a1", None, None, None, body, None, raw)
>>> out = io.StringIO()
>>> with JsonlWriter(out) as writer:
...     writer.write(clean_record(record, Cleaner()))
...     writer.write(error_record(ReadError("f.jsonl", 2, "non-object JSON (got array)")))
>>> print(out.getvalue(), end="")  # doctest: +NORMALIZE_WHITESPACE
{"id": "a1", "text": "Rain lashed Kochi. (PTI)", "clean_text": "Rain lashed Kochi.",
 "metadata": {"credit": "PTI"}, "removed": {"count": 1, "by_reason":
 [{"reason": "credit.agency_parenthesized", "chars": 5}]}, "warnings": [],
 "cluster_id": null, "duplicate_of": null, "similarity": null}
{"error": "non-object JSON (got array)", "source_name": "f.jsonl", "position": 2}
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any, TextIO

from dedupe_feed import Cleaner
from dedupe_feed.errors import ConfigError
from dedupe_feed.feeds.records import FeedItem, FeedRecord, ReadError
from dedupe_feed.result import Analysis

DEFAULT_FLUSH_EVERY = 100
"""Records written between two flushes of the output."""

_LINE_BREAK_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"}


def clean_record(
    record: FeedRecord, cleaner: Cleaner, *, html_cleaner: Cleaner | None = None
) -> dict[str, Any]:
    """Clean one record's body and return its output object.

    The ``text`` field is cleaned when present (with the cleaner's own
    ``input_format``), else ``html``, read as HTML by ``html_cleaner``
    (default: one built from ``cleaner.config`` with ``input_format="html"``;
    pass one built once to save that per record). Should the cleaner raise,
    the record's output is an error object instead: one bad record never
    stops a run.

    >>> from dedupe_feed.pipeline import Cleaner
    >>> record = FeedRecord("f", 1, None, None, None, None, None,
    ...                     "<p>Rain lashed Kochi.</p>", {"html": "<p>Rain lashed Kochi.</p>"})
    >>> clean_record(record, Cleaner())["clean_text"]
    'Rain lashed Kochi.'
    """
    body, body_format = record.body
    if body_format == "text":
        chosen = cleaner
    else:
        chosen = html_cleaner if html_cleaner is not None else _html_cleaner(cleaner)
    try:
        analysis = chosen.analyze(body)
    except Exception as exc:  # one bad record must not stop the run
        failure = ReadError(record.source_name, record.position, f"clean failed: {exc!r}")
        return {**error_record(failure), "id": record.id}
    return _merge_keeping_input(record.raw, _cleaned_fields(analysis, record.warnings))


def error_record(error: ReadError) -> dict[str, Any]:
    """The output object of an unreadable record.

    >>> error_record(ReadError("feed.xml", None, "unparsable XML: mismatched tag"))
    {'error': 'unparsable XML: mismatched tag', 'source_name': 'feed.xml', 'position': None}
    """
    return {"error": error.reason, "source_name": error.source_name, "position": error.position}


def output_record(
    item: FeedItem, cleaner: Cleaner, *, html_cleaner: Cleaner | None = None
) -> dict[str, Any]:
    """:func:`clean_record` for a record, :func:`error_record` for an error.

    >>> output_record(ReadError("f.jsonl", 3, "missing file"), Cleaner())["error"]
    'missing file'
    """
    if isinstance(item, ReadError):
        return error_record(item)
    return clean_record(item, cleaner, html_cleaner=html_cleaner)


def _html_cleaner(cleaner: Cleaner) -> Cleaner:
    if cleaner.config.input_format == "html":
        return cleaner
    return Cleaner(cleaner.config, input_format="html")


def record_output(record: FeedRecord, fields: dict[str, Any]) -> dict[str, Any]:
    """The output object of ``record`` from :func:`cleaned_fields` computed
    elsewhere (in a worker process, say): input fields kept, warnings added.

    >>> from dedupe_feed import analyze
    >>> record = FeedRecord("f", 1, "a", None, None, None, "Hi there.", None, {"id": "a"})
    >>> record_output(record, cleaned_fields(analyze("Hi there.")))["id"]
    'a'
    """
    return _merge_keeping_input(record.raw, {**fields, "warnings": list(record.warnings)})


def cleaned_fields(analysis: Analysis, warnings: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields a clean adds to a record (plain data, safe to pickle)."""
    return _cleaned_fields(analysis, warnings)


def _cleaned_fields(analysis: Analysis, warnings: tuple[str, ...]) -> dict[str, Any]:
    by_reason = analysis.removed_by_reason()
    return {
        "clean_text": analysis.text,
        "metadata": dict(analysis.metadata),
        "removed": {
            "count": len(analysis.removed),
            "by_reason": [
                {"reason": reason, "chars": chars} for reason, chars in by_reason.items()
            ],
        },
        "warnings": list(warnings),
        "cluster_id": None,
        "duplicate_of": None,
        "similarity": None,
    }


def _merge_keeping_input(raw: Mapping[str, Any], added: dict[str, Any]) -> dict[str, Any]:
    """``raw`` then ``added``; a raw field that ``added`` would overwrite moves
    to ``input_<name>`` (``input_input_<name>`` ...) so nothing is lost.

    >>> _merge_keeping_input({"metadata": 1, "id": 2}, {"metadata": {}})
    {'input_metadata': 1, 'id': 2, 'metadata': {}}
    """
    merged: dict[str, Any] = {}
    for key, value in raw.items():
        name = key
        while name in added or name in merged or (name in raw and name != key):
            name = f"input_{name}"
        merged[name] = value
    merged.update(added)
    return merged


class JsonlWriter:
    """Write output objects as JSON Lines to a path (gzip when it ends with
    ``.gz``) or to an open text stream (left open on exit).

    Each object is one line of UTF-8 JSON (``ensure_ascii=False``, except for
    a line holding lone surrogates, which is escaped so it stays valid UTF-8);
    the output is flushed every ``flush_every`` objects and on exit.

    >>> import io
    >>> out = io.StringIO()
    >>> with JsonlWriter(out, flush_every=1) as writer:
    ...     writer.write_all([{"title": "Kochi ☔"}, {"error": "x"}])
    2
    >>> out.getvalue()
    '{"title": "Kochi ☔"}\\n{"error": "x"}\\n'
    """

    def __init__(
        self,
        path_or_stream: str | os.PathLike[str] | TextIO,
        *,
        flush_every: int = DEFAULT_FLUSH_EVERY,
        append: bool = False,
    ) -> None:
        if isinstance(flush_every, bool) or not isinstance(flush_every, int) or flush_every < 1:
            raise ConfigError(f"flush_every must be a positive integer, got {flush_every!r}")
        self.flush_every = flush_every
        self.written = 0
        self._closed = False
        self._owns_stream = isinstance(path_or_stream, (str, os.PathLike))
        if isinstance(path_or_stream, (str, os.PathLike)):
            self._stream = _open_text_output(os.fspath(path_or_stream), append)
        else:
            self._stream = path_or_stream

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def write(self, obj: Mapping[str, Any]) -> None:
        """Write one object as one line."""
        self._stream.write(json_line(obj))
        self.written += 1
        if self.written % self.flush_every == 0:
            self._stream.flush()

    def write_all(self, objects: Iterable[Mapping[str, Any]]) -> int:
        """Write every object; return how many were written."""
        count = 0
        for obj in objects:
            self.write(obj)
            count += 1
        return count

    def sync(self) -> None:
        """Flush and, for a file this writer opened, ask the OS to write it to disk."""
        self._stream.flush()
        if self._owns_stream:
            # not a real file (gzip layers, pipes): flushing is all we can do
            with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
                os.fsync(self._stream.fileno())

    def close(self) -> None:
        """Flush, and close the file if this writer opened it; idempotent."""
        if self._closed:
            return
        self._closed = True
        self._stream.flush()
        if self._owns_stream:
            self._stream.close()


def _open_text_output(path: str, append: bool) -> TextIO:
    if path.endswith(".gz"):
        if append:
            return gzip.open(path, "at", encoding="utf-8", newline="\n")
        return gzip.open(path, "wt", encoding="utf-8", newline="\n")
    return open(path, "a" if append else "w", encoding="utf-8", newline="\n")


def json_line(obj: Mapping[str, Any]) -> str:
    """One JSON line. Lone surrogates (from ``"\\ud800"`` escapes in the
    input) are written escaped so the line is valid UTF-8, and so are the
    characters other tools take for line breaks (U+0085, U+2028, U+2029).

    >>> json_line({"a": "é"}), json_line({"a": "\\ud800"}), json_line({"a": "\\u2028"})
    ('{"a": "é"}\\n', '{"a": "\\\\ud800"}\\n', '{"a": "\\\\u2028"}\\n')
    """
    line = json.dumps(obj, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(obj, ensure_ascii=True)
    return line.translate(_LINE_BREAK_ESCAPES) + "\n"


__all__ = ["DEFAULT_FLUSH_EVERY", "JsonlWriter", "clean_record", "error_record", "output_record"]
