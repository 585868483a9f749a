"""A seeded multi-outlet feed as outlets really re-publish wire copy (issue 14).

Stories are the project's own generated articles
(:func:`benchmarks.generate.make_item` gold texts), each with one or two wire
money sentences written the wire way (``12 mln dlrs``). Each story is carried
by 1 to 4 outlets. Every outlet wraps its copy in its own chrome: header lines
(share bars, "Listen to this article", a section label) and footer lines that
change from item to item (``Published on 5-MAR-2026.``, ``Markets data as of
10:45 IST``, ``Copyright <Outlet> 2026. ...``, prices). The first carrier runs
the wire text as it is; every later copy is changed in one to three ways:

- ``truncated``: the last paragraph is dropped;
- ``reflowed``: paragraph breaks changed (paragraphs joined, split at a
  sentence, or separated by a single newline);
- ``reworded``: ``mln`` -> ``million``, ``dlrs`` -> ``dollars``.

Ground truth: every record keeps its ``story``; ``header`` and ``footer`` are
the exact chrome lines the outlet added (they must not survive cleaning), and
``variants`` says how the copy was changed. Only ``random.Random`` instances
seeded from ``seed`` are used: the same seed gives the same feed.

    python -m benchmarks.feed_variants --stories 300 --seed 1 -o feed.jsonl

>>> records = make_feed(5, seed=3)
>>> records == make_feed(5, seed=3)
True
>>> sorted(records[0])
['footer', 'header', 'id', 'published', 'source', 'story', 'text', 'variants']
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.generate import ORGS, PLACES, make_item

MAX_CARRIERS = 4
VARIANTS = ("truncated", "reflowed", "reworded")
START = dt.datetime(2026, 3, 1, 6, 0, tzinfo=dt.timezone.utc)
STORY_SPACING_MINUTES = 37
"""Stories are published this far apart (a feed of a few hundred stories spans days)."""

MONEY_SENTENCES = (
    "The {org} has set aside {n} mln dlrs for the work in {place}, officials said.",
    "Investors in {place} put {n} mln dlrs into the project, the {org} said.",
    "The {org} expects exports from {place} to earn {n} mln dlrs this year.",
    "A loan of {w} mln dlrs was approved for the {org} unit at {place}.",
)
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")

Line = Callable[[random.Random, str, dt.datetime], str]


def _published_on(rng: random.Random, outlet: str, when: dt.datetime) -> str:
    return f"Published on {when.day}-{_MONTHS[when.month - 1]}-{when.year}."


def _markets_as_of(rng: random.Random, outlet: str, when: dt.datetime) -> str:
    return f"Markets data as of {rng.randint(9, 15)}:{rng.randint(0, 59):02d} IST"


def _copyright(rng: random.Random, outlet: str, when: dt.datetime) -> str:
    return f"Copyright {outlet} {when.year}. Reproduction without permission is prohibited."


def _gold_price(rng: random.Random, outlet: str, when: dt.datetime) -> str:
    gold, silver = rng.randint(6800, 7600), rng.randint(8000, 9999)
    return f"Gold: Rs {gold:,} per gram; silver Rs {silver // 100}.{silver % 100:02d} per gram."


def _updated(rng: random.Random, outlet: str, when: dt.datetime) -> str:
    day = f"{when.day} {when.strftime('%b')} {when.year}"
    return f"Updated: {day}, {rng.randint(1, 12)}:{rng.randint(0, 59):02d} PM IST"


def _brent(rng: random.Random, outlet: str, when: dt.datetime) -> str:
    price, hour, minute = rng.randint(7000, 9599), rng.randint(10, 23), rng.randint(0, 59)
    return f"Brent crude ${price // 100}.{price % 100:02d} a barrel at {hour}:{minute:02d} GMT."


def _follow(rng: random.Random, outlet: str, when: dt.datetime) -> str:
    return f"Follow {outlet} on WhatsApp for breaking news and live updates."


def _fixed(text: str) -> Line:
    return lambda rng, outlet, when: text.format(outlet=outlet)


def _listen(rng: random.Random, outlet: str, when: dt.datetime) -> str:
    return f"Listen to this article · {rng.randint(2, 9)} min"


@dataclass(frozen=True)
class Outlet:
    """An outlet's chrome: header and footer line makers, in print order."""

    name: str
    header: tuple[Line, ...]
    footer: tuple[Line, ...]


OUTLETS = (
    Outlet("Malabar Wire", (_fixed("Share: Facebook | X | WhatsApp | Email"),),
           (_published_on, _copyright)),
    Outlet("Coastal Chronicle", (_fixed("Listen to this article"),),
           (_markets_as_of, _follow)),
    Outlet("Deccan Ledger", (_fixed("Stock Market News"), _fixed("Share this article")),
           (_gold_price, _copyright)),
    Outlet("Konkan Post", (_listen,), (_updated,)),
    Outlet("Western Ghats Times", (_fixed("Share on Facebook Share on X Share on LinkedIn"),),
           (_published_on, _markets_as_of, _copyright)),
    Outlet("Eastern Mirror Online", (_fixed("Listen to this article"),
                                     _fixed("Follow us on Google News")),
           (_brent, _follow)),
    Outlet("Kalinga Courier", (_fixed("Advertisement"),), (_copyright,)),
    Outlet("Northern Plains Daily", (_fixed("Share | Save | Print"),),
           (_updated, _gold_price)),
)  # fmt: skip
"""Eight outlets; every footer but the ``Follow ...`` one carries a date, a
time, a price or a year."""


