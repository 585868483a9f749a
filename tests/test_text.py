"""Plain-text reading: normalisation keeps offsets, paragraphs found."""

from __future__ import annotations

from dedupe_feed.normalize import normalize_text
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
