"""Shallow features of every line of an item, and of its neighbours.

The features follow jusText and boilerpipe (Kohlschütter et al., WSDM 2010)
and the C4/Gopher line filters: length, stopword density, terminal
punctuation, title case, digits, separators, call-to-action and platform
words, where the line sits relative to the item's run of prose, how many of
its words the title and the prose share, and the same few facts about the
lines around it (jusText's context pass). Every feature has a name that
explains it; :data:`FEATURE_NAMES` is their order in a row.

>>> from dedupe_feed.linemodel.stopwords import Stoplists
>>> rows = line_features(
...     ["Home | World | Asia", "Rain lashed Kochi on Monday and the schools were shut.",
...      "Follow us on Facebook"], Stoplists.load())
>>> len(rows), len(rows[0]) == len(FEATURE_NAMES)
(3, True)
>>> value = dict(zip(FEATURE_NAMES, rows[0]))
>>> value["separators"], value["is_prose"], value["before_first_prose"]
(2.0, 0.0, 1.0)
>>> dict(zip(FEATURE_NAMES, rows[2]))["platform_words"]
1.0
"""

from __future__ import annotations

import math
import re
import string
import sys
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, compress
from operator import itemgetter
from typing import Any

import numpy as np

from dedupe_feed.linemodel.dates import has_date
from dedupe_feed.linemodel.stopwords import ASCII_KEEP, Stoplists, tokenize

TERMINAL = frozenset(".!?。！？।॥…\"'”’)")
"""Characters a line of prose ends with (closing quotes and brackets too)."""

SEPARATORS = frozenset("|•·»›«‹>/~▪►◆■□●○◦–—_=+*#")
BULLET_START = frozenset("•·-*–—►▪●◦»›>")


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``, as a set.

    >>> sorted(word_set("follow  share"))
    ['follow', 'share']
    """
    return frozenset(text.split())


CALL_TO_ACTION = word_set(
    """follow subscribe sign signup login log register click tap download install join
    share tweet like comment comments reply read watch listen save print email
    newsletter newsletters app apps alerts notifications unsubscribe more next previous
    back top skip menu search home contact advertise advertisement sponsored ad ads
    क्लिक करें पढ़ें फॉलो सब्सक्राइब डाउनलोड जुड़ें शेयर देखें
    关注 订阅 点击 下载 分享 登录 注册 打印 收藏 推荐 阅读 广告 评论 返回 首页"""
)
"""Words of prompts and page chrome, in English, Hindi and Chinese."""

PLATFORMS = word_set(
    """facebook twitter x instagram whatsapp telegram youtube linkedin pinterest
    reddit tiktok snapchat threads koo google rss flipboard weibo wechat 微博 微信
    android ios iphone"""
)
LEGAL_PHRASES = (
    "©", "(c)", "copyright", "all rights reserved", "terms of use", "terms of service",
    "privacy", "cookie", "disclaimer", "版权", "कॉपीराइट",
)  # fmt: skip
"""Legal and policy wording (looked up in the casefolded line)."""
TIME_WORDS = word_set(
    """updated published posted modified ago yesterday today ist gmt utc edt est pst
    अपडेट प्रकाशित 发布 更新"""
)
TIME_PHRASES = ("min read", "mins read", "last updated")
CAPTION_WORDS = word_set(
    """photo photos image images file representational getty pic picture pictures credit
    video videos gallery illustration courtesy फोटो तस्वीर 图片 摄影 视频"""
)
COMMENT_WORDS = word_set(
    "reply replies comment comments says wrote discuss discussion reader readers login"
)
COMMENT_PHRASES = ("posted by", "report abuse", "log in", "leave a")
SENTENCE_ENDS = (". ", "? ", "! ", "。", "।")
COMMAS = tuple(",，、")
QUOTES = tuple('"“”«»「」')

LINK_LIKE = re.compile(r"https?://|www\.|\.com\b|\.in\b|@\w|\w@\w")
"""Links, handles and e-mail addresses (searched in the casefolded line)."""
_LINK_HINTS = ("http", "www.", ".com", ".in", "@")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")

PROSE_MIN_TOKENS = 10
PROSE_MIN_STOP_DENSITY = 0.2
CONTENT_WORD_MIN_CHARS = 3
_SHORTER_THAN_CONTENT = CONTENT_WORD_MIN_CHARS - 1

OWN_FEATURES = (
    "log_chars", "log_tokens", "stop_density", "log_stopwords", "terminal_punctuation",
    "ends_with_colon", "title_case_share", "upper_share", "digit_share", "punctuation_share",
    "separators", "starts_with_bullet", "link_like", "call_to_action_words", "platform_words",
    "legal_words", "date_or_time", "time_words", "caption_words", "comment_words",
    "mean_word_length", "letter_share", "sentence_ends", "comma_share", "has_quote",
    "cjk_share", "is_prose",
)  # fmt: skip
"""What a line says about itself."""

PAGE_FEATURES = (
    "relative_position", "log_lines_before", "log_lines_after", "title_overlap",
    "prose_overlap", "log_repeats", "before_first_prose", "after_last_prose",
    "log_distance_to_prose", "prose_share_3", "prose_share_10", "log_page_lines",
    "page_prose_share", "log_run_length", "run_position",
)  # fmt: skip
"""Where the line sits in the item and what it shares with the rest."""

NEIGHBOUR_FEATURES = (
    "log_tokens", "stop_density", "terminal_punctuation", "title_case_share", "separators",
    "is_prose", "link_like", "call_to_action_words",
)  # fmt: skip
NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)

FEATURE_NAMES: tuple[str, ...] = (
    *OWN_FEATURES,
    *PAGE_FEATURES,
    *(f"{name}@{offset:+d}" for offset in NEIGHBOUR_OFFSETS for name in NEIGHBOUR_FEATURES),
)
"""The columns of a feature row, in order."""

_OWN_INDEX = {name: position for position, name in enumerate(OWN_FEATURES)}
_NEIGHBOUR_COLUMNS = tuple(_OWN_INDEX[name] for name in NEIGHBOUR_FEATURES)
_NEIGHBOURS_FROM = len(OWN_FEATURES) + len(PAGE_FEATURES)
"""The first column of the neighbours' features."""


