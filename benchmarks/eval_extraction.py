"""Extraction quality and speed on real pages: dedupe_feed vs trafilatura vs jusText.

``python -m benchmarks.eval_extraction --aeb PATH --trafilatura-eval PATH [--l3s PATH]``
runs every extractor on the same pages in one run and reports:

- AEB: token precision / recall / F1 of the extract against the gold body
  (bag of whitespace tokens; micro = summed over pages, macro = mean per page);
- trafilatura eval (English pages): share of must-keep snippets found and of
  must-drop snippets absent;
- L3S-GN1 (pages with HTML): share of content blocks found and of boilerplate,
  related-link and comment blocks absent;
- seconds per page, and each extractor's time over trafilatura's.

Optional lines: the gold sets keep agency credits, copyright tails,
"(Reporting by ...)" lines and datelines inconsistently (dedupe_feed lifts
datelines into metadata, the AEB gold keeps them in the body), so such lines
(:data:`OPTIONAL_LINE`)
are cut from both the gold and the extract before scoring, and snippets that
are such lines are not counted. An extractor that fails to import is reported
as absent. The table goes to stdout, everything (with machine info and
versions) to ``benchmarks/out/extraction.json``.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.datasets import (
    L3S_DROP,
    L3S_KEEP,
    AebPage,
    L3sPage,
    SnippetPage,
    load_aeb,
    load_l3s_blocks,
    load_trafilatura_eval,
)
from benchmarks.machine import machine_info, write_report

Extractor = Callable[[str], str]
OUT_PATH = Path(__file__).resolve().parent / "out" / "extraction.json"
EXTRACTORS = ("dedupe_feed", "trafilatura", "justext")
SUITE_EXTRACTORS = ("dedupe_feed", "trafilatura", "trafilatura_dedup", "justext")
"""What ``benchmarks.suite`` runs: also trafilatura with its ``deduplicate`` option."""
PACKAGES = (
    "dedupe-feed", "trafilatura", "jusText", "lxml", "beautifulsoup4", "datasketch", "rapidfuzz",
)  # fmt: skip
L3S_MIN_WORDS = 3
"""L3S blocks shorter than this many words are not scored (found anywhere by chance)."""

_AGENCIES = r"(?:PTI|ANI|IANS|UNI|AP|AFP|Reuters|Xinhua|Bloomberg|dpa|Associated Press)"
_DATELINE = (
    r"(?m:^[ \t]*(?:[A-Z][\w.'’-]{1,30}(?:[ \t,]{1,2}[A-Z][\w.'’-]{1,30}){0,4}"
    r"(?:[ \t]\[[^\]\n]{1,30}\])?(?:,[ \t][A-Z][a-z]{2,8}\.?[ \t]\d{1,2})?[ \t]{1,3}"
    rf"\({_AGENCIES}\)[ \t]{{0,3}}(?:[-—–]{{1,2}}|:)?"
    r"|[A-Z][A-Z.'’-]{2,30}(?:[ \t][A-Z][A-Z.'’-]{1,30}){0,3}"
    r"(?:,[ \t][A-Z][a-z]{2,8}\.?[ \t]\d{1,2})?[ \t]?:(?=[ \t]))[ \t]*)"
)
"""A dateline opening a line (``WASHINGTON (Reuters) -``, ``Kozhikode, Jul 9 (PTI) -``,
``KOCHI:``): dedupe_feed lifts it into metadata, the gold sets keep it in the body."""

OPTIONAL_LINE = re.compile(
    r"\((?:Additional )?[Rr]eporting by[^)\n]*\)?"
    r"|(?:Additional )?[Rr]eporting by [^\n]*"
    r"|(?:©|\([cC]\)|Copyright)\s*(?:\d{4})?[^\n]*"
    r"|[^\n.]*\bmay not be (?:published|reproduced)[^\n]*"
    r"|[^\n.]*All [Rr]ights [Rr]eserved\.?"
    rf"|(?m:^\s*\(?{_AGENCIES}\)?\s*$)"
    rf"|\({_AGENCIES}\)"
    rf"|{_DATELINE}"
)
"""Credit, copyright and reporting lines that count neither for nor against an extract."""

_WORD = re.compile(r"\w+")


def strip_optional(text: str) -> str:
    """``text`` without credit, copyright and reporting lines.

    >>> strip_optional("Rain fell.\\n(Reporting by A. B.; Editing by C. D.)\\nPTI")
    'Rain fell.\\n\\n'
    """
    return OPTIONAL_LINE.sub("", text)


def token_scores(gold: str, predicted: str) -> tuple[int, int, int]:
    """``(true positives, false positives, false negatives)`` over whitespace tokens.

    >>> token_scores("a b b c", "b b d")
    (2, 1, 2)
    """
    gold_tokens, predicted_tokens = Counter(gold.split()), Counter(predicted.split())
    tp = sum((gold_tokens & predicted_tokens).values())
    return tp, sum(predicted_tokens.values()) - tp, sum(gold_tokens.values()) - tp


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (an empty side scores 0).

    >>> prf(2, 1, 2)
    (0.6666666666666666, 0.5, 0.5714285714285715)
    """
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def normalise(text: str) -> str:
    """Whitespace-collapsed text, for snippet lookup.

    >>> normalise(" a\\n\\n b ")
    'a b'
    """
    return " ".join(text.split())


