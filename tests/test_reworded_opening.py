"""A copy whose first word changed is the same sentence (issue 13, item 7).

``Heavy rain lashed Mumbai ...`` and ``Torrential rain lashed Mumbai ...``,
``Officials said ...`` and ``Authorities said ...``: the rest identical and the
first word swapped for one that means the same. The first copy stays; the other
is a recorded ``near_duplicate`` with its similarity. A first word that is a
name, a number or a different word (``Light`` for ``Heavy``) keeps both.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import PLACES, articles, render

from dedupe_feed import analyze, clean
from dedupe_feed.index import FeedDeduplicator
from dedupe_feed.keys import OPENING_SYNONYMS, unit_key
from dedupe_feed.verify import facts_agree, swaps_opening

HEAVY = "Heavy rain lashed Mumbai on Tuesday, flooding low-lying areas and halting local trains."
TORRENTIAL = (
    "Torrential rain lashed Mumbai on Tuesday, flooding low-lying areas and halting local trains."
)
CIVIC = "The civic body asked residents to stay indoors."
OFFICIALS = "Officials said the bridge would reopen to traffic by the end of the month."
AUTHORITIES = "Authorities said the bridge would reopen to traffic by the end of the month."


def test_a_copy_with_its_first_word_reworded_collapses_to_the_first() -> None:
    raw = f"{HEAVY}\n\n{CIVIC}\n\n{TORRENTIAL}\n\n{CIVIC}"
    result = analyze(raw, line_model=False)
    assert result.text == f"{HEAVY}\n\n{CIVIC}"
    second = raw.index(TORRENTIAL)
    found = [(r.start, r.reason, r.duplicate_of, r.similarity) for r in result.removed]
    assert found[0] == (second, "near_duplicate", (0, len(HEAVY)), 0.937)


def test_officials_and_authorities_said_the_same_thing_once() -> None:
    result = analyze(f"{OFFICIALS}\n\n{AUTHORITIES}", line_model=False)
    assert result.text == OFFICIALS
    assert [(r.text, r.reason) for r in result.removed] == [(AUTHORITIES, "near_duplicate")]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Kannur recorded 98 mm of rain on Monday.",
            "Kozhikode recorded 98 mm of rain on Monday.",
        ),
        (HEAVY, HEAVY.replace("Heavy", "Light")),
        (OFFICIALS, OFFICIALS.replace("Officials", "Engineers")),
        (OFFICIALS, OFFICIALS.replace("month", "year").replace("Officials", "Authorities")),
        ("Police said the road was clear.", "Authorities said the road was clear."),
        ("Twelve people were injured in the blast.", "Twenty people were injured in the blast."),
    ],
)
def test_a_different_first_word_or_another_edit_keeps_both(first: str, second: str) -> None:
    raw = f"{first}\n\n{second}"
    assert analyze(raw, line_model=False).text == raw


def test_swaps_opening_wants_synonyms_and_the_rest_identical() -> None:
    assert swaps_opening(unit_key(HEAVY), unit_key(TORRENTIAL))
    assert swaps_opening(unit_key(OFFICIALS), unit_key(AUTHORITIES))
    assert not swaps_opening(unit_key(HEAVY), unit_key(HEAVY))
    assert not swaps_opening(unit_key(HEAVY), unit_key(HEAVY.replace("Heavy", "Light")))
    assert not swaps_opening(unit_key("Heavy rain."), unit_key("Torrential rain."))


def test_facts_agree_across_a_reworded_opening_only() -> None:
    assert facts_agree(unit_key(HEAVY), unit_key(TORRENTIAL))
    assert not facts_agree(unit_key(HEAVY), unit_key(TORRENTIAL.replace("Mumbai", "Pune")))
    assert not facts_agree(
        unit_key("Kannur recorded 98 mm of rain."), unit_key("Kozhikode recorded 98 mm of rain.")
    )


def test_a_reworded_copy_is_no_update_of_its_source_in_a_feed() -> None:
    rest = (
        "Schools and colleges will remain closed on Wednesday, the municipal commissioner "
        "said. The IMD has issued a red alert for the city and Thane district."
    )
    source = f"{HEAVY} {CIVIC} {rest}"
    doubled = f"{source}\n\n{TORRENTIAL} {CIVIC} {rest}"
    with FeedDeduplicator(":memory:") as feed:
        feed.add("a", clean(source), published="2025-07-09")
        later = feed.add("b", clean(doubled), published="2025-07-10")
    assert (later.duplicate_of, later.update_of) == ("a", None)


CLASSES = [sorted(words) for words in OPENING_SYNONYMS]
TAIL = "the district administration moved {number} families in {place} to relief camps."


@st.composite
def reworded(draw: st.DrawFn) -> tuple[str, str, str]:
    """A sentence, the same with its first word swapped for a synonym, and the
    same with a first word of another meaning."""
    group = draw(st.integers(0, len(CLASSES) - 1))
    first, second = draw(st.permutations(CLASSES[group]))[:2]
    others = [w.capitalize() for i, c in enumerate(CLASSES) if i != group for w in c]
    other = draw(st.sampled_from(others + PLACES))
    tail = TAIL.format(number=draw(st.integers(1, 999)), place=draw(st.sampled_from(PLACES)))
    return f"{first.capitalize()} {tail}", f"{second.capitalize()} {tail}", f"{other} {tail}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles(), reworded())
def test_a_copy_with_a_reworded_lead_equals_one_copy(
    paragraphs: list[list[str]], leads: tuple[str, str, str]
) -> None:
    first, second, _ = leads
    body = render(paragraphs)
    assert clean(f"{first} {body}\n\n{second} {body}") == clean(f"{first} {body}")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reworded(), st.booleans())
def test_a_first_word_of_another_meaning_keeps_both(
    leads: tuple[str, str, str], line_model: bool
) -> None:
    first, _, other = leads
    out = clean(f"{first}\n\n{other}", line_model=line_model)
    assert (out.count(first), out.count(other)) == (1, 1)
