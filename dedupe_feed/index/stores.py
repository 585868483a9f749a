"""Which store an index spec names: one function, the only module that knows
every backend (the backends import :mod:`dedupe_feed.index.store`, never
this)."""

from __future__ import annotations

import re

from dedupe_feed.index.errors import StoreError
from dedupe_feed.index.memory_store import MemoryStore
from dedupe_feed.index.sqlite_store import SQLiteStore
from dedupe_feed.index.store import Store

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]+)://")


def open_store(spec: str) -> Store:
    """The store named by ``spec``: ``":memory:"`` (a :class:`MemoryStore`), a
    file path or ``"sqlite:///path"`` (a :class:`SQLiteStore`; as in
    SQLAlchemy, ``sqlite:///index.db`` is relative, ``sqlite:////var/index.db``
    absolute), or a Redis URL ``redis://host:port/db`` (``rediss://`` for
    TLS; a :class:`~dedupe_feed.index.redis_store.RedisStore`, keys under
    ``?namespace=name``, default ``dedupe_feed``; needs
    ``pip install dedupe-feed[redis]``).

    >>> type(open_store(":memory:")).__name__
    'MemoryStore'
    >>> open_store("redis://127.0.0.1:1/0")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedupe_feed.index.errors.StoreError: no Redis server at redis://127.0.0.1:1/0 (...)
    >>> open_store("ftp://host/index")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedupe_feed.index.errors.StoreError: unknown index scheme 'ftp://' in 'ftp://host/index': ...
    """
    if spec in (":memory:", "memory://"):
        return MemoryStore()
    scheme = _SCHEME.match(spec)
    if scheme is None:
        return SQLiteStore(spec)
    name = scheme.group(1).lower()
    if name == "sqlite":  # SQLAlchemy style: sqlite:///relative, sqlite:////absolute
        path = spec[scheme.end() :].removeprefix("/")
        if not path:
            raise StoreError(f"{spec!r} names no file: use sqlite:///path/to/index.sqlite")
        return SQLiteStore(path)
    if name in ("redis", "rediss"):
        from urllib.parse import parse_qsl, urlencode

        from dedupe_feed.index.redis_store import RedisStore

        url, _, query = spec.partition("?")
        options = parse_qsl(query, keep_blank_values=True)
        namespace = [value for key, value in options if key == "namespace"]
        rest = urlencode([(key, value) for key, value in options if key != "namespace"])
        url += f"?{rest}" if rest else ""
        return RedisStore(url, namespace=namespace[-1]) if namespace else RedisStore(url)
    raise StoreError(
        f'unknown index scheme {name + "://"!r} in {spec!r}: use ":memory:", a file path, '
        "sqlite:///path or redis://host:port/db"
    )
