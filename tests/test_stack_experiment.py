"""The stacked second stage measured for the line model (benchmarks/train_stack.py,
not shipped): its inputs, and how its scorer applies it, so its figures can be trusted."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dedupe_feed
from benchmarks.stack_context import CONTEXT_FEATURE_NAMES, OUTSIDE, context_matrix, own_columns
from benchmarks.stacked_model import StackedLineModel, stacked_cleaner
from dedupe_feed import Cleaner
from dedupe_feed.linemodel import LineModel, ModelFormatError
from dedupe_feed.linemodel import features as features_module
from dedupe_feed.linemodel.features import FEATURE_NAMES, reads_as_sentence

WEIGHTS = Path(dedupe_feed.__file__).parent / "linemodel" / "weights.json"
PAGE = [
    "Home | Kerala | Weather | Videos | Photos",
    "Heavy rain lashed Kozhikode district on Tuesday, and the administration declared "
    "a holiday for all schools and colleges in the district.",
    "Fishermen were told not to venture into the sea until Friday, officials said.",
    "Also Read",
    "Monsoon to advance over Karnataka coast by weekend, says IMD",
    "Follow us on Facebook, Twitter and Instagram for the latest news updates",
]


def column(x: Any, name: str) -> list[float]:
    return [round(float(v), 4) for v in x[:, CONTEXT_FEATURE_NAMES.index(name)]]


def test_context_rows_of_a_small_page_are_exact() -> None:
    p = np.array([0.9, 0.2, 0.3, 0.8, 0.95])
    x = context_matrix(p, own_columns(np.zeros((5, len(FEATURE_NAMES)))))
    assert x.shape == (5, len(CONTEXT_FEATURE_NAMES))
    assert column(x, "score") == [0.9, 0.2, 0.3, 0.8, 0.95]
    assert column(x, "score@-1") == [OUTSIDE, 0.9, 0.2, 0.3, 0.8]
    assert column(x, "score@+2") == [0.3, 0.8, 0.95, OUTSIDE, OUTSIDE]
    assert column(x, "min_score_1") == [0.2, 0.2, 0.2, 0.3, 0.8]
    assert column(x, "max_score_1") == [0.9, 0.9, 0.8, 0.95, 0.95]
    assert column(x, "mean_score_1") == [0.55, 0.4667, 0.4333, 0.6833, 0.875]
    assert column(x, "mean_score_3") == [0.55, 0.63, 0.63, 0.63, 0.5625]
    # lines 1 and 2 are content-like (< 0.5): the gaps are to the nearest of them
    assert column(x, "log_gap_before") == [round(math.log1p(d), 4) for d in (5, 5, 1, 1, 2)]
    assert column(x, "log_gap_after") == [round(math.log1p(d), 4) for d in (1, 1, 5, 5, 5)]
    assert column(x, "score_rank") == [0.6, 0.0, 0.2, 0.4, 0.8]
    assert column(x, "page_mean_score") == [0.63] * 5
    assert column(x, "page_content_share") == [0.4] * 5


def test_own_columns_come_from_the_first_stage_rows() -> None:
    rows = np.arange(2 * len(FEATURE_NAMES), dtype=np.float64).reshape(2, -1)
    x = context_matrix(np.array([0.1, 0.9]), own_columns(rows))
    at = CONTEXT_FEATURE_NAMES.index("is_prose")
    assert x[:, at].tolist() == rows[:, FEATURE_NAMES.index("is_prose")].tolist()


def test_a_page_of_no_lines_has_no_context_rows() -> None:
    x = context_matrix(np.zeros(0), own_columns(np.zeros((0, len(FEATURE_NAMES)))))
    assert x.shape == (0, len(CONTEXT_FEATURE_NAMES))


@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=40))
def test_context_rows_are_consistent(scores: list[float]) -> None:
    p = np.array(scores)
    x = context_matrix(p, own_columns(np.zeros((len(p), len(FEATURE_NAMES)))))
    for radius in (1, 3):
        low, mean, high = (
            x[:, CONTEXT_FEATURE_NAMES.index(f"{kind}_score_{radius}")]
            for kind in ("min", "mean", "max")
        )
        assert np.all(low <= p)
        assert np.all(p <= high)
        assert np.all(low <= mean + 1e-12)
        assert np.all(mean <= high + 1e-12)
    rank = x[:, CONTEXT_FEATURE_NAMES.index("score_rank")]
    assert np.all((rank >= 0) & (rank < 1))
    assert np.isfinite(x).all()


def identity_stage(general: float = 0.5, sentence: float = 0.9) -> dict[str, Any]:
    """A second stage of one stump on the page's mean score: +2 log-odds
    above 0.5, -2 below."""
    at = CONTEXT_FEATURE_NAMES.index("page_mean_score")
    stump = {"feature": [at, 0, 0], "threshold": [0.5, 0, 0], "left": [1, 1, 2],
             "right": [2, 1, 2], "value": [0, -2.0, 2.0]}  # fmt: skip
    return {
        "features": list(CONTEXT_FEATURE_NAMES),
        "base_score": 0.0,
        "learning_rate": 1.0,
        "depth": 1,
        "thresholds": {"general": general, "sentence": sentence},
        "trees": [stump],
    }


@pytest.fixture(scope="module")
def stacked() -> StackedLineModel:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    data["context"] = identity_stage()
    return StackedLineModel.from_dict(data)


def test_the_second_stage_rescores_and_sets_the_thresholds(stacked: StackedLineModel) -> None:
    first = LineModel.load()
    rows = first.rows(PAGE)
    mean = float(first.trees.probabilities(rows).mean())
    assert mean > 0.5  # the stump's right leaf: +2 log-odds for every line
    expected = 1 / (1 + math.exp(-2.0))
    assert stacked.probabilities(rows).tolist() == pytest.approx([expected] * len(PAGE))
    assert (stacked.thresholds.general, stacked.thresholds.sentence) == (0.5, 0.9)
    assert stacked.score(PAGE) == pytest.approx([expected] * len(PAGE))


def test_lines_scored_in_blocks_match_the_whole_page(stacked: StackedLineModel) -> None:
    lines = PAGE * 30
    rows = stacked.rows(lines)
    probabilities = stacked.probabilities(rows)
    default = features_module.BLOCK_ROWS
    features_module.BLOCK_ROWS = 13  # many blocks, the last one short
    try:
        scored = stacked.score_lines(lines)
    finally:
        features_module.BLOCK_ROWS = default
    assert scored.probabilities.tobytes() == probabilities.tobytes()
    assert scored.sentence.tolist() == reads_as_sentence(rows).tolist()
    assert scored.reaches == stacked.removes(rows, probabilities)
    assert sorted(scored.rows) == [i for i, flag in enumerate(scored.reaches) if flag]
    for index, row in scored.rows.items():
        assert row.tolist() == rows[index].tolist()


def test_a_second_stage_for_other_inputs_is_refused() -> None:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    data["context"] = {**identity_stage(), "features": list(CONTEXT_FEATURE_NAMES[:-1])}
    with pytest.raises(ModelFormatError, match="other inputs"):
        StackedLineModel.from_dict(data)


def test_a_correcting_second_stage_adds_to_the_first_stages_log_odds() -> None:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    data["context"] = {**identity_stage(), "adds_to_first": True}
    model = StackedLineModel.from_dict(data)
    rows = model.rows(PAGE)
    raw = model.trees.raw_scores(rows)
    assert model.probabilities(rows).tolist() == pytest.approx(
        (1 / (1 + np.exp(-(raw + 2.0)))).tolist()  # the page's mean score is over 0.5
    )


def test_without_a_second_stage_it_scores_as_the_shipped_model() -> None:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    model, shipped = StackedLineModel.from_dict(data), LineModel.load()
    rows = shipped.rows(PAGE)
    assert model.probabilities(rows).tobytes() == shipped.probabilities(rows).tobytes()
    assert (model.thresholds.general, model.thresholds.sentence) == (
        shipped.thresholds.general,
        shipped.thresholds.sentence,
    )


def test_a_cleaner_with_the_stacked_model_uses_its_second_stage(tmp_path: Path) -> None:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    data["context"] = identity_stage(general=0.99, sentence=0.999)  # scores 0.88: nothing goes
    path = tmp_path / "stacked.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    text = "\n".join(PAGE) + "\n"
    assert stacked_cleaner(path).clean(text) == Cleaner(line_model=False).clean(text)
    assert Cleaner().clean(text) != Cleaner(line_model=False).clean(text)
