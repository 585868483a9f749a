"""The one month and date pattern, shared by rule slots and learning."""

from __future__ import annotations

import pytest

from dedupe_feed.dates import DATE_RE, is_date
from dedupe_feed.learn import template_of
from dedupe_feed.rules import Rule

DATES = ["5 March 2026", "Mar 5, 2026", "5-MAR-1987", "2026-01-28", "Apr 1", "March 2026"]
WORDS = ["market", "Marketline", "Maruti", "Mayor", "Decided", "May", "Junior", "Augusta"]


@pytest.mark.parametrize("text", DATES)
def test_dates_are_dates(text: str) -> None:
    assert is_date(text)


@pytest.mark.parametrize("text", WORDS)
def test_words_starting_with_a_month_are_not_dates(text: str) -> None:
    assert not is_date(text)
    assert DATE_RE.search(f"The {text} report came out.") is None


@pytest.mark.parametrize(
    ("line", "template"),
    [
        ("Read Marketline for market news.", "read marketline for market news."),
        ("Maruti sales rose, the Mayor said.", "maruti sales rose, the mayor said."),
        ("It may rain, officials decided.", "it may rain, officials decided."),
        ("Published on 5-MAR-1987.", "published on <date>."),
        ("Updated Mar 5, 2026 in Kochi.", "updated <date> in kochi."),
    ],
)
def test_learned_templates_read_only_whole_dates(line: str, template: str) -> None:
    assert template_of(line, "Malabar Wire") == template


def test_rule_date_slot_uses_the_same_pattern() -> None:
    rule = Rule("metadata.demo_date", "metadata", r"Filed <date>\.", fields={"date": "date"})
    assert rule.regex.search("Filed 5-MAR-1987.")["date"] == "5-MAR-1987"
    assert rule.regex.search("Filed Marketline.") is None
