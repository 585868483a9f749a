"""First step for plain text: repair mojibake and HTML entities with ftfy,
then drop the stray tags a plain-text item may carry (:func:`drop_stray_tags`).

Syndicated plain text often arrives decoded with the wrong charset
(``Itâ€™s`` for ``It’s``) or with HTML entities left in (``&amp;``,
``&nbsp;``). `ftfy <https://ftfy.readthedocs.io>`_, a library made for exactly
this, repairs them before anything else reads the text.

**How the repair is recorded.** A repair changes the length of the text
(``â€™`` is three characters, ``’`` one), so it cannot keep offsets into
``raw`` the way :func:`~dedupe_feed.normalize.normalize_text` does. The
repaired text becomes the item's ``source``: every offset in
:func:`~dedupe_feed.analyze` (removals, changes) indexes ``result.source``,
as before. Each repaired line is reported as one
:class:`~dedupe_feed.model.Change` of kind ``"text_repaired"`` whose span covers
the repaired characters in ``source`` and whose evidence names ftfy's steps
and quotes the text it replaced (a long one shortened in the middle), so
no raw character disappears without a record.

**Only mojibake and entities.** ftfy runs with every fix that changes sound
text switched off: quotes stay curly, ligatures and full-width characters
(Chinese ``，``) stay, no Unicode normalisation (Devanagari nukta letters
stay as written), line breaks and control characters are left to
:func:`~dedupe_feed.normalize.normalize_text`. Lines without an entity
(``&...;``), Latin-1 range characters or surrogates cannot hold mojibake and
are not touched at all, which also keeps the step cheap on ASCII, Devanagari and Chinese text
(ftfy itself is imported when the first suspect line turns up).

>>> repaired = repair_text("Itâ€™s cheap &amp; quick.\\nAll fine.")
>>> repaired.text
'It’s cheap & quick.\\nAll fine.'
>>> repaired.changes[0].start, repaired.changes[0].end, repaired.changes[0].kind
(0, 12, 'text_repaired')
>>> repair_text("“Curly” quotes, ﬁ and 浙江，周二。").changes
()
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dedupe_feed.detect import find_tags
from dedupe_feed.model import Change

if TYPE_CHECKING:
    from ftfy import TextFixerConfig

__all__ = ["STRAY_TAGS", "Repaired", "drop_stray_tags", "is_suspect", "repair_text"]


@functools.cache
def _config() -> TextFixerConfig:
    """ftfy's mojibake and entity fixes only; everything that rewrites sound text is off."""
    from ftfy import TextFixerConfig  # 40 ms of start-up: only once a line needs it

    return TextFixerConfig(
        unescape_html=True,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )


SUSPECT = re.compile("&#?[0-9A-Za-z]{1,24};|[\u0080-\u00ff\ud800-\udfff]")
"""What a line holds if it may hold mojibake or an entity (the definition
:func:`is_suspect` keeps, faster)."""
_ENTITY = re.compile("&#?[0-9A-Za-z]{1,24};")


def is_suspect(text: str) -> bool:
    """``SUSPECT.search(text) is not None``: an entity, a Latin-1 range
    character or a surrogate, found by C string methods rather than a regex
    test at every character (a 6 KB item: 100 us -> a few).

    >>> is_suspect("Rain & sun"), is_suspect("&amp;"), is_suspect("café"), is_suspect("“浙江”")
    (False, True, True, False)
    >>> is_suspect(chr(0xD800))
    True
    """
    if "&" in text and _ENTITY.search(text) is not None:
        return True
    if text.isascii():
        return False
    if not text.encode("latin-1", "ignore").isascii():
        return True  # a character in U+0080..U+00FF (latin-1 keeps just those and ASCII)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True  # a lone surrogate
    return False


_LINE = re.compile(r"[^\n]*\n?")
_MAX_QUOTED = 80


@dataclass(frozen=True, slots=True)
class Repaired:
    """The repaired text and one ``text_repaired`` change per repaired line."""

    text: str
    changes: tuple[Change, ...]


def repair_text(raw: str) -> Repaired:
    """Repair mojibake and HTML entities in ``raw``, line by line.

    Text without mojibake comes back unchanged, with no changes.

    >>> repair_text("Rain lashed Kochi.").text
    'Rain lashed Kochi.'
    >>> repair_text("cafÃ© &lt;3").changes[0].evidence
    "ftfy unescape_html, encode latin-1, decode utf-8: was 'cafÃ© &lt;3'"
    """
    if not is_suspect(raw):
        return Repaired(raw, ())
    parts: list[str] = []
    changes: list[Change] = []
    offset = 0
    for match in _LINE.finditer(raw):
        line = match.group()
        fixed, change = _repair_line(line, offset)
        if change is not None:
            changes.append(change)
        parts.append(fixed)
        offset += len(fixed)
    return Repaired("".join(parts), tuple(changes))


