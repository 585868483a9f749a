"""Does a casefolded line hold a date or a clock time (the ``date_or_time`` feature)?

The answer is ``bool(DATE_OR_TIME.search(folded))``. :func:`has_date` gives
that answer faster: one pattern of seven alternatives, most starting with a
word boundary, is tried at every character of the line, so each alternative
is tried here only when the line holds a string it cannot match without, and
the two month-name forms only where a month name occurs.

>>> has_date("updated: jan 28, 2026 10:45 ist"), has_date("it may rain on 3 days")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}"
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_SLASH_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_MONTH_DAY = re.compile(rf"\b{_MONTH}\.?\s+\d{{1,2}}\b")
_DAY_MONTH = re.compile(rf"\b\d{{1,2}}\s+{_MONTH}\b")
_YEAR_CJK = re.compile(r"\d{4}年")
_DAY_CJK = re.compile(r"\d{1,2}月\d{1,2}日")

DATE_OR_TIME = re.compile(
    "|".join(
        p.pattern
        for p in (_CLOCK, _ISO_DATE, _SLASH_DATE, _MONTH_DAY, _DAY_MONTH, _YEAR_CJK, _DAY_CJK)
    )
)
"""Dates and clock times, as one pattern (the definition :func:`has_date` keeps).

>>> [bool(DATE_OR_TIME.search(t)) for t in ("jan 28, 2026", "10:45 ist", "may be 3")]
[True, True, False]
"""

_NUMERIC = (
    (":", _CLOCK, (1, 2)), ("-", _ISO_DATE, (4,)), ("/", _SLASH_DATE, (1, 2)),
    ("年", _YEAR_CJK, (4,)), ("月", _DAY_CJK, (1, 2)),
)  # fmt: skip
"""Each pattern without a month name, a character it cannot match without,
and how far before that character's first occurrence in a match the match
starts (the patterns before it are fixed-width or one or two digits)."""


def has_date(folded: str) -> bool:
    """``bool(DATE_OR_TIME.search(folded))``, without trying every
    alternative at every character.

    >>> has_date("10:45 ist"), has_date("on 5 march"), has_date("the summary 3")
    (True, True, False)
    """
    for hint, pattern, offsets in _NUMERIC:
        if hint in folded and _matches_before(folded, hint, pattern, offsets):
            return True
    return any(_month_date_at(folded, start) for start in _month_starts(folded))


def _matches_before(
    folded: str, hint: str, pattern: re.Pattern[str], offsets: Sequence[int]
) -> bool:
    """``pattern.search(folded)``, tried only at ``offsets`` before each
    ``hint``: a match starts there, so no scan of the whole line is needed.

    >>> [_matches_before(line, ":", _CLOCK, (1, 2)) for line in ("at 10:45 ist", "a:b")]
    [True, False]
    """
    at = folded.find(hint)
    while at >= 0:
        for offset in offsets:
            if at >= offset and pattern.match(folded, at - offset) is not None:
                return True
        at = folded.find(hint, at + 1)
    return False


def _month_starts(folded: str) -> list[int]:
    """Every index where a month abbreviation starts (``sept`` starts with ``sep``)."""
    starts: list[int] = []
    for month in _MONTHS:
        at = folded.find(month)
        while at >= 0:
            starts.append(at)
            at = folded.find(month, at + 1)
    return starts


def _month_date_at(folded: str, start: int) -> bool:
    """A month-day date whose month name starts at ``start``: the name first
    (``jan 28``), or a day and whitespace before it (``28 jan``)."""
    if _MONTH_DAY.match(folded, start):
        return True
    space = start
    while space > 0 and folded[space - 1].isspace():
        space -= 1
    if space == start:
        return False
    return any(
        day >= 0 and _DAY_MONTH.match(folded, day) is not None for day in (space - 1, space - 2)
    )
