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
    and its band number, so equal keys mean the same band of two units.
    """
    count = signatures.shape[0]
    if count < 2:
        return []
    keys = _band_keys(signatures[:, : bands * rows].reshape(count, bands, rows))
    flat = keys.reshape(-1)
    order = np.argsort(flat, kind="stable")
    sorted_keys = flat[order]
    same_as_previous = sorted_keys[1:] == sorted_keys[:-1]
    pairs: set[tuple[int, int]] = set()
    if not same_as_previous.any():
        return []
    run_starts = np.flatnonzero(np.concatenate(([True], ~same_as_previous)))
    run_ends = np.append(run_starts[1:], len(order))
    long_runs = run_ends - run_starts > 1
    rows_of = order // bands
    for start, end in zip(
        run_starts[long_runs].tolist(), run_ends[long_runs].tolist(), strict=True
    ):
        _pair_bucket(rows_of[start:end].tolist(), max_per_bucket, pairs)
    return sorted(pairs)


def _band_keys(blocks: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint64]:
    """One 64-bit key per (unit, band) from the band's rows and its number."""
    count, bands, rows = blocks.shape
    keys: npt.NDArray[np.uint64] = np.broadcast_to(
        np.arange(bands, dtype=np.uint64), (count, bands)
    ).copy()
    for row in range(rows):
        keys = np.bitwise_xor(keys * _BAND_MIX, blocks[:, :, row].astype(np.uint64))
    return keys


def _pair_bucket(members: list[int], max_per_bucket: int, pairs: set[tuple[int, int]]) -> None:
    """Each member with up to ``max_per_bucket`` members before it (index order)."""
    members.sort()
    for position, member in enumerate(members):
        for earlier in members[max(0, position - max_per_bucket) : position]:
            if earlier != member:
                pairs.add((earlier, member))
