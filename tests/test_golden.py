"""Golden cases: raw wire items and the exact clean text they must produce.

The cases live in ``tests/golden/cases.json`` (written for the project, see the
labels there). Each case is checked four ways: the clean text, the lifted
metadata, the fixed-point property (cleaning the expected output changes
nothing) and ``analyze(raw).text == clean(raw)``.

A second group checks the bundled example against its golden case, and the
real syndicated item from ``../shared/examples`` (skipped only when that
directory is absent, e.g. on a fresh checkout).
"""

from __future__ import annotations

import importlib
import json
import re
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from shared_folder import SHARED_EXAMPLES, needs

ROOT = Path(__file__).resolve().parents[1]
CASES_PATH = ROOT / "tests" / "golden" / "cases.json"
BUNDLED_EXAMPLE = ROOT / "dedupe_feed" / "examples" / "wire_doubled.txt"
REAL_EXAMPLE = SHARED_EXAMPLES / "asianet_ani_critical_minerals.txt"

LABELS = frozenset(
    {
        "paragraphs",
        "date_prefix",
        "credit",
        "disclaimer",
        "footer",
        "glued boundary",
        "abbreviation guard",
        "subhead",
        "doubled body",
        "tripled body",
        "interleaved copies",
        "truncated copy",
        "edited copy",
        "different facts",
        "negative",
        "hindi",
        "chinese",
        "combined",
        "bad input",
        "mojibake",
        "stray tags",
        "headline",
        "reading order",
    }
)


def _load_cases() -> list[dict[str, Any]]:
    with CASES_PATH.open(encoding="utf-8") as handle:
        cases: list[dict[str, Any]] = json.load(handle)
    return cases


CASES = _load_cases()
CASE_PARAMS = [pytest.param(case, id=case["id"]) for case in CASES]


@pytest.fixture(scope="module")
def lib() -> ModuleType:
    """The library under test, imported lazily so the data checks run on their own."""
    return importlib.import_module("dedupe_feed")


def _case(case_id: str) -> dict[str, Any]:
    return next(case for case in CASES if case["id"] == case_id)


# ---------------------------------------------------------------- the data itself


def test_cases_are_well_formed() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) >= 45
    assert len(set(ids)) == len(ids), "duplicate case ids"
    for case in CASES:
        assert set(case) <= {"id", "label", "input", "expected", "metadata", "notes"}, case["id"]
        assert case["label"] in LABELS, case["id"]
        assert isinstance(case["input"], str)
        assert isinstance(case["expected"], str)
        assert all(isinstance(v, str) for v in case.get("metadata", {}).values())


def test_every_label_has_at_least_two_cases() -> None:
    counts = Counter(case["label"] for case in CASES)
    assert {label for label in LABELS if counts[label] < 2} == set()


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_expected_follows_the_output_convention(case: dict[str, Any]) -> None:
    expected: str = case["expected"]
    assert expected == expected.strip()
    assert "\n\n\n" not in expected
    for paragraph in expected.split("\n\n") if expected else []:
        assert paragraph, "empty paragraph"
        assert re.fullmatch(r"\S+(?: \S+)*", paragraph), f"whitespace not canonical: {paragraph!r}"


def test_negative_cases_are_already_canonical() -> None:
    negatives = [case for case in CASES if case["label"] == "negative"]
    assert len(negatives) >= 6
    assert [case["id"] for case in negatives if case["input"] != case["expected"]] == []


# ---------------------------------------------------------------- the library


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_clean_matches_expected(lib: ModuleType, case: dict[str, Any]) -> None:
    assert lib.clean(case["input"]) == case["expected"]


@pytest.mark.parametrize("case", [p for p in CASE_PARAMS if p.values[0].get("metadata")])
def test_metadata_contains_expected_fields(lib: ModuleType, case: dict[str, Any]) -> None:
    metadata = dict(lib.analyze(case["input"]).metadata)
    expected = case["metadata"]
    assert {key: metadata.get(key) for key in expected} == expected


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_expected_is_a_fixed_point(lib: ModuleType, case: dict[str, Any]) -> None:
    assert lib.clean(case["expected"]) == case["expected"]


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_analyze_text_equals_clean(lib: ModuleType, case: dict[str, Any]) -> None:
    assert lib.analyze(case["input"]).text == lib.clean(case["input"])


