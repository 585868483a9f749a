"""The packaged weights were trained on the features the code computes today.

The trees compare feature values with thresholds learned from the training
rows; a change to a feature (even a fast path that counts ``½`` differently)
silently scores them on values they never saw, and the trainer stops
reproducing the shipped file. The trainer records a digest of its rows in
the weights (``training.rows_sha256``); here the rows are rebuilt from the
licence-clean data and must give the same digest.
"""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path

import numpy as np
import pytest

from benchmarks.train_boilerplate import WEIGHTS_PATH, Matrix, build_matrix, collect, rows_digest
from dedupe_feed.linemodel.stopwords import Stoplists

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
BESIDE = "the shared folder beside the checkout, see README"


def _matrix(x: list[list[float]], y: list[int]) -> Matrix:
    n = len(y)
    empty = np.zeros(n)
    return Matrix(np.array(x, dtype=np.float64), np.array(y), empty, empty, empty, empty)


def test_rows_digest_is_the_rows_then_the_labels_as_native_bytes() -> None:
    packed = struct.pack("=4d", 0.5, 1.0, 2.0, 0.0) + struct.pack("=2q", 1, 0)
    digest = rows_digest(_matrix([[0.5, 1.0], [2.0, 0.0]], [1, 0]))
    assert digest == hashlib.sha256(packed).hexdigest()


def test_rows_digest_sees_one_value_and_one_label() -> None:
    base = rows_digest(_matrix([[0.5, 1.0], [2.0, 0.0]], [1, 0]))
    assert rows_digest(_matrix([[0.5, 1.0], [2.0, 1e-12]], [1, 0])) != base
    assert rows_digest(_matrix([[0.5, 1.0], [2.0, 0.0]], [0, 0])) != base


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"needs {SHARED} ({BESIDE})")
def test_shipped_weights_were_trained_on_todays_features() -> None:
    training = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))["training"]
    pages = collect(SHARED, training["excluded"], training["seed"])
    matrix = build_matrix(pages, Stoplists.load())
    assert rows_digest(matrix) == training["rows_sha256"], (
        "the line features changed since the packaged weights were trained: "
        "retrain them (python -m benchmarks.train_boilerplate) or restore the feature"
    )
