"""Write cleaned feed items as JSON Lines: one output object per input item.

A record becomes a :class:`~dedupe_feed.feeds.outputs.Cleaned` or
:class:`~dedupe_feed.feeds.outputs.Failed` record (see
:mod:`dedupe_feed.feeds.outputs` for the output object each writes);
:func:`clean_record`, :func:`error_record` and :func:`output_record` return
that object directly.

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
from dedupe_feed.feeds.outputs import Cleaned, CleanFailure, CleanFields, Failed
from dedupe_feed.feeds.records import FeedItem, FeedRecord, ReadError
from dedupe_feed.result import Analysis

DEFAULT_FLUSH_EVERY = 100
"""Records written between two flushes of the output."""

_LINE_BREAK_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"}


def clean_record(
    record: FeedRecord, cleaner: Cleaner, *, html_cleaner: Cleaner | None = None
) -> dict[str, Any]:
    """Clean one record's body and return its output object
    (:func:`clean_output`'s ``to_json()``).

    >>> from dedupe_feed.pipeline import Cleaner
    >>> record = FeedRecord("f", 1, None, None, None, None, None,
    ...                     "<p>Rain lashed Kochi.</p>", {"html": "<p>Rain lashed Kochi.</p>"})
    >>> clean_record(record, Cleaner())["clean_text"]
    'Rain lashed Kochi.'
    """
    return clean_output(record, cleaner, html_cleaner=html_cleaner).to_json()


def clean_output(
    record: FeedRecord, cleaner: Cleaner, *, html_cleaner: Cleaner | None = None
) -> Cleaned | Failed:
    """Clean one record's body.

    The ``text`` field is cleaned when present (with the cleaner's own
    ``input_format``), else ``html``, read as HTML by ``html_cleaner``
    (default: one built from ``cleaner.config`` with ``input_format="html"``;
    pass one built once to save that per record). Should the cleaner raise,
    the record is :class:`~dedupe_feed.feeds.outputs.Failed` instead: one bad
    record never stops a run.

    >>> record = FeedRecord("f", 1, "a", None, None, None, "Hi there.", None, {"id": "a"})
    >>> clean_output(record, Cleaner()).fields.clean_text
    'Hi there.'
    """
    body, body_format = record.body
    if body_format == "text":
        html = cleaner  # not used: no HTML cleaner is built for a text body
    else:
        html = html_cleaner if html_cleaner is not None else _html_cleaner(cleaner)
    analysis = analyze_body(body, body_format, cleaner, html)
    if isinstance(analysis, CleanFailure):
        return Failed.of_record(record, analysis.reason)
    return Cleaned(record, CleanFields.of(analysis))


def analyze_body(
    body: str, body_format: str, text_cleaner: Cleaner, html_cleaner: Cleaner
) -> Analysis | CleanFailure:
    """``body`` analysed by ``text_cleaner`` (``body_format`` ``"text"``) or
    ``html_cleaner``, or why it could not be: one bad record never stops a run.

    >>> analyze_body("<p>Rain.</p>", "html", Cleaner(), Cleaner(input_format="html")).text
    'Rain.'
    """
    chosen = text_cleaner if body_format == "text" else html_cleaner
    try:
        return chosen.analyze(body)
    except Exception as exc:  # one bad record must not stop the run
        return CleanFailure.of(exc)


def error_record(error: ReadError) -> dict[str, Any]:
    """The output object of an unreadable record.

    >>> error_record(ReadError("feed.xml", None, "unparsable XML: mismatched tag"))
    {'error': 'unparsable XML: mismatched tag', 'source_name': 'feed.xml', 'position': None}
    """
    return Failed.unreadable(error).to_json()


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
    if "\x85" in line or "\u2028" in line or "\u2029" in line:  # three C scans, most lines none
        line = line.translate(_LINE_BREAK_ESCAPES)
    return line + "\n"


__all__ = [
    "DEFAULT_FLUSH_EVERY",
    "JsonlWriter",
    "clean_output",
    "clean_record",
    "error_record",
    "output_record",
]
