"""Verification by aligned sentences: copies with their own chrome, truncated
and re-worded copies are one story; templated reports stay apart."""

from __future__ import annotations

import textwrap

import pytest

from dedupe_feed.index import FeedDeduplicator
from dedupe_feed.index.align import aligned_score, sentence_keys

WIRE = [
    "Acme Steel Corp said it agreed to buy the rolling mills of Delta Metals Inc "
    "for two mln dlrs in cash and stock.",
    "The company said the purchase would add about 400 jobs at its plant in Gary, Indiana, "
    "and raise annual capacity by 15 pct.",
    "Acme said the deal, which needs the approval of Delta shareholders, "
    "was expected to close by the end of June.",
    "Delta Metals shares rose three dlrs to 41 dlrs on the New York Stock Exchange "
    "after the announcement.",
    "Analysts said the deal would make Acme the third largest steel maker in the Midwest.",
]
SITE_A = (
    "Stock Market News\n\nHome | Markets | Companies\n\n{body}\n\n"
    "Published 5 Mar 1987, 10:45 AM. Updated 6 Mar 1987, 09:12 AM.\n\n"
    "Subscribe now and get 50 pct off your first year of Premium!"
)
SITE_B = (
    "Listen to this article\n\nFILE PHOTO: A steel mill in Gary, Indiana, March 3, 1987.\n\n"
    "{body}\n\nShare this story on X and Facebook"
)


def body(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def one_story(first: str, second: str) -> bool:
    dedup = FeedDeduplicator()
    dedup.add("first", first)
    return dedup.add("second", second).cluster_id == "first"


def test_copies_with_their_own_chrome_are_one_story() -> None:
    a = SITE_A.format(body=body(WIRE))
    b = SITE_B.format(body=body(WIRE).replace('"', "'"))
    # Site A (the shorter) has a promo of 10 prose words that site B lacks.
    assert aligned_score(sentence_keys(a), sentence_keys(b)) == 0.9
    assert one_story(a, b)


def test_a_truncated_copy_is_the_same_story() -> None:
    assert one_story(SITE_A.format(body=body(WIRE)), SITE_B.format(body=body(WIRE[:-1])))


def test_number_words_rewritten_are_the_same_story() -> None:
    spelled = [p.replace("mln", "million").replace("dlrs", "dollars") for p in WIRE]
    spelled = [p.replace("15 pct", "15 per cent") for p in spelled]
    assert one_story(SITE_A.format(body=body(WIRE)), SITE_B.format(body=body(spelled)))


@pytest.mark.parametrize(
    ("old", "new"),
    [("two mln dlrs", "2.5 mln dlrs"), ("400 jobs", "900 jobs"), ("Gary, Indiana", "Akron, Ohio")],
)
def test_a_copy_with_a_number_or_name_swapped_is_another_story(old: str, new: str) -> None:
    swapped = [p.replace(old, new) for p in WIRE]
    assert swapped != WIRE
    assert not one_story(body(WIRE), body(swapped))


@pytest.mark.parametrize(
    ("old", "new"), [("Acme said the deal", "It said the deal"), ("Analysts said", "They said")]
)
def test_a_name_replaced_by_a_pronoun_is_the_same_story(old: str, new: str) -> None:
    # a re-issue that writes "He said" where the first said "Fadiga said"
    edited = [p.replace(old, new) for p in WIRE]
    assert edited != WIRE
    assert one_story(body(WIRE), body(edited))


def earnings(company: str, shr: str, net: str, revs: str) -> str:
    return (
        f"{company} Inc said first quarter net profit was {net} mln dlrs, or {shr} dlrs a share, "
        f"against a loss a year earlier.\n\n"
        f"Shr profit {shr} dlrs vs loss 12 cts\n\nNet profit {net} mln vs loss 1.1 mln\n\n"
        f"Revs {revs} mln vs 31.4 mln\n\nNOTE: Company said results include a gain on the sale "
        f"of its chemicals unit in the quarter."
    )


def test_templated_reports_with_different_numbers_stay_apart() -> None:
    first = earnings("Acme Tool", "1.20", "4.6", "44.2")
    second = earnings("Acme Tool", "0.85", "3.1", "39.7")
    assert aligned_score(sentence_keys(first), sentence_keys(second)) is None
    assert not one_story(first, second)


def test_chrome_alone_does_not_make_two_stories_one() -> None:
    other = [
        "Heavy rain lashed Kannur district for the third day, and schools were closed "
        "by the district collector on Wednesday.",
        "The India Meteorological Department issued an orange alert for three districts "
        "of north Kerala until Friday.",
    ]
    assert not one_story(SITE_A.format(body=body(WIRE)), SITE_A.format(body=body(other)))


def test_empty_texts_never_align() -> None:
    assert aligned_score([], sentence_keys(body(WIRE))) is None


def test_a_copy_reflowed_at_another_width_is_the_same_story() -> None:
    wrapped = "\n\n".join("\n\n".join(textwrap.wrap(paragraph, 60)) for paragraph in WIRE)
    assert wrapped.count("\n\n") > len(WIRE)
    assert one_story(body(WIRE), wrapped)


def test_a_sentence_with_words_added_is_found() -> None:
    short = [p.replace(" in cash and stock", "") for p in WIRE]
    assert aligned_score(sentence_keys(body(short)), sentence_keys(body(WIRE))) is not None
