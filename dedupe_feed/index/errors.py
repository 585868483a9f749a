"""The index's one exception: a store that cannot be opened or used.

>>> from dedupe_feed.errors import DedupeFeedError
>>> issubclass(StoreError, DedupeFeedError)
True
"""

from __future__ import annotations

from dedupe_feed.errors import DedupeFeedError


class StoreError(DedupeFeedError):
    """A store is corrupt, of another schema version, built with other
    MinHash parameters, or named by a spec no store understands.

    >>> from dedupe_feed.index import open_store
    >>> open_store("sqlite:///")
    Traceback (most recent call last):
    ...
    dedupe_feed.index.errors.StoreError: 'sqlite:///' names no file: use sqlite:///path/to/index.sqlite
    """


class IdConflictError(StoreError):
    """An id the index already holds, added again with other content (another
    clean text or source): the stored decision belongs to the first article,
    so it is never handed to the second.

    >>> from dedupe_feed.index import FeedDeduplicator
    >>> dedup = FeedDeduplicator()
    >>> _ = dedup.add("1", "Rain lashed Kochi on Monday.", source="PTI")
    >>> dedup.add("1", "Fire broke out in Delhi.", source="ANI")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedupe_feed.index.errors.IdConflictError: id '1' is already in the index with other content ...
    """


class IndexOptionsError(StoreError):
    """An index opened with clustering options other than those it was built
    with (it remembers them), unless ``override_options=True``.

    >>> from dedupe_feed.index import FeedDeduplicator, MemoryStore
    >>> store = MemoryStore()
    >>> FeedDeduplicator(store, canonical="earliest").close()
    >>> try:
    ...     FeedDeduplicator(store, canonical="longest")
    ... except IndexOptionsError as error:
    ...     print(str(error)[:73])
    the index was built with canonical='earliest'; this run asks canonical='l
    """
