"""Runs of lines the model all but removes go whole; the story next to them stays."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from dedupe_feed.linemodel import LineModel
from dedupe_feed.linemodel.runs import MIN_RUN, RUN_LEVEL, boilerplate_run_lines
from dedupe_feed.linemodel.stage import RUN_EVIDENCE, drop_boilerplate_paragraphs
from dedupe_feed.model import Unit
from dedupe_feed.order import Placed

STORY = [
    "Heavy rain cut off three villages in Wayanad on Monday, officials said.",
    "The Kabini river rose by two metres overnight.",
    "Schools in the district will stay shut on Tuesday, the collector said on Monday evening.",
]
TEASERS = [
    "Kochi Metro extends hours for Onam. KOCHI: Trains will run till 11.30 pm, its...",
    "Two fishermen missing. THIRUVANANTHAPURAM: Two fishermen went missing...",
    "Monsoon to reach Karnataka coast by weekend. NEW DELHI: The southwest monsoon is likely...",
    "Pilgrims told to carry rain gear. PATHANAMTHITTA: The board has asked pilgrims to...",
]


class ScoresByLength:
    """Stand-in trees: each line's probability, looked up by its length (the
    first feature is ``log1p`` of the line's characters)."""

    def __init__(self, scores: dict[str, float]) -> None:
        self.by_length = {len(line): score for line, score in scores.items()}
        assert len(self.by_length) == len(scores), "test lines need distinct lengths"

    def probabilities(self, rows: Any) -> Any:
        lengths = [round(math.expm1(row[0])) for row in np.asarray(rows)]
        # rows the stage makes up to weigh evidence have other lengths: content-like
        return np.array([self.by_length.get(length, 0.01) for length in lengths])

    def raw_scores(self, rows: Any) -> Any:
        p = np.clip(self.probabilities(rows), 1e-9, 1 - 1e-9)
        return np.log(p / (1 - p))


def run_stage(scores: dict[str, float]) -> tuple[list[str], list[tuple[str, tuple[str, ...]]]]:
    lines = list(scores)
    units = [
        Unit(i, i * 1000, i * 1000 + len(t), t, new_paragraph=True) for i, t in enumerate(lines)
    ]
    placed = [Placed(unit.index, unit.index) for unit in units]
    model = dataclasses.replace(LineModel.load(), trees=ScoresByLength(scores))
    found = drop_boilerplate_paragraphs(units, placed, model)
    kept = [units[p.unit].text for p in found.placed]
    return kept, [(r.text, r.evidence) for r in found.removals]


def test_a_teaser_run_after_the_story_goes_and_the_story_stays() -> None:
    scores = {STORY[0]: 0.05, STORY[1]: 0.1, STORY[2]: 0.3, "Latest News": 0.99}
    scores |= dict(zip(TEASERS, (0.9, 0.93, 0.995, 0.88), strict=True))
    kept, removed = run_stage(scores)
    assert kept == STORY
    assert [text for text, _ in removed] == ["Latest News", *TEASERS]
    by_run = [text for text, evidence in removed if evidence == RUN_EVIDENCE]
    assert by_run == [TEASERS[0], TEASERS[1], TEASERS[3]]


def test_a_run_line_that_touches_the_story_stays() -> None:
    """Doubt favours content: the first teaser, right after a story
    sentence, is left in; the rest of the run goes."""
    scores = {STORY[0]: 0.05, STORY[1]: 0.1, STORY[2]: 0.3}
    scores |= dict(zip(TEASERS, (0.9, 0.93, 0.995, 0.88), strict=True))
    kept, removed = run_stage(scores)
    assert kept == [*STORY, TEASERS[0]]
    assert [text for text, _ in removed] == TEASERS[1:]


def test_a_run_without_a_line_removed_on_its_own_score_stays() -> None:
    scores = {STORY[0]: 0.05, STORY[1]: 0.1, STORY[2]: 0.3}
    scores |= dict(zip(TEASERS, (0.9, 0.93, 0.95, 0.88), strict=True))
    kept, removed = run_stage(scores)
    assert kept == [*STORY, *TEASERS]
    assert removed == []


def test_the_story_sentence_next_to_a_run_stays() -> None:
    """The last story sentence scores high next to the chrome, but it touches
    a line taken for content, so the run is trimmed and it stays."""
    scores = {STORY[0]: 0.05, STORY[1]: 0.1, STORY[2]: 0.9}
    scores |= dict(zip(TEASERS, (0.9, 0.93, 0.995, 0.88), strict=True))
    kept, _ = run_stage(scores)
    assert kept == STORY


def test_two_lines_are_no_run() -> None:
    assert boilerplate_run_lines([0.1, 0.9, 0.999, 0.1], [False, False, True, False]) == frozenset()


@given(
    st.lists(st.floats(0.0, 1.0), max_size=30).flatmap(
        lambda scores: st.tuples(
            st.just(scores), st.lists(st.booleans(), min_size=len(scores), max_size=len(scores))
        )
    )
)
def test_a_run_line_is_kept_so_far_scores_high_and_sits_in_a_long_run(
    case: tuple[list[float], list[bool]],
) -> None:
    scores, removed = case
    for index in boilerplate_run_lines(scores, removed):
        assert not removed[index]
        assert scores[index] >= RUN_LEVEL
        start = end = index
        while start > 0 and scores[start - 1] >= RUN_LEVEL:
            start -= 1
        while end + 1 < len(scores) and scores[end + 1] >= RUN_LEVEL:
            end += 1
        assert end - start + 1 >= MIN_RUN
        assert any(removed[start : end + 1])
