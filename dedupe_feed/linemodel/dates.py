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
    (":", _CLOCK), ("-", _ISO_DATE), ("/", _SLASH_DATE), ("年", _YEAR_CJK), ("月", _DAY_CJK),
)  # fmt: skip
"""Each pattern without a month name, and a string it cannot match without."""


def has_date(folded: str) -> bool:
    """``bool(DATE_OR_TIME.search(folded))``, without trying every
    alternative at every character.

    >>> has_date("10:45 ist"), has_date("on 5 march"), has_date("the summary 3")
    (True, True, False)
    """
    if any(hint in folded and pattern.search(folded) for hint, pattern in _NUMERIC):
        return True
    return any(_month_date_at(folded, start) for start in _month_starts(folded))


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
