"""Render stage: the placed units as text, paragraphs separated by a blank line.

>>> from dedupe_feed.model import Unit
>>> from dedupe_feed.order import Placed
>>> units = [Unit(0, 0, 5, "Rain  hit.", new_paragraph=True), Unit(1, 6, 9, "It\\npoured.")]
>>> render_text(units, [Placed(0, 0), Placed(1, 1)])
'Rain hit. It poured.'
"""

from __future__ import annotations

from collections.abc import Sequence

from dedupe_feed.model import Unit
from dedupe_feed.order import Placed


def render_text(units: Sequence[Unit], placed: Sequence[Placed]) -> str:
    """Join sentences with a space and paragraphs with ``"\\n\\n"``."""
    return "\n\n".join(paragraph_texts(units, group_paragraphs(units, placed)))


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
    """Each paragraph as rendered: its sentences, whitespace collapsed, joined by a space."""
    return [" ".join(" ".join(units[p.unit].text.split()) for p in group) for group in paragraphs]


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
