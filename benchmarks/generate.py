"""Seeded generator of syndicated wire items with a known clean article.

Each item is built in two steps: a clean article is assembled from sentence
templates (every sentence states a distinct fact: a different place, person or
number), then it is corrupted the way syndication feeds corrupt copy: the body
is delivered two or three times (later copies lightly edited, the last one
sometimes cut mid-sentence, the second one sometimes with a shorter lead of its
own), paragraph breaks are lost (sentences glued), subheads are glued to the next
sentence, and a date prefix, agency credits, a syndication disclaimer and a
"preferred source" footer are added.

A record is a dict with ``id``, ``raw`` (the corrupted item), ``gold`` (the
clean article in the output convention of :func:`dedupe_feed.clean`), ``units``
(the gold sentences and subheads, in order) and ``boilerplate`` (the exact
strings that were added and must not survive).

Only ``random.Random`` instances are used: the same seed always gives the same
items.

>>> a = make_item(7, 3)
>>> a == make_item(7, 3)
True
>>> sorted(a)
['boilerplate', 'gold', 'id', 'raw', 'units']
>>> all(unit in a["gold"] for unit in a["units"])
True
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

Record = dict[str, object]

PLACES = (
    "Kannur", "Kozhikode", "Wayanad", "Idukki", "Thrissur", "Kollam", "Alappuzha", "Palakkad",
    "Kasaragod", "Malappuram", "Kottayam", "Pathanamthitta", "Mysuru", "Mangaluru", "Hubballi",
    "Belagavi", "Madurai", "Coimbatore", "Tiruchi", "Salem", "Vellore", "Nagpur", "Nashik",
    "Solapur", "Kolhapur", "Indore", "Bhopal", "Jabalpur", "Guwahati", "Silchar", "Cuttack",
    "Puri", "Ranchi", "Dhanbad", "Patna", "Gaya", "Varanasi", "Kanpur", "Dehradun", "Shimla",
)  # fmt: skip
PEOPLE = (
    "Anita Rao", "Suresh Pillai", "Meera Kulkarni", "Joseph Mathew", "Kavitha Reddy",
    "Arvind Nair", "Farida Begum", "Ramesh Gowda", "Latha Menon", "Vikram Sen", "Neha Joshi",
    "Thomas Kurian", "Priya Das", "Harish Patil", "Sunil Jadhav", "Asha Varghese",
    "Mohan Iyer", "Deepa Krishnan", "Imran Qureshi", "Gopal Mishra",
)  # fmt: skip
ORGS = (
    "Kerala Water Authority", "State Disaster Management Authority", "Public Works Department",
    "District Medical Office", "Spices Board", "Agriculture Department", "Fisheries Department",
    "State Transport Corporation", "Town Planning Department", "Tourism Department",
    "Cooperative Milk Federation", "State Electricity Board",
)  # fmt: skip
ROLES = ("district collector", "mayor", "chief engineer", "municipal commissioner", "MLA")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "March", "April", "June", "August", "September", "October", "December")
CROPS = ("cardamom", "pepper", "turmeric", "cashew", "coffee", "rubber", "banana", "ginger")
TEAMS = ("Kerala", "Goa", "Karnataka", "Tamil Nadu", "Andhra", "Assam", "Odisha", "Bengal")
TOPICS = (
    "Relief Operations", "Crop Damage", "Water Supply", "Power Situation", "Road Repairs",
    "Export Outlook", "Health Measures", "School Admissions", "Market Trends", "Rail Services",
    "Fisheries Sector", "Urban Transport", "Tourism Prospects", "Budget Allocation",
)  # fmt: skip
AGENCIES = ("PTI", "ANI", "IANS", "Reuters", "AFP")
OUTLETS = (
    "Malabar Wire", "Coastal Chronicle", "Deccan Ledger", "Konkan Post", "Western Ghats Times",
    "Eastern Mirror Online", "Kalinga Courier", "Northern Plains Daily",
)  # fmt: skip
DISCLAIMERS = (
    "(Except for the headline, this story has not been edited by {outlet} staff and is "
    "published from a syndicated feed.)",
    "(This story has not been edited by {outlet} staff and is auto-generated from a "
    "syndicated feed.)",
)
FOOTERS = ("Add {outlet} as a Preferred Source", "Add {outlet} as a preferred source on Google")

# Templates: a slot name maps to a value list above; {n} is a number from the
# template's own range. Templates in SECTION_TEMPLATES start with a word that
# marks a glued subhead (The, According, Meanwhile, In), so a subhead glued in
# front of them is recoverable even when no other copy proves it.
BODY_TEMPLATES: tuple[tuple[str, int, int], ...] = (
    ("{place} recorded {n} mm of rain in the 24 hours ending 8.30 a.m. on {day}, "
     "the weather office said.", 20, 400),
    ("{person}, the {role} of {place}, said work on the {n}-metre bridge would be completed "
     "by {month}.", 40, 2000),
    ('"We have cleared {n} pending files in the last three weeks and will finish the rest '
     'soon," {person} told reporters in {place}.', 50, 5000),
    ("Exporters in {place} shipped {n} tonnes of {crop} to the United States in {month}, "
     "according to trade figures.", 100, 90000),
    ("Dr. {person} of the {org} said the {n}-bed block at {place} would open on {day}.",
     20, 900),
    ("{team} beat {team2} by {n} runs at {place} on {day} to move to the top of the table.",
     2, 300),
    ("Trading volumes at the {place} market rose to {n} tonnes, up {pct} per cent from "
     "last week.", 100, 50000),
    ("A team from the United States consulate met {n} women entrepreneurs in {place} on "
     "{day}.", 10, 900),
    ("A U.S. trade delegation will visit {place} on {day} to meet {n} {crop} exporters.",
     5, 400),
    ("Bus services between {place} and {place2} were cut to {n} trips a day after the "
     "landslide, transport officials said.", 3, 120),
    ("{person} said the {org} had received {n} complaints about delayed payments since "
     "{month}.", 10, 9000),
    ("Farmers in {place} have lost {crop} worth Rs {n} lakh to the dry spell, a survey by the "
     "{org} found.", 5, 9000),
)  # fmt: skip
SECTION_TEMPLATES: tuple[tuple[str, int, int], ...] = (
    ("The {org} said {n} families had been moved to relief camps in {place} by {day} "
     "evening.", 10, 9000),
    ("The {org} has sanctioned Rs {n} crore for drinking water projects in {place}, officials "
     "said on {day}.", 2, 2000),
    ("The state cabinet approved {n} new posts in the {org} at its meeting in {place} on "
     "{day}.", 10, 5000),
    ("According to the {org}, {n} students from {place} have registered for the scholarship "
     "this year.", 100, 60000),
    ("Meanwhile, the {org} in {place} has recruited {n} volunteers for the vaccination "
     "drive.", 20, 9000),
    ("In {place}, {n} households have applied for the rooftop solar subsidy, the {org} "
     "said.", 50, 90000),
    ("The {org} will hold a public hearing in {place} at 11 a.m. on {day} on the {n} "
     "objections it has received.", 5, 3000),
)  # fmt: skip
SECOND_LEADS = (
    "Heavy rain continued in {place} on {day}, officials said.",
    "The {org} reviewed the situation in {place} on {day}, sources said.",
    "Officials in {place} met on {day} to review the situation.",
)
SYNONYMS = {"said": "stated", "rose": "increased", "met": "visited", "approved": "cleared"}
_GLUE_LEFT = re.compile(r"[.!?][\"”]?$")
_GLUE_RIGHT = re.compile(r"^[A-Z\"“]")


@dataclass(frozen=True)
class Paragraph:
    """A gold paragraph: its sentences and the subhead printed before it, if any."""

    sentences: tuple[str, ...]
    heading: str | None = None


@dataclass(frozen=True)
class Article:
    """A clean article: the lead paragraph first."""

    paragraphs: tuple[Paragraph, ...]

    def units(self) -> list[str]:
        """Subheads and sentences in reading order."""
        out: list[str] = []
        for para in self.paragraphs:
            if para.heading:
                out.append(para.heading)
            out.extend(para.sentences)
        return out


@dataclass
class SentenceFactory:
    """Fills templates with slot values, never producing the same sentence twice."""

    rng: random.Random
    seen: set[str] = field(default_factory=set)
    headings: set[str] = field(default_factory=set)

    def _fill(self, template: str, low: int, high: int) -> str:
        rng = self.rng
        team, team2 = rng.sample(TEAMS, 2)
        place, place2 = rng.sample(PLACES, 2)
        return template.format(
            place=place,
            place2=place2,
            person=rng.choice(PEOPLE),
            org=rng.choice(ORGS),
            role=rng.choice(ROLES),
            day=rng.choice(DAYS),
            month=rng.choice(MONTHS),
            crop=rng.choice(CROPS),
            team=team,
            team2=team2,
            n=f"{rng.randint(low, high):,}",
            pct=f"{rng.randint(1, 9)}.{rng.randint(1, 9)}",
        )

    def sentence(self, section_start: bool = False, lead: bool = False) -> str:
        """A new sentence; ``section_start`` picks one that may follow a subhead."""
        pool = SECTION_TEMPLATES if section_start else BODY_TEMPLATES + SECTION_TEMPLATES
        pool = BODY_TEMPLATES if lead else pool
        while True:
            text = self._fill(*self.rng.choice(pool))
            if text not in self.seen:
                self.seen.add(text)
                return text

    def second_lead(self) -> str:
        """A short lead for copy 2, unlike any body sentence."""
        while True:
            text = self._fill(self.rng.choice(SECOND_LEADS), 0, 0)
            if text not in self.seen:
                self.seen.add(text)
                return text

    def heading(self) -> str | None:
        """A new title-case subhead, or None once every combination is used."""
        for _ in range(20):
            text = f"{self.rng.choice(PLACES)} {self.rng.choice(TOPICS)}"
            if text not in self.headings:
                self.headings.add(text)
                return text
        return None


def build_article(rng: random.Random, factory: SentenceFactory, target_chars: int) -> Article:
    """Sections of 1-4 paragraphs (1-3 sentences each), some under a subhead."""
    paragraphs = [Paragraph((factory.sentence(lead=True),))]
    size = len(paragraphs[0].sentences[0])
    while size < target_chars:
        heading = factory.heading() if rng.random() < 0.5 else None
        for index in range(rng.randint(1, 4)):
            first = index == 0 and heading is not None
            count = rng.randint(1, 3)
            sentences = [factory.sentence(section_start=first)]
            sentences += [factory.sentence() for _ in range(count - 1)]
            paragraphs.append(Paragraph(tuple(sentences), heading if index == 0 else None))
            size += sum(len(s) + 1 for s in sentences)
    return Article(tuple(paragraphs))


def render_gold(article: Article, second_lead: str | None) -> tuple[str, list[str]]:
    """The clean text and its units; a second lead goes right after the first."""
    blocks: list[str] = []
    units: list[str] = []
    for index, para in enumerate(article.paragraphs):
        if index == 1 and second_lead:
            blocks.append(second_lead)
            units.append(second_lead)
        if para.heading:
            blocks.append(para.heading)
            units.append(para.heading)
        blocks.append(" ".join(para.sentences))
        units.extend(para.sentences)
    return "\n\n".join(blocks), units


def _break(rng: random.Random, left: str, right: str) -> str:
    """A paragraph break as a feed renders it: blank line, newline or nothing (glued)."""
    if _GLUE_LEFT.search(left) and _GLUE_RIGHT.match(right) and rng.random() < 0.5:
        return ""
    return rng.choice(("\n\n", "\n"))


def _curly(sentence: str) -> str:
    """Straight double quotes to curly ones, opening then closing."""
    out, opening = [], True
    for char in sentence:
        if char == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(char)
    return "".join(out)


def _swap_word(rng: random.Random, sentence: str) -> str:
    """Replace one common word by a synonym (same word count, same facts)."""
    words = sentence.split(" ")
    spots = [i for i, word in enumerate(words) if word in SYNONYMS]
    if not spots:
        return sentence
    spot = rng.choice(spots)
    words[spot] = SYNONYMS[words[spot]]
    return " ".join(words)


def _cut_outside_numbers(text: str, position: int) -> int:
    """Move a cut point left so it never splits a number (a cut "83" would read "3").

    >>> _cut_outside_numbers("cut to 1,138 trips", 10)
    7
    """
    while position > 1 and (
        text[position - 1].isdigit()
        or (text[position - 1] in ",." and text[position - 2].isdigit())
    ):
        position -= 1
    return position


@dataclass(frozen=True)
class CopyPlan:
    """How one copy of the body is rendered."""

    with_headings: bool
    lead: str
    edits: dict[str, str]
    cut: tuple[int, int] | None = None  # (unit index, characters kept) for the last copy
    start_at: int = 0  # characters dropped from the first sentence


def _flat(article: Article, lead: str) -> list[tuple[str | None, list[str]]]:
    """Paragraphs as (heading, sentences) with the copy's own lead."""
    paras = [(p.heading, list(p.sentences)) for p in article.paragraphs]
    paras[0] = (None, [lead])
    return paras


