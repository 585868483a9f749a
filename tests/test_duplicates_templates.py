"""A template filled in several times (a meal plan, a course list) is no body
delivered again: values two fillings share stay; copies of prose still go."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from stages import duplicate_stages_alone

from dedupe_feed import analyze
from dedupe_feed.pipeline import TEMPLATE_VALUE_EVIDENCE, Cleaner

LABELS = (
    "Breakfast",
    "Eat within an hour of waking",
    "Lunch",
    "Eat every three hours",
    "Drink two litres of water",
)
"""A day's labels: each recurs once per filling (four fillings: structure)."""


def alone() -> Cleaner:
    """The duplicate and order stages alone (no rules, subheads or line model)."""
    return duplicate_stages_alone()


def plan(days: list[tuple[str, str]]) -> str:
    """One filling of the template per day: each label, then its value."""
    lines: list[str] = []
    for number, (breakfast, lunch) in enumerate(days, 1):
        lines += [f"Plan for day {number}", LABELS[0], LABELS[1], breakfast]
        lines += [LABELS[2], LABELS[3], lunch, LABELS[4]]
    return "\n".join(lines)


OATS = "Oats porridge [1 cup oats, 1 banana, 8 oz. milk]"
IDLI = "Idli and sambar [3 idlis, 1 cup sambar]"
RICE = "Rice and dal [1 cup rice, 1 cup dal, 1 tsp. ghee]"
ROTI = "Roti and paneer [2 rotis, 4 oz. paneer]"


def test_values_two_fillings_share_stay_golden() -> None:
    raw = plan([(OATS, RICE), (IDLI, RICE), (OATS, ROTI), (IDLI, ROTI)])
    stages = alone().stages(raw)
    assert stages.text == raw.replace("\n", "\n\n")
    assert stages.duplicates.removed == {}
    kept = [stages.units[i].text for i in stages.duplicates.template_values]
    assert kept == [RICE, OATS, IDLI, ROTI]  # each a repeat of an earlier filling's value


def test_each_kept_value_is_reported() -> None:
    raw = plan([(OATS, RICE), (IDLI, RICE), (OATS, ROTI), (IDLI, ROTI)])
    analysis = alone().analyze(raw)
    values = [
        raw[c.start : c.end] for c in analysis.changes if c.evidence == TEMPLATE_VALUE_EVIDENCE
    ]
    assert values == [RICE, OATS, IDLI, ROTI]
    assert {r.reason for r in analysis.removed} == set()


def test_a_page_twice_whose_labels_are_no_structure_collapses() -> None:
    # One filling, delivered twice: each label occurs twice, no structure.
    raw = plan([(OATS, RICE)])
    stages = alone().stages(f"{raw}\n{raw}")
    assert stages.text == raw.replace("\n", "\n\n")
    assert stages.duplicates.template_values == ()


def test_a_value_before_the_next_fillings_heading_still_collapses() -> None:
    # Without a closing label the lunch stands between a label and a line
    # found once: the rule keeps only values between two labels.
    raw = plan([(OATS, RICE), (IDLI, RICE), (OATS, ROTI), (IDLI, ROTI)])
    raw = raw.replace(f"\n{LABELS[4]}", "")
    stages = alone().stages(raw)
    assert [stages.units[i].text for i in stages.duplicates.template_values] == [OATS, IDLI]
    assert stages.text.count(RICE) == 1


PROSE = "The dietitian said that the plan should be followed for at least a month."


def test_a_prose_sentence_between_labels_still_collapses() -> None:
    # A repeated sentence of prose is what a body delivered again holds.
    raw = plan([(OATS, PROSE), (IDLI, PROSE), (OATS, ROTI), (IDLI, ROTI)])
    stages = alone().stages(raw)
    texts = [stages.units[i].text for i in stages.duplicates.removed]
    assert texts == [PROSE]
    assert stages.text.count(PROSE) == 1


def test_a_longer_run_beside_a_label_is_a_block_delivered_again() -> None:
    menu = "\n".join(
        [
            "World news and analysis this week",
            "Sport scores and fixtures this week",
            "Opinion columns from our writers today",
        ]
    )
    raw = plan([(OATS, menu), (IDLI, RICE), (OATS, menu), (IDLI, ROTI)])
    stages = alone().stages(raw)
    assert [stages.units[i].text for i in stages.duplicates.template_values] == [OATS, IDLI]
    assert stages.text.count("Sport scores") == 1


def test_a_value_between_two_copies_of_one_label_collapses() -> None:
    # One label on both sides: a passage repeated around a recurring line.
    raw = "\n".join(["Advertisement", OATS, "Advertisement", RICE] * 2 + ["Advertisement"])
    stages = alone().stages(raw)
    assert stages.duplicates.template_values == ()
    assert stages.text.count(OATS) == 1


def test_the_whole_pipeline_keeps_the_values_too() -> None:
    raw = plan([(OATS, RICE), (IDLI, RICE), (OATS, ROTI), (IDLI, ROTI)])
    text = analyze(raw, line_model=False).text
    assert text.count(RICE) == 2
    assert text.count(OATS) == 2


VALUES = st.sampled_from([OATS, IDLI, RICE, ROTI])


@given(st.lists(st.tuples(VALUES, VALUES), min_size=4, max_size=7))
def test_every_filled_value_stays_in_place(days: list[tuple[str, str]]) -> None:
    raw = plan(days)
    assert alone().stages(raw).text == raw.replace("\n", "\n\n")