@dataclass(frozen=True, slots=True)
class LineFacts:
    """The features of one line on its own, and its content words."""

    values: array[float]
    """The own features in :data:`OWN_FEATURES` order (packed doubles)."""
    content_words: tuple[str, ...]
    """Distinct content words (a tuple: a frozenset per line of a 10 MB item
    costs hundreds of bytes more each)."""
    chars: int
    prose: bool


FactsMemo = dict[tuple[str, str], "LineFacts"]
"""``(language, line) -> LineFacts``, for one caller scoring the same lines again."""


def line_features(
    lines: Sequence[str],
    stoplists: Stoplists,
    title: str | None = None,
    memo: FactsMemo | None = None,
) -> list[list[float]]:
    """One feature row per line (see :data:`FEATURE_NAMES`).

    ``title`` is the item's headline when known; otherwise the first line
    stands in for it. ``memo`` (owned by the caller) keeps each line's own
    features between calls on the same item.
    """
    return list(PageFeatures.build(lines, stoplists, title, memo).rows())


def feature_matrix(
    lines: Sequence[str],
    stoplists: Stoplists,
    title: str | None = None,
    memo: FactsMemo | None = None,
) -> Any:
    """:func:`line_features` as a float64 array (lines x features), filled a
    block at a time: a 10 MB item never holds its rows as lists of floats.

    >>> from dedupe_feed.linemodel.stopwords import Stoplists
    >>> lines = ["Home | World", "Rain lashed Kochi on Monday and the schools were shut."]
    >>> matrix = feature_matrix(lines, Stoplists.load())
    >>> matrix.shape == (2, len(FEATURE_NAMES))
    True
    >>> matrix.tolist() == line_features(lines, Stoplists.load())
    True
    """
    blocks = [block for _, block in PageFeatures.build(lines, stoplists, title, memo).blocks()]
    if len(blocks) == 1:
        return blocks[0]
    return np.concatenate(blocks) if blocks else np.empty((0, len(FEATURE_NAMES)))


BLOCK_ROWS = 1024
"""Lines per block of :meth:`PageFeatures.blocks` (0.6 MB of doubles)."""


