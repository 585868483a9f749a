"""A small ensemble of gradient-boosted regression trees, scored with numpy.

The weights are plain JSON (written by ``benchmarks/train_boilerplate.py``,
which trains them with scikit-learn): per tree, the split feature, threshold
and children of every node, and the value of every leaf. All trees are padded
to one node count and every leaf points to itself, so scoring a whole item is
``depth`` vectorised steps, whatever the number of lines.

>>> stump = {"feature": [0, 0, 0], "threshold": [0.5, 0.0, 0.0],
...          "left": [1, 1, 2], "right": [2, 1, 2], "value": [0.0, -2.0, 2.0]}
>>> trees = TreeEnsemble.from_dict({"base_score": 0.0, "learning_rate": 1.0,
...                                 "depth": 1, "trees": [stump]})
>>> [round(float(p), 3) for p in trees.probabilities([[0.0], [1.0]])]
[0.119, 0.881]
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from dedupe_feed.errors import DedupeFeedError

ROWS_PER_BLOCK = 512
"""Rows scored at once: each block's arrays are rows x trees x 8 bytes."""


class ModelFormatError(DedupeFeedError, ValueError):
    """The weights file does not describe a tree ensemble this code can score."""


@dataclass(frozen=True, eq=False)
class TreeEnsemble:
    """Boosted trees: ``sigmoid(base_score + learning_rate * sum(leaf values))``."""

    base_score: float
    learning_rate: float
    depth: int
    feature: npt.NDArray[np.intp]
    threshold: npt.NDArray[np.float64]
    left: npt.NDArray[np.intp]
    right: npt.NDArray[np.intp]
    value: npt.NDArray[np.float64]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TreeEnsemble:
        """Build from the JSON layout above; a clear error if it is not one."""
        try:
            trees = list(data["trees"])
            width = max(len(tree["feature"]) for tree in trees)

            def column(key: str, dtype: type[np.generic]) -> Any:
                return np.array([_padded(tree[key], width, key) for tree in trees], dtype=dtype)

            return cls(
                float(data["base_score"]),
                float(data["learning_rate"]),
                int(data["depth"]),
                feature=column("feature", np.intp),
                threshold=column("threshold", np.float64),
                left=column("left", np.intp),
                right=column("right", np.intp),
                value=column("value", np.float64),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ModelFormatError(f"not a tree ensemble: {error!r}") from error

    @property
    def n_trees(self) -> int:
        """How many trees."""
        return int(self.feature.shape[0])

    def raw_scores(self, rows: Sequence[Sequence[float]] | npt.NDArray[np.float64]) -> Any:
        """The log-odds of every row (a 1-D float array).

        Rows are scored in blocks of :data:`ROWS_PER_BLOCK`, so the per-node
        work arrays (rows x trees) stay small on a 10 MB item.
        """
        x = np.asarray(rows, dtype=np.float64)
        if x.ndim != 2 or x.shape[0] == 0:
            return np.zeros(x.shape[0] if x.ndim else 0)
        blocks = [
            self._block_scores(x[start : start + ROWS_PER_BLOCK])
            for start in range(0, x.shape[0], ROWS_PER_BLOCK)
        ]
        return blocks[0] if len(blocks) == 1 else np.concatenate(blocks)

    def _block_scores(self, x: npt.NDArray[np.float64]) -> Any:
        """Walk every tree for every row. A node is numbered across all trees
        and doubled (``2 * (tree * width + node)``), so the child is one
        ``take`` at the node number plus whether the row goes left; at the
        roots, the features and thresholds are the same for every row."""
        flat = self._flat
        cells = np.ascontiguousarray(x).ravel()
        row_start = (np.arange(x.shape[0], dtype=np.intp) * x.shape[1])[:, None]
        go_left = cells.take(row_start + flat.root_feature) <= flat.root_threshold
        node = flat.children.take(flat.roots + go_left)
        for _ in range(self.depth - 1):
            go_left = cells.take(row_start + flat.feature.take(node)) <= flat.threshold.take(node)
            node = flat.children.take(node + go_left)
        return self.base_score + self.learning_rate * flat.value.take(node).sum(axis=1)

    @functools.cached_property
    def _flat(self) -> _FlatTrees:
        width = self.feature.shape[1]
        offsets = (np.arange(self.n_trees, dtype=np.intp) * width)[:, None]
        children = np.empty((self.feature.size, 2), dtype=np.intp)
        children[:, 0] = 2 * (self.right + offsets).ravel()  # the row goes right
        children[:, 1] = 2 * (self.left + offsets).ravel()  # the row goes left
        return _FlatTrees(
            roots=2 * offsets.T,
            root_feature=self.feature[:, 0][None, :].copy(),
            root_threshold=self.threshold[:, 0][None, :].copy(),
            feature=self.feature.ravel().repeat(2),
            threshold=self.threshold.ravel().repeat(2),
            children=children.ravel(),
            value=self.value.ravel().repeat(2),
        )

    def probabilities(self, rows: Sequence[Sequence[float]] | npt.NDArray[np.float64]) -> Any:
        """The probability of every row (a 1-D float array)."""
        return 1.0 / (1.0 + np.exp(-self.raw_scores(rows)))


@dataclass(frozen=True)
class _FlatTrees:
    """The node arrays of all trees end to end, each entry twice (at the
    doubled node number and the one after), children as doubled node numbers
    (the one a row goes to when it goes right, then left), and the roots'
    features and thresholds as a row."""

    roots: npt.NDArray[np.intp]
    root_feature: npt.NDArray[np.intp]
    root_threshold: npt.NDArray[np.float64]
    feature: npt.NDArray[np.intp]
    threshold: npt.NDArray[np.float64]
    children: npt.NDArray[np.intp]
    value: npt.NDArray[np.float64]


def _padded(values: Sequence[Any], width: int, key: str) -> list[Any]:
    """Pad a tree's node list to ``width`` with self-pointing leaves."""
    padding = width - len(values)
    if key in ("left", "right"):
        return [*values, *range(len(values), width)]
    return [*values, *([0] * padding)]
