"""An in-memory :class:`~dedupe_feed.index.store.Store`: dictionaries and an undo log.

>>> from dedupe_feed.index.store import ArticleSignature, StoredItem
>>> store = MemoryStore()
>>> store.add(StoredItem(ArticleSignature("a", bytes(8), 5), "Rain.", "a"), [b"k1"])
1
>>> store.candidates([b"k1", b"k2"], limit=5), len(store)
([('a', 'a')], 1)
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

from dedupe_feed.index.store import BUCKET_LIMIT, Store, StoredItem

Undo = Callable[[], None]


class MemoryStore(Store):
    """Keeps everything in dictionaries; gone when the object is.

    A batch that raises is undone step by step from an undo log, so a
    failed batch costs what it wrote, not the size of the store.

    >>> from dedupe_feed.index import FeedDeduplicator
    >>> store = MemoryStore()
    >>> FeedDeduplicator(store).add("a", "Rain lashed Kochi on Monday.").cluster_id
    'a'
    >>> len(store)
    1
    """

    def __init__(self) -> None:
        self._items: dict[str, StoredItem] = {}
        self._bands: dict[bytes, list[str]] = {}
        self._item_bands: dict[str, tuple[bytes, ...]] = {}
        self._canonical: dict[str, str] = {}
        self._members: dict[str, set[str]] = {}
        self._meta: dict[str, str] = {}
        self._next_seq = 1
        self._undo: list[Undo] | None = None

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """All writes inside succeed together or are undone together.

        >>> store = MemoryStore()
        >>> try:
        ...     with store.batch():
        ...         store.set_meta("k", "v")
        ...         raise RuntimeError("boom")
        ... except RuntimeError:
        ...     pass
        >>> store.get_meta("k") is None
        True
        """
        if self._undo is not None:
            yield
            return
        self._undo = []
        try:
            yield
        except BaseException:
            for step in reversed(self._undo):
                step()
            raise
        finally:
            self._undo = None

    def _log(self, step: Undo) -> None:
        if self._undo is not None:
            self._undo.append(step)

    def get_meta(self, key: str) -> str | None:
        return self._meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        old = self._meta.get(key)
        self._meta[key] = value
        self._log(lambda: self._restore_meta(key, old))

    def _restore_meta(self, key: str, old: str | None) -> None:
        if old is None:
            self._meta.pop(key, None)
        else:
            self._meta[key] = old

    def add(self, item: StoredItem, band_keys: Sequence[bytes]) -> int:
        seq = self._next_seq
        self._next_seq += 1
        self._insert(dataclasses.replace(item, seq=seq), tuple(band_keys))
        self._log(functools.partial(self._forget, item.id))
        return seq

    def _insert(self, item: StoredItem, band_keys: tuple[bytes, ...]) -> None:
        self._items[item.id] = item
        self._item_bands[item.id] = band_keys
        for key in band_keys:
            self._bands.setdefault(key, []).append(item.id)
        self._members.setdefault(item.cluster_id, set()).add(item.id)

    def _forget(self, item_id: str) -> None:
        self._remove(item_id)

    def _remove(self, item_id: str) -> tuple[StoredItem, tuple[bytes, ...]]:
        item = self._items.pop(item_id)
        band_keys = self._item_bands.pop(item_id)
        for key in band_keys:
            holders = self._bands[key]
            holders.remove(item_id)
            if not holders:
                del self._bands[key]
        members = self._members[item.cluster_id]
        members.discard(item_id)
        if not members:
            del self._members[item.cluster_id]
        return item, band_keys

    def get(self, item_id: str) -> StoredItem | None:
        return self._items.get(item_id)

    def candidates(
        self, band_keys: Sequence[bytes], limit: int, per_bucket: int = BUCKET_LIMIT
    ) -> list[tuple[str, str]]:
        counts: Counter[str] = Counter()
        for key in band_keys:
            counts.update(self._bands.get(key, [])[-per_bucket:])  # in arrival order
        ranked = sorted(counts, key=lambda item_id: (-counts[item_id], self._items[item_id].seq))
        return [(item_id, self._items[item_id].cluster_id) for item_id in ranked[:limit]]

    def canonical(self, cluster_id: str) -> str | None:
        return self._canonical.get(cluster_id)

    def set_canonical(self, cluster_id: str, item_id: str) -> None:
        old = self._canonical.get(cluster_id)
        self._canonical[cluster_id] = item_id
        self._log(lambda: self._restore_canonical(cluster_id, old))

    def _restore_canonical(self, cluster_id: str, old: str | None) -> None:
        if old is None:
            self._canonical.pop(cluster_id, None)
        else:
            self._canonical[cluster_id] = old

    def members(self, cluster_id: str) -> list[StoredItem]:
        found = (self._items[item_id] for item_id in self._members.get(cluster_id, ()))
        return sorted(found, key=lambda item: item.seq)

    def expire(self, before: str) -> list[str]:
        old = [
            i.id for i in self.items() if i.signature.published and i.signature.published < before
        ]
        removed = [self._remove(item_id) for item_id in old]
        orphaned: list[str] = []
        for cluster_id in sorted({item.cluster_id for item, _ in removed}):
            canonical = self._canonical.get(cluster_id)
            if canonical is not None and canonical not in self._items:
                del self._canonical[cluster_id]
                self._log(functools.partial(self._restore_canonical, cluster_id, canonical))
                if cluster_id in self._members:
                    orphaned.append(cluster_id)
        for item, band_keys in removed:
            self._log(functools.partial(self._insert, item, band_keys))
        return orphaned

    def items(self) -> Iterator[StoredItem]:
        return iter(sorted(self._items.values(), key=lambda item: item.seq))

    def replace_bands(self, bands: Iterable[tuple[str, Sequence[bytes]]]) -> None:
        old_bands, old_item_bands = self._bands, self._item_bands
        self._bands, self._item_bands = {}, {}
        for item_id, band_keys in bands:
            self._item_bands[item_id] = tuple(band_keys)
            for key in band_keys:
                self._bands.setdefault(key, []).append(item_id)
        self._log(lambda: self._restore_bands(old_bands, old_item_bands))

    def _restore_bands(
        self, bands: dict[bytes, list[str]], item_bands: dict[str, tuple[bytes, ...]]
    ) -> None:
        self._bands, self._item_bands = bands, item_bands

    def __len__(self) -> int:
        return len(self._items)
