"""Subheads glued to the next sentence."""

from __future__ import annotations

import pytest

from dedupe_feed.keys import KeyCache
from dedupe_feed.model import Unit
from dedupe_feed.subheads import recover_subheads


def split(*texts: str) -> list[tuple[str, str]]:
    units = [Unit(i, 0, len(t), t) for i, t in enumerate(texts)]
    cache: KeyCache = {}
    out, _ = recover_subheads(units, cache)
    return [(u.kind, u.text) for u in out]


def test_other_copy_proves_the_subhead() -> None:
    glued = "Finance Ministerial on Supply Chains US Treasury Secretary convened a meeting."
    plain = "US Treasury Secretary convened a meeting."
    assert split(glued, plain) == [
        ("heading", "Finance Ministerial on Supply Chains"),
        ("sentence", plain),
        ("sentence", plain),
    ]


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        (
            "Critical Minerals Ministerial The US will host the meeting in February.",
            "Critical Minerals Ministerial",
        ),
        (
            "Defence Cooperation Meanwhile, a delegation met the Defence Secretary.",
            "Defence Cooperation",
        ),
        (
            "Relief Camps Opened According to officials, 40 camps were opened.",
            "Relief Camps Opened",
        ),
    ],
)
def test_title_run_before_a_sentence_starter(text: str, heading: str) -> None:
    assert split(text)[0] == ("heading", heading)


@pytest.mark.parametrize(
    "text",
    [
        "Prime Minister Narendra Modi inaugurated the bridge on Monday.",
        "External Affairs Minister S Jaishankar will visit the US.",
        "The Supreme Court on Monday dismissed the plea.",
        "Chief Minister A Revanth Reddy said the state would act.",
        "New Delhi, Jan 27: The Centre approved the plan.",
        "India The",
    ],
)
def test_ordinary_sentences_are_not_split(text: str) -> None:
    assert split(text) == [("sentence", text)]
