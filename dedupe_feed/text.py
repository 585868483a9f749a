"""Plain text -> :class:`~dedupe_feed.model.Document`: cut into paragraph blocks.

Every non-empty line is a paragraph, except hard-wrapped runs (lines of
similar length that stop mid-sentence), which are joined back into one.

>>> doc = text_to_document("First line.\\n\\nSecond line.")
>>> [doc.source[b.start:b.end] for b in doc.blocks]
['First line.', 'Second line.']
"""

from __future__ import annotations

import re

from dedupe_feed.model import Block, Document
from dedupe_feed.normalize import normalize_text
from dedupe_feed.repair import drop_stray_tags, repair_text

_LINE = re.compile(r"[^\n]+")
_SENTENCE_END = frozenset(".!?\"'”’)]:;।॥。！？")
_WRAP_MIN_LINES = 3
_WRAP_MIN_CHARS = 40
_WRAP_MAX_CHARS = 100


def text_to_document(raw: str, detection: str = "text: no markup") -> Document:
    """Read plain text: repair mojibake and entities and drop stray tags
    (:mod:`dedupe_feed.repair`, each recorded as a change), normalise it
    (length kept) and find its paragraphs.

    >>> text_to_document(" date 2026-01-28 Body.").blocks
    (Block(start=1, end=22, kind='paragraph'),)
    >>> text_to_document("Tom &amp; Jerry").source
    'Tom & Jerry'
    """
    repaired = drop_stray_tags(repair_text(raw))
    source = normalize_text(repaired.text)
    lines = [_strip_span(source, m.start(), m.end()) for m in _LINE.finditer(source)]
    spans = [span for span in lines if span[0] < span[1]]
    blocks = tuple(Block(start, end) for start, end in _join_wrapped(source, spans))
    return Document(
        source=source,
        blocks=blocks,
        input_format="text",
        detection=detection,
        changes=repaired.changes,
    )


def _strip_span(source: str, start: int, end: int) -> tuple[int, int]:
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    return start, end


def _join_wrapped(source: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge runs of consecutive hard-wrapped lines (no blank line between)."""
    merged: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for span in spans:
        if run and not _adjacent(source, run[-1], span):
            merged.extend(_close_run(source, run))
            run = []
        run.append(span)
    merged.extend(_close_run(source, run))
    return merged


def _adjacent(source: str, previous: tuple[int, int], current: tuple[int, int]) -> bool:
    """True when only one line break separates the two lines."""
    return source.count("\n", previous[1], current[0]) == 1


def _close_run(source: str, run: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if len(run) < _WRAP_MIN_LINES or not _looks_wrapped(source, run):
        return list(run)
    return _wrapped_paragraphs(source, run)


def _looks_wrapped(source: str, run: list[tuple[int, int]]) -> bool:
    """At least half the lines (all but the last) are mid-length and stop
    mid-sentence; the others may end paragraphs.

    >>> text = "a" * 50 + "\\n" + "b" * 50 + "\\n" + "c."
    >>> _looks_wrapped(text, [(0, 50), (51, 101), (102, 104)])
    True
    """
    body = run[:-1]
    wrapped = sum(
        1
        for start, end in body
        if _WRAP_MIN_CHARS <= end - start <= _WRAP_MAX_CHARS
        and source[end - 1] not in _SENTENCE_END
    )
    return wrapped * 2 >= len(body)


def _wrapped_paragraphs(source: str, run: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a hard-wrapped run, keeping the paragraph breaks it still shows: a
    line that ends a sentence ends its paragraph when the next line is
    indented (wire style) or, in a run without indents, when it is short.

    >>> text = "a" * 50 + " end.\\n  " + "b" * 50 + "\\n" + "c" * 40 + "."
    >>> _wrapped_paragraphs(text, [(0, 55), (58, 108), (109, 150)])
    [(0, 55), (58, 150)]
    """
    indented = [_indented(source, start) for start, _ in run]
    width = max(end - start for start, end in run)
    paragraphs: list[tuple[int, int]] = []
    first = run[0][0]
    for position, (start, end) in enumerate(run[:-1]):
        if source[end - 1] not in _SENTENCE_END:
            continue
        ends = indented[position + 1] if any(indented[1:]) else end - start < 0.8 * width
        if ends:
            paragraphs.append((first, end))
            first = run[position + 1][0]
    paragraphs.append((first, run[-1][1]))
    return paragraphs


def _indented(source: str, start: int) -> bool:
    """The line starting at ``start`` (after its whitespace) was indented."""
    return start > 0 and source[start - 1] in " \t"
