"""Metadata collection and normalisation."""

from __future__ import annotations

import pytest

import dedupe_feed
from dedupe_feed import analyze
from dedupe_feed.metadata import (
    collect_metadata,
    normalize_credit,
    normalize_date,
    normalize_dateline,
    normalize_publisher,
)
from dedupe_feed.model import RuleMatch


def match(*fields: tuple[str, str]) -> RuleMatch:
    return RuleMatch(0, 1, "test.rule", "test", tuple(fields))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ANI", "ANI"),
        ("Asian News International", "ANI"),
        ("PTI", "PTI"),
        ("Press Trust of India", "PTI"),
        (" press  trust of india ", "PTI"),
        ("IANS", "IANS"),
        ("Indo-Asian News Service", "IANS"),
        ("REUTERS", "Reuters"),
        ("Reuter", "Reuters"),
        ("Associated Press", "AP"),
        ("The Associated Press", "AP"),
        ("AP", "AP"),
        ("AFP", "AFP"),
        ("Agence France-Presse", "AFP"),
        ("XINHUA", "Xinhua"),
        ("United News of India", "UNI"),
        ("agencies", "agencies"),
        ("Bloomberg", "Bloomberg"),
        ("(PTI)", "PTI"),
    ],
)
def test_normalize_credit(raw: str, expected: str) -> None:
    assert normalize_credit(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-01-28", "2026-01-28"),
        ("2026-1-8", "2026-01-08"),
        ("January 28, 2026", "2026-01-28"),
        ("Jan 28, 2026", "2026-01-28"),
        ("Jan. 28 2026", "2026-01-28"),
        ("Sept 3, 2025", "2025-09-03"),
        ("28 Jan 2026", "2026-01-28"),
        ("28th January, 2026", "2026-01-28"),
        ("Nov 20 2019", "2019-11-20"),
        ("Jan 28", "Jan 28"),
        ("2026-02-30", "2026-02-30"),
        ("Smarch 3, 2026", "Smarch 3, 2026"),
        ("  28   Jan  2026 ", "2026-01-28"),
    ],
)
def test_normalize_date(raw: str, expected: str) -> None:
    assert normalize_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Asianet Newsable English", "Asianet Newsable English"),
        ("Asianet  Newsable\nEnglish staff", "Asianet Newsable English"),
        ("NDTV Staff", "NDTV"),
        ("FPJ's editorial team", "FPJ"),
        ("Business Standard", "Business Standard"),
        ("The Times of India", "The Times of India"),
        ("ThePrint.", "ThePrint"),
    ],
)
def test_normalize_publisher(raw: str, expected: str) -> None:
    assert normalize_publisher(raw) == expected


def test_known_fields_come_first_and_first_value_wins() -> None:
    matches = [
        match(("credit", "Press Trust of India")),
        match(("credit", "ANI"), ("publisher", "NDTV staff")),
        match(("date", "28 Jan 2026")),
    ]
    result = collect_metadata(matches, known=[("title", "Rain"), ("credit", "Reuters")])
    assert result == {
        "title": "Rain",
        "credit": "Reuters",
        "publisher": "NDTV",
        "date": "2026-01-28",
    }
    assert list(result) == ["title", "credit", "publisher", "date"]


def test_empty_values_do_not_block_later_ones() -> None:
    result = collect_metadata([match(("publisher", "  ")), match(("publisher", "Mint"))])
    assert result == {"publisher": "Mint"}


def test_other_fields_are_whitespace_collapsed() -> None:
    credits = "Reporting by Will Dunham;\n Editing by Tom Brown"
    result = collect_metadata([match(("reporting_credits", credits))])
    assert result == {"reporting_credits": "Reporting by Will Dunham; Editing by Tom Brown"}


def test_no_input_gives_empty_dict() -> None:
    assert collect_metadata([]) == {}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("WASHINGTON", "Washington"),
        ("NEW DELHI", "New Delhi"),
        ("HAYWARD, Calif.", "Hayward, Calif."),
        ("Kozhikode, Jul 9 -", "Kozhikode, Jul 9"),
        ("BEIJING, Jan. 28", "Beijing, Jan. 28"),
        ("New Delhi [India], January 28", "New Delhi [India], January 28"),
        ("UN", "UN"),
    ],
)
def test_normalize_dateline(raw: str, expected: str) -> None:
    assert normalize_dateline(raw) == expected


@pytest.mark.parametrize(
    ("raw", "text", "metadata"),
    [
        (
            "Kozhikode, Jul 9 (PTI) - Heavy rain lashed the district on Wednesday.",
            "Heavy rain lashed the district on Wednesday.",
            {"dateline": "Kozhikode, Jul 9", "credit": "PTI"},
        ),
        (
            "WASHINGTON (Reuters) - The Senate passed the bill on Tuesday.",
            "The Senate passed the bill on Tuesday.",
            {"dateline": "Washington", "credit": "Reuters"},
        ),
        (
            "KOCHI: Heavy rain lashed the district on Wednesday.",
            "Heavy rain lashed the district on Wednesday.",
            {"dateline": "Kochi"},
        ),
        (
            "By Jane Doe\n\nThe council voted on Monday to close the bridge.",
            "The council voted on Monday to close the bridge.",
            {"byline": "Jane Doe"},
        ),
        (
            "The council voted on Monday. (Reporting by Jane Doe; Editing by Tom Roe)",
            "The council voted on Monday.",
            {"reporting_credits": "Reporting by Jane Doe; Editing by Tom Roe"},
        ),
    ],
)
def test_dateline_byline_and_credits_become_fields(
    raw: str, text: str, metadata: dict[str, str]
) -> None:
    result = dedupe_feed.analyze(raw)
    assert result.text == text
    assert result.metadata == metadata


@pytest.mark.parametrize(
    "raw",
    [
        "The minister said in Kochi (PTI) that the rain had eased.",
        "NOTE: The figures are provisional.",
        "By Tuesday the river had risen above the danger mark.",
        "Heavy rain lashed the coast. WASHINGTON (Reuters) - was the wire's slug.",
    ],
)
def test_datelines_and_bylines_only_at_the_top(raw: str) -> None:
    result = dedupe_feed.analyze(raw)
    assert "dateline" not in result.metadata
    assert "byline" not in result.metadata
    assert result.text == raw


@pytest.mark.parametrize(
    ("credit", "agency"),
    [("Reuter", "Reuters"), ("Thomson Reuters", "Reuters"), ("Agence France Presse", "AFP")],
)
def test_every_spelling_of_the_agency_table_is_a_credit(credit: str, agency: str) -> None:
    # the rule slot and the metadata read the one table (dedupe_feed.agencies)
    body = "Heavy rain lashed Kochi on Monday and schools were shut, officials said."
    result = analyze(f"{body} ({credit})")
    assert result.text == body
    assert result.metadata == {"credit": agency}
