"""The index stores: persistence, batches, expiry, rebuilds and broken files."""

from __future__ import annotations

import pickle
import random
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

import dedupe_feed.index
from dedupe_feed.errors import DedupeFeedError
from dedupe_feed.index import (
    ArticleSignature,
    FeedDeduplicator,
    IdConflictError,
    IndexOptionsError,
    MemoryStore,
    SQLiteStore,
    Store,
    StoredItem,
    StoreError,
    open_store,
)
from dedupe_feed.index.align import sentence_keys
from dedupe_feed.index.packing import bucket_value, pack_text
from dedupe_feed.index.prepare import SENTENCE_SLOTS, sentence_slot_keys
from dedupe_feed.index.store import SCHEMA_VERSION

WORDS = (
    "council", "approved", "budget", "river", "bridge", "ward", "repairs", "school", "rain",
    "relief", "camp", "minister", "farmers", "market", "prices", "power", "supply", "road",
)  # fmt: skip
PLACES = ("Kannur", "Kozhikode", "Wayanad", "Idukki", "Thrissur", "Kollam", "Madurai", "Nagpur")


def story(seed: int, words: int = 160) -> str:
    """A seeded invented article: lowercase words, a few places and numbers."""
    rng = random.Random(seed)
    parts = []
    for index in range(words):
        if index % 12 == 0:
            parts.append(f"{rng.choice(PLACES)} {rng.randint(1, 999)}")
        else:
            parts.append(rng.choice(WORDS))
    return " ".join(parts) + "."


StoreFactory = Callable[[Path], Store]
FACTORIES: dict[str, StoreFactory] = {
    "memory": lambda _: MemoryStore(),
    "sqlite": lambda folder: SQLiteStore(folder / "index.sqlite"),
}


@pytest.fixture(params=sorted(FACTORIES))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    made = FACTORIES[request.param](tmp_path)
    yield made
    made.close()


def test_all_is_sorted_and_exported() -> None:
    names = dedupe_feed.index.__all__
    assert names == sorted(names)
    assert all(hasattr(dedupe_feed.index, name) for name in names)


def test_store_error_is_a_library_error() -> None:
    assert issubclass(StoreError, DedupeFeedError)


