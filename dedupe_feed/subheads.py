"""Recover subheads glued to the sentence after them.

``Critical Minerals Ministerial The US Department of State had said ...``
is a heading run into a sentence. The strongest evidence is another unit
(usually in the other copy of the body) that *is* that sentence without the
title-case run in front; the weaker one is a title-case run followed by a
word that starts sentences (``The``, ``Meanwhile,``, ``According`` ...).

>>> from dedupe_feed.model import Unit
>>> units = [Unit(0, 0, 49, "Flood Relief Package The state approved Rs 500 crore.")]
>>> split, changes = recover_subheads(units, {})
>>> [(u.kind, u.text) for u in split]
[('heading', 'Flood Relief Package'), ('sentence', 'The state approved Rs 500 crore.')]
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from dedupe_feed.keys import TOKEN_PATTERN as _TOKEN
from dedupe_feed.keys import KeyCache, cached_key
from dedupe_feed.model import Change, Unit, renumber

_MAX_HEADING_WORDS = 12
_MIN_REMAINDER_WORDS = 4
_WORD = re.compile(r"\S+")
_SECOND_WORD = re.compile(r"\s*\S+\s+(\S+)")
_CONNECTORS = frozenset(
    [
        "of",
        "on",
        "and",
        "the",
        "for",
        "in",
        "to",
        "at",
        "with",
        "&",
        "-",
        "a",
        "an",
        "vs",
        "by",
        "from",
        "under",
        "over",
    ]
)
_STARTERS = frozenset(
    [
        "The",
        "In",
        "On",
        "At",
        "Meanwhile",
        "According",
        "He",
        "She",
        "They",
        "It",
        "This",
        "These",
        "Those",
        "Earlier",
        "Later",
        "However",
        "Officials",
        "Sources",
        "Speaking",
        "Addressing",
        "Following",
        "After",
    ]
)
_ARTICLES = frozenset(("A", "An"))
_TAIL_TOKENS = 3
_STARTER_WINDOW = 160
_STARTER_NEAR_START = re.compile(r"\s(?:" + "|".join(sorted(_STARTERS | _ARTICLES)) + r")\b")
_TRAILING = ",.:;!?"


def recover_subheads(units: Sequence[Unit], cache: KeyCache) -> tuple[list[Unit], list[Change]]:
    """Split every sentence that starts with a glued subhead; re-number units."""
    unit_keys = [cached_key(u.text, cache) for u in units]
    known = _Known({key.plain for key in unit_keys})
    out: list[Unit] = []
    changes: list[Change] = []
    for unit in units:
        split = _split_unit(unit, known, cache) if unit.kind == "sentence" else None
        if split is None:
            out.append(unit)
            continue
        heading, rest, evidence = split
        out.extend((heading, rest))
        changes.append(Change(heading.start, heading.end, "heading_recovered", evidence))
    return renumber(out), changes


class _Known:
    """The units' plain keys, indexed by their last words and length, so a
    sentence finds at once whether some unit could be its own tail."""

    def __init__(self, plains: set[str]) -> None:
        self.plains = plains
        self.lengths: dict[tuple[str, ...], set[int]] = {}
        for plain in plains:
            tokens = plain.split()
            self.lengths.setdefault(tuple(tokens[-_TAIL_TOKENS:]), set()).add(len(tokens))

    def tail_lengths(self, tokens: Sequence[str]) -> set[int]:
        """Token counts of known units that end like ``tokens`` and are shorter."""
        found = self.lengths.get(tuple(tokens[-_TAIL_TOKENS:]), set())
        return {length for length in found if length < len(tokens)}


def _split_unit(unit: Unit, known: _Known, cache: KeyCache) -> tuple[Unit, Unit, str] | None:
    second = _SECOND_WORD.match(unit.text)
    if second is None or not _is_title_word(second.group(1), 1):
        return None  # ``The meeting ...``: no run of two title words, no cut possible
    own = cached_key(unit.text, cache).plain.split()
    tails = known.tail_lengths(own)
    if not tails and _STARTER_NEAR_START.search(unit.text, 0, _STARTER_WINDOW) is None:
        return None  # no other unit is this sentence's tail, and no starter word follows
    scan = _MAX_HEADING_WORDS + 2 + _MIN_REMAINDER_WORDS
    words = [(m.start(), m.end()) for m in itertools.islice(_WORD.finditer(unit.text), scan)]
    run = _title_run_length(unit.text, words)
    if run < 1:
        return None
    limit = min(run + 1, len(words) - 1, _MAX_HEADING_WORDS + 1)
    skipped = 0  # key tokens of the words before the cut
    for cut in range(1, limit if tails else 0):
        skipped += len(_TOKEN.findall(unit.text[slice(*words[cut - 1])]))
        if len(own) - skipped not in tails or not unit.text[words[cut][0]].isupper():
            continue
        if not _heading_may_end(unit.text, words, cut):
            continue  # ``Exporters in | Thrissur shipped ...``: a truncated copy, not a subhead
        if " ".join(own[skipped:]) in known.plains:
            return _cut(unit, words, cut, "the same sentence stands without it elsewhere")
    starter = _starter_cut(unit.text, words, min(run + 1, len(words)))
    if starter is not None:
        word = unit.text[slice(*words[starter])]
        return _cut(unit, words, starter, f"title-case run before {word!r}")
    return None


def _title_run_length(text: str, words: Sequence[tuple[int, int]]) -> int:
    """How many leading words form a title-case run (ending before punctuation)."""
    count = 0
    for position, (start, end) in enumerate(words[: _MAX_HEADING_WORDS + 1]):
        word = text[start:end]
        if not _is_title_word(word, position):
            break
        count += 1
        if word[-1] in _TRAILING:
            break
    return count


def _is_title_word(word: str, position: int) -> bool:
    first = word[0]
    if first.isupper() or first.isdigit():
        return True
    return position > 0 and word.casefold() in _CONNECTORS


def _starter_cut(text: str, words: Sequence[tuple[int, int]], run: int) -> int | None:
    """The first sentence-starting word after >= 2 heading words, if any
    (one pass; the words before the cut must not end in punctuation)."""
    capitalised = 0
    for cut in range(min(run, _MAX_HEADING_WORDS + 1)):
        if cut >= 2 and capitalised >= 2:
            if len(words) - cut < _MIN_REMAINDER_WORDS:
                return None
            if _starts_sentence(text, words, cut) and _heading_may_end(text, words, cut):
                return cut
        word = text[slice(*words[cut])]
        if word[-1] in _TRAILING:
            return None
        if word[0].isupper() and word.casefold() not in _CONNECTORS:
            capitalised += 1
    return None


def _heading_may_end(text: str, words: Sequence[tuple[int, int]], cut: int) -> bool:
    """A heading does not end in a connector (``of``, ``in``, ``and`` ...).

    >>> text = "Exporters in Thrissur shipped pepper."
    >>> words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    >>> _heading_may_end(text, words, 2), _heading_may_end(text, words, 3)
    (False, True)
    """
    return text[slice(*words[cut - 1])].casefold() not in _CONNECTORS


def _starts_sentence(text: str, words: Sequence[tuple[int, int]], cut: int) -> bool:
    word = text[slice(*words[cut])].rstrip(",")
    if word in _STARTERS:
        return True
    if word in _ARTICLES and cut + 1 < len(words):
        following = text[slice(*words[cut + 1])]  # ``A team ...``, not ``Outlet A on ...``
        return following[:1].islower() and following.casefold() not in _CONNECTORS
    return False


def _cut(
    unit: Unit, words: Sequence[tuple[int, int]], cut: int, evidence: str
) -> tuple[Unit, Unit, str]:
    head_end = unit.start + words[cut - 1][1]
    rest_start = unit.start + words[cut][0]
    heading = Unit(
        unit.index, unit.start, head_end, unit.text[: words[cut - 1][1]], "heading", True
    )
    rest = Unit(unit.index, rest_start, unit.end, unit.text[words[cut][0] :], "sentence", True)
    return heading, rest, evidence
