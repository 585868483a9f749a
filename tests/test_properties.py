"""Hypothesis properties of clean(): idempotent, never invents text, keeps order."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dedupe_feed import analyze, clean

PLACES = ["Kannur", "Kozhikode", "Wayanad", "Idukki", "Thrissur", "Kollam", "Palakkad"]
SUBJECTS = ["The district collector", "The state government", "A team of officials", "Police"]
VERBS = ["announced", "reviewed", "inspected", "approved", "reported"]
OBJECTS = ["a relief package", "the damaged roads", "new shelters", "the budget", "the losses"]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 2))
    place = draw(st.sampled_from(PLACES))
    number = draw(st.integers(1, 999))
    if kind == 0:
        return f"{place} recorded {number} mm of rain in the last 24 hours."
    if kind == 1:
        subject = draw(st.sampled_from(SUBJECTS))
        verb = draw(st.sampled_from(VERBS))
        obj = draw(st.sampled_from(OBJECTS))
        return f"{subject} in {place} {verb} {obj} worth Rs {number} crore on Monday."
    return f'"We have opened {number} camps in {place}," the minister said on Tuesday.'


@st.composite
def articles(draw: st.DrawFn) -> list[list[str]]:
    """Paragraphs of distinct sentences (no boilerplate)."""
    pool = draw(st.lists(sentences(), min_size=1, max_size=12, unique=True))
    paragraphs: list[list[str]] = []
    for sentence in pool:
        if not paragraphs or draw(st.booleans()):
            paragraphs.append([])
        paragraphs[-1].append(sentence)
    return paragraphs


def render(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in paragraphs)


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def flat(paragraphs: list[list[str]]) -> list[str]:
    return [s for p in paragraphs for s in p]


quick = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@quick
@given(articles())
def test_clean_article_is_unchanged(paragraphs: list[list[str]]) -> None:
    text = render(paragraphs)
    assert clean(text) == text


@quick
@given(articles())
def test_doubled_article_equals_single(paragraphs: list[list[str]]) -> None:
    text = render(paragraphs)
    assert clean(text + "\n\n" + text) == clean(text)


@quick
@given(articles(), st.integers(0, 11))
def test_glued_doubled_article_keeps_every_sentence_once_in_order(
    paragraphs: list[list[str]], cut: int
) -> None:
    first = render(paragraphs)
    second = "".join(flat(paragraphs)[cut:])  # a truncated copy with every boundary glued
    out = clean(first + " " + second)
    positions = [out.find(s) for s in flat(paragraphs)]
    assert all(p >= 0 for p in positions)
    assert positions == sorted(positions)
    assert all(out.count(s) == 1 for s in flat(paragraphs))


@quick
@given(st.lists(st.one_of(sentences(), st.sampled_from(["(PTI)", "\n\n", ".", " ", "Rs."]))))
def test_idempotent_and_never_invents_words(parts: list[str]) -> None:
    raw = " ".join(parts)
    once = clean(raw)
    assert clean(once) == once
    assert words(once) <= words(raw)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_returns_text_with_known_words(raw: str) -> None:
    """Every output word is a word of the input, or of a recorded mojibake
    repair (``text_repaired``: ``\\x88`` is Windows-1252's ``ˆ``)."""
    result = analyze(raw)
    repaired = {
        word
        for change in result.changes
        if change.kind == "text_repaired"
        for word in words(result.source[change.start : change.end])
    }
    assert words(result.text) <= words(raw.replace("\x00", " ")) | repaired
    assert all(0 <= r.start <= r.end <= len(result.source) for r in result.removed)


@quick
@given(st.text(alphabet="ab. \nAB\"'()", max_size=120))
def test_idempotent_on_punctuation_soup(raw: str) -> None:
    once = clean(raw)
    assert clean(once) == once


@quick
@given(
    st.lists(
        st.sampled_from(["北京下雨", "2月很冷", "会议结束", "天津晴", "他说“好”"]),
        min_size=1,
        max_size=6,
    ),
    st.lists(st.sampled_from(["。", "！", "？", "。”", "！」"]), min_size=6, max_size=6),
)
def test_chinese_sentences_render_without_spaces(words: list[str], stops: list[str]) -> None:
    """Sentences glued by CJK stops come back exactly as given, with no space
    inserted between them (``。2月``, never ``。 2月``)."""
    text = "".join(word + stop for word, stop in zip(words, stops, strict=False))
    assert " " not in clean(text, line_model=False)


CHINESE = (
    "受持续强降雨影响，浙江省气象台周二发布暴雨橙色预警。杭州、宁波和绍兴三市部分地区24小时降雨量"
    "超过100毫米，当地已转移安置受威胁群众1200余人。气象部门提醒，未来三天仍有强降雨，请市民注意"
    "防范山洪和地质灾害。"
)


@quick
@given(st.integers(40, 52))
def test_hard_wrapped_chinese_comes_back_without_spaces(width: int) -> None:
    """A Chinese paragraph wrapped (three lines or more, as the text reader
    requires) next to a Chinese character is joined back as it was. (A wrap
    inside a number, ``1\\n00``, is not recognised.)"""
    cuts = range(width, len(CHINESE), width)
    assume(all(not (CHINESE[i - 1].isascii() and CHINESE[i].isascii()) for i in cuts))
    wrapped = "\n".join(CHINESE[i : i + width] for i in range(0, len(CHINESE), width))
    assert clean(wrapped, line_model=False) == CHINESE
