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


_TABLE = _translation_table()
_ODD = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_TABLE)) + "]")


def normalize_text(raw: str) -> str:
    """Return ``raw`` with the same length and no control characters.

    ``\\r\\n`` becomes `` \\n``, a lone ``\\r`` becomes ``\\n``; tabs, NUL, C1
    controls, no-break and zero-width spaces become spaces. Joiners (ZWJ,
    ZWNJ) stay: Devanagari spelling needs them.

    >>> normalize_text("x\\ry\\tz")
    'x\\ny z'
    """
    text = raw.replace("\r\n", " \n").replace("\r", "\n")
    if _ODD.search(text) is None:  # the common case: nothing to translate
        return text
    return text.translate(_TABLE)


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
