"""Plain-text reading: normalisation keeps offsets, paragraphs found."""

from __future__ import annotations

from dedupe_feed.normalize import ODD_CHARACTERS, has_odd_characters, normalize_text
from dedupe_feed.text import text_to_document


def blocks(raw: str) -> list[str]:
    doc = text_to_document(raw)
    return [doc.source[b.start : b.end] for b in doc.blocks]


def test_normalisation_keeps_length() -> None:
    raw = "a\x00b\r\nc\rd\u00a0e\u200bf\u200dg\x85h"
    out = normalize_text(raw)
    assert len(out) == len(raw)
    assert out == "a b \nc\nd e f\u200dg h"


def test_each_line_is_a_paragraph() -> None:
    assert blocks("One.\nTwo.\n\n\nThree.") == ["One.", "Two.", "Three."]


def test_hard_wrapped_lines_are_joined() -> None:
    raw = (
        "The finance ministry said on Monday that the revised estimates\n"
        "for the current year would be placed before parliament in the\n"
        "budget session next month.\n\nSecond paragraph."
    )
    assert blocks(raw) == [raw.split("\n\n")[0], "Second paragraph."]


def test_whitespace_only_has_no_blocks() -> None:
    assert blocks(" \n\t\n ") == []


WIRE_1987 = (
    "Ford Motor Co has increased its U.S.\n"
    "production schedule for the second quarter by 52,000 cars and\n"
    "32,000 trucks from previous plans, the trade paper Ward's\n"
    "Automotive Reports said.\n"
    "    The paper, which tracks industry production, said Ford\n"
    "plans to build 485,000 cars in the April-June period, compared\n"
    "with 497,000 a year ago.\n"
)


def test_wrapped_wire_copy_keeps_its_indented_paragraph_breaks() -> None:
    assert [" ".join(b.split()) for b in blocks(WIRE_1987)] == [
        "Ford Motor Co has increased its U.S. production schedule for the second quarter by "
        "52,000 cars and 32,000 trucks from previous plans, the trade paper Ward's "
        "Automotive Reports said.",
        "The paper, which tracks industry production, said Ford plans to build 485,000 cars "
        "in the April-June period, compared with 497,000 a year ago.",
    ]


def test_wrapped_copy_without_indents_breaks_after_a_short_closing_line() -> None:
    raw = (
        "The finance ministry said on Monday that the revised estimates\n"
        "for the current year would be placed before parliament soon.\n"
        "The session opens next month.\n"
        "Opposition parties have asked for a debate on the estimates and\n"
        "on the state of public finances before the vote is taken.\n"
    )
    assert [" ".join(b.split()) for b in blocks(raw)] == [
        "The finance ministry said on Monday that the revised estimates for the current "
        "year would be placed before parliament soon. The session opens next month.",
        "Opposition parties have asked for a debate on the estimates and on the state of "
        "public finances before the vote is taken.",
    ]


def test_a_list_of_full_sentences_is_not_joined() -> None:
    raw = (
        "Kannur recorded 98 mm of rain in the 24 hours to Monday morning.\n"
        "Kozhikode recorded 124 mm of rain in the 24 hours to Monday morning.\n"
        "Wayanad recorded 76 mm of rain in the 24 hours to Monday morning.\n"
    )
    assert blocks(raw) == raw.strip().split("\n")


def test_odd_characters_are_found_by_their_table() -> None:
    """The ASCII fast path of has_odd_characters, checked on every ASCII
    character alone and inside plain text; other text takes the regex."""
    for code in range(0x80):
        for text in (chr(code), f"Rain {chr(code)} hit"):
            assert has_odd_characters(text) == (text.translate(ODD_CHARACTERS) != text)
    for text in ("no\u00a0break", "zero\u200bwidth", "curly “quotes”", "línea\u2028"):
        assert has_odd_characters(text) == (text.translate(ODD_CHARACTERS) != text)
