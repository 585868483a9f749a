"""Boilerplate removal per rule family, on clean articles with boilerplate added.

``python -m benchmarks.bench_boilerplate --articles 8 --seed 1`` takes every
builtin rule's examples, cuts each down to the part the rule itself matches
(``"Talks resume. (PTI)"`` gives ``"(PTI)"``), and adds that string to clean
generated articles (:mod:`benchmarks.generate`, seeded) where the rule says it
stands: before the body for ``top`` rules, after it for the others (on its own
line for ``line`` rules, on a new line or glued after the last sentence for
``bottom`` and ``anywhere`` rules). Then it runs :func:`dedupe_feed.clean` and
reports, per family, the share of added strings that are gone (target >= 99%)
and the article sentences and subheads lost (target 0). Families whose point is
lifting metadata (:data:`LIFTING_FAMILIES`) are left out. A table goes to
stdout, everything to ``benchmarks/out/boilerplate.json``.

>>> report = run(articles=1, seed=3, families=("footer",))
>>> report["families"]["footer"]["body_units_lost"]
0
"""

from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dedupe_feed
from benchmarks.generate import SentenceFactory, build_article, render_gold
from benchmarks.machine import write_report
from dedupe_feed.model import Block, Document
from dedupe_feed.rules import Rule, RuleSet, builtin_rules

OUT_PATH = Path(__file__).resolve().parent / "out" / "boilerplate.json"
LIFTING_FAMILIES = ("metadata", "credit", "dateline", "byline")
"""Families of metadata rules whose job is to lift a field (date, credit, dateline,
byline), not to remove boilerplate: measured by the metadata tests instead."""

_CATALOG = RuleSet.build()
ARTICLE_CHARS = 900
_SEPARATORS = ("\n\n", "\n", " ")
_LINE_SEPARATORS = ("\n\n", "\n")
MAX_MISSES = 40
"""Misses listed in the JSON report (the counts are always complete)."""


@dataclass(frozen=True)
class Injection:
    """One boilerplate string of one rule, and where it goes."""

    rule_id: str
    family: str
    position: str
    text: str


def _norm(text: str) -> str:
    return " ".join(text.split())


def boilerplate_strings(rule: Rule) -> list[str]:
    """The distinct parts of the rule's examples that are boilerplate: what the
    rule matches, widened to the adjoining text other catalog rules match (a rule
    may only fire next to another: "X is now on Telegram." before "Click here to
    join ..."); context sentences of an example are left out.

    >>> from dedupe_feed.rules import builtin_rules
    >>> rule = next(r for r in builtin_rules() if r.id == "credit.agency_parenthesized")
    >>> strings = boilerplate_strings(rule)
    >>> "(PTI)" in strings, any("talks" in text for text in strings)
    (True, False)
    """
    solo = RuleSet.build(builtin=False, extra=[rule])
    strings: list[str] = []
    for example in rule.examples:
        doc = Document(source=example, blocks=(Block(0, len(example)),))
        runs = _covered_runs(example, [(m.start, m.end) for m in _CATALOG.find(doc)])
        for match in solo.find(doc):
            start, end = match.start, match.end
            for low, high in runs:
                if low < end and start < high:
                    start, end = min(start, low), max(end, high)
            text = example[start:end].strip()
            if text and text not in strings:
                strings.append(text)
    return strings


