"""The one-pass hint scan finds exactly the hints a substring test finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dedupe_feed.rules._hints import HintScanner
from dedupe_feed.rules.ruleset import RuleSet

BUILTIN_HINTS = sorted({r.hint for r in RuleSet.build().rules if r.hint is not None})


def test_overlapping_and_nested_hints_are_all_found() -> None:
    scanner = HintScanner(["syndicated", "syndicated feed", "ted f", "feed"])
    found = scanner.present("published from a syndicated feed.")
    assert found == {"syndicated", "syndicated feed", "ted f", "feed"}


def test_absent_hints_are_not_reported() -> None:
    assert HintScanner(["preferred source"]).present("a preferred sourc") == set()


@given(
    st.lists(st.sampled_from([*BUILTIN_HINTS, "x", " ", "ing ", "share"]), max_size=8).map(
        " ".join
    ),
    st.text(alphabet="abcdefghinoprstuy ():©", max_size=60),
)
def test_scan_equals_substring_search(glued: str, noise: str) -> None:
    text = noise + glued + noise
    expected = {hint for hint in BUILTIN_HINTS if hint in text}
    assert HintScanner(BUILTIN_HINTS).present(text) == expected
