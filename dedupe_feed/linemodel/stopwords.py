"""Stopword sets for the line model, one per language, chosen per item.

Stopword density is the feature that carries best across sites and languages
(jusText): prose is full of function words, navigation and teasers are not.
The lists are jusText's (BSD-2), read once per :class:`Stoplists`; Chinese,
which jusText has no list for, uses its most frequent function characters.

>>> lists = Stoplists.load()
>>> lists.choose(["The minister said that it was on the way to the port."]).language
'English'
>>> lists.choose(["प्रधानमंत्री ने कहा कि यह योजना देश के लिए है।"]).language
'Hindi'
>>> lists.choose(["国务院总理在会上说，我们的经济正在恢复。"]).language
'Chinese'
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

LATIN_LANGUAGES = (
    "English", "German", "French", "Spanish", "Italian", "Portuguese", "Dutch",
    "Czech", "Polish", "Hungarian", "Swedish", "Danish", "Norwegian_Bokmal",
    "Finnish", "Romanian", "Turkish", "Indonesian", "Malay", "Croatian", "Russian",
    "Ukrainian",
)  # fmt: skip
"""Stoplists tried for space-separated scripts: the one with most hits wins."""

SCRIPT_LANGUAGES = {"devanagari": "Hindi", "arabic": "Urdu", "bengali": "Bengali"}
"""Scripts whose main news language is taken without trying others."""

CHINESE_FUNCTION_CHARACTERS = frozenset(
    "的了是在和有也就不这中为上个我们他她说对到与及等将被从但而以之其于并都要会还"
)
"""The commonest Chinese function characters: a stand-in stoplist (each CJK
character is one token for the line model)."""

_SCRIPT_RANGES = (
    ("devanagari", re.compile(r"[\u0900-\u097f]")),
    ("bengali", re.compile(r"[\u0980-\u09ff]")),
    ("arabic", re.compile(r"[\u0600-\u06ff]")),
    ("cjk", re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")),
)
TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W_]+")
"""A token: one CJK character, or a run of letters and digits."""


def _ascii_table(fold: bool) -> bytes:
    """Byte table: ASCII letters and digits kept (capitals lowered with
    ``fold``), every other byte a space."""
    keep = {*range(0x30, 0x3A), *range(0x41, 0x5B), *range(0x61, 0x7B)}
    return bytes(
        (b | 0x20 if fold and 0x41 <= b <= 0x5A else b) if b in keep else 0x20 for b in range(256)
    )


ASCII_KEEP = _ascii_table(fold=False)
"""``bytes.translate`` table: ASCII letters and digits kept, other bytes spaces."""
_ASCII_FOLD = _ascii_table(fold=True)


def tokenize(text: str, *, fold: bool = False) -> list[str]:
    """``TOKEN.findall(text)`` (of ``text.casefold()`` with ``fold``), with a
    fast path for ASCII text, where a token is a run of letters and digits.

    >>> tokenize("Rain_hit 3 towns, O'Neil"), tokenize("Rain HIT", fold=True)
    (['Rain', 'hit', '3', 'towns', 'O', 'Neil'], ['rain', 'hit'])
    >>> tokenize("Straße İzmir 北京", fold=True)
    ['strasse', 'i', 'zmir', '北', '京']
    """
    if text.isascii():
        table = _ASCII_FOLD if fold else ASCII_KEEP
        return text.encode("ascii").translate(table).decode("ascii").split()
    return TOKEN.findall(text.casefold() if fold else text)


_SCRIPT_SAMPLE = 4000
_LATIN_SAMPLE = 20_000


@dataclass(frozen=True)
class Stoplist:
    """The stopwords of one language (casefolded)."""

    language: str
    words: frozenset[str]


@dataclass(frozen=True)
class Stoplists:
    """All stoplists the model may use, loaded once (from jusText's files)."""

    by_language: Mapping[str, frozenset[str]]
    latin_rows: Mapping[str, int]
    """Each word of a Latin-list language -> its row of ``latin_lists``."""
    latin_lists: Any
    """Per word, which of :data:`LATIN_LANGUAGES` list it (a 0/1 numpy
    matrix, one column a language), so an item's hits are one sum."""

    @classmethod
    def load(cls) -> Stoplists:
        """Read jusText's lists for the languages above, plus Chinese."""
        lists = {
            name: read_justext_stoplist(name)
            for name in (*LATIN_LANGUAGES, *SCRIPT_LANGUAGES.values())
        }
        lists["Chinese"] = CHINESE_FUNCTION_CHARACTERS
        words = set().union(*(lists[name] for name in LATIN_LANGUAGES))
        rows = {word: row for row, word in enumerate(words)}  # any order: rows are only looked up
        matrix = np.zeros((len(words) + 1, len(LATIN_LANGUAGES)), dtype=np.int64)
        for column, name in enumerate(LATIN_LANGUAGES):
            matrix[list(map(rows.__getitem__, lists[name])), column] = 1
        return cls(lists, rows, matrix)  # the last row (no word) stays zero

    def choose(self, lines: Iterable[str]) -> Stoplist:
        """The stoplist for an item: by script, else the Latin list with most hits.

        >>> Stoplists.load().choose(["Der Minister sagte, dass die Lage ernst ist."]).language
        'German'
        """
        text = "\n".join(lines)
        script = dominant_script(text[:_SCRIPT_SAMPLE])
        if script == "cjk":
            return Stoplist("Chinese", self.by_language["Chinese"])
        if script in SCRIPT_LANGUAGES:
            name = SCRIPT_LANGUAGES[script]
            return Stoplist(name, self.by_language[name])
        counts = Counter(tokenize(text[:_LATIN_SAMPLE], fold=True))  # each distinct word once
        none = len(self.latin_rows)
        rows = np.fromiter(map(self.latin_rows.get, counts, repeat(none)), np.intp, len(counts))
        hits = np.fromiter(counts.values(), np.int64, len(counts)) @ self.latin_lists[rows]
        best = LATIN_LANGUAGES[int(np.argmax(hits))]  # most hits; on a tie, the first
        return Stoplist(best, self.by_language[best])


def read_justext_stoplist(name: str) -> frozenset[str]:
    """jusText's stoplist ``name`` (casefolded), read from its package folder
    without importing jusText's extractor.

    >>> "the" in read_justext_stoplist("English")
    True
    """
    for folder in _justext_folders():
        path = folder / "stoplists" / f"{name}.txt"
        if path.is_file():  # one word a line: the words are the whitespace-separated runs
            return frozenset(path.read_text(encoding="utf-8").casefold().split())
    raise FileNotFoundError(f"jusText's stoplist {name!r} not found (pip install justext)")


@functools.cache
def shared_stoplists() -> Stoplists:
    """:meth:`Stoplists.load`, read once per process and shared (the lists
    are immutable): by every line model and by the duplicate stage.

    >>> shared_stoplists() is shared_stoplists()
    True
    """
    return Stoplists.load()


@functools.cache
def _justext_folders() -> tuple[Path, ...]:
    spec = importlib.util.find_spec("justext")
    return tuple(map(Path, spec.submodule_search_locations or ())) if spec else ()


def dominant_script(text: str) -> str:
    """``devanagari``, ``bengali``, ``arabic`` or ``cjk`` when such characters
    make up at least a fifth of the letters, else ``latin``.

    >>> dominant_script("Rain hit Kochi"), dominant_script("北京时间 today")
    ('latin', 'cjk')
    """
    if text.isascii():
        return "latin"
    letters = sum(map(str.isalpha, text)) or 1
    for name, pattern in _SCRIPT_RANGES:
        if len(pattern.findall(text)) * 5 >= letters:
            return name
    return "latin"
