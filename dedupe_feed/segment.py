"""Segment stage: blocks minus rule matches -> sentence and heading units.

A rule match in the middle of a paragraph splits it (the text after a removed
credit or disclaimer starts a new paragraph); a glued boundary (``chains.The``)
is a lost paragraph break and is recorded as a :class:`Change`.

>>> from dedupe_feed.text import text_to_document
>>> units, changes = build_units(text_to_document("Rain hit Kochi.The IMD warned."), [])
>>> [(u.text, u.new_paragraph) for u in units]
[('Rain hit Kochi.', True), ('The IMD warned.', True)]
>>> changes[0].kind
'boundary_restored'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from dedupe_feed.keys import KeyCache, cached_key
from dedupe_feed.model import (
    Block,
    BlockKind,
    Change,
    Document,
    Removal,
    RuleMatch,
    Unit,
    renumber,
)
from dedupe_feed.sentences import split_sentences

_HEADING_MAX_WORDS = 12
_HEADING_MAX_CJK_CHARS = 30
_END_PUNCTUATION = frozenset(".!?;:,।॥。！？；：，…")
_CLOSERS = "\"'”’)]»"
_HEADING_CONNECTORS = frozenset(("from", "with", "over", "under", "into", "after", "amid"))


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    end: int
    kind: BlockKind


def build_units(
    doc: Document, matches: Sequence[RuleMatch], *, restore_boundaries: bool = True
) -> tuple[list[Unit], list[Change]]:
    """Cut every block, minus the matched spans, into units."""
    units: list[Unit] = []
    changes: list[Change] = []
    for piece in _pieces(doc.source, doc.blocks, matches):
        _add_piece_units(doc.source, piece, restore_boundaries, units, changes)
    return units, changes


def residue(doc: Document, matches: Sequence[RuleMatch]) -> list[Removal]:
    """Punctuation left between or beside removed matches (``" - "``, ``"."``),
    and a call-to-action word orphaned after a removed promo (``Now``).

    A piece with no letter or digit that touches a removed match, or that is
    only ``now``/``today``/``here`` right after removed boilerplate, is residue
    of that boilerplate; it is recorded, not silently dropped.

    >>> from dedupe_feed.text import text_to_document
    >>> doc = text_to_document("Rain hit Kochi. Download the app Now")
    >>> promo = RuleMatch(16, 32, "promo.download_app", "promo")
    >>> [(r.text, r.reason) for r in residue(doc, [promo])]
    [('Now', 'residue')]
    """
    found: list[Removal] = []
    for piece in _raw_pieces(doc.source, doc.blocks, matches):
        if _is_residue(doc.source, piece, matches):
            text = doc.source[piece.start : piece.end]
            found.append(Removal(piece.start, piece.end, text, "residue", "rules"))
    return found


def _pieces(source: str, blocks: Sequence[Block], matches: Sequence[RuleMatch]) -> Iterator[_Piece]:
    for piece in _raw_pieces(source, blocks, matches):
        if not _is_residue(source, piece, matches):
            yield piece


#: A word that only ever closes a call to action (``Download the app Now``).
_ORPHAN_WORD = re.compile(r"(?:now|today|here)[.!]*", re.IGNORECASE)
#: Rule families whose matches are calls to action or page furniture.
_PROMPT_FAMILIES = frozenset({"footer", "promo", "social", "related", "ad", "chrome"})


def _is_residue(source: str, piece: _Piece, matches: Sequence[RuleMatch]) -> bool:
    """Punctuation touching a match, or an orphaned call-to-action word right
    after a promo-like match."""
    text = source[piece.start : piece.end]
    if not _has_alnum(text):
        return _touches_match(piece, matches)
    if _ORPHAN_WORD.fullmatch(text) is None:
        return False
    return any(
        m.family in _PROMPT_FAMILIES and piece.start - 2 <= m.end <= piece.start for m in matches
    )


def _raw_pieces(
    source: str, blocks: Sequence[Block], matches: Sequence[RuleMatch]
) -> Iterator[_Piece]:
    """Blocks with the matched spans cut out, stripped, non-empty."""
    ordered = sorted(matches, key=lambda m: m.start)
    position = 0
    for block in blocks:
        cursor = block.start
        while position < len(ordered) and ordered[position].end <= block.start:
            position += 1
        scan = position
        while scan < len(ordered) and ordered[scan].start < block.end:
            match = ordered[scan]
            yield from _stripped(source, cursor, max(cursor, match.start), block.kind)
            cursor = max(cursor, match.end)
            scan += 1
        yield from _stripped(source, cursor, block.end, block.kind)


def _stripped(source: str, start: int, end: int, kind: BlockKind) -> Iterator[_Piece]:
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    if start < end:
        yield _Piece(start, end, kind)


def _touches_match(piece: _Piece, matches: Sequence[RuleMatch]) -> bool:
    return any(m.end <= piece.start + 2 and m.end >= piece.start - 2 for m in matches) or any(
        m.start >= piece.end - 2 and m.start <= piece.end + 2 for m in matches
    )


def _has_alnum(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _add_piece_units(
    source: str, piece: _Piece, restore: bool, units: list[Unit], changes: list[Change]
) -> None:
    if piece.kind == "heading":
        units.append(_unit(source, len(units), piece.start, piece.end, "heading", True))
        return
    sentences = split_sentences(source, piece.start, piece.end, restore_glued=restore)
    if len(sentences) == 1 and looks_like_heading(source[piece.start : piece.end]):
        units.append(_unit(source, len(units), piece.start, piece.end, "heading", True))
        return
    previous_end = piece.start
    for number, sentence in enumerate(sentences):
        opens = number == 0 or sentence.glued
        units.append(_unit(source, len(units), sentence.start, sentence.end, "sentence", opens))
        if sentence.glued:
            changes.append(Change(previous_end, sentence.start, "boundary_restored", "glued"))
        previous_end = sentence.end


def _unit(source: str, index: int, start: int, end: int, kind: str, new_paragraph: bool) -> Unit:
    text = source[start:end]
    return Unit(
        index, start, end, text, "heading" if kind == "heading" else "sentence", new_paragraph
    )


def looks_like_heading(text: str) -> bool:
    """A short line with no closing punctuation, in title case where the
    script has case (every word of four or more letters capitalised).

    >>> looks_like_heading("Critical Minerals Ministerial")
    True
    >>> looks_like_heading("Growers' Concerns")
    True
    >>> looks_like_heading("The classes will be held at 38 cen")
    False
    >>> looks_like_heading("The talks ended.")
    False
    """
    stripped = text.strip().rstrip(_CLOSERS)
    if not stripped or stripped[-1] in _END_PUNCTUATION:
        return False
    if not any(ch.isalpha() for ch in stripped):
        return False
    if any("\u3400" <= ch <= "\u9fff" for ch in stripped):
        return len(stripped) <= _HEADING_MAX_CJK_CHARS
    words = stripped.split()
    return len(words) <= _HEADING_MAX_WORDS and all(_title_cased(word) for word in words)


def _title_cased(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    if not letters or not letters[0].isascii() or not letters[0].isalpha():
        return True
    if letters[0].isupper():
        return True
    return len(letters) < 4 or word.casefold() in _HEADING_CONNECTORS


def is_fragment(unit: Unit) -> bool:
    """A sentence cut by a truncated copy: starts in lower case or stops mid-way.

    >>> is_fragment(Unit(0, 0, 9, "held on January 27, featured"))
    True
    >>> is_fragment(Unit(0, 0, 9, "The talks ended."))
    False
    """
    if unit.kind != "sentence":
        return False
    stripped = unit.text.strip()
    first = stripped[:1]
    if first.isalpha() and first.islower():
        return True
    body = stripped.rstrip(_CLOSERS)
    return bool(body) and body[-1] not in _END_PUNCTUATION


def is_title_line(units: Sequence[Unit], index: int) -> bool:
    """A heading, or the item's first line standing alone without a closing
    stop: a headline (``No family will be left without a home, says minister``).

    >>> units = [Unit(0, 0, 0, "Minister visits Wayanad camps", new_paragraph=True),
    ...          Unit(1, 0, 0, "He met the families.", new_paragraph=True)]
    >>> is_title_line(units, 0), is_title_line(units, 1)
    (True, False)
    """
    unit = units[index]
    if unit.kind == "heading":
        return True
    if index != 0 or not unit.new_paragraph:
        return False
    if index + 1 < len(units) and not units[index + 1].new_paragraph:
        return False
    body = unit.text.strip().rstrip(_CLOSERS)
    return bool(body) and body[-1] not in _END_PUNCTUATION


def drop_repeated_title(
    units: Sequence[Unit], title: str | None, cache: KeyCache
) -> tuple[list[Unit], list[Removal]]:
    """The headline repeated as the first body line goes (it is in ``metadata``).

    >>> units = [Unit(0, 0, 14, "Rain in Kerala"), Unit(1, 15, 30, "It rained a lot.")]
    >>> kept, removed = drop_repeated_title(units, "Rain in  Kerala", {})
    >>> [u.text for u in kept], removed[0].reason
    (['It rained a lot.'], 'metadata.title')
    """
    if not title or not units:
        return list(units), []
    first = cached_key(units[0].text, cache)
    if not first.tokens or first.text != cached_key(title, cache).text:
        return list(units), []
    head = units[0]
    removal = Removal(head.start, head.end, head.text, "metadata.title", "metadata")
    return renumber(units[1:]), [removal]
