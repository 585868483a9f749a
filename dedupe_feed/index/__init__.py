"""Cross-article clustering with a persistent, incremental index.

>>> from dedupe_feed.index import FeedDeduplicator
>>> with FeedDeduplicator(":memory:", canonical="longest") as dedup:
...     text = "Heavy rain lashed Kochi on Monday, and 41 relief camps were opened. " * 4
...     first = dedup.add("a", text, published="2025-07-09")
...     later = dedup.add("b", text + "Schools in Kochi will stay shut on Tuesday. " * 5,
...                       published="2025-07-10")
>>> later.cluster_id, later.update_of, later.canonical
('a', 'a', 'b')
"""

from __future__ import annotations

from dedupe_feed.candidates import lsh_layout
from dedupe_feed.index.align import aligned_score, sentence_keys
from dedupe_feed.index.clusterer import (
    ClusterDecision,
    FeedDeduplicator,
    IndexItem,
    article_keys,
    band_keys,
)
from dedupe_feed.index.errors import IdConflictError, IndexOptionsError, StoreError
from dedupe_feed.index.memory_store import MemoryStore
from dedupe_feed.index.policy import make_policy, pick_canonical
from dedupe_feed.index.redis_store import RedisStore
from dedupe_feed.index.sqlite_store import SQLiteStore
from dedupe_feed.index.store import (
    ArticleSignature,
    Store,
    StoredItem,
    parse_published,
)
from dedupe_feed.index.stores import open_store
from dedupe_feed.verify import containment_score, fact_conflicts, match_score

__all__ = [
    "ArticleSignature",
    "ClusterDecision",
    "FeedDeduplicator",
    "IdConflictError",
    "IndexItem",
    "IndexOptionsError",
    "MemoryStore",
    "RedisStore",
    "SQLiteStore",
    "Store",
    "StoreError",
    "StoredItem",
    "aligned_score",
    "article_keys",
    "band_keys",
    "containment_score",
    "fact_conflicts",
    "lsh_layout",
    "make_policy",
    "match_score",
    "open_store",
    "parse_published",
    "pick_canonical",
    "sentence_keys",
]
