"""HTML reading: blocks over the extracted text, chrome dropped, never a crash."""

from __future__ import annotations

import gzip
import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from shared_folder import SHARED_DATA, needs

import dedupe_feed.html as html_module
from dedupe_feed.html import html_to_document
from dedupe_feed.model import Document

BENCHMARK_PAGES = SHARED_DATA / "article-extraction-benchmark" / "html"


def texts(doc: Document) -> list[str]:
    return [doc.source[block.start : block.end] for block in doc.blocks]


def kinds(doc: Document) -> list[str]:
    return [block.kind for block in doc.blocks]


def assert_well_formed(doc: Document) -> None:
    """The invariants every document keeps, whatever the input."""
    assert doc.input_format == "html"
    assert doc.source == "\n\n".join(texts(doc))
    assert "\r" not in doc.source
    for text in texts(doc):
        assert text
        assert text == text.strip()
        assert "  " not in text
        assert "\n" not in text
        assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in text)


# -- blocks -----------------------------------------------------------------


def test_paragraphs_and_headings() -> None:
    doc = html_to_document("<h2>Rain</h2><p>First.</p><p>Second.</p><h3>Later</h3><p>Third.</p>")
    assert doc.source == "Rain\n\nFirst.\n\nSecond.\n\nLater\n\nThird."
    assert kinds(doc) == ["heading", "paragraph", "paragraph", "heading", "paragraph"]
    assert_well_formed(doc)


def test_list_items() -> None:
    doc = html_to_document("<p>Key points:</p><ul><li>One</li><li><p>Two</p></li></ul><ol><li>3")
    assert texts(doc) == ["Key points:", "One", "Two", "3"]
    assert kinds(doc) == ["paragraph", "list_item", "list_item", "list_item"]


def test_blockquote_paragraphs_are_quotes() -> None:
    doc = html_to_document("<p>He said:</p><blockquote><p>We act.</p><p>Now.</p>Tail</blockquote>")
    assert texts(doc) == ["He said:", "We act.", "Now.", "Tail"]
    assert kinds(doc) == ["paragraph", "quote", "quote", "quote"]


def test_other_paragraph_elements() -> None:
    raw = (
        "<pre>code  here</pre><dl><dt>Term</dt><dd>Meaning</dd></dl>"
        "<table><tr><td>cell 1</td><td>cell 2</td></tr></table>"
        "<section>direct text<p>inner</p>after</section>"
    )
    doc = html_to_document(raw)
    assert texts(doc) == [
        "code here",
        "Term",
        "Meaning",
        "cell 1",
        "cell 2",
        "direct text",
        "inner",
        "after",
    ]
    assert set(kinds(doc)) == {"paragraph"}


def test_br_splits_blocks() -> None:
    doc = html_to_document("First line.<br><br>Second line.<br/>Third<br> <br>\n<br>Fourth")
    assert texts(doc) == ["First line.", "Second line.", "Third", "Fourth"]


def test_br_layout_inside_a_paragraph() -> None:
    doc = html_to_document("<p>One <b>bold</b>.<br><br>Two.</p>")
    assert texts(doc) == ["One bold.", "Two."]


def test_inline_markup_is_flattened_with_the_page_spacing() -> None:
    raw = (
        "<p><span>Rain</span> <b>lashed</b>\n  <a href='/k'>Kochi</a>"
        "<i> on</i> <em>Mon</em>day,\t<strong>officials</strong> said.</p>"
    )
    assert html_to_document(raw).source == "Rain lashed Kochi on Monday, officials said."


def test_nbsp_and_entities() -> None:
    raw = "<p>Tom&nbsp;&amp;&nbsp;Jerry&#8217;s &lt;b&gt; &#x2014; &foo; &foo bar &copy;</p>"
    assert html_to_document(raw).source == "Tom & Jerry’s <b> — &foo; &foo bar ©"


def test_control_characters_and_carriage_returns_are_removed() -> None:
    doc = html_to_document("<p>a\x00b\x01c\x85d\r\ne\x7f</p>\r\n<p>f&#133;g</p>")
    assert texts(doc) == ["abcd e", "f…g"]
    assert_well_formed(doc)


