"""A body delivered twice with its own second lead: the lead goes only when it adds nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from test_properties import articles, flat, render, sentences

from dedupe_feed import analyze
from dedupe_feed.keys import unit_key
from dedupe_feed.leads import REASON
from dedupe_feed.verify import added_facts

LEAD = (
    "The Meteorological Department on Wednesday issued an orange alert for six Kerala "
    "districts as heavy rain continued to lash the state."
)
BODY = (
    "Kannur recorded 98 mm of rain in the 24 hours ending 8.30 am on Wednesday.",
    "Kozhikode recorded 74 mm and Wayanad 61 mm, the department said.",
    "Forty-one relief camps have been opened in Wayanad and Idukki.",
)


def doubled(second_lead: str) -> str:
    return "\n\n".join([LEAD, *BODY, second_lead, *BODY])


def test_a_second_lead_that_says_the_first_again_goes() -> None:
    result = analyze(doubled("Heavy rain continued in Kerala on Wednesday, officials said."))
    assert result.text == "\n\n".join([LEAD, *BODY])
    dropped = [r for r in result.removed if r.reason == REASON]
    assert [(r.text, r.duplicate_of) for r in dropped] == [
        ("Heavy rain continued in Kerala on Wednesday, officials said.", (0, len(LEAD)))
    ]
    assert dropped[0].similarity == 0.714  # 5 of its 7 words of four letters are the lead's


def test_a_second_lead_that_adds_a_fact_stays_and_says_so() -> None:
    second = "Heavy rain continued in Kerala on Wednesday, killing two people in Idukki."
    result = analyze(doubled(second))
    assert result.text == "\n\n".join([LEAD, second, *BODY])
    kept = [c for c in result.changes if c.kind == "lead_kept"]
    assert [c.evidence for c in kept] == ["a second lead that adds 2, idukki"]
    assert result.source[kept[0].start : kept[0].end] == second
    assert not [r for r in result.removed if r.reason == REASON]


def test_a_second_lead_in_other_words_with_few_shared_words_stays() -> None:
    second = "Officials said the downpour would go on through the weekend."
    result = analyze(doubled(second))
    assert second in result.text.split("\n\n")


def test_a_sentence_like_the_lead_in_a_body_sent_once_is_never_touched() -> None:
    text = "\n\n".join(
        [LEAD, *BODY, "Heavy rain continued in Kerala on Wednesday, officials said."]
    )
    result = analyze(text)
    assert result.text == text
    assert result.removed == ()


def test_the_cleaned_doubled_item_is_a_fixed_point() -> None:
    once = analyze(doubled("Heavy rain continued in Kerala on Wednesday, officials said.")).text
    assert analyze(once).text == once


quick = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@quick
@given(articles(), sentences())
def test_a_second_lead_that_names_a_new_place_or_number_always_stays(
    paragraphs: list[list[str]], second: str
) -> None:
    """Every generated sentence names a place and a number; whenever the
    second copy's own lead names one the first lead lacks, it survives."""
    body = flat(paragraphs)
    assume(len(body) >= 2 and second not in body)
    first_lead = unit_key(body[0])
    assume(added_facts(unit_key(second), first_lead))
    raw = render(paragraphs) + "\n\n" + " ".join([second, *body[1:]])
    result = analyze(raw, line_model=False)
    assert second in result.text
    assert not [r for r in result.removed if r.reason == REASON]
