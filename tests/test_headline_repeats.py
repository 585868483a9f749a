"""A body sentence is never removed for resembling the headline (issue 13, item 5).

Only the headline repeated (the same key) goes; a headline that merely shares
words with a sentence of the body leaves that sentence where it is.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_properties import articles, flat, render

from dedupe_feed import analyze, clean
from dedupe_feed.keys import unit_key

QUOTE = '"We will rebuild every house. No family will be left without a home."'
CAMPS = "Relief camps remain open in four districts, the collector said on Monday."


@pytest.mark.parametrize("line_model", [False, True])
def test_a_quote_keeps_its_second_sentence_when_the_headline_has_its_words(
    line_model: bool,
) -> None:
    headline = "No family will be left without a home, says Kerala minister"
    raw = f"{headline}\n\n{QUOTE}\n\n{CAMPS}"
    assert clean(raw, line_model=line_model) == raw


def test_a_quote_keeps_its_first_sentence_when_the_headline_extends_it() -> None:
    headline = "We will rebuild every house: minister"
    raw = f"{headline}\n\n{QUOTE}\n\n{CAMPS}"
    result = analyze(raw, line_model=False)
    assert result.text == raw
    assert [r.reason for r in result.removed] == []


def test_a_title_case_headline_leaves_the_lead_that_it_abridges() -> None:
    headline = "Rebuilding Every House In Wayanad"
    lead = "Rebuilding every house in Wayanad will take two years, the minister said."
    raw = f"{headline}\n\n{lead}\n\n{CAMPS}"
    assert clean(raw, line_model=False) == raw


def test_the_headline_repeated_as_the_first_body_line_still_goes() -> None:
    headline = "Rain shuts schools in Kannur"
    lead = "Heavy rain lashed Kannur on Monday and schools were shut."
    raw = f"{headline}\n\n{headline}\n\n{lead}"
    result = analyze(raw, line_model=False)
    assert result.text == f"{headline}\n\n{lead}"
    assert [(r.text, r.reason) for r in result.removed] == [(headline, "exact_duplicate")]


def test_a_headline_that_a_body_sentence_extends_still_goes() -> None:
    headline = "Rain shuts schools in Kannur district"
    lead = "Rain shuts schools in Kannur district for the third day running on Monday."
    raw = f"{headline}\n\n{lead}\n\n{CAMPS}"
    result = analyze(raw, line_model=False)
    assert result.text == f"{lead}\n\n{CAMPS}"
    assert [(r.text, r.reason) for r in result.removed] == [(headline, "contained")]


@st.composite
def headlined_articles(draw: st.DrawFn) -> tuple[str, list[list[str]]]:
    """An article and a headline made of the words of one of its sentences:
    cut short, or with words added, but never that sentence exactly."""
    paragraphs = draw(articles())
    source = draw(st.sampled_from(flat(paragraphs))).rstrip(".").replace('"', "").split()
    start = draw(st.integers(0, 2))
    end = draw(st.integers(start + 3, len(source)))
    suffix = draw(st.sampled_from(["", ": minister", ", officials say", " on Monday"]))
    headline = " ".join(source[start:end]).rstrip(",") + suffix
    keys = {unit_key(s).text for s in flat(paragraphs)}
    assume(unit_key(headline).text not in keys)
    return headline, paragraphs


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(headlined_articles(), st.booleans())
def test_no_body_sentence_goes_for_resembling_the_headline(
    article: tuple[str, list[list[str]]], line_model: bool
) -> None:
    headline, paragraphs = article
    out = clean(f"{headline}\n\n{render(paragraphs)}", line_model=line_model)
    for sentence in flat(paragraphs):
        assert out.count(sentence) == 1, sentence
