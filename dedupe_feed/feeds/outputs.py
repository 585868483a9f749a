"""What a feed job writes for one input record: a :class:`Cleaned` record or a
:class:`Failed` one, each turned into its output object by one ``to_json()``.

The local job, the Spark job, the bench runner and the CLI all build these
two types, so the output object is spelled out here alone.

A :class:`Cleaned` object is the record's input fields plus ``clean_text``,
``metadata``, ``removed`` (a summary), ``warnings`` and the clustering fields
``cluster_id``, ``duplicate_of``, ``similarity`` (``None`` until the record
is clustered; a clustered record adds ``update_of``). An input field whose
name collides with one of the cleaning fields is kept under
``input_<name>``. A :class:`Failed` object is
``{"error": reason, "source_name": ..., "position": ...}``, plus the
record's ``id`` when the record was read but could not be cleaned or
clustered.

>>> from dedupe_feed import analyze
>>> from dedupe_feed.feeds.records import FeedRecord, ReadError
>>> record = FeedRecord("f.jsonl", 1, "a1", None, None, None, "Rain. (PTI)", None, {"id": "a1"})
>>> Cleaned(record, CleanFields.of(analyze("Rain. (PTI)"))).to_json()["clean_text"]
'Rain.'
>>> Failed.unreadable(ReadError("f.jsonl", 2, "non-object JSON (got array)")).to_json()
{'error': 'non-object JSON (got array)', 'source_name': 'f.jsonl', 'position': 2}
>>> Failed.of_record(record, "reused id: a1").to_json()["id"]
'a1'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from dedupe_feed.feeds.records import FeedItem, FeedRecord, Position, ReadError

if TYPE_CHECKING:
    from dedupe_feed.index import ClusterDecision
    from dedupe_feed.result import Analysis


@dataclass(frozen=True)
class CleanFields:
    """What cleaning adds to one record (plain data, safe to pickle).

    >>> from dedupe_feed import analyze
    >>> fields = CleanFields.of(analyze("Rain lashed Kochi. (PTI)"))
    >>> fields.to_json()  # doctest: +NORMALIZE_WHITESPACE
    {'clean_text': 'Rain lashed Kochi.', 'metadata': {'credit': 'PTI'},
     'removed': {'count': 1, 'by_reason': [{'reason': 'credit.agency_parenthesized', 'chars': 5}]}}
    """

    clean_text: str
    metadata: Mapping[str, str]
    removed_count: int
    removed_by_reason: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, analysis: Analysis) -> CleanFields:
        """The fields of one analysis."""
        return cls(
            clean_text=analysis.text,
            metadata=dict(analysis.metadata),
            removed_count=len(analysis.removed),
            removed_by_reason=tuple(analysis.removed_by_reason().items()),
        )

    def to_json(self) -> dict[str, Any]:
        """``clean_text``, ``metadata`` and the ``removed`` summary."""
        return {
            "clean_text": self.clean_text,
            "metadata": dict(self.metadata),
            "removed": {
                "count": self.removed_count,
                "by_reason": [
                    {"reason": reason, "chars": chars} for reason, chars in self.removed_by_reason
                ],
            },
        }


@dataclass(frozen=True)
class CleanFailure:
    """Why a body could not be cleaned (plain data, safe to pickle).

    >>> CleanFailure.of(ValueError("boom")).reason
    "clean failed: ValueError('boom')"
    """

    reason: str

    @classmethod
    def of(cls, exc: Exception) -> CleanFailure:
        """The failure an exception raised by a cleaner means."""
        return cls(f"clean failed: {exc!r}")


@dataclass(frozen=True)
class Placement:
    """Where the index put a cleaned record: the clustering fields written.

    >>> Placement("a", "a", 1.0, None).similarity
    1.0
    """

    cluster_id: str
    duplicate_of: str | None
    similarity: float | None
    update_of: str | None

    @classmethod
    def of(cls, decision: ClusterDecision) -> Placement:
        """The written fields of an index decision."""
        return cls(
            decision.cluster_id, decision.duplicate_of, decision.similarity, decision.update_of
        )


@dataclass(frozen=True)
class Cleaned:
    """One record cleaned (and, once ``placement`` is set, clustered).

    >>> record = FeedRecord("f", 1, "a", None, None, None, "Hi.", None, {"id": "a"})
    >>> cleaned = Cleaned(record, CleanFields("Hi.", {}, 0, ()))
    >>> cleaned.placed(Placement("a", None, None, None)).placement.cluster_id
    'a'
    """

    record: FeedRecord
    fields: CleanFields
    placement: Placement | None = None

    def placed(self, placement: Placement) -> Cleaned:
        """This record with its clustering fields."""
        return dataclasses.replace(self, placement=placement)

    def to_json(self) -> dict[str, Any]:
        """The output object: input fields kept, cleaning and clustering added.

        >>> record = FeedRecord("f", 1, "a", None, None, None, "Hi.", None, {"id": "a"})
        >>> placement = Placement("a", None, None, None)
        >>> cleaned = Cleaned(record, CleanFields("Hi.", {}, 0, ()), placement)
        >>> cleaned.to_json()  # doctest: +NORMALIZE_WHITESPACE
        {'id': 'a', 'clean_text': 'Hi.', 'metadata': {}, 'removed': {'count': 0, 'by_reason': []},
         'warnings': [], 'cluster_id': 'a', 'duplicate_of': None, 'similarity': None,
         'update_of': None}
        """
        where = self.placement
        added = {
            **self.fields.to_json(),
            "warnings": list(self.record.warnings),
            "cluster_id": None if where is None else where.cluster_id,
            "duplicate_of": None if where is None else where.duplicate_of,
            "similarity": None if where is None else where.similarity,
        }
        if where is not None:
            added["update_of"] = where.update_of
        return merge_keeping_input(self.record.raw, added)


@dataclass(frozen=True)
class Failed:
    """One record that could not be read, cleaned or clustered, and why;
    ``record`` is the record when it was read (its id is then written).

    >>> Failed("feed.jsonl", 2, "malformed JSON: Expecting value").to_json()["position"]
    2
    """

    source_name: str
    position: Position
    reason: str
    record: FeedRecord | None = None

    @classmethod
    def unreadable(cls, error: ReadError) -> Failed:
        """A record (or file) the readers could not read."""
        return cls(error.source_name, error.position, error.reason)

    @classmethod
    def of_record(cls, record: FeedRecord, reason: str) -> Failed:
        """A record that was read but could not be cleaned or clustered."""
        return cls(record.source_name, record.position, reason, record)

    @property
    def kind(self) -> str:
        """The reason up to its first ``:`` outside parentheses, to count
        failures by kind.

        >>> Failed("f", 1, "clean failed: ValueError()").kind
        'clean failed'
        >>> Failed("f", 1, "missing text field (looked for: text, body)").kind
        'missing text field (looked for: text, body)'
        """
        depth = 0
        for index, char in enumerate(self.reason):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if char == ":" and depth <= 0:
                return self.reason[:index]
        return self.reason

    def to_json(self) -> dict[str, Any]:
        """The error object (with the record's ``id`` when it was read)."""
        obj: dict[str, Any] = {
            "error": self.reason,
            "source_name": self.source_name,
            "position": self.position,
        }
        if self.record is not None:
            obj["id"] = self.record.id
        return obj


FeedOutput: TypeAlias = "Cleaned | Failed"
"""What a job writes for one input record."""

CleanResult: TypeAlias = "CleanFields | CleanFailure"
"""What cleaning one body gives (what a worker process sends back)."""


def output_of(item: FeedItem, cleaned: CleanResult | None = None) -> FeedOutput:
    """The output of ``item``, whose body cleaned to ``cleaned`` (``None``
    for an unreadable item: it has no body).

    >>> output_of(ReadError("f", 3, "missing file")).reason
    'missing file'
    """
    if isinstance(item, ReadError):
        return Failed.unreadable(item)
    if cleaned is None:
        raise ValueError(f"record {item.source_name}:{item.position} was not cleaned")
    if isinstance(cleaned, CleanFailure):
        return Failed.of_record(item, cleaned.reason)
    return Cleaned(item, cleaned)


def merge_keeping_input(raw: Mapping[str, Any], added: dict[str, Any]) -> dict[str, Any]:
    """``raw`` then ``added``; a raw field that ``added`` would overwrite moves
    to ``input_<name>`` (``input_input_<name>`` ...) so nothing is lost.

    >>> merge_keeping_input({"metadata": 1, "id": 2}, {"metadata": {}})
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


__all__ = [
    "CleanFailure",
    "CleanFields",
    "CleanResult",
    "Cleaned",
    "Failed",
    "FeedOutput",
    "Placement",
    "merge_keeping_input",
    "output_of",
]
