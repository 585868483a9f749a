"""Feed writers: one JSON line per input item, input fields kept, errors written too."""

from __future__ import annotations

import gzip
import io
import json
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_feed import ConfigError
from dedupe_feed.feeds import (
    FeedRecord,
    JsonlWriter,
    ReadError,
    clean_record,
    error_record,
    output_record,
    read_records,
)
from dedupe_feed.pipeline import Cleaner
from dedupe_feed.result import Analysis

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
CLEANER = Cleaner()
WIRE = " date 2025-07-09 Rain lashed Kochi on Monday.Schools were shut. (PTI)"


def text_record(text: str | None = WIRE, html: str | None = None, **raw: Any) -> FeedRecord:
    fields = {"id": "a1", **({"text": text} if text is not None else {}), **raw}
    if html is not None:
        fields["html"] = html
    return FeedRecord("feed.jsonl", 7, "a1", None, None, None, text, html, fields)


def lines_of(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


class CountingStream(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.flushes = 0

    def flush(self) -> None:
        self.flushes += 1
        super().flush()


class BrokenCleaner(Cleaner):
    def analyze(self, raw: str) -> Analysis:
        raise RuntimeError("boom")


# --- clean_record ---------------------------------------------------------


def test_output_is_the_input_plus_clean_fields() -> None:
    out = clean_record(text_record(title="Rain"), CLEANER)
    assert list(out) == [
        "id",
        "text",
        "title",
        "clean_text",
        "metadata",
        "removed",
        "warnings",
        "cluster_id",
        "duplicate_of",
        "similarity",
    ]
    assert out["text"] == WIRE
    assert out["clean_text"] == "Rain lashed Kochi on Monday.\n\nSchools were shut."
    assert out["metadata"] == {"date": "2025-07-09", "credit": "PTI"}
    by_reason = CLEANER.analyze(WIRE).removed_by_reason()
    assert out["removed"] == {
        "count": 2,
        "by_reason": [{"reason": reason, "chars": chars} for reason, chars in by_reason.items()],
    }
    assert list(by_reason) == ["metadata.date_prefix", "credit.agency_parenthesized"]
    assert (out["cluster_id"], out["duplicate_of"], out["similarity"]) == (None, None, None)


def test_html_field_is_read_as_html() -> None:
    record = text_record(text=None, html="Rain &amp; wind hit Kochi on Monday.")
    assert clean_record(record, CLEANER)["clean_text"] == "Rain & wind hit Kochi on Monday."


def test_a_prebuilt_html_cleaner_is_used_for_html() -> None:
    sentence = "Heavy rain lashed Kannur district on Monday night, officials said."
    record = text_record(text=None, html=f"<p>{sentence}</p><p>{sentence}</p>")
    kept = Cleaner(input_format="html", collapse_duplicates=False)
    out = clean_record(record, CLEANER, html_cleaner=kept)
    assert out["clean_text"] == f"{sentence}\n\n{sentence}"
    assert clean_record(record, CLEANER)["clean_text"] == sentence


def test_text_field_wins_over_html() -> None:
    record = text_record(text="Rain hit Kochi.", html="<p>Something else.</p>")
    assert clean_record(record, CLEANER)["clean_text"] == "Rain hit Kochi."


def test_reader_warnings_are_carried_to_the_output() -> None:
    record = FeedRecord("f", 1, None, None, None, None, "Caf\ufffd.", None, {}, ("undecodable",))
    assert clean_record(record, CLEANER)["warnings"] == ["undecodable"]


def test_input_fields_that_collide_are_kept_under_input_names() -> None:
    record = text_record(metadata={"desk": "city"}, clean_text="old", input_metadata="older")
    out = clean_record(record, CLEANER)
    assert out["input_input_metadata"] == {"desk": "city"}
    assert out["input_metadata"] == "older"
    assert out["input_clean_text"] == "old"
    assert out["clean_text"].startswith("Rain lashed Kochi")


def test_a_cleaner_failure_becomes_an_error_object() -> None:
    out = clean_record(text_record(), BrokenCleaner())
    assert out == {
        "error": "clean failed: RuntimeError('boom')",
        "source_name": "feed.jsonl",
        "position": 7,
        "id": "a1",
    }


def test_error_and_output_record() -> None:
    error = ReadError("feed.xml", None, "unparsable XML: mismatched tag")
    expected = {
        "error": "unparsable XML: mismatched tag",
        "source_name": "feed.xml",
        "position": None,
    }
    assert error_record(error) == expected
    assert output_record(error, CLEANER) == expected
    assert output_record(text_record(), CLEANER)["id"] == "a1"


# --- JsonlWriter ----------------------------------------------------------


def test_writer_writes_one_line_per_object_unescaped(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with JsonlWriter(path) as writer:
        writer.write({"title": "Kochi ☔", "text": "line one\nline two"})
        writer.write({"error": "x", "source_name": "f", "position": 2})
    data = path.read_bytes()
    assert "Kochi ☔".encode() in data
    assert data.count(b"\n") == 2
    assert lines_of(data.decode())[0]["text"] == "line one\nline two"
    assert writer.written == 2


def test_writer_gzips_when_the_path_ends_with_gz(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl.gz"
    with JsonlWriter(str(path)) as writer:
        writer.write_all([{"n": n} for n in range(3)])
    assert path.read_bytes()[:2] == b"\x1f\x8b"
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        assert lines_of(stream.read()) == [{"n": 0}, {"n": 1}, {"n": 2}]


def test_writer_flushes_every_n_records_and_leaves_a_given_stream_open() -> None:
    stream = CountingStream()
    writer = JsonlWriter(stream, flush_every=2)
    writer.write_all([{"n": n} for n in range(5)])
    assert stream.flushes == 2
    writer.close()
    writer.close()
    assert stream.flushes == 3
    assert not stream.closed
    assert len(stream.getvalue().splitlines()) == 5


def test_gzip_output_is_readable_up_to_the_last_flush(tmp_path: Path) -> None:
    path = tmp_path / "partial.jsonl.gz"
    writer = JsonlWriter(path, flush_every=2)
    writer.write_all([{"n": n} for n in range(3)])
    readable = zlib.decompressobj(31).decompress(path.read_bytes())
    assert lines_of(readable.decode()) == [{"n": 0}, {"n": 1}]
    writer.close()


@pytest.mark.parametrize("flush_every", [0, -1, True, 1.5])
def test_flush_every_must_be_a_positive_int(flush_every: Any) -> None:
    with pytest.raises(ConfigError, match="flush_every"):
        JsonlWriter(io.StringIO(), flush_every=flush_every)


def test_lone_surrogates_are_escaped_so_the_line_stays_utf8(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "s", "text": "Rain \\ud800 in Kochi."}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with JsonlWriter(out) as writer:
        writer.write_all(output_record(item, CLEANER) for item in read_records([path]))
    (line,) = lines_of(out.read_bytes().decode("utf-8"))
    assert line["text"] == "Rain \ud800 in Kochi."


# --- end to end -----------------------------------------------------------


def test_every_input_item_gives_one_output_line_in_order(tmp_path: Path) -> None:
    inputs = [FIXTURES / "mixed.jsonl", FIXTURES / "rss.xml", tmp_path / "gone.jsonl"]
    inputs += [FIXTURES / "bomb.xml", FIXTURES / "articles", FIXTURES / "atom.xml"]
    items = list(read_records(inputs))
    out = io.StringIO()
    with JsonlWriter(out) as writer:
        count = writer.write_all(output_record(item, CLEANER) for item in items)
    lines = lines_of(out.getvalue())
    assert count == len(lines) == len(items) == 21
    for item, line in zip(items, lines, strict=True):
        if isinstance(item, ReadError):
            assert line == error_record(item)
        else:
            assert "clean_text" in line
            assert all(line[key] == value for key, value in item.raw.items())


def test_the_wire_fixture_is_cleaned() -> None:
    (first, *_) = read_records([FIXTURES / "wire.jsonl"])
    assert isinstance(first, FeedRecord)
    out = clean_record(first, CLEANER)
    assert out["clean_text"] == (
        "Heavy rain lashed Kannur on Wednesday.\n\nThe district collector shut schools."
    )
    assert out["metadata"]["publisher"] == "Malabar Wire"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None)
@given(extra=st.dictionaries(st.text(), JSON_VALUES, max_size=4), text=st.text(max_size=200))
def test_any_record_round_trips_as_one_json_line(extra: dict[str, Any], text: str) -> None:
    raw = {**extra, "text": text}
    record = FeedRecord("f", 1, None, None, None, None, text, None, raw)
    out = io.StringIO()
    with JsonlWriter(out) as writer:
        writer.write(output_record(record, CLEANER))
    (line,) = out.getvalue().splitlines()
    written = json.loads(line)
    added = ["clean_text", "metadata", "removed", "warnings"]
    added += ["cluster_id", "duplicate_of", "similarity"]
    assert len(written) == len(raw) + len(added)
    assert all(written[key] is not None for key in added[:4])
    inputs = [value for key, value in written.items() if key not in added]
    assert sorted(map(json.dumps, inputs)) == sorted(map(json.dumps, raw.values()))
