"""Comparison keys."""

from __future__ import annotations

import sys

from dedupe_feed.keys import INTERN_AFTER_KEYS, KeyCache, cached_key, unit_key


def test_key_folds_case_quotes_and_us_spellings() -> None:
    assert unit_key("The U.S. and the United States “agree”.").text == "the us and the us agree"


def test_cased_tokens_stay_aligned_with_tokens() -> None:
    key = unit_key("Visit to the United Kingdom by Modi")
    assert len(key.tokens) == len(key.cased)
    assert key.cased[-1] == "Modi"


def test_chinese_is_tokenised_by_character() -> None:
    key = unit_key("北京今天下雨。")
    assert key.cjk
    assert key.tokens == ("北", "京", "今", "天", "下", "雨")


def test_hindi_words_keep_their_vowel_signs() -> None:
    key = unit_key("मुंबई में भारी बारिश हुई।")
    assert key.tokens == ("मुंबई", "में", "भारी", "बारिश", "हुई")
    assert not key.cjk


def test_punctuation_only_has_no_tokens() -> None:
    assert unit_key("!!! ...").tokens == ()


def test_facts_are_numbers_and_capitalised_words() -> None:
    assert unit_key("Kannur recorded 98 mm on Monday.").facts == ("kannur", "98", "monday")


def test_keys_intern_their_tokens_once_an_item_has_many() -> None:
    """A small item's keys skip interning; a big item's share one string per
    word; the keys compare the same either way."""
    cache: KeyCache = {}
    texts = [f"Rain lashed Kochi on day {i} of the monsoon." for i in range(INTERN_AFTER_KEYS + 2)]
    keys = [cached_key(text, cache) for text in texts]
    assert [unit_key(text) for text in texts] == keys
    late = keys[-1]
    assert all(token is sys.intern(token) for token in (*late.tokens, *late.cased))
