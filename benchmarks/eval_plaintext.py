"""AEB pages as a scraper hands them over: visible text, chrome included.

``python -m benchmarks.eval_plaintext --aeb ../shared/data/article-extraction-benchmark``
renders every page to its visible lines (:mod:`benchmarks.visible_lines`,
menus, share bars and related lists kept), cleans that plain text, and scores
it against the gold body with word 4-gram F1 (bags of 4-grams, so order and
repeats count). Side by side in the same run: the visible text untouched,
``clean()`` with the line model off, and ``clean()`` with it on (the packaged
weights, or ``--weights FILE``, e.g. weights trained with ``--exclude aeb`` so
that no AEB page was seen in training).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.datasets import load_aeb
from benchmarks.eval_extraction import prf
from benchmarks.visible_lines import visible_lines

OUT_PATH = Path(__file__).resolve().parent / "out" / "plaintext.json"
_WORD = re.compile(r"\w+")
N = 4


def ngrams(text: str, n: int = N) -> Counter[tuple[str, ...]]:
    """The bag of lower-cased word ``n``-grams.

    >>> sorted(ngrams("a b c d e", 4).values())
    [1, 1]
    """
    words = _WORD.findall(text.lower())
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def ngram_counts(gold: str, predicted: str) -> tuple[int, int, int]:
    """``(tp, fp, fn)`` over 4-gram bags.

    >>> ngram_counts("a b c d e", "a b c d x")
    (1, 1, 1)
    """
    gold_bag, predicted_bag = ngrams(gold), ngrams(predicted)
    tp = sum((gold_bag & predicted_bag).values())
    return tp, sum(predicted_bag.values()) - tp, sum(gold_bag.values()) - tp


def cleaners(weights: str | None) -> dict[str, Callable[[str], str]]:
    """The contenders: nothing done, rules only, rules and the line model."""
    from dedupe_feed import Cleaner

    with_model = Cleaner(line_model_weights=weights) if weights else Cleaner()
    return {
        "visible text": lambda text: text,
        "clean(), model off": Cleaner(line_model=False).clean,
        "clean(), model on": with_model.clean,
    }


def evaluate(pages: Sequence[Any], contenders: dict[str, Callable[[str], str]]) -> dict[str, Any]:
    """Micro 4-gram precision, recall and F1 per contender."""
    texts = ["\n".join(visible_lines(page.html)) for page in pages]
    results: dict[str, Any] = {}
    for name, run in contenders.items():
        totals = [0, 0, 0]
        for page, text in zip(pages, texts, strict=True):
            counts = ngram_counts(page.gold, run(text))
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
        precision, recall, f1 = prf(*totals)
        results[name] = {"precision": precision, "recall": recall, "f1": f1}
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--aeb", type=Path, default=Path("../shared/data/article-extraction-benchmark")
    )
    parser.add_argument("--weights", default=None, help="a weights file (default: packaged)")
    parser.add_argument("-o", "--output", type=Path, default=OUT_PATH)
    args = parser.parse_args(argv)
    pages = load_aeb(args.aeb)
    results = evaluate(pages, cleaners(args.weights))
    print(f"AEB visible text, {len(pages)} pages, word 4-gram micro P / R / F1")
    print("| contender | precision | recall | F1 |\n| --- | --: | --: | --: |")
    for name, scores in results.items():
        print(
            f"| {name} | {scores['precision']:.3f} | {scores['recall']:.3f} | {scores['f1']:.3f} |"
        )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({"weights": args.weights, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
