"""Metadata lifted from rule matches: credit, date, publisher, reporting credits.

>>> from dedupe_feed.model import RuleMatch
>>> credit = RuleMatch(0, 5, "credit.with_inputs", "credit", (("credit", "Press Trust of India"),))
>>> collect_metadata([credit], known=[("title", "Rain in Kochi")])
{'title': 'Rain in Kochi', 'credit': 'PTI'}
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType

from dedupe_feed.agencies import canonical_agency
from dedupe_feed.model import RuleMatch

__all__ = [
    "collect_metadata",
    "normalize_credit",
    "normalize_date",
    "normalize_dateline",
    "normalize_publisher",
]

_MONTHS: Mapping[str, int] = MappingProxyType(
    {
        name: number
        for number, names in enumerate(
            (
                ("jan", "january"),
                ("feb", "february"),
                ("mar", "march"),
                ("apr", "april"),
                ("may",),
                ("jun", "june"),
                ("jul", "july"),
                ("aug", "august"),
                ("sep", "sept", "september"),
                ("oct", "october"),
                ("nov", "november"),
                ("dec", "december"),
            ),
            start=1,
        )
        for name in names
    }
)

_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTH_FIRST_RE = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_DAY_FIRST_RE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+|-)([a-z]+)(?:\.?,?\s+|-)(\d{4})")
_STAFF_RE = re.compile(r"(?:\s+(?:editorial\s+)?(?:staff|team|desk))+$", re.IGNORECASE)
_POSSESSIVE_RE = re.compile(r"['’]s$")
_EDGE_PUNCT = " \t\n.,;:!?()[]{}\"'“”‘’"


def collect_metadata(
    matches: Sequence[RuleMatch], known: Iterable[tuple[str, str]] = ()
) -> dict[str, str]:
    """Fields from ``known`` pairs first, then from ``matches`` in order.

    The first non-empty value per field wins; ``credit``, ``date`` and
    ``publisher`` values are normalised (see the ``normalize_*`` functions).

    >>> m = RuleMatch(0, 9, "metadata.date_prefix", "metadata", (("date", "Jan 28, 2026"),))
    >>> collect_metadata([m, m])
    {'date': '2026-01-28'}
    """
    result: dict[str, str] = {}
    pairs = list(known)
    for match in matches:
        pairs.extend(match.fields)
    for name, value in pairs:
        if name in result:
            continue
        clean = _NORMALIZERS.get(name, _collapse)(value)
        if clean:
            result[name] = clean
    return result


def normalize_credit(value: str) -> str:
    """The canonical agency name, or the value with whitespace collapsed.

    >>> normalize_credit(" Press Trust  of India "), normalize_credit("agencies")
    ('PTI', 'agencies')
    """
    text = _collapse(value).strip(_EDGE_PUNCT)
    return canonical_agency(text) or text


def normalize_date(value: str) -> str:
    """ISO ``YYYY-MM-DD`` when the value is a full, valid date; else as given.

    >>> normalize_date("28 Jan 2026"), normalize_date("January 28, 2026")
    ('2026-01-28', '2026-01-28')
    >>> normalize_date("5-MAR-1987")
    '1987-03-05'
    >>> normalize_date("Jan 28"), normalize_date("2026-02-30")
    ('Jan 28', '2026-02-30')
    """
    text = _collapse(value)
    parts = _date_parts(text.casefold())
    if parts is None:
        return text
    try:
        return datetime.date(*parts).isoformat()
    except ValueError:
        return text


def normalize_publisher(value: str) -> str:
    """The outlet name: whitespace collapsed, trailing ``staff`` and ``'s`` dropped.

    >>> normalize_publisher("Asianet  Newsable English staff"), normalize_publisher("FPJ's")
    ('Asianet Newsable English', 'FPJ')
    """
    text = _collapse(value).strip(_EDGE_PUNCT)
    text = _STAFF_RE.sub("", text)
    return _POSSESSIVE_RE.sub("", text).strip(_EDGE_PUNCT)


def normalize_dateline(value: str) -> str:
    """The place (and date) a story was filed from: whitespace collapsed, an
    all-capitals place name in title case, the separator before the body dropped.

    >>> normalize_dateline("NEW DELHI"), normalize_dateline("HAYWARD, Calif. ")
    ('New Delhi', 'Hayward, Calif.')
    >>> normalize_dateline("Kozhikode, Jul 9 -"), normalize_dateline("ST. LOUIS, Jan 28")
    ('Kozhikode, Jul 9', 'St. Louis, Jan 28')
    """
    text = _collapse(value).strip(" ,;:-–—")
    parts = text.split(", ")
    place = parts[0]
    if sum(ch.isalpha() for ch in place) >= 3 and place.isupper():
        place = " ".join(_title_word(word) for word in place.split(" "))
    return ", ".join([place, *parts[1:]])


def _title_word(word: str) -> str:
    """``LOUIS`` -> ``Louis``, ``ST.`` -> ``St.``, ``O'HARE`` -> ``O'Hare``."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word)


def _date_parts(text: str) -> tuple[int, int, int] | None:
    iso = _ISO_RE.fullmatch(text)
    if iso:
        return int(iso[1]), int(iso[2]), int(iso[3])
    month_first = _MONTH_FIRST_RE.fullmatch(text)
    if month_first and month_first[1] in _MONTHS:
        return int(month_first[3]), _MONTHS[month_first[1]], int(month_first[2])
    day_first = _DAY_FIRST_RE.fullmatch(text)
    if day_first and day_first[2] in _MONTHS:
        return int(day_first[3]), _MONTHS[day_first[2]], int(day_first[1])
    return None


def _collapse(value: str) -> str:
    return " ".join(value.split())


_NORMALIZERS: Mapping[str, Callable[[str], str]] = MappingProxyType(
    {
        "credit": normalize_credit,
        "date": normalize_date,
        "dateline": normalize_dateline,
        "publisher": normalize_publisher,
    }
)
