"""Cleaner.stages: every stage's result for one item, and analyze built on it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_feed import analyze
from dedupe_feed.duplicates import Decision
from dedupe_feed.order import Placed
from dedupe_feed.pipeline import Cleaner

CLEANER = Cleaner()
LEAD = "Heavy rain lashed Kannur district on Monday night."
ALERT = "The IMD issued an orange alert for three districts."
WIRE = f"Kochi, Jan 5 (PTI) {LEAD}Flood Alert {ALERT} {LEAD} (PTI)"


def test_each_stage_of_a_wire_item() -> None:
    stages = CLEANER.stages(WIRE)
    assert stages.document.source == WIRE
    assert [m.rule_id for m in stages.matches] == ["dateline.agency", "credit.agency_parenthesized"]
    assert [(u.kind, u.text) for u in stages.units] == [
        ("sentence", LEAD),
        ("heading", "Flood Alert"),
        ("sentence", ALERT),
        ("sentence", LEAD),
    ]
    assert [c.kind for c in stages.changes] == ["boundary_restored", "heading_recovered"]
    assert stages.title_removals == ()
    assert stages.duplicates.removed == {3: Decision(3, "exact_duplicate", 0, 1.0)}
    assert stages.order == tuple(Placed(slot, slot, False, False) for slot in range(3))
    assert stages.model.placed == stages.order
    assert stages.model.removals == ()
    assert stages.text == f"{LEAD}\n\nFlood Alert\n\n{ALERT}"


def test_analysis_is_assembled_from_the_stages() -> None:
    stages = CLEANER.stages(WIRE)
    result = stages.analysis()
    assert result == analyze(WIRE)
    assert result.text == stages.text
    assert [(r.reason, r.stage, r.text) for r in result.removed] == [
        ("dateline.agency", "rules", "Kochi, Jan 5 (PTI)"),
        ("exact_duplicate", "duplicates", LEAD),
        ("credit.agency_parenthesized", "rules", "(PTI)"),
    ]


def test_an_item_with_nothing_to_remove_passes_every_stage_unchanged() -> None:
    stages = CLEANER.stages(ALERT)
    assert [u.text for u in stages.units] == [ALERT]
    assert stages.matches == ()
    assert stages.duplicates.removed == {}
    assert stages.text == ALERT


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([LEAD, ALERT, "Flood Alert", "(PTI)", "\n\n", " "]), max_size=8))
def test_stages_analysis_is_analyze(parts: list[str]) -> None:
    raw = " ".join(parts)
    assert CLEANER.stages(raw).analysis() == CLEANER.analyze(raw)