@dataclass(frozen=True)
class PageFeatures:
    """Every line's own facts and the page context, computed at once; the
    feature rows only on demand (:meth:`rows`, :meth:`blocks`), so a caller
    can first ask :attr:`any_prose`.

    >>> from dedupe_feed.linemodel.stopwords import Stoplists
    >>> page = PageFeatures.build(["Home | News", "Rain lashed Kochi on Monday and the "
    ...                            "schools in the district were shut."], Stoplists.load())
    >>> page.any_prose, [(start, block.shape[0]) for start, block in page.blocks()]
    (True, [(0, 2)])
    """

    facts: list[LineFacts]
    page: _PageContext
    title_words: frozenset[str]

    @classmethod
    def build(
        cls,
        lines: Sequence[str],
        stoplists: Stoplists,
        title: str | None = None,
        memo: FactsMemo | None = None,
    ) -> PageFeatures:
        """The facts of ``lines`` (``title`` and ``memo`` as in :func:`line_features`)."""
        if not lines:
            return cls([], _PageContext.build([], []), frozenset())
        stoplist = stoplists.choose(lines)
        facts = [_facts(line, stoplist.language, stoplist.words, memo) for line in lines]
        words = _content_words(title, stoplist.words) if title else facts[0].content_words
        return cls(facts, _PageContext.build(lines, facts), frozenset(words))

    @property
    def any_prose(self) -> bool:
        """Whether any line is prose (its ``is_prose`` feature is 1)."""
        return bool(self.page.prose_indexes)

    def rows(self) -> Iterator[list[float]]:
        """One feature row per line, in order."""
        for _, block in self.blocks():
            yield from block.tolist()

    def blocks(self) -> Iterator[tuple[int, Any]]:
        """The rows as ``(first line index, float64 array)`` blocks of
        :data:`BLOCK_ROWS` lines, built a column at a time."""
        for start in range(0, len(self.facts), BLOCK_ROWS):
            end = min(len(self.facts), start + BLOCK_ROWS)
            yield start, self._block(start, end)

    def _block(self, start: int, end: int) -> Any:
        """The rows of lines ``start`` to ``end``: their own features, the
        page's columns, then the neighbours' columns (own columns shifted)."""
        low, high = max(0, start - 2), min(len(self.facts), end + 2)
        own = own_matrix(self.facts[low:high])
        block = np.empty((end - start, len(FEATURE_NAMES)), dtype=np.float64)
        block[:, : len(OWN_FEATURES)] = own[start - low : end - low]
        block[:, len(OWN_FEATURES) : _NEIGHBOURS_FROM] = self.page.columns(
            start, end, self.facts, self.title_words
        )
        neighbours = own[:, list(_NEIGHBOUR_COLUMNS)]
        for slot, offset in enumerate(NEIGHBOUR_OFFSETS):
            column = _NEIGHBOURS_FROM + slot * len(NEIGHBOUR_FEATURES)
            target = block[:, column : column + len(NEIGHBOUR_FEATURES)]
            first, last = max(start, -offset), min(end, len(self.facts) - offset)
            target[:] = 0.0
            if first < last:
                target[first - start : last - start] = neighbours[
                    first + offset - low : last + offset - low
                ]
        return block


SENTENCE_MIN_TOKENS = 2


def reads_as_sentence(rows: Any) -> Any:
    """For a feature matrix, which rows read as a sentence: prose, or at least
    two tokens with a stopword and terminal punctuation. Such lines need the
    model's stricter threshold (a one-line paragraph of news is a sentence).

    >>> import numpy as np
    >>> from dedupe_feed.linemodel.stopwords import Stoplists
    >>> rows = np.array(line_features(["The price was not announced.", "Home | News"],
    ...                               Stoplists.load()))
    >>> reads_as_sentence(rows).tolist()
    [True, False]
    """
    x = np.asarray(rows, dtype=np.float64)
    if x.ndim != 2 or x.shape[0] == 0:
        return np.zeros(0, dtype=bool)
    column = {name: x[:, FEATURE_NAMES.index(name)] for name in _SENTENCE_COLUMNS}
    short_sentence = (
        (column["terminal_punctuation"] > 0)
        & (column["log_tokens"] >= math.log1p(SENTENCE_MIN_TOKENS))
        & (column["log_stopwords"] > 0)
    )
    return (column["is_prose"] > 0) | short_sentence


_SENTENCE_COLUMNS = ("terminal_punctuation", "log_tokens", "log_stopwords", "is_prose")


def _facts(
    line: str, language: str, stopwords: frozenset[str], memo: FactsMemo | None
) -> LineFacts:
    if memo is None:
        return describe_line(line, stopwords)
    key = (language, line)
    found = memo.get(key)
    if found is None:
        found = memo[key] = describe_line(line, stopwords)
    return found


