"""The one output record of a feed job: Cleaned | Failed and their to_json()."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dedupe_feed import analyze
from dedupe_feed.feeds import (
    Cleaned,
    CleanFields,
    Failed,
    FeedRecord,
    Placement,
    ReadError,
    clean_output,
)
from dedupe_feed.feeds.outputs import CleanFailure, merge_keeping_input, output_of
from dedupe_feed.pipeline import Cleaner

BODY = "Rain lashed Kochi on Monday. (PTI)"


def record(raw: dict[str, Any] | None = None, **changes: Any) -> FeedRecord:
    fields: dict[str, Any] = {
        "source_name": "feed.jsonl",
        "position": 4,
        "id": "a1",
        "source": "PTI",
        "published": None,
        "title": None,
        "text": BODY,
        "html": None,
        "raw": raw if raw is not None else {"id": "a1", "text": BODY},
        **changes,
    }
    return FeedRecord(**fields)


def test_cleaned_golden_before_and_after_clustering() -> None:
    cleaned = Cleaned(record(warnings=("undecodable",)), CleanFields.of(analyze(BODY)))
    expected = {
        "id": "a1",
        "text": BODY,
        "clean_text": "Rain lashed Kochi on Monday.",
        "metadata": {"credit": "PTI"},
        "removed": {
            "count": 1,
            "by_reason": [{"reason": "credit.agency_parenthesized", "chars": 5}],
        },
        "warnings": ["undecodable"],
        "cluster_id": None,
        "duplicate_of": None,
        "similarity": None,
    }
    assert cleaned.to_json() == expected
    assert list(cleaned.to_json()) == list(expected)
    placed = cleaned.placed(Placement("a0", "a0", 0.93, None))
    assert placed.to_json() == {
        **expected,
        "cluster_id": "a0",
        "duplicate_of": "a0",
        "similarity": 0.93,
        "update_of": None,
    }
    assert list(placed.to_json())[-1] == "update_of"
    assert cleaned.placement is None  # frozen: placed() is a new record


def test_input_fields_that_collide_are_kept_under_input_names() -> None:
    raw = {"metadata": "m", "clean_text": "x", "input_metadata": 1, "id": "a1"}
    obj = Cleaned(record(raw), CleanFields("Rain.", {}, 0, ())).to_json()
    assert list(obj)[:4] == ["input_input_metadata", "input_clean_text", "input_metadata", "id"]
    # "metadata" moves past the input's own "input_metadata", which keeps its name
    assert (obj["input_input_metadata"], obj["input_metadata"], obj["clean_text"]) == (
        "m",
        1,
        "Rain.",
    )


def test_an_input_update_of_is_kept_when_the_record_is_clustered() -> None:
    """The clustering field ``update_of`` overwrote an input field of that
    name (the user's value was lost); it is kept as ``input_update_of``."""
    raw = {"id": "a1", "update_of": "story-7"}
    placed = Cleaned(record(raw), CleanFields("Rain.", {}, 0, ()), Placement("a1", None, None, "z"))
    obj = placed.to_json()
    assert list(obj)[:2] == ["id", "input_update_of"]
    assert (obj["input_update_of"], obj["update_of"]) == ("story-7", "z")
    assert list(obj)[-1] == "update_of"


def test_failed_golden_unreadable_and_read_records() -> None:
    unreadable = Failed.unreadable(ReadError("feed.xml", None, "unparsable XML: bad tag"))
    assert unreadable.to_json() == {
        "error": "unparsable XML: bad tag",
        "source_name": "feed.xml",
        "position": None,
    }
    assert unreadable.kind == "unparsable XML"
    missing = "missing text field (looked for: text, body, content:encoded)"
    assert Failed("f", 1, missing).kind == missing  # a colon inside parentheses
    assert Failed("f", 1, "clean failed: ValueError(a: b)").kind == "clean failed"
    reused = Failed.of_record(record(id=None), "reused id: a1 is held")
    assert reused.to_json() == {
        "error": "reused id: a1 is held",
        "source_name": "feed.jsonl",
        "position": 4,
        "id": None,
    }


def test_output_of_each_kind_of_item() -> None:
    fields = CleanFields("Rain.", {}, 0, ())
    assert output_of(record(), fields) == Cleaned(record(), fields)
    assert output_of(record(), CleanFailure("clean failed: X()")) == Failed(
        "feed.jsonl", 4, "clean failed: X()", record()
    )
    assert output_of(ReadError("f", 1, "missing file")) == Failed("f", 1, "missing file")
    with pytest.raises(ValueError, match="was not cleaned"):
        output_of(record())


def test_clean_output_fails_a_record_whose_cleaner_raises() -> None:
    class Broken(Cleaner):
        def analyze(self, raw: str) -> Any:
            raise RuntimeError("boom")

    out = clean_output(record(), Broken())
    assert out == Failed.of_record(record(), "clean failed: RuntimeError('boom')")


def test_what_workers_send_back_pickles() -> None:
    fields = CleanFields.of(analyze(BODY))
    assert pickle.loads(pickle.dumps(fields)) == fields
    failure = CleanFailure.of(ValueError("x"))
    assert pickle.loads(pickle.dumps(failure)) == failure


text = st.text(max_size=8)
scalars = st.one_of(st.none(), st.integers(), text)


@given(
    st.dictionaries(st.sampled_from(["id", "metadata", "input_metadata", "removed", "x"]), scalars)
)
def test_every_input_value_survives_the_merge(raw: dict[str, Any]) -> None:
    added = {"metadata": {}, "removed": {}, "clean_text": ""}
    merged = merge_keeping_input(raw, added)
    kept = [merged[k] for k in merged if k not in added]
    assert kept == list(raw.values())
    assert all(merged[k] == v for k, v in added.items())
