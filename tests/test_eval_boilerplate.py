"""The line boilerplate harness: shares on hand-computed pages, equal-loss points,
the jusText and C4 baselines, the corpus loader, sampling, folds and the CLI."""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from benchmarks import eval_boilerplate as eb
from benchmarks.boilerplate_lines import LinePage, load_pages, sample_pages, site_folds
from benchmarks.datasets import DatasetError

PROSE = (
    "The city council voted on Tuesday to build a new bridge over the river, "
    "and the mayor said that the work would start in the spring and that it "
    "should be finished before the end of the next year if the weather is kind.",
    "Residents who live near the old bridge have asked for years for a safer "
    "crossing, and many of them came to the meeting to say that they were "
    "happy with the plan but worried about the noise and the traffic it would bring.",
    "The bridge will cost about twelve million dollars, which is more than the "
    "first estimate, but the council said that the state would pay for most of "
    "it and that the city would not have to raise taxes to cover its own share.",
)
NAV = ("Home", "News", "Sport", "Weather", "Contact us")


def drop_marked(lines: Sequence[str], title: str | None) -> list[float]:
    """1.0 for lines starting with DROP, 0.0 otherwise."""
    return [1.0 if line.startswith("DROP") else 0.0 for line in lines]


def line(text: str, length: int) -> str:
    """``text`` padded with dots to ``length`` characters."""
    return text + "." * (length - len(text))


def hand_page() -> LinePage:
    lines = (
        line("DROP nav", 10),  # boilerplate, removed
        line("share bar", 30),  # boilerplate, kept
        line("body one", 60),  # content, kept
        line("DROP body two", 40),  # content, removed
        line("DROP unsure", 1000),  # unsure: never counted
        line("a comment", 50),  # comments, kept
    )
    labels = ("boilerplate", "boilerplate", "content", "content", "unsure", "comments")
    return LinePage("t/1", "t", "t.com", "en", lines, labels)


# -- shares --------------------------------------------------------------------


def test_shares_in_chars_and_lines_on_a_hand_computed_page() -> None:
    results = eb.evaluate([hand_page()], {"drop": drop_marked})
    variants = results["datasets"]["t"]["variants"]
    as_boilerplate = variants[eb.COMMENTS_BOILERPLATE]["drop"]
    assert as_boilerplate["boilerplate_removed_chars"] == pytest.approx(10 / 90)
    assert as_boilerplate["content_lost_chars"] == pytest.approx(40 / 100)
    assert as_boilerplate["boilerplate_removed_lines"] == pytest.approx(1 / 3)
    assert as_boilerplate["content_lost_lines"] == pytest.approx(1 / 2)
    assert (as_boilerplate["boilerplate_chars"], as_boilerplate["content_chars"]) == (90, 100)
    left_out = variants[eb.COMMENTS_LEFT_OUT]["drop"]
    assert left_out["boilerplate_removed_chars"] == pytest.approx(10 / 40)
    assert left_out["boilerplate_removed_lines"] == pytest.approx(1 / 2)
    assert left_out["content_lost_chars"] == pytest.approx(40 / 100)


def test_a_dataset_without_comments_has_one_variant_and_pools_with_others() -> None:
    plain = LinePage("u/1", "u", "u.com", "en", ("DROP menu", "Body."), ("boilerplate", "content"))
    results = eb.evaluate([hand_page(), plain], {"drop": drop_marked})
    assert list(results["datasets"]["u"]["variants"]) == [eb.COMMENTS_BOILERPLATE]
    pooled = results["datasets"][eb.POOLED]
    assert pooled["pages"] == 2
    row = pooled["variants"][eb.COMMENTS_BOILERPLATE]["drop"]
    assert row["boilerplate_removed_chars"] == pytest.approx((10 + 9) / (90 + 9))
    assert row["content_lost_chars"] == pytest.approx(40 / 105)


def test_pages_are_matched_to_scores_by_position_not_id() -> None:
    same_id = LinePage("t/1", "u", "t.com", "en", ("DROP", "Body."), ("content", "content"))
    results = eb.evaluate([hand_page(), same_id], {"drop": drop_marked})
    rows = results["datasets"]["u"]["variants"][eb.COMMENTS_BOILERPLATE]["drop"]
    assert rows["content_lost_chars"] == pytest.approx(4 / 9)


def test_keep_all_removes_nothing() -> None:
    results = eb.evaluate([hand_page()], {"keep_all": eb.get_scorer("keep_all")})
    row = results["datasets"]["t"]["variants"][eb.COMMENTS_BOILERPLATE]["keep_all"]
    assert row["boilerplate_removed_chars"] == row["content_lost_chars"] == 0.0


