"""Tests for :mod:`dedupe_feed.captions`: a caption's credit is not the story's."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_feed import analyze

LEAD = "Officials of the Income Tax department raided the offices of a builder on Tuesday."
BODY = "The raids continued till late evening, officials said."

CAPTIONS = [
    "Officials outside the IT Dept.(PTI)",
    "A file photo of the Income Tax office in Kochi. (PTI)",
    "Representational image. (ANI)",
    "Income Tax officials at the site in Kochi on Tuesday.(PTI)",
    "एक फाइल फोटो (भाषा)",
]


WHOLE_CAPTION_LINES = {"Representational image. (ANI)": "caption.representational"}
"""Captions the catalog's ``caption`` family names: the whole line goes, not
just its credit."""


@pytest.mark.parametrize("caption", CAPTIONS)
def test_caption_credit_is_not_the_story_credit(caption: str) -> None:
    result = analyze(f"{LEAD}\n{caption}\n{BODY}", line_model=False)
    assert "credit" not in result.metadata
    if caption in WHOLE_CAPTION_LINES:
        removed = [(r.text, r.reason) for r in result.removed]
        assert removed == [(caption, WHOLE_CAPTION_LINES[caption])]
    else:
        assert [r.text[1:-1] for r in result.removed] == [caption.rsplit("(", 1)[1][:-1]]


@pytest.mark.parametrize("caption", CAPTIONS)
def test_story_credit_at_the_end_wins_over_a_caption_credit(caption: str) -> None:
    result = analyze(f"{LEAD}\n{caption}\n{BODY} (IANS)", line_model=False)
    assert result.metadata["credit"] == "IANS"


def test_photo_label_is_not_a_credit() -> None:
    raw = f"{LEAD}\nFlooded streets in Kochi on Monday. (Photo: ANI)\n{BODY} (PTI)"
    assert analyze(raw, line_model=False).metadata["credit"] == "PTI"


NOT_CAPTIONS = [
    # the story's last line, even when footers follow it
    f"{LEAD}\n{BODY} (PTI)",
    f"{LEAD}\n{BODY}(PTI)\nAdd Kalinga Courier as a Preferred Source",
    f"{LEAD}\nThe minister released a photo of the site. (PTI)",
    # a full sentence mid-item, a long paragraph, a credit in mid-line
    f"{LEAD}\nRescue workers reached Kochi on Monday. (PTI)\n{BODY}",
    f"{LEAD} {BODY} The department released a photo of the raid later. (PTI)\n{BODY}",
    f"{LEAD} (PTI) {BODY}",
    # own line
    f"{LEAD}\n(PTI)\n{BODY}",
    # Hindi story credit
    "आयकर विभाग ने मंगलवार को छापे मारे। (भाषा)",
]


@pytest.mark.parametrize("raw", NOT_CAPTIONS)
def test_story_credits_are_still_credits(raw: str) -> None:
    assert analyze(raw, line_model=False).metadata.get("credit") in {"PTI", "भाषा"}


@settings(deadline=None, max_examples=40)
@given(
    st.sampled_from(CAPTIONS[:4]),
    st.sampled_from(["PTI", "ANI", "IANS", "Reuters"]),
    st.integers(0, 3),
)
def test_the_story_credit_is_the_last_lines_credit(caption: str, agency: str, extra: int) -> None:
    """However many captions stand between the paragraphs, the credit that
    ends the story is the one lifted."""
    lines = [LEAD] + [caption, BODY] * extra + [f"{BODY} ({agency})"]
    assert analyze("\n".join(lines), line_model=False).metadata["credit"] == agency


# -- the catalog's caption family: whole caption lines ------------------------

AP_CAPTION = (
    "Pete Buttigieg speaks during a fundraiser in Las Vegas, Sunday, Nov. 17, 2019. "
    "(AP Photo/John Locher)"
)
REUTERS_CAPTION = (
    "FILE PHOTO: Traders work on the floor of the New York Stock Exchange, "
    "November 18, 2019. REUTERS/Brendan McDermid"
)


def test_caption_lines_go_whole_and_the_story_stays() -> None:
    raw = f"{LEAD}\n{AP_CAPTION}\n{BODY}\n{REUTERS_CAPTION}\nImage copyright Getty Images"
    result = analyze(raw, line_model=False)
    assert result.text == f"{LEAD}\n\n{BODY}"
    assert [(r.reason, r.text) for r in result.removed] == [
        ("caption.agency_photo_credit", AP_CAPTION),
        ("caption.reuters_photo_credit", REUTERS_CAPTION),
        ("caption.image_label", "Image copyright Getty Images"),
    ]


@pytest.mark.parametrize(
    "raw",
    [
        # a caption glued to a story paragraph: the line is not the caption's own
        f"{LEAD} {AP_CAPTION}\n{BODY}",
        f"{BODY} {REUTERS_CAPTION}",
        # the words of a caption label inside news
        f"{LEAD}\nImage copyright law was amended in 2019, the ministry said.",
        f"{LEAD}\nA representational image was used in the campaign, officials said.",
        "Shares of Thomson Reuters rose 2% on Monday. Reuters/Ipsos polls were cited.",
    ],
)
def test_caption_rules_leave_story_lines_alone(raw: str) -> None:
    result = analyze(raw, line_model=False)
    assert not [r for r in result.removed if r.reason.startswith("caption.")]


_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10)


@settings(max_examples=60, deadline=None)
@given(words=st.lists(_WORDS, min_size=1, max_size=40), agency=st.sampled_from(["AP", "PTI"]))
def test_any_agency_photo_caption_line_goes_and_the_story_around_it_stays(
    words: list[str], agency: str
) -> None:
    caption = " ".join(["Officials", *words]) + f". ({agency} Photo/Jane Doe)"
    result = analyze(f"{LEAD}\n{caption}\n{BODY}", line_model=False)
    assert result.text == f"{LEAD}\n\n{BODY}"
    assert [r.text for r in result.removed] == [caption]
