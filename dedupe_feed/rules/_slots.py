"""Pattern slots: ``<outlet>``, ``<agency>``, ``<date>`` and two boundary slots.

A slot is written ``<name>`` in a rule pattern and expands to a regular
expression fragment. The value slots become named groups (``(?P<outlet>...)``)
that a rule's ``fields`` can lift into metadata; ``<sentence_end>`` is a
zero-width check that the match is followed by the end of its sentence.
``<sentence_start>`` may only open a pattern: the matcher then checks in
Python that the match starts a sentence (:func:`at_sentence_start`), which a
fixed-width lookbehind could not do across any run of spaces. Every fragment
uses bounded quantifiers only, so no slot can make a rule backtrack
catastrophically.

>>> import re
>>> re.fullmatch(expand_slots("by <outlet> staff"), "by Asianet Newsable English staff")["outlet"]
'Asianet Newsable English'
"""

from __future__ import annotations

import re
from types import MappingProxyType

from dedupe_feed.agencies import AGENCY_PATTERN
from dedupe_feed.dates import DATE_PATTERN
from dedupe_feed.errors import RuleError

_SPACE = r"[ \t\xa0]"
# A capitalised token: "NDTV", "ThePrint", "FPJ's", "NDTV.com" (a dot only inside),
# always a whole word: it starts at a word boundary (checked after the first
# character, so the regex engine can still scan for capitals) and is never
# split mid-word, which keeps backtracking short on long runs of capitals.
_TOKEN_REST = r"(?:[\w'’&-]|\.(?=\w)){0,30}(?![\w'’&-]|\.\w)"
_FIRST_TOKEN = rf"[A-Z0-9](?<![\w'’&.-].){_TOKEN_REST}"
_TOKEN = rf"[A-Z0-9]{_TOKEN_REST}"
_CONNECTOR = r"(?:of|the|and|&|for|on)"
_OUTLET = rf"(?-i:{_FIRST_TOKEN}(?:(?:{_SPACE}{_CONNECTOR})?{_SPACE}{_TOKEN}){{0,5}})"

#: ``<sentence_start>`` opens a pattern: checked by :func:`at_sentence_start`.
SENTENCE_START = "<sentence_start>"
# What may come before a sentence start (after spaces): sentence-final
# punctuation (also the Devanagari danda and CJK stops), a bracket, a quote,
# a bullet, a newline.
_BEFORE_SENTENCE = frozenset(".!?\"'”’()[]|•*।॥。！？\n")
# Zero-width: followed by the end of the text or line, a bracket, a dash, a
# quote, a bullet, a capitalised word (the next sentence or boilerplate) or a
# letter of a script that is not Latin (Devanagari, CJK ... have no case).
_SENTENCE_END = (
    r"""(?=[^\S\n]*(?:\Z|[\n\r(\["“‘'|•*\-–—]|(?-i:[A-Z0-9])|[^\W\d_a-zA-Z\u00c0-\u024f]))"""
)

#: Slot name -> (regex fragment, whether it becomes a named group).
SLOTS: MappingProxyType[str, tuple[str, bool]] = MappingProxyType(
    {
        "outlet": (_OUTLET, True),
        "agency": (AGENCY_PATTERN, True),
        "date": (DATE_PATTERN, True),
        "sentence_end": (_SENTENCE_END, False),
    }
)

# ``<name>`` that is not the name of a ``(?P<name>...)`` group and not escaped.
_SLOT_RE = re.compile(r"(?<!\(\?P)(?<!\\)<([A-Za-z_]\w*)>")


def at_sentence_start(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a sentence: only spaces lie between it and the
    start of the text or line, or sentence-final punctuation or a bracket.

    >>> at_sentence_start("said.   (PTI)", 8), at_sentence_start("the agency (PTI)", 11)
    (True, False)
    """
    while pos > 0 and text[pos - 1] in " \t\xa0":
        pos -= 1
    return pos == 0 or text[pos - 1] in _BEFORE_SENTENCE


def expand_slots(pattern: str) -> str:
    """Replace every ``<slot>`` in ``pattern`` by its regex fragment.

    Raises :class:`~dedupe_feed.errors.RuleError` for an unknown slot or a
    value slot used twice.

    >>> expand_slots("(?P<x>a)<sentence_end>").startswith("(?P<x>a)(?=")
    True
    >>> expand_slots("<publisher>")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedupe_feed.errors.RuleError: unknown slot <publisher>; known slots: agency, date, ...
    """
    seen: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in SLOTS:
            raise RuleError(f"unknown slot <{name}>; known slots: {', '.join(sorted(SLOTS))}")
        fragment, named = SLOTS[name]
        if not named:
            return fragment
        if name in seen:
            raise RuleError(f"slot <{name}> is used twice in one pattern")
        seen.add(name)
        return f"(?P<{name}>{fragment})"

    return _SLOT_RE.sub(replace, pattern)
