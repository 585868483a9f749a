"""MinHash signatures: bulk computation equals datasketch, one unit at a time."""

from __future__ import annotations

import itertools
import subprocess
import sys

import numpy as np
import pytest
from datasketch import MinHash
from hypothesis import given
from hypothesis import strategies as st

from dedupe_feed.candidates import band_layout, candidate_pairs
from dedupe_feed.permutations import STORED
from dedupe_feed.signatures import Signer, affine32_permutations, draw_affine32_permutations

words = st.lists(
    st.sampled_from(["alpha", "beta", "gamma", "delta", "kochi", "rain", "98", "mm"]), max_size=12
)


@given(st.lists(words, min_size=1, max_size=6), st.integers(1, 3))
def test_bulk_rows_equal_datasketch_per_unit(units: list[list[str]], width: int) -> None:
    signer = Signer(num_perm=32, seed=3)
    signatures = signer.sign(units, width)
    hashes, starts = Signer.shingle_hashes(units, [width] * len(units))
    bounds = [*starts.tolist(), len(hashes)]
    for row, (start, end) in enumerate(itertools.pairwise(bounds)):
        reference = MinHash(num_perm=32, seed=3, hashfunc=int)
        reference.update_batch([int(value) for value in hashes[start:end]])
        assert np.array_equal(reference.hashvalues, signatures[row])


@pytest.mark.parametrize(("num_perm", "seed"), [(128, 1), (32, 1), (32, 3), (256, 12345)])
def test_permutations_are_datasketchs(num_perm: int, seed: int) -> None:
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    mine_a, mine_b = affine32_permutations(num_perm, seed)
    assert np.array_equal(mine_a, a)
    assert np.array_equal(mine_b, b)
    assert mine_a.dtype == mine_b.dtype == np.uint32


@pytest.mark.parametrize("layout", sorted(STORED))
def test_stored_permutations_are_a_fresh_draw(layout: tuple[int, int]) -> None:
    stored = affine32_permutations(*layout)
    drawn = draw_affine32_permutations(*layout)
    assert all(
        np.array_equal(x, y) and x.dtype == y.dtype for x, y in zip(stored, drawn, strict=True)
    )
    stored[0][0] += 2  # each caller gets its own arrays
    assert np.array_equal(affine32_permutations(*layout)[0], drawn[0])


def test_importing_the_package_does_not_import_datasketch_or_scipy() -> None:
    code = "import sys, dedupe_feed; print(sorted({'datasketch', 'scipy'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_batch_larger_than_one_chunk_signs_each_unit_as_alone() -> None:
    signer = Signer(num_perm=32, seed=3)
    units = [[f"w{n}", f"w{n + 1}", *(f"x{n}_{k}" for k in range(n % 40))] for n in range(600)]
    units.append([f"y{k}" for k in range(5000)])  # one unit longer than a chunk
    assert sum(max(1, len(u) - 1) for u in units) > 3 * 4096
    bulk = signer.sign(units, 2)
    alone = np.vstack([signer.sign([unit], 2) for unit in units])
    assert np.array_equal(bulk, alone)


def test_identical_units_share_signatures_and_different_ones_do_not() -> None:
    signer = Signer(num_perm=64, seed=1)
    signatures = signer.sign([("a", "b", "c"), ("a", "b", "c"), ("x", "y", "z")], 2)
    assert np.array_equal(signatures[0], signatures[1])
    assert not np.array_equal(signatures[0], signatures[2])


@given(st.lists(st.tuples(words, st.integers(1, 4)), min_size=1, max_size=6))
def test_shingles_of_a_batch_are_each_units_alone(units: list[tuple[list[str], int]]) -> None:
    """Mixed widths (CJK units shingle by characters): each unit's run of
    hashes is what it gets hashed on its own, in unit order."""
    tokens, widths = [u for u, _ in units], [w for _, w in units]
    hashes, starts = Signer.shingle_hashes(tokens, widths)
    bounds = [*starts.tolist(), len(hashes)]
    for (start, end), unit, width in zip(itertools.pairwise(bounds), tokens, widths, strict=True):
        alone, first = Signer.shingle_hashes([unit], [width])
        assert first.tolist() == [0]
        assert hashes[start:end].tolist() == alone.tolist()
        assert end - start == max(1, len(unit) - width + 1)


def test_shingle_hashes_golden() -> None:
    hashes, starts = Signer.shingle_hashes([("a", "b", "c"), ("z",), ("a", "b")], [2, 2, 1])
    assert starts.tolist() == [0, 2, 3]
    assert hashes.dtype == np.uint32
    assert hashes.tolist() == [3992874112, 237640596, 2454751216, 3904355907, 1908338681]


def test_short_unit_is_one_shingle() -> None:
    hashes, starts = Signer.shingle_hashes([("solo",)], [3])
    assert len(hashes) == 1
    assert starts.tolist() == [0]


def test_empty_batch() -> None:
    assert Signer(16, 1).sign([], 2).shape == (0, 16)


@pytest.mark.parametrize(("threshold", "expected"), [(0.2, (32, 2)), (0.5, (16, 4))])
def test_band_layout(threshold: float, expected: tuple[int, int]) -> None:
    assert band_layout(threshold, 64) == expected


def test_candidate_pairs_are_capped_per_bucket() -> None:
    signatures = np.zeros((100, 8), dtype=np.uint32)
    pairs = candidate_pairs(signatures, bands=4, rows=2, max_per_bucket=3)
    assert len(pairs) == 3 * 100 - (1 + 2 + 3)
    assert all(j - i <= 3 for i, j in pairs)


def test_near_duplicates_become_candidates() -> None:
    signer = Signer(64, 1)
    base = [
        "the",
        "state",
        "department",
        "said",
        "in",
        "a",
        "post",
        "on",
        "x",
        "that",
        "the",
        "ministerial",
        "will",
        "focus",
    ]
    edited = [*base[:-1], "concentrate"]
    other = [
        "kozhikode",
        "recorded",
        "124",
        "mm",
        "of",
        "rain",
        "in",
        "the",
        "24",
        "hours",
        "ending",
        "monday",
    ]
    signatures = signer.sign([base, edited, other], 2)
    assert (0, 1) in candidate_pairs(signatures, *band_layout(0.2, 64))
