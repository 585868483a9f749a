"""A :class:`~dedupe_feed.index.store.Store` in one SQLite file (stdlib ``sqlite3``).

The file is in WAL mode, so a second process (or a second deduplicator) can
read it while one writes. Every batch is one transaction. Tables:

- ``meta(key, value)``: ``schema_version`` and the MinHash parameters;
- ``items``: one row per article with its signature (little-endian
  ``uint32`` bytes, so the band index can be rebuilt), the compressed clean
  text and the cluster decision. A duplicate's or update's text is a delta
  against the stored text of the article it copies (``base``, that article's
  ``seq``; see :mod:`dedupe_feed.index.packing`);
- ``bands(key INTEGER, item INTEGER)``: LSH bucket keys (8-byte keys as
  64-bit integers), a ``WITHOUT ROWID`` table keyed ``(key, item)`` so a
  bucket's latest arrivals are one range of the table itself;
- ``clusters(id, canonical)``: the canonical member of each cluster.

An index of schema version 1 or 2 (bands in a rowid table with BLOB keys and
two indexes) is upgraded in place when opened, and the file compacted.

>>> from dedupe_feed.index.store import ArticleSignature, StoredItem
>>> store = SQLiteStore(":memory:")
>>> store.add(StoredItem(ArticleSignature("a", bytes(8), 5), "Rain.", "a"), [b"k1"])
1
>>> store.get("a").text, store.candidates([b"k1"], limit=3)
('Rain.', [('a', 'a')])
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from dedupe_feed.index.errors import StoreError
from dedupe_feed.index.packing import (
    bucket_value,
    pack_signature,
    pack_text,
    unpack_signature,
    unpack_text,
)
from dedupe_feed.index.store import (
    BUCKET_LIMIT,
    SCHEMA_VERSION,
    ArticleSignature,
    Store,
    StoredItem,
)

_BANDS_TABLE = """CREATE TABLE IF NOT EXISTS bands (
    key INTEGER NOT NULL, item INTEGER NOT NULL, PRIMARY KEY (key, item)
) WITHOUT ROWID"""
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    source TEXT,
    published TEXT,
    length INTEGER NOT NULL,
    signature BLOB NOT NULL,
    text BLOB NOT NULL,
    cluster TEXT NOT NULL,
    duplicate_of TEXT,
    similarity REAL,
    update_of TEXT,
    base INTEGER
);
CREATE INDEX IF NOT EXISTS items_published ON items (published);
CREATE INDEX IF NOT EXISTS items_cluster ON items (cluster);
{_BANDS_TABLE};
CREATE TABLE IF NOT EXISTS clusters (id TEXT PRIMARY KEY, canonical TEXT NOT NULL);
"""
#: Bytes per page of a new index file (SQLite's default is 4096).
_PAGE_SIZE = 8192
#: Schema versions whose files :func:`_upgrade` brings to :data:`SCHEMA_VERSION`.
_UPGRADABLE = ("1", "2")
#: One bucket's latest arrivals (a backward range of the ``(key, item)`` key).
_LATEST_IN_BUCKET = (
    "SELECT * FROM (SELECT item FROM bands WHERE key = ? ORDER BY item DESC LIMIT ?)"
)
#: Buckets per compound query (SQLite allows 500 terms in one).
_BUCKETS_PER_QUERY = 400
_ITEM_COLUMNS = (
    "seq, id, source, published, length, signature, text, cluster, duplicate_of, similarity, "
    "update_of, base"
)
_ItemRow = tuple[
    int,
    str,
    str | None,
    str | None,
    int,
    bytes,
    bytes,
    str,
    str | None,
    float | None,
    str | None,
    int | None,
]