def render_copy(rng: random.Random, article: Article, plan: CopyPlan) -> str:
    """One copy of the body as text, with the plan's edits, glue and truncation."""
    parts: list[str] = []
    position = 0
    for heading, sentences in _flat(article, plan.lead):
        edited = [plan.edits.get(s, s) for s in sentences]
        shown = heading if plan.with_headings else None
        if plan.cut and position + len(edited) > plan.cut[0]:
            keep = plan.cut[0] - position
            fragment = edited[keep][: plan.cut[1]]
            parts.append(_join(rng, parts, " ".join([*edited[:keep], fragment]), shown))
            break
        position += len(edited)
        body = " ".join(edited)
        if not parts and plan.start_at:
            body = body[plan.start_at :]
        parts.append(_join(rng, parts, body, shown))
    return "".join(parts)


def _join(rng: random.Random, parts: list[str], body: str, heading: str | None) -> str:
    """Separator (none before the first paragraph), optional glued subhead, paragraph."""
    if not parts:
        return body
    if heading:
        return rng.choice((" ", "\n\n")) + heading + " " + body
    return _break(rng, parts[-1][-3:], body) + body


def plan_copies(
    rng: random.Random, article: Article, factory: SentenceFactory, copies: int
) -> list[CopyPlan]:
    """Two or three copies; later ones edited, the last maybe truncated."""
    lead = article.paragraphs[0].sentences[0]
    second_lead = factory.second_lead() if rng.random() < 0.35 else None
    headings = {p.heading for p in article.paragraphs}
    sentences = [s for s in article.units()[1:] if s not in headings]
    plans = [CopyPlan(True, lead, {})]
    for index in range(1, copies):
        edits: dict[str, str] = {}
        for sentence in sentences:
            if '"' in sentence and rng.random() < 0.5:
                edits[sentence] = _curly(sentence)
            elif rng.random() < 0.15:
                edits[sentence] = _swap_word(rng, sentence)
        first_lead = second_lead if (index == 1 and second_lead) else lead
        start_at = 0
        if index == 1 and not second_lead and rng.random() < 0.2:
            start_at = _cut_outside_numbers(lead, rng.randint(10, max(10, len(lead) - 10)))
        plans.append(CopyPlan(False, first_lead, edits, start_at=start_at))
    plans[-1] = _maybe_truncate(rng, article, plans[-1])
    return _abbreviate_us(rng, article, plans)


