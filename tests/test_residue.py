"""Residue of removed boilerplate: punctuation, and orphaned call-to-action words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_feed import analyze

BODY = "Rain lashed Kochi on Monday, flooding several low-lying areas, officials said."

PROMPTS = [
    "Add Asianet Newsable as a Preferred Source",
    "Click here to join our WhatsApp channel",
    "Download The Mint News App",
]


ORPHANS = [
    ("Add Asianet Newsable as a Preferred Source", "Now"),
    ("Add Asianet Newsable as a Preferred Source", "NOW"),
    ("Click here to join our WhatsApp channel", "now"),
    ("Click here to join our WhatsApp channel", "now!"),
    ("Click here to join our WhatsApp channel", "today."),
    ("Download The Mint News App", "Now"),
    ("Download The Mint News App", "Today"),
]


@pytest.mark.parametrize(("prompt", "word"), ORPHANS)
def test_no_orphan_word_after_a_removed_prompt(prompt: str, word: str) -> None:
    result = analyze(f"{BODY} {prompt} {word}", line_model=False)
    assert result.text == BODY
    assert [(r.text, r.reason) for r in result.removed][-1] == (word, "residue")


@pytest.mark.parametrize(
    "raw",
    [
        f"{BODY} Now the minister has spoken.",
        f"{BODY}\nNow",
        f"Click here to join our WhatsApp channel. Now the minister has spoken. {BODY}",
        f"{BODY} (PTI) Now",
    ],
)
def test_now_that_is_no_orphan_of_a_prompt_stays(raw: str) -> None:
    assert "Now" in analyze(raw, line_model=False).text


@settings(deadline=None, max_examples=40)
@given(st.sampled_from(PROMPTS), st.sampled_from(["Now", "now", "today", "here", "Later"]))
def test_every_removed_character_is_recorded(prompt: str, word: str) -> None:
    """Every character after the body is kept or inside a recorded removal."""
    raw = f"{BODY} {prompt} {word}"
    result = analyze(raw, line_model=False)
    covered = set()
    for removal in result.removed:
        covered.update(range(removal.start, removal.end))
    kept = result.text[len(BODY) :].split()
    tail = range(len(BODY), len(raw))
    lost = [i for i in tail if not raw[i].isspace() and i not in covered]
    assert "".join(raw[i] for i in lost) == "".join(kept)
