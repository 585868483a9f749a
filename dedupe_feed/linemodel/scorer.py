"""The shipped line boilerplate model: load it once, score an item's lines.

>>> model = LineModel.load()
>>> scores = model.score(["Home | World | Asia | Sport | Videos",
...                       "Rain lashed Kochi on Monday, and the district administration "
...                       "declared a holiday for all schools in the city.",
...                       "Follow us on Facebook, Twitter and Instagram for the latest updates"])
>>> [score > 0.5 for score in scores]
[True, False, True]
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from dedupe_feed.linemodel.features import (
    FEATURE_NAMES,
    FactsMemo,
    PageFeatures,
    feature_matrix,
    reads_as_sentence,
)
from dedupe_feed.linemodel.stopwords import Stoplists, shared_stoplists
from dedupe_feed.linemodel.trees import ModelFormatError, TreeEnsemble

WEIGHTS_FILE = "weights.json"


@dataclass(frozen=True, eq=False)
class Thresholds:
    """Scores at which a line is boilerplate: ``general`` for most lines,
    the stricter ``sentence`` for lines that read as a sentence
    (:func:`~dedupe_feed.linemodel.features.reads_as_sentence`)."""

    general: float
    sentence: float


@dataclass(frozen=True, eq=False)
class ScoredLines:
    """What the model stage needs of every line, without every feature row."""

    probabilities: Any
    """The probability that each line is boilerplate (a 1-D float array)."""
    sentence: Any
    """Which lines read as a sentence (a 1-D bool array)."""
    reaches: list[bool]
    """Which lines reach their threshold (:meth:`LineModel.removes`)."""
    rows: dict[int, Any]
    """The feature rows of the lines that reach it, by line index."""
    any_prose: bool
    """Whether any line is prose: when none is, nothing is scored (the
    arrays are empty) and the stage removes nothing."""


@dataclass(frozen=True, eq=False)
class LineModel:
    """Trees, the stoplists their features need, and calibrated thresholds."""

    trees: TreeEnsemble
    stoplists: Stoplists
    thresholds: Thresholds
    training: Mapping[str, Any]
    typical_content: Any = None
    """The median feature row of content lines in training (a numpy array), or None."""

    @classmethod
    def load(cls, path: str | Path | None = None) -> LineModel:
        """The packaged weights, or a weights file written by the training script."""
        try:
            if path is None:
                packaged = resources.files("dedupe_feed.linemodel").joinpath(WEIGHTS_FILE)
                text = packaged.read_text("utf-8")
            else:
                text = Path(path).read_text(encoding="utf-8")
            data = json.loads(text)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ModelFormatError(f"cannot read line model weights {path}: {error}") from error
        if not isinstance(data, dict):
            raise ModelFormatError(f"line model weights {path} are not a JSON object")
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LineModel:
        """Check that the weights were made for these features, then build."""
        features = tuple(data.get("features", ()))
        if features != FEATURE_NAMES:
            raise ModelFormatError(
                "the weights were trained on other features; retrain them with "
                "python -m benchmarks.train_boilerplate"
            )
        try:
            thresholds = Thresholds(
                float(data["thresholds"]["general"]), float(data["thresholds"]["sentence"])
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ModelFormatError(f"the weights have no thresholds: {error!r}") from error
        typical = data.get("typical_content")
        return cls(
            TreeEnsemble.from_dict(data),
            shared_stoplists(),
            thresholds,
            dict(data.get("training", {})),
            None if typical is None else np.array(typical, dtype=np.float64),
        )

    def rows(
        self, lines: Sequence[str], title: str | None = None, memo: FactsMemo | None = None
    ) -> Any:
        """The feature matrix of ``lines`` (one row each); ``memo`` as in
        :func:`~dedupe_feed.linemodel.features.line_features`."""
        return feature_matrix(lines, self.stoplists, title, memo)

    def score_lines(
        self,
        lines: Sequence[str],
        title: str | None = None,
        memo: FactsMemo | None = None,
        threshold: float | None = None,
    ) -> ScoredLines:
        """Score ``lines`` a block of feature rows at a time (see
        :class:`ScoredLines`): the same numbers as :meth:`rows`,
        ``trees.probabilities`` and :meth:`removes` on the whole matrix,
        without holding it (74 doubles a line).

        >>> model = LineModel.load()
        >>> lines = ["Home | News | Sport | Videos | Photos",
        ...          "Rain lashed Kochi on Monday and the schools in the district were shut."]
        >>> scored, rows = model.score_lines(lines), model.rows(lines)
        >>> scored.reaches == model.removes(rows, model.probabilities(rows))
        True
        >>> scored.any_prose, sorted(scored.rows) == [0] * scored.reaches[0]
        (True, True)
        """
        page = PageFeatures.build(lines, self.stoplists, title, memo)
        if not page.any_prose:  # the stage removes nothing: no need to score
            return ScoredLines(np.zeros(0), np.zeros(0, dtype=bool), [], {}, any_prose=False)
        probabilities: list[Any] = []
        sentences: list[Any] = []
        reaches: list[bool] = []
        kept: dict[int, Any] = {}
        for start, block in page.blocks():
            scores = self.trees.probabilities(block)
            sentence = reads_as_sentence(block)
            flags = self.reaches(scores, sentence, threshold)
            probabilities.append(scores)
            sentences.append(sentence)
            reaches.extend(flags)
            kept.update((start + i, block[i].copy()) for i, flag in enumerate(flags) if flag)
        return ScoredLines(
            np.concatenate(probabilities), np.concatenate(sentences), reaches, kept, any_prose=True
        )

    def removes(self, rows: Any, probabilities: Any, threshold: float | None = None) -> list[bool]:
        """Which scored rows reach their threshold: ``threshold`` (default the
        calibrated ``general`` one), or at least ``sentence`` for a row that
        reads as a sentence (:func:`~dedupe_feed.linemodel.features.reads_as_sentence`)."""
        return self.reaches(probabilities, reads_as_sentence(rows), threshold)

    def reaches(self, probabilities: Any, sentence: Any, threshold: float | None) -> list[bool]:
        """:meth:`removes`, given which rows read as a sentence (one array compare).

        >>> LineModel.load().reaches([0.8, 0.8], [False, True], None)
        [True, False]
        """
        general = self.thresholds.general if threshold is None else threshold
        strict = max(general, self.thresholds.sentence)
        if len(probabilities) != len(sentence):
            raise ValueError(f"{len(probabilities)} scores for {len(sentence)} rows")
        needed = np.where(sentence, strict, general)
        flags: list[bool] = (np.asarray(probabilities) >= needed).tolist()
        return flags

    def score(self, lines: Sequence[str], title: str | None = None) -> list[float]:
        """The probability that each line is boilerplate."""
        if not lines:
            return []
        return [float(p) for p in self.probabilities(self.rows(lines, title))]

    def probabilities(self, rows: Any) -> Any:
        """The probability that each row is boilerplate, from the feature
        rows of one whole item in order (a 1-D float array). A model that
        also reads the scores around each line (as the stacked second stage
        measured in ``benchmarks/train_stack.py`` does) overrides this.

        >>> model = LineModel.load()
        >>> lines = ["Home | News | Sport | Videos | Photos",
        ...          "Rain lashed Kochi on Monday and the schools in the district were shut."]
        >>> probabilities = model.probabilities(model.rows(lines))
        >>> probabilities.shape, probabilities.tolist() == model.score(lines)
        ((2,), True)
        """
        return self.trees.probabilities(rows)
