"""The line model with the stacked second stage, for measuring it (not shipped).

A weights file written by :mod:`benchmarks.train_stack` holds the first
stage (the shipped layout) and a ``"context"`` entry: trees over
:func:`~benchmarks.stack_context.context_matrix`, and the thresholds that
then apply. :class:`StackedLineModel` scores an item with both, so the
evaluations and ``clean()`` (:func:`stacked_cleaner`) can run it.

>>> import json
>>> from dedupe_feed.linemodel.scorer import WEIGHTS_FILE
>>> from importlib import resources
>>> data = json.loads(resources.files("dedupe_feed.linemodel").joinpath(WEIGHTS_FILE).read_text())
>>> StackedLineModel.from_dict(data).context is None  # no second stage: the first alone
True
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.stack_context import CONTEXT_FEATURE_NAMES, context_matrix, own_columns
from dedupe_feed.linemodel.features import FactsMemo, PageFeatures, reads_as_sentence
from dedupe_feed.linemodel.scorer import LineModel, ScoredLines, Thresholds
from dedupe_feed.linemodel.trees import ModelFormatError, TreeEnsemble


@dataclass(frozen=True, eq=False)
class StackedLineModel(LineModel):
    """:class:`~dedupe_feed.linemodel.LineModel` with a second stage."""

    context: TreeEnsemble | None = None
    """The second stage, or None (then the first stage alone decides)."""
    context_adds: bool = False
    """Whether the second stage's log-odds are added to the first stage's
    (a correction) rather than replacing them."""

    @classmethod
    def load(cls, path: str | Path | None = None) -> StackedLineModel:
        """A weights file written by :mod:`benchmarks.train_stack`."""
        if path is None:
            raise ModelFormatError("a stacked model needs its weights file")
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StackedLineModel:
        """The first stage as :meth:`LineModel.from_dict` reads it, then the
        second stage and its thresholds."""
        first = LineModel.from_dict(data)
        second = data.get("context")
        if second is None:
            return cls(first.trees, first.stoplists, first.thresholds, first.training,
                       first.typical_content)  # fmt: skip
        if tuple(second.get("features", ())) != CONTEXT_FEATURE_NAMES:
            raise ModelFormatError("the second stage was trained on other inputs")
        thresholds = Thresholds(
            float(second["thresholds"]["general"]), float(second["thresholds"]["sentence"])
        )
        return cls(
            first.trees, first.stoplists, thresholds, first.training, first.typical_content,
            TreeEnsemble.from_dict(second), bool(second.get("adds_to_first", False)),
        )  # fmt: skip

    def probabilities(self, rows: Any) -> Any:
        """Both stages' probabilities for one whole item's feature rows."""
        raw = self.trees.raw_scores(rows)
        if self.context is None or len(raw) == 0:
            return 1.0 / (1.0 + np.exp(-raw))
        return self._second(raw, own_columns(rows), self.context)

    def _second(self, raw: Any, own: Any, context: TreeEnsemble) -> Any:
        """The second stage's probabilities from the first stage's log-odds."""
        second = context.raw_scores(context_matrix(1.0 / (1.0 + np.exp(-raw)), own))
        if self.context_adds:
            second = second + raw
        return 1.0 / (1.0 + np.exp(-second))

    def score_lines(
        self,
        lines: Any,
        title: str | None = None,
        memo: FactsMemo | None = None,
        threshold: float | None = None,
    ) -> ScoredLines:
        """:meth:`LineModel.score_lines` with the second stage: the first
        stage a block at a time, then the whole item rescored; the rows of
        the lines that reach their threshold are built again."""
        if self.context is None:
            return super().score_lines(lines, title, memo, threshold)
        page = PageFeatures.build(lines, self.stoplists, title, memo)
        if not page.any_prose:
            return ScoredLines(np.zeros(0), np.zeros(0, dtype=bool), [], {}, any_prose=False)
        blocks = list(page.blocks())
        raw = np.concatenate([self.trees.raw_scores(block) for _, block in blocks])
        sentence = np.concatenate([reads_as_sentence(block) for _, block in blocks])
        own = np.concatenate([own_columns(block) for _, block in blocks])
        scores = self._second(raw, own, self.context)
        reaches = self.reaches(scores, sentence, threshold)
        kept = {
            start + i: block[i].copy()
            for start, block in blocks
            for i in range(block.shape[0])
            if reaches[start + i]
        }
        return ScoredLines(scores, sentence, reaches, kept, any_prose=True)


def stacked_cleaner(path: str | Path) -> Any:
    """A :class:`dedupe_feed.Cleaner` whose line model is the stacked one."""
    from dedupe_feed import Cleaner

    cleaner = Cleaner()
    cleaner.line_model = StackedLineModel.load(path)
    return cleaner


def main(argv: Any = None) -> int:
    """AEB's plain visible text cleaned by the first stage alone and by both
    stages of one weights file, side by side (see :mod:`benchmarks.eval_plaintext`)."""
    import argparse

    from benchmarks.datasets import load_aeb
    from benchmarks.eval_plaintext import evaluate
    from dedupe_feed import Cleaner

    parser = argparse.ArgumentParser(description=(main.__doc__ or "").split("\n")[0])
    parser.add_argument(
        "--aeb", type=Path, default=Path("../shared/data/article-extraction-benchmark")
    )
    parser.add_argument("--weights", type=Path, required=True, help="written by train_stack")
    args = parser.parse_args(argv)
    contenders = {
        "first stage": Cleaner(line_model_weights=str(args.weights)).clean,
        "both stages": stacked_cleaner(args.weights).clean,
    }
    for name, scores in evaluate(load_aeb(args.aeb), contenders).items():
        print(f"{name}: P {scores['precision']:.3f} R {scores['recall']:.3f} F1 {scores['f1']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