def words(text: str) -> str:
    """Lower-cased word characters only, space-joined and padded (mojibake-proof lookup).

    >>> words("Kosovo?s future — status")
    ' kosovo s future status '
    """
    return " " + " ".join(_WORD.findall(text.lower())) + " "


# -- extractors ----------------------------------------------------------------


def _dedupe_feed() -> Extractor:
    import dedupe_feed

    return dedupe_feed.clean


def _trafilatura(deduplicate: bool = False) -> Extractor:
    import trafilatura

    def extract(html: str) -> str:
        return trafilatura.extract(html, deduplicate=deduplicate) or ""

    return extract


def _trafilatura_dedup() -> Extractor:
    return _trafilatura(deduplicate=True)


def _justext() -> Extractor:
    import justext

    stoplist = justext.get_stoplist("English")

    def extract(html: str) -> str:
        paragraphs = justext.justext(html.encode("utf-8"), stoplist, encoding="utf-8")
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return extract


_FACTORIES: dict[str, Callable[[], Extractor]] = {
    "dedupe_feed": _dedupe_feed,
    "trafilatura": _trafilatura,
    "trafilatura_dedup": _trafilatura_dedup,
    "justext": _justext,
}


def load_extractors(names: Sequence[str]) -> tuple[dict[str, Extractor], dict[str, str]]:
    """The extractors that import, and why each other one is absent."""
    found: dict[str, Extractor] = {}
    absent: dict[str, str] = {}
    for name in names:
        try:
            found[name] = _FACTORIES[name]()
        except Exception as error:  # an absent baseline is reported, never faked
            absent[name] = f"{type(error).__name__}: {error}"
    return found, absent


@dataclass
class Timed:
    """Outputs of one extractor on one set, with the seconds spent and errors."""

    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    errors: int = 0


def run(extractor: Extractor, pages: Iterable[str]) -> Timed:
    """Extract every page, timing only the extractor call (an error gives '')."""
    timed = Timed()
    for html in pages:
        started = time.perf_counter()
        try:
            text = extractor(html)
        except Exception:
            text = ""
            timed.errors += 1
        timed.seconds += time.perf_counter() - started
        timed.outputs.append(text)
    return timed


# -- scoring -------------------------------------------------------------------


