"""Train the line boilerplate model shipped in ``dedupe_feed/linemodel/``.

``python -m benchmarks.train_boilerplate --data ../shared/data`` reads only
data whose licence allows shipped weights:

- ``boilerplate-lines/``: the pages with ``use == "train+eval"`` (Mozilla
  Readability's test pages, Apache-2.0), synthetic fixtures left out;
- ``article-extraction-benchmark/``: 31 news pages (MIT), rendered to visible
  lines and labelled against the gold bodies (``--exclude aeb`` leaves them
  out, so the AEB evaluation stays honest);
- ``trafilatura-eval/``: the pages present (Apache-2.0), lines labelled by
  their must-keep / must-drop snippets, and the must-drop snippets placed
  around this project's own generated articles (:mod:`benchmarks.generate`),
  which makes plain-text feed items with real boilerplate wording.

It fits scikit-learn's gradient-boosted trees (the ``train`` extra), picks
the thresholds on out-of-fold scores (folds grouped by site, so no site is
in both halves), and writes the trees as JSON with the thresholds, the
feature names and a summary of the data. Same data and seed, same file.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.visible_lines import label_lines, visible_lines
from dedupe_feed.linemodel.features import FEATURE_NAMES, line_features, reads_as_sentence
from dedupe_feed.linemodel.stopwords import Stoplists
from dedupe_feed.sentences import split_sentences

WEIGHTS_PATH = Path(__file__).resolve().parents[1] / "dedupe_feed" / "linemodel" / "weights.json"
REPORT_PATH = Path(__file__).resolve().parent / "results" / "train_boilerplate.json"
BOILERPLATE_LABELS = frozenset({"boilerplate", "comments"})
PARAMS: dict[str, Any] = {
    "n_estimators": 250,
    "max_depth": 4,
    "learning_rate": 0.08,
    "subsample": 0.8,
    "min_samples_leaf": 20,
}
FOLDS = 5
PAGE_CONTENT_LOSS = 0.01
PAGE_QUANTILE = 90
"""The general threshold is the lowest at which the 90th-percentile page,
scored out of fold, loses at most 1% of its content characters (pooled
figures are dominated by a few pages whose gold keeps table cells and lists)."""
SENTENCE_CONTENT_LOSS = 0.001
"""The sentence threshold is the lowest at which lines that read as a
sentence lose at most 0.1% of all content characters out of fold."""
SYNTHETIC_PAGES = 300


@dataclass(frozen=True)
class TrainingPage:
    """One page: its lines, a label per line (``None``: not labelled) and its site."""

    id: str
    source: str
    licence: str
    site: str
    lines: tuple[str, ...]
    labels: tuple[str | None, ...]
    title: str | None = None


def readability_pages(path: Path) -> Iterator[TrainingPage]:
    """The ``train+eval`` pages of ``boilerplate-lines/pages.jsonl.gz``."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            page = json.loads(line)
            if page["use"] != "train+eval" or page.get("synthetic"):
                continue
            if page["misaligned"] or page["broken"] or page.get("duplicate_of"):
                continue
            lines = tuple(item["text"] for item in page["lines"])
            labels = tuple(_label(item["label"]) for item in page["lines"])
            site = page.get("site_hint") or page["site_guess"] or page["id"]
            yield TrainingPage(page["id"], page["dataset"], page["license"], site, lines, labels)


def _label(label: str) -> str | None:
    if label in BOILERPLATE_LABELS:
        return "boilerplate"
    return "content" if label == "content" else None


def aeb_pages(root: Path) -> Iterator[TrainingPage]:
    """AEB pages rendered to visible lines, labelled against the gold bodies."""
    from benchmarks.datasets import load_aeb

    for page in load_aeb(root):
        lines = tuple(visible_lines(page.html))
        labels = tuple(_label(label) for label in label_lines(lines, page.gold))
        site = page.url.split("/")[2] if "//" in page.url else page.id
        yield TrainingPage(f"aeb/{page.id}", "aeb", "MIT", site, lines, labels)


