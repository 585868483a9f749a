"""Bytes to text: the one place that decodes input (the CLI's items and the
feed readers' records).

UTF-8 is the contract: undecodable bytes become U+FFFD and are counted;
data that is mostly not text is *binary* (the readers skip such a record
with an error line, the CLI warns); HTML that declares another charset is
decoded as it declares (beautifulsoup4's UnicodeDammit, imported only then).

>>> decode_utf8(b"caf\\xc3\\xa9 \\xff\\xfe!")
('café \\ufffd\\ufffd!', 2)
>>> looks_binary(b"Rain lashed Kochi."), looks_binary(b"\\x89PNG\\x00\\x01\\x02\\x03")
(False, True)
"""

from __future__ import annotations

import re

#: The byte-order mark a text may start with.
BOM = "\ufeff"
_CHARSET = re.compile(rb"<meta[^>]{0,200}charset\s*=", re.IGNORECASE)
_CHARSET_SNIFF = 4096
#: Bytes of the start that tell binary data from text.
SNIFF_BYTES = 1024
#: Above this share of junk characters in them, data is binary.
BINARY_JUNK_SHARE = 0.3
# Control characters that do not occur in text files.
_BINARY_CONTROLS = frozenset(map(chr, [*range(0x20), 0x7F])) - frozenset("\t\n\r\f\b\x1b")


def decode_utf8(data: bytes) -> tuple[str, int]:
    """UTF-8 text with each undecodable run replaced by U+FFFD, and how many
    bytes were replaced.

    >>> decode_utf8(b"ok")
    ('ok', 0)
    """
    text = data.decode("utf-8", errors="replace")
    if "\ufffd" not in text:
        return text, 0
    # surrogateescape keeps one lone surrogate per bad byte; "ignore" then
    # drops exactly those when encoding back. Linear, at C speed.
    escaped = data.decode("utf-8", errors="surrogateescape")
    return text, len(data) - len(escaped.encode("utf-8", errors="ignore"))


def looks_binary(data: bytes) -> bool:
    """Binary, not text: a NUL byte in the first :data:`SNIFF_BYTES`, and
    over :data:`BINARY_JUNK_SHARE` of them control characters text never
    holds or undecodable bytes. A stray NUL or a few bad bytes in text are
    text (replaced and counted by :func:`decode_utf8`).

    >>> looks_binary(bytes(range(256))), looks_binary(b"text with one \\x00 NUL")
    (True, False)
    """
    head = data[:SNIFF_BYTES]
    if b"\x00" not in head:
        return False
    chars = head.decode("utf-8", errors="replace")
    junk = sum(1 for ch in chars if ch == "\ufffd" or ch in _BINARY_CONTROLS)
    return junk > BINARY_JUNK_SHARE * len(chars)


def declared_html_decoding(data: bytes) -> tuple[str, str] | None:
    """HTML that declares a charset other than UTF-8 (``<meta charset=...>``),
    decoded by beautifulsoup4's UnicodeDammit, and that charset; ``None`` when
    nothing usable is declared.

    >>> declared_html_decoding('<meta charset="iso-8859-1"><p>café</p>'.encode("latin-1"))
    ('<meta charset="iso-8859-1"><p>café</p>', 'iso-8859-1')
    >>> declared_html_decoding(b"<p>plain</p>") is None
    True
    """
    if _CHARSET.search(data[:_CHARSET_SNIFF]) is None:
        return None
    from bs4.dammit import UnicodeDammit  # only for a page that declares a charset

    dammit = UnicodeDammit(data, is_html=True)
    encoding = dammit.original_encoding
    if dammit.unicode_markup is None or encoding is None or encoding.lower() in ("utf-8", "utf8"):
        return None
    return dammit.unicode_markup, encoding
