"""Feed readers: every input record gives one record or one error, in order."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_feed import ConfigError
from dedupe_feed.feeds import (
    FeedItem,
    FeedRecord,
    FieldMap,
    ReadError,
    decode_utf8,
    iso_date,
    read_records,
)

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"


def read(*paths: str | Path, **options: object) -> list[FeedItem]:
    return list(read_records(paths, **options))  # type: ignore[arg-type]


def records(items: list[FeedItem]) -> list[FeedRecord]:
    assert all(isinstance(item, FeedRecord) for item in items), items
    return [item for item in items if isinstance(item, FeedRecord)]


def summary(items: list[FeedItem]) -> list[tuple[object, str]]:
    """(position, id or error reason) per item."""
    return [
        (item.position, item.reason if isinstance(item, ReadError) else str(item.id))
        for item in items
    ]


def gzipped(source: Path, target: Path) -> Path:
    target.write_bytes(gzip.compress(source.read_bytes()))
    return target


# --- JSON Lines -----------------------------------------------------------


def test_jsonl_default_field_names_are_mapped() -> None:
    got = records(read(FIXTURES / "wire.jsonl"))
    assert [(r.id, r.source, r.published, r.title) for r in got] == [
        ("mw-001", "Malabar Wire", "2025-07-09T06:30:00+00:00", "Orange alert in six districts"),
        (
            "urn:coastal:42",
            "Coastal Daily",
            "2025-07-09T12:00:00+05:30",
            "Fishermen told to stay ashore",
        ),
        ("7f1c", "Hill Times", "2025-07-10", "Camps opened in Idukki"),
        ("https://example.org/kochi-metro", "Example Post", "2025-07-10T09:33:20+00:00", None),
    ]


def test_jsonl_positions_are_physical_line_numbers_and_blank_lines_are_skipped() -> None:
    assert [item.position for item in read(FIXTURES / "wire.jsonl")] == [1, 3, 4, 5]


def test_jsonl_body_text_wins_over_html_and_raw_is_kept() -> None:
    got = records(read(FIXTURES / "wire.jsonl"))
    assert got[1].body == (got[1].html, "html")
    assert got[1].text is None
    assert got[3].body == ("Kochi Metro extended its hours on Friday.", "text")
    assert got[3].html == "<p>ignored: text wins</p>"
    assert got[3].raw["published_at"] == 1752140000
    assert got[0].source_name == str(FIXTURES / "wire.jsonl")


def test_jsonl_field_names_are_configurable(tmp_path: Path) -> None:
    path = tmp_path / "custom.jsonl"
    path.write_text('{"key": 7, "story": "Rain in Kochi.", "desk": "City"}\n', encoding="utf-8")
    fields = FieldMap(id=("key",), text=("story",), source=("desk",))
    (record,) = records(read(path, fields=fields))
    assert (record.id, record.text, record.source) == ("7", "Rain in Kochi.", "City")
    (error,) = read(path, fields=FieldMap(text=("missing",), html=("nope",)))
    assert isinstance(error, ReadError)
    assert error.reason == "missing text field (looked for: missing, nope)"


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"text": ()}, ConfigError),
        ({"text": ("",)}, ConfigError),
        ({"id": "id"}, TypeError),
        ({"title": None}, TypeError),
    ],
)
def test_field_map_rejects_bad_candidates(options: dict[str, object], error: type) -> None:
    with pytest.raises(error):
        FieldMap(**options)  # type: ignore[arg-type]


def test_every_bad_line_gives_one_error_and_the_run_goes_on() -> None:
    assert summary(read(FIXTURES / "mixed.jsonl")) == [
        (1, "ok-1"),
        (3, "malformed JSON: Unterminated string starting at column 28"),
        (4, "non-object JSON (got array)"),
        (
            5,
            "missing text field (looked for: text, body, content, html, content_html, "
            "content:encoded)",
        ),
        (6, "latin-1"),
        (8, "malformed JSON: Expecting value at column 1; undecodable bytes: replaced 5 bytes"),
        (9, "non-object JSON (got string)"),
        (10, "ok-2"),
    ]


def test_invalid_utf8_is_replaced_and_recorded_as_a_warning() -> None:
    record = records([read(FIXTURES / "mixed.jsonl")[4]])[0]
    assert record.text == "Caf\ufffd owners in Kochi said sales fell \ufffd\ufffd."
    assert record.warnings == ("undecodable bytes: replaced 3 bytes",)


def test_unparsable_date_is_a_warning_not_an_error() -> None:
    record = records([read(FIXTURES / "mixed.jsonl")[-1]])[0]
    assert record.published is None
    assert record.warnings == ("unparsable date in 'published': 'last week' (kept in the input)",)
    assert record.raw["published"] == "last week"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[" * 100_000, "malformed JSON"),
        ('{"text": ' + "1" * 5000 + "}", "malformed JSON"),
        ('{"text": 42}', "field 'text' is not a string (got int)"),
        ("null", "non-object JSON (got null)"),
        ("3.5", "non-object JSON (got number)"),
        ("true", "non-object JSON (got boolean)"),
    ],
)
def test_odd_json_lines_give_errors(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_text(line + '\n{"text": "after"}\n', encoding="utf-8")
    first, second = read(path)
    assert isinstance(first, ReadError)
    assert first.reason.startswith(reason)
    assert isinstance(second, FeedRecord)
    assert second.position == 2


def test_null_body_field_falls_through_to_the_next_candidate(tmp_path: Path) -> None:
    path = tmp_path / "nulls.jsonl"
    path.write_text('{"text": null, "body": "Rain."}\n{"text": ""}\n', encoding="utf-8")
    assert [r.body for r in records(read(path))] == [("Rain.", "text"), ("", "text")]


def test_bom_crlf_and_blank_only_files(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "a"}\r\n \t\r\n{"text": "b"}')
    assert [r.text for r in records(read(path))] == ["a", "b"]
    blank = tmp_path / "blank.jsonl"
    blank.write_bytes(b"\n \n\t\r\n")
    assert read(blank) == []


def test_a_line_over_max_bytes_is_an_error_and_the_next_line_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text('{"text": "' + "x" * 500 + '"}\n{"text": "short"}\n', encoding="utf-8")
    first, second = read(path, max_bytes=100)
    assert isinstance(first, ReadError)
    assert first.reason == "line longer than max_bytes (100 bytes)"
    assert isinstance(second, FeedRecord)
    assert (second.position, second.text) == (2, "short")


def test_jsonl_is_streamed_record_by_record(tmp_path: Path) -> None:
    """The first record comes out while the writer still holds the pipe open."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs a named pipe")
    fifo = tmp_path / "live.jsonl"
    os.mkfifo(fifo)
    first_seen = threading.Event()
    log: list[str] = []

    def produce() -> None:
        with fifo.open("w", encoding="utf-8") as pipe:
            pipe.write('{"id": "1", "text": "first"}\n')
            pipe.flush()
            log.append("first sent")
            log.append("consumer saw it" if first_seen.wait(10) else "timed out")
            pipe.write('{"id": "2", "text": "second"}\n')

    producer = threading.Thread(target=produce)
    producer.start()
    items = read_records([fifo])
    first = next(items)
    first_seen.set()
    rest = list(items)
    producer.join()
    assert log == ["first sent", "consumer saw it"]
    assert summary([first, *rest]) == [(1, "1"), (2, "2")]