def trafilatura_pages(root: Path) -> Iterator[TrainingPage]:
    """trafilatura-eval pages: lines holding a must-keep snippet are content,
    lines holding a must-drop snippet boilerplate, the rest unlabelled."""
    from benchmarks.datasets import load_trafilatura_eval

    for page in load_trafilatura_eval(root, language=None):
        lines = tuple(visible_lines(page.html))
        labels = tuple(_snippet_label(line, page.with_, page.without) for line in lines)
        yield TrainingPage(
            f"trafilatura/{page.file}", "trafilatura", "Apache-2.0", page.url.split("/")[2],
            lines, labels,
        )  # fmt: skip


def _snippet_label(line: str, keep: Sequence[str], drop: Sequence[str]) -> str | None:
    if any(snippet in line for snippet in keep):
        return "content"
    if any(snippet in line for snippet in drop):
        return "boilerplate"
    return None


def must_drop_snippets(root: Path) -> list[str]:
    """Every must-drop snippet of ``evaldata.json`` that reads as a line."""
    entries = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    found = {
        " ".join(snippet.split())
        for entry in entries.values()
        for snippet in entry.get("without", ())
        if len(snippet.split()) >= 1 and len(snippet) >= 4
    }
    return sorted(found)


def synthetic_pages(snippets: Sequence[str], n: int, seed: int) -> Iterator[TrainingPage]:
    """This project's generated articles, one paragraph a line, with 2-12
    real must-drop snippets placed as lines above, inside and below them."""
    from benchmarks.generate import make_item

    rng = random.Random(seed)
    for index in range(n):
        item = make_item(seed, index)
        body = [line for line in item["gold"].split("\n") if line.strip()]
        lines: list[tuple[str, str]] = [(line, "content") for line in body]
        for _ in range(rng.randint(2, 12)):
            where = rng.choice(("top", "top", "bottom", "bottom", "inside"))
            entry = (rng.choice(snippets), "boilerplate")
            if where == "top":
                lines.insert(rng.randint(0, min(3, len(lines))), entry)
            elif where == "bottom":
                lines.insert(rng.randint(max(0, len(lines) - 3), len(lines)), entry)
            else:
                lines.insert(rng.randint(0, len(lines)), entry)
        yield TrainingPage(
            f"synthetic/{seed}-{index}", "synthetic", "own+Apache-2.0", f"synthetic-{index % 20}",
            tuple(text for text, _ in lines), tuple(label for _, label in lines),
        )  # fmt: skip


TEASER_CONTEXT = 8
"""Lines of the host page on each side of an inserted teaser block that keep
their labels (the rest of a host page is left unlabelled: it is already
trained on as itself)."""


def teaser_pages(pages: Sequence[TrainingPage], n: int, seed: int) -> Iterator[TrainingPage]:
    """Real pages with a block of other pages' teasers after their body.

    A related-stories block shows 3 to 6 other articles as a headline, a
    headline and the first sentence of the lead (on two lines, or run
    together as a scraper flattens them), each labelled boilerplate. The
    headline and lead are the other page's first short and first long
    content lines, so every teaser is real text from a licence-clean page
    of another site. Only the block and the lines around it are labelled.
    """
    rng = random.Random(seed)
    teasers = [t for page in pages if (t := _teaser_parts(page)) is not None]
    hosts = [page for page in pages if "content" in page.labels]
    for page in rng.sample(hosts, min(n, len(hosts))):
        others = [t for t in teasers if t[2] != page.site]
        if len(others) < 3:
            continue
        count = min(rng.randint(3, 6), len(others))
        block = [
            line
            for headline, lead, _ in rng.sample(others, count)
            for line in _teaser_lines(rng, headline, lead)
        ]
        at = max(i for i, label in enumerate(page.labels) if label == "content") + 1
        near = range(at - TEASER_CONTEXT, at + TEASER_CONTEXT)
        labels = [label if i in near else None for i, label in enumerate(page.labels)]
        yield TrainingPage(
            f"teasers/{page.id}", "teasers", page.licence, page.site,
            (*page.lines[:at], *block, *page.lines[at:]),
            (*labels[:at], *(("boilerplate",) * len(block)), *labels[at:]), page.title,
        )  # fmt: skip


