"""From learned template to removal, end to end: a footer learned for every
item of an outlet is removed from every item by `dedupe-feed run`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dedupe_feed import clean
from dedupe_feed.cli import main
from dedupe_feed.learn import LearnedTemplate, template_rule

STORIES = [
    "The state cabinet approved a new fisheries policy on Monday after a long debate.",
    "Heavy rain lashed Kannur district for the third day, and schools were closed.",
    "Kochi Metro will extend its services to Kakkanad next year, its director said.",
    "The university postponed its semester examinations because of the strike.",
    "A new bridge over the Periyar was opened to traffic by the minister on Friday.",
    "Tea prices rose at the Kochi auction this week as buyers from the north returned.",
    "The port trust said cargo traffic grew in the first quarter on container volumes.",
    "Farmers in Palakkad began harvesting the first paddy crop amid a labour shortage.",
]
NOTICE = "Reproduction without permission is prohibited."
FOOTER = (
    "Published on {day}-MAR-1987 at {hour}:05 GMT. "
    "Copyright Acme Wire 1987. Reproduction without permission is prohibited."
)


def write_feed(path: Path) -> list[str]:
    """Eight Acme Wire items with the footer, two Hill Post items without; the bodies."""
    records, bodies = [], []
    for n, story in enumerate(STORIES):
        body = f"{story}\n\nOfficials said work on item {n + 1} would begin soon."
        text = f"{body}\n\n{FOOTER.format(day=n + 1, hour=10 + n)}"
        records.append({"id": f"acme-{n}", "source": "Acme Wire", "text": text})
        bodies.append(body)
    for n, story in enumerate(STORIES[:2]):
        body = f"Hill Post reports: {story} Reproduction of the mural was unveiled at {n + 2} pm."
        records.append({"id": f"hill-{n}", "source": "Hill Post", "text": body})
        bodies.append(body)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return bodies


def test_learned_footer_is_removed_from_every_item_by_the_run_command(tmp_path: Path) -> None:
    bodies = write_feed(tmp_path / "feed.jsonl")
    out = tmp_path / "out.jsonl"
    args = ["run", str(tmp_path / "feed.jsonl"), "-o", str(out), "--index", ":memory:"]
    result = CliRunner().invoke(main, [*args, "--no-progress"])
    assert result.exit_code == 0, result.output
    saved = json.loads((tmp_path / "out.jsonl.templates.json").read_text(encoding="utf-8"))
    assert [(t["template"], t["share"]) for t in saved["Acme Wire"]] == [
        ("copyright <outlet> <number>.", 1.0),
        ("published on <date> at <number> gmt.", 1.0),
        ("reproduction without permission is prohibited.", 1.0),
    ]
    assert saved.get("Hill Post", []) == []
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["clean_text"] for row in written] == bodies
    removed = {r["reason"] for row in written[:8] for r in row["removed"]["by_reason"]}
    assert removed == {"learned.acme_wire_1", "learned.acme_wire_2", "learned.acme_wire_3"}


def test_a_longer_catalog_match_that_loses_its_place_does_not_hide_a_learned_rule() -> None:
    """``copyright.copyright_line`` (a whole-line rule) reaches from
    ``Copyright`` into ``Reproduction``; it is not a whole line, so it goes,
    and the learned rule for the next sentence must still remove it."""
    template = LearnedTemplate(
        "Acme Wire", "reproduction without permission is prohibited.", 8, 1, 3
    )
    rule = template_rule(template, 1)
    assert rule is not None
    raw = f"Rain lashed Kochi.\n\nCopyright Acme Wire 1987. {NOTICE}"
    assert clean(raw, extra_rules=(rule,)) == "Rain lashed Kochi.\n\nCopyright Acme Wire 1987."


def test_the_catalog_alone_leaves_the_footer_as_it_was() -> None:
    raw = f"Rain lashed Kochi.\n\nCopyright Acme Wire 1987. {NOTICE}"
    assert clean(raw) == raw
