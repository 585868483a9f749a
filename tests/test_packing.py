"""Stored forms of text, signatures and bucket keys (dedupe_feed.index.packing)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from dedupe_feed.index.packing import (
    bucket_value,
    pack_signature,
    pack_text,
    unpack_signature,
    unpack_text,
)

texts = st.text(max_size=3000)


@given(texts, st.none() | texts)
def test_text_round_trips(text: str, base: str | None) -> None:
    assert unpack_text(pack_text(text, base), base) == text


def test_a_base_longer_than_the_window_still_round_trips() -> None:
    base = "".join(f"sentence {i} of a long wire story. " for i in range(3000))  # > 32 KB
    text = base[-2000:] + " and one new fact."
    assert unpack_text(pack_text(text, base), base) == text
    assert len(pack_text(text, base)) < len(pack_text(text)) // 4


@st.composite
def signature_pairs(draw: st.DrawFn) -> tuple[bytes, bytes]:
    count = draw(st.integers(0, 256))
    values = st.lists(st.integers(0, 2**32 - 1), min_size=count, max_size=count)
    base = np.array(draw(values), dtype="<u4")
    new = base.copy()
    for index in draw(st.lists(st.integers(0, max(count - 1, 0)))) if count else []:
        new[index] = draw(st.integers(0, 2**32 - 1))
    return new.tobytes(), base.tobytes()


@given(signature_pairs())
def test_signature_round_trips(pair: tuple[bytes, bytes]) -> None:
    signature, base = pair
    packed = pack_signature(signature, base)
    assert unpack_signature(packed, base) == signature
    assert len(packed) <= len(signature) + (len(signature) // 4 + 7) // 8


def test_equal_signatures_pack_to_a_bitmap() -> None:
    base = np.arange(128, dtype="<u4").tobytes()
    assert pack_signature(base, base) == bytes(16)


@given(st.binary(min_size=8, max_size=8), st.binary(min_size=8, max_size=8))
def test_bucket_values_of_8_byte_keys_are_exact(one: bytes, two: bytes) -> None:
    value = bucket_value(one)
    assert isinstance(value, int)
    assert -(2**63) <= value < 2**63
    assert value.to_bytes(8, "little", signed=True) == one
    assert (bucket_value(one) == bucket_value(two)) == (one == two)


def test_other_keys_stay_bytes() -> None:
    assert bucket_value(b"shared") == b"shared"
    assert bucket_value(b"") == b""
