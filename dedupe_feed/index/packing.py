"""Compact stored forms: article text and MinHash signature (alone, or as a
delta against a near copy) and LSH bucket keys as SQLite integers.

A syndicated feed is mostly near copies, so a copy's text is stored as raw
DEFLATE with the text it copies as the preset dictionary (what the two share
costs a few bytes), and its signature as the values that differ from the
copied one's. A text stored alone is plain zlib; a signature alone, its bytes.

>>> base = "Heavy rain lashed Kochi on Monday, and 41 relief camps were opened. " * 3
>>> copy = base + "Schools stay shut on Tuesday."
>>> len(pack_text(copy)) > 3 * len(pack_text(copy, base))
True
>>> unpack_text(pack_text(copy, base), base) == copy, unpack_text(pack_text(copy)) == copy
(True, True)
>>> bucket_value(bytes(7) + b"\\x01"), bucket_value(b"shared")
(72057594037927936, b'shared')
"""

from __future__ import annotations

import zlib

import numpy as np

#: Raw DEFLATE (no zlib header or checksum: the dictionary names the base).
_RAW = -15


def pack_text(text: str, base: str | None = None) -> bytes:
    """``text`` compressed; with ``base``, as a delta against it (the base's
    last 32 KB are the preset dictionary).

    >>> pack_text("Rain.")[:1]
    b'x'
    """
    data = text.encode("utf-8")
    if base is None:
        return zlib.compress(data)
    packer = zlib.compressobj(9, zlib.DEFLATED, _RAW, zdict=base.encode("utf-8"))
    return packer.compress(data) + packer.flush()


def unpack_text(blob: bytes, base: str | None = None) -> str:
    """The text :func:`pack_text` packed (give the same ``base``).

    >>> unpack_text(pack_text("Rain.", "Rain fell."), "Rain fell.")
    'Rain.'
    """
    if base is None:
        return zlib.decompress(blob).decode("utf-8")
    unpacker = zlib.decompressobj(_RAW, zdict=base.encode("utf-8"))
    return (unpacker.decompress(blob) + unpacker.flush()).decode("utf-8")


def pack_signature(signature: bytes, base: bytes) -> bytes:
    """``signature`` (``uint32`` values) as a delta against ``base`` (as many
    values): a bitmap of the values that differ, then those values.

    >>> base = bytes(range(16))
    >>> same = pack_signature(base, base)
    >>> len(base), len(same), unpack_signature(same, base) == base
    (16, 1, True)
    """
    new, old = _values(signature), _values(base)
    differ = new != old
    return bytes(np.packbits(differ).tobytes() + new[differ].tobytes())


def unpack_signature(packed: bytes, base: bytes) -> bytes:
    """The signature :func:`pack_signature` packed against ``base``.

    >>> base = bytes(8)
    >>> unpack_signature(pack_signature(bytes([0] * 4 + [7] * 4), base), base)[4:]
    b'\\x07\\x07\\x07\\x07'
    """
    values = _values(base).copy()
    count = len(values)
    marks = (count + 7) // 8
    differ = np.unpackbits(np.frombuffer(packed[:marks], dtype=np.uint8), count=count)
    values[differ.astype(bool)] = _values(packed[marks:])
    return bytes(values.tobytes())


def _values(data: bytes) -> np.ndarray[tuple[int], np.dtype[np.uint32]]:
    return np.frombuffer(data, dtype="<u4")


def bucket_value(key: bytes) -> int | bytes:
    """The SQLite value of a bucket key: an 8-byte key (every key the
    clusterer makes) as a signed 64-bit integer, which SQLite stores in 8
    bytes and compares fastest; any other key as itself (a BLOB never equals
    an INTEGER, so the two kinds cannot collide).

    >>> bucket_value(b"\\xff" * 8)
    -1
    """
    if len(key) == 8:
        return int.from_bytes(key, "little", signed=True)
    return key
