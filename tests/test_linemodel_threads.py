"""Readers' comment threads go with their headings and signatures; nothing else does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dedupe_feed import analyze
from dedupe_feed.linemodel.stage import THREAD_EVIDENCE
from dedupe_feed.linemodel.threads import comment_thread

STORY = (
    "Floods cut off three villages in Wayanad\n\n"
    "Heavy rain cut off three villages in Wayanad district on Monday, and the district "
    "administration moved 240 families to relief camps, officials said.\n\n"
    "The Kabini river rose by two metres overnight, and the Banasura Sagar dam opened two "
    "of its shutters at 6 am, the irrigation department said.\n\n"
    "Schools in the district will stay shut on Tuesday."
)
THREAD = (
    "Comments\n\n"
    "So sad for the people there. Hope the rain stops soon.\n\n"
    "Posted by: Anu | January 14, 2026 06:24 PM\n\n"
    "The government should have moved them a week ago, when the warnings came.\n\n"
    "Posted by: Ravi | January 14, 2026 07:05 PM\n\n"
    "Praying for everyone in Kerala tonight.\n\n"
    "Posted by: Meera | January 14, 2026 07:12 PM\n\n"
    "Post a Comment"
)


def test_a_comment_thread_after_the_story_goes_and_the_story_stays_whole() -> None:
    result = analyze(STORY + "\n\n" + THREAD)
    assert result.text == STORY
    by_thread = [r.text for r in result.removed if r.evidence == THREAD_EVIDENCE]
    assert by_thread == [
        "So sad for the people there.",
        "Hope the rain stops soon.",
        "The government should have moved them a week ago, when the warnings came.",
        "Praying for everyone in Kerala tonight.",
    ]
    assert {r.reason for r in result.removed if r.evidence == THREAD_EVIDENCE} == {"model.comments"}


def test_cleaning_the_clean_text_again_changes_nothing() -> None:
    once = analyze(STORY + "\n\n" + THREAD).text
    assert analyze(once).text == once


def test_a_blog_index_signed_by_one_author_is_no_thread() -> None:
    posts = [
        "Comments",
        "We had two more landings before heading back across the Drake Passage to Ushuaia.",
        "Posted by msshell at 07:12 PM",
        "The next day we made two more landings, both on the Peninsula itself.",
        "Posted by msshell at 06:11 PM",
        "Leaving Mikkelsen Harbor, we were already at a latitude of 63 degrees south.",
        "Posted by msshell at 05:01 PM",
    ]
    removed = [False, True, False, True, False, True, False]
    sentence = [False, True, False, True, False, True, False]
    lines = ["Our trip to Antarctica began in Ushuaia, at the tip of South America.", *posts]
    assert comment_thread(lines, [False, *removed], [True, *sentence]) == frozenset()


def test_a_live_blog_with_timestamps_and_no_comments_heading_is_no_thread() -> None:
    lines = [
        "Live: counting of votes in Kerala",
        "Counting began at 8 am in all 140 constituencies, the election office said.",
        "10:42 IST",
        "The ruling front leads in 71 seats, the opposition in 62.",
        "10:55 IST",
        "The BJP leads in two seats in Thiruvananthapuram district.",
        "11:10 IST",
        "Turnout was 74 per cent, slightly lower than in 2021.",
    ]
    removed = [False, False, True, False, True, False, True, False]
    sentence = [False, True, False, True, False, True, False, True]
    assert comment_thread(lines, removed, sentence) == frozenset()


SIGNED = [
    ("So sad.", "Posted by: Anu | Jan 14, 2026 06:24 PM"),
    ("Stay safe.", "Posted by: Ravi | Jan 14, 2026 07:05 PM"),
    ("Praying.", "Posted by: Meera | Jan 14, 2026 07:12 PM"),
]
PROSE = "Rain lashed Kochi on Monday and schools stayed shut."


def thread_case(
    lead: list[str], heading: str, comments: int
) -> tuple[list[str], list[bool], list[bool]]:
    """Lines, removed flags and sentence flags: ``lead`` (prose), a heading
    the model removed, then ``comments`` comments each followed by its
    removed signature."""
    lines = [*lead, heading]
    removed = [False] * len(lead) + [True]
    sentence = [True] * len(lead) + [False]
    for text, signature in SIGNED[:comments]:
        lines += [text, signature]
        removed += [False, True]
        sentence += [True, False]
    return lines, removed, sentence


def test_three_signed_comments_after_a_heading_are_a_thread() -> None:
    assert comment_thread(*thread_case([PROSE], "Comments", 3)) == frozenset({2, 4, 6})


def test_two_signatures_are_not_enough() -> None:
    assert comment_thread(*thread_case([PROSE], "Comments", 2)) == frozenset()


def test_a_menu_line_naming_comments_is_no_heading() -> None:
    case = thread_case([PROSE], "View/Add Comments (6) | Category: Kerala", 3)
    assert comment_thread(*case) == frozenset()


def test_no_thread_before_the_first_prose() -> None:
    assert comment_thread(*thread_case([], "Comments", 3)) == frozenset()


LINES = st.lists(
    st.sampled_from(
        [
            "Rain lashed Kochi on Monday and schools stayed shut.",
            "Comments",
            "Leave a Reply",
            "Posted by: Anu | Jan 14, 2026 06:24 PM",
            "Posted by: Ravi | Jan 14, 2026 07:05 PM",
            "Ravi says: January 3, 2026 at 5:42 pm",
            "So sad for the people there.",
            "Home | World | Asia",
            "",
        ]
    ),
    max_size=30,
)


@given(LINES, st.data())
def test_a_thread_only_adds_kept_lines_after_the_first_kept_sentence(
    lines: list[str], data: st.DataObject
) -> None:
    removed = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
    sentence = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
    thread = comment_thread(lines, removed, sentence)
    first = next((i for i, s in enumerate(sentence) if s and not removed[i]), len(lines))
    assert all(first < i < len(lines) and not removed[i] for i in thread)