#: Inline tags whose content is text (links, emphasis): dropped from plain text,
#: their text kept. ``<script>``, ``<style>`` and the like are not: their content is
#: no text, and removing the tags alone would leave it in as if it were.
STRAY_TAGS = frozenset(
    {
        "a", "abbr", "b", "big", "cite", "em", "font", "i", "mark", "q", "small",
        "span", "strong", "sub", "sup", "time", "tt", "u", "wbr",
    }
)  # fmt: skip


def drop_stray_tags(repaired: Repaired) -> Repaired:
    """Remove the inline tags (:data:`STRAY_TAGS`) left in a plain-text item
    (``<a href=...>``, ``</b>``), each recorded as a ``tag_removed`` change at the place it was,
    with the tag as evidence; earlier changes are moved to the new offsets.

    >>> out = drop_stray_tags(Repaired("the <a href='/imd'>IMD</a> said", ()))
    >>> out.text
    'the IMD said'
    >>> [(c.start, c.end, c.kind, c.evidence) for c in out.changes]
    [(4, 4, 'tag_removed', "<a href='/imd'>"), (7, 7, 'tag_removed', '</a>')]
    """
    text = repaired.text
    tags = find_tags(text, STRAY_TAGS)
    if not tags:
        return repaired
    kept = _between(text, tags)
    ends = [end for _, end in tags]
    removed_before = list(itertools.accumulate(end - start for start, end in tags))
    moved = [
        Change(
            _shift(c.start, tags, ends, removed_before),
            _shift(c.end, tags, ends, removed_before),
            c.kind,
            c.evidence,
        )
        for c in repaired.changes
    ]
    dropped = [
        Change(
            _shift(start, tags, ends, removed_before),
            _shift(start, tags, ends, removed_before),
            "tag_removed",
            text[start:end],
        )
        for start, end in tags
    ]
    changes = sorted([*moved, *dropped], key=lambda c: (c.start, c.end))
    return Repaired(kept, tuple(changes))


def _between(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` without the (sorted, disjoint) ``spans``."""
    pieces: list[str] = []
    cursor = 0
    for start, end in spans:
        pieces.append(text[cursor:start])
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _shift(
    pos: int, spans: Sequence[tuple[int, int]], ends: Sequence[int], removed: Sequence[int]
) -> int:
    """Where ``pos`` lands once ``spans`` are cut out (inside a span: its start).

    >>> _shift(10, [(2, 5)], [5], [3]), _shift(3, [(2, 5)], [5], [3]), _shift(1, [(2, 5)], [5], [3])
    (7, 2, 1)
    """
    index = bisect.bisect_right(ends, pos)
    before = removed[index - 1] if index else 0
    if index < len(spans) and spans[index][0] < pos:
        pos = spans[index][0]
    return pos - before


def _repair_line(line: str, offset: int) -> tuple[str, Change | None]:
    """``line`` repaired, and the change that records it (``offset``: where
    the repaired line starts in the repaired text)."""
    if not line or not is_suspect(line):
        return line, None
    import ftfy

    fixed, steps = ftfy.fix_and_explain(line, _config())
    if fixed == line:
        return line, None
    head, old_tail, new_tail = _differing_span(line, fixed)
    evidence = f"ftfy {_describe(steps or [])}: was {_quoted(line[head:old_tail])}"
    return fixed, Change(offset + head, offset + new_tail, "text_repaired", evidence)


def _differing_span(old: str, new: str) -> tuple[int, int, int]:
    """``(start, end in old, end in new)`` of the part that differs, widened
    to whole words (``&amp;`` and ``&`` share their first character).

    >>> _differing_span("Itâ€™s ok", "It’s ok")
    (0, 6, 4)
    >>> _differing_span("Tom &amp; Jerry", "Tom & Jerry")
    (4, 9, 5)
    """
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    while head > 0 and not old[head - 1].isspace():
        head -= 1
    while tail > 0 and not old[-tail].isspace():
        tail -= 1
    return head, len(old) - tail, len(new) - tail


def _describe(steps: Sequence[tuple[str, str]]) -> str:
    """ftfy's explanation as ``unescape_html, encode latin-1, decode utf-8``."""
    return ", ".join(name if kind == "apply" else f"{kind} {name}" for kind, name in steps)


def _quoted(text: str) -> str:
    """``repr`` of the replaced text, shortened in the middle when long."""
    if len(text) > _MAX_QUOTED:
        half = _MAX_QUOTED // 2
        text = f"{text[:half]}…{text[-half:]}"
    return repr(text)
