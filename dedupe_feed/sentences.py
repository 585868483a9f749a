"""Sentence segmentation that also restores glued boundaries (``chains.The``).

Feeds lose paragraph breaks, so one sentence often runs straight into the next
without a space. :func:`split_sentences` cuts a block into sentences, restoring
those boundaries while leaving ``U.S.``, ``Dr.``, ``3.5``, ``a.m.``, ``x.com``
and ``desk@pti.in`` whole. When in doubt it does not split.

One compiled :data:`CANDIDATE` pass finds every place where a sentence *may*
end; cheap checks at each candidate decide. Every regex is free of nested
quantifiers and starts its runs with a look-behind, so the work stays linear
even on a million dots.

>>> [s.glued for s in split_sentences("It rained.The IMD said so.")]
[False, True]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dedupe_feed._abbreviations import ABBREVIATIONS, SENTENCE_STARTERS
from dedupe_feed.model import Sentence

__all__ = ["split_sentences"]

_OPENERS = "\"“‘'(["
_GLUED_QUOTES = '"“”‘’'
_OPENING_CURLY = "“‘"

CANDIDATE = re.compile(
    r"""
    (?=[.!?…।॥。！？])  # lets the engine skip ahead to stop characters fast
    (?:
    # a run of stops, closing marks, whitespace, then anything but a lowercase
    # ASCII letter; the look-behind makes only the first stop of a run try
      (?<![.!?…]) (?P<stop>[.!?…]+) (?P<close>["”’')\]]*) \s+ (?=[^\sa-z])
    # a single stop glued between a lowercase letter/digit, a closing quote or
    # two capitals (``AUSTRAC.Archbishop``) and a capital
    | (?:(?<=[a-z0-9%)"”’'])|(?<=[A-Z][A-Z])) (?P<glued>[.!?]) (?=["“”‘’]?[A-Z])
    # a Latin full stop glued between Devanagari and a quote (``सकता.'मोदी``)
    | (?<=[\u0900-\u097f]) (?P<deva>\.) (?=["'“‘”’][\u0900-\u097f])
    # danda and CJK stops end a sentence with or without a space
    | (?P<script>[।॥。！？]+ [”’')\]」』）】》"]*) \s*
    )
    """,
    re.VERBOSE,
)
_FIRST_WORD = re.compile(r"[^\W\d_]+")
_ACRONYM_STARTING_SENTENCE = re.compile(r"[A-Z]{2,}(?:['’]s\b|\s+[A-Z0-9]|\s+[a-z]{2,})")
_MULTI_DOT_ABBREVIATION = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}")
_NON_SPACE = re.compile(r"\S")

_TOKEN_WINDOW = 24
_URL_WINDOW = 64
_STARTER_WINDOW = 12


def split_sentences(
    source: str, start: int = 0, end: int | None = None, *, restore_glued: bool = True
) -> list[Sentence]:
    """Split ``source[start:end]``, one paragraph, into sentences.

    Offsets are absolute and stripped of whitespace; the sentences cover every
    non-whitespace character of the range, in order. ``glued`` marks a
    sentence restored after a boundary with no space (``chains.The``).

    >>> text = "Dr. S. Jaishankar met the U.S. envoy at 10 a.m. on Monday.The talks ended."
    >>> [text[s.start : s.end] for s in split_sentences(text)]
    ['Dr. S. Jaishankar met the U.S. envoy at 10 a.m. on Monday.', 'The talks ended.']
    """
    stop = len(source) if end is None else end
    if not 0 <= start <= stop <= len(source):
        raise ValueError(f"range {start}:{end} is outside a source of length {len(source)}")
    text = source[start:stop]
    first_char = _NON_SPACE.search(text)
    if first_char is None:
        return []
    return [
        Sentence(start + left, start + right, glued)
        for left, right, glued in _sentence_spans(text, first_char.start(), restore_glued)
    ]


def _sentence_spans(text: str, first: int, restore_glued: bool) -> list[tuple[int, int, bool]]:
    """``(start, end, glued)`` of each sentence of ``text`` (offsets into it)."""
    last = len(text.rstrip())
    quotes = _QuoteCounter(text)
    spans: list[tuple[int, int, bool]] = []
    sentence_start, glued = first, False
    for match in candidate_matches(text, first, last):
        cut = _judge_candidate(text, match, quotes, sentence_start, restore_glued)
        if cut is None or cut[1] >= last:
            continue
        spans.append((sentence_start, cut[0], glued))
        sentence_start, glued = cut[1], cut[2]
    spans.append((sentence_start, last, glued))
    return spans


_STOPS = ".!?…।॥。！？"
"""The characters every :data:`CANDIDATE` match starts with."""
_ASCII_STOPS = ".!?"


def candidate_matches(text: str, first: int, last: int) -> Iterator[re.Match[str]]:
    """``CANDIDATE.finditer(text, first, last)``, tried only where a stop
    character stands (found with ``str.find``): every match starts with one,
    so the regex is not tried at every character.

    >>> [m.start() for m in candidate_matches("It rained. Then it stopped.The end", 0, 34)]
    [9, 26]
    """
    stops = _ASCII_STOPS if text.isascii() else _STOPS
    positions: list[int] = []
    for stop in stops:
        at = text.find(stop, first, last)
        while at >= 0:
            positions.append(at)
            at = text.find(stop, at + 1, last)
    positions.sort()
    pos = first
    for at in positions:
        if at < pos:
            continue
        match = CANDIDATE.match(text, at, last)
        if match is not None:
            yield match
            pos = match.end()


def _judge_candidate(
    text: str, match: re.Match[str], quotes: _QuoteCounter, lo: int, restore_glued: bool
) -> tuple[int, int, bool] | None:
    """``(end of this sentence, start of the next, glued)``, or None: no boundary.

    ``lo`` is where the current sentence starts: tokens never reach back past it.
    """
    if match.group("script") is not None:
        return match.end("script"), match.end(), restore_glued and _danda_glued(match)
    if match.group("stop") is not None:
        if _spaced_boundary_holds(text, match, quotes, lo):
            return match.end("close"), match.end(), False
        return None
    if not restore_glued:
        return None
    if match.group("deva") is not None:
        return _devanagari_cut(text, match.start(), quotes)
    return _glued_cut(text, match.start(), quotes, lo)


def _danda_glued(match: re.Match[str]) -> bool:
    """A danda with a letter right after it: Hindi puts a space there, so the
    missing space is a lost break. CJK stops never take a space."""
    return match.end() == match.end("script") and match.group("script")[-1] in "।॥"


def _spaced_boundary_holds(text: str, match: re.Match[str], quotes: _QuoteCounter, lo: int) -> bool:
    """Whether ``stop [closers] whitespace next`` really ends a sentence."""
    nxt = match.end()
    if not _opens_sentence(text, nxt):
        return False
    stops = match.group("stop")
    if "…" in stops or ".." in stops:
        return not quotes.inside(match.start())
    if stops != "." or match.group("close") or not text[nxt].isalnum():
        return True  # a quote or bracket after a guarded dot opens a new sentence
    if _dot_is_guarded(text, lo, match.start()):
        return _starts_with_sentence_starter(text, nxt)
    return True


def _glued_cut(text: str, dot: int, quotes: _QuoteCounter, lo: int) -> tuple[int, int, bool] | None:
    """The cut for ``word.Next`` / ``word."Next``, or None when in doubt.

    A straight quote right after the stop opens the next sentence when an even
    number of straight quotes precede it in the block, else it closes this one.
    """
    if _glued_token_is_guarded(text, lo, dot) or not _glued_left_side_ends(text, lo, dot, quotes):
        return None
    after = dot + 1
    mark = text[after]
    if mark not in _GLUED_QUOTES:
        return (after, after, True) if _starts_capitalised_word(text, after) else None
    if mark in _OPENING_CURLY or (mark == '"' and quotes.straight_before(after) % 2 == 0):
        return after, after, True
    nxt = after + 1
    return (nxt, nxt, True) if _starts_capitalised_word(text, nxt) else None


def _glued_left_side_ends(text: str, lo: int, dot: int, quotes: _QuoteCounter) -> bool:
    """Whether what stands before a glued stop can end a sentence.

    A lowercase letter or a digit can. A quote can when it closes a quotation
    (``money".AUSTRAC``). Capitals can only as a whole all-caps word that is
    no abbreviation, and only before a capitalised word or the article ``A``
    (``AUSTRAC.Archbishop``; never ``Plan B.A``, ``ASP.NET`` or ``DR.Kumar``).

    >>> _glued_left_side_ends('He said "go".Then', 0, 12, _QuoteCounter('He said "go".Then'))
    True
    >>> _glued_left_side_ends('He said ".Then', 0, 9, _QuoteCounter('He said ".Then'))
    False
    """
    before = text[dot - 1]
    if before == '"':
        return quotes.straight_before(dot) % 2 == 0
    if "A" <= before <= "Z":
        return _capitals_end_a_sentence(text, lo, dot)
    return True


def _capitals_end_a_sentence(text: str, lo: int, dot: int) -> bool:
    """``AUSTRAC.Archbishop``: an all-caps word (not ``DR`` or ``NO``) glued to
    a capitalised word.

    >>> _capitals_end_a_sentence("said AUSTRAC.Archbishop", 0, 12)
    True
    >>> _capitals_end_a_sentence("met DR.Kumar", 0, 6)
    False
    """
    word = _token_before(text, lo, dot, _TOKEN_WINDOW).lstrip(_OPENERS)
    if not (len(word) >= 2 and word.isascii() and word.isalpha() and word.isupper()):
        return False
    if word.capitalize() in ABBREVIATIONS or word.lower() in ABBREVIATIONS:
        return False
    after = dot + 1
    if _ARTICLE_STARTING_SENTENCE.match(text, after) is not None:
        return True
    return after + 1 < len(text) and "A" <= text[after] <= "Z" and text[after + 1].islower()


def _devanagari_cut(text: str, dot: int, quotes: _QuoteCounter) -> tuple[int, int, bool]:
    """The cut for a Latin full stop glued between Devanagari and a quote.

    An opening quote (``“``, ``‘``, or a straight one after an even number of
    its kind) starts the next sentence; a closing one stays with this one.

    >>> text = "नहीं हो सकता.'मोदी ने कहा।"
    >>> _devanagari_cut(text, text.index("."), _QuoteCounter(text))
    (13, 13, True)
    """
    after = dot + 1
    mark = text[after]
    if mark in _OPENING_CURLY:
        opens = True
    elif mark == '"':
        opens = quotes.straight_before(after) % 2 == 0
    elif mark == "'":
        opens = quotes.single_before(after) % 2 == 0
    else:
        opens = False
    cut = after if opens else after + 1
    return cut, cut, True


def _opens_sentence(text: str, index: int) -> bool:
    """A capital, digit or caseless letter, or an opening mark followed by one."""
    char = text[index]
    if char in _OPENERS:
        return index + 1 < len(text) and _is_capital(text[index + 1])
    return _is_capital(char)


def _is_capital(char: str) -> bool:
    """Uppercase, a digit, or a letter of a script without case (Devanagari, CJK)."""
    return char.isdigit() or (char.isalpha() and not char.islower())


#: ``hours.A team``, ``Monday.A U.S. team``: the article ``A`` opens a sentence.
#: ``peninsula.A Nasa satellite``: also before a capitalised word.
_ARTICLE_STARTING_SENTENCE = re.compile(r"A (?:[a-z]{2,}|[A-Z]\.[A-Z]\.|[A-Z]{2,}\b|[A-Z][a-z]+\b)")


def _starts_capitalised_word(text: str, index: int) -> bool:
    """``The``-like (capital then lowercase) or an acronym starting a sentence
    (``US Treasury``, ``BJP's``) at ``index``."""
    if index + 1 >= len(text) or not "A" <= text[index] <= "Z":
        return False
    if text[index + 1].islower():
        return True
    if _ARTICLE_STARTING_SENTENCE.match(text, index) is not None:
        return True
    return _ACRONYM_STARTING_SENTENCE.match(text, index) is not None


def _starts_with_sentence_starter(text: str, index: int) -> bool:
    """Whether a word such as ``The`` or ``However`` (not an initial ``A.``) starts here."""
    word = _FIRST_WORD.match(text, index, index + _STARTER_WINDOW)
    if word is None or word.group() not in SENTENCE_STARTERS:
        return False
    return word.end() == len(text) or text[word.end()] != "."


def _token_before(text: str, lo: int, index: int, window: int) -> str:
    """The whitespace-delimited token ending at ``index``: at most ``window``
    chars, and never reaching back before ``lo``."""
    chunk = text[max(lo, index - window) : index]
    if not chunk or chunk[-1].isspace():
        return ""
    return chunk.rsplit(None, 1)[-1]


def _dot_is_guarded(text: str, lo: int, dot: int) -> bool:
    """Whether the dot closes an abbreviation, an initial or ``U.S.``-like token."""
    token = _token_before(text, lo, dot, _TOKEN_WINDOW).lstrip(_OPENERS)
    if len(token) == 1:
        return token.isupper()
    return token in ABBREVIATIONS or _MULTI_DOT_ABBREVIATION.fullmatch(token) is not None


def _glued_token_is_guarded(text: str, lo: int, dot: int) -> bool:
    """No glued split after ``Mr.``, ``a.m.``, ``e.g.`` or inside URLs and e-mails."""
    token = _token_before(text, lo, dot, _URL_WINDOW)
    if "/" in token or "@" in token:
        return True
    token = token.lstrip(_OPENERS)
    return token in ABBREVIATIONS or _MULTI_DOT_ABBREVIATION.fullmatch(token) is not None


class _QuoteCounter:
    """Counts quote marks in ``text[:pos]`` for non-decreasing ``pos``, so that
    all queries over one block cost linear time together."""

    __slots__ = ("_curly_depth", "_pos", "_single", "_straight", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._pos = 0
        self._straight = 0
        self._single = 0
        self._curly_depth = 0

    def _advance(self, pos: int) -> None:
        text, old = self._text, self._pos
        self._straight += text.count('"', old, pos)
        self._single += text.count("'", old, pos)
        self._curly_depth += text.count("“", old, pos) - text.count("”", old, pos)
        self._pos = pos

    def straight_before(self, pos: int) -> int:
        """Number of straight double quotes before ``pos``."""
        self._advance(pos)
        return self._straight

    def single_before(self, pos: int) -> int:
        """Number of straight single quotes (apostrophes too) before ``pos``."""
        self._advance(pos)
        return self._single

    def inside(self, pos: int) -> bool:
        """Whether ``pos`` lies inside an open quotation."""
        self._advance(pos)
        return self._straight % 2 == 1 or self._curly_depth > 0