def describe_line(line: str, stopwords: frozenset[str]) -> LineFacts:
    """The own-line features of ``line``.

    >>> facts = describe_line("Follow us on X.", frozenset({"us", "on"}))
    >>> dict(zip(OWN_FEATURES, facts.values))["call_to_action_words"]
    1.0
    """
    text = line.strip()
    folded = text.casefold()
    tokens, title_share, token_chars = _token_shape(text)
    n_tokens = len(tokens)
    unique = set(tokens)
    stops = sum(map(stopwords.__contains__, tokens))
    spaces, letters, digits, upper, separators = char_classes(text)
    non_space = len(text) - spaces or 1
    alnum = letters + digits if text.isascii() else sum(map(str.isalnum, text))
    cjk = len(_CJK.findall(text)) if letters and not text.isascii() else 0
    stop_density = stops / n_tokens if n_tokens else 0.0
    terminal = bool(text) and text[-1] in TERMINAL
    prose = (
        (n_tokens >= PROSE_MIN_TOKENS or cjk >= 2 * PROSE_MIN_TOKENS)
        and terminal
        and stop_density >= PROSE_MIN_STOP_DENSITY / (2 if cjk else 1)
    )
    values = array(  # packed doubles: a tuple of float objects is 4x the memory
        "d",
        (
            math.log1p(len(text)),
            math.log1p(n_tokens),
            stop_density,
            math.log1p(stops),
            float(terminal),
            float(text.endswith((":", "：", "-"))),
            title_share,
            upper / letters if letters else 0.0,
            digits / non_space,
            (non_space - alnum) / non_space,
            float(separators),
            float(bool(text) and (text[0] in BULLET_START or text[:3].rstrip(".) ").isdigit())),
            float(_has_link(folded)),
            float(len(unique & CALL_TO_ACTION)),
            float(len(unique & PLATFORMS)),
            float(any(map(folded.__contains__, LEGAL_PHRASES))),
            float(bool(digits) and has_date(folded)),
            float(not unique.isdisjoint(TIME_WORDS) or any(map(folded.__contains__, TIME_PHRASES))),
            float(not unique.isdisjoint(CAPTION_WORDS)),
            float(
                not unique.isdisjoint(COMMENT_WORDS)
                or any(map(folded.__contains__, COMMENT_PHRASES))
            ),
            token_chars / n_tokens if n_tokens else 0.0,
            letters / non_space,
            float(sum(map(text.count, SENTENCE_ENDS))),
            sum(map(text.count, COMMAS)) / non_space,
            float(any(map(text.__contains__, QUOTES))),
            cjk / letters if letters else 0.0,
            float(prose),
        ),
    )
    words = _content_words_of(unique, stopwords, text.isascii())
    return LineFacts(values, words, len(text), prose)


def _token_shape(text: str) -> tuple[list[str], float, int]:
    """The casefolded tokens of ``text``, its :func:`title_case_share` and
    how many characters its tokens hold, tokenising ASCII text once.

    >>> _token_shape("Rain hit 3 Towns")
    (['rain', 'hit', '3', 'towns'], 0.6666666666666666, 13)
    """
    if not text.isascii():
        tokens = tokenize(text, fold=True)
        return tokens, title_case_share(text), sum(map(len, tokens))
    kept = text.encode("ascii").translate(ASCII_KEEP)  # tokenize(text) as bytes
    tokens = kept.lower().decode("ascii").split()  # tokenize(text, fold=True)
    return tokens, _ascii_title_share(kept.split()), len(kept) - kept.count(b" ")


def _ascii_title_share(tokens: Sequence[bytes]) -> float:
    """:func:`title_case_share` of ASCII tokens (as bytes)."""
    firsts = bytes(map(_FIRST, tokens))
    letters = len(firsts) - len(firsts.translate(None, _ASCII_LETTERS))
    upper = len(firsts) - len(firsts.translate(None, _ASCII_UPPER))
    return upper / letters if letters else 0.0