def score_aeb(pages: Sequence[AebPage], outputs: Sequence[str]) -> dict[str, Any]:
    """Micro and macro token P/R/F1 against the gold bodies (optional lines cut)."""
    totals = [0, 0, 0]
    per_page: dict[str, float] = {}
    macro = [0.0, 0.0, 0.0]
    for page, output in zip(pages, outputs, strict=True):
        counts = token_scores(strip_optional(page.gold), strip_optional(output))
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        page_prf = prf(*counts)
        macro = [a + b for a, b in zip(macro, page_prf, strict=True)]
        per_page[page.id] = round(page_prf[2], 4)
    p, r, f = prf(*totals)
    n = max(len(pages), 1)
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "macro_precision": macro[0] / n,
        "macro_recall": macro[1] / n,
        "macro_f1": macro[2] / n,
        "per_page_f1": per_page,
    }


def _is_optional(snippet: str) -> bool:
    return OPTIONAL_LINE.fullmatch(snippet.strip()) is not None


def score_snippets(pages: Sequence[SnippetPage], outputs: Sequence[str]) -> dict[str, Any]:
    """Share of must-keep snippets found and must-drop snippets absent."""
    kept = keep_total = dropped = drop_total = skipped = 0
    misses: list[str] = []
    for page, output in zip(pages, outputs, strict=True):
        text = normalise(output)
        for snippet in page.with_:
            if _is_optional(snippet):
                skipped += 1
                continue
            keep_total += 1
            found = normalise(snippet) in text
            kept += found
            if not found:
                misses.append(f"{page.file}: lost {snippet!r}")
        for snippet in page.without:
            if _is_optional(snippet):
                skipped += 1
                continue
            drop_total += 1
            absent = normalise(snippet) not in text
            dropped += absent
            if not absent:
                misses.append(f"{page.file}: kept {snippet!r}")
    return {
        "must_keep_found": kept / keep_total if keep_total else 0.0,
        "must_drop_removed": dropped / drop_total if drop_total else 0.0,
        "must_keep": keep_total,
        "must_drop": drop_total,
        "optional_skipped": skipped,
        "misses": misses,
    }


def score_l3s(pages: Sequence[L3sPage], outputs: Sequence[str]) -> dict[str, Any]:
    """Per label: share of blocks (>= :data:`L3S_MIN_WORDS` words) found in the extract."""
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for page, output in zip(pages, outputs, strict=True):
        text = words(strip_optional(output))
        for label, block in page.blocks:
            block_words = words(strip_optional(block))
            if len(block_words.split()) < L3S_MIN_WORDS:
                continue
            total[label] += 1
            found[label] += block_words in text
    keep = sum(total[label] for label in L3S_KEEP)
    drop = sum(total[label] for label in L3S_DROP)
    return {
        "content_found": sum(found[label] for label in L3S_KEEP) / keep if keep else 0.0,
        "boilerplate_removed": 1 - sum(found[label] for label in L3S_DROP) / drop if drop else 0.0,
        "related_removed": 1 - found["related"] / total["related"] if total["related"] else 0.0,
        "by_label": {label: [found[label], total[label]] for label in sorted(total)},
    }


# -- report --------------------------------------------------------------------


