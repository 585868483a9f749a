"""Regressions found by the line model's property test, and one known bug pinned
by a strict xfail so that its fix is noticed (the xfail then passes
unexpectedly and fails the suite: turn it into a plain test with the fix)."""

from __future__ import annotations

import pytest

from dedupe_feed import analyze, clean

BODY = [
    "Heavy rain lashed Kozhikode district on Tuesday, and the administration declared "
    "a holiday for all schools and colleges in the district.",
    "The India Meteorological Department said the low-pressure area over the Arabian Sea "
    "was likely to strengthen further over the next two days.",
    "Fishermen were told not to venture into the sea until Friday, officials said, and "
    "relief camps were opened in three taluks for families living near the river banks.",
]
NAV = "Home | Kerala | Weather | Videos | Photos"
APP = "Download the Malabar Wire app on Android and iOS"
SHARE = "Share this story on WhatsApp"


@pytest.mark.parametrize("line_model", [False, True])
def test_a_contained_repeat_of_a_joined_line_loses_no_sentence(line_model: bool) -> None:
    """Before the fix the whole text came out empty: the ordering moved the
    kept copy's own node while moving a copy's lead in front of it."""
    raw = "\n".join([BODY[0], NAV, NAV, NAV, BODY[1], BODY[2], NAV])
    result = analyze(raw, line_model=line_model)
    for sentence in BODY:
        assert result.text.count(sentence) == 1


def test_cleaning_twice_with_cut_lines_gives_the_same_text() -> None:
    raw = "\n".join([APP, APP, NAV, NAV, *BODY, NAV])
    once = clean(raw, line_model=False)
    assert clean(once, line_model=False) == once


@pytest.mark.xfail(
    strict=True,
    reason="issue 13: the same chrome line repeated around the body is kept as "
    "structure on the first pass and collapsed on the second, which also moves a body "
    "paragraph to the front (duplicate and order stages; the line model is off here)",
)
def test_cleaning_twice_with_repeated_chrome_gives_the_same_text() -> None:
    raw = "\n".join([SHARE, SHARE, NAV, SHARE, NAV, BODY[0], BODY[1], SHARE, BODY[2]])
    once = clean(raw, line_model=False)
    assert clean(once, line_model=False) == once
