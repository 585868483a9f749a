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

import importlib.util
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

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
    latin_index: Mapping[str, tuple[str, ...]]
    """Each word of a Latin-list language -> the languages whose list has it."""

    @classmethod
    def load(cls) -> Stoplists:
        """Read jusText's lists for the languages above, plus Chinese."""
        lists = {
            name: read_justext_stoplist(name)
            for name in (*LATIN_LANGUAGES, *SCRIPT_LANGUAGES.values())
        }
        lists["Chinese"] = CHINESE_FUNCTION_CHARACTERS
        index: dict[str, list[str]] = {}
        for name in LATIN_LANGUAGES:
            for word in lists[name]:
                index.setdefault(word, []).append(name)
        frozen = {word: tuple(names) for word, names in index.items()}
        return cls(lists, frozen)

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
        hits: Counter[str] = Counter()
        for token, count in Counter(TOKEN.findall(text[:_LATIN_SAMPLE].casefold())).items():
            for name in self.latin_index.get(token, ()):
                hits[name] += count
        best = max(LATIN_LANGUAGES, key=lambda name: (hits[name], -LATIN_LANGUAGES.index(name)))
        return Stoplist(best, self.by_language[best])


def read_justext_stoplist(name: str) -> frozenset[str]:
    """jusText's stoplist ``name`` (casefolded), read from its package folder
    without importing jusText's extractor.

    >>> "the" in read_justext_stoplist("English")
    True
    """
    spec = importlib.util.find_spec("justext")
    folders = list(spec.submodule_search_locations or ()) if spec else []
    for folder in folders:
        path = Path(folder) / "stoplists" / f"{name}.txt"
        if path.is_file():
            words = path.read_text(encoding="utf-8").split("\n")
            return frozenset(w.strip().casefold() for w in words if w.strip())
    raise FileNotFoundError(f"jusText's stoplist {name!r} not found (pip install justext)")


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