# -- dropped content ----------------------------------------------------------


def test_script_and_style_never_appear() -> None:
    raw = (
        "<p>Before</p><script>alert(1)</script><style>p{color:red}</style>"
        "<noscript>Enable JS</noscript><template>tpl</template><p>After</p>"
    )
    doc = html_to_document(raw)
    assert doc.source == "Before\n\nAfter"
    assert "alert(1)" not in doc.source


def test_page_chrome_is_dropped() -> None:
    raw = (
        "<header><a href='/'>Site</a> <nav>Home World</nav></header>"
        "<nav>Menu</nav><aside>Trending</aside>"
        "<article><p>Body.</p><form><input value='x'><button>Go</button>"
        "<select><option>opt</option></select><textarea>t</textarea></form>"
        "<iframe>frame</iframe><svg><text>chart</text></svg><canvas>c</canvas>"
        "<figure><img src='x.jpg'><figcaption>A photo</figcaption></figure></article>"
        "<footer>© Site</footer>"
    )
    assert html_to_document(raw).source == "Body."


@pytest.mark.parametrize(
    "attributes",
    [
        "class='share-bar'",
        "class='social'",
        "class='box socialLinks'",
        "class='advert'",
        "class='advertisement'",
        "class='ad-slot'",
        "class='ad'",
        "class='ads'",
        "class='adsbygoogle'",
        "class='related-articles'",
        "class='relatedStories'",
        "class='newsletter-signup'",
        "id='comments'",
        "class='comment-list'",
        "class='subscribe-box'",
        "class='promo'",
        "id='share'",
        "hidden",
        "style='display: none'",
        "style='color:red;visibility:hidden'",
    ],
)
def test_widgets_and_hidden_elements_are_dropped(attributes: str) -> None:
    raw = f"<div class='story'><p>Body.</p><div {attributes}><p>Widget</p></div></div>"
    assert html_to_document(raw).source == "Body."


@pytest.mark.parametrize(
    "attributes",
    [
        "class='article-body'",
        "class='header'",
        "class='shadow'",
        "class='load-more'",
        "class='commentary'",
        "class='subscriber-only'",
        "class='lead'",
        "class='address'",
        "class='thread'",
        "id='content'",
        "class='no-ads'",
        "style='display: block'",
    ],
)
def test_look_alike_classes_are_kept(attributes: str) -> None:
    raw = f"<div {attributes}><p>Body.</p></div>"
    assert html_to_document(raw).source == "Body."


def test_article_root_is_never_dropped_for_its_class() -> None:
    raw = "<body class='comments-open'><article class='post comments-open'><p>Body.</p></article>"
    assert html_to_document(raw).source == "Body."


def test_header_with_the_article_h1_stays() -> None:
    raw = "<header><h1>Floods in Kerala</h1><p>By Staff</p></header><p>Body.</p>"
    doc = html_to_document(raw)
    assert doc.source == "By Staff\n\nBody."
    assert doc.metadata == (("title", "Floods in Kerala"),)


# -- title --------------------------------------------------------------------


def test_title_tag_is_metadata_and_its_h1_is_not_a_block() -> None:
    raw = (
        "<html><head><title>  Floods in\n Kerala </title></head>"
        "<body><h1>floods in  KERALA</h1><p>Body.</p><h1>Second h1</h1></body></html>"
    )
    doc = html_to_document(raw)
    assert doc.metadata == (("title", "Floods in Kerala"),)
    assert texts(doc) == ["Body.", "Second h1"]
    assert kinds(doc) == ["paragraph", "heading"]


def test_title_with_site_suffix_is_kept_as_is() -> None:
    raw = "<title>Floods in Kerala | The Daily</title><h1>Floods in Kerala</h1><p>Body.</p>"
    doc = html_to_document(raw)
    assert doc.metadata == (("title", "Floods in Kerala | The Daily"),)
    assert texts(doc) == ["Floods in Kerala", "Body."]
    assert kinds(doc) == ["heading", "paragraph"]