def test_the_threshold_decides_what_is_removed() -> None:
    lines = [eb.ScoredLine(0.4, True, 10), eb.ScoredLine(0.6, True, 10)]
    assert eb.tally(lines, 0.5)["boilerplate_removed_chars"] == 0.5
    assert eb.tally(lines, 0.4)["boilerplate_removed_chars"] == 1.0


def test_bad_scores_are_refused() -> None:
    page = hand_page()
    with pytest.raises(ValueError, match="6 lines"):
        eb.score_pages(lambda lines, title: [0.0], [page])
    with pytest.raises(ValueError, match="outside"):
        eb.score_pages(lambda lines, title: [2.0] * len(lines), [page])


def test_a_scorer_with_a_lang_keyword_gets_the_page_language() -> None:
    seen: list[str] = []

    def scorer(lines: Sequence[str], title: str | None, *, lang: str = "en") -> list[float]:
        seen.append(lang)
        return [0.0] * len(lines)

    page = LinePage("f/1", "f", "f.fr", "fr", ("Titre", "Bonjour"), ("content",) * 2, title=0)
    eb.score_pages(scorer, [page])
    assert seen == ["fr"]


# -- equal loss ----------------------------------------------------------------


def test_removed_at_loss_walks_thresholds_down_until_the_loss_is_exceeded() -> None:
    lines = [
        eb.ScoredLine(0.9, True, 50),
        eb.ScoredLine(0.8, False, 2),
        eb.ScoredLine(0.7, True, 30),
        eb.ScoredLine(0.7, False, 3),  # ties go together: 0.7 costs 5 content chars in all
        eb.ScoredLine(0.2, True, 20),
        eb.ScoredLine(0.1, False, 95),
    ]
    assert eb.removed_at_loss(lines, 0.0) == {"removed": 0.5, "loss": 0.0, "threshold": 0.9}
    assert eb.removed_at_loss(lines, 0.02) == {"removed": 0.5, "loss": 0.02, "threshold": 0.8}
    assert eb.removed_at_loss(lines, 0.05) == {"removed": 1.0, "loss": 0.05, "threshold": 0.2}
    assert eb.removed_at_loss(lines, 1.0)["threshold"] == 0.1
    first = [eb.ScoredLine(1.0, False, 1), eb.ScoredLine(0.5, True, 1)]
    assert eb.removed_at_loss(first, 0.0) == {"removed": 0.0, "loss": 0.0, "threshold": None}


def test_equal_loss_columns_use_each_anchor_loss() -> None:
    page = LinePage(
        "e/1", "e", "e.com", "en",
        (line("nav", 50), line("related", 30), line("lead", 10), line("body", 90)),
        ("boilerplate", "boilerplate", "content", "content"),
    )  # fmt: skip
    graded = {"nav": 0.9, "lead": 0.8, "related": 0.7, "body": 0.1}

    def model(lines: Sequence[str], title: str | None) -> list[float]:
        return [graded[text.rstrip(".")] for text in lines]

    def anchor(lines: Sequence[str], title: str | None) -> list[float]:
        return [1.0, 0.0, 1.0, 0.0]  # removes nav and the lead: 10% content lost

    results = eb.evaluate(
        [page], {"model": model, "anchor": anchor}, max_losses=(0.01,), anchors=("anchor",)
    )
    rows = results["datasets"]["e"]["variants"][eb.COMMENTS_BOILERPLATE]
    assert rows["anchor"]["content_lost_chars"] == pytest.approx(0.1)
    assert rows["anchor"]["boilerplate_removed_chars"] == pytest.approx(50 / 80)
    model_at = rows["model"]["at_loss"]
    assert model_at["loss<=1%"]["removed"] == pytest.approx(50 / 80)
    assert model_at["anchor"]["removed"] == pytest.approx(1.0)
    assert model_at["anchor"]["threshold"] == 0.7
    assert rows["anchor"]["at_loss"]["anchor"]["removed"] == pytest.approx(50 / 80)
    table = eb.markdown_table(rows)
    assert "removed at anchor loss" in table
    assert "| model | 100.0 | 10.0 |" in table


# -- baselines -----------------------------------------------------------------


def test_c4_drops_nav_lines_and_keeps_prose() -> None:
    scores = eb.get_scorer("c4")([*NAV, *PROSE], None)
    assert list(scores) == [1.0] * len(NAV) + [0.0] * len(PROSE)


def test_c4_line_rules() -> None:
    keeps = eb.c4_keeps
    assert not keeps("Read our privacy policy before you sign up today.")
    assert not keeps("You need to turn on JavaScript to see this page.")
    assert not keeps("Lorem ipsum dolor sit amet, consectetur adipiscing.")
    assert not keeps("function f() { return the value of it; }.")
    assert not keeps("There is more to this story than we can say here...")
    assert keeps('He said it was "the best day of the year."')
    assert keeps("The vote was close, with seven members in favour.[12]")
    assert not keeps("Four words end here.")
    assert keeps("Four words end here.", min_words=3)
    assert eb.get_scorer("c4_3words")(["Four words end here."], None) == [0.0]


