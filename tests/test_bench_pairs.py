"""The labelled-pairs benchmark: loaders, scoring and the report, on tiny
invented copies of the L3S-GN1 and Reuters-21578 layouts."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest

from benchmarks import bench_pairs
from benchmarks.bench_pairs import (
    PairSet,
    cluster_pairs,
    load_l3s_pairs,
    load_reuters_pairs,
    number_swaps,
    score,
)
from benchmarks.datasets import DatasetError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pairs"


@pytest.fixture
def l3s_dir(tmp_path: Path) -> Path:
    """The L3S fixture in its upstream layout (the blocks file gzipped)."""
    folder = tmp_path / "l3s"
    folder.mkdir()
    shutil.copy(FIXTURES / "l3s" / "near_duplicate_pairs.tsv", folder)
    blocks = (FIXTURES / "l3s" / "blocks.jsonl").read_bytes()
    (folder / "sample.blocks.jsonl.gz").write_bytes(gzip.compress(blocks, mtime=0))
    return folder


@pytest.fixture
def reuters_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "reuters"
    shutil.copytree(FIXTURES / "reuters", folder)
    return folder


def test_l3s_loader_splits_confirmed_and_borderline_pairs(l3s_dir: Path) -> None:
    labels = load_l3s_pairs(l3s_dir)
    assert [doc.id for doc in labels.docs] == ["p1", "p2", "p3", "p4"]
    assert labels.positives == {("p1", "p2")}
    assert labels.unscored == {("p1", "p4")}
    assert not labels.must_not_merge
    assert not labels.dated
    first = labels.docs[0].raw
    assert "harbour board" in first
    assert "Home | News" not in first  # fulltext blocks only


def test_l3s_page_text_keeps_every_block(l3s_dir: Path) -> None:
    labels = load_l3s_pairs(l3s_dir, text="page")
    assert "Home | News" in labels.docs[0].raw
    with pytest.raises(ValueError, match="text must be one of"):
        load_l3s_pairs(l3s_dir, text="html")


def test_reuters_loader_labels_dates_and_background(reuters_dir: Path) -> None:
    labels = load_reuters_pairs(reuters_dir)
    ids = sorted(doc.id for doc in labels.docs)
    assert ids == ["1", "10", "11", "12", "13", "14", "15"]  # story 2 has no body
    assert labels.positives == {("10", "11"), ("14", "15")}
    assert labels.must_not_merge == {("12", "13")}
    assert labels.unscored == {("1", "14")}
    assert labels.dated
    assert {doc.id: doc.published for doc in labels.docs}["12"] == "1987-03-03T12:00:00"
    assert labels.notes["background_files"] == ["reut2-000.json"]


@pytest.mark.parametrize(
    ("layout", "remove"),
    [
        ("l3s", "near_duplicate_pairs.tsv"),
        ("l3s", "sample.blocks.jsonl.gz"),
        ("reuters", "near_duplicate_pairs.heuristic.tsv"),
        ("reuters", "near_duplicate_docs.jsonl"),
    ],
)
def test_missing_file_is_named(l3s_dir: Path, reuters_dir: Path, layout: str, remove: str) -> None:
    folder = l3s_dir if layout == "l3s" else reuters_dir
    (folder / remove).unlink()
    named = "blocks.jsonl.gz" if remove.endswith(".gz") else remove
    with pytest.raises(DatasetError, match=re.escape(named)):
        load_l3s_pairs(folder) if layout == "l3s" else load_reuters_pairs(folder)


def test_wrong_folder_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(DatasetError, match=r"L3S-GN1 folder not found: .*nowhere"):
        load_l3s_pairs(missing)
    with pytest.raises(DatasetError, match=r"Reuters-21578 folder not found: .*nowhere"):
        load_reuters_pairs(missing)


def test_labelled_id_without_document_is_an_error(reuters_dir: Path) -> None:
    pairs = reuters_dir / "near_duplicate_pairs.heuristic.tsv"
    pairs.write_text(pairs.read_text() + "1.0\t1.0\tunclear\t10\t999\tA\tB\n")
    with pytest.raises(DatasetError, match="999"):
        load_reuters_pairs(reuters_dir)


def test_unknown_label_is_an_error(reuters_dir: Path) -> None:
    pairs = reuters_dir / "near_duplicate_pairs.heuristic.tsv"
    pairs.write_text(pairs.read_text() + "1.0\t1.0\tmaybe\t10\t11\tA\tB\n")
    with pytest.raises(DatasetError, match="maybe"):
        load_reuters_pairs(reuters_dir)


def test_score_counts_each_kind_of_pair() -> None:
    labels = PairSet(
        "t",
        (),
        positives=frozenset({("a", "b"), ("c", "d")}),
        must_not_merge=frozenset({("e", "f")}),
        unscored=frozenset({("g", "h")}),
    )
    merged = cluster_pairs({"a": "1", "b": "1", "e": "2", "f": "2", "g": "3", "h": "3"})
    result = score(merged, labels)
    assert (result["tp"], result["fp"], result["fn"]) == (1, 1, 1)
    assert (result["precision"], result["recall"]) == (0.5, 0.5)
    assert result["must_not_merge_merged_ids"] == [["e", "f"]]
    assert result["unscored_merged"] == 1
    assert result["missed_positive_ids"] == [["c", "d"]]
    assert score(set(), labels)["precision"] is None


def test_number_swaps_tells_templates_from_truncated_copies() -> None:
    assert number_swaps("Added 1.5 bln at 6 pct.", "Added 2.5 bln at 6 pct.") == 1
    assert number_swaps("Added 1.5 bln. Total 48 bln.", "Added 1.5 bln.") == 0


def test_report_on_both_layouts(l3s_dir: Path, reuters_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "pairs.json"
    code = bench_pairs.main(["--l3s", str(l3s_dir), "--reuters", str(reuters_dir), "-o", str(out)])
    assert code == 0
    report = json.loads(out.read_text())
    assert report["machine"]["packages"]["datasketch"]
    l3s, reuters = report["results"]["l3s-gn1"], report["results"]["reuters-21578"]
    assert set(l3s["systems"]) == {"dedupe_feed", "datasketch_lsh"}
    assert set(reuters["systems"]) == {"dedupe_feed", "dedupe_feed_undated", "datasketch_lsh"}
    assert (l3s["documents"], reuters["documents"], reuters["must_not_merge"]) == (4, 7, 1)
    for result in (l3s, reuters):
        ours = result["systems"]["dedupe_feed"]
        assert (ours["precision"], ours["recall"]) == (1.0, 1.0)
        assert ours["must_not_merge_merged"] == 0
        for system in result["systems"].values():
            assert system["items_per_s"] > 0
    assert reuters["systems"]["dedupe_feed_undated"]["must_not_merge_merged"] == 0


def test_cli_reports_a_wrong_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pairs.json"
    assert bench_pairs.main(["--reuters", str(tmp_path / "missing"), "-o", str(out)]) == 2
    assert "Reuters-21578 folder not found" in capsys.readouterr().err
    assert not out.exists()
    with pytest.raises(SystemExit):
        bench_pairs.main([])


def test_l3s_lines_text_reads_every_visible_line_of_the_corpus_pages(
    l3s_dir: Path, tmp_path: Path
) -> None:
    pages = [
        {
            "id": f"l3s-gn1/{doc_id}",
            "dataset": "l3s-gn1",
            "lines": [{"text": "Home | News"}, {"text": f"Story {doc_id}."}],
        }
        for doc_id in ("p1", "p2", "p3", "p4")
    ]
    pages.append({"id": "dragnet/p1", "dataset": "dragnet", "lines": [{"text": "other"}]})
    path = tmp_path / "pages.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(json.dumps(p) for p in pages).encode(), mtime=0))
    labels = load_l3s_pairs(l3s_dir, text="lines", lines=path)
    assert [(doc.id, doc.raw) for doc in labels.docs][:2] == [
        ("p1", "Home | News\nStory p1."),
        ("p2", "Home | News\nStory p2."),
    ]
    assert labels.positives == {("p1", "p2")}
    with pytest.raises(ValueError, match="lines"):
        load_l3s_pairs(l3s_dir, text="lines")
