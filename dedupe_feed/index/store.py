"""What the cross-article index keeps per article, and the interface of a store.

An :class:`ArticleSignature` is the MinHash of one clean article (word
3-shingles of its comparison key) plus what clustering needs besides the
text: length, publication time, source and id. A :class:`StoredItem` is a
signature with the clean text and the decision taken for it. A
:class:`Store` keeps stored items, the LSH band keys that find them, and the
canonical member of each cluster; :class:`~dedupe_feed.index.MemoryStore`
and :class:`~dedupe_feed.index.SQLiteStore` implement it.

>>> sig = ArticleSignature("a1", b"\\x01\\x00\\x00\\x00" * 4, 120, "2025-07-09T00:00:00", "PTI")
>>> sig.hashvalues.tolist()
[1, 1, 1, 1]
>>> parse_published("2025-07-09")
'2025-07-09T00:00:00'
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import datasketch

#: The schema version of stored indexes; a store refuses any other.
SCHEMA_VERSION = 3
#: Default number of latest arrivals each LSH bucket contributes to a lookup.
BUCKET_LIMIT = 32

Published = str | dt.date | dt.datetime | None


@dataclass(frozen=True, slots=True)
class ArticleSignature:
    """The MinHash of one clean article and the facts clustering needs.

    ``signature`` holds the MinHash values as little-endian ``uint32`` bytes;
    ``published`` is an ISO 8601 time in UTC without offset (see
    :func:`parse_published`), or ``None`` when unknown.

    >>> from dedupe_feed.index import FeedDeduplicator
    >>> sig = FeedDeduplicator().signature("a", "Rain lashed Kochi on Monday.", source="PTI")
    >>> sig.id, sig.length, sig.source, len(sig.hashvalues)
    ('a', 28, 'PTI', 128)
    """

    id: str
    signature: bytes
    length: int
    published: str | None = None
    source: str | None = None

    @property
    def hashvalues(self) -> npt.NDArray[np.uint32]:
        """The MinHash values as an array.

        >>> ArticleSignature("x", bytes(8), 0).hashvalues.tolist()
        [0, 0]
        """
        return np.frombuffer(self.signature, dtype="<u4").astype(np.uint32)

    def minhash(self, seed: int) -> datasketch.LeanMinHash:
        """The signature as a datasketch ``LeanMinHash`` (``affine32`` scheme).

        >>> ArticleSignature("x", bytes(8), 0).minhash(seed=1).jaccard(
        ...     ArticleSignature("y", bytes(8), 0).minhash(seed=1))
        1.0
        """
        from datasketch import LeanMinHash  # SciPy comes with it: only when asked for

        return LeanMinHash(seed=seed, hashvalues=self.hashvalues, scheme="affine32")

    def jaccard(self, other: ArticleSignature) -> float:
        """MinHash estimate of the Jaccard similarity of the two shingle sets.

        >>> a = ArticleSignature("a", bytes([1, 0, 0, 0, 2, 0, 0, 0]), 0)
        >>> a.jaccard(ArticleSignature("b", bytes([1, 0, 0, 0, 3, 0, 0, 0]), 0))
        0.5
        """
        same = np.frombuffer(self.signature, dtype="<u4") == np.frombuffer(other.signature, "<u4")
        return int(np.count_nonzero(same)) / len(same) if len(same) else float("nan")


@dataclass(frozen=True, slots=True)
class StoredItem:
    """One indexed article: its signature, clean text and cluster decision.

    ``seq`` is the arrival number the store assigned (0 before it is stored).

    >>> from dedupe_feed.index import FeedDeduplicator
    >>> dedup = FeedDeduplicator()
    >>> _ = dedup.add_many([("a", "One story."), ("b", "One story.")])
    >>> item = dedup.store.get("b")
    >>> item.id, item.text, item.cluster_id, item.duplicate_of, item.seq
    ('b', 'One story.', 'a', 'a', 2)
    """

    signature: ArticleSignature
    text: str
    cluster_id: str
    duplicate_of: str | None = None
    similarity: float | None = None
    update_of: str | None = None
    seq: int = 0

    @property
    def id(self) -> str:
        """The item id (the signature's).

        >>> StoredItem(ArticleSignature("a", b"", 0), "", "a").id
        'a'
        """
        return self.signature.id


def parse_published(value: Published) -> str | None:
    """Normalise a publication time to ``YYYY-MM-DDTHH:MM:SS`` in UTC.

    Dates mean midnight; times without an offset are taken as UTC. The
    result sorts as text in time order, which the stores rely on.

    >>> parse_published("2025-07-09T10:30:00+05:30")
    '2025-07-09T05:00:00'
    >>> parse_published(None) is None
    True
    >>> parse_published("yesterday")
    Traceback (most recent call last):
    ...
    ValueError: published must be an ISO 8601 date or time, got 'yesterday'
    """
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"published must be an ISO 8601 date or time, got {value!r}") from None
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value.replace(microsecond=0).isoformat()


class Store(abc.ABC):
    """Where a :class:`~dedupe_feed.index.FeedDeduplicator` keeps its state.

    Writes made inside :meth:`batch` become visible together or not at all:
    an exception inside the ``with`` block undoes them. Writes outside a
    batch are each their own batch.

    >>> from dedupe_feed.index import FeedDeduplicator, MemoryStore
    >>> store = MemoryStore()
    >>> dedup = FeedDeduplicator(store)
    >>> try:
    ...     with store.batch():
    ...         _ = dedup.add("a", "Rain lashed Kochi on Monday.")
    ...         raise RuntimeError("worker died")
    ... except RuntimeError:
    ...     pass
    >>> len(store), store.get("a")
    (0, None)
    """

    @abc.abstractmethod
    def batch(self) -> AbstractContextManager[None]:
        """A context in which all writes form one transaction (nestable)."""

    @abc.abstractmethod
    def get_meta(self, key: str) -> str | None:
        """A stored parameter (``num_perm``, ``seed``, ``bands`` ...) or ``None``."""

    @abc.abstractmethod
    def set_meta(self, key: str, value: str) -> None:
        """Store a parameter."""

    @abc.abstractmethod
    def add(self, item: StoredItem, band_keys: Sequence[bytes]) -> int:
        """Store ``item`` under its LSH band keys; returns its arrival ``seq``."""

    @abc.abstractmethod
    def get(self, item_id: str) -> StoredItem | None:
        """The stored item with this id, or ``None``."""

    def signature(self, item_id: str) -> ArticleSignature | None:
        """The stored signature of this id (all the candidate gate needs), or
        ``None``; a store that can read it without the text overrides this.

        >>> from dedupe_feed.index import FeedDeduplicator, MemoryStore
        >>> dedup = FeedDeduplicator(MemoryStore())
        >>> _ = dedup.add("a", "Rain lashed Kochi on Monday.")
        >>> dedup.store.signature("a").length, dedup.store.signature("b")
        (28, None)
        """
        item = self.get(item_id)
        return None if item is None else item.signature

    @abc.abstractmethod
    def candidates(
        self, band_keys: Sequence[bytes], limit: int, per_bucket: int = BUCKET_LIMIT
    ) -> list[tuple[str, str]]:
        """``(item id, cluster id)`` of up to ``limit`` items sharing a band key,
        most shared keys first (ties: earliest arrival first). Each band key's
        bucket contributes only its ``per_bucket`` latest arrivals, so a bucket
        that many unrelated items share costs the same at any index size."""

    @abc.abstractmethod
    def canonical(self, cluster_id: str) -> str | None:
        """The id of the cluster's canonical member (``None``: no such cluster)."""

    @abc.abstractmethod
    def set_canonical(self, cluster_id: str, item_id: str) -> None:
        """Make ``item_id`` the canonical member of ``cluster_id``."""

    @abc.abstractmethod
    def members(self, cluster_id: str) -> list[StoredItem]:
        """The cluster's stored items in arrival order."""

    @abc.abstractmethod
    def expire(self, before: str) -> list[str]:
        """Delete items published before ``before`` (ISO text, see
        :func:`parse_published`); items without a date stay. Clusters left
        empty are deleted; returns the ids of surviving clusters whose
        canonical member was deleted (their canonical is unset)."""

    @abc.abstractmethod
    def items(self) -> Iterator[StoredItem]:
        """All stored items in arrival order."""

    @abc.abstractmethod
    def replace_bands(self, bands: Iterable[tuple[str, Sequence[bytes]]]) -> None:
        """Drop every band key and store these ``(item id, band keys)`` instead."""

    @abc.abstractmethod
    def __len__(self) -> int:
        """How many items are stored."""

    def close(self) -> None:  # noqa: B027 (optional hook, nothing to do by default)
        """Release the store's resources (a no-op unless overridden)."""