def _teaser_parts(page: TrainingPage) -> tuple[str, str, str] | None:
    """A page's headline-like and lead-like content lines, and its site."""
    pairs = zip(page.lines, page.labels, strict=True)
    content = [line for line, label in pairs if label == "content"]
    headline = next((c for c in content if 4 <= len(c.split()) <= 14 and c[-1] not in ".:"), None)
    lead = next((c for c in content if len(c.split()) >= 15), None)
    if headline is None or lead is None:
        return None
    return headline, _first_sentence(lead), page.site


def _first_sentence(text: str) -> str:
    """The lead's first sentences (:func:`~dedupe_feed.sentences.split_sentences`)
    up to the first that ends after 8 words or more, as a teaser shows it."""
    for sentence in split_sentences(text):
        if len(text[: sentence.end].split()) >= 8:
            return text[: sentence.end]
    return text


def _teaser_lines(rng: random.Random, headline: str, lead: str) -> list[str]:
    form = rng.choice(("headline", "two lines", "glued", "spaced"))
    if form == "headline":
        return [headline]
    if form == "two lines":
        return [headline, lead]
    return [headline + ("" if form == "glued" else " ") + lead]


def collect(data: Path, exclude: Sequence[str], seed: int, teasers: int = 0) -> list[TrainingPage]:
    """Every licence-clean training page, in a fixed order."""
    pages = list(readability_pages(data / "boilerplate-lines" / "pages.jsonl.gz"))
    if "aeb" not in exclude:
        pages.extend(aeb_pages(data / "article-extraction-benchmark"))
    if "trafilatura" not in exclude:
        root = data / "trafilatura-eval"
        pages.extend(trafilatura_pages(root))
        pages.extend(synthetic_pages(must_drop_snippets(root), SYNTHETIC_PAGES, seed))
    if teasers:
        real = [page for page in pages if page.source in ("readability", "aeb")]
        pages.extend(teaser_pages(real, teasers, seed))
    return pages


@dataclass(frozen=True)
class Matrix:
    """Feature rows of the labelled lines, with what the calibration needs."""

    x: np.ndarray[Any, Any]
    y: np.ndarray[Any, Any]
    groups: np.ndarray[Any, Any]
    chars: np.ndarray[Any, Any]
    sentence: np.ndarray[Any, Any]
    page: np.ndarray[Any, Any]


def build_matrix(pages: Sequence[TrainingPage], stoplists: Stoplists) -> Matrix:
    """Rows for every labelled line (all lines give context)."""
    rows: list[list[float]] = []
    y: list[int] = []
    groups: list[str] = []
    chars: list[int] = []
    page_of: list[int] = []
    for number, page in enumerate(pages):
        features = line_features(page.lines, stoplists, page.title)
        for line, label, row in zip(page.lines, page.labels, features, strict=True):
            if label is None:
                continue
            rows.append(row)
            y.append(int(label == "boilerplate"))
            groups.append(page.site)
            chars.append(len(line))
            page_of.append(number)
    x = np.array(rows, dtype=np.float64)
    sentence = reads_as_sentence(x)
    return Matrix(x, np.array(y), np.array(groups), np.array(chars), sentence, np.array(page_of))


def out_of_fold(matrix: Matrix, seed: int) -> np.ndarray[Any, Any]:
    """Scores of every row from a model that did not see its site."""
    from sklearn.model_selection import GroupKFold

    scores = np.zeros(len(matrix.y))
    for train, test in GroupKFold(n_splits=FOLDS).split(matrix.x, matrix.y, matrix.groups):
        model = fit(matrix.x[train], matrix.y[train], seed)
        scores[test] = model.predict_proba(matrix.x[test])[:, 1]
    return scores


def fit(x: np.ndarray[Any, Any], y: np.ndarray[Any, Any], seed: int) -> Any:
    """Gradient-boosted trees with the fixed parameters above."""
    from sklearn.ensemble import GradientBoostingClassifier

    return GradientBoostingClassifier(random_state=seed, **PARAMS).fit(x, y)


