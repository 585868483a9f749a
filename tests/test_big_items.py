"""Big and degenerate items (issue 13, linear time): what the linear-time and
low-memory code paths must still decide. Outputs are pinned, never timings.

The stages rewritten for scale (union-find merging in place, short repeats
confirmed per run, LSH pairs ranked in blocks, the feature matrix filled row
by row, trees scored in blocks) are each checked against a plain reference.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedupe_feed.candidates as candidates_module
import dedupe_feed.linemodel.features as features_module
import dedupe_feed.linemodel.trees as trees_module
from dedupe_feed import analyze
from dedupe_feed.candidates import candidate_pairs
from dedupe_feed.config import Config
from dedupe_feed.duplicates import find_duplicates
from dedupe_feed.linemodel import LineModel
from dedupe_feed.linemodel.features import feature_matrix, line_features, reads_as_sentence
from dedupe_feed.linemodel.stopwords import Stoplists
from dedupe_feed.model import Unit
from dedupe_feed.signatures import Signer

SENTENCE = "Heavy rain lashed Kannur district on Monday night, officials said."
LONG = "The IMD issued an orange alert for three districts on Tuesday."
SHORT_A = "Schools shut."
SHORT_B = "Roads flooded."


# --------------------------------------------------------------------------- #
# whole items
# --------------------------------------------------------------------------- #


@pytest.mark.slow
def test_one_sentence_repeated_collapses_to_one_copy_with_every_removal_recorded() -> None:
    copies = 20_000
    result = analyze(" ".join([SENTENCE] * copies))
    assert result.text == SENTENCE
    assert len(result.removed) == copies - 1
    step = len(SENTENCE) + 1
    first = (0, len(SENTENCE))
    for index, removal in enumerate(result.removed, start=1):
        assert (removal.start, removal.end) == (index * step, index * step + len(SENTENCE))
        assert (removal.reason, removal.duplicate_of, removal.similarity) == (
            "exact_duplicate",
            first,
            1.0,
        )


@pytest.mark.slow
def test_glued_word_storm_is_split_at_every_boundary_and_nothing_is_lost() -> None:
    pairs = 20_000
    result = analyze("rain.Kochi" * pairs)
    assert result.text == "\n\n".join(["rain."] + ["Kochirain."] * (pairs - 1) + ["Kochi"])
    assert result.removed == ()
    restored = [c.start for c in result.changes if c.kind == "boundary_restored"]
    assert restored == [5 + k * 10 for k in range(pairs)]


@pytest.mark.slow
def test_glued_letter_storm_is_split_but_its_last_initial_stays() -> None:
    # a final "a.B" reads as an initial (Plan B.), as on a short input
    pairs = 20_000
    result = analyze("a.B" * pairs)
    assert result.text == "\n\n".join(["a."] + ["Ba."] * (pairs - 2) + ["Ba.B"])
    assert result.removed == ()
    restored = [c.start for c in result.changes if c.kind == "boundary_restored"]
    assert restored == [2 + k * 3 for k in range(pairs - 1)]


# --------------------------------------------------------------------------- #
# duplicate stage
# --------------------------------------------------------------------------- #


def _units(texts: list[str]) -> list[Unit]:
    return [Unit(i, 0, 0, text) for i, text in enumerate(texts)]


def _removed(texts: list[str]) -> dict[int, tuple[str, int]]:
    found = find_duplicates(_units(texts), {}, Config(), Signer(64, 1))
    return {i: (d.reason, d.duplicate_of) for i, d in sorted(found.removed.items())}


def test_short_repeats_before_a_removed_sentence_go_with_it() -> None:
    # the run 3, 4, 5 holds a long removed sentence (5): its short neighbours
    # go too, however far back the run reaches
    texts = [SHORT_A, SHORT_B, LONG, SHORT_A, SHORT_B, LONG]
    assert _removed(texts) == {
        3: ("exact_duplicate", 0),
        4: ("exact_duplicate", 1),
        5: ("exact_duplicate", 2),
    }


def test_short_repeats_after_a_removed_sentence_go_with_it() -> None:
    texts = [LONG, SHORT_A, SHORT_B, LONG, SHORT_A, SHORT_B]
    assert sorted(_removed(texts)) == [3, 4, 5]


def test_short_repeats_cut_off_by_kept_text_stay() -> None:
    texts = [SHORT_A, LONG, SENTENCE, SHORT_A, SENTENCE.replace("Monday", "Friday"), LONG]
    assert sorted(_removed(texts)) == [5]


def test_a_long_run_of_short_repeats_stays_whole() -> None:
    assert _removed([SHORT_A] * 500) == {}


def test_thousands_of_copies_form_one_group_kept_at_the_first() -> None:
    texts = [SENTENCE, LONG] * 3000
    found = find_duplicates(_units(texts), {}, Config(), Signer(64, 1))
    assert found.group_of == (0, 1) * 3000
    assert set(found.removed) == set(range(2, 6000))
    assert {found.removed[i].duplicate_of for i in range(2, 6000, 2)} == {0}


# --------------------------------------------------------------------------- #
# LSH candidates, ranked in blocks
# --------------------------------------------------------------------------- #


def _reference_pairs(
    signatures: np.ndarray, bands: int, rows: int, per_bucket: int
) -> list[tuple[int, int]]:
    """candidate_pairs spelled out: each unit meets the ``per_bucket`` units
    before it in each band's bucket; each later unit keeps the ``per_bucket``
    partners sharing most bands (ties: the earliest)."""
    shared: Counter[tuple[int, int]] = Counter()
    for band in range(bands):
        buckets: defaultdict[bytes, list[int]] = defaultdict(list)
        for unit, row in enumerate(signatures[:, band * rows : (band + 1) * rows]):
            buckets[row.tobytes()].append(unit)
        for members in buckets.values():
            for position, later in enumerate(members):
                for earlier in members[max(0, position - per_bucket) : position]:
                    shared[(earlier, later)] += 1
    kept: list[tuple[int, int]] = []
    by_later = itertools.groupby(sorted(shared, key=lambda p: p[1]), key=lambda p: p[1])
    for _, pairs in by_later:
        ranked = sorted(pairs, key=lambda p: (-shared[p], p[0]))
        kept.extend(ranked[:per_bucket])
    return sorted(kept)


@settings(max_examples=60, deadline=None)
@given(
    count=st.integers(2, 120),
    values=st.integers(1, 4),
    layout=st.sampled_from([(8, 2), (4, 4), (16, 1)]),
    per_bucket=st.integers(1, 5),
    block=st.integers(1, 40),
    seed=st.integers(0, 2**32 - 1),
)
def test_blocked_candidate_pairs_match_the_reference(
    count: int, values: int, layout: tuple[int, int], per_bucket: int, block: int, seed: int
) -> None:
    bands, rows = layout
    rng = np.random.default_rng(seed)
    signatures = rng.integers(0, values, size=(count, 16)).astype(np.uint32)
    expected = _reference_pairs(signatures, bands, rows, per_bucket)
    default = candidates_module.PAIRS_PER_BLOCK
    candidates_module.PAIRS_PER_BLOCK = block  # blocks of a few pairs: many boundaries
    try:
        assert candidate_pairs(signatures, bands, rows, per_bucket) == expected
    finally:
        candidates_module.PAIRS_PER_BLOCK = default


# --------------------------------------------------------------------------- #
# line model: matrix and trees
# --------------------------------------------------------------------------- #

PAGE = [
    "Home | Kerala | Weather | Videos",
    SENTENCE,
    "Follow us on Facebook and Instagram",
    LONG,
    SENTENCE,
    "Advertisement",
]


def test_feature_matrix_is_line_features_as_an_array() -> None:
    stoplists = Stoplists.load()
    memo: dict[tuple[str, str], object] = {}
    matrix = feature_matrix(PAGE, stoplists, "Rain in Kerala", memo)  # type: ignore[arg-type]
    assert matrix.dtype == np.float64
    assert matrix.tolist() == line_features(PAGE, stoplists, "Rain in Kerala")
    assert len(memo) == len(set(PAGE))
    again = feature_matrix(PAGE, stoplists, "Rain in Kerala", memo)  # type: ignore[arg-type]
    assert np.array_equal(again, matrix)


def test_feature_matrix_of_no_lines_has_no_rows() -> None:
    assert feature_matrix([], Stoplists.load()).shape[0] == 0


def test_trees_score_blocks_exactly_as_one_pass() -> None:
    trees = LineModel.load().trees
    rows = feature_matrix(PAGE * 200, Stoplists.load())
    whole = trees.raw_scores(rows)
    default = trees_module.ROWS_PER_BLOCK
    trees_module.ROWS_PER_BLOCK = 7
    try:
        blocked = trees.raw_scores(rows)
    finally:
        trees_module.ROWS_PER_BLOCK = default
    assert blocked.tobytes() == whole.tobytes()


def test_lines_scored_in_blocks_match_the_whole_matrix() -> None:
    model = LineModel.load()
    lines = PAGE * 50
    rows = model.rows(lines, "Rain in Kerala")
    probabilities = model.trees.probabilities(rows)
    default = features_module.BLOCK_ROWS
    features_module.BLOCK_ROWS = 13  # many blocks, the last one short
    try:
        scored = model.score_lines(lines, "Rain in Kerala")
    finally:
        features_module.BLOCK_ROWS = default
    assert scored.probabilities.tobytes() == probabilities.tobytes()
    assert scored.sentence.tolist() == reads_as_sentence(rows).tolist()
    assert scored.reaches == model.removes(rows, probabilities)
    assert any(scored.reaches)
    assert sorted(scored.rows) == [i for i, flag in enumerate(scored.reaches) if flag]
    for index, row in scored.rows.items():
        assert row.tobytes() == rows[index].tobytes()
    assert scored.any_prose


def test_a_page_without_prose_is_not_scored() -> None:
    scored = LineModel.load().score_lines(["Home | News | Sport", "Videos | Photos"])
    assert not scored.any_prose
    assert scored.reaches == []
    assert scored.rows == {}
