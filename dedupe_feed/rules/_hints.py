"""Which rule hints occur in a text, in one pass (Aho-Corasick).

Each rule may carry a *hint*: a lower-case substring that every match
contains. A rule whose hint is absent is not run. Scanning for seventy hints
one ``in`` at a time reads the text seventy times; an Aho-Corasick automaton
(pyahocorasick) reads it once.

>>> HintScanner(["preferred source", "pti"]).present("add mint as a preferred source")
{'preferred source'}
>>> HintScanner([]).present("anything")
set()
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick


class HintScanner:
    """The set of hints found in a case-folded text."""

    __slots__ = ("_automaton", "_hints")

    def __init__(self, hints: Iterable[str]) -> None:
        self._hints = tuple(sorted(set(hints)))
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
        for hint in self._hints:
            self._automaton.add_word(hint, hint)
        if self._hints:
            self._automaton.make_automaton()

    def present(self, folded: str) -> set[str]:
        """The hints that occur in ``folded`` (overlapping occurrences count)."""
        if not self._hints:
            return set()
        return {hint for _, hint in self._automaton.iter(folded)}
