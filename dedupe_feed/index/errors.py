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