# --- one output per input (property) --------------------------------------

VALID = st.builds(
    lambda i, t: json.dumps({"id": f"ok-{i}", "text": t}), st.integers(0, 10**6), st.text()
)
# No lone surrogates: they cannot be encoded (arbitrary bytes come from st.binary below).
MALFORMED = st.text(
    alphabet=st.characters(blacklist_characters="}\n", blacklist_categories=("Cs",))
).map(lambda t: "{" + t)
NON_OBJECT = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3),
    max_leaves=5,
).map(json.dumps)
BLANK = st.text(alphabet=" \t\r", max_size=3)
LINES = st.lists(
    st.one_of(
        VALID.map(str.encode),
        MALFORMED.map(str.encode),
        NON_OBJECT.map(str.encode),
        BLANK.map(str.encode),
        st.binary(max_size=30).map(lambda b: b.replace(b"\n", b"")),
    ),
    max_size=25,
)


def is_blank(line: bytes, number: int) -> bool:
    if number == 1 and line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    return not line.strip(b" \t\r")


@settings(max_examples=150, deadline=None)
@given(lines=LINES, compress=st.booleans())
def test_one_item_per_non_blank_line_in_order(lines: list[bytes], compress: bool) -> None:
    data = b"\n".join(lines) + b"\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.jsonl"
        path.write_bytes(gzip.compress(data) if compress else data)
        items = read(path)
    expected = [n for n, line in enumerate(lines, start=1) if not is_blank(line, n)]
    assert [item.position for item in items] == expected
    for item in items:
        assert isinstance(item.position, int)
        line = lines[item.position - 1]
        if line.startswith(b'{"id": "ok-'):
            assert isinstance(item, FeedRecord)
            assert item.id == json.loads(line)["id"]