class SQLiteStore(Store):
    """An index that survives the process: reopen the file to continue.

    ``path`` is a file name (created when missing) or ``":memory:"``. A
    file that is not a dedupe_feed index, or one of another schema version,
    raises :class:`~dedupe_feed.index.errors.StoreError`.

    >>> import pathlib, tempfile
    >>> from dedupe_feed.index import FeedDeduplicator
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "index.sqlite"
    >>> with FeedDeduplicator(SQLiteStore(path)) as dedup:
    ...     dedup.add("a", "Sensex rose 300 points to 72,150 on Monday. " * 3).cluster_id
    'a'
    >>> with FeedDeduplicator(SQLiteStore(path)) as reopened:  # the index survives
    ...     reopened.add("b", "Sensex rose 300 points to 72,150 on Monday. " * 3).duplicate_of
    'a'
    >>> import shutil; shutil.rmtree(path.parent)
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self._depth = 0
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
        except sqlite3.Error as error:
            raise StoreError(f"cannot open index {self.path!r}: {error}") from error
        try:
            self._open()
        except sqlite3.DatabaseError as error:
            self._db.close()
            raise StoreError(f"{self.path!r} is not a dedupe_feed index ({error})") from error
        except StoreError:
            self._db.close()
            raise

    def _open(self) -> None:
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master")}
        if tables and not {"meta", "items"} <= tables:
            raise StoreError(f"{self.path!r} is a SQLite file but not a dedupe_feed index")
        if not tables:  # a new file: pages that waste less around the ~1 KB item rows
            self._db.execute(f"PRAGMA page_size={_PAGE_SIZE}")
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=10000")
        with self.batch():
            upgraded = bool(tables) and _upgrade(self._db, self.get_meta("schema_version"))
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            self._check_version()
        if upgraded:  # hand the old layout's pages back (best effort: others may read)
            with contextlib.suppress(sqlite3.OperationalError):
                self._db.execute("VACUUM")

    def _check_version(self) -> None:
        found = self.get_meta("schema_version")
        if found is None:
            if len(self):
                raise StoreError(f"{self.path!r} has items but no schema version")
            self.set_meta("schema_version", str(SCHEMA_VERSION))
        elif found != str(SCHEMA_VERSION):
            raise StoreError(
                f"{self.path!r} has index schema version {found}; this dedupe_feed reads "
                f"version {SCHEMA_VERSION} (rebuild the index from the feed)"
            )

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction: committed at the end, rolled back on an exception.

        >>> store = SQLiteStore(":memory:")
        >>> try:
        ...     with store.batch():
        ...         store.set_meta("k", "v")
        ...         raise RuntimeError("boom")
        ... except RuntimeError:
        ...     pass
        >>> store.get_meta("k") is None
        True
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")
        finally:
            self._depth = 0

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.batch():
            self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def add(self, item: StoredItem, band_keys: Sequence[bytes]) -> int:
        sig = item.signature
        with self.batch():
            base, packed, signature = self._pack(item)
            cursor = self._db.execute(
                "INSERT INTO items (id, source, published, length, signature, text, cluster, "
                "duplicate_of, similarity, update_of, base) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    sig.id,
                    sig.source,
                    sig.published,
                    sig.length,
                    signature,
                    packed,
                    item.cluster_id,
                    item.duplicate_of,
                    item.similarity,
                    item.update_of,
                    base,
                ),
            )
            seq = int(cursor.lastrowid or 0)
            self._insert_bands(seq, band_keys)
        return seq

    def _pack(self, item: StoredItem) -> tuple[int | None, bytes, bytes]:
        """``(base, packed text, packed signature)``: deltas against the
        stored article the item copies (or that article's own base, so an
        article is at most one delta away from a whole one), else the whole
        text and signature (base ``None``)."""
        copied = item.duplicate_of or item.update_of
        row = None
        if copied is not None:
            query = "SELECT seq, base FROM items WHERE id = ?"
            row = self._db.execute(query, (copied,)).fetchone()
        if row is None:
            return None, pack_text(item.text), item.signature.signature
        base = int(row[0] if row[1] is None else row[1])
        text, signature = self._whole(base)
        return (
            base,
            pack_text(item.text, text),
            pack_signature(item.signature.signature, signature),
        )

    def _whole(self, seq: int) -> tuple[str, bytes]:
        """The text and signature of the article stored whole under ``seq``."""
        query = "SELECT text, signature FROM items WHERE seq = ?"
        text, signature = self._db.execute(query, (seq,)).fetchone()
        return unpack_text(text), bytes(signature)

    def _insert_bands(self, seq: int, band_keys: Sequence[bytes]) -> None:
        self._db.executemany(
            "INSERT OR IGNORE INTO bands (key, item) VALUES (?, ?)",
            [(bucket_value(key), seq) for key in band_keys],
        )

    def _item(self, row: _ItemRow) -> StoredItem:
        seq, item_id, source, published, length, signature, text = row[:7]
        clean, whole = self._unpack(text, bytes(signature), row[11])
        sig = ArticleSignature(item_id, whole, length, published, source)
        return StoredItem(sig, clean, row[7], row[8], row[9], row[10], seq)

    def _unpack(self, text: bytes, signature: bytes, base: int | None) -> tuple[str, bytes]:
        """A row's text and signature, whole (``base``: see :meth:`_pack`)."""
        if base is None:
            return unpack_text(text), signature
        base_text, base_signature = self._whole(base)
        return unpack_text(text, base_text), unpack_signature(signature, base_signature)

    def get(self, item_id: str) -> StoredItem | None:
        row = self._db.execute(f"SELECT {_ITEM_COLUMNS} FROM items WHERE id = ?", (item_id,))
        found = row.fetchone()
        return None if found is None else self._item(found)

    def signature(self, item_id: str) -> ArticleSignature | None:
        query = (
            "SELECT item.id, item.source, item.published, item.length, item.signature, "
            "item.base, whole.signature FROM items AS item "
            "LEFT JOIN items AS whole ON whole.seq = item.base WHERE item.id = ?"
        )
        found = self._db.execute(query, (item_id,)).fetchone()
        if found is None:
            return None
        item_id, source, published, length, signature, base, base_signature = found
        if base is None:
            return ArticleSignature(item_id, bytes(signature), length, published, source)
        if base_signature is None:  # its base is gone: read it as get() does
            return super().signature(item_id)
        whole = unpack_signature(bytes(signature), bytes(base_signature))
        return ArticleSignature(item_id, whole, length, published, source)

    def candidates(
        self, band_keys: Sequence[bytes], limit: int, per_bucket: int = BUCKET_LIMIT
    ) -> list[tuple[str, str]]:
        counts: Counter[int] = Counter()
        for start in range(0, len(band_keys), _BUCKETS_PER_QUERY):
            keys = band_keys[start : start + _BUCKETS_PER_QUERY]
            latest = " UNION ALL ".join([_LATEST_IN_BUCKET] * len(keys))
            params = [value for key in keys for value in (bucket_value(key), per_bucket)]
            counts.update(row[0] for row in self._db.execute(latest, params))
        ranked = sorted(counts, key=lambda seq: (-counts[seq], seq))[:limit]
        if not ranked:
            return []
        marks = ", ".join("?" * len(ranked))
        rows = self._db.execute(
            f"SELECT seq, id, cluster FROM items WHERE seq IN ({marks})", ranked
        )
        found = {int(row[0]): (str(row[1]), str(row[2])) for row in rows}
        return [found[seq] for seq in ranked if seq in found]

    def canonical(self, cluster_id: str) -> str | None:
        row = self._db.execute("SELECT canonical FROM clusters WHERE id = ?", (cluster_id,))
        found = row.fetchone()
        return None if found is None else str(found[0])

    def set_canonical(self, cluster_id: str, item_id: str) -> None:
        with self.batch():
            self._db.execute(
                "INSERT OR REPLACE INTO clusters (id, canonical) VALUES (?, ?)",
                (cluster_id, item_id),
            )

    def members(self, cluster_id: str) -> list[StoredItem]:
        rows = self._db.execute(
            f"SELECT {_ITEM_COLUMNS} FROM items WHERE cluster = ? ORDER BY seq", (cluster_id,)
        )
        return [self._item(row) for row in rows]

    def expire(self, before: str) -> list[str]:
        old = "SELECT seq FROM items WHERE published IS NOT NULL AND published < ?"
        with self.batch():
            touched = [
                str(row[0])
                for row in self._db.execute(
                    "SELECT DISTINCT cluster FROM items WHERE published IS NOT NULL "
                    "AND published < ? ORDER BY cluster",
                    (before,),
                )
            ]
            self._make_whole(before)
            self._db.execute(f"DELETE FROM bands WHERE item IN ({old})", (before,))
            self._db.execute(
                "DELETE FROM items WHERE published IS NOT NULL AND published < ?", (before,)
            )
            return self._drop_orphaned_canonicals(touched)

    def _make_whole(self, before: str) -> None:
        """Store whole the texts of surviving articles whose base expires."""
        rows = self._db.execute(
            "SELECT kept.seq, kept.text, kept.signature, kept.base "
            "FROM items AS kept JOIN items AS gone ON kept.base = gone.seq "
            "WHERE gone.published IS NOT NULL AND gone.published < ? "
            "AND (kept.published IS NULL OR kept.published >= ?)",
            (before, before),
        ).fetchall()
        for seq, packed, signature, base in rows:
            text, whole = self._unpack(packed, bytes(signature), base)
            self._db.execute(
                "UPDATE items SET text = ?, signature = ?, base = NULL WHERE seq = ?",
                (pack_text(text), whole, seq),
            )

    def _drop_orphaned_canonicals(self, clusters: list[str]) -> list[str]:
        orphaned: list[str] = []
        for cluster_id in clusters:
            canonical = self.canonical(cluster_id)
            if canonical is None or self._exists(canonical):
                continue
            self._db.execute("DELETE FROM clusters WHERE id = ?", (cluster_id,))
            survivor = self._db.execute("SELECT 1 FROM items WHERE cluster = ?", (cluster_id,))
            if survivor.fetchone() is not None:
                orphaned.append(cluster_id)
        return orphaned

    def _exists(self, item_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM items WHERE id = ?", (item_id,))
        return row.fetchone() is not None

    def items(self) -> Iterator[StoredItem]:
        rows = self._db.execute(f"SELECT {_ITEM_COLUMNS} FROM items ORDER BY seq").fetchall()
        return (self._item(row) for row in rows)

    def replace_bands(self, bands: Iterable[tuple[str, Sequence[bytes]]]) -> None:
        with self.batch():
            self._db.execute("DELETE FROM bands")
            for item_id, band_keys in bands:
                row = self._db.execute("SELECT seq FROM items WHERE id = ?", (item_id,))
                self._insert_bands(int(row.fetchone()[0]), band_keys)

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM items").fetchone()[0])

    def close(self) -> None:
        """Fold the write-ahead log into the file and close the connection
        (uncommitted work is rolled back)."""
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._db.close()


def _upgrade(db: sqlite3.Connection, found: str | None) -> bool:
    """Bring an index of an older schema version to this one's layout and
    record the new version, inside the caller's transaction; ``False`` if the
    file already has this layout (or is new). Versions 1 and 2 kept band keys
    as BLOBs in a rowid table with two indexes and every text whole: add the
    ``base`` column (NULL: whole) and move the keys into the ``WITHOUT ROWID``
    table, each key converted exactly
    (:func:`~dedupe_feed.index.packing.bucket_value`).
    """
    if found not in _UPGRADABLE:
        return False
    db.execute("ALTER TABLE items ADD COLUMN base INTEGER")
    db.execute("ALTER TABLE bands RENAME TO old_bands")
    db.execute(_BANDS_TABLE)
    rows = db.execute("SELECT key, item FROM old_bands")
    while chunk := rows.fetchmany(10_000):
        db.executemany(
            "INSERT OR IGNORE INTO bands (key, item) VALUES (?, ?)",
            [(bucket_value(bytes(key)), item) for key, item in chunk],
        )
    db.execute("DROP TABLE old_bands")
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
    return True
