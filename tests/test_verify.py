"""rapidfuzz verification: same sentence, different facts, containment."""

from __future__ import annotations

import pytest

from dedupe_feed.keys import unit_key
from dedupe_feed.verify import contained, fact_conflicts, facts_agree, similarity


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kannur recorded 98 mm of rain.", "Kozhikode recorded 124 mm of rain."),
        ("Kannur recorded 98 mm of rain.", "Kannur recorded 124 mm of rain."),
        ("Kannur recorded heavy rain on Monday.", "Kozhikode recorded heavy rain on Monday."),
        ("India beat Australia by 5 wickets.", "India beat England by 5 wickets."),
        ("The meeting was held on January 27.", "The meeting was held on January 28."),
        ("Onion sold at Rs 40 a kg.", "Onion sold at Rs 45 a kg."),
    ],
)
def test_swapped_numbers_and_names_are_different_facts(a: str, b: str) -> None:
    assert not facts_agree(unit_key(a), unit_key(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Jaishankar will visit the US next week.",
            "Jaishankar will visit the United States next week.",
        ),
        ("The goverment approved the plan.", "The government approved the plan."),
        ("He said the talks were useful.", "He said the talks were fruitful."),
        ("Rain hit Kochi.", "Rain hit Kochi on Monday, officials said."),
        ("“We will win,” he said.", '"We will win," he said.'),
    ],
)
def test_light_edits_keep_facts(a: str, b: str) -> None:
    assert facts_agree(unit_key(a), unit_key(b))


def test_similarity_ignores_case_quotes_and_spelling_of_us() -> None:
    a = unit_key("The U.S. said “no”.")
    b = unit_key('the United States said "no"')
    assert similarity(a, b) == 1.0


def test_truncated_fragment_is_contained() -> None:
    whole = unit_key("The meeting, held on January 27, featured wide-ranging discussions.")
    assert contained(unit_key("ting, held on January 27, featured"), whole, 0.95) is not None


def test_fragment_with_other_number_is_not_contained() -> None:
    whole = unit_key("The meeting, held on January 27, featured wide-ranging discussions.")
    assert contained(unit_key("held on January 29, featured"), whole, 0.95) is None


def test_longer_text_is_never_contained_in_shorter() -> None:
    short = unit_key("Rain hit Kochi.")
    assert contained(unit_key("Rain hit Kochi on Monday night."), short, 0.9) is None


def test_other_name_at_the_start_is_not_a_cut_word() -> None:
    whole = unit_key("Thrissur recorded 1 mm of rain in the last 24 hours.")
    assert (
        contained(unit_key("Kannur recorded 1 mm of rain in the last 24 hours."), whole, 0.9)
        is None
    )


def test_cut_word_at_the_end_is_the_head_of_a_container_word() -> None:
    whole = unit_key("The new corridor will link Hebbal with Devanahalli via the airport.")
    assert (
        contained(unit_key("The new corridor will link Hebbal with Devan"), whole, 0.95) is not None
    )


def test_fragment_words_must_stand_in_one_run() -> None:
    whole = unit_key("Kannur recorded 200 mm of rain in the last 24 hours.")
    assert (
        contained(unit_key("Kannur recorded 24 mm of rain in the last 24 hours."), whole, 0.9)
        is None
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Metal production will begin on September 1, the company said.",
            "Metal production will begin on September one, the company said.",
        ),
        (
            "Profit rose to two mln dlrs in the quarter.",
            "Profit rose to 2 million dollars in the quarter.",
        ),
        (
            "Mobil Oil Corp of the U.S. plans to open an office in Peking.",
            "Mobil Corp <MOB.N> of the U.S. plans to open an office in Peking.",
        ),
        (
            "The 700 mln dlr project includes a 267 km pipeline to Salina Cruz.",
            "The 700 mln dlr project includes a 267 klm (160.2 mile) pipeline to Salina Cruz.",
        ),
    ],
)
def test_respelled_numbers_and_added_tickers_are_no_fact_conflict(a: str, b: str) -> None:
    assert fact_conflicts(unit_key(a), unit_key(b)) == 0


@pytest.mark.parametrize(
    ("a", "b", "conflicts"),
    [
        ("Profit rose to two mln dlrs.", "Profit rose to three mln dlrs.", 1),
        ("Profit rose to two mln dlrs.", "Profit rose to 3 mln dlrs.", 1),
        ("Kannur got 98 mm on Monday.", "Kozhikode got 124 mm on Monday.", 2),
        (
            "Rexnord sold the unit to Oak Industries Inc.",
            "Rexnord sold the unit to Banner Industries Inc.",
            1,
        ),
    ],
)
def test_swapped_numbers_and_names_still_conflict(a: str, b: str, conflicts: int) -> None:
    assert fact_conflicts(unit_key(a), unit_key(b)) == conflicts


def test_a_spelled_number_is_the_same_fact_inside_an_item() -> None:
    assert facts_agree(
        unit_key("It happened on March 8 at noon."), unit_key("It happened on March eight at noon.")
    )
    assert not facts_agree(
        unit_key("It happened on March 8 at noon."), unit_key("It happened on March nine at noon.")
    )
