"""The Redis store, on a real ``redis-server`` started for the session.

The store-level contract of ``test_index.py`` is run again on Redis, then
what only a shared server has: two workers, atomic batches seen from
another connection, namespaces, and the errors of a missing server.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import test_index
from test_index import story

from dedupe_feed.index import (
    FeedDeduplicator,
    IdConflictError,
    IndexOptionsError,
    MemoryStore,
    Store,
    StoreError,
    open_store,
)
from dedupe_feed.index.prepare import SENTENCE_SLOTS
from dedupe_feed.index.redis_store import RedisStore
from dedupe_feed.index.store import SCHEMA_VERSION, ArticleSignature, StoredItem

redis = pytest.importorskip("redis", reason="pip install dedupe-feed[redis] to test RedisStore")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway ``redis-server`` on a free port (no persistence)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (.ci/run installs it)")
    port = _free_port()
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while True:
            client = redis.Redis.from_url(url)
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"redis-server did not start on port {port}")
                time.sleep(0.05)
            finally:
                client.close()
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def namespace(redis_url: str) -> Iterator[str]:
    """A fresh namespace, flushed after the test."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    yield name
    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=f"{name}:*", count=500))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


@pytest.fixture
def connect(redis_url: str, namespace: str) -> Iterator[Callable[[], RedisStore]]:
    """Opens RedisStores on the test's namespace (each its own connection)
    and closes them all after the test."""
    opened: list[RedisStore] = []

    def make() -> RedisStore:
        opened.append(RedisStore(redis_url, namespace=namespace))
        return opened[-1]

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(connect: Callable[[], RedisStore]) -> RedisStore:
    return connect()


def _keys(url: str, namespace: str) -> dict[bytes, object]:
    """Every key of the namespace with its value (a snapshot to compare)."""
    client = redis.Redis.from_url(url)
    try:
        snapshot: dict[bytes, object] = {}
        for key in client.scan_iter(match=f"{namespace}:*"):
            kind = client.type(key)
            if kind == b"hash":
                snapshot[key] = client.hgetall(key)
            elif kind == b"set":
                snapshot[key] = client.smembers(key)
            elif kind == b"zset":
                snapshot[key] = client.zrange(key, 0, -1, withscores=True)
            else:
                snapshot[key] = client.get(key)
        return snapshot
    finally:
        client.close()


# -- the contract shared with the other stores (tests/test_index.py) ---------

SHARED: list[Callable[[Store], None]] = [
    test_index.test_stored_signature_is_the_computed_one,
    test_index.test_rebuild_restores_lost_bands,
    test_index.test_expire_deletes_old_items,
    test_index.test_expire_defaults_to_the_window_before_the_newest_item,
    test_index.test_expired_canonical_is_replaced_by_a_surviving_member,
]


@pytest.mark.parametrize("contract", SHARED, ids=[test.__name__ for test in SHARED])
def test_shared_store_contract(contract: Callable[[Store], None], store: RedisStore) -> None:
    contract(store)


def test_same_decisions_as_the_memory_store(store: RedisStore) -> None:
    texts = [story(seed % 6) for seed in range(18)]
    dates = [f"2025-07-{1 + i // 6:02d}T0{i % 6}:00:00" for i in range(18)]
    runs = []
    for backend in (MemoryStore(), store):
        with FeedDeduplicator(backend, canonical="longest") as dedup:
            single = [dedup.add(str(i), texts[i], published=dates[i]) for i in range(9)]
            many = dedup.add_many((str(i), texts[i], "PTI", dates[i]) for i in range(9, 18))
            runs.append((single + many, [(item.id, item.seq) for item in backend.items()]))
    assert runs[0] == runs[1]
    assert [d.cluster_id for d in runs[1][0]] == [str(i % 6) for i in range(18)]


def test_store_level_round_trip(store: RedisStore) -> None:
    sig = ArticleSignature("a:1", bytes(range(16)), 42, "2025-07-09T05:00:00", "PTI")
    item = StoredItem(sig, "Rain in Kochi. ₹ 5 crore.", "c", "b", 0.9137, "z")
    assert store.add(item, [b"\x00\x01", b"\xff"]) == 1
    assert store.get("a:1") == StoredItem(sig, item.text, "c", "b", 0.9137, "z", seq=1)
    assert store.get("missing") is None
    plain = StoredItem(ArticleSignature("b", bytes(8), 3), "x", "c")
    assert store.add(plain, [b"\x00\x01"]) == 2
    assert store.get("b") == StoredItem(plain.signature, "x", "c", seq=2)
    # most shared keys first, ties in arrival order
    assert store.candidates([b"\x00\x01", b"\xff"], limit=5) == [("a:1", "c"), ("b", "c")]
    assert store.candidates([b"\x00\x01"], limit=1) == [("a:1", "c")]
    assert store.candidates([b"\xff\xff", b"\x00\x01"], limit=5) == []  # band 1 differs
    assert [member.id for member in store.members("c")] == ["a:1", "b"]
    assert len(store) == 2
    assert store.canonical("c") is None
    store.set_canonical("c", "b")
    assert store.canonical("c") == "b"


