"""Per-source boilerplate learning."""

from __future__ import annotations

import pytest

from dedupe_feed import ConfigError, clean
from dedupe_feed.learn import LearnedTemplate, TemplateLearner, template_of, template_rule

OUTLET = "Malabar Wire"
FOOTER = "Stay with Malabar Wire for the latest news from Kerala, updated {date}."
STORIES = [
    "The state cabinet approved a new fisheries policy on Monday.",
    "Heavy rain lashed Kannur district for the third day.",
    "Kochi Metro will extend its services to Kakkanad next year.",
    "The university postponed its semester examinations.",
    "A new bridge over the Periyar was opened to traffic.",
    "Tea prices rose at the Kochi auction this week.",
]


def learner_after(items: list[tuple[list[str], str]], **options: int) -> TemplateLearner:
    learner = TemplateLearner(**options)
    for lines, story in items:
        learner.observe(OUTLET, lines, story=story)
    return learner


def footer_items() -> list[tuple[list[str], str]]:
    dates = ["2 January 2026", "3 January 2026", "5 Feb 2026", "2026-03-01", "Mar 9, 2026", "Apr 1"]
    return [
        ([story, FOOTER.format(date=date)], f"story-{n}")
        for n, (story, date) in enumerate(zip(STORIES, dates, strict=True))
    ]


def test_footer_with_changing_date_is_learned() -> None:
    templates = learner_after(footer_items()).templates(OUTLET)
    assert [t.template for t in templates] == [
        "stay with <outlet> for the latest news from kerala, updated <date>."
    ]
    assert templates[0].support == 6
    assert templates[0].share == 1.0


def test_learned_rule_removes_the_footer_and_keeps_the_body() -> None:
    rules = learner_after(footer_items()).rules(OUTLET)
    body = "Fishermen were told not to venture into the sea on Tuesday."
    raw = f"{body} {FOOTER.format(date='12 May 2026')}"
    assert clean(raw, extra_rules=rules) == body


def test_one_wire_story_carried_many_times_is_not_learned() -> None:
    items = [([STORIES[0], "Officials said the policy takes effect in April."], "story-a")] * 8
    assert learner_after(items).templates(OUTLET) == []


def test_templated_news_with_different_numbers_is_not_learned() -> None:
    items = [
        ([f"The Sensex closed at {80_000 + n * 137} points on the day."], f"s{n}")
        for n in range(10)
    ]
    assert learner_after(items).templates(OUTLET) == []


def test_rare_lines_are_not_learned() -> None:
    items = footer_items()[:2] + [([story], f"other-{n}") for n, story in enumerate(STORIES)] * 3
    assert learner_after(items, min_support=3).templates(OUTLET) == []


def test_sources_are_learned_separately() -> None:
    learner = learner_after(footer_items())
    learner.observe("Other Daily", ["Something else entirely happened today."], story="x")
    assert learner.sources() == ["Malabar Wire", "Other Daily"]
    assert learner.templates("Other Daily") == []
    assert learner.rules("Nobody") == ()


def test_template_of_skips_long_and_bare_lines() -> None:
    assert template_of("12 3 4 !!", OUTLET) == ""
    assert template_of("word " * 61, OUTLET) == ""


def test_template_with_stray_markup_still_makes_a_safe_rule_or_none() -> None:
    weird = LearnedTemplate(OUTLET, "read more <<here>> (x)[y]*", 9, 1.0, 5)
    rule = template_rule(weird, 1)
    assert rule is None or rule.regex.search("read more <<here>> (x)[y]*") is not None


@pytest.mark.parametrize("options", [{"min_support": 1}, {"min_stories": 1}, {"min_share": 0.0}])
def test_bad_options_raise_config_error(options: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        TemplateLearner(**options)  # type: ignore[arg-type]


def footer_with_numbers_items(share: int = 10) -> list[tuple[list[str], str]]:
    """Ten items of six stories; the first ``share`` close with two footer lines
    whose dates, times and prices change from item to item."""
    items = []
    for n in range(10):
        lines = [f"Officials gave {n + 3} reasons for the decision.", STORIES[n % 6]]
        if n < share:
            lines += [
                f"Published on {n + 1}-MAR-1987 at {10 + n}:{15 + n} GMT.",
                f"Copyright Malabar Wire {1987 + n % 2}. Single copy {n + 2}.50 dollars.",
            ]
        items.append((lines, f"story-{n % 6}"))
    return items


def test_footer_lines_with_numbers_are_one_template_each() -> None:
    templates = learner_after(footer_with_numbers_items()).templates(OUTLET)
    assert [(t.template, t.support, t.share) for t in templates] == [
        ("copyright <outlet> <number>. single copy <number> dollars.", 10, 1.0),
        ("published on <date> at <number> gmt.", 10, 1.0),
    ]
    assert [rule.position for rule in learner_after(footer_with_numbers_items()).rules(OUTLET)] == [
        "bottom",
        "bottom",
    ]


def test_footer_template_rules_remove_new_dates_and_numbers_at_the_bottom() -> None:
    rules = learner_after(footer_with_numbers_items()).rules(OUTLET)
    body = "Fishermen were told not to venture into the sea on Tuesday."
    raw = (
        f"{body}\n\nPublished on 28-APR-1988 at 09:05 GMT. "
        "Copyright Malabar Wire 1988. Single copy 4.75 dollars."
    )
    assert clean(raw, extra_rules=rules) == body


def test_footer_template_rule_keeps_the_same_words_inside_the_body() -> None:
    rules = learner_after(footer_with_numbers_items()).rules(OUTLET)
    raw = (
        "The notice was published on 5-MAR-1987 at 10:15 GMT. It was withdrawn a day later.\n\n"
        "Fishermen were told not to venture into the sea on Tuesday."
    )
    assert clean(raw, extra_rules=rules) == raw


def test_numbered_lines_in_few_items_stay_news() -> None:
    """A line closing 4 of 10 items with changing numbers is below the footer
    share (a market report is one kind of story among many)."""
    assert learner_after(footer_with_numbers_items(share=4)).templates(OUTLET) == []


def test_market_close_lines_ending_some_stories_are_not_learned() -> None:
    items = [
        ([STORIES[n % 6], f"The Sensex closed at {80_000 + n * 137} points on the day."], f"s{n}")
        for n in range(10)
    ]
    items += [([f"Rain fell in ward {n} of Kochi on Sunday."], f"t{n}") for n in range(12)]
    assert learner_after(items).templates(OUTLET) == []


def test_first_line_numbers_are_never_slots() -> None:
    items = [
        ([f"The Sensex closed at {80_000 + n * 137} points on the day.", STORIES[n % 6]], f"s{n}")
        for n in range(10)
    ]
    assert learner_after(items).templates(OUTLET) == []
