"""A stacked second stage for the line model, trained on out-of-fold scores.

``python -m benchmarks.train_stack --oof oof.npz --first weights.json -o stacked.json``
reads the first stage's out-of-fold scores of every training line
(:mod:`benchmarks.stack_oof`), turns each page into second-stage rows
(:func:`dedupe_feed.linemodel.context.context_matrix`: the line's score, its
neighbours', the run of scores around it, a few own features), and

1. scores the second stage out of fold on the same site-grouped folds, and
   prints both stages' figures side by side at thresholds picked the way
   :mod:`benchmarks.train_boilerplate` picks them;
2. fits it on every page and writes ``--first``'s weights with the second
   stage added (``"context"``) and its thresholds.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import train_boilerplate as tb
from benchmarks.stack_context import (
    CONTEXT_FEATURE_NAMES,
    OWN_COLUMNS,
    context_matrix,
    own_columns,
)
from benchmarks.stack_oof import matrix_of

PARAMS: dict[str, Any] = {
    "n_estimators": 150,
    "max_depth": 3,
    "learning_rate": 0.08,
    "subsample": 0.8,
    "min_samples_leaf": 20,
}


INPUTS = ("context", "scores", "context+first")
"""What the second stage reads: :data:`CONTEXT_FEATURE_NAMES`; only their
score columns (the line's, its neighbours', the windows' and the page's);
or all of them and every first-stage feature too."""
_SCORE_COLUMNS = len(CONTEXT_FEATURE_NAMES) - len(OWN_COLUMNS)


def inputs(data: Any, labelled: Any, kind: str) -> Any:
    """The second stage's rows of the ``labelled`` lines, for input ``kind``."""
    x = context_rows(data)[labelled]
    if kind == "scores":
        return x[:, :_SCORE_COLUMNS]
    return np.hstack([x, data["x"][labelled]]) if kind == "context+first" else x


def context_rows(data: Any) -> Any:
    """The second-stage rows of every scored line, page by page."""
    x = np.zeros((len(data["label"]), len(CONTEXT_FEATURE_NAMES)))
    own = own_columns(data["x"])
    for page in np.unique(data["page"][data["fold"] >= 0]):
        at = np.flatnonzero(data["page"] == page)
        x[at] = context_matrix(data["oof"][at], own[at])
    return x


def fit(x: Any, y: Any, seed: int, params: dict[str, Any]) -> Any:
    """Gradient-boosted trees; with ``params["offset"]`` they start from each
    row's first-stage log-odds (a correction of the first stage) instead of
    the prior."""
    from sklearn.ensemble import GradientBoostingClassifier

    rest = {key: value for key, value in params.items() if key != "offset"}
    init = FirstStage() if params.get("offset") else None
    return GradientBoostingClassifier(random_state=seed, init=init, **rest).fit(x, y)


class FirstStage:
    """An ``init`` estimator for scikit-learn's boosting: the first stage's
    probability, read from the ``score`` column of a second-stage row."""

    classes_ = np.array([0, 1])

    def fit(self, x: Any, y: Any, sample_weight: Any = None) -> FirstStage:
        return self

    def predict_proba(self, x: Any) -> Any:
        p = np.clip(x[:, CONTEXT_FEATURE_NAMES.index("score")], 1e-6, 1 - 1e-6)
        return np.column_stack([1 - p, p])

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {}


def second_out_of_fold(x: Any, y: Any, folds: Any, seed: int, params: dict[str, Any]) -> Any:
    """Second-stage scores of each fold from a model fitted on the others."""
    scores = np.zeros(len(y))
    for fold in np.unique(folds):
        train, test = folds != fold, folds == fold
        scores[test] = fit(x[train], y[train], seed, params).predict_proba(x[test])[:, 1]
    return scores