def test_items_come_in_arrival_order_past_one_scan_step(store: RedisStore) -> None:
    ids = [f"item-{(i * 7919) % 1200}" for i in range(1200)]  # not in sorted order
    with store.batch():
        for item_id in ids:
            store.add(StoredItem(ArticleSignature(item_id, bytes(4), 1), "t", item_id), [])
    assert [item.id for item in store.items()] == ids
    assert len(store) == 1200


def test_two_workers_share_one_index(connect: Callable[[], RedisStore]) -> None:
    first = FeedDeduplicator(connect())
    second = FeedDeduplicator(connect())
    first.add("pti", story(3), source="PTI", published="2025-07-09")
    copy = second.add("ani", story(3), source="ANI", published="2025-07-10")
    assert (copy.cluster_id, copy.duplicate_of) == ("pti", "pti")
    second.add("other", story(4))
    assert first.add("other-copy", story(4)).duplicate_of == "other"
    recorded = first.add("ani", story(3), source="ANI", published="2025-07-10")
    assert (recorded.duplicate_of, recorded.reused) == ("pti", True)  # by the other worker
    with pytest.raises(IdConflictError, match=r"^id 'ani' is already in the index"):
        first.add("ani", "anything")
    assert len(first.store) == len(second.store) == 4
    first.close()
    second.close()
    with FeedDeduplicator(connect()) as reopened:
        assert [item.id for item in reopened.store.items()] == ["pti", "ani", "other", "other-copy"]


def test_a_batch_is_invisible_to_others_until_it_ends(
    connect: Callable[[], RedisStore],
) -> None:
    writer, reader = FeedDeduplicator(connect()), connect()
    with writer.batch():
        writer.add("a", story(1))
        assert writer.add("b", story(1)).duplicate_of == "a"  # reads its own writes
        assert writer.store.get("a") is not None
        assert reader.get("a") is None
        assert len(reader) == 0
        assert len(writer.store) == 2
    assert [item.id for item in reader.items()] == ["a", "b"]
    assert reader.canonical("a") == "a"


def test_a_batch_that_raises_writes_nothing(
    connect: Callable[[], RedisStore], redis_url: str, namespace: str
) -> None:
    dedup = FeedDeduplicator(connect())
    dedup.add("kept", story(7), published="2025-07-01")
    before = _keys(redis_url, namespace)

    def failing_batch() -> None:
        with dedup.batch():
            dedup.add("a", story(8), published="2025-07-02")
            dedup.add("b", story(7), published="2025-07-02")
            dedup.expire("2100-01-01")
            assert len(dedup.store) == 0
            dedup.rebuild()
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        failing_batch()
    after = _keys(redis_url, namespace)
    seq = f"{namespace}:seq".encode()
    assert {key: value for key, value in after.items() if key != seq} == {
        key: value for key, value in before.items() if key != seq
    }
    assert [item.id for item in dedup.store.items()] == ["kept"]
    assert dedup.store.canonical("kept") == "kept"
    assert dedup.add("b", story(7), published="2025-07-02").duplicate_of == "kept"
    assert dedup.add("a", story(8), published="2025-07-02").is_new
    dedup.close()


def test_expire_inside_a_batch_sees_the_batch(store: RedisStore) -> None:
    dedup = FeedDeduplicator(store, window_days=5)
    dedup.add("old", story(1), published="2025-07-01")
    with dedup.batch():
        dedup.add("old-copy", story(1), published="2025-07-02")
        dedup.add("new", story(1), published="2025-07-04")
        assert dedup.expire("2025-07-03") == 2
        assert store.canonical("old") == "new"
        assert [item.id for item in store.items()] == ["new"]
    assert [item.id for item in store.items()] == ["new"]
    assert store.canonical("old") == "new"
    assert [member.id for member in store.members("old")] == ["new"]
    assert store.candidates([b"nothing"], 3) == []


def test_replace_bands_inside_a_batch(store: RedisStore) -> None:
    dedup = FeedDeduplicator(store)
    dedup.add("a", story(2))
    with store.batch():
        dedup.add("b", story(3))
        store.replace_bands([("a", [b"k"])])
        assert store.candidates([b"k"], 5) == [("a", "a")]
        assert dedup.add("c", story(3)).is_new  # b's bands are gone
    assert store.candidates([b"k"], 5) == [("a", "a")]
    dedup.rebuild()
    assert dedup.add("d", story(3)).duplicate_of == "b"
    with pytest.raises(StoreError, match="unknown items"):
        store.replace_bands([("ghost", [b"k"])])
    assert store.candidates([b"k"], 5) == []  # the rebuild stays


def test_namespaces_are_separate(redis_url: str, namespace: str) -> None:
    with FeedDeduplicator(RedisStore(redis_url, namespace=namespace)) as one:
        one.add("a", story(5))
        other = f"{namespace}-other"
        with FeedDeduplicator(open_store(f"{redis_url}?namespace={other}")) as two:
            assert two.store.namespace == other
            assert two.add("b", story(5)).is_new
            assert len(two.store) == 1
        assert len(one.store) == 1
    leftovers = redis.Redis.from_url(redis_url)
    leftovers.delete(*leftovers.scan_iter(match=f"{other}:*"))
    leftovers.close()


