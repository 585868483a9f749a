"""A credit that closes a photo caption is the photo's credit, not the story's.

Items carry their photo captions as short lines between body paragraphs,
ending with the photographer's agency: ``Income Tax officials outside the IT
Dept.(PTI)``, ``Rescue workers in Wayanad on Tuesday. Photo credit (ANI)``.
The rules remove those credits like any other, but their agency must not
become ``metadata["credit"]``: the first credit found wins, and a caption's
often comes before the story's own credit at the end.

A credit match closes a caption when it ends its line, the text before it on
that line is short (at most :data:`MAX_CAPTION_WORDS` words), story text
(not removed by a rule) follows on later lines, and the line reads as a
caption: it names a photo or an image, or it does not end a sentence before
the credit (a fragment, or a stop glued to the credit: ``Dept.(PTI)``).
``(Photo: ANI)`` itself is not a story credit rule at all.

>>> source = "Rain hit Kochi.\\nOfficials at the IT Dept.(PTI)\\nSchools shut. (ANI)"
>>> caption = RuleMatch(41, 46, "credit.agency_parenthesized", "credit", (("credit", "PTI"),))
>>> story = RuleMatch(61, 66, "credit.agency_parenthesized", "credit", (("credit", "ANI"),))
>>> [m.fields for m in story_matches(source, [caption, story])]
[(), (('credit', 'ANI'),)]
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence

from dedupe_feed.model import RuleMatch

__all__ = ["MAX_CAPTION_WORDS", "story_matches"]

MAX_CAPTION_WORDS = 20
"""A line longer than this before its credit is a paragraph, not a caption."""

_PHOTO_WORDS = re.compile(
    r"\b(?:photo(?:graph)?s?|pic(?:ture)?s?|images?|file|representational|caption|visuals?)\b",
    re.IGNORECASE,
)
_SENTENCE_STOPS = frozenset(".!?…।॥。！？\"'”’")


def story_matches(source: str, matches: Sequence[RuleMatch]) -> list[RuleMatch]:
    """``matches`` with the credit fields of caption credits taken out (the
    match itself stays: the credit is still removed from the text)."""
    spans = sorted((m.start, m.end) for m in matches)
    return [
        dataclasses.replace(m, fields=_without_credit(m))
        if _closes_caption(source, m, spans)
        else m
        for m in matches
    ]


def _without_credit(match: RuleMatch) -> tuple[tuple[str, str], ...]:
    return tuple((name, value) for name, value in match.fields if name != "credit")


def _closes_caption(source: str, match: RuleMatch, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``match`` is a credit that closes a photo caption line.

    >>> text = "A photo of the rally. (PTI)\\nThe rally ended."
    >>> m = RuleMatch(22, 27, "credit.x", "credit", (("credit", "PTI"),))
    >>> _closes_caption(text, m, [(22, 27)])
    True
    >>> text = "The rally ended. (PTI)\\nAdd Outlet as a Preferred Source"
    >>> m = RuleMatch(17, 22, "credit.x", "credit", (("credit", "PTI"),))
    >>> _closes_caption(text, m, [(17, 22), (23, 55)])
    False
    """
    if match.family != "credit" or all(name != "credit" for name, _ in match.fields):
        return False
    line_start = source.rfind("\n", 0, match.start) + 1
    line_end = source.find("\n", match.end)
    line_end = len(source) if line_end < 0 else line_end
    before = source[line_start : match.start]
    words = before.split()
    if source[match.end : line_end].strip() or not words or len(words) > MAX_CAPTION_WORDS:
        return False
    if not _story_text_after(source, line_end, spans):
        return False
    if _PHOTO_WORDS.search(before) is not None:
        return True
    glued = before[-1] == "."
    return glued or before.rstrip()[-1] not in _SENTENCE_STOPS


def _story_text_after(source: str, start: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether any non-whitespace character after ``start`` lies outside ``spans``
    (sorted by start)."""
    first = bisect.bisect_left(spans, (start, start))
    cursor = max(start, spans[first - 1][1]) if first else start
    for span_start, span_end in spans[first:]:
        if source[cursor:span_start].strip():
            return True
        cursor = max(cursor, span_end)
    return bool(source[cursor:].strip())