def test_first_h1_is_the_title_without_a_title_tag() -> None:
    doc = html_to_document("<h1>Floods <b>in</b> Kerala</h1><p>Body.</p><h1>Another</h1>")
    assert doc.metadata == (("title", "Floods in Kerala"),)
    assert texts(doc) == ["Body.", "Another"]
    assert kinds(doc) == ["paragraph", "heading"]


def test_no_title_no_metadata() -> None:
    doc = html_to_document("<title> </title><p>Body.</p>")
    assert doc.metadata == ()
    assert doc.source == "Body."


def test_svg_title_is_not_the_page_title() -> None:
    doc = html_to_document("<p>Body.</p><svg><title>icon</title></svg>")
    assert doc.metadata == ()
    assert doc.source == "Body."


# -- detection ----------------------------------------------------------------


def test_detection_reason_is_recorded() -> None:
    assert html_to_document("<p>Body.</p>").detection == "html: 2 tags incl. <p>"
    assert html_to_document("Just text.").detection == "html (forced)"


# -- robustness ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", []),
        ("<html><body></body></html>", []),
        ("<div><p></p><br><br><span> </span></div>", []),
        ("<p>Truncated para<p>Next <b>bold", ["Truncated para", "Next bold"]),
        ("<p>outer <p>inner</p> tail</p>", ["outer", "inner", "tail"]),
        ("<div><p>unclosed <i>italic<div>x", ["unclosed italic", "x"]),
        ("<p>cut off mid tag <a hre", ["cut off mid tag"]),
        ("</p></div>stray closers</b>", ["stray closers"]),
        ("<p>a<!-- hidden comment -->b</p>", ["ab"]),
        ("<p>x<![CDATA[ cdata ]]>y</p>", ["xy"]),
        ("Plain fragment with <b>bold</b> only", ["Plain fragment with bold only"]),
        ("<br><br><br>", []),
        ("<<<>>>", ["<<<>>>"]),
        ("a < b && c > d", ["a < b && c > d"]),
        ("<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>", ["x"]),
        ("https://example.com/story.html", ["https://example.com/story.html"]),
    ],
)
def test_malformed_markup(raw: str, expected: list[str]) -> None:
    doc = html_to_document(raw)
    assert texts(doc) == expected
    assert_well_formed(doc)


def test_deep_nesting_keeps_the_text() -> None:
    raw = "<p>before</p>" + "<div>" * 10_000 + "text" + "</div>" * 10_000 + "<p>after</p>"
    doc = html_to_document(raw)
    assert texts(doc) == ["before", "text", "after"]


def test_deep_unclosed_nesting() -> None:
    doc = html_to_document("<div><span>" * 5_000 + "deep")
    assert doc.source == "deep"


