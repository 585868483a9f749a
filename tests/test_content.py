"""Main-content selection: each heuristic with a page where it fires and one where it must not."""

from __future__ import annotations

from dedupe_feed.content import Run, Tree, main_nodes, prose_weight, select_content
from dedupe_feed.html import html_to_document

P1 = "The harbour board of Kestrel Bay approved a new breakwater on Tuesday after a storm."
P2 = "Work starts in spring and should take eighteen months, the chair, Ines Varga, said."
P3 = "Fishing crews had asked for the repair since winter, when waves flooded the old quay."
P4 = "The council will pay a third of the cost and the port authority the rest, she added."
BODY = "".join(f"<p>{p}</p>" for p in (P1, P2, P3, P4))

TEASERS = "".join(
    f"<li><a href='/t{i}'>Teaser headline number {i} here</a> A summary of another story"
    f" about ferries, fares and the weather in the bay this week.</li>"
    for i in range(6)
)


def extract(raw: str) -> list[str]:
    doc = html_to_document(raw)
    return [doc.source[b.start : b.end] for b in doc.blocks]


def page(article: str, *, before: str = "", after: str = "") -> str:
    return f"<html><body>{before}<div class='story'>{article}</div>{after}</body></html>"


# -- the main container ---------------------------------------------------------


def test_sidebar_teasers_outside_the_article_are_dropped() -> None:
    raw = page(BODY, after=f"<div class='more'><ul>{TEASERS}</ul></div>")
    assert extract(raw) == [P1, P2, P3, P4]


def test_a_teaser_list_does_not_outscore_a_shorter_article() -> None:
    raw = page(BODY, before=f"<div><ul>{TEASERS}</ul></div>")
    assert extract(raw) == [P1, P2, P3, P4]


def test_paragraph_with_one_inline_link_stays() -> None:
    linked = "Work starts in spring, the <a href='/varga'>chair, Ines Varga</a>, told reporters."
    raw = page(f"<p>{P1}</p><p>{linked}</p><p>{P3}</p><p>{P4}</p>")
    assert "Work starts in spring, the chair, Ines Varga, told reporters." in extract(raw)


def test_paragraphs_wrapped_one_by_one_are_all_kept() -> None:
    wrapped = "".join(f"<div><div><p>{p}</p></div></div>" for p in (P1, P2, P3, P4, P1 + " Again."))
    raw = page(wrapped, before="<div><ul><li><a href='/'>Home</a></li></ul></div>")
    assert extract(raw) == [P1, P2, P3, P4, P1 + " Again."]


def test_headings_inside_the_article_stay() -> None:
    raw = page(f"<p>{P1}</p><p>{P2}</p><h2>Costs</h2><p>{P3}</p><p>{P4}</p>")
    assert extract(raw) == [P1, P2, "Costs", P3, P4]


def test_sibling_container_with_prose_is_kept() -> None:
    raw = (
        f"<html><body><div><div class='lead'><p>{P1}</p></div>"
        f"<div class='body'><p>{P2}</p><p>{P3}</p><p>{P4}</p></div>"
        "<div class='tags'><a href='/x'>Ports</a> <a href='/y'>Weather</a></div>"
        "</div></body></html>"
    )
    assert extract(raw) == [P1, P2, P3, P4]


# -- link lists and labels inside the article -----------------------------------


def test_related_list_and_its_label_inside_the_article_are_dropped() -> None:
    related = (
        "<p>Related Coverage</p><ul><li><a href='/a'>Ferry fares rise again</a></li>"
        "<li><a href='/b'>New lighthouse keeper named</a></li></ul>"
    )
    raw = page(f"<p>{P1}</p><p>{P2}</p>{related}<p>{P3}</p><p>{P4}</p>")
    assert extract(raw) == [P1, P2, P3, P4]


def test_a_label_before_prose_is_not_taken_for_a_list_label() -> None:
    raw = page(f"<p>{P1}</p><p>{P2}</p><p>Costs</p><p>{P3}</p><p>{P4}</p>")
    assert "Costs" in extract(raw)


