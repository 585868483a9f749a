"""The notebook view and the terminal explanation, on hand-made analyses."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dedupe_feed.model import Change, Removal
from dedupe_feed.result import Analysis
from dedupe_feed.view import (
    joined_context,
    reason_colour,
    reason_family,
    render_explanation,
    render_html,
)

SCRIPT = "<script>alert(1)</script>"


def make(
    source: str,
    removed: tuple[Removal, ...] = (),
    changes: tuple[Change, ...] = (),
    metadata: dict[str, str] | None = None,
    text: str = "",
) -> Analysis:
    return Analysis(
        text=text,
        metadata=metadata or {},
        removed=removed,
        changes=changes,
        source=source,
        input_format="text",
        detection="plain text",
    )


def cut(
    source: str,
    start: int,
    end: int,
    reason: str,
    duplicate_of: tuple[int, int] | None = None,
    similarity: float | None = None,
) -> Removal:
    return Removal(start, end, source[start:end], reason, "test", duplicate_of, similarity)


class _Panels(HTMLParser):
    """Collects the unescaped text of the source panel, of each ``<del>``, and
    the titles of ``<del>`` and change markers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.dels: list[str] = []
        self.titles: list[str] = []
        self.markers: list[str] = []
        self.source = ""
        self.clean = ""
        self._panel: str | None = None
        self._in_del = False
        self._in_marker = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if "df-source" in classes:
            self._panel = "source"
        elif "df-clean" in classes:
            self._panel = "clean"
        elif tag == "del":
            self._in_del = True
            self.dels.append("")
            self.titles.append(attributes.get("title") or "")
        elif "df-change" in classes:
            self._in_marker = True
            self.markers.append(attributes.get("title") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "del":
            self._in_del = False
        elif tag == "span" and self._in_marker:
            self._in_marker = False
        elif tag == "div":
            self._panel = None

    def handle_data(self, data: str) -> None:
        if self._in_marker:
            return
        if self._in_del:
            self.dels[-1] += data
        if self._panel == "source":
            self.source += data
        elif self._panel == "clean":
            self.clean += data


def panels(page: str) -> _Panels:
    parser = _Panels()
    parser.feed(page)
    parser.close()
    return parser


# --------------------------------------------------------------------------- HTML


def test_script_in_source_and_removal_is_only_shown_escaped() -> None:
    source = f"News {SCRIPT} here. Footer {SCRIPT}"
    start = source.index("Footer")
    analysis = make(
        source,
        removed=(cut(source, start, len(source), "footer.preferred_source"),),
        text=f"News {SCRIPT} here.",
    )
    page = render_html(analysis)
    assert "<script" not in page.lower()
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3  # twice in source, once clean
    parsed = panels(page)
    assert parsed.dels == [f"Footer {SCRIPT}"]
    assert parsed.source == source
    assert parsed.clean == f"News {SCRIPT} here."


def test_reasons_metadata_and_evidence_are_escaped() -> None:
    source = "Body. Tail"
    evil = '"><script>x</script>'
    analysis = make(
        source,
        removed=(cut(source, 6, 10, f"footer.{evil}"),),
        changes=(Change(0, 5, "heading_recovered", evidence=evil),),
        metadata={f"key{evil}": f"value{evil}"},
        text="Body.",
    )
    page = render_html(analysis)
    assert "<script" not in page
    assert 'title=""' not in page
    assert page.count("&quot;&gt;&lt;script&gt;x&lt;/script&gt;") == 5
    parsed = panels(page)
    assert parsed.titles == [f"footer.{evil}"]
    assert parsed.markers == [f"heading recovered: {evil}"]


def test_fragment_is_self_contained() -> None:
    source = "See http://example.com/x.png\nand more"
    page = render_html(make(source, removed=(cut(source, 0, 4, "metadata.date_prefix"),)))
    lowered = page.lower()
    for forbidden in ("<script", "<style", "<link", "<img", "src=", "href=", "url(", "@import"):
        assert forbidden not in lowered
    assert "white-space:pre-wrap" in page
    assert panels(page).source == source  # the line break is kept verbatim


def test_struck_spans_and_titles_carry_duplicate_evidence() -> None:
    source = "Rain hit Kochi. Rain hit Kochi! (PTI)"
    analysis = make(
        source,
        removed=(
            cut(source, 16, 31, "near_duplicate", duplicate_of=(0, 15), similarity=0.934),
            cut(source, 32, 37, "credit.agency_parenthesized"),
        ),
        metadata={"credit": "PTI"},
        text="Rain hit Kochi.",
    )
    page = render_html(analysis)
    parsed = panels(page)
    assert parsed.dels == ["Rain hit Kochi!", "(PTI)"]
    assert parsed.titles == [
        "near_duplicate; duplicate of chars 0-15; similarity 0.93",
        "credit.agency_parenthesized",
    ]
    assert 'class="df-removed df-duplicate"' in page
    assert 'class="df-removed df-credit"' in page
    assert "37 chars, 17 kept, 20 removed, 15 in the clean text" in page
    assert '<th style="' in page
    assert ">PTI</td>" in page


def test_header_counts_per_reason_largest_first() -> None:
    source = "aaaa bb cccccc"
    analysis = make(
        source,
        removed=(
            cut(source, 0, 4, "footer.x"),
            cut(source, 5, 7, "footer.x"),
            cut(source, 8, 14, "contained"),
        ),
    )
    page = render_html(analysis)
    legend = page[page.index('class="df-legend"') : page.index("</div>", page.index("df-legend"))]
    assert legend.index("contained") < legend.index("footer.x")
    assert "contained</span> 6" in legend
    assert "footer.x</span> 6" in legend


def test_overlapping_empty_and_out_of_range_removals_are_clipped() -> None:
    source = "0123456789abcdef"
    removed = (
        Removal(5, 12, "", "near_duplicate", "test"),
        Removal(0, 8, "", "exact_duplicate", "test"),  # overlaps the one above
        Removal(3, 3, "", "contained", "test"),  # empty
        Removal(14, 99, "", "footer.x", "test"),  # past the end
        Removal(-4, -1, "", "footer.y", "test"),  # before the start
    )
    page = render_html(make(source, removed=removed))
    parsed = panels(page)
    assert parsed.dels == ["01234567", "89ab", "ef"]
    assert parsed.source == source


def test_changes_are_marked_and_headings_underlined() -> None:
    source = "Minerals Ministerial The US hosted it.Then more."
    changes = (
        Change(0, 20, "heading_recovered", evidence="other copy lacks it"),
        Change(38, 38, "boundary_restored"),
        Change(48, 48, "boundary_restored", evidence="at the end"),
    )
    page = render_html(make(source, changes=changes))
    parsed = panels(page)
    assert parsed.source == source
    assert parsed.markers == [
        "heading recovered: other copy lacks it",
        "boundary restored",
        "boundary restored: at the end",
    ]
    assert "underline dotted" in page
    assert page.index("Minerals Ministerial") < page.index("it.")


def test_heading_inside_and_across_a_removal_nests_properly() -> None:
    source = "Head one. Body text here."
    analysis = make(
        source,
        removed=(cut(source, 5, 14, "footer.x"),),
        changes=(Change(0, 9, "heading_recovered"), Change(12, 30, "heading_recovered")),
    )
    parsed = panels(render_html(analysis))  # HTMLParser would mis-nest on bad markup
    assert parsed.dels == ["one. Body"]
    assert parsed.source == source


def test_empty_analysis_renders() -> None:
    page = render_html(make("", changes=(Change(0, 0, "boundary_restored"),)))
    assert "nothing removed" in page
    assert panels(page).source == ""


def test_repr_html_uses_the_view() -> None:
    analysis = make("x <b>", removed=(cut("x <b>", 2, 5, "footer.x"),))
    assert analysis._repr_html_() == render_html(analysis)


@given(
    source=st.text(alphabet="ab<>&\"'\n ", max_size=40),
    spans=st.lists(st.tuples(st.integers(-5, 45), st.integers(-5, 45)), max_size=6),
    points=st.lists(st.tuples(st.integers(-5, 45), st.integers(-5, 45)), max_size=4),
)
def test_any_spans_render_the_source_exactly(
    source: str, spans: list[tuple[int, int]], points: list[tuple[int, int]]
) -> None:
    removed = tuple(Removal(a, b, "", "near_duplicate", "test") for a, b in spans)
    changes = tuple(Change(a, b, "heading_recovered") for a, b in points)
    page = render_html(make(source, removed=removed, changes=changes))
    assert "<script" not in page
    parsed = panels(page)
    assert parsed.source == source
    assert "".join(parsed.dels) == "".join(
        source[i] for i in range(len(source)) if any(a <= i < b for a, b in spans)
    )


class _Links(HTMLParser):
    """Checks that tags nest, and records where each ``id`` sits in the source
    panel's text and which ``href`` each ``<del>`` holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: dict[str, int] = {}
        self.hrefs: list[str] = []
        self.links_outside_dels = 0
        self.source = ""
        self._in_source = False
        self._in_marker = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.stack.append(tag)
        classes = (attributes.get("class") or "").split()
        if "df-source" in classes:
            self._in_source = True
        if "df-change" in classes:
            self._in_marker = True
        if attributes.get("id"):
            self.ids[str(attributes["id"])] = len(self.source)
        if tag == "a":
            self.hrefs.append(attributes.get("href") or "")
            if "del" not in self.stack:
                self.links_outside_dels += 1

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, tag
        assert self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()
        if tag == "span":
            self._in_marker = False
        if tag == "div" and "div" not in self.stack[1:]:
            self._in_source = False

    def handle_data(self, data: str) -> None:
        if self._in_source and not self._in_marker:
            self.source += data


def links(page: str) -> _Links:
    parser = _Links()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    return parser


def test_view_sets_its_own_colours_for_dark_themes() -> None:
    source = "Body. (PTI)"
    page = render_html(make(source, removed=(cut(source, 6, 11, "credit.x"),), text="Body."))
    outer = page[: page.index(">")]
    assert "color:#1f1f1f" in outer
    assert "background:#ffffff" in outer
    assert page.count("<del ") == page.count(";color:#1f1f1f;text-decoration:line-through")


def test_duplicates_link_to_the_piece_they_repeat() -> None:
    source = "Rain hit Kochi. Schools shut. Rain hit Kochi! Schools shut."
    analysis = make(
        source,
        removed=(
            cut(source, 30, 45, "near_duplicate", duplicate_of=(0, 15), similarity=0.93),
            cut(source, 46, 59, "exact_duplicate", duplicate_of=(16, 29), similarity=1.0),
        ),
        text="Rain hit Kochi. Schools shut.",
    )
    page = render_html(analysis)
    parsed = links(page)
    assert parsed.source == source
    assert len(parsed.hrefs) == 2
    assert parsed.links_outside_dels == 0
    targets = [parsed.ids[href.removeprefix("#")] for href in parsed.hrefs]
    assert targets == [0, 16]
    assert all(href.startswith("#df-") for href in parsed.hrefs)
    for forbidden in ("<script", "<style", "<link", "<img", "src=", "url(", "@import"):
        assert forbidden not in page.lower()
    again = render_html(analysis)
    assert again == page  # the anchor names are fixed by the analysis
    other = render_html(make(source + " ", removed=analysis.removed, text=analysis.text))
    assert links(other).hrefs != parsed.hrefs  # another item's view: other names


@given(
    source=st.text(alphabet="ab<>&\"'\n ", max_size=40),
    spans=st.lists(
        st.tuples(st.integers(-5, 45), st.integers(-5, 45), st.integers(-5, 45)), max_size=6
    ),
    points=st.lists(st.tuples(st.integers(-5, 45), st.integers(-5, 45)), max_size=4),
)
def test_linked_duplicates_nest_and_render_the_source_exactly(
    source: str, spans: list[tuple[int, int, int]], points: list[tuple[int, int]]
) -> None:
    removed = tuple(
        Removal(a, b, "", "near_duplicate", "test", (t, t + 3), 0.9) for a, b, t in spans
    )
    changes = tuple(Change(a, b, "heading_recovered") for a, b in points)
    parsed = links(render_html(make(source, removed=removed, changes=changes)))
    assert parsed.source == source
    assert parsed.links_outside_dels == 0
    for href in parsed.hrefs:
        assert href.removeprefix("#") in parsed.ids


# --------------------------------------------------------------------------- colours


def test_colours_follow_the_reason_family() -> None:
    assert reason_family("disclaimer.not_edited_by_staff") == "disclaimer"
    assert reason_family("exact_duplicate") == reason_family("contained") == "duplicate"
    assert reason_family("plain") == "plain"
    assert reason_colour("exact_duplicate") == reason_colour("near_duplicate")
    assert reason_colour("footer.a") == reason_colour("footer.b")
    known = ["duplicate", "disclaimer.a", "footer.a", "credit.a", "metadata.a"]
    assert len({reason_colour(r) for r in known}) == len(known)


def test_unknown_family_colour_is_stable_across_processes() -> None:
    code = "from dedupe_feed.view import reason_colour; print(reason_colour('byline.x'))"
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        )
        outputs.add(done.stdout)
    assert outputs == {f"{reason_colour('byline.x')}\n"}


# --------------------------------------------------------------------------- explanation

KOCHI = "Rain hit Kochi.Rain hit Kochi!\nSubs here (PTI)"


def kochi() -> Analysis:
    return make(
        KOCHI,
        removed=(
            cut(KOCHI, 41, 46, "credit.agency_parenthesized"),
            cut(KOCHI, 15, 31, "near_duplicate", duplicate_of=(0, 15), similarity=0.93),
        ),
        changes=(Change(15, 15, "boundary_restored", evidence="glued"),),
        metadata={"credit": "PTI", "date": "2026-01-28"},
        text="Rain hit Kochi.\n\nSubs here",
    )


def test_explanation_lines_exact() -> None:
    assert render_explanation(kochi()).splitlines() == [
        "text input (plain text): 46 chars in, 26 chars out",
        "metadata:",
        "  credit: PTI",
        "  date: 2026-01-28",
        "removed (2):",
        '  [15-31] near_duplicate  "Rain hit Kochi!⏎" (duplicate of 0-15, sim 0.93)',
        '  [41-46] credit.agency_parenthesized  "(PTI)"',
        "changes (1):",
        '  [15-15] boundary_restored  "Kochi.¶Rain" (glued)',
    ]


def test_explanation_without_anything_found() -> None:
    assert render_explanation(make("Plain.", text="Plain.")) == (
        "text input (plain text): 6 chars in, 6 chars out\n"
        "metadata: none\n"
        "removed: nothing\n"
        "changes: none"
    )


def test_explanation_truncates_to_width() -> None:
    source = "word " * 60 + "tail"
    analysis = make(
        source,
        removed=(
            cut(source, 0, len(source), "exact_duplicate", duplicate_of=(0, 1), similarity=1.0),
        ),
        metadata={"title": "A " * 80},
    )
    for width in (70, 80, 100):
        lines = render_explanation(analysis, width=width).splitlines()
        assert all(len(line) <= width for line in lines), width
        line = next(line for line in lines if line.startswith("  [0-"))
        assert line.endswith('…" (duplicate of 0-1, sim 1.00)')
    narrow = render_explanation(analysis, width=10)  # fixed parts wider than that: no crash
    assert "…" in narrow


def test_explanation_colour_is_ansi_and_deterministic() -> None:
    plain = render_explanation(kochi())
    coloured = render_explanation(kochi(), color=True)
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured
    assert coloured == render_explanation(kochi(), color=True)
    assert _strip_ansi(coloured) == plain


def test_explanation_neutralises_control_characters() -> None:
    source = "Body.\x1b[2J\x07 tail\r"
    analysis = make(source, removed=(cut(source, 5, len(source), "footer.x"),))
    out = render_explanation(analysis)
    assert out.splitlines()[-2] == '  [5-16] footer.x  " [2J  tail "'


def _strip_ansi(text: str) -> str:
    return re.sub("\x1b\\[[0-9;]*m", "", text)


def test_explanation_escapes_quotes_and_backslashes() -> None:
    source = 'Body. He said "go \\ now".'
    analysis = make(source, removed=(cut(source, 6, len(source), "footer.x"),), text="Body.")
    assert render_explanation(analysis).splitlines()[-2] == (
        '  [6-25] footer.x  "He said \\"go \\\\ now\\"."'
    )


@pytest.mark.parametrize(
    ("source", "change", "shown"),
    [
        (
            "Rain hit Kochi.Schools shut.",
            Change(15, 15, "boundary_restored", "glued"),
            "Kochi.¶Schools",
        ),
        ('nightfall."We are', Change(10, 10, "boundary_restored"), 'nightfall.¶\\"We'),
        ("Start.", Change(0, 0, "boundary_restored"), "¶Start."),
        ("End.", Change(4, 4, "boundary_restored"), "End.¶"),
        ("word \nNext", Change(5, 5, "boundary_restored"), "word ¶⏎Next"),
        ("a" * 30 + "b", Change(30, 30, "boundary_restored"), "…" + "a" * 20 + "¶b"),
        ("Rain <b>hit", Change(5, 5, "tag_removed", "<b>"), "Rain ‸<b>hit"),
    ],
)
def test_zero_width_changes_show_what_they_joined(source: str, change: Change, shown: str) -> None:
    lines = render_explanation(make(source, changes=(change,))).splitlines()
    evidence = f" ({change.evidence})" if change.evidence else ""
    assert lines[-1] == f'  [{change.start}-{change.end}] {change.kind}  "{shown}"{evidence}'


def test_joined_context_cuts_long_words_on_both_sides() -> None:
    assert joined_context("x" * 50 + "y" * 50, 50, reach=10) == ("…" + "x" * 10, "y" * 10 + "…")
    assert joined_context("", 0) == ("", "")
    assert joined_context("ab", 99) == ("ab", "")


@given(text=st.text(alphabet='ab "\\', max_size=60), width=st.integers(20, 120))
def test_quoted_excerpts_read_back_as_a_prefix_of_the_text(text: str, width: int) -> None:
    source = "Body." + text
    analysis = make(source, removed=(cut(source, 5, len(source), "footer.x"),) if text else ())
    line = render_explanation(analysis, width=width).splitlines()[-2]
    if not text:
        return
    quoted = line[line.index('"') + 1 : line.rindex('"')]
    assert re.search(r'(?<!\\)(\\\\)*"', quoted) is None  # no bare quote inside
    read = re.sub(r"\\(.)", r"\1", quoted)
    assert read == text or (read.endswith("…") and text.startswith(read[:-1]))