def test_lossy_parse_falls_back_to_flat_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """If the parser drops text (old libxml2 caps depth), every word still comes out."""

    def capped_parse(markup: str) -> etree._Element:
        return etree.HTML(markup[: len(markup) // 3])

    monkeypatch.setattr(html_module, "_parse", capped_parse)
    raw = "<p>before</p>" + "<div>" * 300 + "deep text" + "</div>" * 300 + "<p>after &amp; more</p>"
    doc = html_to_document(raw)
    assert texts(doc) == ["before", "deep text", "after & more"]
    assert doc.detection.endswith("; parser lost text, flat fallback")
    assert_well_formed(doc)


@pytest.mark.slow
def test_five_megabyte_page_in_roughly_linear_time() -> None:
    unit = "<div class='x'><p>Some <b>bold</b> text &amp; words.</p><script>a=1</script></div>\n"

    def seconds(copies: int) -> float:
        raw = "<html><body>" + unit * copies + "</body></html>"
        started = time.perf_counter()
        doc = html_to_document(raw)
        elapsed = time.perf_counter() - started
        assert len(doc.blocks) == copies
        return elapsed

    small = seconds(6_000)
    large = seconds(60_000)  # about 5 MB
    assert large < 60
    assert large < 30 * max(small, 0.01)


def test_deterministic() -> None:
    raw = "<title>T</title><h1>T</h1><p>One <b>two</b></p><ul><li>x</li></ul><br>y"
    first = html_to_document(raw)
    assert all(html_to_document(raw) == first for _ in range(5))


markup_pieces = st.sampled_from(
    [
        "<p>", "</p>", "<div>", "</div>", "<br>", "<b>", "</b>", "<li>", "<h1>", "</h1>",
        "<h2>", "<blockquote>", "<title>", "</title>", "<script>", "</script>", "<nav>",
        "<!--", "-->", "&nbsp;", "&amp;", "&#8217;", "&foo", "<", ">", " ", "\n", "\r",
        "\x00", "\x85", "word", "Rain.", "<div class='share'>", "<span>",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(markup_pieces, max_size=40).map("".join))
def test_any_markup_gives_a_well_formed_document(raw: str) -> None:
    assert_well_formed(html_to_document(raw))


# -- real pages ---------------------------------------------------------------


@pytest.mark.skipif(not BENCHMARK_PAGES.is_dir(), reason=needs(BENCHMARK_PAGES))
def test_benchmark_pages_parse() -> None:
    pages = sorted(BENCHMARK_PAGES.glob("*.html.gz"))
    assert pages
    for page in pages:
        raw = gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace")
        doc = html_to_document(raw)
        assert doc.source, page.name
        assert doc.detection.startswith("html: ")
        assert_well_formed(doc)


# -- roles, captions, tails ------------------------------------------------------


@pytest.mark.parametrize("role", ["navigation", "contentinfo", "complementary", "search", "dialog"])
def test_chrome_roles_are_dropped(role: str) -> None:
    assert html_to_document(f"<p>Body.</p><div role='{role}'><p>Chrome</p></div>").source == "Body."


@pytest.mark.parametrize("role", ["main", "article", "region", "note"])
def test_content_roles_are_kept(role: str) -> None:
    assert html_to_document(f"<div role='{role}'><p>Body.</p></div>").source == "Body."


def test_caption_widgets_are_dropped_but_caption_words_in_text_stay() -> None:
    raw = "<p>Body.</p><div class='caption'>A photo</div><p>The caption contest.</p>"
    assert html_to_document(raw).source == "Body.\n\nThe caption contest."


def test_text_after_a_dropped_element_stays() -> None:
    raw = "<p>Before <script>x()</script>middle <nav>menu</nav>after.</p>"
    assert html_to_document(raw).source == "Before middle after."


def test_link_text_is_counted_per_block() -> None:
    doc = html_to_document("<p>See <a href='/x'>the report</a>.</p>", main_content=False)
    assert doc.source == "See the report."


# -- JSON-LD articleBody fallback -----------------------------------------------

LD_PARAGRAPHS = [
    "The harbour board of Kestrel Bay approved a new breakwater on Tuesday after a storm"
    " flooded the old quay for the third time this winter.",
    "Work starts in spring and should take eighteen months, the chair, Ines Varga, said,"
    " adding that the council and the port authority would share the cost of the project.",
    "Fishing crews had asked for the repair since the winter storms, when waves broke over"
    " the harbour wall and damaged a dozen boats moored along the inner basin.",
]
LD_BODY = "\n".join(LD_PARAGRAPHS)
BIO = (
    "Ines Varga has written about the harbour and its fishing fleet for the paper since 2008"
    " and lives in Kestrel Bay."
)


def ld_page(data: object, visible: str = f"<p>{BIO}</p>", *, head: bool = True) -> str:
    script = f"<script type='application/ld+json'>{json.dumps(data)}</script>"
    return (
        f"<html><head>{script if head else ''}</head><body>{'' if head else script}"
        f"<div class='story'>{visible}</div></body></html>"
    )


@pytest.mark.parametrize(
    "data",
    [
        {"@type": "NewsArticle", "articleBody": LD_BODY},
        {"@graph": [{"@type": "WebPage"}, {"@type": "OpinionNewsArticle", "articleBody": LD_BODY}]},
        [{"@type": "Organization"}, {"@type": ["Article"], "articleBody": LD_BODY}],
        {"@type": "BlogPosting", "articleBody": LD_BODY.replace("\n", "\n\n")},
    ],
)
def test_a_thin_page_uses_the_json_ld_article_body(data: object) -> None:
    doc = html_to_document(ld_page(data))
    assert texts(doc) == LD_PARAGRAPHS
    assert "JSON-LD articleBody used" in doc.detection
    assert_well_formed(doc)


def test_the_json_ld_body_in_the_body_element_counts_too() -> None:
    doc = html_to_document(ld_page({"@type": "NewsArticle", "articleBody": LD_BODY}, head=False))
    assert texts(doc) == LD_PARAGRAPHS


def test_a_json_ld_body_with_markup_and_entities_is_cut_into_paragraphs() -> None:
    body = "".join(f"<p>{p.replace(',', '&#44;')}</p>" for p in LD_PARAGRAPHS)
    assert texts(html_to_document(ld_page({"@type": "NewsArticle", "articleBody": body}))) == (
        LD_PARAGRAPHS
    )


def test_a_page_with_enough_visible_prose_ignores_json_ld() -> None:
    visible = "".join(f"<p>{p}</p>" for p in LD_PARAGRAPHS * 3)
    data = {"@type": "NewsArticle", "articleBody": LD_BODY + " Extra words." * 200}
    doc = html_to_document(ld_page(data, visible))
    assert "JSON-LD" not in doc.detection
    assert texts(doc) == LD_PARAGRAPHS * 3


@pytest.mark.parametrize(
    "script",
    [
        "{not json",
        '{"@type": "NewsArticle", "articleBody": 5}',
        json.dumps({"@type": "Product", "articleBody": LD_BODY}),
        json.dumps({"@type": "NewsArticle", "articleBody": "Too short to trust."}),
        "[" * 5000 + "]" * 5000,
    ],
)
def test_unusable_json_ld_is_ignored(script: str) -> None:
    raw = (
        f"<html><head><script type='application/ld+json'>{script}</script></head>"
        f"<body><div><p>{BIO}</p></div></body></html>"
    )
    doc = html_to_document(raw)
    assert "JSON-LD" not in doc.detection
    assert texts(doc) == [BIO]


def test_json_ld_is_not_read_without_main_content_selection() -> None:
    data = {"@type": "NewsArticle", "articleBody": LD_BODY}
    assert texts(html_to_document(ld_page(data), main_content=False)) == [BIO]


RELATED = "Storm damage closes the ferry pier at Gull Point"


def state_script(title: str) -> str:
    """An app-state script holding the article tree, with a related link in it."""
    text = {"type": "text", "data": title}
    link = {"type": "a", "attribs": {"href": "/news/811/storm-damage"}, "children": [text]}
    state = {"body": [{"type": "h3", "children": [link]}]}
    return f"<script>window.__STATE__={json.dumps(state)}</script>"


def test_a_related_headline_glued_into_the_json_ld_body_is_cut() -> None:
    glued = f"{LD_PARAGRAPHS[0]} {RELATED} {LD_PARAGRAPHS[1]}"
    page = ld_page({"@type": "NewsArticle", "articleBody": f"{glued}\n{LD_PARAGRAPHS[2]}"})
    doc = html_to_document(page.replace("</body>", state_script(RELATED) + "</body>"))
    assert texts(doc) == [f"{LD_PARAGRAPHS[0]} {LD_PARAGRAPHS[1]}", LD_PARAGRAPHS[2]]
    assert f"1 linked headline(s) cut: [{RELATED!r}]" in doc.detection


@pytest.mark.parametrize(
    "body",
    [
        f"{LD_PARAGRAPHS[0]} {RELATED}. {LD_PARAGRAPHS[1]}",  # ends with a stop: a sentence
        f"{LD_PARAGRAPHS[0]} Crews said {RELATED} Friday. {LD_PARAGRAPHS[1]}",  # mid-sentence
        f"{LD_PARAGRAPHS[0]} {RELATED} and {LD_PARAGRAPHS[1]}",  # no capital follows
    ],
)
def test_link_text_inside_real_sentences_stays(body: str) -> None:
    page = ld_page({"@type": "NewsArticle", "articleBody": f"{body}\n{LD_PARAGRAPHS[2]}"})
    doc = html_to_document(page.replace("</body>", state_script(RELATED) + "</body>"))
    assert texts(doc) == [body, LD_PARAGRAPHS[2]]
    assert "linked headline" not in doc.detection