# --- gzip -----------------------------------------------------------------


def test_gzip_gives_the_same_records(tmp_path: Path) -> None:
    plain = read(FIXTURES / "wire.jsonl")
    packed = read(gzipped(FIXTURES / "wire.jsonl", tmp_path / "wire.jsonl.gz"))
    assert [(r.position, r.raw) for r in records(packed)] == [
        (r.position, r.raw) for r in records(plain)
    ]


def test_gzip_is_detected_by_magic_bytes_whatever_the_name(tmp_path: Path) -> None:
    path = gzipped(FIXTURES / "rss.xml", tmp_path / "rss.xml")
    assert summary(read(path)) == summary(read(FIXTURES / "rss.xml"))


def test_truncated_gzip_yields_what_was_readable_then_an_error(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": str(n), "text": f"Item {n} " + "word " * (n % 50)}) for n in range(3000)
    ]
    data = gzip.compress("\n".join(lines).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = read(path)
    *good, last = items
    assert len(good) > 100
    assert [r.id for r in records(good)] == [str(n) for n in range(len(good))]
    assert isinstance(last, ReadError)
    assert last.position == len(good) + 1
    assert last.reason.startswith("truncated gzip")


def test_corrupt_gzip_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "a"}\n')[:10] + b"not deflate data at all" * 5)
    (error,) = read(path)
    assert isinstance(error, ReadError)
    assert error.reason.startswith("corrupt gzip")


def test_truncated_gzip_xml_is_one_error(tmp_path: Path) -> None:
    data = gzip.compress((FIXTURES / "rss.xml").read_bytes())
    path = tmp_path / "rss.xml.gz"
    path.write_bytes(data[:-20])
    (error,) = read(path)
    assert isinstance(error, ReadError)
    assert (error.position, error.reason[:14]) == (None, "truncated gzip")


# --- files and paths ------------------------------------------------------


def test_missing_file_is_an_error_and_later_paths_are_still_read(tmp_path: Path) -> None:
    items = read(tmp_path / "gone.jsonl", FIXTURES / "wire.jsonl")
    assert isinstance(items[0], ReadError)
    assert items[0].reason == "missing file: No such file or directory"
    assert items[0].source_name == str(tmp_path / "gone.jsonl")
    assert len(records(items[1:])) == 4


def test_binary_junk_file_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.bin"
    path.write_bytes(bytes(range(256)) * 4)
    (error,) = read(path)
    assert isinstance(error, ReadError)
    assert error.reason == "unrecognised format: binary content, not a feed"


@pytest.mark.parametrize(
    ("source", "kind"),
    [("wire.jsonl", "jsonl"), ("rss.xml", "xml"), ("articles/b_sea.html", "html")],
)
def test_format_is_sniffed_when_the_name_says_nothing(
    tmp_path: Path, source: str, kind: str
) -> None:
    path = tmp_path / "upload.dat"
    shutil.copyfile(FIXTURES / source, path)
    items = read(path)
    if kind == "html":
        assert [r.html is not None for r in records(items)] == [True]
    else:
        assert summary(items) == summary(read(FIXTURES / source))


def test_a_single_text_file_is_one_record() -> None:
    (record,) = records(read(FIXTURES / "articles" / "a_rain.txt"))
    assert (record.position, record.id) == ("a_rain.txt", "a_rain.txt")
    assert record.text is not None
    assert record.text.startswith("Heavy rain")


def test_paths_must_be_a_collection_and_max_bytes_positive() -> None:
    with pytest.raises(TypeError, match="list of paths"):
        list(read_records(str(FIXTURES / "wire.jsonl")))
    with pytest.raises(ConfigError, match="max_bytes"):
        list(read_records([FIXTURES / "wire.jsonl"], max_bytes=0))


# --- folders --------------------------------------------------------------


def test_folder_gives_one_record_per_document_sorted_by_relative_path() -> None:
    items = records(read(FIXTURES / "articles"))
    assert [(r.position, r.id) for r in items] == [
        ("a_rain.txt", "a_rain.txt"),
        ("b_sea.html", "b_sea.html"),
        ("regional/c_camps.txt", "regional/c_camps.txt"),
    ]
    assert [r.body[1] for r in items] == ["text", "html", "text"]
    assert items[1].raw == {"id": "b_sea.html", "html": items[1].html}