def _maybe_truncate(rng: random.Random, article: Article, plan: CopyPlan) -> CopyPlan:
    """Cut the last copy inside a sentence of its second half (40% of items)."""
    total = sum(len(p.sentences) for p in article.paragraphs)
    if total < 4 or rng.random() >= 0.4:
        return plan
    unit = rng.randint(total // 2, total - 1)
    sentence = [s for p in _flat(article, plan.lead) for s in p[1]][unit]
    keep = _cut_outside_numbers(sentence, rng.randint(10, max(10, len(sentence) - 5)))
    edits = {k: v for k, v in plan.edits.items() if k != sentence}
    return CopyPlan(plan.with_headings, plan.lead, edits, (unit, keep), plan.start_at)


def _complete_sentences(article: Article, plan: CopyPlan) -> set[str]:
    """Sentences that a copy delivers whole."""
    flat = [s for p in _flat(article, plan.lead) for s in p[1]]
    if plan.cut:
        flat = flat[: plan.cut[0]]
    if plan.start_at:
        flat = flat[1:]
    return set(flat)


def _abbreviate_us(rng: random.Random, article: Article, plans: list[CopyPlan]) -> list[CopyPlan]:
    """Write "US" for "United States" in one copy when another copy has the full form."""
    complete = [_complete_sentences(article, plan) for plan in plans]
    edited = {sentence for plan in plans for sentence in plan.edits}
    for sentence in article.units():
        if "United States" not in sentence or sentence in edited or rng.random() < 0.5:
            continue
        holders = [i for i, whole in enumerate(complete) if sentence in whole]
        if len(holders) < 2:
            continue
        plans[rng.choice(holders)].edits[sentence] = sentence.replace("United States", "US")
    return plans


def corrupt(
    rng: random.Random, article: Article, plans: Sequence[CopyPlan]
) -> tuple[str, list[str]]:
    """The raw item, rendered from the copy plans, and the boilerplate strings it contains."""
    agency, outlet = rng.choice(AGENCIES), rng.choice(OUTLETS)
    credit = f"({agency})"
    disclaimer = rng.choice(DISCLAIMERS).format(outlet=outlet)
    footer = rng.choice(FOOTERS).format(outlet=outlet)
    date = f"20{rng.randint(24, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    raw = f" date {date} " if rng.random() < 0.9 else ""
    for index, plan in enumerate(plans):
        raw += render_copy(rng, article, plan)
        if plan.cut is None:
            raw += " " + credit
        if index == 0:
            raw += rng.choice(("", " ", "\n\n")) + disclaimer + rng.choice((" ", "\n\n"))
        elif index < len(plans) - 1:
            raw += "\n\n"
    truncated = plans[-1].cut is not None
    raw += rng.choice(("\n", "\n\n") if truncated else (" ", "\n\n")) + footer
    boilerplate = [credit, disclaimer, footer]
    if raw.startswith(" date "):
        boilerplate.append(f"date {date}")
    return raw, boilerplate


def _second_lead_of(plans: Sequence[CopyPlan], article: Article) -> str | None:
    """The lead of copy 2 when it differs from the article's own lead."""
    lead = article.paragraphs[0].sentences[0]
    return next((p.lead for p in plans if p.lead != lead), None)


def make_record(seed: int, item_id: str, raw_bytes: int, copies: int | None = None) -> Record:
    """One item whose raw text is about ``raw_bytes`` long (2 or 3 copies unless given)."""
    rng = random.Random(seed)
    copies = copies or rng.choice((2, 2, 3))
    factory = SentenceFactory(rng)
    article = build_article(rng, factory, max(150, int(raw_bytes * 0.93) // copies))
    plans = plan_copies(rng, article, factory, copies)
    raw, boilerplate = corrupt(rng, article, plans)
    gold, units = render_gold(article, _second_lead_of(plans, article))
    return {"id": item_id, "raw": raw, "gold": gold, "units": units, "boilerplate": boilerplate}


def make_item(seed: int, index: int) -> Record:
    """Item ``index`` of the stream for ``seed``: about 6 KB of raw text."""
    rng = random.Random(seed * 1_000_003 + index)
    return make_record(rng.getrandbits(64), f"s{seed}-{index:06d}", 6000)


def make_items(n: int, seed: int) -> Iterator[Record]:
    """The first ``n`` items for ``seed``."""
    for index in range(n):
        yield make_item(seed, index)


def make_sized_item(n_bytes: int, seed: int) -> Record:
    """One item (body twice) whose raw text is about ``n_bytes`` long (10 KB ... 10 MB)."""
    rng = random.Random(seed)
    return make_record(rng.getrandbits(64), f"sized-{n_bytes}-{seed}", n_bytes, copies=2)


def write_jsonl(records: Iterator[Record], out: TextIO) -> int:
    """Write records one per line; returns how many."""
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: ``python -m benchmarks.generate --n 1000 --seed 1 -o items.jsonl``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=1000, help="number of items")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", type=int, default=0, help="one item of about SIZE bytes")
    parser.add_argument("-o", "--output", default="-", help="JSONL file, '-' for stdout")
    args = parser.parse_args(argv)
    records = iter([make_sized_item(args.size, args.seed)]) if args.size else None
    records = records or make_items(args.n, args.seed)
    if args.output == "-":
        write_jsonl(records, sys.stdout)
    else:
        with Path(args.output).open("w", encoding="utf-8") as handle:
            write_jsonl(records, handle)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
