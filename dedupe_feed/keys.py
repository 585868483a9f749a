"""Comparison keys: what two sentences are compared on (never shown to users).

A key folds case, quotes, dashes and a few spellings (``United States`` ->
``us``, ``mln dlrs`` -> ``million dollars``) so that light edits between two
copies do not hide a duplicate, while
keeping the original-case tokens beside it for the different-facts guard.

>>> key = unit_key("The U.S. Department of State said “yes”.")
>>> key.text
'the us department of state said yes'
>>> key.cased
('The', 'US', 'Department', 'of', 'State', 'said', 'yes')
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from dedupe_feed.normalize import fold

# Words, numbers, and Devanagari/other scripts with their combining marks.
TOKEN_PATTERN = re.compile(r"[\w\u0900-\u0963\u0966-\u097f\u0300-\u036f]+")
_TOKEN = TOKEN_PATTERN
_SPACE = re.compile(r"\s")
#: ``bytes.translate`` table keeping ASCII word characters, every other byte a space.
_ASCII_WORDS = bytes(b if chr(b).isalnum() or b == 0x5F else 0x20 for b in range(128)) + bytes(
    [0x20] * 128
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")

#: Multi-token spellings folded into one token (on casefolded tokens).
_SYNONYMS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("united", "states", "of", "america"), "us"),
    (("united", "states"), "us"),
    (("u", "s", "a"), "us"),
    (("u", "s"), "us"),
    (("usa",), "us"),
    (("united", "kingdom"), "uk"),
    (("u", "k"), "uk"),
    (("united", "nations"), "un"),
    (("u", "n"), "un"),
    # Wire abbreviations (Reuters style) and their spelled-out rewordings.
    (("mln",), "million"),
    (("bln",), "billion"),
    (("dlrs",), "dollars"),
    (("dlr",), "dollar"),
    (("pct",), "percent"),
    (("per", "cent"), "percent"),
)
_SYNONYM_FIRST = frozenset(words[0] for words, _ in _SYNONYMS)

#: Number words a wire copy spells out where another writes digits
#: (``September one`` / ``September 1``, ``two mln`` / ``2 mln``); casefolded.
NUMBER_WORDS: dict[str, str] = {
    word: str(value)
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "seventy": "70",
    "eighty": "80",
    "ninety": "90",
}


def as_digits(words: Sequence[str]) -> tuple[str, ...]:
    """``words`` casefolded, with number words written as digits: two spans
    that differ only in how their numbers are written come out equal.

    >>> as_digits(["March", "eight"]) == as_digits(["march", "8"])
    True
    >>> as_digits(["some", "of", "them"])
    ('some', 'of', 'them')
    """
    folded = (word.casefold() for word in words)
    return tuple(NUMBER_WORDS.get(word, word) for word in folded)


#: Words an editor swaps for one another at the start of a sentence without
#: changing the news (``Heavy rain lashed ...`` / ``Torrential rain lashed ...``,
#: ``Officials said ...`` / ``Authorities said ...``); casefolded.
OPENING_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"heavy", "torrential", "incessant", "intense", "relentless", "unrelenting"}),
    frozenset({"officials", "authorities"}),
    frozenset({"about", "around", "approximately", "roughly", "some"}),
    frozenset({"earlier", "previously"}),
    frozenset({"later", "subsequently", "afterwards", "thereafter"}),
    frozenset({"also", "additionally", "furthermore", "moreover", "besides"}),
)
_OPENING_CLASS = {word: number for number, words in enumerate(OPENING_SYNONYMS) for word in words}


def same_opening_word(a: str, b: str) -> bool:
    """Whether two (casefolded) sentence-opening words are interchangeable.

    >>> same_opening_word("heavy", "torrential"), same_opening_word("heavy", "light")
    (True, False)
    """
    group = _OPENING_CLASS.get(a)
    return group is not None and group == _OPENING_CLASS.get(b)


#: Tokens that carry facts: anything with a digit, a number word, or a capitalised word
#: (function words included: this is a cheap pre-check, verify.py decides);
#: an all-letter token is checked without it.
_FACT = re.compile(r"\w*\d|[A-Z]")


@dataclass(frozen=True, slots=True)
class UnitKey:
    """The comparable form of one unit.

    ``tokens`` are casefolded, ``cased`` the same tokens in their original
    case; ``text`` joins ``tokens`` with spaces (CJK characters are tokens
    of their own, so ``text`` puts spaces between them too); ``cjk`` says the
    unit is written mostly without spaces. ``plain`` is ``text`` before the
    spelling folds (``united states`` stays), and ``vocabulary`` holds the
    tokens of both: a truncated copy may cut ``United States`` in half.
    """

    text: str
    tokens: tuple[str, ...]
    cased: tuple[str, ...]
    cjk: bool
    plain: str = ""
    #: :attr:`facts`, once asked for (most keys never are: only verified pairs)
    _facts: tuple[str, ...] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def facts(self) -> tuple[str, ...]:
        """The tokens that may carry a fact: numbers and capitalised words.

        >>> unit_key("Kannur recorded 98 mm in the US.").facts
        ('kannur', '98', 'us')
        """
        found = self._facts
        if found is None:
            found = fact_tokens(self.tokens, self.cased)
            object.__setattr__(self, "_facts", found)
        return found

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every token, with and without the spelling folds.

        >>> sorted(unit_key("The United States agreed.").vocabulary)
        ['agreed', 'states', 'the', 'united', 'us']
        """
        return frozenset(self.tokens).union(self.plain.split())

    @property
    def word_count(self) -> int:
        """Words, counting two CJK characters as one word.

        >>> unit_key("北京今天下雨了。").word_count
        4
        """
        return (len(self.tokens) + 1) // 2 if self.cjk else len(self.tokens)