def test_justext_marks_nav_boilerplate_and_prose_content() -> None:
    pytest.importorskip("justext", reason="jusText is in the bench extra, not in .[test]")
    lines = [*NAV, *PROSE, "© 2024 The Daily Example. All rights reserved."]
    scores = eb.get_scorer("jusText")(lines, None)
    assert list(scores) == [1.0] * len(NAV) + [0.0] * len(PROSE) + [1.0]


def test_justext_maps_paragraphs_back_to_lines_despite_markup_and_control_characters() -> None:
    pytest.importorskip("justext", reason="jusText is in the bench extra, not in .[test]")
    lines = ["<b>Menu</b>", "a\x0bb", PROSE[0], "</p><p>x", PROSE[1], "Tags: bridge"]
    scores = eb.get_scorer("jusText")(lines, None)
    assert len(scores) == len(lines)
    assert scores[2] == scores[4] == 0.0
    assert scores[0] == scores[-1] == 1.0


def test_justext_uses_the_page_language_stoplist() -> None:
    pytest.importorskip("justext", reason="jusText is in the bench extra, not in .[test]")
    french = (
        "Le conseil municipal a voté mardi pour la construction d'un nouveau pont sur "
        "la rivière, et le maire a dit que les travaux commenceraient au printemps et "
        "qu'ils seraient terminés avant la fin de l'année prochaine si le temps le permet."
    )
    scorer = eb.get_scorer("jusText")
    assert eb.takes_lang(scorer)
    assert scorer([french], None, lang="fr") == [0.0]  # type: ignore[call-arg]
    assert scorer([french], None, lang="en") == [1.0]  # type: ignore[call-arg]
    assert scorer([french], None, lang="und") == [1.0]  # type: ignore[call-arg]


# -- registry ------------------------------------------------------------------


def test_registered_factories_are_called_only_when_used() -> None:
    calls: list[str] = []

    def factory() -> eb.LineScorer:
        calls.append("made")
        return drop_marked

    eb.register_scorer("test_drop", factory)
    try:
        assert calls == []
        assert "test_drop" in eb.scorer_names()
        with pytest.raises(ValueError, match="already registered"):
            eb.register_scorer("test_drop", factory)
        found, absent = eb.load_scorers(["TEST_DROP"])
        assert calls == ["made"]
        assert found["TEST_DROP"](["DROP x", "y"], None) == [1.0, 0.0]
        assert absent == {}
    finally:
        eb.unregister_scorer("test_drop")
    assert "test_drop" not in eb.scorer_names()


def test_module_factory_names_and_absent_scorers() -> None:
    scorer = eb.get_scorer("benchmarks.eval_boilerplate:c4_scorer")
    assert scorer(["Home"], None) == [1.0]
    with pytest.raises(KeyError, match="no scorer"):
        eb.get_scorer("no_such_scorer")

    def broken() -> eb.LineScorer:
        raise ImportError("needs a model file")

    eb.register_scorer("test_broken", broken)
    try:
        found, absent = eb.load_scorers(["test_broken", "keep_all"])
    finally:
        eb.unregister_scorer("test_broken")
    assert list(found) == ["keep_all"]
    assert absent == {"test_broken": "ImportError: needs a model file"}


# -- loader, sample, folds -----------------------------------------------------


def record(page_id: str, dataset: str, **fields: Any) -> dict[str, Any]:
    lines = fields.pop(
        "lines",
        [
            {"text": "A title", "label": "content", "score": 1.0, "is_title": True},
            {"text": "Home", "label": "boilerplate", "score": 0.0},
            {"text": "Body text.", "label": "content", "score": 1.0},
        ],
    )
    base = {
        "id": page_id, "dataset": dataset, "use": "eval-only", "site": None,
        "site_guess": f"{dataset}.com", "lang": "en", "misaligned": False, "broken": False,
        "lines": lines,
    }  # fmt: skip
    return {**base, **fields}