def test_punctuation_only_blocks_are_dropped() -> None:
    raw = page(f"<p>{P1}</p><p>,</p><p>{P2}</p><p>•</p><p>{P3}</p><p>{P4}</p>")
    assert extract(raw) == [P1, P2, P3, P4]


# -- edges ------------------------------------------------------------------------


def test_byline_date_and_tags_at_the_edges_are_dropped() -> None:
    raw = page(
        f"<p>By INES VARGA</p><p>Nov. 20, 2019 5:52 AM EST</p>{BODY}<p>Topics</p><p>Ports</p>"
    )
    assert extract(raw) == [P1, P2, P3, P4]


def test_short_sentences_at_the_edges_stay() -> None:
    raw = page(f"<p>It is official.</p>{BODY}<p>She declined to comment.</p>")
    assert extract(raw) == ["It is official.", P1, P2, P3, P4, "She declined to comment."]


def test_photo_credit_lines_are_dropped_but_look_alikes_stay() -> None:
    raw = page(
        f"<p>{P1}</p><p>Photo: Damian Dovarganes, AP</p><p>(Credit: Clayton Aldern / Grist)</p>"
        f"<p>{P2}</p><p>Credit card debt rose sharply.</p><p>{P3}</p><p>{P4}</p>"
    )
    assert extract(raw) == [P1, P2, "Credit card debt rose sharply.", P3, P4]


# -- pages too small to judge -----------------------------------------------------


def test_a_short_fragment_is_kept_whole() -> None:
    raw = "<p>Rain lashed Kochi.</p><ul><li><a href='/a'>Read more</a></li></ul>"
    doc = html_to_document(raw)
    assert doc.source == "Rain lashed Kochi.\n\nRead more"
    assert "main content" not in doc.detection


def test_selection_can_be_switched_off() -> None:
    raw = page(BODY, after=f"<div class='more'><ul>{TEASERS}</ul></div>")
    doc = html_to_document(raw, main_content=False)
    assert len(doc.blocks) == 4 + 6


def test_the_choice_is_recorded_in_the_detection() -> None:
    doc = html_to_document(page(BODY, after="<ul><li><a href='/a'>Other</a></li></ul>"))
    assert doc.detection.endswith("main content <div>: 4 of 5 blocks kept")


# -- the pure functions -------------------------------------------------------------


def test_prose_weight() -> None:
    assert prose_weight(Run(P1, "paragraph")) > 0
    assert prose_weight(Run(P1, "heading")) == 0
    assert prose_weight(Run(P1, "paragraph", link_chars=len(P1))) == 0
    assert prose_weight(Run("Too short to count here.", "paragraph")) == 0


def test_main_nodes_on_an_empty_tree() -> None:
    assert main_nodes([], Tree(parents=(-1,), names=("root",))) is None
    assert select_content([], Tree(parents=(-1,), names=("root",))).runs == ()


# -- attribution lines next to the main container ----------------------------------


def test_an_attribution_just_before_the_main_container_is_kept() -> None:
    note = "This post originally appeared on <a href='/g'>Grist</a>."
    before = f"<nav><a href='/'>Home</a></nav><p class='note'>{note}</p>"
    blocks = extract(page(BODY, before=before))
    assert blocks[0] == "This post originally appeared on Grist."
    assert blocks[1:] == [P1, P2, P3, P4]


def test_an_attribution_just_after_the_main_container_is_kept() -> None:
    after = "<p>A version of this story was first published in The Harbour Post.</p>"
    assert extract(page(BODY, after=after))[-1] == (
        "A version of this story was first published in The Harbour Post."
    )


def test_other_short_lines_next_to_the_main_container_are_not() -> None:
    before = "<p>The bill first appeared in parliament in 2019.</p>"
    after = "<p>Subscribe to our newsletter today.</p><p>This post originally appeared on X.</p>"
    assert extract(page(BODY, before=before, after=after)) == [P1, P2, P3, P4]


def test_a_link_only_attribution_is_not_kept() -> None:
    before = "<p><a href='/x'>This article originally appeared on Grist</a></p>"
    assert extract(page(BODY, before=before)) == [P1, P2, P3, P4]