# ---------------------------------------------------------------- bundled example


def test_bundled_example_is_the_golden_case() -> None:
    raw = BUNDLED_EXAMPLE.read_text(encoding="utf-8")
    assert raw == _case("bundled_wire_doubled")["input"]


def test_bundled_example_cleans_to_golden_output(lib: ModuleType) -> None:
    raw = BUNDLED_EXAMPLE.read_text(encoding="utf-8")
    case = _case("bundled_wire_doubled")
    result = lib.analyze(raw)
    assert lib.clean(raw) == case["expected"]
    assert result.text == case["expected"]
    assert {key: result.metadata.get(key) for key in case["metadata"]} == case["metadata"]


# ---------------------------------------------------------------- the real item

# Short distinctive pieces of each body sentence, in the order they must appear.
# The two leads are different sentences: each must survive exactly once.
REAL_SENTENCES = (
    "scheduled to visit the US next week to attend",
    "scheduled to visit the United States next week, sources said on Wednesday",
    "The US Department of State had said earlier this month",
    "The State Department said in a post on X that the ministerial",
    "On February 4, Secretary Rubio will welcome partners",
    "Strengthening critical mineral supply chains with our international partners",
    "US Treasury Secretary Scott Bessent convened",
    "According to a release by the US Department of the Treasury",
    "Ashwini Vaishnaw",
    "Meanwhile, a United States Congressional delegation",
    "The meeting, held on January 27",
    "US Congressional Delegation led by Chairman",
    "They had wide ranging discussions",
)
REAL_SUBHEADS = (
    "Critical Minerals Ministerial",
    "Finance Ministerial on Mineral Supply Chains",
    "US-India Defence Cooperation",
)


@pytest.fixture(scope="module")
def real_item() -> str:
    if not REAL_EXAMPLE.exists():
        pytest.skip(needs(REAL_EXAMPLE))
    return REAL_EXAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize("piece", REAL_SENTENCES)
def test_real_item_keeps_each_sentence_once(lib: ModuleType, real_item: str, piece: str) -> None:
    assert lib.clean(real_item).count(piece) == 1


def test_real_item_keeps_sentence_order(lib: ModuleType, real_item: str) -> None:
    text = lib.clean(real_item)
    positions = [text.find(piece) for piece in REAL_SENTENCES]
    assert positions == sorted(positions)


@pytest.mark.parametrize("marker", ["syndicated feed", "Preferred Source", "(ANI)", "date 2026"])
def test_real_item_has_no_boilerplate(lib: ModuleType, real_item: str, marker: str) -> None:
    assert marker not in lib.clean(real_item)


def test_real_item_metadata(lib: ModuleType, real_item: str) -> None:
    metadata = lib.analyze(real_item).metadata
    assert metadata.get("date") == "2026-01-28"
    assert metadata.get("credit") == "ANI"
    assert metadata.get("publisher") == "Asianet Newsable English"


def test_real_item_subheads_are_paragraphs(lib: ModuleType, real_item: str) -> None:
    paragraphs = lib.clean(real_item).split("\n\n")
    for subhead in REAL_SUBHEADS:
        assert paragraphs.count(subhead) == 1, subhead


def test_real_item_second_lead_precedes_first_subhead(lib: ModuleType, real_item: str) -> None:
    paragraphs = lib.clean(real_item).split("\n\n")
    heading = paragraphs.index(REAL_SUBHEADS[0])
    assert REAL_SENTENCES[1] in paragraphs[heading - 1]
    assert paragraphs[heading + 1].startswith("The US Department of State had said")


def test_real_item_is_a_fixed_point(lib: ModuleType, real_item: str) -> None:
    once = lib.clean(real_item)
    assert lib.clean(once) == once
