"""Length-preserving clean-up of raw text, so offsets stay offsets into ``raw``.

Control characters, NUL and odd spaces become a plain space, carriage returns
become line ends; nothing is inserted or deleted.

>>> normalize_text("a\\x00b\\r\\nc\\u00a0d")
'a b \\nc d'
"""

from __future__ import annotations

import re
import unicodedata


def _translation_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)):
        table[code] = " "
    for code in (0x00A0, 0x1680, *range(0x2000, 0x200C), 0x202F, 0x205F, 0x3000, 0xFEFF):
        table[code] = " "
    table[0x09] = " "
    table[0x2028] = "\n"
    table[0x2029] = "\n"
    return table


ODD_CHARACTERS = _translation_table()
"""``str.translate`` table: each character :func:`normalize_text` replaces."""
_ODD = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(ODD_CHARACTERS)) + "]")
_ASCII_ODD = bytes(code for code in sorted(ODD_CHARACTERS) if code < 0x80)


def normalize_text(raw: str) -> str:
    """Return ``raw`` with the same length and no control characters.

    ``\\r\\n`` becomes `` \\n``, a lone ``\\r`` becomes ``\\n``; tabs, NUL, C1
    controls, no-break and zero-width spaces become spaces. Joiners (ZWJ,
    ZWNJ) stay: Devanagari spelling needs them.

    >>> normalize_text("x\\ry\\tz")
    'x\\ny z'
    """
    text = raw.replace("\r\n", " \n").replace("\r", "\n")
    if not has_odd_characters(text):  # the common case: nothing to translate
        return text
    return text.translate(ODD_CHARACTERS)


def has_odd_characters(text: str) -> bool:
    """Whether ``text`` holds a character of :data:`ODD_CHARACTERS`; ASCII text is checked with one
    ``bytes.translate`` (deleting its odd bytes) instead of a character
    class test at every character.

    >>> [has_odd_characters(t) for t in ("plain text", "tab\\there", "no\\u00a0break")]
    [False, True, True]
    """
    if text.isascii():
        raw = text.encode("ascii")
        return len(raw.translate(None, _ASCII_ODD)) != len(raw)
    return _ODD.search(text) is not None


def fold(text: str) -> str:
    """Compatibility-fold and casefold ``text`` for comparisons (never output).

    >>> fold("ＵＳ “Quote”")
    'us "quote"'
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return folded.translate(_QUOTES)


_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)
