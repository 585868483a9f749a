"""The line model's fast paths give exactly what their plain definitions give.

Each fast path (ASCII byte tables, a date test that tries each pattern only
where it can match, the stoplist vote as one matrix sum, whitespace collapsed
with ``str.split``) is checked against the slow, obvious definition it
replaced, on text built to hit the edge cases (Unicode whitespace and
capitals, CJK, month names inside words, digits next to letters).
"""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_feed.linemodel.dates import DATE_OR_TIME, has_date
from dedupe_feed.linemodel.features import (
    OWN_FEATURES,
    SEPARATORS,
    char_classes,
    describe_line,
    title_case_share,
)
from dedupe_feed.linemodel.stopwords import LATIN_LANGUAGES, TOKEN, Stoplists, tokenize
from dedupe_feed.render import collapse_whitespace, join_sentences

PIECES = [
    "jan", "sept", "sep", "may", "mar", "dec", "ember", "uary", "the", "and", "der", "el",
    "a", "X", "Ü", "ß", "İ", "_", "1", "12", "123", "2026", " ", "  ", "\t", "\n", "\u00a0",
    "\u3000", "\x1c", ".", ":", "-", "/", ",", "|", "»", "•", "北", "京", "年", "月", "日",
    "。", "！", "」", "é", "٣", "हिं", "’", "½", "²", "Ⅻ", "〇",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
LISTS = Stoplists.load()


@settings(max_examples=500, deadline=None)
@given(texts)
def test_tokenize_is_the_token_pattern(text: str) -> None:
    assert tokenize(text) == TOKEN.findall(text)
    assert tokenize(text, fold=True) == TOKEN.findall(text.casefold())


@settings(max_examples=500, deadline=None)
@given(texts)
def test_has_date_is_the_date_pattern(text: str) -> None:
    folded = text.casefold()
    assert has_date(folded) == bool(DATE_OR_TIME.search(folded))


def test_has_date_finds_each_form() -> None:
    found = [has_date(t) for t in ("10:45", "2026-01-28", "1/2/26", "sept. 5", "5  march")]
    assert found == [True] * 5
    assert [has_date(t) for t in ("2026年", "1月28日", "summary 5", "123 may", "a5 may")] == [
        True, True, False, False, False,
    ]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(texts)
def test_character_counts_are_their_definitions(text: str) -> None:
    assert char_classes(text) == (
        sum(map(str.isspace, text)),
        sum(map(str.isalpha, text)),
        sum(map(str.isdigit, text)),
        sum(map(str.isupper, text)),
        sum(c in SEPARATORS for c in text),
    )
    initials = [t[0] for t in TOKEN.findall(text) if t[0].isalpha() and not _CJK.match(t[0])]
    share = sum(map(str.isupper, initials)) / len(initials) if initials else 0.0
    assert title_case_share(text) == share


@settings(max_examples=500, deadline=None)
@given(texts)
def test_punctuation_share_is_its_definition(text: str) -> None:
    """The share of a line's non-space characters that are neither letters
    nor digits in ``str.isalnum``'s sense: a vulgar fraction (``½``) or a
    Roman numeral is a number, not punctuation. The shipped weights were
    trained with this definition; a fast path that counted ``½`` as
    punctuation drifted from it on 20 training lines."""
    line = text.strip()
    non_space = len(line) - sum(map(str.isspace, line)) or 1
    expected = (non_space - sum(map(str.isalnum, line))) / non_space
    share = describe_line(text, frozenset()).values[OWN_FEATURES.index("punctuation_share")]
    assert share == expected


def test_a_fraction_is_not_punctuation() -> None:
    values = dict(zip(OWN_FEATURES, describe_line("½ cup feta", frozenset()).values, strict=True))
    assert values["punctuation_share"] == 0.0


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, min_size=1, max_size=4))
def test_the_stoplist_vote_counts_every_hit(lines: list[str]) -> None:
    lists = LISTS
    chosen = lists.choose(lines)
    text = "\n".join(lines)
    if chosen.language not in LATIN_LANGUAGES or not text.isascii():
        return  # chosen by script: no vote
    hits: Counter[str] = Counter()
    for token in TOKEN.findall(text.casefold()):
        for name in LATIN_LANGUAGES:
            hits[name] += token in lists.by_language[name]
    best = max(LATIN_LANGUAGES, key=lambda name: (hits[name], -LATIN_LANGUAGES.index(name)))
    assert chosen.language == best


def _collapse_slowly(text: str) -> str:
    """The definition: each whitespace run one space, a line break next to
    a CJK character nothing."""
    cjk = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
    text = text.strip()
    parts: list[str] = []
    cursor = 0
    for run in re.finditer(r"\s+", text):
        parts.append(text[cursor : run.start()])
        cursor = run.end()
        wrapped = "\n" in run.group() and (
            cjk.match(text, run.start() - 1) is not None or cjk.match(text, cursor) is not None
        )
        parts.append("" if wrapped else " ")
    parts.append(text[cursor:])
    return "".join(parts)


@settings(max_examples=500, deadline=None)
@given(texts, st.lists(texts, max_size=4))
def test_rendering_fast_paths_are_their_definitions(text: str, sentences: list[str]) -> None:
    assert collapse_whitespace(text) == _collapse_slowly(text)
    cjk_end = re.compile(r"[。！？][”’」』）】》]*\Z")
    joined = "".join(
        (" " if i and cjk_end.search(sentences[i - 1]) is None else "") + sentence
        for i, sentence in enumerate(sentences)
    )
    assert join_sentences(sentences) == joined
