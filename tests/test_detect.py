"""HTML-or-text detection: markup is HTML, text with angle brackets stays text."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dedupe_feed.detect import SCAN_LIMIT, detect_format


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("<!DOCTYPE html>Hello", "html: <!doctype html> marker"),
        ("<html lang='en'>Hello", "html: <html> marker, 1 tag incl. <html>"),
        ("<BODY>Hello</BODY>", "html: <body> marker, 2 tags incl. <body>"),
        ("<p>One paragraph.</p>", "html: 2 tags incl. <p>"),
        ("Line one<br>line two", "html: 1 tag incl. <br>"),
        ("Line one<br/>line two", "html: 1 tag incl. <br>"),
        ("<div class='story'>x</div>", "html: 2 tags incl. <div>"),
        ("<h2>Subhead</h2> text", "html: 2 tags incl. <h2>"),
        ("<ul><li>a</li></ul>", "html: 4 tags incl. <ul>, <li>"),
        ("<blockquote>Q</blockquote>", "html: 2 tags incl. <blockquote>"),
        ("<b>Kochi</b> <i>rain</i> <a href='x'>more</a>", "html: 6 tags incl. <b>, <i>, <a>"),
        ("<span>a</span><em>b", "html: 3 tags incl. <span>, <em>"),
        (
            "<p>a</p><div>b</div><span>c</span><table></table>",
            "html: 8 tags incl. <p>, <div>, <table>",
        ),
    ],
)
def test_html_items(raw: str, reason: str) -> None:
    assert detect_format(raw) == ("html", reason)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "text: no markup"),
        ("Rain lashed Kochi on Monday.", "text: no markup"),
        ("Costs < revenue and revenue > costs.", "text: no markup"),
        ("if x<y then y>x", "text: no markup"),
        ("a<b", "text: no markup"),
        ("Write to Jane <jane.doe@example.com> today.", "text: no markup"),
        ("See <https://example.com/a?b=1> for more.", "text: no markup"),
        ("Tom & Jerry &amp; friends", "text: no markup"),
        ("<<< breaking >>>", "text: no markup"),
        ("<Reporting by Jane Smith>", "text: no markup"),
        ("<!-- not html -->", "text: no markup"),
        ("A stray <b> tag in wire copy.", "text: 1 stray inline tag (<b>)"),
        ("Some <b>bold</b> text.", "text: 2 stray inline tags (<b>)"),
        ("<i>Reuters</i> said", "text: 2 stray inline tags (<i>)"),
    ],
)
def test_text_items(raw: str, reason: str) -> None:
    assert detect_format(raw) == ("text", reason)


def test_three_inline_tags_make_html() -> None:
    assert detect_format("<i>Reuters</i> and <b>AP</b>")[0] == "html"


def test_markup_after_the_scan_limit_is_not_seen() -> None:
    raw = "x" * SCAN_LIMIT + "<p>late</p>"
    assert detect_format(raw) == ("text", "text: no markup")


def test_unterminated_angle_brackets_are_linear() -> None:
    raw = "<a " * 200_000
    started = time.perf_counter()
    assert detect_format(raw)[0] == "text"
    assert time.perf_counter() - started < 1.0


@given(st.text(alphabet=st.sampled_from("ab <>/=\"'p!-&;\n"), max_size=200))
def test_never_raises_and_answers_one_of_two(raw: str) -> None:
    decision, reason = detect_format(raw)
    assert decision in ("text", "html")
    assert reason.startswith(decision + ": ")


# --------------------------------------------------------------------------- #
# structure, not the presence of a tag
# --------------------------------------------------------------------------- #

LINKED_TEXT = (
    'Rain lashed Kochi on Monday, the <a href="https://imd.gov.in">IMD</a> said.\n'
    "Schools were shut in three districts, officials said.\n\n"
    'Read the <a href="https://x.com/a">full alert</a> on the website.'
)


def test_plain_text_with_a_few_links_stays_text() -> None:
    assert detect_format(LINKED_TEXT) == (
        "text",
        "text: 4 stray inline tags (<a>), 3 lines of text",
    )


@pytest.mark.parametrize(
    "raw",
    [
        "<b>Kochi</b> <i>rain</i> <a href='x'>more</a>",
        "<b>Kochi</b>\n\n<i></i>",
        "<a href='/x'>one</a> <a href='/y'>two</a>\n",
        "Line one\nline two<br>line three",
        "Line one\nline two\n<p>line three</p>",
    ],
)
def test_markup_without_text_lines_or_with_block_tags_is_html(raw: str) -> None:
    assert detect_format(raw)[0] == "html"


@given(
    st.lists(
        st.sampled_from(["Rain fell.", "the <a href='/x'>IMD</a> said", "<b>Kochi</b>", "ok"]),
        min_size=2,
        max_size=6,
    )
)
def test_lines_of_text_with_inline_tags_only_are_text(lines: list[str]) -> None:
    raw = "\n".join(lines)
    assert detect_format(raw)[0] == "text"
