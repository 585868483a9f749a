"""Cross-article clustering: which earlier article is this one a copy of?

:class:`FeedDeduplicator` signs each clean article (MinHash over word
3-shingles of its prose sentences, :mod:`dedupe_feed.index.align`), asks the
store for articles sharing an LSH band, and verifies the *canonical member*
of each candidate cluster by aligned sentences: enough of the shorter copy's
sentences found in the other, and no aligned pair swapping a number or a
name (templated reports stay apart); material found in one copy only, its
own header, footer or a cut last paragraph, costs nothing.
Comparing with the canonical member only is the guard against chaining
(A~B, B~C, but A!~C): C never joins A's cluster through B.

>>> dedup = FeedDeduplicator()
>>> story = ("The Kerala Water Authority said on Monday that supply to 41 wards of Kochi "
...          "would be cut for two days from Wednesday for pipeline repairs at Aluva. ") * 3
>>> dedup.add("a", story, source="PTI").cluster_id
'a'
>>> copy = dedup.add("b", story.replace("would be cut", "will be cut"), source="Malabar Wire")
>>> copy.cluster_id, copy.duplicate_of, copy.canonical
('a', 'a', 'a')
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, NamedTuple

from dedupe_feed.candidates import lsh_layout
from dedupe_feed.errors import ConfigError
from dedupe_feed.index.align import aligned_score, sentence_keys
from dedupe_feed.index.defaults import DEFAULT_SHARE
from dedupe_feed.index.errors import IdConflictError, IndexOptionsError, StoreError
from dedupe_feed.index.memory_store import MemoryStore
from dedupe_feed.index.policy import CanonicalSpec, make_policy
from dedupe_feed.index.prepare import (
    SENTENCE_SLOTS,
    ArticlePreparer,
    PreparedArticle,
    article_keys,
)
from dedupe_feed.index.store import (
    BUCKET_LIMIT,
    ArticleSignature,
    Published,
    Store,
    StoredItem,
    parse_published,
)
from dedupe_feed.index.stores import open_store
from dedupe_feed.keys import UnitKey

#: Candidates whose estimated Jaccard similarity is this far below
#: ``threshold`` are not verified (three standard errors of a 128-value MinHash).
JACCARD_MARGIN = 0.15
#: Canonical members whose sentence keys are kept for the next verification
#: (least recently verified forgotten first).
MEMBER_KEYS_KEPT = 512


@dataclass(frozen=True, slots=True)
class ClusterDecision:
    """Where an added article went.

    ``cluster_id`` is stable (the id of the cluster's first member);
    ``canonical`` is the cluster's canonical member after the add;
    ``duplicate_of`` is the member the article was verified against (``None``
    for a new story or an update); ``update_of`` names that member when the
    article is a later version longer by at least ``update_growth``;
    ``similarity`` is the verification score (0-1); ``reused`` is True when
    the article was already in the index (same id, same content) and this is
    the decision stored for it then.

    >>> dedup = FeedDeduplicator()
    >>> story = "Heavy rain lashed Kochi on Monday, and 41 relief camps were opened. " * 3
    >>> dedup.add("a", story).is_new
    True
    >>> decision = dedup.add("b", story)
    >>> decision.cluster_id, decision.duplicate_of, decision.similarity, decision.canonical
    ('a', 'a', 1.0, 'a')
    """

    cluster_id: str
    duplicate_of: str | None
    similarity: float | None
    update_of: str | None
    canonical: str
    reused: bool = False

    @property
    def is_new(self) -> bool:
        """True for the first article of a story.

        >>> ClusterDecision("a", None, None, None, "a").is_new
        True
        """
        return self.duplicate_of is None and self.update_of is None


class IndexItem(NamedTuple):
    """One article for :meth:`FeedDeduplicator.add_many`.

    >>> item = IndexItem("a", "Rain lashed Kochi.", source="PTI", published="2025-07-09")
    >>> [d.cluster_id for d in FeedDeduplicator().add_many([item])]
    ['a']
    """

    id: str
    text: str
    source: str | None = None
    published: Published = None


@dataclass(frozen=True, slots=True)
class _Match:
    member: StoredItem
    similarity: float


class FeedDeduplicator:
    """Clusters clean articles across a feed, incrementally, in a store.

    Args:
        store: a :class:`~dedupe_feed.index.store.Store`, a spec for
            :func:`~dedupe_feed.index.stores.open_store` (``":memory:"``, a
            path, ``"sqlite:///path"``), or ``None`` for a new MemoryStore.
        threshold: Jaccard similarity of the 3-shingle sets at which LSH
            proposes a pair (95% of the time); pairs estimated below
            ``threshold - JACCARD_MARGIN`` are not verified, the rest
            rapidfuzz decides.
        window_days: articles published further apart are never one story
            (when both dates are known); ``None`` disables the window.
        canonical: ``"earliest"``, ``"longest"``, ``"wire"`` or a ranked list
            of preferred sources (see :mod:`dedupe_feed.index.policy`).
        num_perm: MinHash permutations; a stored index keeps them.
        seed: the permutations' seed; a stored index keeps it.
        similarity: rapidfuzz ratio (0-1) of two folded sentences that are one.
        containment: rapidfuzz partial ratio (0-1) for a sentence inside another.
        share: the share of the shorter copy's prose words found in the
            other for one story (see :func:`~dedupe_feed.index.align.aligned_score`).
        update_growth: a later copy longer by this share is an update.
        fact_tolerance: aligned sentences with swapped numbers/names
            tolerated per word of the shorter copy.
        max_candidates: LSH candidates looked at per article.
        bucket_limit: latest arrivals looked at in each LSH bucket; copies of
            a story arrive close together, and a bucket that thousands of
            unrelated articles share (templated copy) must not make each
            lookup slower as the index grows.
        override_options: open a stored index built with other clustering
            options (:attr:`options`) and record these instead; its stored
            decisions stay as they were. Without it such an index raises
            :class:`~dedupe_feed.index.errors.IndexOptionsError`.

    >>> story = "Heavy rain lashed Kochi on Monday, and 41 relief camps were opened. " * 3
    >>> with FeedDeduplicator(":memory:", window_days=3) as dedup:
    ...     first = dedup.add("pti-1", story, source="PTI", published="2025-07-09")
    ...     copy = dedup.add("mw-1", story, source="Malabar Wire", published="2025-07-09")
    ...     late = dedup.add("mw-9", story, source="Malabar Wire", published="2025-07-20")
    >>> copy.cluster_id, copy.duplicate_of, late.cluster_id
    ('pti-1', 'pti-1', 'mw-9')
    """

    def __init__(
        self,
        store: Store | str | None = None,
        *,
        threshold: float = 0.5,
        window_days: float | None = 3,
        canonical: CanonicalSpec = "earliest",
        num_perm: int = 128,
        seed: int = 1,
        similarity: float = 0.8,
        containment: float = 0.9,
        share: float = DEFAULT_SHARE,
        update_growth: float = 0.2,
        fact_tolerance: float = 0.004,
        max_candidates: int = 16,
        bucket_limit: int = BUCKET_LIMIT,
        override_options: bool = False,
    ) -> None:
        _check_range("threshold", threshold, 0.0, 1.0, open_low=True)
        _check_range("similarity", similarity, 0.0, 1.0, open_low=True)
        _check_range("containment", containment, 0.0, 1.0, open_low=True)
        _check_range("share", share, 0.0, 1.0, open_low=True)
        _check_range("num_perm", num_perm, 8, 1024)
        _check_range("update_growth", update_growth, 0.0, 100.0)
        _check_range("fact_tolerance", fact_tolerance, 0.0, 1.0)
        _check_range("max_candidates", max_candidates, 1, 10_000)
        _check_range("bucket_limit", bucket_limit, 1, 1_000_000)
        if window_days is not None:
            _check_range("window_days", window_days, 0.0, 36_500.0)
        self._policy = make_policy(canonical)
        self.canonical = canonical
        self.threshold = threshold
        self.window_days = window_days
        self.similarity = similarity
        self.containment = containment
        self.share = share
        self.update_growth = update_growth
        self.fact_tolerance = fact_tolerance
        self.max_candidates = max_candidates
        self.bucket_limit = bucket_limit
        self.bands, self.rows = lsh_layout(threshold, num_perm)
        self.preparer = ArticlePreparer(
            num_perm=num_perm, seed=seed, bands=self.bands, rows=self.rows
        )
        self.store = _resolve_store(store)
        self._member_keys: dict[str, tuple[str, list[UnitKey]]] = {}
        try:
            self._bind_store(override_options)
        except StoreError:
            if isinstance(store, str):
                self.store.close()
            raise

    def __enter__(self) -> FeedDeduplicator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def batch(self) -> AbstractContextManager[None]:
        """Group adds into one store transaction (all or nothing)."""
        return self.store.batch()

    def signature(
        self,
        item_id: str,
        clean_text: str,
        *,
        source: str | None = None,
        published: Published = None,
    ) -> ArticleSignature:
        """The :class:`ArticleSignature` of one clean article.

        >>> dedup = FeedDeduplicator(num_perm=16)
        >>> sig = dedup.signature("a", "Rain in Kochi.", published="2025-07-09")
        >>> len(sig.signature), sig.length, sig.published
        (64, 14, '2025-07-09T00:00:00')
        """
        return self._signature(item_id, clean_text, source, published, self.prepare(clean_text))

    def prepare(self, clean_text: str) -> PreparedArticle:
        """What :meth:`add` computes from ``clean_text`` alone (see
        :mod:`dedupe_feed.index.prepare`); a worker process can compute it
        with a copy of :attr:`preparer` and hand it to :meth:`add`.

        >>> dedup = FeedDeduplicator()
        >>> text = "Sensex rose 300 points to 72,150 on Monday. " * 5
        >>> dedup.add("x", text, prepared=dedup.preparer.prepare(text)).is_new
        True
        """
        return self.preparer.prepare(clean_text)

    def add(
        self,
        item_id: str,
        clean_text: str,
        *,
        source: str | None = None,
        published: Published = None,
        prepared: PreparedArticle | None = None,
    ) -> ClusterDecision:
        """Cluster one clean article and store it (``prepared``: what
        :meth:`prepare` gives for ``clean_text``, computed when not given).
        Adding an id again with the same clean text and source returns the decision stored for it
        (``reused``; nothing is stored twice: a resumed or repeated run gets
        the same answers); with other content it raises
        :class:`~dedupe_feed.index.errors.IdConflictError` and stores nothing.

        >>> dedup = FeedDeduplicator()
        >>> dedup.add("x", "Sensex rose 300 points to 72,150 on Monday. " * 5).is_new
        True
        >>> dedup.add("y", "Sensex fell 120 points to 71,830 on Tuesday. " * 5).is_new
        True
        >>> dedup.add("x", "Sensex rose 300 points to 72,150 on Monday. " * 5).reused
        True
        """
        with self.store.batch():
            existing = self.store.get(item_id)
            if existing is not None:
                return self._recorded(existing, clean_text, source)
            if prepared is None:
                prepared = self.prepare(clean_text)
            sig = self._signature(item_id, clean_text, source, published, prepared)
            match = self._best_match(sig, prepared.sentences, prepared.keys)
            decision = self._place(sig, clean_text, prepared.keys, match)
            self._note_newest(sig.published)
        return decision

    def add_many(self, items: Iterable[IndexItem | tuple[str, str]]) -> list[ClusterDecision]:
        """:meth:`add` each item, all in one transaction (an
        :class:`~dedupe_feed.index.errors.IdConflictError` undoes the whole
        batch; add one by one inside :meth:`batch` to skip such an item).

        >>> FeedDeduplicator().add_many([("a", "One story."), ("b", "One story.")])[1].duplicate_of
        'a'
        """
        with self.store.batch():
            return [
                self.add(i.id, i.text, source=i.source, published=i.published)
                for i in (IndexItem(*item) for item in items)
            ]

    def expire(self, before: Published = None) -> int:
        """Delete articles published before ``before`` (default: the newest
        publication time seen minus ``window_days``); returns how many went.
        Clusters that lost their canonical member get a new one.
        """
        cutoff = parse_published(before) if before is not None else self._default_cutoff()
        if cutoff is None:
            return 0
        with self.store.batch():
            count = len(self.store)
            for cluster_id in self.store.expire(cutoff):
                best = min(self.store.members(cluster_id), key=self._policy)
                self.store.set_canonical(cluster_id, best.id)
            return count - len(self.store)

    def rebuild(self) -> None:
        """Re-file every stored article: its band keys from its stored
        signature, its sentence slots from its stored text."""
        with self.store.batch():
            self.store.replace_bands(
                (item.id, self._keys(item)) for item in self.store.items() if item.signature.length
            )
            self.store.set_meta("layout", self.layout)

    @property
    def layout(self) -> str:
        """How articles are filed in buckets; a stored index built another
        way is re-filed when opened (:meth:`rebuild`).

        >>> FeedDeduplicator().layout
        '42x3+8s'
        """
        return f"{self.bands}x{self.rows}+{SENTENCE_SLOTS}s"

    def _keys(self, item: StoredItem) -> list[bytes]:
        hashvalues = item.signature.hashvalues
        return article_keys(hashvalues, sentence_keys(item.text), self.bands, self.rows)

    def _signature(
        self,
        item_id: str,
        text: str,
        source: str | None,
        published: Published,
        prepared: PreparedArticle,
    ) -> ArticleSignature:
        return ArticleSignature(
            item_id, prepared.signature, len(text), parse_published(published), source
        )

    def _best_match(
        self, sig: ArticleSignature, sentences: list[UnitKey], keys: Sequence[bytes]
    ) -> _Match | None:
        clusters: dict[str, None] = {}  # in candidate order; each gate checked once per cluster
        for item_id, cluster in self.store.candidates(keys, self.max_candidates, self.bucket_limit):
            if cluster not in clusters and self._near(sig, item_id):
                clusters[cluster] = None
        best: _Match | None = None
        for cluster_id in clusters:
            match = self._verify(sig, sentences, self.store.canonical(cluster_id))
            if match is not None and (best is None or match.similarity > best.similarity):
                best = match
        return best

    def _near(self, sig: ArticleSignature, item_id: str) -> bool:
        """The candidate gate: a candidate brings its cluster only when its own
        estimated Jaccard similarity is within the margin. Every cluster is
        then connected by such candidate pairs, which is what lets the Spark
        engine decide each connected component on its own, exactly."""
        found = self.store.signature(item_id)
        return found is not None and sig.jaccard(found) >= self.threshold - JACCARD_MARGIN

    def _verify(
        self, sig: ArticleSignature, sentences: list[UnitKey], canonical_id: str | None
    ) -> _Match | None:
        member = None if canonical_id is None else self.store.get(canonical_id)
        if member is None or not self._in_window(sig.published, member.signature.published):
            return None
        if sig.jaccard(member.signature) < self.threshold - JACCARD_MARGIN:
            return None
        score = aligned_score(
            sentences,
            self._member_sentences(member),
            similarity=self.similarity,
            containment=self.containment,
            share=self.share,
            fact_tolerance=self.fact_tolerance,
        )
        return None if score is None else _Match(member, score)

    def _member_sentences(self, member: StoredItem) -> list[UnitKey]:
        """The sentence keys of a stored canonical member: a story's copies
        are verified against the same few members, so the latest
        :data:`MEMBER_KEYS_KEPT` members' keys are kept (with their text,
        so an id stored again with other text is keyed afresh)."""
        kept = self._member_keys.pop(member.id, None)
        if kept is None or kept[0] != member.text:
            kept = (member.text, sentence_keys(member.text))
        self._member_keys[member.id] = kept
        if len(self._member_keys) > MEMBER_KEYS_KEPT:
            del self._member_keys[next(iter(self._member_keys))]
        return kept[1]

    def _in_window(self, a: str | None, b: str | None) -> bool:
        if a is None or b is None or self.window_days is None:
            return True
        gap = dt.datetime.fromisoformat(a) - dt.datetime.fromisoformat(b)
        return abs(gap) <= dt.timedelta(days=self.window_days)

    def _place(
        self, sig: ArticleSignature, text: str, keys: Sequence[bytes], match: _Match | None
    ) -> ClusterDecision:
        if match is None:
            self.store.add(StoredItem(sig, text, sig.id), keys)
            self.store.set_canonical(sig.id, sig.id)
            return ClusterDecision(sig.id, None, None, None, sig.id)
        member = match.member
        update = self._is_update(sig, member.signature)
        item = StoredItem(
            sig,
            text,
            member.cluster_id,
            duplicate_of=None if update else member.id,
            similarity=match.similarity,
            update_of=member.id if update else None,
        )
        stored = dataclasses.replace(item, seq=self.store.add(item, keys))
        canonical = member
        if self._policy(stored) < self._policy(member):
            self.store.set_canonical(member.cluster_id, stored.id)
            canonical = stored
        return ClusterDecision(
            member.cluster_id, item.duplicate_of, match.similarity, item.update_of, canonical.id
        )

    def _is_update(self, new: ArticleSignature, old: ArticleSignature) -> bool:
        later = new.published is None or old.published is None or new.published > old.published
        return later and new.length >= old.length * (1 + self.update_growth)

    def _recorded(self, item: StoredItem, text: str, source: str | None) -> ClusterDecision:
        """The stored decision of ``item``, when the article added again is it."""
        if item.text != text or item.signature.source != source:
            raise IdConflictError(
                id_conflict_message(item.id, item.signature.source, item.signature.length)
            )
        canonical = self.store.canonical(item.cluster_id) or item.id
        return ClusterDecision(
            item.cluster_id, item.duplicate_of, item.similarity, item.update_of, canonical, True
        )

    @property
    def options(self) -> dict[str, Any]:
        """The clustering options that decide where an article goes; a stored
        index remembers those it was built with.

        >>> FeedDeduplicator(canonical=["PTI", "ANI"]).options["canonical"]
        ['PTI', 'ANI']
        """
        canonical = self.canonical if isinstance(self.canonical, str) else list(self.canonical)
        return {
            "threshold": self.threshold,
            "window_days": self.window_days,
            "canonical": canonical,
            "similarity": self.similarity,
            "containment": self.containment,
            "share": self.share,
            "update_growth": self.update_growth,
            "fact_tolerance": self.fact_tolerance,
            "max_candidates": self.max_candidates,
            "bucket_limit": self.bucket_limit,
        }

    def _check_options(self, override: bool) -> None:
        """Record :attr:`options` in a new store; in a stored one, refuse other
        options unless ``override`` (then record the new ones)."""
        wanted = self.options
        found = self.store.get_meta("options")
        if found is not None and not override:
            stored = json.loads(found)
            changed = [name for name in wanted if stored.get(name) != wanted[name]]
            if changed:
                built = ", ".join(f"{name}={stored.get(name)!r}" for name in changed)
                asked = ", ".join(f"{name}={wanted[name]!r}" for name in changed)
                path = getattr(self.store, "path", None)
                where = f" {path}" if isinstance(path, str) and path != ":memory:" else ""
                raise IndexOptionsError(
                    f"the index{where} was built with {built}; this run asks {asked}: use the same "
                    "options or another index, or override them (override_options=True; "
                    "on the command line --override-index-options), which keeps its "
                    "stored decisions"
                )
        if found is None or override:
            self.store.set_meta("options", json.dumps(wanted, sort_keys=True))

    def _note_newest(self, published: str | None) -> None:
        newest = self.store.get_meta("newest_published")
        if published is not None and (newest is None or published > newest):
            self.store.set_meta("newest_published", published)

    def _default_cutoff(self) -> str | None:
        newest = self.store.get_meta("newest_published")
        if newest is None or self.window_days is None:
            return None
        cutoff = dt.datetime.fromisoformat(newest) - dt.timedelta(days=self.window_days)
        return cutoff.isoformat()

    def _bind_store(self, override_options: bool) -> None:
        """Record the MinHash parameters and clustering options in the store,
        or check them; rebuild the band index when it was built with another
        layout."""
        with self.store.batch():
            self._check_options(override_options)
            for name, value in (
                ("num_perm", self.preparer.signer.num_perm),
                ("seed", self.preparer.signer.seed),
            ):
                found = self.store.get_meta(name)
                if found is None:
                    self.store.set_meta(name, str(value))
                elif found != str(value):
                    raise StoreError(
                        f"the index was built with {name}={found}; open it with {name}={found} "
                        f"(this deduplicator has {value})"
                    )
            if self.store.get_meta("layout") != self.layout:
                self.rebuild()


def id_conflict_message(item_id: str, source: str | None, length: int) -> str:
    """What :class:`~dedupe_feed.index.errors.IdConflictError` says (the
    Spark engine writes the same for a reused id).

    >>> id_conflict_message("1", "PTI", 120)
    "id '1' is already in the index with other content (first from PTI, 120 characters); \
give each article its own id"
    """
    return (
        f"id {item_id!r} is already in the index with other content "
        f"(first from {source or 'an unknown source'}, {length} characters); "
        "give each article its own id"
    )


def _resolve_store(store: Store | str | None) -> Store:
    if store is None:
        return MemoryStore()
    if isinstance(store, str):
        return open_store(store)
    return store


def _check_range(
    name: str, value: float, low: float, high: float, *, open_low: bool = False
) -> None:
    below = value <= low if open_low else value < low
    if below or value > high:
        bracket = "(" if open_low else "["
        raise ConfigError(f"{name} must be in {bracket}{low}, {high}], got {value!r}")
