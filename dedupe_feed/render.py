"""Render stage: the placed units as text, paragraphs separated by a blank line.

>>> from dedupe_feed.model import Unit
>>> from dedupe_feed.order import Placed
>>> units = [Unit(0, 0, 5, "Rain  hit.", new_paragraph=True), Unit(1, 6, 9, "It\\npoured.")]
>>> render_text(units, [Placed(0, 0), Placed(1, 1)])
'Rain hit. It poured.'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from dedupe_feed.model import Unit
from dedupe_feed.order import Placed


def render_text(units: Sequence[Unit], placed: Sequence[Placed]) -> str:
    """Join sentences with a space and paragraphs with ``"\\n\\n"``."""
    return join_paragraphs(paragraph_texts(units, group_paragraphs(units, placed)))


def join_paragraphs(texts: Iterable[str]) -> str:
    """Rendered paragraphs (:func:`paragraph_texts`) as the article text.

    >>> join_paragraphs(["Rain hit.", "It poured."])
    'Rain hit.\\n\\nIt poured.'
    """
    return "\n\n".join(texts)


def group_paragraphs(units: Sequence[Unit], placed: Sequence[Placed]) -> list[list[Placed]]:
    """The placed units cut into the paragraphs the text will show.

    >>> units = [Unit(0, 0, 5, "Rain.", new_paragraph=True), Unit(1, 6, 9, "Wet.")]
    >>> groups = group_paragraphs(units, [Placed(0, 0), Placed(1, 1)])
    >>> [[p.unit for p in group] for group in groups]
    [[0, 1]]
    """
    paragraphs: list[list[Placed]] = []
    previous: Placed | None = None
    for item in placed:
        if previous is None or _opens_paragraph(units, previous, item):
            paragraphs.append([])
        paragraphs[-1].append(item)
        previous = item
    return paragraphs


def paragraph_texts(units: Sequence[Unit], paragraphs: Sequence[Sequence[Placed]]) -> list[str]:
    """Each paragraph as rendered: its sentences, whitespace collapsed, joined
    by a space (none after a CJK full stop, see :func:`join_sentences`)."""
    return [
        join_sentences(collapse_whitespace(units[p.unit].text) for p in group)
        for group in paragraphs
    ]


_WHITESPACE = re.compile(r"\s+")
#: Scripts written without spaces: Han, kana, CJK and full-width punctuation.
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def collapse_whitespace(text: str) -> str:
    """Each whitespace run as one space, stripped; a line break next to a CJK
    character is a hard wrap and becomes nothing (``24\\n小时`` -> ``24小时``).

    >>> collapse_whitespace("  Rain\\n  hit   Kochi. ")
    'Rain hit Kochi.'
    >>> collapse_whitespace("降雨量超过100毫米，当地已转移\\n安置群众。北京 上海")
    '降雨量超过100毫米，当地已转移安置群众。北京 上海'
    """
    if "\n" not in text or text.isascii():  # no line break can be a CJK hard wrap
        return " ".join(text.split())
    text = text.strip()
    parts: list[str] = []
    cursor = 0
    for run in _WHITESPACE.finditer(text):
        parts.append(text[cursor : run.start()])
        cursor = run.end()
        wrapped = "\n" in run.group() and (
            _CJK.match(text, run.start() - 1) is not None or _CJK.match(text, cursor) is not None
        )
        parts.append("" if wrapped else " ")
    parts.append(text[cursor:])
    return "".join(parts)


#: A sentence ending like this takes no space after it: CJK full-width stops
#: carry their own spacing (``。2月``, never ``。 2月``).
_CJK_END = re.compile(r"[。！？][”’」』）】》]*\Z")
#: The characters such an ending can end with (a cheap test before the pattern).
_CJK_END_LAST = frozenset("。！？”’」』）】》")


def join_sentences(sentences: Iterable[str]) -> str:
    """Sentences joined by a space, except right after a CJK full stop.

    >>> join_sentences(["北京下雨。", "2月很冷。", "It rained."])
    '北京下雨。2月很冷。It rained.'
    >>> join_sentences(["It rained.", "北京下雨。"])
    'It rained. 北京下雨。'
    """
    parts: list[str] = []
    for sentence in sentences:
        if parts and not _ends_with_cjk_stop(parts[-1]):
            parts.append(" ")
        parts.append(sentence)
    return "".join(parts)


def _ends_with_cjk_stop(sentence: str) -> bool:
    return sentence[-1:] in _CJK_END_LAST and _CJK_END.search(sentence) is not None


def _opens_paragraph(units: Sequence[Unit], previous: Placed, item: Placed) -> bool:
    """A new paragraph where the source had one, around headings, and where
    the merge put a unit out of source order."""
    slot = units[item.slot]
    return (
        slot.new_paragraph
        or item.relocated
        or previous.relocated
        or previous.slot > item.slot
        or units[item.unit].kind == "heading"
        or units[previous.unit].kind == "heading"
    )