def figures(scores: Any, matrix: tb.Matrix, sources: Any) -> dict[str, Any]:
    """Thresholds picked as the trainer picks them, the rates at them (all
    rows and per source), and the share removed at 0.5% and 1% pooled loss."""
    general = tb.pick_general_threshold(scores, matrix)
    sentence = max(general, tb.pick_sentence_threshold(scores, matrix))
    removed = np.where(matrix.sentence, scores >= sentence, scores >= general)
    out: dict[str, Any] = {"thresholds": {"general": general, "sentence": sentence}}
    out["all"] = tb.rates(matrix, removed)
    for source in np.unique(sources):
        part = sources == source
        sub = tb.Matrix(
            *(getattr(matrix, f)[part] for f in ("x", "y", "groups", "chars", "sentence", "page"))
        )
        out[str(source)] = tb.rates(sub, removed[part])
    for loss in (0.005, 0.01):
        out[f"removed_at_{loss:.1%}_loss"] = removed_at_loss(scores, matrix, loss)
    return out


def removed_at_loss(scores: Any, matrix: tb.Matrix, loss: float) -> float:
    """Boilerplate characters removed by the lowest single threshold that
    loses at most ``loss`` of the content characters (pooled)."""
    order = np.argsort(-scores, kind="stable")
    content = np.where(matrix.y[order] == 0, matrix.chars[order], 0).cumsum()
    bp = np.where(matrix.y[order] == 1, matrix.chars[order], 0).cumsum()
    ok = content <= loss * content[-1]
    return float(bp[ok][-1] / bp[-1]) if ok.any() else 0.0


def export_context(
    model: Any, thresholds: dict[str, float], summary: dict[str, Any]
) -> dict[str, Any]:
    """The ``"context"`` entry of a weights file."""
    offset = isinstance(model.init_, FirstStage)
    prior = 0.5 if offset else float(model.init_.class_prior_[1])
    return {
        "features": list(CONTEXT_FEATURE_NAMES),
        "adds_to_first": offset,
        "base_score": float(np.log(prior / (1 - prior))),
        "learning_rate": float(model.learning_rate),
        "depth": int(model.max_depth),
        "thresholds": thresholds,
        "training": summary,
        "trees": tb.export_trees(model),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--oof", type=Path, required=True)
    parser.add_argument("--first", type=Path, default=tb.WEIGHTS_PATH)
    parser.add_argument("-o", "--output", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--trees", type=int, default=PARAMS["n_estimators"])
    parser.add_argument("--depth", type=int, default=PARAMS["max_depth"])
    parser.add_argument("--learning-rate", type=float, default=PARAMS["learning_rate"])
    parser.add_argument("--offset", action="store_true", help="correct the first stage's log-odds")
    parser.add_argument(
        "--inputs", choices=INPUTS, default="context", help="only context is exported"
    )
    parser.add_argument("--report", type=Path, default=None)
    args = parser.parse_args(argv)
    params = {
        **PARAMS, "n_estimators": args.trees, "max_depth": args.depth,
        "learning_rate": args.learning_rate, "offset": args.offset,
    }  # fmt: skip
    data = dict(np.load(args.oof))
    labelled = (data["label"] >= 0) & (data["fold"] >= 0)
    x2 = inputs(data, labelled, args.inputs)
    matrix = matrix_of(data, labelled)
    sources = data["sources"][data["page"][labelled]]
    first = data["oof"][labelled]
    second = second_out_of_fold(x2, matrix.y, data["fold"][labelled], args.seed, params)
    report = {
        "params": params,
        "first": figures(first, matrix, sources),
        "second": figures(second, matrix, sources),
    }
    print(json.dumps(report, indent=1))
    if args.report:
        args.report.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if args.output and args.inputs == "context":
        weights = json.loads(args.first.read_text(encoding="utf-8"))
        model = fit(x2, matrix.y, args.seed, params)
        summary = {"rows": len(matrix.y), "params": params, "out_of_fold": report["second"]["all"]}
        weights["context"] = export_context(model, report["second"]["thresholds"], summary)
        args.output.write_text(json.dumps(weights, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {args.output} ({args.output.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