def _covered_runs(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans merged where only spaces and punctuation lie between them."""
    runs: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if runs and not any(ch.isalnum() for ch in text[runs[-1][1] : start]):
            runs[-1] = (runs[-1][0], max(end, runs[-1][1]))
        else:
            runs.append((start, end))
    return runs


def injections(families: Sequence[str] | None = None) -> list[Injection]:
    """Every boilerplate string of the builtin catalog outside :data:`LIFTING_FAMILIES`."""
    found: list[Injection] = []
    for rule in builtin_rules():
        if rule.family in LIFTING_FAMILIES or (families and rule.family not in families):
            continue
        found.extend(
            Injection(rule.id, rule.family, rule.position, text)
            for text in boilerplate_strings(rule)
        )
    return found


def place(injection: Injection, body: str, rng: random.Random) -> str:
    """``body`` with the string where its rule's position says it stands.

    >>> rng = random.Random(0)
    >>> place(Injection("x.y", "x", "top", "date 2026-01-28"), "Body.", rng)[:16]
    'date 2026-01-28\\n'
    >>> place(Injection("x.y", "x", "line", "Also Read"), "Body.", rng).splitlines()[-1]
    'Also Read'
    """
    text = injection.text
    if injection.position == "top":
        return text + rng.choice(_SEPARATORS) + body
    if injection.position == "line":
        return body + rng.choice(_LINE_SEPARATORS) + text
    return body + rng.choice(_SEPARATORS) + text


def articles(count: int, seed: int) -> list[tuple[str, list[str]]]:
    """``count`` clean generated articles with their units (sentences and subheads)."""
    rng = random.Random(seed)
    factory = SentenceFactory(rng)
    made = []
    for _ in range(count):
        article = build_article(rng, factory, ARTICLE_CHARS)
        made.append(render_gold(article, None))
    return made


@dataclass
class _Tally:
    strings: int = 0
    placed: int = 0
    removed: int = 0
    body_units: int = 0
    body_units_lost: int = 0


def run(
    *,
    articles: int = 8,
    seed: int = 1,
    families: Sequence[str] | None = None,
    cleaner: Callable[[str], str] = dedupe_feed.clean,
) -> dict[str, Any]:
    """Place every boilerplate string in every article, clean, and count per family."""
    clean_articles = _articles(articles, seed)
    rng = random.Random(seed)
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    misses: list[dict[str, str]] = []
    started = time.perf_counter()
    for injection in injections(families):
        tally = tallies[injection.family]
        tally.strings += 1
        wanted = _norm(injection.text)
        for gold, units in clean_articles:
            if wanted in _norm(gold):
                continue
            output = _norm(cleaner(place(injection, gold, rng)))
            tally.placed += 1
            tally.removed += wanted not in output
            lost = [unit for unit in units if _norm(unit) not in output]
            tally.body_units += len(units)
            tally.body_units_lost += len(lost)
            if (wanted in output or lost) and len(misses) < MAX_MISSES:
                kept = str(wanted in output)
                miss = {"rule": injection.rule_id, "string": injection.text, "kept": kept}
                misses.append({**miss, "lost": " | ".join(lost)})
    seconds = time.perf_counter() - started
    rows = {
        family: {
            "strings": t.strings,
            "placed": t.placed,
            "removed_share": t.removed / t.placed if t.placed else 1.0,
            "body_units": t.body_units,
            "body_units_lost": t.body_units_lost,
        }
        for family, t in sorted(tallies.items())
    }
    placed = sum(t.placed for t in tallies.values())
    return {
        "articles": articles,
        "seed": seed,
        "excluded_families": list(LIFTING_FAMILIES),
        "families": rows,
        "total": {
            "placed": placed,
            "removed_share": sum(t.removed for t in tallies.values()) / placed if placed else 1.0,
            "body_units_lost": sum(t.body_units_lost for t in tallies.values()),
        },
        "seconds": seconds,
        "misses": misses,
    }


_articles = articles


def table(report: dict[str, Any]) -> str:
    """Plain-text table: one row per family, then the total."""
    lines = [f"{'family':14}{'strings':>9}{'placed':>9}{'removed':>10}{'body lost':>11}"]
    for family, row in report["families"].items():
        lines.append(
            f"{family:14}{row['strings']:>9}{row['placed']:>9}"
            f"{row['removed_share']:>10.1%}{row['body_units_lost']:>11}"
        )
    total = report["total"]
    lines.append(
        f"{'total':14}{'':>9}{total['placed']:>9}{total['removed_share']:>10.1%}"
        f"{total['body_units_lost']:>11}"
    )
    lines.append(
        "targets: removed >= 99.0%, body sentences lost 0; excluded (metadata lifting): "
        + ", ".join(report["excluded_families"])
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=8, help="clean articles per string")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, default=OUT_PATH)
    args = parser.parse_args(argv)
    report = run(articles=args.articles, seed=args.seed)
    print(table(report))
    write_report(args.output, report)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
