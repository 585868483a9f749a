"""The line model's scores and removals on fixed inputs, pinned.

Making the features or the stage faster must not change a single decision:
the expected values below were computed by the code before the speed-up
(commit 8e081cc) and are compared to 1e-9 (scores) or exactly (removals).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dedupe_feed
from dedupe_feed import analyze
from dedupe_feed.linemodel import LineModel

EXAMPLE = Path(dedupe_feed.__file__).parent / "examples" / "scraped_item.txt"
EXPECTED = Path(__file__).parent / "fixtures" / "linemodel_pinned.json"

ITEMS: dict[str, list[str]] = {
    "teasers_titled": [
        "Kochi Metro extends service hours during Onam week",
        "Home | Kerala | Kochi | Videos | Photos | Web Stories",
        "Updated: Jan 28, 2026 10:45 IST",
        "KOCHI: Kochi Metro Rail Ltd (KMRL) will run trains till 11.30 p.m. during the "
        "Onam week, its managing director said on Monday.",
        "“We expect the crowd to be 40% higher than last year,” he said, adding that "
        "₹2.5 crore had been set aside for the extra staff.",
        "Photo: Special Arrangement",
        "Also Read",
        "Monsoon to advance over Karnataka coast by weekend, says IMD",
        "Two fishermen missing off Vizhinjam after boat capsizes",
        "Kochi Metro extends service hours during Onam week",
        "Follow us on Facebook, X and Instagram for the latest updates",
        "© 2026 Malabar Wire. All rights reserved. Terms of Use | Privacy Policy",
    ],
    "hindi": [
        "होम | देश | राज्य | वीडियो",
        "प्रधानमंत्री ने सोमवार को कहा कि यह योजना देश के किसानों के लिए है और इससे उनकी आय बढ़ेगी।",
        "उन्होंने बताया कि योजना के पहले चरण में 12 राज्यों के 300 जिलों को शामिल किया जाएगा।",
        "ताज़ा खबरों के लिए हमें फेसबुक पर फॉलो करें",
        "अपडेट: 28 जनवरी 2026, 10:45 IST",
    ],
    "chinese": [
        "首页 > 新闻 > 国内",
        "国务院总理在会上说，我们的经济正在恢复，今年的增长目标是百分之五左右。",
        "他表示，政府将继续支持中小企业，并扩大国内需求。",
        "2026年1月28日 10:45 来源：新华社",
        "关注我们的微博和微信，获取更多新闻",
    ],
    "german": [
        "Startseite › Politik › Inland",
        "Der Minister sagte am Montag, dass die Lage an der Grenze ernst sei und die "
        "Regierung schnell handeln müsse.",
        "Die Opposition kritisierte den Plan und forderte eine Debatte im Bundestag.",
        "Teilen auf Facebook | Twitter | WhatsApp | E-Mail",
        "Mehr zum Thema: Straße gesperrt nach Unfall in İzmir",
    ],
}
"""Written items (title case, Unicode, dates, scripts): one line a paragraph."""


def example_lines() -> list[str]:
    """The bundled scraped item, one line a paragraph."""
    return [line for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


def inputs() -> dict[str, list[str]]:
    return {"scraped_item": example_lines(), **ITEMS}


@pytest.fixture(scope="module")
def model() -> LineModel:
    return LineModel.load()


@pytest.fixture(scope="module")
def expected() -> dict[str, dict[str, list[object]]]:
    data: dict[str, dict[str, list[object]]] = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("name", list(inputs()))
def test_scores_are_pinned(
    model: LineModel, expected: dict[str, dict[str, list[object]]], name: str
) -> None:
    lines = inputs()[name]
    title = lines[0] if name.endswith("_titled") else None
    wanted = expected["scores"][name]
    assert model.score(lines, title) == pytest.approx(wanted, abs=1e-9)


@pytest.mark.parametrize("name", list(inputs()))
def test_model_removals_are_pinned(expected: dict[str, dict[str, list[object]]], name: str) -> None:
    result = analyze("\n".join(inputs()[name]))
    found = [
        [r.reason, r.score, list(r.evidence), r.text] for r in result.removed if r.stage == "model"
    ]
    assert found == expected["removals"][name]
