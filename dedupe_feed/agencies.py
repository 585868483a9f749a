"""News agencies: the one table of their names in the package.

The rule slot ``<agency>`` (:mod:`dedupe_feed.rules`) matches every spelling
below as written (case matters: ``AP`` is an agency, ``ap`` is not; plus
``agencies`` in any case), and :func:`canonical_agency` maps any spelling,
in any case, to the agency's short name for ``metadata["credit"]``.

>>> canonical_agency("Press Trust of India"), canonical_agency("REUTERS")
('PTI', 'Reuters')
>>> import re
>>> credits = ("PTI", "Agence France-Presse", "pti", "AGENCIES")
>>> [bool(re.fullmatch(AGENCY_PATTERN, credit)) for credit in credits]
[True, True, False, True]
"""

from __future__ import annotations

import re
from types import MappingProxyType

#: Short name -> the spellings a credit line uses (the short name first).
AGENCIES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "PTI": ("PTI", "Press Trust of India"),
        "ANI": ("ANI", "Asian News International"),
        "IANS": ("IANS", "Indo-Asian News Service", "Indo Asian News Service"),
        "UNI": ("UNI", "United News of India"),
        "Reuters": ("Reuters", "REUTERS", "Reuter", "Thomson Reuters"),
        "AP": ("AP", "Associated Press", "The Associated Press"),
        "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
        "Xinhua": ("Xinhua", "XINHUA"),
    }
)
#: A credit that names no agency in particular.
GENERIC_CREDIT = "agencies"

_BY_SPELLING = MappingProxyType(
    {spelling.casefold(): name for name, spellings in AGENCIES.items() for spelling in spellings}
)
#: Any spelling as written, longest first, or ``agencies`` in any case (a
#: regex source with its own flags, to embed in larger patterns).
AGENCY_PATTERN = (
    "(?-i:"
    + "|".join(
        re.escape(spelling).replace(r"\ ", " ")
        for spelling in sorted(
            {s for spellings in AGENCIES.values() for s in spellings}, key=lambda s: (-len(s), s)
        )
    )
    + f")|(?i:{GENERIC_CREDIT})"
)


def canonical_agency(text: str) -> str | None:
    """The short name of the agency ``text`` spells (any case), else ``None``.

    >>> canonical_agency("the associated press"), canonical_agency("Kerala Kaumudi")
    ('AP', None)
    """
    return _BY_SPELLING.get(text.casefold())