CANDIDATES = np.round(np.arange(0.30, 1.0, 0.01), 2)


def pick_sentence_threshold(scores: np.ndarray[Any, Any], matrix: Matrix) -> float:
    """The lowest threshold at which sentence rows lose at most
    :data:`SENTENCE_CONTENT_LOSS` of all content characters."""
    content = matrix.y == 0
    total = float(matrix.chars[content].sum()) or 1.0
    for threshold in CANDIDATES:
        lost = matrix.chars[content & matrix.sentence & (scores >= threshold)].sum() / total
        if lost <= SENTENCE_CONTENT_LOSS:
            return float(threshold)
    return 1.0


def pick_general_threshold(scores: np.ndarray[Any, Any], matrix: Matrix) -> float:
    """The lowest threshold at which the :data:`PAGE_QUANTILE` page loses at
    most :data:`PAGE_CONTENT_LOSS` of its content characters in lines that do
    not read as a sentence (those answer to the sentence threshold)."""
    content = matrix.y == 0
    pages = np.unique(matrix.page[content])
    totals = np.array([matrix.chars[content & (matrix.page == p)].sum() for p in pages])
    general_rows = ~matrix.sentence
    for threshold in CANDIDATES:
        lost_rows = content & general_rows & (scores >= threshold)
        lost = np.array([matrix.chars[lost_rows & (matrix.page == p)].sum() for p in pages])
        if np.percentile(lost / totals, PAGE_QUANTILE) <= PAGE_CONTENT_LOSS:
            return float(threshold)
    return 1.0


def rates(matrix: Matrix, removed: np.ndarray[Any, Any]) -> dict[str, float]:
    """Boilerplate removed and content lost, in characters and lines."""
    bp, content = matrix.y == 1, matrix.y == 0
    return {
        "boilerplate_removed_chars": _share(matrix.chars, bp & removed, bp),
        "content_lost_chars": _share(matrix.chars, content & removed, content),
        "boilerplate_removed_lines": float((bp & removed).sum() / max(bp.sum(), 1)),
        "content_lost_lines": float((content & removed).sum() / max(content.sum(), 1)),
    }


def _share(
    chars: np.ndarray[Any, Any], part: np.ndarray[Any, Any], whole: np.ndarray[Any, Any]
) -> float:
    return float(chars[part].sum() / max(chars[whole].sum(), 1))


def export(
    model: Any, thresholds: dict[str, float], summary: dict[str, Any], typical: list[float]
) -> dict[str, Any]:
    """The JSON that :class:`dedupe_feed.linemodel.trees.TreeEnsemble` reads."""
    prior = float(model.init_.class_prior_[1])
    return {
        "format": "dedupe_feed.linemodel/1",
        "features": list(FEATURE_NAMES),
        "base_score": float(np.log(prior / (1 - prior))),
        "learning_rate": float(model.learning_rate),
        "depth": int(PARAMS["max_depth"]),
        "thresholds": thresholds,
        "typical_content": typical,
        "training": summary,
        "trees": export_trees(model),
    }


def export_trees(model: Any) -> list[dict[str, list[Any]]]:
    """Each fitted tree's nodes in the layout :class:`TreeEnsemble` reads."""
    trees = []
    for estimator in model.estimators_[:, 0]:
        tree = estimator.tree_
        leaf = tree.children_left < 0
        index = np.arange(tree.node_count)
        trees.append(
            {
                "feature": np.where(leaf, 0, tree.feature).tolist(),
                "threshold": np.where(leaf, 0.0, tree.threshold).round(6).tolist(),
                "left": np.where(leaf, index, tree.children_left).tolist(),
                "right": np.where(leaf, index, tree.children_right).tolist(),
                "value": np.where(leaf, tree.value[:, 0, 0], 0.0).round(6).tolist(),
            }
        )
    return trees


