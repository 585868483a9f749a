"""Out-of-fold first-stage scores of every line of the training pages, cached.

``python -m benchmarks.stack_oof --data ../shared/data [--exclude aeb] -o oof.npz``
trains the first stage (the shipped line model's trees, same parameters and
folds as :mod:`benchmarks.train_boilerplate`) on K-1 site-grouped folds and
scores every line (labelled or not) of the held-out fold's pages, so a second
stage can learn from scores of pages the first never saw. With ``--weights``
it also fits the first stage on all pages and writes the weights file
``train_boilerplate`` would write (thresholds picked the same way).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import train_boilerplate as tb
from dedupe_feed.linemodel.features import line_features, reads_as_sentence
from dedupe_feed.linemodel.stopwords import Stoplists


def page_arrays(pages: Sequence[tb.TrainingPage], stoplists: Stoplists) -> dict[str, Any]:
    """Every line of every page: features, label (-1 none, 0 content, 1
    boilerplate), characters, page number and site number."""
    rows: list[list[float]] = []
    labels: list[int] = []
    chars: list[int] = []
    page_of: list[int] = []
    sites = sorted({page.site for page in pages})
    site_number = {site: number for number, site in enumerate(sites)}
    site_of: list[int] = []
    for number, page in enumerate(pages):
        rows.extend(line_features(page.lines, stoplists, page.title))
        labels.extend(-1 if label is None else int(label == "boilerplate") for label in page.labels)
        chars.extend(len(line) for line in page.lines)
        page_of.extend([number] * len(page.lines))
        site_of.extend([site_number[page.site]] * len(page.lines))
    return {
        "x": np.array(rows, dtype=np.float64),
        "label": np.array(labels, dtype=np.int8),
        "chars": np.array(chars, dtype=np.int64),
        "page": np.array(page_of, dtype=np.int64),
        "site": np.array(site_of, dtype=np.int64),
        "sites": np.array(sites),
        "page_ids": np.array([page.id for page in pages]),
        "sources": np.array([page.source for page in pages]),
    }


def out_of_fold_all(arrays: dict[str, Any], seed: int) -> tuple[Any, Any]:
    """Each line's first-stage score from a model trained on the other folds,
    and its fold (-1: a page with no labelled line, never scored)."""
    from sklearn.model_selection import GroupKFold

    labelled = np.flatnonzero(arrays["label"] >= 0)
    x, y = arrays["x"][labelled], arrays["label"][labelled]
    groups = arrays["sites"][arrays["site"][labelled]]
    scores = np.full(len(arrays["label"]), np.nan)
    fold_of = np.full(len(arrays["label"]), -1, dtype=np.int64)
    for fold, (train, test) in enumerate(GroupKFold(n_splits=tb.FOLDS).split(x, y, groups)):
        started = time.perf_counter()
        model = tb.fit(x[train], y[train], seed)
        held = np.isin(arrays["site"], np.unique(arrays["site"][labelled[test]]))
        scores[held] = model.predict_proba(arrays["x"][held])[:, 1]
        fold_of[held] = fold
        print(f"fold {fold}: {held.sum()} lines scored ({time.perf_counter() - started:.0f} s)")
    return scores, fold_of


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--exclude", action="append", default=[], choices=("aeb", "trafilatura"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--weights", type=Path, default=None)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    pages = tb.collect(args.data, args.exclude, args.seed)
    arrays = page_arrays(pages, Stoplists.load())
    print(
        f"{len(pages)} pages, {len(arrays['label'])} lines ({time.perf_counter() - started:.0f} s)"
    )
    scores, fold_of = out_of_fold_all(arrays, args.seed)
    np.savez_compressed(args.output, oof=scores, fold=fold_of, **arrays)
    print(f"wrote {args.output} ({time.perf_counter() - started:.0f} s)")
    if args.weights is not None:
        write_weights(pages, arrays, scores, args)
    return 0


def matrix_of(arrays: Any, labelled: Any) -> tb.Matrix:
    """The trainer's :class:`~benchmarks.train_boilerplate.Matrix` of the
    ``labelled`` lines of :func:`page_arrays` (or of a file this module wrote)."""
    return tb.Matrix(
        arrays["x"][labelled], arrays["label"][labelled].astype(np.int64),
        arrays["sites"][arrays["site"][labelled]], arrays["chars"][labelled],
        reads_as_sentence(arrays["x"][labelled]), arrays["page"][labelled],
    )  # fmt: skip


def write_weights(
    pages: Sequence[tb.TrainingPage], arrays: dict[str, Any], scores: Any, args: Any
) -> None:
    """The first stage on all pages, as ``train_boilerplate`` writes it."""
    labelled = arrays["label"] >= 0
    weights = tb.calibrated_weights(
        pages, matrix_of(arrays, labelled), scores[labelled],
        seed=args.seed, exclude=args.exclude, teasers=0,
    )  # fmt: skip
    tb.save_weights(weights, args.weights)
    print(f"wrote {args.weights}")


if __name__ == "__main__":
    raise SystemExit(main())
