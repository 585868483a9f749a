"""The public contract other tools rely on (DESIGN.md section 2)."""

from __future__ import annotations

from pathlib import Path

import dedupe_feed
from benchmarks.generate import make_items

RAW = (
    " date 2026-03-02 Heavy rain lashed Kannur district on Monday night, officials said."
    "The IMD issued an orange alert for three districts. (PTI)\n\n"
    "Reader comment: <script>alert(1)</script>\n\n"
    "Heavy rain lashed Kannur district on Monday night, officials said. "
    "Add Malabar Wire as a Preferred Source"
)


def test_all_is_sorted_and_complete() -> None:
    assert dedupe_feed.__all__ == sorted(dedupe_feed.__all__)
    for name in ("analyze", "clean", "Analysis", "Config", "Removal", "Cleaner"):
        assert name in dedupe_feed.__all__
        assert hasattr(dedupe_feed, name)


def test_analyze_text_equals_clean() -> None:
    assert dedupe_feed.analyze(RAW).text == dedupe_feed.clean(RAW)


def test_clean_is_analyze_text_on_seeded_and_bundled_items() -> None:
    """clean() skips assembling the evidence; its text must not change."""
    examples = sorted((Path(dedupe_feed.__file__).parent / "examples").glob("*"))
    raws = [item["raw"] for item in make_items(20, 5)] + [p.read_text() for p in examples]
    for cleaner in (dedupe_feed.Cleaner(), dedupe_feed.Cleaner(line_model=False)):
        for raw in raws:
            assert cleaner.clean(raw) == cleaner.analyze(raw).text


def test_metadata_and_removals_carry_reasons_and_offsets() -> None:
    result = dedupe_feed.analyze(RAW)
    assert dict(result.metadata) == {
        "date": "2026-03-02",
        "credit": "PTI",
        "publisher": "Malabar Wire",
    }
    reasons = [r.reason for r in result.removed]
    assert reasons == [
        "metadata.date_prefix",
        "credit.agency_parenthesized",
        "model.comments",  # "Reader comment: ...": a comment box, not the story
        "exact_duplicate",
        "footer.preferred_source",
    ]
    for removal in result.removed:
        assert result.source[removal.start : removal.end] == removal.text
    duplicate = result.removed[3]
    assert duplicate.duplicate_of is not None
    kept = result.source[duplicate.duplicate_of[0] : duplicate.duplicate_of[1]]
    assert kept == duplicate.text


def test_repr_html_escapes_item_text() -> None:
    page = dedupe_feed.analyze(RAW)._repr_html_()
    assert "<script" not in page
    assert "&lt;script&gt;" in page
    assert "<del" in page


def test_metadata_is_read_only() -> None:
    result = dedupe_feed.analyze(RAW)
    try:
        result.metadata["date"] = "x"  # type: ignore[index]
    except TypeError:
        return
    raise AssertionError("metadata must be read-only")


def test_cleaner_reuse_gives_same_output() -> None:
    cleaner = dedupe_feed.Cleaner()
    assert cleaner.clean(RAW) == cleaner.clean(RAW) == dedupe_feed.clean(RAW)


def test_cleaner_repr_shows_its_config() -> None:
    assert repr(dedupe_feed.Cleaner()) == "Cleaner()"
    cleaner = dedupe_feed.Cleaner(
        dedupe_feed.Config(similarity=0.9), line_model=False, disabled_families={"footer"}
    )
    assert repr(cleaner) == (
        "Cleaner(similarity=0.9, disabled_families=frozenset({'footer'}), line_model=False)"
    )
    from dedupe_feed.rules import load_rules

    rules = load_rules(
        "[[rule]]\nid = 'mine.promo'\nfamily = 'mine'\npattern = 'Get our app'\n"
        "[[rule]]\nid = 'mine.sign_off'\nfamily = 'mine'\npattern = 'Ends'\n"
    )
    assert repr(dedupe_feed.Cleaner(extra_rules=rules)) == (
        "Cleaner(extra_rules=<2 rules: mine.promo, mine.sign_off>)"
    )


def test_headline_repeated_as_first_body_line_goes_to_metadata() -> None:
    page = (
        "<html><head><title>Rain in Kerala</title></head><body><h2>Rain in Kerala</h2>"
        "<p>Heavy rain lashed Kannur district on Monday night, officials said.</p></body></html>"
    )
    result = dedupe_feed.analyze(page)
    assert result.text == "Heavy rain lashed Kannur district on Monday night, officials said."
    assert result.metadata["title"] == "Rain in Kerala"
    assert [r.reason for r in result.removed] == ["metadata.title"]
