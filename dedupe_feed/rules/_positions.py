"""Cheap position checks for rule candidates against a document's blocks.

The text around a candidate is *ignorable* when it is whitespace, a separator
(``| • · * _ - – — . , : ;``) or covered by another candidate. The ignorable
runs are computed once per call from the sorted candidate spans, so each
check is a couple of comparisons and the whole pass stays linear.

>>> text = " date 2026-01-28 Body."
>>> view = PositionView(text, (Block(0, len(text)),), [(1, 16)])
>>> view.allows("top", 1, 16), view.allows("bottom", 1, 16)
(True, False)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from dedupe_feed.model import Block

GAP_CHARS = frozenset(" \t\n\r\f\v\xa0|•·*_-–—.,:;")
_GAP_RE = re.compile(r"[ \t\n\r\f\v\xa0|•·*_\-–—.,:;]*")


class PositionView:
    """Ignorable runs and block bounds of one text, for one set of spans."""

    def __init__(self, text: str, blocks: Sequence[Block], spans: Sequence[tuple[int, int]]):
        self._text = text
        self._blocks = sorted(blocks, key=lambda b: (b.start, b.end))
        self._block_starts = [b.start for b in self._blocks]
        self._runs = _ignorable_runs(text, sorted(spans))
        self._run_starts = [start for start, _ in self._runs]
        self._newlines: dict[int, tuple[int, int]] = {}

    def allows(self, position: str, start: int, end: int) -> bool:
        """Whether a span ``[start, end)`` (one of the spans) sits at ``position``."""
        if position == "anywhere":
            return True
        run = bisect.bisect_right(self._run_starts, start) - 1
        run_start, run_end = self._runs[run]
        if position == "top":
            return run_start == 0
        _, high = self._region(max(end - 1, start))
        if position == "bottom":
            return run_end >= high
        left_low, _ = self._region(start)
        first_nl, last_nl = self._run_newlines(run)
        left = run_start <= left_low or -1 < first_nl < start
        right = run_end >= high or last_nl >= end
        return left and right

    def _region(self, pos: int) -> tuple[int, int]:
        """The block holding ``pos``, or the stretch between two blocks."""
        index = bisect.bisect_right(self._block_starts, pos) - 1
        if index >= 0 and self._blocks[index].end > pos:
            block = self._blocks[index]
            return block.start, block.end
        low = self._blocks[index].end if index >= 0 else 0
        high = self._blocks[index + 1].start if index + 1 < len(self._blocks) else len(self._text)
        return low, high

    def _run_newlines(self, run: int) -> tuple[int, int]:
        """First newline from just before the run, and last newline inside it."""
        if run not in self._newlines:
            start, end = self._runs[run]
            first = self._text.find("\n", max(start - 1, 0), end)
            last = self._text.rfind("\n", start, end)
            self._newlines[run] = (first, last)
        return self._newlines[run]


def _ignorable_runs(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Maximal stretches of gap characters and spans that contain a span."""
    runs: list[tuple[int, int]] = []
    for start, end in spans:
        floor = runs[-1][1] if runs else 0
        left = start
        while left > floor and text[left - 1] in GAP_CHARS:
            left -= 1
        if runs and left <= runs[-1][1]:
            if end <= runs[-1][1]:
                continue
            runs[-1] = (runs[-1][0], _extend_right(text, end))
        else:
            runs.append((left, _extend_right(text, end)))
    return runs


def _extend_right(text: str, end: int) -> int:
    match = _GAP_RE.match(text, end)
    return match.end() if match else end
