"""What the feed readers yield: one :class:`FeedRecord` or one :class:`ReadError`
per input record, and the :class:`FieldMap` that says where the fields are.

>>> record = record_from_mapping(
...     {"guid": "a1", "publisher": "Malabar Wire", "body": "Rain in Kochi."},
...     source_name="feed.jsonl",
...     position=1,
... )
>>> record.id, record.source, record.body
('a1', 'Malabar Wire', ('Rain in Kochi.', 'text'))
>>> record_from_mapping({"id": "a2"}, source_name="feed.jsonl", position=2).reason
'missing text field (looked for: text, body, content, html, content_html, content:encoded)'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

from dedupe_feed.errors import ConfigError

Position: TypeAlias = "int | str | None"
"""Where a record sits in its source: a 1-based line number (JSON Lines), a
1-based item index (RSS/Atom), a relative file name (a folder), or ``None``
when the error concerns the whole file."""

BodyFormat = Literal["text", "html"]


@dataclass(frozen=True)
class FieldMap:
    """Candidate field names for each record field, tried in order; the first
    one present with a non-null value wins.

    >>> FieldMap().published
    ('published', 'date', 'pubDate', 'published_at')
    >>> FieldMap(text=["story"]).text
    ('story',)
    >>> FieldMap(id=())
    Traceback (most recent call last):
    ...
    dedupe_feed.errors.ConfigError: FieldMap.id needs at least one field name, got ()
    """

    id: tuple[str, ...] = ("id", "guid", "uuid", "url")
    source: tuple[str, ...] = ("source", "publisher", "outlet", "site")
    published: tuple[str, ...] = ("published", "date", "pubDate", "published_at")
    title: tuple[str, ...] = ("title", "headline")
    text: tuple[str, ...] = ("text", "body", "content")
    html: tuple[str, ...] = ("html", "content_html", "content:encoded")

    def __post_init__(self) -> None:
        for spec in dataclasses.fields(self):
            object.__setattr__(self, spec.name, _name_tuple(spec.name, getattr(self, spec.name)))

    @property
    def body_fields(self) -> tuple[str, ...]:
        """Every field a body may come from, text fields first.

        >>> FieldMap(text=("t",), html=("h",)).body_fields
        ('t', 'h')
        """
        return (*self.text, *self.html)


def _name_tuple(name: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (tuple, list)):
        raise TypeError(f"FieldMap.{name} must be a tuple of field names, got {value!r}")
    names = tuple(value)
    if not names:
        raise ConfigError(f"FieldMap.{name} needs at least one field name, got ()")
    if not all(isinstance(n, str) and n for n in names):
        raise ConfigError(f"FieldMap.{name} must hold non-empty strings, got {names!r}")
    return names


@dataclass(frozen=True)
class FeedRecord:
    """One input item, read and mapped but not yet cleaned.

    ``raw`` is the input record as read (read-only), kept so that the output
    carries every input field; ``warnings`` say what the reader had to repair
    (undecodable bytes, an unparsable date).

    >>> record = FeedRecord("feed.jsonl", 1, "a1", "Malabar Wire", "2025-07-09T00:00:00",
    ...                     None, "Rain lashed Kochi. (PTI)", None, {"id": "a1"})
    >>> record.body
    ('Rain lashed Kochi. (PTI)', 'text')
    """

    source_name: str
    position: Position
    id: str | None
    source: str | None
    published: str | None
    title: str | None
    text: str | None
    html: str | None
    raw: Mapping[str, Any]
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "raw", MappingProxyType(dict(self.raw)))
        object.__setattr__(self, "warnings", tuple(self.warnings))

    @property
    def key(self) -> str:
        """The record's id in the cross-article index: its ``id``, else where
        it sits (``source_name:position``).

        >>> FeedRecord("feed.jsonl", 7, None, None, None, None, "x", None, {}).key
        'feed.jsonl:7'
        >>> FeedRecord("feed.jsonl", 7, "a1", None, None, None, "x", None, {}).key
        'a1'
        """
        return str(self.id) if self.id is not None else f"{self.source_name}:{self.position}"

    @property
    def body(self) -> tuple[str, BodyFormat]:
        """The body to clean and how to read it (:func:`body_of`).

        >>> FeedRecord("f", 1, None, None, None, None, None, "<p>Hi.</p>", {}).body
        ('<p>Hi.</p>', 'html')
        """
        return body_of(self.text, self.html)

    @property
    def where(self) -> str:
        """The record's place, for people: ``feed.jsonl:42`` (the file alone
        when the error concerns no one position).

        >>> FeedRecord("feed.jsonl", 42, None, None, None, None, "x", None, {}).where
        'feed.jsonl:42'
        """
        return self.source_name if self.position is None else f"{self.source_name}:{self.position}"


def body_of(text: str | None, html: str | None) -> tuple[str, BodyFormat]:
    """The body to clean and how to read it: ``text`` when present (even
    empty), else ``html`` (the readers' rule, and Spark's for its columns).

    >>> body_of("Rain.", "<p>Rain.</p>"), body_of(None, "<p>Rain.</p>"), body_of(None, None)
    (('Rain.', 'text'), ('<p>Rain.</p>', 'html'), ('', 'html'))
    """
    if text is not None:
        return text, "text"
    return html or "", "html"


@dataclass(frozen=True)
class ReadError:
    """An input record (or a whole file) that could not be read, and why.

    >>> ReadError("feed.jsonl", 7, "non-object JSON (got list)").reason
    'non-object JSON (got list)'
    """

    source_name: str
    position: Position
    reason: str


FeedItem: TypeAlias = "FeedRecord | ReadError"


def record_from_mapping(
    mapping: Mapping[str, Any],
    *,
    source_name: str,
    position: Position,
    fields: FieldMap | None = None,
    warnings: tuple[str, ...] = (),
) -> FeedRecord | ReadError:
    """Map one decoded record onto a :class:`FeedRecord`, or say why it can't be.

    >>> record_from_mapping(
    ...     {"headline": "Rain", "html": "<p>Rain.</p>", "date": "Wed, 09 Jul 2025 06:30:00 GMT"},
    ...     source_name="f.jsonl", position=3,
    ... ).published
    '2025-07-09T06:30:00+00:00'
    >>> record_from_mapping({"text": ["a"]}, source_name="f.jsonl", position=4).reason
    "field 'text' is not a string (got list)"
    """
    fmap = fields if fields is not None else FieldMap()
    text_hit = _first_present(mapping, fmap.text)
    html_hit = _first_present(mapping, fmap.html)
    if text_hit is None and html_hit is None:
        looked = ", ".join(fmap.body_fields)
        return ReadError(source_name, position, f"missing text field (looked for: {looked})")
    for hit in (text_hit, html_hit):
        if hit is not None and not isinstance(hit[1], str):
            kind = type(hit[1]).__name__
            return ReadError(
                source_name, position, f"field {hit[0]!r} is not a string (got {kind})"
            )
    published, date_warnings = _published(mapping, fmap.published)
    return FeedRecord(
        source_name=source_name,
        position=position,
        id=_scalar_text(mapping, fmap.id),
        source=_scalar_text(mapping, fmap.source),
        published=published,
        title=_scalar_text(mapping, fmap.title),
        text=None if text_hit is None else text_hit[1],
        html=None if html_hit is None else html_hit[1],
        raw=mapping,
        warnings=(*warnings, *date_warnings),
    )


def _first_present(mapping: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str, Any] | None:
    for name in names:
        value = mapping.get(name)
        if value is not None:
            return name, value
    return None


def _scalar_text(mapping: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    """The first candidate that is a string or a number, as a string."""
    for name in names:
        value = mapping.get(name)
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
    return None


def _published(
    mapping: Mapping[str, Any], names: tuple[str, ...]
) -> tuple[str | None, tuple[str, ...]]:
    hit = _first_present(mapping, names)
    if hit is None:
        return None, ()
    iso = iso_date(hit[1])
    if iso is None:
        return None, (f"unparsable date in {hit[0]!r}: {str(hit[1])[:60]!r} (kept in the input)",)
    return iso, ()


def iso_date(value: object) -> str | None:
    """An ISO 8601 string for an ISO, RFC 822 (RSS ``pubDate``) or epoch-seconds
    date, or ``None`` when it is none of those.

    >>> iso_date("2026-01-28")
    '2026-01-28'
    >>> iso_date("2026-01-28T10:15:00Z")
    '2026-01-28T10:15:00+00:00'
    >>> iso_date("Wed, 28 Jan 2026 10:15:00 +0530")
    '2026-01-28T10:15:00+05:30'
    >>> iso_date(0)
    '1970-01-01T00:00:00+00:00'
    >>> iso_date("yesterday") is None
    True
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _from_epoch(float(value))
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    return _from_iso(text) or _from_rfc822(text)


def _from_epoch(seconds: float) -> str | None:
    if not math.isfinite(seconds):
        return None
    try:
        return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def _from_iso(text: str) -> str | None:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    candidate = text[:-1] + "+00:00" if text[-1:] in ("Z", "z") else text
    try:
        return dt.datetime.fromisoformat(candidate).isoformat()
    except ValueError:
        return None


def _from_rfc822(text: str) -> str | None:
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


__all__ = [
    "FeedItem",
    "FeedRecord",
    "FieldMap",
    "Position",
    "ReadError",
    "body_of",
    "iso_date",
    "record_from_mapping",
]
