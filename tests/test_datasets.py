"""Evaluation loaders and scorers, on tiny hand-written copies of each public layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shared_folder import SHARED_DATA, needs

from benchmarks import eval_extraction
from benchmarks.datasets import (
    DatasetError,
    decode_html,
    guess_language,
    load_aeb,
    load_l3s_blocks,
    load_trafilatura_eval,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"


# -- Article Extraction Benchmark ------------------------------------------------


def test_aeb_pages_with_gold_and_html() -> None:
    pages = load_aeb(FIXTURES / "aeb")
    assert [page.id for page in pages] == ["k1"]  # the gold id without a page is skipped
    assert pages[0].url == "https://example.org/k1"
    assert pages[0].gold.startswith("The harbour board of Kestrel Bay")
    assert "<article>" in pages[0].html


def test_aeb_subset_gold_name_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    source = FIXTURES / "aeb"
    (tmp_path / "html" / "k1.html.gz").write_bytes((source / "html" / "k1.html.gz").read_bytes())
    gold = (source / "ground-truth.json").read_text()
    (tmp_path / "ground-truth.subset.json").write_text(gold)
    assert [page.id for page in load_aeb(tmp_path)] == ["k1"]


def test_aeb_wrong_paths_name_the_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"folder not found: .*nowhere"):
        load_aeb(tmp_path / "nowhere")
    with pytest.raises(DatasetError, match=r"ground-truth\.json or ground-truth\.subset\.json"):
        load_aeb(tmp_path)
    (tmp_path / "ground-truth.json").write_text(json.dumps({"a": {"articleBody": "x"}}))
    with pytest.raises(DatasetError, match=r"pages folder not found: .*html"):
        load_aeb(tmp_path)
    (tmp_path / "html").mkdir()
    with pytest.raises(DatasetError, match=r"<id>\.html\.gz"):
        load_aeb(tmp_path)


def test_aeb_broken_gold_is_a_dataset_error(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "ground-truth.json").write_text("{not json")
    with pytest.raises(DatasetError, match="cannot read"):
        load_aeb(tmp_path)


# -- trafilatura eval -------------------------------------------------------------


def test_trafilatura_eval_english_pages() -> None:
    pages = load_trafilatura_eval(FIXTURES / "trafilatura_eval")
    assert [page.file for page in pages] == ["example.org.breakwater.html"]
    page = pages[0]
    assert page.with_ == ("approved a new breakwater", "Ines Varga")
    assert page.without == ("Ferry fares rise again", "Kestrel Bay Gazette")
    assert page.language == "en"


def test_trafilatura_eval_all_languages_and_plain_files() -> None:
    pages = load_trafilatura_eval(FIXTURES / "trafilatura_eval", language=None)
    assert {page.file: page.language for page in pages} == {
        "example.org.breakwater.html": "en",
        "example.org.hafen.html": "other",
    }


def test_trafilatura_eval_wrong_paths(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"annotations not found: .*evaldata\.json"):
        load_trafilatura_eval(tmp_path)
    (tmp_path / "evaldata.json").write_text("{}")
    with pytest.raises(DatasetError, match="pages folder not found"):
        load_trafilatura_eval(tmp_path)


# -- L3S-GN1 ----------------------------------------------------------------------


def test_l3s_blocks_from_file_or_folder() -> None:
    folder = FIXTURES / "l3s"
    for source in (folder, folder / "sample.blocks.jsonl.gz"):
        pages = load_l3s_blocks(source)
        assert [page.id for page in pages] == ["u1", "u2"]
        assert pages[0].blocks[2] == ("related", "Ferry fares rise again")
        assert pages[0].html is not None
        assert "breakwater – at last" in pages[0].html
        assert pages[1].html is None


def test_l3s_wrong_paths(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"L3S-GN1 blocks not found: .*missing\.jsonl\.gz"):
        load_l3s_blocks(tmp_path / "missing.jsonl.gz")
    with pytest.raises(DatasetError, match=r"\*\.blocks\.jsonl\.gz"):
        load_l3s_blocks(tmp_path)


# -- decoding and language ----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<p>plain</p>", "<p>plain</p>"),
        ("<p>Kōchi</p>".encode(), "<p>Kōchi</p>"),
        (b"<meta charset='latin-1'><p>caf\xe9</p>", "<meta charset='latin-1'><p>café</p>"),
        (b"<meta charset='no-such-codec'><p>ok</p>", "<meta charset='no-such-codec'><p>ok</p>"),
        (b"<p>\x93q\x94</p>", "<p>“q”</p>"),
    ],
)
def test_decode_html(data: bytes, expected: str) -> None:
    assert decode_html(data) == expected


def test_guess_language() -> None:
    assert guess_language("<html lang='de-DE'>", "the and of") == "de"
    assert guess_language("<html>", "") == "other"


# -- scoring ----------------------------------------------------------------------


def test_optional_lines_are_cut_from_both_sides() -> None:
    gold = "Rain fell.\n(Reporting by Asha Rao; Editing by Tom Li)\nPTI"
    assert eval_extraction.strip_optional(gold).split() == ["Rain", "fell."]
    copyright_tail = "Rain fell. © 2024 Gazette. All rights reserved."
    assert eval_extraction.strip_optional(copyright_tail).split() == ["Rain", "fell."]
    assert eval_extraction.strip_optional("AP sources said.") == "AP sources said."


def test_snippet_scores_skip_optional_snippets() -> None:
    pages = load_trafilatura_eval(FIXTURES / "trafilatura_eval")
    output = "The board approved a new breakwater. Ines Varga spoke."
    scores = eval_extraction.score_snippets(pages, [output])
    assert scores["must_keep_found"] == 1.0
    assert scores["must_drop_removed"] == 1.0
    assert scores["optional_skipped"] == 0


def test_l3s_scores_by_label() -> None:
    pages = load_l3s_blocks(FIXTURES / "l3s")[:1]
    scores = eval_extraction.score_l3s(pages, ["The harbour board approved a breakwater."])
    assert scores["content_found"] == 1.0
    assert scores["related_removed"] == 1.0
    assert scores["by_label"]["fulltext"] == [1, 1]


def test_aeb_scores() -> None:
    pages = load_aeb(FIXTURES / "aeb")
    perfect = eval_extraction.score_aeb(pages, [pages[0].gold])
    assert perfect["f1"] == 1.0
    assert eval_extraction.score_aeb(pages, [""])["f1"] == 0.0


def test_absent_extractor_is_reported_not_faked() -> None:
    found, absent = eval_extraction.load_extractors(["dedupe_feed", "no_such_extractor"])
    assert list(found) == ["dedupe_feed"]
    assert "no_such_extractor" in absent


def test_report_end_to_end_on_fixtures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "extraction.json"
    code = eval_extraction.main(
        [
            "--aeb", str(FIXTURES / "aeb"),
            "--trafilatura-eval", str(FIXTURES / "trafilatura_eval"),
            "--l3s", str(FIXTURES / "l3s"),
            "--extractors", "dedupe_feed",
            "-o", str(out),
        ]
    )  # fmt: skip
    assert code == 0
    report = json.loads(out.read_text())
    row = report["results"]["dedupe_feed"]
    assert row["aeb"]["f1"] == 1.0
    assert row["trafilatura_eval"]["must_drop_removed"] == 1.0
    assert report["machine"]["packages"]["dedupe-feed"]
    assert "AEB token F1" in capsys.readouterr().out


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason=needs(SHARED_DATA))
def test_loaders_read_the_shared_sets() -> None:
    assert len(load_aeb(SHARED_DATA / "article-extraction-benchmark")) == 31
    assert len(load_trafilatura_eval(SHARED_DATA / "trafilatura-eval")) == 12
    assert len(load_l3s_blocks(SHARED_DATA / "l3s-gn1")) == 621
