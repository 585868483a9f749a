"""Reading order after merging repeats (issue 13, item 1).

A lone repeat (a summary line or headline that a body sentence repeats, a pull
quote, a caption) is no second copy: it goes without moving anything, and the
byline, captions and body stay in the order they had. A run of repeats is a
second copy: its new sentences go after their neighbours in the first copy.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import articles, flat, render

from dedupe_feed import analyze, clean

LEAD = (
    "The state government on Monday announced a relief package of Rs 250 crore "
    "for farmers hit by the floods."
)
SUMMARY = (
    "The state government announced a relief package of Rs 250 crore for farmers hit by the floods."
)
SECOND = "Each affected family will get Rs 10,000 in the first instalment, the minister said."
THIRD = "The money will be credited to bank accounts within a week."
FOURTH = "Officials have been told to finish the damage survey by Friday."
BYLINE = "By Staff Reporter"
CAPTION = "Farmers inspect a flooded paddy field in Kuttanad on Sunday. Photo: Special Arrangement"


def test_a_summary_line_goes_and_byline_and_caption_stay_above_the_body() -> None:
    body = f"{LEAD} {SECOND}\n\n{THIRD}\n\n{FOURTH}"
    raw = f"Relief for flood-hit farmers\n\n{SUMMARY}\n\n{BYLINE}\n\n{CAPTION}\n\n{body}"
    result = analyze(raw, line_model=False)
    assert result.text == f"Relief for flood-hit farmers\n\n{BYLINE}\n\n{CAPTION}\n\n{body}"
    assert [(r.text, r.reason) for r in result.removed] == [(SUMMARY, "near_duplicate")]
    assert [c for c in result.changes if c.kind == "unit_moved"] == []


def test_a_summary_line_repeated_exactly_leaves_the_lead_in_its_paragraph() -> None:
    body = f"{LEAD} {SECOND}\n\n{THIRD}"
    raw = f"{LEAD}\n\n{BYLINE}\n\n{CAPTION}\n\n{body}"
    result = analyze(raw, line_model=False)
    assert result.text == f"{BYLINE}\n\n{CAPTION}\n\n{body}"
    body_lead = raw.index(body)
    assert [(c.start, c.end, c.kind, c.evidence) for c in result.changes] == [
        (
            0,
            len(LEAD),
            "unit_moved",
            f"stands where its copy at {body_lead}-{body_lead + len(LEAD)} stood",
        )
    ]


def test_a_lead_glued_to_the_next_sentence_is_no_summary_line() -> None:
    # 'said."We' is a glued boundary: the break restored there is a guess,
    # so the lead still shares its paragraph and stays first when the item
    # repeats it at the end
    lead = "Rain lashed Kochi on Monday, officials said."
    rest = '"We are ready," the collector told reporters. Schools in the district were shut.'
    result = analyze(f"{lead}{rest} {lead}")
    assert result.text == f"{lead}\n\n{rest}"
    assert [c.kind for c in result.changes] == ["boundary_restored"]


def test_a_pull_quote_of_the_lead_moves_nothing() -> None:
    raw = f"{LEAD} {SECOND}\n\n{THIRD}\n\n{LEAD}\n\n{FOURTH}"
    assert clean(raw, line_model=False) == f"{LEAD} {SECOND}\n\n{THIRD}\n\n{FOURTH}"


def test_a_headline_inside_the_lead_leaves_the_lead_after_the_captions() -> None:
    headline = "Relief package of Rs 250 crore for farmers hit by the floods"
    raw = f"{headline}\n\n{CAPTION}\n\n{LEAD} {SECOND}\n\n{THIRD}"
    result = analyze(raw, line_model=False)
    assert result.text == f"{CAPTION}\n\n{LEAD} {SECOND}\n\n{THIRD}"
    assert [r.reason for r in result.removed] == ["contained"]


def test_a_second_copy_still_places_its_new_sentence_after_its_neighbour() -> None:
    raw = f"{LEAD}\n\n{SECOND}\n\n{THIRD}\n\n{LEAD}\n\n{FOURTH}\n\n{THIRD}"
    result = analyze(raw, line_model=False)
    assert result.text == f"{LEAD}\n\n{FOURTH}\n\n{SECOND}\n\n{THIRD}"
    fourth = raw.index(FOURTH)
    assert [(c.start, c.end, c.kind, c.evidence) for c in result.changes] == [
        (
            fourth,
            fourth + len(FOURTH),
            "unit_moved",
            f"out of source order, after 0-{len(LEAD)}: copies merged",
        )
    ]


quick = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@quick
@given(articles(), st.data())
def test_a_lone_repeat_after_its_sentence_changes_nothing(
    paragraphs: list[list[str]], data: st.DataObject
) -> None:
    where = data.draw(st.integers(0, len(paragraphs) - 1))
    sentence = data.draw(st.sampled_from(flat(paragraphs[: where + 1])))
    with_repeat = [*paragraphs[: where + 1], [sentence], *paragraphs[where + 1 :]]
    result = analyze(render(with_repeat))
    assert result.text == clean(render(paragraphs))
    assert [c for c in result.changes if c.kind == "unit_moved"] == []


@quick
@given(articles(), st.data())
def test_a_summary_line_repeating_a_body_sentence_changes_nothing(
    paragraphs: list[list[str]], data: st.DataObject
) -> None:
    inside = [s for p in paragraphs if len(p) > 1 for s in p]
    sentence = data.draw(st.sampled_from(inside)) if inside else None
    if sentence is None:
        return
    assert clean(render([[sentence], *paragraphs])) == clean(render(paragraphs))


def test_a_cut_off_tail_inside_the_lead_does_not_pull_the_lead_down() -> None:
    tail = "The state government on Monday announced a relief"
    raw = f"{LEAD}\n\n{SECOND} {THIRD}\n\n{FOURTH} {tail}"
    result = analyze(raw, line_model=False)
    assert result.text == f"{LEAD}\n\n{SECOND} {THIRD}\n\n{FOURTH}"
    assert [(r.text, r.reason) for r in result.removed] == [(tail, "contained")]


def test_a_later_copys_own_lead_is_reported_as_kept() -> None:
    other = "Farmers in Kuttanad will get the first instalment of flood relief by next week."
    raw = f"{LEAD} {SECOND}\n\n{THIRD}\n\n{other} {SECOND}\n\n{THIRD}"
    result = analyze(raw, line_model=False)
    assert result.text == f"{LEAD}\n\n{other}\n\n{SECOND}\n\n{THIRD}"
    start = raw.index(other)
    assert [(c.start, c.kind, c.evidence) for c in result.changes] == [
        (start, "lead_kept", "a second lead that adds kuttanad"),
        (
            start,
            "unit_moved",
            f"a later copy's own lead, kept after 0-{len(LEAD)}: "
            "no sentence of the first repeats it",
        ),
    ]


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@quick
@given(articles(), st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=4))
def test_without_a_reported_move_the_words_keep_their_source_order(
    paragraphs: list[list[str]], repeats: list[tuple[int, int]]
) -> None:
    """Every move is reported: when ``changes`` has no ``unit_moved``, the
    output is the source minus the removed pieces, word for word, in order."""
    pieces = [list(p) for p in paragraphs]
    pool = flat(paragraphs)
    for which, where in repeats:
        pieces.insert(where % (len(pieces) + 1), [pool[which % len(pool)]])
    raw = render(pieces)
    result = analyze(raw)
    if any(c.kind == "unit_moved" for c in result.changes):
        return
    kept = list(raw)
    for removal in result.removed:
        kept[removal.start : removal.end] = [" "] * (removal.end - removal.start)
    assert words_of(result.text) == words_of("".join(kept))