def test_open_store_gives_a_redis_store(redis_url: str, namespace: str) -> None:
    store = open_store(redis_url)
    assert isinstance(store, RedisStore)
    assert (store.url, store.namespace) == (redis_url, "dedupe_feed")
    store.close()
    with FeedDeduplicator(f"{redis_url}?namespace={namespace}") as dedup:
        assert isinstance(dedup.store, RedisStore)
        assert dedup.store.get_meta("schema_version") == str(SCHEMA_VERSION)


def test_other_minhash_parameters_are_refused(connect: Callable[[], RedisStore]) -> None:
    FeedDeduplicator(connect()).add("a", story(1))
    store = connect()
    with pytest.raises(StoreError, match="num_perm=128"):
        FeedDeduplicator(store, num_perm=64)
    with pytest.raises(StoreError, match="seed=1"):
        FeedDeduplicator(store, seed=2)
    assert (store.get_meta("num_perm"), store.get_meta("seed")) == ("128", "1")


def test_another_threshold_rebuilds_the_bands(
    connect: Callable[[], RedisStore], redis_url: str, namespace: str
) -> None:
    FeedDeduplicator(connect(), threshold=0.5).add("a", story(5))
    refused = connect()
    with pytest.raises(IndexOptionsError, match=r"built with threshold=0\.5; this run asks"):
        FeedDeduplicator(refused, threshold=0.8)
    refused.close()
    dedup = FeedDeduplicator(connect(), threshold=0.8, override_options=True)
    assert dedup.store.get_meta("layout") == f"{dedup.bands}x{dedup.rows}+{SENTENCE_SLOTS}s"
    assert dedup.add("b", story(5)).duplicate_of == "a"
    bands = [key for key in _keys(redis_url, namespace) if b":band:" in key]
    assert len(bands) == dedup.bands + SENTENCE_SLOTS  # a and b share every bucket


def test_other_schema_version_is_refused(
    connect: Callable[[], RedisStore], redis_url: str, namespace: str
) -> None:
    connect().set_meta("schema_version", "99")
    with pytest.raises(StoreError, match="schema version 99"):
        RedisStore(redis_url, namespace=namespace)


def test_a_version_2_namespace_is_relabelled(
    connect: Callable[[], RedisStore], redis_url: str, namespace: str
) -> None:
    with FeedDeduplicator(connect()) as dedup:  # version 3 changed only the SQLite layout
        dedup.add("a", story(1))
        dedup.store.set_meta("schema_version", "2")
    with FeedDeduplicator(RedisStore(redis_url, namespace=namespace)) as dedup:
        assert dedup.store.get_meta("schema_version") == str(SCHEMA_VERSION)
        assert dedup.add("b", story(1)).duplicate_of == "a"


def test_foreign_keys_are_refused(redis_url: str, namespace: str) -> None:
    client = redis.Redis.from_url(redis_url)
    client.set(f"{namespace}:meta", "not a hash")
    client.close()
    with pytest.raises(StoreError, match="is not a dedupe_feed index"):
        RedisStore(redis_url, namespace=namespace)


def test_no_server_is_a_clear_error() -> None:
    url = f"redis://127.0.0.1:{_free_port()}/0"
    with pytest.raises(StoreError, match=f"no Redis server at {url}"):
        open_store(url)
    with pytest.raises(StoreError, match="no Redis server at redis://:\\*\\*\\*@127"):
        open_store(url.replace("//", "//:secret@"))
    with pytest.raises(StoreError, match="no Redis server"):
        FeedDeduplicator(url)


def test_missing_redis_package_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "redis", None)  # import redis -> ImportError
    with pytest.raises(StoreError, match=r"pip install dedupe-feed\[redis\]"):
        open_store("redis://127.0.0.1:6379/0")
    still = open_store(str(tmp_path / "still.sqlite"))
    assert isinstance(still, Store)
    still.close()


def test_each_bucket_gives_only_its_latest_arrivals(store: RedisStore) -> None:
    test_index.test_each_bucket_gives_only_its_latest_arrivals(store)


def test_latest_arrivals_mix_the_server_and_the_open_batch(store: RedisStore) -> None:
    with store.batch():
        test_index._bucket_of_five(store)  # committed: a..e
    with store.batch():
        store.add(StoredItem(ArticleSignature("f", bytes(8), 10), "f", "c-f"), [b"shared"])
        assert [i for i, _ in store.candidates([b"shared"], 10, per_bucket=3)] == ["d", "e", "f"]
        store.expire("9999-01-01")  # nothing is dated: nothing goes
        assert [i for i, _ in store.candidates([b"shared"], 10, per_bucket=1)] == ["f"]
    assert [i for i, _ in store.candidates([b"shared"], 10, per_bucket=2)] == ["e", "f"]