def unit_key(text: str, *, intern: bool = True) -> UnitKey:
    """Build the comparison key of ``text``; with ``intern``, its tokens are
    interned (one string object per distinct word: a 10 MB item repeats few
    words). Interning changes no comparison.

    >>> unit_key("Kannur recorded 98 mm.").tokens
    ('kannur', 'recorded', '98', 'mm')
    >>> unit_key("Kannur recorded 98 mm.", intern=False) == unit_key("Kannur recorded 98 mm.")
    True
    """
    if text.isascii():  # the common case: NFKC and casefolding are lower()
        cjk = False
        spaced = text.encode("ascii").translate(_ASCII_WORDS).decode("ascii")
        cased = spaced.split()  # _TOKEN.findall(text): ASCII words are [A-Za-z0-9_]+
        folded = spaced.lower().split()
    else:
        normal = unicodedata.normalize("NFKC", text)
        cjk = _is_cjk(normal)
        cased = _tokenize(normal, cjk)
        folded = _tokenize(fold(normal), cjk)
        if len(folded) != len(cased):  # casefolding changed a token boundary
            folded = [fold(token) for token in cased]
    if intern:
        folded, cased = list(map(sys.intern, folded)), list(map(sys.intern, cased))
    plain = " ".join(folded)
    unfolded = folded
    folded, cased = _apply_synonyms(folded, cased)
    text = plain if folded is unfolded else " ".join(folded)
    return UnitKey(text, tuple(folded), tuple(cased), cjk, plain)


def fact_tokens(folded: Sequence[str], cased: Sequence[str]) -> tuple[str, ...]:
    """The folded tokens whose cased form may carry a fact: a capitalised
    all-letter word, or any other token with a digit or a capital first.

    >>> fact_tokens(["in", "kochi", "98", "mm"], ["in", "Kochi", "98", "mm"])
    ('kochi', '98')
    """
    return tuple(
        [
            f
            for f, c in zip(folded, cased, strict=True)
            if (
                ("A" <= c[0] <= "Z" or f in NUMBER_WORDS)
                if c.isalpha()
                else _FACT.match(c) is not None
            )
        ]
    )


def _is_cjk(text: str) -> bool:
    if _CJK.search(text) is None:
        return False
    letters = len(text) - len(_SPACE.findall(text))
    return len(_CJK.findall(text)) * 3 >= letters


def _tokenize(text: str, cjk: bool) -> list[str]:
    tokens = _TOKEN.findall(text)
    if not cjk:
        return tokens
    split: list[str] = []
    for token in tokens:
        if _CJK.search(token):
            split.extend(_split_cjk(token))
        else:
            split.append(token)
    return split


def _split_cjk(token: str) -> list[str]:
    """CJK characters one by one; runs of other characters stay whole."""
    parts: list[str] = []
    run = ""
    for ch in token:
        if _CJK.match(ch):
            if run:
                parts.append(run)
                run = ""
            parts.append(ch)
        else:
            run += ch
    if run:
        parts.append(run)
    return parts


def _apply_synonyms(folded: list[str], cased: list[str]) -> tuple[list[str], list[str]]:
    """Fold multi-token spellings; only the positions of their first words are visited.

    >>> _apply_synonyms(["the", "united", "states", "and", "u", "k"], list("ABCDEF"))
    (['the', 'us', 'and', 'uk'], ['A', 'US', 'D', 'UK'])
    >>> unit_key("two mln dlrs").text == unit_key("two million dollars").text
    True
    """
    if _SYNONYM_FIRST.isdisjoint(folded):  # the common case: nothing to fold
        return folded, cased
    starts = [i for i, token in enumerate(folded) if token in _SYNONYM_FIRST]
    out_folded: list[str] = []
    out_cased: list[str] = []
    done = 0  # tokens before ``done`` are copied or folded
    for i in starts:
        match = _synonym_at(folded, i) if i >= done else None
        if match is None:
            continue
        width, replacement = match
        out_folded += folded[done:i]
        out_cased += cased[done:i]
        out_folded.append(replacement)
        out_cased.append(replacement.upper() if len(replacement) <= 2 else replacement)
        done = i + width
    if not done:
        return folded, cased
    return out_folded + folded[done:], out_cased + cased[done:]


def _synonym_at(folded: list[str], i: int) -> tuple[int, str] | None:
    for words, replacement in _SYNONYMS:
        if tuple(folded[i : i + len(words)]) == words:
            return len(words), replacement
    return None


#: The keys of one analysis, by unit text: every stage asks :func:`cached_key`.
KeyCache = dict[str, UnitKey]

#: Keys an analysis holds before the next ones' tokens are interned: a
#: seed-sized item (tens of units) keys faster without, and its token
#: strings go with it; a big item's keys share one string per word.
INTERN_AFTER_KEYS = 128


def cached_key(text: str, cache: KeyCache) -> UnitKey:
    """``unit_key(text)``, computed once per text within one analysis.

    >>> cache: KeyCache = {}
    >>> cached_key("Rain in Kochi.", cache) is cached_key("Rain in Kochi.", cache)
    True
    """
    key = cache.get(text)
    if key is None:
        key = unit_key(text, intern=len(cache) >= INTERN_AFTER_KEYS)
        cache[text] = key
    return key
