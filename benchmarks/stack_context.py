"""The second stage's inputs: each line's first-stage score in its page's context.

Measured, not shipped (see ``benchmarks/README.md``). jusText decides a
doubtful paragraph by the paragraphs around it; here a second small tree
model learns that pass. Its inputs, per line, come from
the first stage's probabilities of the whole page and a few of the line's
own features: its score and its neighbours' (up to :data:`OFFSETS` lines
away, :data:`OUTSIDE` past the page's ends), the minimum, maximum and mean
score of the windows around it (:data:`RADII`), how far the nearest line on
each side that the first stage takes for content is (under
:data:`CONTENT_LEVEL`), its score's rank within the page, the page's mean
score and share of content-like lines, and the own columns
:data:`OWN_COLUMNS`.

>>> import numpy as np
>>> own = own_columns(np.zeros((4, len(FEATURE_NAMES))))
>>> x = context_matrix(np.array([0.9, 0.2, 0.3, 0.8]), own)
>>> x.shape == (4, len(CONTEXT_FEATURE_NAMES))
True
>>> [float(v) for v in x[0, :4]]  # the score, then the lines 3, 2 and 1 above: none
[0.9, -1.0, -1.0, -1.0]
>>> round(float(x[0, CONTEXT_FEATURE_NAMES.index("log_gap_after")]), 3)  # log1p(1)
0.693
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dedupe_feed.linemodel.features import FEATURE_NAMES

OFFSETS = (-3, -2, -1, 1, 2, 3)
"""Which neighbours' scores a line sees."""
OUTSIDE = -1.0
"""The score of a neighbour past the page's first or last line."""
RADII = (1, 3)
"""The half-widths of the score windows summarised (the line included)."""
CONTENT_LEVEL = 0.5
"""Under this first-stage score a line is taken for content."""
OWN_COLUMNS = (
    "is_prose", "log_tokens", "stop_density", "terminal_punctuation", "title_case_share",
    "relative_position", "before_first_prose", "after_last_prose", "log_distance_to_prose",
    "prose_overlap", "log_page_lines",
)  # fmt: skip
"""The line's own first-stage features the second stage sees too."""

CONTEXT_FEATURE_NAMES: tuple[str, ...] = (
    "score",
    *(f"score@{offset:+d}" for offset in OFFSETS),
    *(f"{kind}_score_{radius}" for radius in RADII for kind in ("min", "max", "mean")),
    "log_gap_before",
    "log_gap_after",
    "score_rank",
    "page_mean_score",
    "page_content_share",
    *OWN_COLUMNS,
)
"""The columns of a second-stage row, in order."""

_OWN_INDEXES = [FEATURE_NAMES.index(name) for name in OWN_COLUMNS]


def own_columns(rows: Any) -> Any:
    """The :data:`OWN_COLUMNS` of first-stage feature rows (a float64 array)."""
    return np.asarray(rows, dtype=np.float64)[:, _OWN_INDEXES]


def context_matrix(probabilities: Any, own: Any) -> Any:
    """The second-stage rows of one page (lines x :data:`CONTEXT_FEATURE_NAMES`),
    from its first-stage ``probabilities`` and :func:`own_columns`, in page order."""
    p = np.asarray(probabilities, dtype=np.float64)
    n = p.shape[0]
    if n == 0:
        return np.empty((0, len(CONTEXT_FEATURE_NAMES)))
    reach = max(max(abs(o) for o in OFFSETS), max(RADII))
    padded = np.concatenate([np.full(reach, np.nan), p, np.full(reach, np.nan)])
    columns: list[Any] = [p]
    for offset in OFFSETS:
        shifted = padded[reach + offset : reach + offset + n]
        columns.append(np.where(np.isnan(shifted), OUTSIDE, shifted))
    for radius in RADII:
        windows = np.lib.stride_tricks.sliding_window_view(
            padded[reach - radius : reach + n + radius], 2 * radius + 1
        )
        columns.extend((np.nanmin(windows, 1), np.nanmax(windows, 1), np.nanmean(windows, 1)))
    columns.extend(_gaps(p))
    columns.append(np.searchsorted(np.sort(p), p, side="left") / n)
    columns.append(np.full(n, p.mean()))
    columns.append(np.full(n, (p < CONTENT_LEVEL).mean()))
    return np.column_stack([*columns, own])


def _gaps(p: Any) -> tuple[Any, Any]:
    """``log1p`` of the distance from each line to the nearest content-like
    line before it and after it (the page's length when there is none).

    >>> [v.round(3).tolist() for v in _gaps(np.array([0.1, 0.9, 0.9, 0.2]))]
    [[1.609, 0.693, 1.099, 1.386], [1.386, 1.099, 0.693, 1.609]]
    """
    n = p.shape[0]
    index = np.arange(n)
    content = p < CONTENT_LEVEL
    last_before = np.maximum.accumulate(np.where(content, index, -1))
    last_before = np.concatenate([[-1], last_before[:-1]])
    before = np.where(last_before >= 0, index - last_before, n)
    reversed_content = content[::-1]
    next_after = np.maximum.accumulate(np.where(reversed_content, index, -1))
    next_after = np.concatenate([[-1], next_after[:-1]])
    after = np.where(next_after >= 0, index - next_after, n)[::-1]
    return np.log1p(before), np.log1p(after)
