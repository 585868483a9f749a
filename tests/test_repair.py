"""Tests for :mod:`dedupe_feed.repair`: mojibake and entities in plain text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_feed import analyze, clean
from dedupe_feed.repair import SUSPECT, is_suspect, repair_text

REPAIRED = [
    ("Itâ€™s done.", "It’s done."),
    ("Tom &amp; Jerry", "Tom & Jerry"),
    ("Rs&nbsp;500", "Rs\u00a0500"),
    ("x &lt; y &gt; z", "x < y > z"),
    ("cafÃ© in SÃ£o Paulo", "café in São Paulo"),
    ("â‚¬2 â€“ â€œokâ€\x9d", "€2 – “ok”"),
    ("\x93quoted\x94", "“quoted”"),
    ("the sameÂ\u00a0day", "the same\u00a0day"),
    ("donâ€™t Ã as", "don’t à as"),
]


@pytest.mark.parametrize(("raw", "expected"), REPAIRED)
def test_mojibake_and_entities_are_repaired(raw: str, expected: str) -> None:
    assert repair_text(raw).text == expected


UNCHANGED = [
    "Rain lashed Kochi.",
    "“Curly” quotes and ‘single’ ones stay curly.",
    "naïve résumé, Zürich, São Paulo, £10, €5, ©",
    "AT&T and R&D; M&M's &c.",
    "the ﬁrst ligature stays",
    "浙江省气象台周二发布预警，全省降雨。",
    "ＵＳ full-width letters stay",
    "क़ानून नहीं बदलेगा। डॉ.मनमोहन सिंह",
    "Âpple, IRMÃ É, the MAÇÃ fell",
    "a\r\nb\tc\x00d",
    "",
]


@pytest.mark.parametrize("raw", UNCHANGED)
def test_text_without_mojibake_is_unchanged(raw: str) -> None:
    assert repair_text(raw) == repair_text(raw).__class__(raw, ())


def test_each_repaired_line_is_one_change_over_the_repaired_span() -> None:
    raw = "Itâ€™s here.\nNothing here.\nTom &amp; Jerry donâ€™t stop."
    repaired = repair_text(raw)
    assert repaired.text == "It’s here.\nNothing here.\nTom & Jerry don’t stop."
    spans = [repaired.text[c.start : c.end] for c in repaired.changes]
    assert spans == ["It’s", "& Jerry don’t"]
    assert [c.kind for c in repaired.changes] == ["text_repaired", "text_repaired"]
    assert repaired.changes[1].evidence.startswith("ftfy unescape_html, ")
    assert repaired.changes[1].evidence.endswith(": was '&amp; Jerry donâ€™t'")


def test_long_replaced_text_is_quoted_shortened() -> None:
    raw = "Itâ€™s " + "x" * 200 + " donâ€™t"
    (change,) = repair_text(raw).changes
    assert "…" in change.evidence
    assert len(change.evidence) < 150


def test_analyze_reports_repairs_and_offsets_index_the_repaired_source() -> None:
    raw = "Itâ€™s a done deal, the minister said on Monday &amp; the cabinet agreed. (PTI)"
    result = analyze(raw, line_model=False)
    assert result.text == "It’s a done deal, the minister said on Monday & the cabinet agreed."
    assert (
        result.source == "It’s a done deal, the minister said on Monday & the cabinet agreed. (PTI)"
    )
    (repair,) = result.changes
    assert (repair.start, repair.end, repair.kind) == (0, 47, "text_repaired")
    assert result.source[repair.start : repair.end] == (
        "It’s a done deal, the minister said on Monday &"
    )
    assert repair.evidence.startswith("ftfy unescape_html, ")
    assert repair.evidence.endswith(": was 'Itâ€™s a done deal, the minister said on Monday &amp;'")
    (credit,) = result.removed
    assert result.source[credit.start : credit.end] == credit.text == "(PTI)"


def test_html_input_is_left_to_the_html_reader() -> None:
    result = analyze("<p>Tom &amp; Jerry met on Monday, officials said.</p><p>It rained.</p>")
    assert result.input_format == "html"
    assert all(c.kind != "text_repaired" for c in result.changes)


# --------------------------------------------------------------------------- #
# properties
# --------------------------------------------------------------------------- #

WORDS = [
    "It’s", "café", "naïve", "résumé", "–", "—", "“quoted”", "don’t", "Rs", "5", "Modi",
    "said", "São", "€5", "Zürich", "£10", "©", "‘single’", "Kochi", "भारत", "北京",
]  # fmt: skip
sound_text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)


@settings(deadline=None)
@given(sound_text)
def test_sound_text_is_never_changed(text: str) -> None:
    assert repair_text(text).text == text
    assert repair_text(text).changes == ()


@settings(deadline=None)
@given(sound_text.filter(lambda text: not any(ord(c) > 0x2FFF for c in text)))
def test_utf8_read_as_windows_1252_is_repaired(text: str) -> None:
    """Double-encoded text (UTF-8 bytes read as Windows-1252) comes back whole."""
    try:
        garbled = text.encode("utf-8").decode("windows-1252")
    except UnicodeDecodeError:
        garbled = text.encode("utf-8").decode("latin-1")
    repaired = repair_text(garbled)
    assert repaired.text == text
    assert bool(repaired.changes) == (garbled != text)


@settings(deadline=None, max_examples=50)
@given(sound_text)
def test_clean_of_garbled_text_equals_clean_of_sound_text(text: str) -> None:
    sentence = f"The minister said {text} on Monday."
    garbled = sentence.encode("utf-8").decode("latin-1")
    assert clean(garbled, line_model=False) == clean(sentence, line_model=False)


# --------------------------------------------------------------------------- #
# stray tags in plain text
# --------------------------------------------------------------------------- #


def test_stray_tags_are_dropped_and_recorded_where_they_were() -> None:
    raw = "Itâ€™s over, the <a href='/imd'>IMD</a> said &amp; left.\nSchools <b>shut</b>."
    result = analyze(raw, line_model=False)
    assert result.text == "It’s over, the IMD said & left.\n\nSchools shut."
    assert result.source == "It’s over, the IMD said & left.\nSchools shut."
    assert [(c.start, c.end, c.kind) for c in result.changes] == [
        (0, 25, "text_repaired"),
        (15, 15, "tag_removed"),
        (18, 18, "tag_removed"),
        (40, 40, "tag_removed"),
        (44, 44, "tag_removed"),
    ]
    assert result.source[0:25] == "It’s over, the IMD said &"
    assert [c.evidence for c in result.changes if c.kind == "tag_removed"] == [
        "<a href='/imd'>",
        "</a>",
        "<b>",
        "</b>",
    ]


@pytest.mark.parametrize(
    "raw",
    [
        "Write to Jane <jane.doe@example.com> today.",
        "Costs < revenue and revenue > costs.",
        "<Reporting by Jane Smith>",
        "See <https://example.com/a?b=1> for more.",
    ],
)
def test_angle_brackets_that_are_not_tags_stay(raw: str) -> None:
    assert clean(raw, line_model=False) == raw


def test_script_tags_in_plain_text_are_not_dropped_alone() -> None:
    """Dropping ``<script>`` but keeping its content would pass code off as text."""
    raw = "<script>alert(1)</script> Fire broke out in Kochi on Monday."
    assert analyze(raw, line_model=False).source == raw


PROSE = [
    "Rain lashed Kochi on Monday, the weather office said.",
    "Schools in three districts were shut as a precaution.",
    "The state cabinet approved a relief package on Tuesday.",
    "Fishermen were told not to venture into the sea till Friday.",
    "Two relief camps were opened in Aluva, officials said.",
]


@settings(deadline=None, max_examples=30)
@given(st.lists(st.sampled_from(PROSE), min_size=2, max_size=5, unique=True), st.data())
def test_links_in_plain_text_keep_every_paragraph(lines: list[str], data: st.DataObject) -> None:
    """Wrapping words of a plain-text item in links loses no paragraph break."""
    linked = []
    for line in lines:
        words = line.split(" ")
        at = data.draw(st.integers(0, len(words) - 1))
        words[at] = f'<a href="https://example.com/{at}">{words[at]}</a>'
        linked.append(" ".join(words))
    assert clean("\n".join(linked), line_model=False) == "\n\n".join(lines)


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab &;#1xA9é€\u0080\u00ff\u0100’浙\ud800\udfff"), max_size=30)
)
def test_is_suspect_is_the_suspect_pattern(text: str) -> None:
    assert is_suspect(text) == (SUSPECT.search(text) is not None)
