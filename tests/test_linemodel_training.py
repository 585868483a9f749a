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
import math
import struct
from collections.abc import Iterable

import numpy as np
import pytest
from shared_folder import SHARED_DATA, needs

from benchmarks.train_boilerplate import (
    TEASER_CONTEXT,
    WEIGHTS_PATH,
    Matrix,
    TrainingPage,
    build_matrix,
    collect,
    rows_digest,
    teaser_pages,
)
from dedupe_feed.linemodel.stopwords import Stoplists


def _matrix(x: list[list[float]], y: list[int]) -> Matrix:
    n = len(y)
    empty = np.zeros(n)
    return Matrix(np.array(x, dtype=np.float64), np.array(y), empty, empty, empty, empty)


def test_rows_digest_is_the_rows_then_the_labels_as_native_bytes() -> None:
    packed = struct.pack("=4d", 0.5, 1.0, 2.0, 0.0) + struct.pack("=2q", 1, 0)
    digest = rows_digest(_matrix([[0.5, 1.0], [2.0, 0.0]], [1, 0]))
    assert digest == hashlib.sha256(packed).hexdigest()


def test_rows_digest_ignores_a_last_bit_but_not_a_changed_value() -> None:
    third = 1 / 3
    base = rows_digest(_matrix([[third, -0.0]], [1]))
    assert rows_digest(_matrix([[math.nextafter(third, 1.0), 0.0]], [1])) == base
    assert rows_digest(_matrix([[third + 1e-6, 0.0]], [1])) != base


def test_rows_digest_sees_one_value_and_one_label() -> None:
    base = rows_digest(_matrix([[0.5, 1.0], [2.0, 0.0]], [1, 0]))
    assert rows_digest(_matrix([[0.5, 1.0], [2.0, 1e-6]], [1, 0])) != base
    assert rows_digest(_matrix([[0.5, 1.0], [2.0, 0.0]], [0, 0])) != base


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason=needs(SHARED_DATA))
def test_shipped_weights_were_trained_on_todays_features() -> None:
    training = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))["training"]
    pages = collect(SHARED_DATA, training["excluded"], training["seed"], training["teasers"])
    matrix = build_matrix(pages, Stoplists.load())
    assert rows_digest(matrix) == training["rows_sha256"], (
        "the line features changed since the packaged weights were trained: "
        "retrain them (python -m benchmarks.train_boilerplate) or restore the feature"
    )


def _page(site: str, lines: list[tuple[str, str | None]]) -> TrainingPage:
    return TrainingPage(
        f"{site}/1", "readability", "Apache-2.0", site,
        tuple(text for text, _ in lines), tuple(label for _, label in lines),
    )  # fmt: skip


OTHERS = [
    _page(
        f"site{n}",
        [
            ("Home | News", "boilerplate"),
            (f"Ferry service {n} resumes after the storm", "content"),
            (f"The ferry service number {n} resumed on Monday after three days of storms. "
             "Officials said the schedule would return to normal by Friday.", "content"),
        ],
    )
    for n in range(6)
]  # fmt: skip
HOST = _page(
    "host",
    [("Menu", "boilerplate"), ("Rain lashed Kochi and the schools stayed shut.", "content"),
     ("The IMD issued an orange alert for three districts.", "content"), ("© 2026", "boilerplate")],
)  # fmt: skip


def _host_page(pages: Iterable[TrainingPage]) -> TrainingPage:
    (page,) = [page for page in pages if page.id == "teasers/host/1"]
    return page


def test_teaser_pages_put_other_pages_teasers_after_the_body() -> None:
    page = _host_page(teaser_pages([HOST, *OTHERS], 7, seed=3))
    block = page.lines[3 : len(page.lines) - 1]
    assert page.lines[:3] == HOST.lines[:3]
    assert page.lines[-1] == "© 2026"
    assert page.labels == (*HOST.labels[:3], *("boilerplate",) * len(block), "boilerplate")
    assert 3 <= sum(text.startswith("Ferry service") for text in block) <= 6
    leads = [text for text in block if "resumed on Monday" in text]
    assert all(not text.endswith("by Friday.") for text in leads)  # the first sentence only
    assert page.site == "host"
    assert page.source == "teasers"


def test_teaser_pages_never_take_a_teaser_from_the_host_site() -> None:
    own = TrainingPage(
        "host/2", "readability", "Apache-2.0", "host", OTHERS[0].lines, OTHERS[0].labels
    )
    for seed in range(5):
        page = _host_page(teaser_pages([HOST, own, *OTHERS[1:4]], 5, seed=seed))
        assert not any("service 0 " in text for text in page.lines)


def test_teaser_pages_leave_far_host_lines_unlabelled() -> None:
    long_host = _page(
        "host",
        [*((f"Line {i} of the story, which goes on and on.", "content") for i in range(30)),
         ("© 2026", "boilerplate")],
    )  # fmt: skip
    page = _host_page(teaser_pages([long_host, *OTHERS], 7, seed=2))
    labelled = [i for i, label in enumerate(page.labels) if label is not None]
    assert labelled[0] == 30 - TEASER_CONTEXT
    assert page.labels[:22] == (None,) * 22
