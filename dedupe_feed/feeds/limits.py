"""How much an input may hold and how gzip is told from text: what the
readers and the CLI's single-item commands share. Kept apart from
:mod:`dedupe_feed.feeds.readers` so ``dedupe-feed clean`` does not import
the feed readers (their XML and e-mail date parsers cost ~20 ms at start-up).

>>> DEFAULT_MAX_BYTES // (1024 * 1024)
200
"""

from __future__ import annotations

import zlib

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
"""Largest XML file, JSON line or document file read (200 MB)."""

_GZIP_MAGIC = b"\x1f\x8b\x08"  # magic + deflate, the only method gzip defines
#: Bytes read from the start of a stream to tell gzip from text.
GZIP_PROBE = 512


def starts_gzip(head: bytes, named_gz: bool) -> bool:
    """A ``.gz`` name and the magic bytes, or, for any other name, the magic
    bytes and a start that really decompresses (a text file that happens to
    begin with those bytes stays text).

    >>> import gzip
    >>> starts_gzip(gzip.compress(b"hello"), False), starts_gzip(b"\\x1f\\x8b\\x08\\n{}", False)
    (True, False)
    """
    if not head.startswith(_GZIP_MAGIC):
        return False
    if named_gz:
        return True
    probe = zlib.decompressobj(wbits=31)
    try:
        output = probe.decompress(head[:GZIP_PROBE])
    except zlib.error:
        return False
    return bool(output) or probe.eof


__all__ = ["DEFAULT_MAX_BYTES", "GZIP_PROBE", "starts_gzip"]