def summarise(pages: Sequence[TrainingPage], matrix: Matrix) -> dict[str, Any]:
    """What the weights were trained on: pages and lines per source and licence."""
    by_source: dict[str, dict[str, Any]] = {}
    for page in pages:
        entry = by_source.setdefault(page.source, {"licence": page.licence, "pages": 0, "lines": 0})
        entry["pages"] += 1
        entry["lines"] += sum(label is not None for label in page.labels)
    return {
        "sources": by_source,
        "rows": len(matrix.y),
        "boilerplate_rows": int(matrix.y.sum()),
        "rows_sha256": rows_digest(matrix),
        "params": PARAMS,
    }


ROWS_DIGEST_DECIMALS = 9
"""Feature values are rounded to this many decimals before they are hashed:
a last-bit difference in a logarithm between two C libraries is no change
to the features, a changed definition is."""


def rows_digest(matrix: Matrix) -> str:
    """SHA-256 of the training rows (rounded to :data:`ROWS_DIGEST_DECIMALS`)
    and their labels, as bytes: the weights record it, so a change to the
    features that would need new weights is caught
    (``tests/test_linemodel_training.py``) instead of silently scoring the
    trees on values they were not trained on."""
    # + 0.0 turns -0.0 into 0.0: the same value, other bytes
    rows = np.round(np.asarray(matrix.x, dtype=np.float64), ROWS_DIGEST_DECIMALS) + 0.0
    digest = hashlib.sha256(np.ascontiguousarray(rows).tobytes())
    digest.update(np.ascontiguousarray(matrix.y, dtype=np.int64).tobytes())
    return digest.hexdigest()


def calibrated_weights(
    pages: Sequence[TrainingPage],
    matrix: Matrix,
    scores: np.ndarray[Any, Any],
    *,
    seed: int,
    exclude: Sequence[str],
    teasers: int,
) -> dict[str, Any]:
    """The weights JSON: thresholds picked on the out-of-fold ``scores``
    (:func:`pick_general_threshold`, :func:`pick_sentence_threshold`), the
    trees fitted on every row, and what they were trained on."""
    general = pick_general_threshold(scores, matrix)
    sentence = max(general, pick_sentence_threshold(scores, matrix))
    thresholds = {"general": general, "sentence": sentence}
    removed = np.where(matrix.sentence, scores >= sentence, scores >= general)
    cross_validated = rates(matrix, removed)
    print(f"thresholds {thresholds}; out of fold (grouped by site): {cross_validated}")
    model = fit(matrix.x, matrix.y, seed)
    summary = {
        **summarise(pages, matrix),
        "out_of_fold": cross_validated,
        "excluded": list(exclude),
        "seed": seed,
        "teasers": teasers,
    }
    typical = np.median(matrix.x[matrix.y == 0], axis=0).round(6).tolist()
    return export(model, thresholds, summary, typical)


def save_weights(weights: dict[str, Any], path: Path) -> None:
    """Write ``weights`` as the compact JSON the package ships."""
    path.write_text(json.dumps(weights, separators=(",", ":")) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--exclude", action="append", default=[], choices=("aeb", "trafilatura"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--teasers", type=int, default=0, help="real pages given a block of other pages' teasers"
    )
    parser.add_argument("-o", "--output", type=Path, default=WEIGHTS_PATH)
    parser.add_argument("--report", type=Path, default=REPORT_PATH)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    stoplists = Stoplists.load()
    pages = collect(args.data, args.exclude, args.seed, args.teasers)
    matrix = build_matrix(pages, stoplists)
    print(f"{len(pages)} pages, {len(matrix.y)} labelled lines ({int(matrix.y.sum())} boilerplate)")
    scores = out_of_fold(matrix, args.seed)
    weights = calibrated_weights(
        pages, matrix, scores, seed=args.seed, exclude=args.exclude, teasers=args.teasers
    )
    save_weights(weights, args.output)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    report = {
        **weights["training"],
        "thresholds": weights["thresholds"],
        "seconds": round(time.perf_counter() - started, 1),
    }
    args.report.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.output} ({args.output.stat().st_size / 1e6:.2f} MB) and {args.report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