def char_classes(text: str) -> tuple[int, int, int, int, int]:
    """``(spaces, letters, digits, capitals, separators)`` in ``text``
    (str.isspace, isalpha, isdigit, isupper, :data:`SEPARATORS`). ASCII text
    is mapped to one class byte a character by one ``bytes.translate``,
    then each class is counted.

    >>> char_classes("Home | World 2"), char_classes("Ünïcode 4 » A/B")
    ((3, 9, 1, 2, 1), (3, 9, 1, 3, 2))
    """
    if text.isascii():
        classes = text.encode("ascii").translate(_ASCII_CLASSES)
        upper = classes.count(b"U")
        return (
            classes.count(b"s"),
            upper + classes.count(b"l"),
            classes.count(b"d"),
            upper,
            classes.count(b"p"),
        )
    return (
        sum(map(str.isspace, text)),
        sum(map(str.isalpha, text)),
        sum(map(str.isdigit, text)),
        sum(map(str.isupper, text)),
        sum(map(SEPARATORS.__contains__, text)),
    )


def _ascii_bytes(characters: str | frozenset[str]) -> bytes:
    return bytes(sorted(ord(c) for c in characters if c.isascii()))


_ASCII_SPACE = _ascii_bytes(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f")
_ASCII_LETTERS = _ascii_bytes(string.ascii_letters)
_ASCII_DIGITS = _ascii_bytes(string.digits)
_ASCII_UPPER = _ascii_bytes(string.ascii_uppercase)
_ASCII_SEPARATORS = _ascii_bytes(SEPARATORS)


def _class_table() -> bytes:
    """``bytes.translate`` table: each ASCII byte to its class (``s`` space,
    ``U`` capital, ``l`` small letter, ``d`` digit, ``p`` separator, ``o`` other)."""
    classes = (
        (_ASCII_SPACE, b"s"), (_ASCII_UPPER, b"U"), (string.ascii_lowercase.encode(), b"l"),
        (_ASCII_DIGITS, b"d"), (_ASCII_SEPARATORS, b"p"),
    )  # fmt: skip
    table = bytearray(b"o" * 256)
    for members, code in classes:
        for byte in members:
            table[byte] = code[0]
    return bytes(table)


_ASCII_CLASSES = _class_table()


def title_case_share(text: str) -> float:
    """The share of tokens starting with a letter (CJK excepted) whose first
    letter is a capital.

    >>> title_case_share("Home | World Cup 2026 news"), title_case_share("2026")
    (0.75, 0.0)
    """
    if text.isascii():
        return _ascii_title_share(text.encode("ascii").translate(ASCII_KEEP).split())
    initials = [t[0] for t in tokenize(text) if t[0].isalpha() and not _CJK.match(t[0])]
    return sum(map(str.isupper, initials)) / len(initials) if initials else 0.0


_FIRST = itemgetter(0)


def _content_words_of(unique: set[str], stopwords: frozenset[str], ascii: bool) -> tuple[str, ...]:
    """The tokens that are no stopword and have at least three characters
    (or are a CJK character, never found in ``ascii`` text), interned: a
    memo keeps one string per distinct word."""
    if ascii:
        return tuple(
            [_intern(w) for w in unique if len(w) >= CONTENT_WORD_MIN_CHARS and w not in stopwords]
        )
    candidates = list(unique.difference(stopwords))
    lengths = list(map(len, candidates))
    long = compress(candidates, map(_SHORTER_THAN_CONTENT.__lt__, lengths))
    short = compress(candidates, map(_SHORTER_THAN_CONTENT.__ge__, lengths))
    return tuple(map(_intern, chain(long, filter(_CJK.match, short))))


_intern = sys.intern


def _has_link(folded: str) -> bool:
    return any(map(folded.__contains__, _LINK_HINTS)) and bool(LINK_LIKE.search(folded))


def _content_words(text: str, stopwords: frozenset[str]) -> tuple[str, ...]:
    """``describe_line(text, stopwords).content_words``, without the other features."""
    text = text.strip()
    return _content_words_of(set(tokenize(text, fold=True)), stopwords, text.isascii())


def _title_overlap(words: tuple[str, ...], title_words: frozenset[str]) -> float:
    """The share of ``words`` that the title holds."""
    return len(title_words.intersection(words)) / len(words) if words else 0.0


def own_matrix(facts: Sequence[LineFacts]) -> Any:
    """The own features of ``facts``, one row each (a float64 array)."""
    joined = b"".join([fact.values for fact in facts])
    return np.frombuffer(joined, dtype=np.float64).reshape(len(facts), len(OWN_FEATURES))


@dataclass(frozen=True)
class _PageContext:
    """What every line's page features need, computed once per item."""

    n: int
    prose_indexes: tuple[int, ...]
    prose_prefix: tuple[int, ...]
    char_prefix: tuple[int, ...]
    prose_words: Counter[str]
    repeats: Counter[str]
    keys: tuple[str, ...]
    runs: tuple[tuple[int, int], ...]

    @classmethod
    def build(cls, lines: Sequence[str], facts: Sequence[LineFacts]) -> _PageContext:
        prose = tuple(i for i, fact in enumerate(facts) if fact.prose)
        prose_words: Counter[str] = Counter()
        for index in prose:
            prose_words.update(facts[index].content_words)
        keys = tuple(" ".join(line.split()).casefold() for line in lines)
        return cls(
            n=len(lines),
            prose_indexes=prose,
            prose_prefix=tuple(accumulate((f.chars if f.prose else 0 for f in facts), initial=0)),
            char_prefix=tuple(accumulate((f.chars for f in facts), initial=0)),
            prose_words=prose_words,
            repeats=Counter(keys),
            keys=keys,
            runs=_runs(facts),
        )

    def columns(
        self, start: int, end: int, facts: Sequence[LineFacts], title_words: frozenset[str]
    ) -> Any:
        """The :data:`PAGE_FEATURES` of lines ``start`` to ``end``, one row
        each (a float64 array)."""
        n, part = self.n, facts[start:end]
        first = self.prose_indexes[0] if self.prose_indexes else n
        last = self.prose_indexes[-1] if self.prose_indexes else -1
        index = np.arange(start, end)
        runs = self.runs[start:end]
        out = np.empty((end - start, len(PAGE_FEATURES)), dtype=np.float64)
        out[:, 0] = index / (n - 1) if n > 1 else 0.0
        out[:, 1] = list(map(math.log1p, range(start, end)))
        out[:, 2] = list(map(math.log1p, range(n - 1 - start, n - 1 - end, -1)))
        out[:, 3] = [_title_overlap(fact.content_words, title_words) for fact in part]
        out[:, 4] = [self._prose_overlap(fact) for fact in part]
        out[:, 5] = [math.log1p(self.repeats[key] - 1) for key in self.keys[start:end]]
        out[:, 6] = index < first
        out[:, 7] = index > last
        out[:, 8] = [math.log1p(self._distance_to_prose(i)) for i in range(start, end)]
        out[:, 9], out[:, 10] = self._prose_shares(start, end, (3, 10))
        out[:, 11] = math.log1p(n)
        out[:, 12] = self.prose_prefix[-1] / (self.char_prefix[-1] or 1)
        out[:, 13] = [math.log1p(run_end - run_start) for run_start, run_end in runs]
        out[:, 14] = [
            (i - run_start) / (run_end - run_start)
            for i, (run_start, run_end) in enumerate(runs, start)
        ]
        return out

    def _prose_overlap(self, fact: LineFacts) -> float:
        """The share of the line's content words that other prose lines hold."""
        words = fact.content_words
        if not words:
            return 0.0
        own = 1 if fact.prose else 0
        prose_words = self.prose_words
        return sum(1 for w in words if prose_words[w] > own) / len(words)

    def _prose_shares(self, start: int, end: int, radii: Sequence[int]) -> list[Any]:
        """For lines ``start`` to ``end`` and each radius, the share of the
        characters within that many lines of a line (itself included) that
        are prose; only the prefix sums around the lines are read."""
        base = max(0, start - max(radii))
        top = min(self.n, end + max(radii)) + 1
        chars = np.asarray(self.char_prefix[base:top])
        prose = np.asarray(self.prose_prefix[base:top])
        index = np.arange(start - base, end - base)
        shares = []
        for radius in radii:
            low = np.maximum(index - radius, 0)
            high = np.minimum(index + radius + 1, self.n - base)
            window = chars[high] - chars[low]
            shares.append((prose[high] - prose[low]) / np.where(window == 0, 1, window))
        return shares

    def _distance_to_prose(self, index: int) -> int:
        prose = self.prose_indexes
        if not prose:
            return self.n
        at = bisect_left(prose, index)
        after = prose[at] - index if at < len(prose) else self.n
        before = index - prose[at - 1] if at > 0 else self.n
        return min(after, before)


def _runs(facts: Sequence[LineFacts]) -> tuple[tuple[int, int], ...]:
    """For each line, the ``[start, end)`` of the run of lines of its kind
    (prose or not) that it belongs to: a list of five teasers is one run."""
    spans: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(facts) + 1):
        if index == len(facts) or facts[index].prose != facts[start].prose:
            spans.extend([(start, index)] * (index - start))
            start = index
    return tuple(spans)
