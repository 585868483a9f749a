"""Cross-article clustering: copies, truncations, templates, chains, windows, policies."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import subprocess
import sys

import pytest

from dedupe_feed.errors import ConfigError
from dedupe_feed.index import (
    ClusterDecision,
    FeedDeduplicator,
    IdConflictError,
    IndexItem,
    band_keys,
    fact_conflicts,
    lsh_layout,
    match_score,
    sentence_keys,
)
from dedupe_feed.index.prepare import sentence_slot_keys
from dedupe_feed.keys import unit_key

PLACES = ("Kannur", "Kozhikode", "Wayanad", "Idukki", "Thrissur", "Kollam", "Madurai", "Nagpur")
PEOPLE = ("Anita Rao", "Suresh Pillai", "Meera Kulkarni", "Joseph Mathew", "Vikram Sen")
TEMPLATES = (
    "{place} recorded {n} mm of rain in the 24 hours ending on {day}, officials said.",
    "{person} said {n} families had been moved to relief camps in {place} by {day}.",
    "The district administration in {place} sanctioned Rs {n} lakh for road repairs on {day}.",
    "Power supply to {n} homes in {place} was restored on {day}, {person} said.",
    "Schools in {place} will remain closed until {day}, the collector said in an order.",
    "A team of {n} rescue workers reached {place} on {day}, according to {person}.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def article(seed: int, sentences: int = 14) -> str:
    """A seeded invented news article whose sentences each state a distinct fact."""
    rng = random.Random(seed)
    lines = [
        rng.choice(TEMPLATES).format(
            place=rng.choice(PLACES),
            person=rng.choice(PEOPLE),
            n=rng.randint(10, 9999),
            day=rng.choice(DAYS),
        )
        for _ in range(sentences)
    ]
    return " ".join(lines)


EDITS = ((" said.", " stated."), ("officials", "the officials"), (" on ", " on this "))


def lightly_edited(text: str, variant: int) -> str:
    """Another outlet's copy (learned footers already removed): a few words
    changed, which ones depending on ``variant``, and a closing line."""
    old, new = EDITS[variant % len(EDITS)]
    return text.replace(old, new, 2) + "\n\nMore details are awaited."


def earnings(company: str, profit: str, last: str, sales: str, last_sales: str) -> str:
    """An invented templated earnings report (Reuters-style)."""
    return (
        f"{company} said its third-quarter net profit was {profit} mln dlrs, or 12 cts a share, "
        f"compared with {last} mln dlrs, or 9 cts a share, a year earlier. Sales for the quarter "
        f"were {sales} mln dlrs against {last_sales} mln dlrs. The company said results for the "
        "nine months were in line with its forecast and it expected demand to stay firm in the "
        "fourth quarter."
    )


def test_exact_copy_joins_the_first_article() -> None:
    dedup = FeedDeduplicator()
    first = dedup.add("a", article(1), source="PTI")
    copy = dedup.add("b", article(1), source="Malabar Wire")
    assert first == ClusterDecision("a", None, None, None, "a")
    assert copy == ClusterDecision("a", "a", 1.0, None, "a")
    assert not copy.is_new


def test_different_stories_stay_apart() -> None:
    dedup = FeedDeduplicator()
    decisions = [dedup.add(str(seed), article(seed)) for seed in range(30)]
    assert all(decision.is_new for decision in decisions)


def test_lightly_edited_copies_from_other_outlets_join() -> None:
    dedup = FeedDeduplicator()
    dedup.add("wire", article(2), source="PTI")
    for variant, outlet in enumerate(("Coastal Chronicle", "Deccan Ledger", "Konkan Post")):
        decision = dedup.add(outlet, lightly_edited(article(2), variant), source=outlet)
        assert decision.cluster_id == "wire"
        assert decision.duplicate_of == "wire"
        assert decision.similarity is not None
        assert 0.8 <= decision.similarity < 1.0


def test_truncated_copy_is_contained() -> None:
    text = article(3, sentences=20)
    cut = text[: text.rfind(" ", 0, len(text) * 55 // 100)]
    dedup = FeedDeduplicator()
    dedup.add("full", text)
    decision = dedup.add("cut", cut)
    assert decision.cluster_id == "full"
    assert decision.duplicate_of == "full"
    assert decision.similarity is not None
    assert decision.similarity >= 0.9


def test_a_copy_inside_a_longer_page_is_found_by_its_sentences() -> None:
    # seed 776: the page's shingle bands share no bucket with the copy's
    # (the 3% of pairs at this similarity that LSH alone misses)
    copy = article(776, 10)
    page = copy + "\n\n" + article(776 + 5000, 14)  # another story glued to it
    dedup = FeedDeduplicator()
    a, b = dedup.signature("copy", copy), dedup.signature("page", page)
    assert not set(band_keys(a.hashvalues, dedup.bands, dedup.rows)) & set(
        band_keys(b.hashvalues, dedup.bands, dedup.rows)
    )
    assert set(sentence_slot_keys(sentence_keys(copy))) & set(
        sentence_slot_keys(sentence_keys(page))
    )
    dedup.add("copy", copy)
    assert dedup.add("page", page).cluster_id == "copy"  # an update of the copy


def test_templated_reports_with_different_numbers_do_not_merge() -> None:
    one = earnings("Acme Corp", "1.2", "0.8", "14.5", "11.2")
    two = earnings("Acme Corp", "3.4", "2.1", "19.7", "17.3")
    three = earnings("Borealis Inc", "1.2", "0.8", "14.5", "11.2")
    # The texts alone look like one story: only the different-facts guard keeps them apart.
    loose = match_score(unit_key(one), unit_key(two), fact_tolerance=1.0)
    assert loose is not None
    assert loose > 0.9
    assert fact_conflicts(unit_key(one), unit_key(two)) >= 4
    dedup = FeedDeduplicator()
    decisions = [dedup.add(name, text) for name, text in (("1", one), ("2", two), ("3", three))]
    assert [d.is_new for d in decisions] == [True, True, True]
    assert dedup.add("1-copy", one).duplicate_of == "1"


def test_templated_pairs_with_one_swapped_number_do_not_merge() -> None:
    base = "Kannur recorded {n} mm of rain on Monday and the IMD issued an orange alert. " * 3
    assert match_score(unit_key(base.format(n=98)), unit_key(base.format(n=124))) is None
    assert match_score(unit_key(base.format(n=98)), unit_key(base.format(n=98))) == 1.0


FILLER = (
    "the officials said the work would go on through the week as planned and that more help "
    "was on the way"
)


def test_chaining_guard_compares_with_the_canonical_member() -> None:
    wards = [
        "north",
        "south",
        "east",
        "west",
        "central",
        "upper",
        "lower",
        "old",
        "new",
        "river",
        "hill",
        "lake",
        "port",
        "fort",
    ]
    base = [
        f"the count in {PLACES[i % 8]} {wards[i % 14]} ward {wards[i // 14]} went well."
        for i in range(20)
    ]
    # distinct filler words that are no facts (number words such as "four" are facts)
    greek = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta")
    filler = [f"{FILLER} part {word}." for word in greek]
    a = " ".join(base)
    b = " ".join(base[:17] + filler[3:])
    c = " ".join(base[:14] + filler)
    # B is like A and C is like B, but C is not like A.
    assert match_score(unit_key(a), unit_key(b)) is not None
    assert match_score(unit_key(b), unit_key(c)) is not None
    assert match_score(unit_key(a), unit_key(c)) is None
    dedup = FeedDeduplicator(threshold=0.3)
    assert dedup.add("A", a).is_new
    assert dedup.add("B", b).cluster_id == "A"
    chained = dedup.add("C", c)
    assert chained.cluster_id == "C"
    assert chained.is_new


@pytest.mark.parametrize(
    ("second", "joins"),
    [("2025-07-11", True), ("2025-07-12T00:00:00", True), ("2025-07-13", False), (None, True)],
)
def test_time_window(second: str | None, joins: bool) -> None:
    dedup = FeedDeduplicator(window_days=3)
    dedup.add("a", article(4), published="2025-07-09")
    decision = dedup.add("b", article(4), published=second)
    assert (decision.cluster_id == "a") is joins


def test_no_window_joins_any_dates() -> None:
    dedup = FeedDeduplicator(window_days=None)
    dedup.add("a", article(4), published="2025-01-01")
    assert dedup.add("b", article(4), published="2025-07-01").duplicate_of == "a"


def _copies(dedup: FeedDeduplicator) -> list[ClusterDecision]:
    text = article(5)
    items = [
        ("konkan", text + " More details awaited.", "Konkan Post", "2025-07-09T09:00:00"),
        ("pti", text, "PTI", "2025-07-09T08:00:00"),
        ("ledger", text + " More details awaited. Watch this space.", "Deccan Ledger", None),
    ]
    return dedup.add_many(IndexItem(*item) for item in items)


@pytest.mark.parametrize(
    ("policy", "canonical"),
    [
        ("earliest", "pti"),
        ("longest", "ledger"),
        ("wire", "pti"),
        (["Deccan Ledger", "PTI"], "ledger"),
        (["Konkan Post"], "konkan"),
    ],
)
def test_canonical_policies(policy: str | list[str], canonical: str) -> None:
    dedup = FeedDeduplicator(canonical=policy)  # type: ignore[arg-type]
    decisions = _copies(dedup)
    assert {d.cluster_id for d in decisions} == {"konkan"}
    assert decisions[-1].canonical == canonical
    assert dedup.store.canonical("konkan") == canonical


def test_canonical_switch_is_reported_and_later_items_compare_with_it() -> None:
    dedup = FeedDeduplicator(canonical="earliest")
    dedup.add("late", article(6), published="2025-07-09T12:00:00")
    switched = dedup.add("early", article(6), published="2025-07-09T06:00:00")
    assert switched.canonical == "early"
    assert switched.duplicate_of == "late"
    assert dedup.add("third", article(6)).duplicate_of == "early"


def test_update_of_a_later_longer_version() -> None:
    dedup = FeedDeduplicator()
    first = article(7)
    dedup.add("v1", first, published="2025-07-09T08:00:00")
    more = first + " " + article(70, sentences=5)
    update = dedup.add("v2", more, published="2025-07-09T14:00:00")
    assert update.cluster_id == "v1"
    assert update.update_of == "v1"
    assert update.duplicate_of is None
    assert not update.is_new


def test_slightly_longer_or_earlier_copy_is_no_update() -> None:
    dedup = FeedDeduplicator()
    first = article(8)
    dedup.add("v1", first, published="2025-07-09T08:00:00")
    longer = first + " " + article(80, sentences=5)
    slightly = dedup.add("v2", first + " The mayor said so.", published="2025-07-09T10:00:00")
    earlier = dedup.add("v0", longer, published="2025-07-09T07:00:00")
    assert (slightly.update_of, slightly.duplicate_of) == (None, "v1")
    assert (earlier.update_of, earlier.duplicate_of) == (None, "v1")
    assert earlier.canonical == "v0"


def test_adding_an_id_again_returns_the_recorded_decision() -> None:
    dedup = FeedDeduplicator()
    dedup.add("a", article(9))
    first = dedup.add("b", article(9))
    again = dedup.add("b", article(9))
    assert again == dataclasses.replace(first, reused=True)
    assert len(dedup.store) == 2


@pytest.mark.parametrize(
    ("text", "source"), [("completely different text now", None), (article(9), "ANI")]
)
def test_an_id_again_with_other_content_is_refused(text: str, source: str | None) -> None:
    dedup = FeedDeduplicator()
    dedup.add("a", article(9))
    dedup.add("b", article(9))
    with pytest.raises(IdConflictError) as caught:
        dedup.add("b", text, source=source)
    assert str(caught.value) == (
        f"id 'b' is already in the index with other content (first from an unknown source, "
        f"{len(article(9))} characters); give each article its own id"
    )
    assert len(dedup.store) == 2


def test_empty_texts_are_never_duplicates() -> None:
    dedup = FeedDeduplicator()
    assert dedup.add("a", "").is_new
    assert dedup.add("b", "  ").is_new


@pytest.mark.parametrize(
    "options",
    [
        {"threshold": 0.0},
        {"threshold": 1.5},
        {"num_perm": 4},
        {"similarity": 0},
        {"window_days": -1},
        {"canonical": "newest"},
        {"canonical": []},
        {"max_candidates": 0},
    ],
)
def test_bad_options_raise_config_error(options: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        FeedDeduplicator(**options)  # type: ignore[arg-type]


def test_bad_published_value_is_rejected() -> None:
    with pytest.raises(ValueError, match="ISO 8601"):
        FeedDeduplicator().add("a", "text", published="last Tuesday")


def test_lsh_layout_finds_pairs_at_the_threshold() -> None:
    for threshold in (0.3, 0.5, 0.7, 0.9):
        bands, rows = lsh_layout(threshold, 128)
        assert bands * rows <= 128
        assert 1 - (1 - threshold**rows) ** bands >= 0.95


def _feed() -> list[tuple[str, str, str | None]]:
    rng = random.Random(11)
    feed: list[tuple[str, str, str | None]] = []
    for story in range(25):
        text = article(100 + story)
        for copy in range(rng.randint(1, 3)):
            body = text if copy == 0 else lightly_edited(text, copy)
            feed.append((f"{story}-{copy}", body, f"2025-07-{1 + story % 5:02d}"))
    rng.shuffle(feed)
    return feed


def _decisions() -> list[ClusterDecision]:
    dedup = FeedDeduplicator()
    return [dedup.add(i, text, published=day) for i, text, day in _feed()]


def test_same_input_same_clusters() -> None:
    decisions = _decisions()
    assert decisions == _decisions()
    by_story: dict[str, set[str]] = {}
    for (item_id, _, _), decision in zip(_feed(), decisions, strict=True):
        by_story.setdefault(item_id.split("-")[0], set()).add(decision.cluster_id)
    assert all(len(clusters) == 1 for clusters in by_story.values())
    assert len({d.cluster_id for d in decisions}) == 25


_SCRIPT = """
import json
from dedupe_feed.index import FeedDeduplicator
texts = json.loads(input())
dedup = FeedDeduplicator()
print(json.dumps([dedup.add(str(i), t).cluster_id for i, t in enumerate(texts)]))
"""


def test_clusters_do_not_depend_on_the_hash_seed() -> None:
    texts = [article(seed % 7) for seed in range(14)]
    outputs = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        run = subprocess.run(
            [sys.executable, "-c", _SCRIPT],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1
    assert json.loads(outputs.pop()) == [str(i % 7) for i in range(14)]
