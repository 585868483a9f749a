"""MinHash LSH banding: which pairs to verify, for sentences and for articles.

Signatures are cut into ``bands`` bands of ``rows`` rows; two units that agree
on a whole band become a candidate pair. One numpy sort per band, and at most
``max_per_bucket`` earlier partners per unit in a bucket, so a text of 200,000
identical sentences stays linear.

The two banding rules, side by side (the verifiers that decide what they
propose sit side by side in :mod:`dedupe_feed.verify`):

- :func:`band_layout`, sentences of one item: the layout whose S-curve
  midpoint ``(1/b) ** (1/r)`` is nearest ``Config.lsh_threshold`` (0.2 with
  32 permutations). Sentences are short, so their MinHash is a loose
  estimate, and an item holds few of them: a low midpoint proposes almost
  every related pair, and rapidfuzz verifies each one in microseconds.
  Exact copies never need banding (they share a key and are grouped first).
- :func:`lsh_layout`, articles across a feed: the most rows for which a
  pair at the cluster ``threshold`` is still a candidate 95% of the time.
  The index is asked once per article and a pair it does not propose is a
  copy left in the output for good, while each false candidate costs a store
  read and an aligned verification; so recall at the threshold is fixed and
  the rest of the permutations buy precision. Articles are filed under
  sentence slots too (:func:`dedupe_feed.index.prepare.sentence_slot_keys`),
  a second route for a copy inside a longer page.

>>> import numpy as np
>>> sigs = np.array([[1, 2, 3, 4], [1, 2, 9, 9], [7, 7, 7, 7]], dtype=np.uint32)
>>> candidate_pairs(sigs, bands=2, rows=2)
[(0, 1)]
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

_BAND_MIX = np.uint64(0x9E3779B97F4A7C15)


def band_layout(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows for the sentences of one item: the layout whose S-curve
    ``(1/b) ** (1/r)`` is nearest ``threshold``.

    >>> band_layout(0.2, 64)
    (32, 2)
    >>> band_layout(0.5, 64)
    (16, 4)
    """
    best = (num_perm, 1)
    best_gap = math.inf
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        gap = abs((1 / bands) ** (1 / rows) - threshold)
        if gap < best_gap:
            best, best_gap = (bands, rows), gap
    return best


#: The share of article pairs at the cluster threshold that :func:`lsh_layout`
#: makes candidates.
ARTICLE_RECALL = 0.95