def evaluate(
    extractors: dict[str, Extractor],
    aeb: Sequence[AebPage],
    snippets: Sequence[SnippetPage],
    l3s: Sequence[L3sPage],
) -> dict[str, dict[str, Any]]:
    """Run every extractor on every set and score it."""
    results: dict[str, dict[str, Any]] = {}
    l3s_with_html = [page for page in l3s if page.html is not None]
    for name, extractor in extractors.items():
        row: dict[str, Any] = {}
        seconds = errors = pages = 0.0
        for key, items, scorer in (
            ("aeb", aeb, score_aeb),
            ("trafilatura_eval", snippets, score_snippets),
            ("l3s", l3s_with_html, score_l3s),
        ):
            if not items:
                continue
            timed = run(extractor, [page.html or "" for page in items])
            row[key] = {**scorer(items, timed.outputs), "errors": timed.errors}  # type: ignore[arg-type]
            row[key]["seconds_per_page"] = timed.seconds / len(items)
            seconds += timed.seconds
            errors += timed.errors
            pages += len(items)
        row["seconds_per_page"] = seconds / pages if pages else 0.0
        row["errors"] = int(errors)
        results[name] = row
    base = results.get("trafilatura", {}).get("seconds_per_page")
    for row in results.values():
        row["time_vs_trafilatura"] = row["seconds_per_page"] / base if base else None
    return results


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def table(results: dict[str, dict[str, Any]], absent: dict[str, str]) -> str:
    """A plain-text table: one column per extractor."""
    rows = [
        ("AEB token precision", "aeb", "precision"),
        ("AEB token recall", "aeb", "recall"),
        ("AEB token F1", "aeb", "f1"),
        ("AEB macro F1", "aeb", "macro_f1"),
        ("traf-eval must-keep found", "trafilatura_eval", "must_keep_found"),
        ("traf-eval must-drop removed", "trafilatura_eval", "must_drop_removed"),
        ("L3S content blocks found", "l3s", "content_found"),
        ("L3S boilerplate removed", "l3s", "boilerplate_removed"),
        ("L3S related lists removed", "l3s", "related_removed"),
    ]
    names = list(results)
    lines = [f"{'':30}" + "".join(f"{name:>14}" for name in names)]
    for label, section, key in rows:
        if all(section not in results[name] for name in names):
            continue
        cells = [_fmt(results[name].get(section, {}).get(key)) for name in names]
        lines.append(f"{label:30}" + "".join(f"{cell:>14}" for cell in cells))
    ms = [_fmt(results[name]["seconds_per_page"] * 1000, 1) for name in names]
    lines.append(f"{'ms per page':30}" + "".join(f"{cell:>14}" for cell in ms))
    ratio = [_fmt(results[name]["time_vs_trafilatura"], 2) for name in names]
    lines.append(f"{'time / trafilatura time':30}" + "".join(f"{cell:>14}" for cell in ratio))
    errors = [str(results[name]["errors"]) for name in names]
    lines.append(f"{'errors':30}" + "".join(f"{cell:>14}" for cell in errors))
    lines.extend(f"absent: {name} ({why})" for name, why in absent.items())
    lines.append(
        "optional (cut from gold and extract, snippets not counted): agency credits,"
        " copyright tails, '(Reporting by ...)' lines, datelines ('WASHINGTON (Reuters) -')"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--aeb", type=Path, help="Article Extraction Benchmark folder")
    parser.add_argument("--trafilatura-eval", type=Path, help="trafilatura eval folder")
    parser.add_argument("--l3s", type=Path, help="L3S-GN1 *.blocks.jsonl.gz (or its folder)")
    parser.add_argument("--extractors", default=",".join(EXTRACTORS))
    parser.add_argument("-o", "--output", type=Path, default=OUT_PATH)
    args = parser.parse_args(argv)
    if not (args.aeb or args.trafilatura_eval or args.l3s):
        parser.error("give at least one of --aeb, --trafilatura-eval, --l3s")
    aeb = load_aeb(args.aeb) if args.aeb else []
    snippets = load_trafilatura_eval(args.trafilatura_eval) if args.trafilatura_eval else []
    l3s = load_l3s_blocks(args.l3s) if args.l3s else []
    extractors, absent = load_extractors(args.extractors.split(","))
    results = evaluate(extractors, aeb, snippets, l3s)
    print(table(results, absent))
    report = {
        "machine": machine_info(PACKAGES),
        "pages": {
            "aeb": len(aeb),
            "trafilatura_eval_english": len(snippets),
            "l3s_with_html": sum(page.html is not None for page in l3s),
        },
        "optional_lines": OPTIONAL_LINE.pattern,
        "absent": absent,
        "results": results,
    }
    write_report(args.output, report)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