def test_folder_reads_gzip_documents_and_reports_binary_ones(tmp_path: Path) -> None:
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(b"Rain in Kochi."))
    (tmp_path / "a.txt").write_bytes(b"\x00\x01\x02 junk \xff\xfe")
    (tmp_path / "c.html").write_bytes(b"<p>Caf\xe9</p>")
    a, b, c = read(tmp_path)
    assert isinstance(a, ReadError)
    assert a.reason.startswith("binary content")
    assert a.position == "a.txt"
    assert isinstance(b, FeedRecord)
    assert (b.id, b.text) == ("b.txt.gz", "Rain in Kochi.")
    assert isinstance(c, FeedRecord)
    assert (c.html, c.warnings) == ("<p>Caf\ufffd</p>", ("undecodable bytes: replaced 1 bytes",))


def test_a_stray_nul_in_a_text_document_is_text_as_the_cli_reads_it(tmp_path: Path) -> None:
    # one notion of binary for the readers and the CLI (dedupe_feed.decoding)
    (tmp_path / "a.txt").write_bytes(b"Rain lashed Kochi on Monday.\x00 Schools were shut.")
    (item,) = read(tmp_path)
    assert isinstance(item, FeedRecord)
    assert item.text == "Rain lashed Kochi on Monday.\x00 Schools were shut."


def test_document_over_max_bytes_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("word " * 100, encoding="utf-8")
    (error,) = read(tmp_path, max_bytes=50)
    assert isinstance(error, ReadError)
    assert error.reason == "file larger than max_bytes (50 bytes)"


# --- RSS and Atom ---------------------------------------------------------


def test_rss_items_are_mapped() -> None:
    items = read(FIXTURES / "rss.xml")
    assert summary(items) == [
        (1, "mw-rss-1"),
        (2, "https://malabar.example/sea"),
        (3, "missing text field (looked for: content:encoded, description)"),
        (4, "mw-rss-4"),
    ]
    first, second, fourth = records([items[0], items[1], items[3]])
    assert first.html is not None
    assert first.html.startswith("<p>Heavy rain")
    assert (first.source, first.published) == ("Malabar Wire", "2025-07-09T06:30:00+00:00")
    assert first.raw["category"] == ["weather", "kerala"]
    assert first.raw["guid"] == {"@isPermaLink": "false", "#text": "mw-rss-1"}
    assert second.source == "Coastal Daily"
    assert second.published == "2025-07-09T10:00:00+05:30"
    assert second.html == "<p>Fishermen were told to stay ashore until Saturday.</p>"
    assert fourth.published is None
    assert fourth.warnings == (
        "unparsable date in 'pubDate': 'sometime on Thursday' (kept in the input)",
    )


def test_atom_entries_are_mapped() -> None:
    items = read(FIXTURES / "atom.xml")
    assert summary(items) == [
        (1, "urn:hilltimes:1"),
        (2, "https://hill.example/landslide"),
        (3, "urn:hilltimes:3"),
        (4, "missing text field (looked for: content, summary)"),
    ]
    html, summary_text, xhtml = records(items[:3])
    assert html.html == "<p>Forty relief camps were opened in Idukki on Thursday.</p>"
    assert (html.source, html.published) == ("Hill Times", "2025-07-10T08:00:00+05:30")
    assert html.raw["author"] == {"name": "Staff Reporter"}
    assert summary_text.body == ("Residents of slopes were asked to move before nightfall.", "text")
    assert summary_text.published == "2025-07-10T09:00:00+00:00"
    assert xhtml.html == "<div><p>Two roads were reopened on <b>Friday</b>.</p></div>"
    assert xhtml.source == "Coastal Daily"


def test_rss_1_0_items_are_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.rdf"
    path.write_text(
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/"><channel><title>Old Wire</title></channel>'
        "<item><title>One</title><link>https://old.example/1</link>"
        "<description>Rain in Kochi.</description></item></rdf:RDF>",
        encoding="utf-8",
    )
    (record,) = records(read(path))
    assert (record.id, record.source, record.html) == (
        "https://old.example/1",
        "Old Wire",
        "Rain in Kochi.",
    )


def test_billion_laughs_is_refused_without_expanding() -> None:
    started = time.perf_counter()
    (error,) = read(FIXTURES / "bomb.xml")
    assert time.perf_counter() - started < 2
    assert isinstance(error, ReadError)
    assert error.reason.startswith("unparsable XML: refused as unsafe (EntitiesForbidden")
    assert "lollol" not in error.reason


