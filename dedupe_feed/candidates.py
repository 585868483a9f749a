"""MinHash LSH banding over a batch of signatures: which pairs to verify.

Signatures are cut into ``bands`` bands of ``rows`` rows; two units that agree
on a whole band become a candidate pair. One numpy sort per band, and at most
``max_per_bucket`` earlier partners per unit in a bucket, so a text of 200,000
identical sentences stays linear.

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
    """Bands and rows whose S-curve ``(1/b) ** (1/r)`` is nearest ``threshold``.

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
    keys = _band_keys(signatures[:, : bands * rows].reshape(count, bands, rows)).reshape(-1)
    order = np.argsort(keys, kind="stable")  # stable: unit order kept inside a bucket
    sorted_keys = keys[order]
    units = (order // bands).astype(np.int64)
    earlier_parts: list[npt.NDArray[np.int64]] = []
    later_parts: list[npt.NDArray[np.int64]] = []
    for distance in range(1, max_per_bucket + 1):
        same = sorted_keys[distance:] == sorted_keys[:-distance]
        if not same.any():
            break
        earlier_parts.append(units[:-distance][same])
        later_parts.append(units[distance:][same])
    if not earlier_parts:
        return []
    return _strongest_pairs(
        np.concatenate(earlier_parts), np.concatenate(later_parts), count, max_per_bucket
    )


def _strongest_pairs(
    earlier: npt.NDArray[np.int64], later: npt.NDArray[np.int64], count: int, per_unit: int
) -> list[tuple[int, int]]:
    """Distinct pairs, at most ``per_unit`` per later unit, most shared bands first."""
    distinct = earlier != later
    ids, shared = np.unique(earlier[distinct] * count + later[distinct], return_counts=True)
    first, second = ids // count, ids % count
    order = np.lexsort((first, -shared, second))
    first, second = first[order], second[order]
    starts = np.flatnonzero(np.concatenate(([True], second[1:] != second[:-1])))
    lengths = np.diff(np.append(starts, len(second)))
    rank = np.arange(len(second)) - np.repeat(starts, lengths)
    keep = rank < per_unit
    return sorted(zip(first[keep].tolist(), second[keep].tolist(), strict=True))


def _band_keys(blocks: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint64]:
    """One 64-bit key per (unit, band) from the band's rows and its number."""
    count, bands, rows = blocks.shape
    keys: npt.NDArray[np.uint64] = np.broadcast_to(
        np.arange(bands, dtype=np.uint64), (count, bands)
    ).copy()
    for row in range(rows):
        keys = np.bitwise_xor(keys * _BAND_MIX, blocks[:, :, row].astype(np.uint64))
    return keys