def write_pages(path: Path, records: Sequence[dict[str, Any]]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for item in records:
            handle.write(json.dumps(item) + "\n")
    return path


@pytest.fixture
def pages_file(tmp_path: Path) -> Path:
    records = [
        record("a/1", "a"),
        record("a/2", "a", site_guess=None, lang="fr"),
        record("a/3", "a", misaligned=True),
        record("b/1", "b", use="train+eval", lines=[{"text": "Menu", "label": "boilerplate"}]),
        record("b/2", "b", use="train+eval", synthetic=True),
        record("b/3", "b", duplicate_of="b/1"),
        record("c/1", "c", broken=True),
    ]
    return write_pages(tmp_path / "pages.jsonl.gz", records)


def test_load_pages_reads_the_corpus_record_format(pages_file: Path) -> None:
    pages = load_pages(pages_file)
    assert [p.id for p in pages] == ["a/1", "a/2", "b/1"]
    first = pages[0]
    assert first.lines == ("A title", "Home", "Body text.")
    assert first.labels == ("content", "boilerplate", "content")
    assert (first.title, first.title_text, first.site, first.use) == (
        0,
        "A title",
        "a.com",
        "eval-only",
    )
    assert (pages[1].site, pages[1].lang) == ("a/2", "fr")
    assert pages[2].title is None


def test_load_pages_filters(pages_file: Path) -> None:
    assert len(load_pages(pages_file, skip_flagged=False)) == 7
    assert [p.id for p in load_pages(pages_file, use="train+eval")] == ["b/1"]
    assert [p.id for p in load_pages(pages_file.parent, datasets=["a"])] == ["a/1", "a/2"]
    with pytest.raises(ValueError, match="use must be"):
        load_pages(pages_file, use="train")
    with pytest.raises(DatasetError):
        load_pages(pages_file.parent / "missing.jsonl.gz")


def test_line_page_checks_its_fields() -> None:
    with pytest.raises(ValueError, match="labels"):
        LinePage("x/1", "x", "x", "en", ("a",), ())
    with pytest.raises(ValueError, match="unknown labels"):
        LinePage("x/1", "x", "x", "en", ("a",), ("nav",))


def test_sample_pages_is_seeded_and_capped_per_dataset() -> None:
    pages = [LinePage(f"{d}/{i:02}", d, f"s{i}", "en", (), ()) for d in "ab" for i in range(30)]
    pages += [LinePage("c/1", "c", "s", "en", (), ())]
    first = sample_pages(pages, per_dataset=5, seed=7)
    assert [p.id for p in first] == [p.id for p in sample_pages(pages[::-1], per_dataset=5, seed=7)]
    assert [p.dataset for p in first] == ["a"] * 5 + ["b"] * 5 + ["c"]
    assert first != sample_pages(pages, per_dataset=5, seed=8)
    only_a = sample_pages([p for p in pages if p.dataset == "a"], per_dataset=5, seed=7)
    assert only_a == first[:5]  # one dataset's sample ignores the others


def test_site_folds_never_split_a_site() -> None:
    sites = "aaabbccdef"
    pages = [LinePage(f"d/{i}", "d", site, "en", (), ()) for i, site in enumerate(sites)]
    folds = site_folds(pages, 3)
    assert len(folds) == 3
    site_of = {p.id: p.site for p in pages}
    tested: list[str] = []
    for train, test in folds:
        assert {site_of[i] for i in train}.isdisjoint({site_of[i] for i in test})
        assert sorted(train + test) == sorted(site_of)
        tested.extend(test)
    assert sorted(tested) == sorted(site_of)
    assert sorted(len(test) for _, test in folds) == [3, 3, 4]
    assert len(site_folds(pages)) == len(set(sites))  # leave-one-site-out


# -- command line --------------------------------------------------------------


def test_main_prints_tables_and_writes_the_report(tmp_path: Path, capsys: Any) -> None:
    comment = {"text": "Great article, thanks for writing it.", "label": "comments"}
    records = [
        record("a/1", "a", lines=[{"text": t, "label": "boilerplate"} for t in NAV]
               + [{"text": t, "label": "content"} for t in PROSE] + [comment]),
        record("b/1", "b"),
    ]  # fmt: skip
    data = write_pages(tmp_path / "pages.jsonl.gz", records)
    out = tmp_path / "report.json"
    args = ["--data", str(data), "--per-dataset", "5", "--scorer", "c4", "keep_all", "-o", str(out)]
    assert eb.main(args) == 0
    printed = capsys.readouterr().out
    assert "### a: 1 pages, comments left out" in printed
    assert "removed at c4 loss" in printed
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["sample"] == {"a": ["a/1"], "b": ["b/1"]}
    assert report["anchors"] == ["c4"]
    rows = report["results"]["datasets"]["a"]["variants"]["comments_left_out"]
    assert rows["c4"]["boilerplate_removed_chars"] == 1.0
    assert rows["c4"]["content_lost_chars"] == 0.0
    assert rows["keep_all"]["at_loss"]["c4"]["removed"] == 0.0


def test_main_rejects_an_unknown_scorer(tmp_path: Path) -> None:
    data = write_pages(tmp_path / "pages.jsonl.gz", [record("a/1", "a")])
    with pytest.raises(SystemExit):
        eb.main(["--data", str(data), "--scorer", "nope"])
