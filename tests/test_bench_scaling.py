"""``benchmarks.bench_scaling``: its inputs, its plan and its report (no timings asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.bench_scaling import (
    SHAPES,
    CaseResult,
    format_table,
    glued_ratio,
    main,
    make_input,
    measure_case,
    plan,
    repeated_sentence,
)


@pytest.mark.parametrize("shape", SHAPES)
def test_inputs_are_seeded_and_at_least_the_size_asked(shape: str) -> None:
    text = make_input(shape, 5000, seed=1)
    assert text == make_input(shape, 5000, seed=1)
    assert 5000 <= len(text.encode()) < 5000 + 3000


def test_shapes_look_like_their_names() -> None:
    repeated, sentence = make_input("repeated", 2000, seed=1), repeated_sentence(1)
    assert repeated == " ".join([sentence] * repeated.count(sentence))
    glued = make_input("glued", 2000, seed=1)
    assert " " not in glued
    assert glued.count(".") >= 2000 // 20
    assert set(make_input("glued_letters", 300, seed=1)) <= set(
        "abcdefghijklmnopqrstuvwxyz.ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    )
    normal = make_input("normal", 20_000, seed=1)
    paragraphs = normal.split("\n\n")
    assert len(set(paragraphs)) > len(paragraphs) // 2  # distinct articles, not one repeated


def test_other_seeds_give_other_inputs() -> None:
    assert make_input("normal", 3000, seed=1) != make_input("normal", 3000, seed=2)


def test_plan_caps_glued_storms_and_max_size() -> None:
    cases = plan(SHAPES, [6_000, 5_000_000], max_size=None)
    assert ("glued", 5_000_000) not in cases
    assert ("normal", 5_000_000) in cases
    assert plan(SHAPES, [6_000, 60_000], max_size=6_000) == [(s, 6_000) for s in SHAPES]


def _case(shape: str, size: int, per_mb: float) -> CaseResult:
    return CaseResult(shape, size, size / 1e6, 1, per_mb * size / 1e6, per_mb, 100.0, 120.0, 10)


def test_table_and_ratio_use_the_worse_storm() -> None:
    results = [
        _case("normal", 6000, 2.0),
        _case("glued", 6000, 4.0),
        _case("glued_letters", 6000, 10.0),
    ]
    by_case = {(r.shape, r.target_bytes): r for r in results}
    assert glued_ratio(by_case, 6000) == 5.0
    assert glued_ratio(by_case, 60_000) is None
    table = format_table(results)
    assert table.splitlines()[1].split() == [
        "6",
        "KB",
        "2.000",
        "4.000",
        "10.000",
        "120",
        "120",
        "120",
        "5.0",
    ]


def test_measure_case_in_process() -> None:
    result = measure_case("repeated", 3000, seed=1)
    assert result.calls >= 1
    assert result.seconds_per_mb > 0
    assert result.output_chars == len(repeated_sentence(1))  # collapsed to one copy


def test_main_writes_the_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "scaling.json"
    assert (
        main(["--in-process", "--sizes", "3000", "--shapes", "normal,glued", "-o", str(out)]) == 0
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [(c["shape"], c["target_bytes"]) for c in data["cases"]] == [
        ("normal", 3000),
        ("glued", 3000),
    ]
    assert data["machine"]["seed"] == 1
    assert "glued/normal" in capsys.readouterr().out