def lsh_layout(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows for articles: the most rows (fewest false candidates)
    for which a pair at Jaccard ``threshold`` still becomes a candidate
    :data:`ARTICLE_RECALL` (95%) of the time.

    >>> lsh_layout(0.5, 128)
    (42, 3)
    >>> lsh_layout(0.8, 128)
    (18, 7)
    """
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if 1 - (1 - threshold**rows) ** bands >= ARTICLE_RECALL:
            best = (bands, rows)
    return best


def candidate_pairs(
    signatures: npt.NDArray[np.uint32], bands: int, rows: int, max_per_bucket: int = 16
) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of rows that share at least one band.

    All bands are keyed and sorted in one pass: a band's key mixes its rows
    and its band number, so equal keys mean the same band of two units. In a
    bucket each unit pairs with the ``max_per_bucket`` units before it; of all
    its pairs a unit keeps the ``max_per_bucket`` that share most bands
    (the most similar), so lists of look-alike lines stay linear.
    """
    count = signatures.shape[0]
    if count < 2:
        return []
    pair_ids = _banded_pair_ids(signatures, bands, rows, max_per_bucket)
    if not len(pair_ids):
        return []
    return _strongest_pairs(pair_ids, count, max_per_bucket)


def _banded_pair_ids(
    signatures: npt.NDArray[np.uint32], bands: int, rows: int, reach: int
) -> npt.NDArray[np.int64]:
    """The pair ids of :func:`_bucket_pair_ids` over all bands (the sorted
    band keys are freed when it returns)."""
    count = signatures.shape[0]
    keys = _band_keys(signatures[:, : bands * rows].reshape(count, bands, rows)).reshape(-1)
    order = np.argsort(keys, kind="stable")  # stable: unit order kept inside a bucket
    units = (order // bands).astype(np.int64)
    return _bucket_pair_ids(keys[order], units, count, reach)


def _bucket_pair_ids(
    sorted_keys: npt.NDArray[np.uint64], units: npt.NDArray[np.int64], count: int, reach: int
) -> npt.NDArray[np.int64]:
    """Every (earlier, later) pair of units up to ``reach`` apart in a bucket,
    as ``later * count + earlier``, once per band they share (one int per pair,
    counted first and written into one array: a 10 MB item has millions).

    >>> keys = np.array([1, 1, 1, 2], dtype=np.uint64)
    >>> _bucket_pair_ids(keys, np.array([0, 1, 2, 3]), count=4, reach=2).tolist()
    [4, 9, 8]
    """
    distances: list[int] = []
    total = 0
    for distance in range(1, reach + 1):
        equal = sorted_keys[distance:] == sorted_keys[:-distance]
        if not equal.any():
            break
        distances.append(distance)
        total += int(np.count_nonzero(equal & (units[:-distance] != units[distance:])))
    pair_ids = np.empty(total, dtype=np.int64)
    filled = 0
    for distance in distances:
        earlier, later = units[:-distance], units[distance:]
        same = (sorted_keys[distance:] == sorted_keys[:-distance]) & (earlier != later)
        found = later[same] * count + earlier[same]
        pair_ids[filled : filled + len(found)] = found
        filled += len(found)
    return pair_ids


PAIRS_PER_BLOCK = 1 << 18
"""Pair ids ranked at once by :func:`_strongest_pairs` (its work arrays stay a few MB)."""


def _strongest_pairs(
    pair_ids: npt.NDArray[np.int64], count: int, per_unit: int
) -> list[tuple[int, int]]:
    """Distinct pairs (ids ``later * count + earlier``, one per shared band),
    at most ``per_unit`` per later unit, most shared bands first, as sorted
    ``(earlier, later)`` tuples. Sorts ``pair_ids`` in place, then ranks
    blocks of whole later units.

    >>> _strongest_pairs(np.array([6, 4, 6, 5], dtype=np.int64), count=2, per_unit=1)
    [(0, 2), (0, 3)]
    """
    pair_ids.sort()
    firsts: list[npt.NDArray[np.int64]] = []
    seconds: list[npt.NDArray[np.int64]] = []
    for low, high in _later_blocks(pair_ids, count):
        first, second = _rank_block(pair_ids[low:high], count, per_unit)
        firsts.append(first)
        seconds.append(second)
    first, second = np.concatenate(firsts), np.concatenate(seconds)
    return sorted(zip(first.tolist(), second.tolist(), strict=True))


def _later_blocks(pair_ids: npt.NDArray[np.int64], count: int) -> list[tuple[int, int]]:
    """``[low, high)`` runs of about :data:`PAIRS_PER_BLOCK` sorted ids that
    never split one later unit's pairs."""
    blocks: list[tuple[int, int]] = []
    low = 0
    while low < len(pair_ids):
        high = min(low + PAIRS_PER_BLOCK, len(pair_ids))
        if high < len(pair_ids):  # extend to the end of this later unit
            end_of_unit = (int(pair_ids[high - 1]) // count + 1) * count
            high = int(np.searchsorted(pair_ids, end_of_unit, side="left"))
        blocks.append((low, high))
        low = high
    return blocks


def _rank_block(
    block: npt.NDArray[np.int64], count: int, per_unit: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """For sorted ids of whole later units: each later unit's ``per_unit``
    earlier partners sharing most bands (ties: the earliest)."""
    flags = np.empty(len(block), dtype=bool)
    flags[0] = True
    np.not_equal(block[1:], block[:-1], out=flags[1:])
    starts = np.flatnonzero(flags)
    ids, shared = block[starts], np.diff(np.append(starts, len(block)))
    second, first = ids // count, ids % count
    order = np.lexsort((first, -shared, second))
    first, second = first[order], second[order]
    starts = np.flatnonzero(np.concatenate(([True], second[1:] != second[:-1])))
    lengths = np.diff(np.append(starts, len(second)))
    rank = np.arange(len(second)) - np.repeat(starts, lengths)
    keep = rank < per_unit
    return first[keep], second[keep]


def _band_keys(blocks: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint64]:
    """One 64-bit key per (unit, band) from the band's rows and its number."""
    count, bands, rows = blocks.shape
    keys: npt.NDArray[np.uint64] = np.broadcast_to(
        np.arange(bands, dtype=np.uint64), (count, bands)
    ).copy()
    for row in range(rows):
        keys = np.bitwise_xor(keys * _BAND_MIX, blocks[:, :, row].astype(np.uint64))
    return keys
