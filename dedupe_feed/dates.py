"""Dates and times in text: the one month and date pattern of the package.

The rule slot ``<date>`` (:mod:`dedupe_feed.rules`) and learned templates
(:mod:`dedupe_feed.learn`) both use :data:`DATE_PATTERN`. A month is a whole
word (``market``, ``Maruti``, ``Mayor``, ``Decided`` are not months) and a
date is a month with a day or a year, or an ISO date; a bare ``May`` is a
word, not a date. The patterns are regex sources to embed in larger
patterns; they carry no flags (rules choose theirs, :data:`DATE_RE` is
case-insensitive). Every quantifier is bounded.

>>> [is_date(t) for t in ("5 March 2026", "Mar 5, 2026", "5-MAR-1987", "2026-01-28")]
[True, True, True, True]
>>> [is_date(t) for t in ("market", "Marketline", "Maruti", "Mayor", "Decided", "May")]
[False, False, False, False, False, False]
"""

from __future__ import annotations

import re

_SPACE = r"[ \t\xa0]"
#: A month name or its abbreviation, as a whole word.
MONTH_PATTERN = (
    r"(?<![^\W\d_])"
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
    r"(?![^\W\d_])"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
#: A date: ``2026-01-28``; ``Mar 5``, ``Mar. 5, 2026``, ``March 2026``;
#: ``5 March 2026``, ``5th Mar., 2026``, ``5-MAR-1987``.
DATE_PATTERN = (
    r"(?<!\w)(?:\d{4}-\d{2}-\d{2}(?!\d)"
    rf"|{MONTH_PATTERN}\.?{_SPACE}{_DAY}(?:,?{_SPACE}\d{{4}})?(?!\w)"
    rf"|{MONTH_PATTERN}\.?,?{_SPACE}\d{{4}}(?!\w)"
    rf"|{_DAY}{_SPACE}{MONTH_PATTERN}\.?,?{_SPACE}\d{{4}}(?!\d)"
    rf"|\d{{1,2}}-{MONTH_PATTERN}-\d{{4}}(?!\d))"
)
#: :data:`DATE_PATTERN` compiled, case-insensitive.
DATE_RE = re.compile(DATE_PATTERN, re.IGNORECASE)


def is_date(text: str) -> bool:
    """Whether ``text`` (spaces around it aside) is one date.

    >>> is_date(" Apr 1 "), is_date("April fools")
    (True, False)
    """
    return DATE_RE.fullmatch(text.strip()) is not None
