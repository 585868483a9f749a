"""Nothing is removed without a record (issue 13, item 4): every word of the
source is in the clean text, or inside a recorded removal.

Checked as multisets of words: for each word, the copies in the source
minus the copies inside ``removed`` spans must all be in the clean text.
A word dropped silently (an item cut after a prompt while ``removed`` lists
three pieces) makes the clean text short of it.
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shared_folder import SHARED_DATA, needs

from dedupe_feed import Analysis, analyze

_WORD = re.compile(r"\w+")
ROOT = Path(__file__).resolve().parents[1]
PAGES = SHARED_DATA / "boilerplate-lines" / "pages.jsonl.gz"
EXAMPLES = sorted((ROOT / "dedupe_feed" / "examples").glob("*.txt"))

SENTENCES = [
    "Heavy rain lashed Kannur district on Monday, and 41 relief camps were opened.",
    "The India Meteorological Department issued an orange alert for three districts.",
    '"We are not taking any chances this time," the revenue minister told reporters.',
    "Kozhikode recorded 74 mm of rain in the 24 hours ending 8.30 am on Tuesday.",
    "Schools in Wayanad will remain closed until Friday, the district collector said.",
    "Fishermen have been advised not to venture into the sea until Saturday.",
]
CHROME = [
    "Join our Telegram channel for the latest news updates",
    "Click here to follow us on WhatsApp",
    "Home | News | Kerala",
    "Also read: Kerala floods: 10 things to know",
    "Monsoon to weaken next week, says IMD",
    "Advertisement",
    "(PTI)",
    "Add Malabar Wire as a Preferred Source",
    "Disclaimer: This story is auto-generated from a syndicated feed.",
    "Updated: Jul 9, 2025, 10:45 IST",
    "Representational image",
    "Share this story",
]
SEPARATORS = ["\n", "\n\n", " ", ""]


def unaccounted(result: Analysis) -> Counter[str]:
    """Words of the source neither in the clean text nor inside a removal
    (the source is cut at every removal's edges first, so a word glued
    across two pieces, ``SourceJoin``, is two words)."""
    cuts = sorted({0, len(result.source)} | {e for r in result.removed for e in (r.start, r.end)})
    inside = [(r.start, r.end) for r in result.removed]
    kept: Counter[str] = Counter()
    for start, end in itertools.pairwise(cuts):
        if not any(low <= start and end <= high for low, high in inside):
            kept.update(_WORD.findall(result.source[start:end]))
    return kept - Counter(_WORD.findall(result.text))


@st.composite
def items(draw: st.DrawFn) -> str:
    """Body sentences, some repeated, with chrome lines around and inside."""
    body = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=8))
    pieces: list[str] = []
    for sentence in body:
        if draw(st.integers(0, 3)) == 0:
            pieces.extend(draw(st.lists(st.sampled_from(CHROME), min_size=1, max_size=3)))
        pieces.append(sentence)
    pieces.extend(draw(st.lists(st.sampled_from(CHROME), max_size=4)))
    text = pieces[0]
    for piece in pieces[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + piece
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items())
def test_every_word_is_kept_or_recorded_as_removed(raw: str) -> None:
    assert unaccounted(analyze(raw)) == Counter()


def test_related_headlines_after_a_telegram_prompt_are_kept_or_recorded() -> None:
    raw = "\n".join(
        [
            SENTENCES[0],
            SENTENCES[1],
            "Join our Telegram channel for the latest news updates",
            "Kerala floods: 10 things to know",
            "Monsoon to weaken next week, says IMD",
            "Landslide warning for Idukki as rain continues",
        ]
    )
    result = analyze(raw)
    assert SENTENCES[0] in result.text
    assert SENTENCES[1] in result.text
    assert unaccounted(result) == Counter()


def test_a_silent_drop_is_seen() -> None:
    # the check itself: a clean text short of a word that no removal covers
    result = analyze(f"{SENTENCES[0]}\n\n{SENTENCES[1]}")
    cut = Analysis(
        result.text.replace("orange", ""),
        result.metadata,
        result.removed,
        result.changes,
        result.source,
        result.input_format,
        result.detection,
    )
    assert unaccounted(cut) == Counter({"orange": 1})


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_bundled_examples_account_for_every_word(path: Path) -> None:
    assert unaccounted(analyze(path.read_text(encoding="utf-8"))) == Counter()


def test_real_pages_account_for_every_word() -> None:
    # every 25th page of the labelled corpus (all five datasets), as a
    # scraper hands it over: chrome, menus and comments included
    if not PAGES.exists():
        pytest.skip(needs(PAGES))
    with gzip.open(PAGES, "rt", encoding="utf-8") as handle:
        for line in itertools.islice(handle, 0, None, 25):
            page = json.loads(line)
            text = "\n".join(item["text"] for item in page["lines"])
            assert unaccounted(analyze(text)) == Counter(), page["id"]
