"""Which member of a cluster is its canonical one: a policy is a sort key.

The canonical member is the member with the smallest key; keys end with
the arrival number, so there are never ties and the choice is the same in
every run.

- ``"earliest"``: earliest publication time (unknown times last), then arrival;
- ``"longest"``: longest clean text, then arrival;
- ``"wire"``: the wire agency's original (a source in :data:`WIRE_SOURCES`),
  then earliest;
- a list of sources: the best-ranked source, then earliest.

>>> from dedupe_feed.index.store import ArticleSignature, StoredItem
>>> def item(id, length, published, source, seq):
...     return StoredItem(ArticleSignature(id, b"", length, published, source), "", "c", seq=seq)
>>> members = [item("a", 900, "2025-07-09T08:00:00", "Malabar Wire", 1),
...            item("b", 400, "2025-07-09T06:00:00", "PTI", 2),
...            item("c", 950, None, "Konkan Post", 3)]
>>> [pick_canonical(members, spec).id
...  for spec in ("earliest", "longest", "wire", ["Konkan Post", "PTI"])]
['b', 'c', 'b', 'c']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Literal, TypeAlias

from dedupe_feed.errors import ConfigError
from dedupe_feed.index.store import StoredItem

PolicyName = Literal["earliest", "longest", "wire"]
CanonicalSpec: TypeAlias = "PolicyName | Sequence[str]"
SortKey = tuple[int, str, int, int]
Policy = Callable[[StoredItem], SortKey]

#: Sources taken as wire agencies by the ``"wire"`` policy (compared casefolded).
WIRE_SOURCES = frozenset(
    {
        "afp",
        "agence france-presse",
        "ani",
        "ap",
        "associated press",
        "bloomberg",
        "dpa",
        "efe",
        "ians",
        "kyodo",
        "pti",
        "press trust of india",
        "reuters",
        "tass",
        "uni",
        "xinhua",
        "yonhap",
    }
)


def make_policy(spec: CanonicalSpec) -> Policy:
    """The sort key for ``spec`` (see the module docs).

    >>> make_policy("newest")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedupe_feed.errors.ConfigError: canonical must be 'earliest', ... got 'newest'
    """
    if isinstance(spec, str):
        if spec == "earliest":
            return lambda item: (0, *_time_key(item))
        if spec == "longest":
            return lambda item: (0, "", -item.signature.length, item.seq)
        if spec == "wire":
            return lambda item: (0 if _source(item) in WIRE_SOURCES else 1, *_time_key(item))
        raise ConfigError(
            f"canonical must be 'earliest', 'longest', 'wire' or a list of sources, got {spec!r}"
        )
    ranks = _source_ranks(spec)
    return lambda item: (ranks.get(_source(item), len(ranks)), *_time_key(item))


def pick_canonical(members: Iterable[StoredItem], spec: CanonicalSpec) -> StoredItem:
    """The canonical member of ``members`` under ``spec``.

    >>> from dedupe_feed.index.store import ArticleSignature, StoredItem
    >>> short, long = (StoredItem(ArticleSignature(i, b"", n), "", "c", seq=n)
    ...                for i, n in (("s", 10), ("l", 20)))
    >>> pick_canonical([short, long], "longest").id
    'l'
    """
    return min(members, key=make_policy(spec))


def _time_key(item: StoredItem) -> tuple[str, int, int]:
    published = item.signature.published
    return ("\uffff" if published is None else published, 0, item.seq)


def _source(item: StoredItem) -> str:
    return (item.signature.source or "").strip().casefold()


def _source_ranks(sources: Sequence[str]) -> dict[str, int]:
    if not sources or not all(isinstance(source, str) and source for source in sources):
        raise ConfigError(f"a canonical source list needs source names, got {sources!r}")
    ranks: dict[str, int] = {}
    for rank, source in enumerate(sources):
        ranks.setdefault(source.strip().casefold(), rank)
    return ranks
