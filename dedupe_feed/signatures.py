"""MinHash signatures for many short units at once.

The permutations are those of :class:`datasketch.MinHash` (``affine32``
scheme, the datasketch default; :func:`affine32_permutations` draws them as
datasketch does, without importing it and SciPy at start-up) and are reused
for every unit; the whole article is
hashed in one vectorised pass instead of one ``update_batch`` per sentence.
A row of :meth:`Signer.sign` equals ``datasketch.MinHash(num_perm, seed,
hashfunc=int).update_batch(shingle_hashes)`` for that unit's shingles (the
tests check this).

>>> signer = Signer(num_perm=16, seed=1)
>>> sigs = signer.sign([("a", "b", "c"), ("a", "b", "c"), ("x", "y")], width=2)
>>> bool((sigs[0] == sigs[1]).all()), bool((sigs[0] == sigs[2]).all())
(True, False)
"""

from __future__ import annotations

import base64
import zlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from dedupe_feed.permutations import STORED

Signatures = npt.NDArray[np.uint32]

_PAD = "\x00"
#: Shingles permuted at once: the (shingles x num_perm) block stays a few MB,
#: so a 10 MB item costs per MB what a 6 KB one does.
_CHUNK_SHINGLES = 4096
_MIX = np.uint32(0x01000193)


class Signer:
    """Holds one set of MinHash permutations and signs batches of units."""

    def __init__(self, num_perm: int, seed: int) -> None:
        self.num_perm = num_perm
        self.seed = seed
        self._a, self._b = affine32_permutations(num_perm, seed)

    def sign(self, units: Sequence[Sequence[str]], width: int | Sequence[int]) -> Signatures:
        """One signature row per unit, from its ``width``-token shingles.

        ``width`` is one shingle size for all units or one per unit; a unit
        shorter than its width is one shingle.
        """
        widths = [width] * len(units) if isinstance(width, int) else list(width)
        shingles, starts = self.shingle_hashes(units, widths)
        if not len(starts):
            return np.zeros((0, self.num_perm), dtype=np.uint32)
        mixed = _fmix32(shingles)
        signatures = np.empty((len(starts), self.num_perm), dtype=np.uint32)
        bounds = np.append(starts, len(mixed))
        for first, last in _chunks(bounds, _CHUNK_SHINGLES):
            low, high = bounds[first], bounds[last]
            permuted = mixed[low:high].reshape(-1, 1) * self._a + self._b
            signatures[first:last] = np.minimum.reduceat(permuted, starts[first:last] - low, axis=0)
        return signatures

    @staticmethod
    def shingle_hashes(
        units: Sequence[Sequence[str]], widths: Sequence[int]
    ) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.intp]]:
        """All shingle hashes concatenated, and where each unit's run starts.

        >>> hashes, starts = Signer.shingle_hashes([("a", "b", "c"), ("z",)], [2, 2])
        >>> len(hashes), starts.tolist()
        (3, [0, 2])
        """
        padded = [  # most units are long enough: no copy (fewer objects for the GC to scan)
            tokens if len(tokens) >= size else [*tokens, *([_PAD] * (size - len(tokens)))]
            for tokens, size in zip(units, widths, strict=True)
        ]
        if not padded:
            return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.intp)
        hashes = _token_hashes([token for tokens in padded for token in tokens])
        shingles: list[npt.NDArray[np.uint32]] = []
        starts: list[int] = []
        offset = total = 0
        combined: dict[int, npt.NDArray[np.uint32]] = {}
        for tokens, size in zip(padded, widths, strict=True):
            if size not in combined:  # every window of the flat array, once per width
                combined[size] = _combine(hashes, size)
            count = len(tokens) - size + 1
            shingles.append(combined[size][offset : offset + count])
            starts.append(total)
            total += count
            offset += len(tokens)
        return np.concatenate(shingles), np.asarray(starts, dtype=np.intp)


def affine32_permutations(
    num_perm: int, seed: int
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
    """The odd multipliers ``a`` and offsets ``b`` of datasketch's
    ``affine32`` permutations ``h -> a * h + b mod 2**32``, drawn from
    ``numpy.random.RandomState(seed)`` in datasketch's order (the tests
    compare them with ``datasketch.MinHash(num_perm, seed).permutations``).

    The default layouts' are read from :mod:`dedupe_feed.permutations` (the
    same values, without importing ``numpy.random``).

    >>> a, b = affine32_permutations(4, seed=1)
    >>> a.dtype.name, bool((a % 2 == 1).all()), len(b)
    ('uint32', True, 4)
    """
    stored = STORED.get((num_perm, seed))
    if stored is not None:
        values = np.frombuffer(base64.b64decode(stored), dtype="<u4").astype(np.uint32)
        return values[:num_perm].copy(), values[num_perm:].copy()
    return draw_affine32_permutations(num_perm, seed)


def draw_affine32_permutations(
    num_perm: int, seed: int
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
    """:func:`affine32_permutations` drawn from ``numpy.random.RandomState(seed)``.

    >>> [x.tolist() for x in draw_affine32_permutations(8, 1)] == [
    ...     x.tolist() for x in affine32_permutations(8, 1)]
    True
    """
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _chunks(bounds: npt.NDArray[np.intp], size: int) -> list[tuple[int, int]]:
    """Runs of whole units, ``units[first:last]``, of about ``size`` shingles
    each (a longer unit is a run alone); ``bounds`` are the units' start
    offsets followed by the total.

    >>> _chunks(np.array([0, 3, 5, 9, 10]), 5)
    [(0, 2), (2, 4)]
    >>> _chunks(np.array([0, 12, 13]), 5)
    [(0, 1), (1, 2)]
    """
    runs: list[tuple[int, int]] = []
    units = len(bounds) - 1
    first = 0
    while first < units:
        fits = int(np.searchsorted(bounds, bounds[first] + size, side="right")) - 1
        last = min(max(fits, first + 1), units)
        runs.append((first, last))
        first = last
    return runs


def _token_hashes(tokens: list[str]) -> npt.NDArray[np.uint32]:
    """crc32 of every token, each distinct token hashed once."""
    crc32 = zlib.crc32
    hash_of = {token: crc32(token.encode("utf-8")) for token in dict.fromkeys(tokens)}
    return np.fromiter(map(hash_of.__getitem__, tokens), dtype=np.uint32, count=len(tokens))


def _combine(hashes: npt.NDArray[np.uint32], size: int) -> npt.NDArray[np.uint32]:
    """Hash each run of ``size`` consecutive token hashes into one value."""
    count = len(hashes) - size + 1
    combined: npt.NDArray[np.uint32] = hashes[:count].copy()
    for offset in range(1, size):
        combined = np.bitwise_xor(combined * _MIX, hashes[offset : offset + count])
    return combined.astype(np.uint32, copy=False)


def _fmix32(values: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """MurmurHash3's 32-bit finalizer (what datasketch applies before permuting)."""
    mixed: npt.NDArray[np.uint32] = np.bitwise_xor(values, values >> np.uint32(16))
    mixed = mixed * np.uint32(0x85EBCA6B)
    mixed = np.bitwise_xor(mixed, mixed >> np.uint32(13))
    mixed = mixed * np.uint32(0xC2B2AE35)
    mixed = np.bitwise_xor(mixed, mixed >> np.uint32(16))
    return mixed.astype(np.uint32, copy=False)
