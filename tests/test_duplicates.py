"""Duplicate stage and canonical merge order, without rules."""

from __future__ import annotations

from stages import duplicate_stages_alone

from dedupe_feed import clean
from dedupe_feed.config import Config

A = "Heavy rain lashed Kannur district on Monday night."
B = "The IMD issued an orange alert for three districts."
C = "Schools in the district will remain closed on Tuesday."
D = "Fishermen were told not to venture into the sea."


def merged(raw: str, config: Config | None = None) -> str:
    """The text after the duplicate and order stages alone (no rules, no
    subheads, no line model; 64 permutations, seed 1)."""
    return duplicate_stages_alone(config).stages(raw).text


def test_body_twice_collapses() -> None:
    body = f"{A} {B}\n\n{C} {D}"
    assert merged(f"{body}\n\n{body}") == body


def test_body_three_times_collapses() -> None:
    body = f"{A} {B} {C}"
    assert merged(f"{body}\n{body}\n{body}") == body


def test_interleaved_copies_collapse() -> None:
    assert merged(f"{A}\n{A}\n{B}\n{B}\n{C}\n{C}") == f"{A}\n\n{B}\n\n{C}"


def test_more_complete_variant_wins_at_first_position() -> None:
    longer = "Heavy rain lashed Kannur district on Monday night, officials said."
    raw = f"{A} {B}\n\n{longer} {B}"
    assert merged(raw) == f"{longer} {B}"


def test_light_edit_us_united_states_collapses_to_the_fuller_spelling() -> None:
    a = "Jaishankar is scheduled to visit the US next week for the talks."
    b = "Jaishankar is scheduled to visit the United States next week for the talks."
    assert merged(f"{a} {B}\n\n{b} {B}") == f"{b} {B}"


def test_word_swap_tie_keeps_the_first_variant() -> None:
    a = "Each station will have two water tenders, a fire official said on Tuesday."
    b = "Each station will have two water tenders, a fire official stated on Tuesday."
    assert merged(f"{A} {a}\n\n{A} {b}") == f"{A} {a}"


def test_alike_sentences_without_a_second_copy_both_stay() -> None:
    # Nothing lines the two up as copies of one body: they are two facts.
    a = "The district collector in Kannur announced a relief package worth Rs 1 crore."
    b = "The district collector in Kannur announced the damaged roads worth Rs 1 crore."
    assert merged(f"{a} {b}") == f"{a} {b}"
    assert merged(f"{a}\n\n{b}") == f"{a}\n\n{b}"


def test_alike_sentences_in_every_copy_are_two_sentences() -> None:
    a = "The district collector in Kozhikode reviewed new shelters worth Rs 1 crore on Monday."
    b = "The district collector in Kozhikode reviewed the losses worth Rs 1 crore on Monday."
    assert merged(f"{a} {C} {b}\n\n{a} {C} {b}") == f"{a} {C} {b}"
    assert merged(f"{a} {a} {b} {b}") == f"{a} {b}"


def test_a_fragment_does_not_join_two_different_facts() -> None:
    gaya = "Gaya recorded 175 mm of rain in the 24 hours ending 8.30 a.m. on Sunday."
    hubballi = "Hubballi recorded 293 mm of rain in the 24 hours ending 8.30 a.m. on Sunday."
    fragment = "rain in the 24 hours ending 8.30 a.m. on Sunday."
    raw = f"{gaya} {C} {hubballi}\n\n{fragment} {C} {hubballi}"
    assert merged(raw) == f"{gaya} {C} {hubballi}"


def test_sentence_only_in_copy_two_follows_its_predecessor() -> None:
    extra = "Power supply was disrupted in several villages."
    raw = f"{A} {B} {C}\n\n{A} {B} {extra} {C}"
    assert merged(raw) == f"{A} {B}\n\n{extra}\n\n{C}"


def test_look_alike_facts_all_stay() -> None:
    lines = [
        "Kannur recorded 98 mm of rain in 24 hours.",
        "Kozhikode recorded 124 mm of rain in 24 hours.",
        "Wayanad recorded 87 mm of rain in 24 hours.",
        "Kasaragod recorded 98 mm of rain in 24 hours.",
    ]
    raw = "\n\n".join(lines)
    assert merged(raw) == raw


def test_truncated_copy_fragment_is_removed() -> None:
    raw = f"{A} {B} {C}\n\nalert for three districts. {C}"
    assert merged(raw) == f"{A} {B} {C}"


def test_isolated_short_repeat_stays() -> None:
    raw = f"Add salt.\n\n{A}\n\nAdd salt."
    assert merged(raw) == raw


def test_short_repeat_next_to_a_removed_duplicate_goes() -> None:
    raw = f"Flood Update\n\n{A}\n\nFlood Update\n\n{A}"
    assert merged(raw) == f"Flood Update\n\n{A}"


def test_ten_thousand_repeats_become_one() -> None:
    assert merged(" ".join([A] * 10_000)) == A


def test_collapse_can_be_switched_off_by_threshold() -> None:
    a = "Jaishankar will visit the US next week for talks on minerals."
    b = "Jaishankar will visit the US next month for talks on minerals."
    assert merged(f"{a}\n\n{b}", Config(similarity=0.99)) == f"{a}\n\n{b}"


def test_a_label_recurring_between_other_lines_is_structure_and_stays() -> None:
    days = ["Monday: oats with banana", "Tuesday: rice with dal", "Wednesday: idli with sambar"]
    days.append("Thursday: appam with stew")
    label = "Eat every two to three hours through the day."
    raw = "\n\n".join(f"{day}\n\n{label}" for day in days)
    assert merged(raw) == raw


def test_one_sentence_over_and_over_still_collapses() -> None:
    assert merged("\n\n".join([A] * 6)) == A


def test_copies_with_only_removed_text_between_are_a_stutter_not_structure() -> None:
    # Found by Hypothesis: four copies of a line, two of them separated only
    # by a removed duplicate, were kept as structure on the first pass and
    # collapsed on the second. They read as consecutive, so both passes agree.
    rain = "Kannur recorded 1 mm of rain in the last 24 hours."
    relief = (
        "The district collector in Kannur announced a relief package worth Rs 1 crore on Monday."
    )
    once = clean(" ".join([rain, rain, relief, rain, relief, rain]))
    assert once == f"{rain} {relief}"
    assert clean(once) == once
