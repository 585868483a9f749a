"""Where a rule's match can start: near an occurrence of its hint.

Every match of a rule contains its hint (:attr:`~dedupe_feed.rules.rule.Rule.hint`)
and is at most :func:`longest_match` characters long, so it starts at most
that far before some occurrence of the hint. Searching from there instead
of from the last match skips the text no match can start in; the regex still
runs on the whole text, so every look-behind, look-ahead and anchor sees what
it saw before, and the matches are the same ones.

>>> starts = HintStarts.find("a preferred source b preferred source", "preferred source", 20)
>>> starts.lowest(0), starts.lowest(3), starts.lowest(18), starts.lowest(22)
(0, 17, 18, None)
"""

from __future__ import annotations

import functools
import importlib
from bisect import bisect_left
from typing import Any


@functools.lru_cache(maxsize=1024)
def longest_match(pattern: str, flags: int) -> int | None:
    """The most characters a match of the pattern can span (look-arounds
    excluded), or None when it has no bound, may be empty, or cannot be
    worked out.

    >>> longest_match(r"\\(PTI\\)", 0), longest_match(r"a{1,3}b?", 0), longest_match(r"a+", 0)
    (5, 4, None)
    """
    try:
        parser: Any = importlib.import_module("re._parser")  # sre_parse before Python 3.11
    except ImportError:  # pragma: no cover - Python 3.10
        parser = importlib.import_module("sre_parse")
    try:
        low, high = parser.parse(pattern, flags).getwidth()
    except Exception:  # any doubt: no bound, the whole text is searched
        return None
    if low < 1 or high >= parser.MAXREPEAT:  # an empty match holds no hint
        return None
    return int(high)


class HintStarts:
    """The sorted positions of a hint in a case-folded text, and how far
    before one a match may start."""

    __slots__ = ("_positions", "_reach")

    def __init__(self, positions: list[int], reach: int) -> None:
        self._positions = positions
        self._reach = reach

    @classmethod
    def find(cls, folded: str, hint: str, longest: int) -> HintStarts:
        """The occurrences of ``hint`` in ``folded``, for matches of at most
        ``longest`` characters."""
        positions: list[int] = []
        at = folded.find(hint)
        while at >= 0:
            positions.append(at)
            at = folded.find(hint, at + 1)
        return cls(positions, longest - len(hint))

    def lowest(self, pos: int) -> int | None:
        """The lowest position at or after ``pos`` where a match may start,
        or None when no match can start at or after ``pos``."""
        index = bisect_left(self._positions, pos)
        if index == len(self._positions):
            return None
        return max(pos, self._positions[index] - self._reach)
