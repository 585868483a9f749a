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

import sys
from typing import TYPE_CHECKING

from dedupe_feed.lazy import lazy_exports

if TYPE_CHECKING:
    from dedupe_feed.candidates import lsh_layout
    from dedupe_feed.index.align import aligned_score, sentence_keys
    from dedupe_feed.index.clusterer import (
        ClusterDecision,
        FeedDeduplicator,
        IndexItem,
    )
    from dedupe_feed.index.errors import IdConflictError, IndexOptionsError, StoreError
    from dedupe_feed.index.memory_store import MemoryStore
    from dedupe_feed.index.policy import make_policy, pick_canonical
    from dedupe_feed.index.prepare import ArticlePreparer, PreparedArticle, article_keys, band_keys
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
    "ArticlePreparer",
    "ArticleSignature",
    "ClusterDecision",
    "FeedDeduplicator",
    "IdConflictError",
    "IndexItem",
    "IndexOptionsError",
    "MemoryStore",
    "PreparedArticle",
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

if not TYPE_CHECKING:  # type checkers see the imports above: a misspelt name is an error
    __getattr__, __dir__ = lazy_exports(
        sys.modules[__name__],
        {
            "ArticlePreparer": "dedupe_feed.index.prepare",
            "ArticleSignature": "dedupe_feed.index.store",
            "ClusterDecision": "dedupe_feed.index.clusterer",
            "FeedDeduplicator": "dedupe_feed.index.clusterer",
            "IdConflictError": "dedupe_feed.index.errors",
            "IndexItem": "dedupe_feed.index.clusterer",
            "IndexOptionsError": "dedupe_feed.index.errors",
            "MemoryStore": "dedupe_feed.index.memory_store",
            "PreparedArticle": "dedupe_feed.index.prepare",
            "RedisStore": "dedupe_feed.index.redis_store",
            "SQLiteStore": "dedupe_feed.index.sqlite_store",
            "Store": "dedupe_feed.index.store",
            "StoreError": "dedupe_feed.index.errors",
            "StoredItem": "dedupe_feed.index.store",
            "aligned_score": "dedupe_feed.index.align",
            "article_keys": "dedupe_feed.index.prepare",
            "band_keys": "dedupe_feed.index.prepare",
            "containment_score": "dedupe_feed.verify",
            "fact_conflicts": "dedupe_feed.verify",
            "lsh_layout": "dedupe_feed.candidates",
            "make_policy": "dedupe_feed.index.policy",
            "match_score": "dedupe_feed.verify",
            "open_store": "dedupe_feed.index.stores",
            "parse_published": "dedupe_feed.index.store",
            "pick_canonical": "dedupe_feed.index.policy",
            "sentence_keys": "dedupe_feed.index.align",
        },
    )