def footer_kinds(outlet: Outlet) -> list[str]:
    """Names of the outlet's footer lines (one learned template expected per name).

    >>> footer_kinds(OUTLETS[0])
    ['_published_on', '_copyright']
    """
    return [getattr(line, "__name__", "line") for line in outlet.footer]


def _money_sentence(rng: random.Random) -> str:
    template = rng.choice(MONEY_SENTENCES)
    return template.format(
        org=rng.choice(ORGS),
        place=rng.choice(PLACES),
        n=f"{rng.randint(2, 900)}.{rng.randint(1, 9)}",
        w=rng.choice(NUMBER_WORDS),
    )


def wire_story(seed: int, number: int, rng: random.Random) -> list[str]:
    """The wire text of story ``number`` as paragraphs: a generated article
    with one or two ``mln dlrs`` sentences added to its body paragraphs (never
    the last one, which a truncated copy drops)."""
    paragraphs = str(make_item(seed, number)["gold"]).split("\n\n")
    last = len(paragraphs) - 1 if len(paragraphs) > 2 else len(paragraphs)  # kept by truncation
    body = [i for i in range(1, last) if paragraphs[i].rstrip()[-1:] in '."”']
    for spot in rng.sample(body, min(len(body), rng.randint(1, 2))):
        paragraphs[spot] = f"{paragraphs[spot]} {_money_sentence(rng)}"
    return paragraphs


def truncate(paragraphs: list[str]) -> list[str]:
    """Drop the last paragraph (a copy cut short).

    >>> truncate(["a", "b", "c"])
    ['a', 'b']
    """
    return paragraphs[:-1] if len(paragraphs) > 2 else paragraphs


def reflow(rng: random.Random, paragraphs: list[str]) -> str:
    """The paragraphs with their breaks changed: some joined, some split after a
    sentence, some separated by one newline instead of a blank line."""
    pieces: list[str] = []
    for paragraph in paragraphs:
        sentences = re.split(r"(?<=[.!?\"”])\s+(?=[A-Z\"“])", paragraph)
        if len(sentences) > 1 and rng.random() < 0.4:
            cut = rng.randint(1, len(sentences) - 1)
            pieces += [" ".join(sentences[:cut]), " ".join(sentences[cut:])]
        else:
            pieces.append(paragraph)
    out = pieces[0]
    for piece in pieces[1:]:
        out += rng.choice(("\n\n", "\n", " ", "\n\n", "\n"))
        out += piece
    return out


def reword(text: str) -> str:
    """Wire abbreviations spelled out.

    >>> reword("a loan of two mln dlrs")
    'a loan of two million dollars'
    """
    return re.sub(r"\bdlrs\b", "dollars", re.sub(r"\bmln\b", "million", text))


def make_copy(rng: random.Random, paragraphs: list[str], variants: Sequence[str]) -> str:
    """The story body as one outlet prints it, with the given variants."""
    kept = truncate(paragraphs) if "truncated" in variants else list(paragraphs)
    text = reflow(rng, kept) if "reflowed" in variants else "\n\n".join(kept)
    return reword(text) if "reworded" in variants else text


def make_feed(stories: int, seed: int) -> list[dict[str, Any]]:
    """Every record of the feed for ``stories`` stories and ``seed``, in
    publication order within a story (a story's copies follow the wire one)."""
    rng = random.Random(seed)
    records: list[dict[str, Any]] = []
    for number in range(stories):
        paragraphs = wire_story(seed, number, rng)
        released = START + dt.timedelta(minutes=STORY_SPACING_MINUTES * number)
        carriers = rng.sample(OUTLETS, rng.randint(1, MAX_CARRIERS))
        for copy, outlet in enumerate(carriers):
            variants: list[str] = []
            if copy:
                variants = sorted(rng.sample(VARIANTS, rng.randint(1, len(VARIANTS))))
            when = released + dt.timedelta(minutes=rng.randint(0, 600) if copy else 0)
            header = [line(rng, outlet.name, when) for line in outlet.header]
            footer = [line(rng, outlet.name, when) for line in outlet.footer]
            body = make_copy(rng, paragraphs, variants)
            records.append(
                {
                    "id": f"{number}-{copy}",
                    "source": outlet.name,
                    "published": when.isoformat().replace("+00:00", "Z"),
                    "story": str(number),
                    "text": "\n".join(header) + "\n\n" + body + "\n\n" + "\n".join(footer),
                    "header": header,
                    "footer": footer,
                    "variants": variants,
                }
            )
    return records


def write_feed(path: Path, records: Sequence[dict[str, Any]]) -> int:
    """Write records as JSON Lines; returns how many."""
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(records)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    count = write_feed(args.output, make_feed(args.stories, args.seed))
    print(f"wrote {count} records to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