def test_open_store_specs(tmp_path: Path) -> None:
    assert isinstance(open_store(":memory:"), MemoryStore)
    by_path = open_store(str(tmp_path / "a.sqlite"))
    by_url = open_store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    assert isinstance(by_path, SQLiteStore)
    assert isinstance(by_url, SQLiteStore)
    assert by_url.path == str(tmp_path / "b.sqlite")
    by_path.close()
    by_url.close()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("mongodb://host/db", "unknown index scheme 'mongodb://'"),
        ("sqlite://", "names no file"),
    ],
)
def test_open_store_rejects_unknown_schemes(spec: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        open_store(spec)


def test_deduplicator_accepts_a_spec(tmp_path: Path) -> None:
    with FeedDeduplicator(str(tmp_path / "x.sqlite")) as dedup:
        assert isinstance(dedup.store, SQLiteStore)
        dedup.add("a", story(1))
    with pytest.raises(StoreError, match="no Redis server"):
        FeedDeduplicator("redis://127.0.0.1:1/0")


def test_both_stores_give_the_same_decisions(tmp_path: Path) -> None:
    texts = [story(seed % 6) for seed in range(18)]
    runs = []
    for factory in FACTORIES.values():
        with FeedDeduplicator(factory(tmp_path)) as dedup:
            runs.append([dedup.add(str(i), text) for i, text in enumerate(texts)])
    assert runs[0] == runs[1]
    assert [d.cluster_id for d in runs[0]] == [str(i % 6) for i in range(18)]


def test_second_deduplicator_on_the_same_file_finds_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    first = FeedDeduplicator(SQLiteStore(path))
    first.add("yesterday", story(3), source="PTI", published="2025-07-09")
    second = FeedDeduplicator(SQLiteStore(path))  # while the first is still open
    assert second.add("today", story(3), published="2025-07-10").duplicate_of == "yesterday"
    first.close()
    second.close()
    with FeedDeduplicator(SQLiteStore(path)) as reopened:
        assert len(reopened.store) == 2
        assert reopened.add("again", story(3)).cluster_id == "yesterday"
        recorded = reopened.add("today", story(3), published="2025-07-10")
        assert (recorded.duplicate_of, recorded.reused) == ("yesterday", True)
        with pytest.raises(IdConflictError, match=r"^id 'today' is already in the index"):
            reopened.add("today", "anything")  # another article under a stored id


def test_sqlite_schema(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    with FeedDeduplicator(SQLiteStore(path)) as dedup:
        dedup.add("a", story(1))
    db = sqlite3.connect(path)
    columns = [(row[1], row[2], row[5]) for row in db.execute("PRAGMA table_info(bands)")]
    assert columns == [("key", "INTEGER", 1), ("item", "INTEGER", 2)]  # keyed (key, item)
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'bands'").fetchone()
    assert sql.endswith("WITHOUT ROWID")  # a bucket's latest arrivals: one range of the table
    origins = [row[3] for row in db.execute("PRAGMA index_list(bands)")]
    assert origins == ["pk"]  # no second index
    types = {row[0] for row in db.execute("SELECT typeof(key) FROM bands")}
    assert types == {"integer"}  # 8-byte keys as 64-bit integers
    assert db.execute("PRAGMA page_size").fetchone()[0] == 8192
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    assert meta["schema_version"] == str(SCHEMA_VERSION)
    assert (meta["num_perm"], meta["seed"]) == ("128", "1")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_stored_signature_is_the_computed_one(store: Store) -> None:
    dedup = FeedDeduplicator(store, num_perm=64, seed=7)
    dedup.add("a", story(4), source="PTI", published="2025-07-09T10:00:00+05:30")
    stored = store.get("a")
    assert stored is not None
    assert stored.signature == dedup.signature(
        "a", story(4), source="PTI", published="2025-07-09T04:30:00"
    )
    assert stored.signature.published == "2025-07-09T04:30:00"
    assert len(stored.signature.signature) == 64 * 4
    lean = stored.signature.minhash(seed=7)
    assert np.array_equal(lean.hashvalues, stored.signature.hashvalues)
    assert lean.jaccard(stored.signature.minhash(seed=7)) == 1.0


def test_other_minhash_parameters_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    FeedDeduplicator(SQLiteStore(path)).close()
    store = SQLiteStore(path)
    with pytest.raises(StoreError, match="num_perm=128"):
        FeedDeduplicator(store, num_perm=64)
    with pytest.raises(StoreError, match="seed=1"):
        FeedDeduplicator(store, seed=2)
    assert store.get_meta("num_perm") == "128"
    store.close()
    with pytest.raises(StoreError, match="seed=1"):
        FeedDeduplicator(str(path), seed=2)  # a store it opened itself, it closes


def test_another_threshold_rebuilds_the_bands(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    with FeedDeduplicator(SQLiteStore(path), threshold=0.5) as dedup:
        dedup.add("a", story(5))
    refused = SQLiteStore(path)
    with pytest.raises(IndexOptionsError, match=r"built with threshold=0\.5; this run asks"):
        FeedDeduplicator(refused, threshold=0.8)
    refused.close()
    with FeedDeduplicator(SQLiteStore(path), threshold=0.8, override_options=True) as dedup:
        assert dedup.store.get_meta("layout") == f"{dedup.bands}x{dedup.rows}+{SENTENCE_SLOTS}s"
        assert dedup.add("b", story(5)).duplicate_of == "a"
    db = sqlite3.connect(path)
    filed = dedup.bands + SENTENCE_SLOTS  # shingle bands, then sentence slots
    assert db.execute("SELECT COUNT(*) FROM bands").fetchone()[0] == 2 * filed
    db.close()


def test_an_index_filed_without_sentence_slots_is_refiled_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    with FeedDeduplicator(SQLiteStore(path)) as dedup:
        dedup.add("a", story(5))
    slots = sentence_slot_keys(sentence_keys(story(5)))
    db = sqlite3.connect(path)  # as an index of the previous layout left it
    db.executemany("DELETE FROM bands WHERE key = ?", [(bucket_value(k),) for k in slots])
    db.execute("UPDATE meta SET value = ? WHERE key = 'layout'", (f"{dedup.bands}x{dedup.rows}",))
    db.commit()
    assert db.execute("SELECT COUNT(*) FROM bands").fetchone()[0] == dedup.bands
    with FeedDeduplicator(SQLiteStore(path)) as dedup:
        assert dedup.store.get_meta("layout") == dedup.layout
    assert db.execute("SELECT COUNT(*) FROM bands").fetchone()[0] == dedup.bands + SENTENCE_SLOTS
    db.close()


def test_rebuild_restores_lost_bands(store: Store) -> None:
    dedup = FeedDeduplicator(store)
    dedup.add("a", story(6))
    store.replace_bands([])
    assert dedup.add("b", story(6)).is_new
    dedup.rebuild()
    assert dedup.add("c", story(6)).duplicate_of == "a"


@pytest.mark.parametrize("kind", sorted(FACTORIES))
def test_exception_inside_a_batch_rolls_everything_back(kind: str, tmp_path: Path) -> None:
    dedup = FeedDeduplicator(FACTORIES[kind](tmp_path))
    dedup.add("kept", story(7))

    def failing_batch() -> None:
        with dedup.batch():
            dedup.add("a", story(8))
            dedup.add("b", story(7))
            dedup.expire("2100-01-01")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        failing_batch()
    assert [item.id for item in dedup.store.items()] == ["kept"]
    assert dedup.store.get("a") is None
    assert dedup.store.canonical("kept") == "kept"
    assert dedup.add("b", story(7)).duplicate_of == "kept"
    assert dedup.add("a", story(8)).is_new
    dedup.close()


def test_failed_batch_leaves_nothing_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    dedup = FeedDeduplicator(SQLiteStore(path))

    def failing_batch() -> None:
        with dedup.batch():
            dedup.add_many([("a", story(9)), ("b", story(10))])
            raise KeyError("stop")

    with pytest.raises(KeyError):
        failing_batch()
    dedup.close()
    with FeedDeduplicator(SQLiteStore(path)) as reopened:
        assert len(reopened.store) == 0


def test_expire_deletes_old_items(store: Store) -> None:
    dedup = FeedDeduplicator(store, window_days=3)
    dedup.add("old", story(11), published="2025-07-01")
    dedup.add("undated", story(12))
    dedup.add("new", story(13), published="2025-07-09")
    assert dedup.expire("2025-07-05") == 1
    assert sorted(item.id for item in store.items()) == ["new", "undated"]
    assert store.canonical("old") is None
    assert dedup.add("old-copy", story(11), published="2025-07-09").is_new


def test_expire_defaults_to_the_window_before_the_newest_item(store: Store) -> None:
    dedup = FeedDeduplicator(store, window_days=3)
    for day in range(1, 10):
        dedup.add(f"d{day}", story(20 + day), published=f"2025-07-{day:02d}")
    assert dedup.expire() == 5  # the newest is 07-09: keep 07-06 and later
    assert [item.id for item in store.items()] == ["d6", "d7", "d8", "d9"]


def test_expired_canonical_is_replaced_by_a_surviving_member(store: Store) -> None:
    dedup = FeedDeduplicator(store, window_days=5, canonical="earliest")
    dedup.add("first", story(14), published="2025-07-01")
    dedup.add("second", story(14), published="2025-07-03")
    dedup.add("third", story(14), published="2025-07-04")
    dedup.expire("2025-07-02")
    assert store.canonical("first") == "second"
    assert dedup.add("fourth", story(14), published="2025-07-06").duplicate_of == "second"


def test_corrupt_file_raises_store_error(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    path.write_bytes(b"this is not a database, just some bytes " * 100)
    with pytest.raises(StoreError, match="not a dedupe_feed index"):
        SQLiteStore(path)
    with pytest.raises(StoreError):
        FeedDeduplicator(str(path))


def test_foreign_sqlite_file_raises_store_error(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE customers (name TEXT)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="not a dedupe_feed index"):
        SQLiteStore(path)


def test_other_schema_version_raises_store_error(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    SQLiteStore(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="schema version 99"):
        SQLiteStore(path)


def test_article_signature_round_trip() -> None:
    values = np.array([1, 2, 3, 2**32 - 1], dtype=np.uint32)
    sig = ArticleSignature("a", values.astype("<u4").tobytes(), 10)
    assert sig.hashvalues.tolist() == values.tolist()
    assert sig.jaccard(sig) == 1.0


def _bucket_of_five(store: Store) -> None:
    """Items a..e under one shared key; ``a`` and ``b`` also under their own."""
    for name in "abcde":
        sig = ArticleSignature(name, bytes(8), 10)
        own = [b"own-" + name.encode()] if name in "ab" else []
        store.add(StoredItem(sig, name, f"c-{name}"), [b"shared", *own])


def test_each_bucket_gives_only_its_latest_arrivals(store: Store) -> None:
    with store.batch():
        _bucket_of_five(store)
    assert [i for i, _ in store.candidates([b"shared"], 10, per_bucket=2)] == ["d", "e"]
    assert [i for i, _ in store.candidates([b"shared"], 10)] == list("abcde")
    # an older item still comes through a bucket of its own
    found = store.candidates([b"shared", b"own-a"], 10, per_bucket=2)
    assert [i for i, _ in found] == ["a", "d", "e"]


#: The band table and its indexes as schema versions 1 and 2 wrote them.
OLD_BANDS = {
    "1": ["CREATE INDEX bands_key ON bands (key)", "CREATE INDEX bands_item ON bands (item)"],
    "2": [
        "CREATE INDEX bands_key_item ON bands (key, item)",
        "CREATE INDEX bands_item ON bands (item)",
    ],
}


def _write_old_layout(path: Path, version: str) -> list[tuple[int, bytes, int]]:
    """Rewrite a file of whole articles in the layout of ``version``: BLOB
    band keys in a rowid table, no ``base`` column. Returns its band rows."""
    db = sqlite3.connect(path)
    rows = [
        (band, key.to_bytes(8, "little", signed=True), item)
        for band, (key, item) in enumerate(db.execute("SELECT key, item FROM bands ORDER BY item"))
    ]
    db.execute("DROP TABLE bands")
    db.execute(
        "CREATE TABLE bands (band INTEGER NOT NULL, key BLOB NOT NULL, item INTEGER NOT NULL)"
    )
    db.executemany("INSERT INTO bands (band, key, item) VALUES (?, ?, ?)", rows)
    for statement in OLD_BANDS[version]:
        db.execute(statement)
    db.execute("ALTER TABLE items DROP COLUMN base")
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
    db.commit()
    db.close()
    return rows


@pytest.mark.parametrize("version", sorted(OLD_BANDS))
def test_an_older_file_is_upgraded_in_place(tmp_path: Path, version: str) -> None:
    path = tmp_path / "index.sqlite"
    with FeedDeduplicator(SQLiteStore(path)) as dedup:
        dedup.add("a", story(1), source="PTI", published="2025-07-09")
        dedup.add("x", story(2))
        before = [(item, dedup.store.get(item.id)) for item in dedup.store.items()]
    old = _write_old_layout(path, version)
    with FeedDeduplicator(SQLiteStore(path)) as dedup:
        assert [(item, dedup.store.get(item.id)) for item in dedup.store.items()] == before
        assert dedup.add("b", story(1)).duplicate_of == "a"
        assert dedup.store.get_meta("schema_version") == str(SCHEMA_VERSION)
    db = sqlite3.connect(path)
    assert {row[3] for row in db.execute("PRAGMA index_list(bands)")} == {"pk"}
    moved = db.execute("SELECT item, key FROM bands WHERE item <= 2 ORDER BY item, key")
    assert moved.fetchall() == sorted(
        (item, int.from_bytes(key, "little", signed=True)) for _, key, item in old
    )  # every key converted exactly
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()


def _copies(dedup: FeedDeduplicator) -> list[str]:
    """A story, a duplicate, an update of it and a duplicate of the update."""
    base = story(8)
    longer = base + " " + story(9, words=80)
    dedup.add("a", base, published="2025-07-01")
    dedup.add("b", base.replace("council", "panel", 2), published="2025-07-02")
    dedup.add("c", longer, published="2025-07-03")
    dedup.add("d", longer.replace("river", "stream", 1), published="2025-07-04")
    return ["a", "b", "c", "d"]


def test_copies_are_stored_as_deltas_and_read_back_whole(tmp_path: Path) -> None:
    memory = FeedDeduplicator(MemoryStore(), canonical="longest")
    sqlite = FeedDeduplicator(SQLiteStore(tmp_path / "index.sqlite"), canonical="longest")
    ids = _copies(memory)
    assert _copies(sqlite) == ids
    assert [sqlite.store.get(i) for i in ids] == [memory.store.get(i) for i in ids]
    assert list(sqlite.store.items()) == list(memory.store.items())
    assert [m.id for m in sqlite.store.members("a")] == ids
    assert (memory.store.get("c").update_of, memory.store.get("d").duplicate_of) == ("a", "c")
    db = sqlite3.connect(tmp_path / "index.sqlite")
    rows = db.execute("SELECT id, base, length(text), length(signature) FROM items ORDER BY seq")
    stored = {row[0]: row[1:] for row in rows}
    db.close()
    assert [stored[i][0] for i in ids] == [None, 1, 1, 1]  # d's base: c's base, a text whole
    assert stored["a"][2] == 128 * 4
    whole = {
        i: len(pack_text(item.text)) for i, item in zip(ids, memory.store.items(), strict=True)
    }
    assert all(stored[i][1] < whole[i] // 2 for i in "bcd")  # what copies share costs little
    assert stored["b"][1] < whole["b"] // 10  # (b is a near copy of a)
    assert all(stored[i][2] < 128 * 4 for i in "bcd")
    assert stored["b"][2] < 64
    sqlite.close()


def test_a_stored_signature_alone_is_the_stored_items(tmp_path: Path) -> None:
    """What the candidate gate reads (Store.signature: no text unpacked; a
    SQLite delta's signature against its base's) is the stored item's."""
    memory = FeedDeduplicator(MemoryStore(), canonical="longest")
    sqlite = FeedDeduplicator(SQLiteStore(tmp_path / "index.sqlite"), canonical="longest")
    for dedup in (memory, sqlite):
        ids = _copies(dedup)
        for item_id in ids:
            stored = dedup.store.get(item_id)
            assert stored is not None
            assert dedup.store.signature(item_id) == stored.signature
        assert dedup.store.signature("nope") is None
    assert [sqlite.store.signature(i) for i in ids] == [memory.store.signature(i) for i in ids]
    sqlite.close()


def test_an_article_prepared_elsewhere_gets_the_same_decisions(tmp_path: Path) -> None:
    """add(prepared=...) with what a pickled preparer computed (as a worker
    process does) decides and stores exactly what add() alone does."""
    plain = FeedDeduplicator(SQLiteStore(tmp_path / "plain.sqlite"), canonical="longest")
    ids = _copies(plain)
    worker = pickle.loads(pickle.dumps(plain.preparer))
    prepared = FeedDeduplicator(SQLiteStore(tmp_path / "prepared.sqlite"), canonical="longest")
    for item in plain.store.items():
        ready = pickle.loads(pickle.dumps(worker.prepare(item.text)))
        decision = prepared.add(
            item.id, item.text, published=item.signature.published, prepared=ready
        )
        assert decision.cluster_id == item.cluster_id
    assert list(prepared.store.items()) == list(plain.store.items())
    assert [prepared.store.canonical(i) for i in ids] == [plain.store.canonical(i) for i in ids]
    plain.close()
    prepared.close()


def test_expiring_a_base_keeps_its_copies_whole(tmp_path: Path) -> None:
    memory = FeedDeduplicator(MemoryStore(), canonical="longest")
    sqlite = FeedDeduplicator(SQLiteStore(tmp_path / "index.sqlite"), canonical="longest")
    for dedup in (memory, sqlite):
        _copies(dedup)
        assert dedup.expire("2025-07-02") == 1  # a goes; b, c, d were stored against it
    assert list(sqlite.store.items()) == list(memory.store.items())
    assert [i.id for i in sqlite.store.items()] == ["b", "c", "d"]
    db = sqlite3.connect(tmp_path / "index.sqlite")
    assert db.execute("SELECT count(*) FROM items WHERE base IS NOT NULL").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM bands WHERE item = 1").fetchone() == (0,)
    db.close()
    sqlite.close()
