"""rapidfuzz decides what MinHash proposed, for sentences and for articles: the
one module that says when two texts are the same.

Sentences of one item (:func:`similarity`, :func:`facts_agree`,
:func:`contained`, :func:`extends`): two sentences are one when their keys
are similar enough *and* no edit between them swaps a number or a name:
``Kannur recorded 98 mm`` and ``Kozhikode recorded 124 mm`` are different
facts however alike they look. One swapped fact is enough to keep both.

Articles across a feed (:func:`match_score`, :func:`containment_score`,
:func:`fact_conflicts`): two clean texts are one story when the whole texts
are similar or the shorter lies inside the longer, and the replaced numbers
and names stay under a tolerance per word of the shorter text. The rule
differs because an article is long: a wire story and its rewrite can differ
by a corrected figure or a name spelled out, while one swapped fact in a
single sentence is a different sentence. (The clusterer verifies by aligned
sentences, :func:`dedupe_feed.index.align.aligned_score`, built on the
sentence rules here and :func:`fact_conflicts`.) The banding rules that
propose the pairs sit side by side in :mod:`dedupe_feed.candidates`.

>>> from dedupe_feed.keys import unit_key
>>> a = unit_key("Kannur recorded 98 mm of rain on Monday.")
>>> b = unit_key("Kozhikode recorded 124 mm of rain on Monday.")
>>> facts_agree(a, b)
False
>>> facts_agree(a, unit_key("Kannur recorded 98 mm of rain on Monday, officials said."))
True
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, LCSseq, Levenshtein

from dedupe_feed.keys import NUMBER_WORDS, UnitKey, as_digits, same_opening_word, unit_key

#: Capitalised words that begin sentences and are not names.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "he",
        "her",
        "his",
        "i",
        "if",
        "in",
        "it",
        "its",
        "meanwhile",
        "of",
        "on",
        "or",
        "our",
        "she",
        "so",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "we",
        "when",
        "while",
        "with",
        "according",
        "however",
        "also",
        "earlier",
        "later",
    ]
)
_TYPO_SIMILARITY = 80.0
_DIGIT = re.compile(r"\d")
_CJK = re.compile(r"[\u3400-\u9fff]")
_SHORT_FRAGMENT_TOKENS = 2
_MIN_SWAP_TOKENS = 4
#: A shorter article needs this many words to count as a truncated copy.
MIN_CONTAINED_WORDS = 20


def similarity(a: UnitKey, b: UnitKey) -> float:
    """rapidfuzz's normalised Indel similarity of the two keys, 0-1.

    >>> from dedupe_feed.keys import unit_key
    >>> similarity(unit_key("The US said so."), unit_key("The United States said so!"))
    1.0
    """
    return fuzz.ratio(a.text, b.text) / 100.0


def facts_agree(a: UnitKey, b: UnitKey) -> bool:
    """False when an edit between ``a`` and ``b`` replaces a number or a name.

    Inserted or deleted words are allowed (one copy is more complete); a
    replaced word is allowed when it is neither a number nor a name, or is a
    typo of the word it replaces, or is the sentence's first word swapped for
    one that means the same (:func:`~dedupe_feed.keys.same_opening_word`).
    """
    if a.facts == b.facts and not (a.cjk or b.cjk):
        return True  # the same numbers and names in the same order: nothing swapped
    for op in replacements(a.tokens, b.tokens, word_pairs=True):
        if _opening_swap(a, b, op):
            continue
        old = a.cased[op.src_start : op.src_end]
        new = b.cased[op.dest_start : op.dest_end]
        if (a.cjk or b.cjk) and _has_cjk(old + new):
            return False  # no case to tell names in Chinese: a swapped character may be one
        if _replaces_fact(old, new):
            return False
    return True


class Replacement(NamedTuple):
    """Words ``src_start:src_end`` of one text stand where the other has
    ``dest_start:dest_end`` (neither span empty)."""

    src_start: int
    src_end: int
    dest_start: int
    dest_end: int


def replacements(
    a: Sequence[str], b: Sequence[str], *, word_pairs: bool = False
) -> Iterator[Replacement]:
    """The spans of ``a`` that ``b`` replaces.

    Two alignments: the fewest edits (``word_pairs``: Levenshtein, which
    pairs a dropped word with an added one wherever it can, so a typo stays
    a one-word swap), or the longest common subsequence, where a dropped and
    an added word count as one replacement only when they stand at the same
    place, so ``Mobil Oil Corp`` / ``Mobil Corp MOB`` drops ``Oil`` and adds
    ``MOB`` but swaps nothing. Either way, a span that reads the same with its
    numbers in digits (``eight`` / ``8``) is no replacement.

    >>> a, b = "mobil oil corp of us".split(), "mobil corp mob n of us".split()
    >>> list(replacements(a, b)), len(list(replacements(a, b, word_pairs=True)))
    ([], 1)
    >>> [tuple(span) for span in replacements("a got 98 mm".split(), "b got 124 mm".split())]
    [(0, 1, 0, 1), (2, 3, 2, 3)]
    """
    spans = _levenshtein_spans(a, b) if word_pairs else _lcs_spans(a, b)
    for span in spans:
        old, new = a[span.src_start : span.src_end], b[span.dest_start : span.dest_end]
        if as_digits(old) != as_digits(new):  # ``eight`` / ``8`` is the same number
            yield span


def _levenshtein_spans(a: Sequence[str], b: Sequence[str]) -> Iterator[Replacement]:
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "replace":
            yield Replacement(op.src_start, op.src_end, op.dest_start, op.dest_end)


def _lcs_spans(a: Sequence[str], b: Sequence[str]) -> Iterator[Replacement]:
    pending: list[tuple[int, int, int, int]] = []
    for op in [*Indel.opcodes(a, b), None]:
        if op is not None and op.tag != "equal":
            pending.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
            continue
        if pending:
            start, end = pending[0], pending[-1]
            span = Replacement(start[0], end[1], start[2], end[3])
            if span.src_end > span.src_start and span.dest_end > span.dest_start:
                yield span
            pending = []


def _opening_swap(a: UnitKey, b: UnitKey, op: Replacement) -> bool:
    """The replaced span is one word, the first of both, swapped for a synonym."""
    first_only = op.src_start == op.dest_start == 0 and op.src_end == op.dest_end == 1
    return first_only and same_opening_word(a.tokens[0], b.tokens[0])


def swaps_opening(a: UnitKey, b: UnitKey) -> bool:
    """Whether ``b`` is ``a`` with only its first word swapped for one that
    means the same: one sentence, reworded by an editor.

    >>> swaps_opening(unit_key("Heavy rain lashed Mumbai on Tuesday."),
    ...               unit_key("Torrential rain lashed Mumbai on Tuesday."))
    True
    >>> swaps_opening(unit_key("Heavy rain lashed Mumbai on Tuesday."),
    ...               unit_key("Light rain lashed Mumbai on Tuesday."))
    False
    """
    if a.cjk or b.cjk or len(a.tokens) < _MIN_SWAP_TOKENS or a.tokens[1:] != b.tokens[1:]:
        return False
    return a.tokens[0] != b.tokens[0] and same_opening_word(a.tokens[0], b.tokens[0])


def extends(a: UnitKey, b: UnitKey) -> bool:
    """Whether the longer of ``a`` and ``b`` is the shorter with words added
    (nothing replaced): keeping it loses nothing the shorter says.

    >>> from dedupe_feed.keys import unit_key
    >>> extends(unit_key("Rain lashed Kochi."), unit_key("Heavy rain lashed Kochi on Monday."))
    True
    >>> extends(unit_key("Rain lashed Kochi."), unit_key("Rain lashed Kannur."))
    False
    """
    short, long = (a, b) if len(a.tokens) <= len(b.tokens) else (b, a)
    ops = Levenshtein.opcodes(short.tokens, long.tokens)
    return all(op.tag in ("equal", "insert") for op in ops)


def contained(fragment: UnitKey, container: UnitKey, threshold: float) -> float | None:
    """How well ``fragment`` occurs inside the longer ``container`` (0-1),
    or ``None`` when it does not (below ``threshold``, or a fact differs).

    >>> from dedupe_feed.keys import unit_key
    >>> whole = unit_key("The meeting, held on January 27, featured wide-ranging talks.")
    >>> contained(unit_key("held on January 27, featured wide-ranging"), whole, 0.95)
    1.0
    >>> contained(unit_key("held on January 29, featured wide-ranging"), whole, 0.95) is None
    True
    """
    if len(fragment.text) >= len(container.text) or not fragment.tokens:
        return None
    if len(fragment.tokens) <= _SHORT_FRAGMENT_TOKENS:
        inside = fragment.text in container.text or fragment.plain in container.plain
        return 1.0 if inside else None
    if not _words_inside(fragment, container) or not _runs_inside(fragment, container):
        return None
    score = fuzz.partial_ratio(fragment.text, container.text) / 100.0
    folded = fragment.plain != fragment.text or container.plain != container.text
    if score < threshold and folded:
        score = max(score, fuzz.partial_ratio(fragment.plain, container.plain) / 100.0)
    return score if score >= threshold else None


def _runs_inside(fragment: UnitKey, container: UnitKey) -> bool:
    """The fragment's words, cut edge words aside, stand in the container in
    one unbroken run: in order and at the same place, so ``recorded 24 mm``
    is not inside ``recorded 200 mm ... last 24 hours``."""
    vocabulary = container.vocabulary
    for mine, theirs in ((fragment.text, container.text), (fragment.plain, container.plain)):
        words = mine.split()
        if words and words[0] not in vocabulary:
            words = words[1:]
        if words and words[-1] not in vocabulary:
            words = words[:-1]
        if words and f" {' '.join(words)} " in f" {theirs} ":
            return True
    return False


def _words_inside(fragment: UnitKey, container: UnitKey) -> bool:
    """Every word of the fragment occurs in the container, except a word cut
    in half at either end: the first may be the tail of a container word
    (``ing`` of ``meeting``), the last its head; never a number."""
    last = len(fragment.tokens) - 1
    vocabulary = container.vocabulary
    for position, token in enumerate(fragment.tokens):
        if token in vocabulary:
            continue
        if _has_digit(token) or not _is_cut_word(token, position, last, vocabulary):
            return False
    return True


def _is_cut_word(token: str, position: int, last: int, vocabulary: frozenset[str]) -> bool:
    if position == 0 and any(word.endswith(token) and word != token for word in vocabulary):
        return True
    return position == last and any(word.startswith(token) and word != token for word in vocabulary)


def added_facts(new: UnitKey, old: UnitKey) -> tuple[str, ...]:
    """The numbers and names of ``new`` (capitalised words that are no
    function words, numbers in digits or words) that ``old`` does not
    contain at all, casefolded, in order. A sentence's capitalised first word
    counts unless ``old`` has it: with no case to tell, a doubtful word is a
    fact.

    >>> old = unit_key("The IMD on Wednesday said heavy rain hit six Kerala districts.")
    >>> added_facts(unit_key("Heavy rain hit Kerala on Wednesday, officials said."), old)
    ()
    >>> added_facts(unit_key("Rain hit 6 Kerala districts on Wednesday."), old)
    ()
    >>> added_facts(unit_key("Storms hit Idukki on Thursday."), old)
    ('storms', 'idukki', 'thursday')
    """
    known = set(as_digits(old.tokens))
    found = (
        digits
        for word, digits in zip(new.cased, as_digits(new.tokens), strict=True)
        if _is_fact(word) and digits not in known
    )
    return tuple(dict.fromkeys(found))


def _replaces_fact(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    old_facts = [word for word in old if _is_fact(word)]
    new_facts = [word for word in new if _is_fact(word)]
    if not old_facts and not new_facts:
        return False
    if len(old) == 1 and len(new) == 1 and not _has_digit(old[0] + new[0]):
        return fuzz.ratio(old[0].casefold(), new[0].casefold()) < _TYPO_SIMILARITY
    return True


def _is_fact(word: str) -> bool:
    """A number (in digits or words), or a capitalised word that is not a function word."""
    if _has_digit(word) or word.casefold() in NUMBER_WORDS:
        return True
    return word[:1].isupper() and word.casefold() not in _FUNCTION_WORDS


def _has_cjk(words: tuple[str, ...]) -> bool:
    return any(_CJK.search(word) for word in words)


def _has_digit(word: str) -> bool:
    return _DIGIT.search(word) is not None


def fact_conflicts(a: UnitKey, b: UnitKey) -> int:
    """How many edits between the two texts replace a number or a name by
    another one (:func:`facts_agree`, applied to each replaced span and
    counted), under whichever of the two alignments of :func:`replacements`
    finds fewer: a difference one reading explains without a swap is none.
    Inserted or deleted words (a fuller copy), a name replaced by a common
    word (``Monday`` -> ``today``), a typo, an abbreviation (``Jan`` ->
    ``January``) or a number spelled out (``eight`` -> ``8``) are no
    conflict; a number replaced by anything else is one.

    >>> one = unit_key("Acme Corp Q3 net profit 1.2 mln dlrs vs 0.8 mln, sales 14 mln vs 11 mln")
    >>> two = unit_key("Acme Corp Q3 net profit 3.4 mln dlrs vs 2.1 mln, sales 19 mln vs 17 mln")
    >>> fact_conflicts(one, two), fact_conflicts(one, one)
    (4, 0)
    >>> old, new = unit_key("Sales rose on Monday in Jan"), unit_key("Sales rose today in January")
    >>> fact_conflicts(old, new)
    0
    >>> fact_conflicts(unit_key("Fadiga said so."), unit_key("He said so."))
    0
    >>> mobil = unit_key("Mobil Oil Corp of the U.S. plans")
    >>> fact_conflicts(mobil, unit_key("Mobil Corp <MOB.N> of the U.S. plans"))
    0
    """
    if a.facts == b.facts:
        return 0
    fewest_edits = _swapped_facts(a, b, word_pairs=True)
    return fewest_edits and min(fewest_edits, _swapped_facts(a, b, word_pairs=False))


def _swapped_facts(a: UnitKey, b: UnitKey, word_pairs: bool) -> int:
    return sum(
        _swaps_fact(a.cased[op.src_start : op.src_end], b.cased[op.dest_start : op.dest_end])
        for op in replacements(a.tokens, b.tokens, word_pairs=word_pairs)
    )


def _swaps_fact(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    old_key, new_key = unit_key(" ".join(old)), unit_key(" ".join(new))
    if _numbers(old_key) != _numbers(new_key):
        return True  # a number replaced, by another one or by words
    if not any(map(_is_fact, old)) or not any(map(_is_fact, new)):
        return False  # a name for a pronoun or a common word ("Fadiga" -> "He")
    if len(old) == len(new) == 1 and _abbreviates(old_key.text, new_key.text):
        return False
    return not facts_agree(old_key, new_key)


def _numbers(key: UnitKey) -> list[str]:
    return sorted(token for token in as_digits(key.tokens) if _has_digit(token))


def _abbreviates(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short) and not any(c.isdigit() for c in long)


# --- articles: two whole clean texts ----------------------------------------


def containment_score(short: UnitKey, long: UnitKey, *, threshold: float = 0.9) -> float | None:
    """How wholly ``short`` lies inside ``long`` (a truncated copy), 0-1:
    rapidfuzz's ``partial_ratio`` of the folded texts, after a cheap gate
    (the share of the short text's words found in order in the long one,
    ``LCSseq``); ``None`` below ``threshold`` or for texts under
    :data:`MIN_CONTAINED_WORDS` words.

    >>> from dedupe_feed.keys import unit_key
    >>> long = unit_key("Heavy rain lashed Kochi on Monday and schools stayed shut. " * 4)
    >>> cut = unit_key("Heavy rain lashed Kochi on Monday and schools stayed shut. " * 2 + "Heavy")
    >>> containment_score(cut, long)
    1.0
    >>> containment_score(unit_key("Heavy rain lashed Kochi on Monday"), long) is None
    True
    """
    size = len(short.tokens)
    if size < MIN_CONTAINED_WORDS or len(long.tokens) < size:
        return None
    in_order = LCSseq.similarity(
        short.tokens, long.tokens, score_cutoff=math.ceil(threshold * size)
    )
    if not in_order:
        return None
    score = fuzz.partial_ratio(short.text, long.text, score_cutoff=threshold * 100) / 100
    return score or None


def match_score(
    a: UnitKey,
    b: UnitKey,
    *,
    similarity: float = 0.8,
    containment: float = 0.9,
    fact_tolerance: float = 0.004,
) -> float | None:
    """Whole-text verification of two articles (the clusterer verifies by
    aligned sentences, :func:`~dedupe_feed.index.align.aligned_score`, which
    extra material on either side does not lower): their rapidfuzz
    similarity (0-1), or how well the shorter lies inside the longer (a
    truncated copy); ``None`` when
    neither reaches its threshold or more facts differ than tolerated
    (``fact_tolerance`` replaced numbers/names per word of the shorter text).

    >>> from dedupe_feed.keys import unit_key
    >>> whole = unit_key("Rain lashed Kochi on Monday. " * 10 + "Schools stay shut. " * 12)
    >>> match_score(unit_key("Rain lashed Kochi on Monday. " * 10), whole)
    1.0
    >>> match_score(unit_key("Rain lashed Kochi on Tuesday. " * 10), whole) is None
    True
    """
    if not a.tokens or not b.tokens:
        return None
    score = fuzz.ratio(a.text, b.text, score_cutoff=similarity * 100) / 100
    short, long = (a, b) if len(a.text) <= len(b.text) else (b, a)
    if not score:
        score = containment_score(short, long, threshold=containment) or 0.0
    if not score:
        return None
    if fact_conflicts(a, b) > int(len(short.tokens) * fact_tolerance):
        return None
    return round(score, 4)
