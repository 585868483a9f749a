"""A :class:`~dedupe_feed.index.store.Store` on a Redis server, shared by several workers.

Every worker opens ``RedisStore(url)`` with the same ``namespace`` and sees
the others' articles as soon as their batch is written. Keys (``ns`` is the
namespace):

- ``ns:meta`` (hash): ``schema_version`` and the MinHash parameters
  (``num_perm``, ``seed``, ``layout``), checked as in the SQLite store;
- ``ns:item:<id>`` (hash): ``seq``, ``signature`` (little-endian ``uint32``
  bytes, so the band index can be rebuilt), ``text`` (zlib), ``length``,
  ``published``, ``source``, ``cluster``, ``duplicate_of``, ``similarity``,
  ``update_of`` and ``bands`` (the item's band keys, hex);
- ``ns:band:<band>:<key hex>`` (set): the ids of the items with that band key;
- ``ns:canonical`` (hash): cluster id -> canonical member id;
- ``ns:members:<cluster>`` (sorted set): the cluster's ids by arrival ``seq``;
- ``ns:items`` (sorted set): every id by ``seq``; ``ns:published`` (sorted
  set): dated ids by POSIX time, for :meth:`RedisStore.expire`;
- ``ns:seq`` (counter): the last arrival number handed out.

A batch is queued in a ``MULTI``/``EXEC`` pipeline and sent when the
outermost :meth:`~RedisStore.batch` ends, so other workers see all of it or
none of it; an exception inside the batch discards the queue, nothing is
written. Reads inside a batch see the batch's own writes (the deduplicator
relies on that: a later article of the batch must find an earlier one)
through a small in-process overlay. Batches are atomic, not isolated: what
a batch read may change before it is written (an arrival ``seq`` taken by a
failed batch is simply never used).

Opening a store checks that the server answers:

>>> RedisStore("redis://127.0.0.1:1/0")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
dedupe_feed.index.errors.StoreError: no Redis server at redis://127.0.0.1:1/0 (...)
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import urllib.parse
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast

from dedupe_feed.index.errors import StoreError
from dedupe_feed.index.store import (
    BUCKET_LIMIT,
    SCHEMA_VERSION,
    ArticleSignature,
    Store,
    StoredItem,
)

if TYPE_CHECKING:
    import redis
    from redis.client import Pipeline

#: Keys per ``SCAN`` step and per read pipeline.
CHUNK = 500
#: Seconds to wait for the server when connecting (the URL's
#: ``socket_connect_timeout`` wins).
CONNECT_TIMEOUT = 5.0
#: Older schema versions whose Redis layout is this one's (version 3 changed
#: only the SQLite file): their namespaces are relabelled when opened.
_SAME_LAYOUT = ("2",)


@dataclasses.dataclass
class _Pending:
    """A batch in progress: the queued commands and what they will change."""

    pipe: Pipeline
    meta: dict[str, str] = dataclasses.field(default_factory=dict)
    added: dict[str, StoredItem] = dataclasses.field(default_factory=dict)
    deleted: set[str] = dataclasses.field(default_factory=set)
    canonical: dict[str, str | None] = dataclasses.field(default_factory=dict)
    #: Band keys of the items added (and, after ``replace_bands``, of all items).
    item_bands: dict[str, tuple[bytes, ...]] = dataclasses.field(default_factory=dict)
    #: (band, key) -> ids, for the items in ``item_bands``.
    bands: dict[tuple[int, bytes], set[str]] = dataclasses.field(default_factory=dict)
    #: Arrival ``seq`` of the items in ``item_bands``.
    seqs: dict[str, int] = dataclasses.field(default_factory=dict)
    #: ``replace_bands`` ran: the band sets on the server are all being dropped.
    bands_replaced: bool = False

    def index(self, item_id: str, band_keys: tuple[bytes, ...], seq: int) -> None:
        self.unindex(item_id)
        self.item_bands[item_id] = band_keys
        self.seqs[item_id] = seq
        for band, key in enumerate(band_keys):
            self.bands.setdefault((band, key), set()).add(item_id)

    def unindex(self, item_id: str) -> None:
        self.seqs.pop(item_id, None)
        for band, key in enumerate(self.item_bands.pop(item_id, ())):
            holders = self.bands.get((band, key))
            if holders is not None:
                holders.discard(item_id)
                if not holders:
                    del self.bands[(band, key)]


class RedisStore(Store):
    """An index on a Redis server that several processes share.

    ``url`` is a redis-py URL (``redis://[:password@]host:port/db``,
    ``rediss://`` for TLS, ``unix:///path.sock``); ``namespace`` prefixes
    every key, so several indexes can live in one database. A namespace of
    another schema version, or whose keys are not a dedupe_feed index,
    raises :class:`~dedupe_feed.index.errors.StoreError`; so does a
    missing redis package or a server that does not answer.

    >>> RedisStore("redis://127.0.0.1:1/0", namespace="news")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedupe_feed.index.errors.StoreError: no Redis server at redis://127.0.0.1:1/0 (...)

    With a server, ``FeedDeduplicator(RedisStore("redis://localhost:6379/0"))``
    (or the spec ``"redis://localhost:6379/0?namespace=news"``) is used like
    any other store; tests/test_redis_store.py runs it against a real server.
    """

    def __init__(self, url: str, *, namespace: str = "dedupe_feed") -> None:
        if not namespace:
            raise StoreError("a Redis store needs a non-empty namespace")
        self.url = url
        self.namespace = namespace
        self._pending: _Pending | None = None
        self._client = _connect(url)
        try:
            self._check_version()
        except BaseException:
            self._client.close()
            raise

    def _check_version(self) -> None:
        module = _redis()
        where = f"namespace {self.namespace!r} at {redact_url(self.url)}"
        try:
            found = self.get_meta("schema_version")
            if found is None:
                if _int(self._client.zcard(self._key("items"))):
                    raise StoreError(f"{where} has items but no schema version")
                self.set_meta("schema_version", str(SCHEMA_VERSION))
            elif found in _SAME_LAYOUT:  # only the SQLite layout changed since
                self.set_meta("schema_version", found := str(SCHEMA_VERSION))
        except module.ResponseError as error:  # WRONGTYPE: someone else's keys
            raise StoreError(f"{where} is not a dedupe_feed index ({error})") from error
        except module.RedisError as error:
            raise StoreError(f"cannot use Redis at {redact_url(self.url)}: {error}") from error
        if found is not None and found != str(SCHEMA_VERSION):
            raise StoreError(
                f"{where} has index schema version {found}; this dedupe_feed reads "
                f"version {SCHEMA_VERSION} (rebuild the index from the feed)"
            )

    # -- keys --------------------------------------------------------------

    def _key(self, *parts: str) -> str:
        return ":".join((self.namespace, *parts))

    def _item_key(self, item_id: str) -> str:
        return self._key("item", item_id)

    def _band_key(self, band: int, key: bytes) -> str:
        return self._key("band", str(band), key.hex())

    def _pattern(self, *parts: str) -> str:
        """A ``SCAN MATCH`` pattern for the keys under ``ns:parts:``."""
        return "".join("\\" + c if c in "*?[]\\" else c for c in self._key(*parts)) + ":*"

    # -- batches -----------------------------------------------------------

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """One ``MULTI``/``EXEC`` transaction, sent when the outermost batch
        ends; an exception inside discards it (nothing is written)."""
        if self._pending is not None:
            yield
            return
        pipe = self._client.pipeline(transaction=True)
        self._pending = _Pending(pipe)
        try:
            yield
            if len(pipe):
                try:
                    pipe.execute()
                except _redis().RedisError as error:
                    raise StoreError(
                        f"could not write a batch to Redis at {redact_url(self.url)}: {error}"
                    ) from error
        finally:
            self._pending = None
            pipe.reset()

    def _queue(self) -> tuple[_Pending, Pipeline]:
        pending = self._pending
        if pending is None:  # pragma: no cover (writers open a batch first)
            raise RuntimeError("write outside a batch")
        return pending, pending.pipe

    def _read(self, command: str, keys: Sequence[str], *args: object) -> list[Any]:
        """``command key *args`` for each key, in one round trip."""
        with self._client.pipeline(transaction=False) as pipe:
            for key in keys:
                getattr(pipe, command)(key, *args)
            return list(pipe.execute())

    # -- meta --------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        if self._pending is not None and key in self._pending.meta:
            return self._pending.meta[key]
        return _text(self._client.hget(self._key("meta"), key))

    def set_meta(self, key: str, value: str) -> None:
        with self.batch():
            pending, pipe = self._queue()
            pipe.hset(self._key("meta"), key, value)
            pending.meta[key] = value

    # -- items -------------------------------------------------------------

    def add(self, item: StoredItem, band_keys: Sequence[bytes]) -> int:
        seq = _int(self._client.incr(self._key("seq")))
        stored = dataclasses.replace(item, seq=seq)
        keys = tuple(band_keys)
        sig = item.signature
        fields: dict[str, str | bytes] = {
            "seq": str(seq),
            "signature": sig.signature,
            "length": str(sig.length),
            "text": zlib.compress(item.text.encode("utf-8")),
            "cluster": item.cluster_id,
            "bands": _hex(keys),
        }
        optional = {
            "published": sig.published,
            "source": sig.source,
            "duplicate_of": item.duplicate_of,
            "similarity": None if item.similarity is None else repr(item.similarity),
            "update_of": item.update_of,
        }
        fields.update({name: value for name, value in optional.items() if value is not None})
        with self.batch():
            pending, pipe = self._queue()
            pipe.hset(self._item_key(item.id), mapping=cast(Any, fields))
            for band, key in enumerate(keys):
                pipe.zadd(self._band_key(band, key), {item.id: seq})
            pipe.zadd(self._key("items"), {item.id: seq})
            pipe.zadd(self._key("members", item.cluster_id), {item.id: seq})
            if sig.published is not None:
                pipe.zadd(self._key("published"), {item.id: _timestamp(sig.published)})
            pending.added[item.id] = stored
            pending.deleted.discard(item.id)
            pending.index(item.id, keys, seq)
        return seq

    def get(self, item_id: str) -> StoredItem | None:
        found = self._fetch([item_id])
        return found[item_id][0] if item_id in found else None

    def _fetch(self, ids: Sequence[str]) -> dict[str, tuple[StoredItem, tuple[bytes, ...]]]:
        """The items with these ids that exist (with their band keys)."""
        pending = self._pending
        found: dict[str, tuple[StoredItem, tuple[bytes, ...]]] = {}
        remote: list[str] = []
        for item_id in dict.fromkeys(ids):
            if pending is not None and item_id in pending.added:
                found[item_id] = (pending.added[item_id], pending.item_bands[item_id])
            elif pending is None or item_id not in pending.deleted:
                remote.append(item_id)
        for start in range(0, len(remote), CHUNK):
            chunk = remote[start : start + CHUNK]
            rows = self._read("hgetall", [self._item_key(i) for i in chunk])
            for item_id, row in zip(chunk, rows, strict=True):
                if row:
                    found[item_id] = _item(item_id, row)
        if pending is not None:  # band keys changed in this batch
            for item_id, (item, _) in found.items():
                if item_id in pending.item_bands:
                    found[item_id] = (item, pending.item_bands[item_id])
                elif pending.bands_replaced:
                    found[item_id] = (item, ())
        return found

    def _exists(self, item_id: str) -> bool:
        return not self._missing([item_id])

    def _missing(self, ids: Sequence[str]) -> list[str]:
        """Those of ``ids`` that are not stored (in order)."""
        pending = self._pending
        missing: list[str] = []
        remote: list[str] = []
        for item_id in ids:
            if pending is not None and item_id in pending.added:
                continue
            if pending is not None and item_id in pending.deleted:
                missing.append(item_id)
            else:
                remote.append(item_id)
        for start in range(0, len(remote), CHUNK):
            chunk = remote[start : start + CHUNK]
            found = self._read("exists", [self._item_key(i) for i in chunk])
            missing += [item_id for item_id, count in zip(chunk, found, strict=True) if not count]
        return missing

    def candidates(
        self, band_keys: Sequence[bytes], limit: int, per_bucket: int = BUCKET_LIMIT
    ) -> list[tuple[str, str]]:
        wanted = list(enumerate(band_keys))
        pending = self._pending
        deleted = pending.deleted if pending is not None else set()
        remote: list[list[bytes]] = [[] for _ in wanted]
        if wanted and (pending is None or not pending.bands_replaced):
            last = per_bucket + len(deleted) - 1  # deleted ones are skipped below
            remote = self._read("zrevrange", [self._band_key(*bk) for bk in wanted], 0, last)
        counts: Counter[str] = Counter()
        for band_key, stored in zip(wanted, remote, strict=True):
            newest = self._pending_latest(band_key)  # queued now: newer than the server's
            newest += [m.decode("utf-8") for m in stored]
            latest = [item_id for item_id in dict.fromkeys(newest) if item_id not in deleted]
            counts.update(latest[:per_bucket])
        ranking = self._seq_and_cluster(list(counts))
        ranked = sorted(ranking, key=lambda item_id: (-counts[item_id], ranking[item_id][0]))
        return [(item_id, ranking[item_id][1]) for item_id in ranked[:limit]]

    def _pending_latest(self, band_key: tuple[int, bytes]) -> list[str]:
        """Ids queued in this batch under ``band_key``, latest arrival first."""
        pending = self._pending
        if pending is None:
            return []
        holders = pending.bands.get(band_key, ())
        return sorted(holders, key=lambda item_id: -pending.seqs[item_id])

    def _seq_and_cluster(self, ids: list[str]) -> dict[str, tuple[int, str]]:
        pending = self._pending
        found: dict[str, tuple[int, str]] = {}
        remote: list[str] = []
        for item_id in ids:
            if pending is not None and item_id in pending.added:
                item = pending.added[item_id]
                found[item_id] = (item.seq, item.cluster_id)
            else:
                remote.append(item_id)
        for start in range(0, len(remote), CHUNK):
            chunk = remote[start : start + CHUNK]
            rows = self._read("hmget", [self._item_key(i) for i in chunk], ["seq", "cluster"])
            for item_id, (seq, cluster) in zip(chunk, rows, strict=True):
                if seq is not None and cluster is not None:  # gone meanwhile: skip
                    found[item_id] = (int(seq), cluster.decode("utf-8"))
        return found

    # -- clusters ----------------------------------------------------------

    def canonical(self, cluster_id: str) -> str | None:
        if self._pending is not None and cluster_id in self._pending.canonical:
            return self._pending.canonical[cluster_id]
        return _text(self._client.hget(self._key("canonical"), cluster_id))

    def set_canonical(self, cluster_id: str, item_id: str) -> None:
        with self.batch():
            pending, pipe = self._queue()
            pipe.hset(self._key("canonical"), cluster_id, item_id)
            pending.canonical[cluster_id] = item_id

    def _unset_canonical(self, cluster_id: str) -> None:
        pending, pipe = self._queue()
        pipe.hdel(self._key("canonical"), cluster_id)
        pending.canonical[cluster_id] = None

    def _member_ids(self, cluster_id: str) -> list[str]:
        rows = _list(self._client.zrange(self._key("members", cluster_id), 0, -1))
        ids = [row.decode("utf-8") for row in rows]
        pending = self._pending
        if pending is not None:
            ids = [i for i in ids if i not in pending.deleted and i not in pending.added]
            ids += [i for i, item in pending.added.items() if item.cluster_id == cluster_id]
        return ids

    def members(self, cluster_id: str) -> list[StoredItem]:
        found = self._fetch(self._member_ids(cluster_id))
        return sorted((item for item, _ in found.values()), key=lambda item: item.seq)

    # -- expiry, listing, rebuilding -----------------------------------------

    def expire(self, before: str) -> list[str]:
        cutoff = _timestamp(before)
        with self.batch():
            pending, pipe = self._queue()
            dated = _list(
                self._client.zrangebyscore(self._key("published"), "-inf", f"({cutoff!r}")
            )
            old = [row.decode("utf-8") for row in dated]
            old += [
                item.id
                for item in pending.added.values()
                if item.signature.published is not None and item.signature.published < before
            ]
            touched: set[str] = set()
            for item_id, (item, bands) in self._fetch(old).items():
                pipe.delete(self._item_key(item_id))
                for band, key in enumerate(bands):
                    pipe.zrem(self._band_key(band, key), item_id)
                pipe.zrem(self._key("items"), item_id)
                pipe.zrem(self._key("published"), item_id)
                pipe.zrem(self._key("members", item.cluster_id), item_id)
                if pending.added.pop(item_id, None) is None:
                    pending.deleted.add(item_id)
                pending.unindex(item_id)
                touched.add(item.cluster_id)
            orphaned: list[str] = []
            for cluster_id in sorted(touched):
                canonical = self.canonical(cluster_id)
                if canonical is None or self._exists(canonical):
                    continue
                self._unset_canonical(cluster_id)
                if self._member_ids(cluster_id):
                    orphaned.append(cluster_id)
            return orphaned

    def items(self) -> Iterator[StoredItem]:
        prefix = len(self._key("item")) + 1
        keys = self._client.scan_iter(match=self._pattern("item"), count=CHUNK)
        ids = {cast(bytes, key).decode("utf-8")[prefix:] for key in keys}
        if self._pending is not None:
            ids.update(self._pending.added)
        found = self._fetch(sorted(ids))
        return iter(sorted((item for item, _ in found.values()), key=lambda item: item.seq))

    def replace_bands(self, bands: Iterable[tuple[str, Sequence[bytes]]]) -> None:
        listed = [(item_id, tuple(keys)) for item_id, keys in bands]
        with self.batch():
            pending, pipe = self._queue()
            unknown = self._missing([item_id for item_id, _ in listed])
            if unknown:
                raise StoreError(f"cannot store band keys of unknown items {unknown[:5]}")
            old: list[str | bytes] = [cast(bytes, key) for key in self._scan(self._pattern("band"))]
            old += [  # queued earlier in this batch, not on the server yet
                self._band_key(band, key)
                for keys in pending.item_bands.values()
                for band, key in enumerate(keys)
            ]
            for start in range(0, len(old), CHUNK):
                pipe.delete(*old[start : start + CHUNK])
            seqs = self._seq_and_cluster([item_id for item_id, _ in listed])
            pending.bands_replaced = True
            pending.item_bands.clear()
            pending.bands.clear()
            pending.seqs.clear()
            for item_id, keys in listed:
                seq = seqs[item_id][0]
                for band, key in enumerate(keys):
                    pipe.zadd(self._band_key(band, key), {item_id: seq})
                pipe.hset(self._item_key(item_id), "bands", _hex(keys))
                pending.index(item_id, keys, seq)

    def _scan(self, pattern: str) -> list[object]:
        return list(self._client.scan_iter(match=pattern, count=CHUNK))

    def __len__(self) -> int:
        count = _int(self._client.zcard(self._key("items")))
        if self._pending is not None:
            count += len(self._pending.added) - len(self._pending.deleted)
        return count

    def close(self) -> None:
        """Close the connections to the server (a batch in progress is lost)."""
        self._client.close()


def _redis() -> Any:
    """The ``redis`` module, or a StoreError that says how to install it."""
    try:
        import redis
    except ImportError as error:
        raise StoreError(
            "Redis stores need the redis package: pip install dedupe-feed[redis]"
        ) from error
    return redis


def _connect(url: str) -> redis.Redis:
    module = _redis()
    shown = redact_url(url)
    try:
        client = cast(
            "redis.Redis", module.Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT)
        )
    except (ValueError, TypeError) as error:
        raise StoreError(f"{shown!r} is not a Redis URL ({error})") from error
    try:
        client.ping()
    except module.ConnectionError as error:
        client.close()
        raise StoreError(f"no Redis server at {shown} ({error})") from error
    except module.RedisError as error:
        client.close()
        raise StoreError(f"cannot use Redis at {shown}: {error}") from error
    return client


def redact_url(url: str) -> str:
    """The URL without its password.

    >>> redact_url("redis://:secret@cache:6379/0")
    'redis://:***@cache:6379/0'
    >>> redact_url("redis://localhost")
    'redis://localhost'
    """
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def _timestamp(published: str) -> float:
    """POSIX seconds of an ISO time (UTC when it has no offset).

    >>> _timestamp("1970-01-02T00:00:00")
    86400.0
    """
    value = dt.datetime.fromisoformat(published)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.timestamp()


def _hex(keys: Sequence[bytes]) -> str:
    return ",".join(key.hex() for key in keys)


def _item(item_id: str, row: dict[bytes, bytes]) -> tuple[StoredItem, tuple[bytes, ...]]:
    def text(name: str) -> str | None:
        value = row.get(name.encode())
        return None if value is None else value.decode("utf-8")

    similarity = text("similarity")
    sig = ArticleSignature(
        item_id,
        row[b"signature"],
        int(row[b"length"]),
        text("published"),
        text("source"),
    )
    item = StoredItem(
        sig,
        zlib.decompress(row[b"text"]).decode("utf-8"),
        row[b"cluster"].decode("utf-8"),
        text("duplicate_of"),
        None if similarity is None else float(similarity),
        text("update_of"),
        int(row[b"seq"]),
    )
    bands = row.get(b"bands", b"").decode("ascii")
    return item, tuple(bytes.fromhex(key) for key in bands.split(",") if key)


def _text(value: object) -> str | None:
    return None if value is None else cast(bytes, value).decode("utf-8")


def _int(value: object) -> int:
    return int(cast(int, value))


def _list(value: object) -> list[bytes]:
    return list(cast(Iterable[bytes], value))
