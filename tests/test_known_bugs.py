"""Regressions found by the line model's property test, and a bug once pinned
here by a strict xfail (repeated chrome's second-pass order), now a plain test."""

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


def test_cleaning_twice_with_repeated_chrome_gives_the_same_text() -> None:
    """Issue 13: the lone repeat of the nav line moved the chrome line after it
    in front of the nav (so the second pass saw the chrome as a stutter and
    collapsed it), and a chrome line between two body paragraphs then pulled
    the last paragraph to the front. A lone repeat no longer moves anything."""
    raw = "\n".join([SHARE, SHARE, NAV, SHARE, NAV, BODY[0], BODY[1], SHARE, BODY[2]])
    once = clean(raw, line_model=False)
    assert once == "\n\n".join([SHARE, SHARE, NAV, SHARE, BODY[0], BODY[1], SHARE, BODY[2]])
    assert clean(once, line_model=False) == once


def test_a_kept_unit_that_lies_inside_another_is_not_placed_again() -> None:
    # Found on a real comment thread by the accounting test: a date whose
    # kept copy was itself removed as contained in a later line crashed the
    # reading order (IndexError); it must go, recorded, and stay gone.
    raw = "Rain in Kochi and Kannur. 9 July, 2025\nReply\n2. KR - 9 July, 2025"
    result = analyze(raw)
    assert result.text == "Rain in Kochi and Kannur.\n\nReply\n\n2. KR - 9 July, 2025"
    assert [(r.reason, r.text) for r in result.removed] == [("contained", "9 July, 2025")]
    assert clean(result.text) == result.text
