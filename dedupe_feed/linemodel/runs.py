"""Runs of lines the model all but removes: teaser lists written as sentences.

A line that reads as a sentence needs the model's strict threshold, so a
one-line news paragraph is never lost. Related-story teasers are written as
sentences too (``Ford recalls F-150s; loose cable can cause stalling. Ford
is recalling over 168,000 ...``), and each one alone stays. But they come in
runs: :data:`MIN_RUN` or more lines in a row, each scoring at least
:data:`RUN_LEVEL`, one of them removed on its own score. Such a run goes
whole, except a line at either end that touches a line the model takes for
content (scoring under :data:`CONTENT_LEVEL`): the last sentence of a story
next to the chrome after it stays.

>>> probabilities = [0.1, 0.85, 0.9, 0.99, 0.88, 0.95, 0.1]
>>> removed = [False, False, False, True, False, False, False]
>>> sorted(boilerplate_run_lines(probabilities, removed))  # 1 and 5 touch content
[2, 4]
"""

from __future__ import annotations

from collections.abc import Sequence

MIN_RUN = 3
"""Lines a run needs (after its ends are trimmed)."""
RUN_LEVEL = 0.85
"""The score every line of a run reaches."""
CONTENT_LEVEL = 0.5
"""Below this, a kept line next to a run is taken for content."""


def boilerplate_run_lines(
    probabilities: Sequence[float], removed: Sequence[bool]
) -> frozenset[int]:
    """The lines not in ``removed`` that stand in a run (see the module docstring)."""
    found: set[int] = set()
    for start, end in _runs(probabilities):
        start, end = _trimmed(probabilities, removed, start, end)
        span = range(start, end)
        if len(span) >= MIN_RUN and any(removed[i] for i in span):
            found.update(i for i in span if not removed[i])
    return frozenset(found)


def _runs(probabilities: Sequence[float]) -> list[tuple[int, int]]:
    """``(start, end)`` of every maximal run of lines scoring at least :data:`RUN_LEVEL`.

    >>> _runs([0.9, 0.9, 0.1, 0.95])
    [(0, 2), (3, 4)]
    """
    runs: list[tuple[int, int]] = []
    start = None
    for index, score in enumerate([*probabilities, 0.0]):
        if score >= RUN_LEVEL and start is None:
            start = index
        elif score < RUN_LEVEL and start is not None:
            runs.append((start, index))
            start = None
    return runs


def _trimmed(
    probabilities: Sequence[float], removed: Sequence[bool], start: int, end: int
) -> tuple[int, int]:
    """The run without an end line that touches a kept content-like line."""
    if start > 0 and _content_like(probabilities, removed, start - 1):
        start += 1
    if end < len(probabilities) and _content_like(probabilities, removed, end):
        end -= 1
    return start, end


def _content_like(probabilities: Sequence[float], removed: Sequence[bool], index: int) -> bool:
    return not removed[index] and probabilities[index] < CONTENT_LEVEL
