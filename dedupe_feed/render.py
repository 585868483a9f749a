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
    paragraphs: list[list[str]] = []
    previous: Placed | None = None
    for item in placed:
        if previous is None or _opens_paragraph(units, previous, item):
            paragraphs.append([])
        paragraphs[-1].append(" ".join(units[item.unit].text.split()))
        previous = item
    return "\n\n".join(" ".join(sentences) for sentences in paragraphs)


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