def test_external_entity_is_refused_and_nothing_is_read_from_disk() -> None:
    (error,) = read(FIXTURES / "xxe.xml")
    assert isinstance(error, ReadError)
    assert "EntitiesForbidden" in error.reason
    assert "root:" not in error.reason


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("broken.xml", "unparsable XML: mismatched tag: line 3, column 64"),
        ("not_a_feed.xml", "unparsable XML: root <catalog> is neither RSS nor Atom"),
    ],
)
def test_bad_xml_is_one_error_for_the_file(name: str, reason: str) -> None:
    assert summary(read(FIXTURES / name)) == [(None, reason)]


def test_xml_over_max_bytes_is_an_error() -> None:
    (error,) = read(FIXTURES / "rss.xml", max_bytes=100)
    assert isinstance(error, ReadError)
    assert error.reason == "XML file larger than max_bytes (100 bytes)"


def test_order_is_kept_across_mixed_inputs(tmp_path: Path) -> None:
    items = read(
        FIXTURES / "atom.xml", tmp_path / "gone.xml", FIXTURES / "articles", FIXTURES / "wire.jsonl"
    )
    names = [Path(item.source_name).name for item in items]
    assert names == ["atom.xml"] * 4 + ["gone.xml"] + ["articles"] * 3 + ["wire.jsonl"] * 4


# --- helpers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-07-09", "2025-07-09"),
        ("2025-07-09T06:30:00Z", "2025-07-09T06:30:00+00:00"),
        ("2025-07-09T06:30:00", "2025-07-09T06:30:00"),
        ("Wed, 09 Jul 2025 06:30:00 GMT", "2025-07-09T06:30:00+00:00"),
        (1752140000, "2025-07-10T09:33:20+00:00"),
        (float("nan"), None),
        (10**20, None),
        (True, None),
        ("", None),
        ("tomorrow", None),
        (["2025-07-09"], None),
    ],
)
def test_iso_date(value: object, expected: str | None) -> None:
    assert iso_date(value) == expected


def naive_decode(data: bytes) -> tuple[str, int]:
    """Reference: decode strictly, replacing each bad run and counting its bytes."""
    pieces: list[str] = []
    replaced = start = 0
    while True:
        try:
            pieces.append(data[start:].decode("utf-8"))
        except UnicodeDecodeError as exc:
            pieces.append(data[start : start + exc.start].decode("utf-8") + "\ufffd")
            replaced += exc.end - exc.start
            start += exc.end
        else:
            return "".join(pieces), replaced


@given(st.binary(max_size=200) | st.text(max_size=50).map(lambda t: t.encode() + b"\xff\xef\xbf"))
def test_decode_utf8_matches_a_naive_reference(data: bytes) -> None:
    assert decode_utf8(data) == naive_decode(data)


def test_decode_utf8_is_linear_on_junk() -> None:
    started = time.perf_counter()
    assert decode_utf8(b"\xff" * 5_000_000)[1] == 5_000_000
    assert time.perf_counter() - started < 5


# -- one JSON array in a .json file ------------------------------------------

ARRAY = [
    {"id": "a", "source": "PTI", "text": "Rain lashed Kochi on Monday."},
    {"id": "b", "source": "ANI", "text": "Fire broke out in Delhi."},
]


def test_a_json_file_holding_one_array_is_read_as_records(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text("\ufeff\n" + json.dumps([*ARRAY, 7], indent=2), encoding="utf-8")
    items = read(path)
    assert [(i.id, i.position, i.text) for i in records(items[:2])] == [
        ("a", 1, "Rain lashed Kochi on Monday."),
        ("b", 2, "Fire broke out in Delhi."),
    ]
    assert items[2] == ReadError(str(path), 3, "non-object JSON (got number)")


def test_a_gzipped_json_array_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "feed.json.gz"
    path.write_bytes(gzip.compress(json.dumps(ARRAY, indent=1).encode()))
    assert [i.id for i in records(read(path))] == ["a", "b"]


def test_a_malformed_json_array_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text('[\n  {"id": "a"},\n  {"id": \n]', encoding="utf-8")
    assert read(path) == [
        ReadError(str(path), None, "malformed JSON array: Expecting value at line 4 column 1")
    ]


def test_a_json_array_over_max_bytes_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(ARRAY), encoding="utf-8")
    assert read(path, max_bytes=10) == [
        ReadError(str(path), None, "JSON array longer than max_bytes (10 bytes)")
    ]


def test_json_lines_starting_with_an_array_stay_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("[1, 2]\n" + json.dumps(ARRAY[0]) + "\n", encoding="utf-8")
    assert summary(read(path)) == [(1, "non-object JSON (got array)"), (2, "a")]
