"""Two clean articles are one story when their sentences align.

Each text is cut into sentences (:func:`sentence_keys`). Every sentence of
the *shorter* copy (fewer words) is looked up in the other one: the
same sentence (:func:`~dedupe_feed.verify.similarity` at least
``similarity``, facts agreeing, :func:`~dedupe_feed.verify.facts_agree`), or
a part of a longer sentence (:func:`~dedupe_feed.verify.contained`,
:func:`~dedupe_feed.verify.extends`). The
two are one story when the share of the shorter copy's *prose* words
(sentences of at least :data:`PROSE_WORDS` words; all words when it has
none) found so reaches ``share``; the score is that share with each found
sentence weighted by its similarity. A
sentence that looks like one of the other copy's but swaps a number or a
name is a fact conflict; more than ``fact_tolerance`` conflicts per word of
the shorter copy and the two are different reports. Material found in only
one copy (a header, a promo banner, a photo caption, a last paragraph cut
off) costs nothing beyond the share: leftover chrome is neither a match nor
a conflict unless it aligns with the other copy's.

>>> wire = ("Heavy rain lashed Kannur district on Monday night, officials said. "
...         "The IMD issued an orange alert for three districts on Tuesday morning.")
>>> site_a = "Stock Market News\\n\\n" + wire + "\\n\\nPublished 9 Jul 2025 10:45 IST."
>>> site_b = "Listen to this article\\n\\n" + wire.replace("officials said", "officials told PTI")
>>> aligned_score(sentence_keys(site_a), sentence_keys(site_b))
0.9638
>>> other = wire.replace("Kannur", "Kozhikode").replace("three", "four")
>>> aligned_score(sentence_keys(site_a), sentence_keys(other)) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from dedupe_feed.keys import UnitKey, unit_key
from dedupe_feed.sentences import split_sentences
from dedupe_feed.verify import contained, extends, fact_conflicts

#: Sentences of at least this many words carry a copy's share; shorter
#: lines (menus, bylines, captions, date lines) are mostly chrome.
PROSE_WORDS = 10
#: Look-alike sentences of the other copy checked for agreeing facts.
_ALTERNATIVES = 3
_SENTENCE_ENDS = tuple(".!?:;\"'”’)")


def sentence_keys(text: str) -> list[UnitKey]:
    """The comparison keys of the sentences of each line of ``text``; a line
    that does not end a sentence and the next line that starts in lower case
    are one line (a copy re-flowed at another width).

    >>> [key.text for key in sentence_keys("Rain lashed Kochi.The IMD said so.\\n\\n(c) 2025")]
    ['rain lashed kochi', 'the imd said so', 'c 2025']
    >>> [key.text for key in sentence_keys("Rain lashed\\n\\nKochi on\\n\\nthe coast.")]
    ['rain lashed', 'kochi on the coast']
    """
    keys = []
    for line in _lines(text):
        for sentence in split_sentences(line):
            key = unit_key(line[sentence.start : sentence.end])
            if key.tokens:
                keys.append(key)
    return keys


def _lines(text: str) -> list[str]:
    lines: list[str] = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        if lines and line[0].islower() and not lines[-1].endswith(_SENTENCE_ENDS):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


def prose_sentences(keys: Sequence[UnitKey]) -> Sequence[UnitKey]:
    """The sentences that carry a copy: those of at least :data:`PROSE_WORDS`
    words, or every sentence when there is none.

    >>> page = "Home | News\\nRain lashed Kochi on Monday and schools stayed shut all day."
    >>> [key.text for key in prose_sentences(sentence_keys(page))]
    ['rain lashed kochi on monday and schools stayed shut all day']
    """
    prose = [key for key in keys if key.word_count >= PROSE_WORDS]
    return prose or keys


def signature_tokens(keys: Sequence[UnitKey]) -> tuple[str, ...]:
    """The tokens an article is signed on: those of its prose sentences, or
    every token when it has no prose sentence (chrome lines differ between
    copies and would lower their estimated similarity).

    >>> signature_tokens(sentence_keys("Home | News\\nRain lashed Kochi on Monday and "
    ...                                "schools in the district stayed shut."))[:3]
    ('rain', 'lashed', 'kochi')
    >>> signature_tokens(sentence_keys("Rain in Kochi."))
    ('rain', 'in', 'kochi')
    """
    prose = prose_sentences(keys)
    return tuple(token for key in prose for token in key.tokens)


def aligned_score(
    a: Sequence[UnitKey],
    b: Sequence[UnitKey],
    *,
    similarity: float = 0.8,
    containment: float = 0.9,
    share: float = 0.75,
    fact_tolerance: float = 0.004,
) -> float | None:
    """The share (0-1) of the shorter copy's prose words found in the other,
    each weighted by its sentence's similarity; ``None`` when less than
    ``share`` is found or with more fact conflicts than tolerated (see the
    module docstring).

    >>> one = sentence_keys("Acme Corp said net profit rose to 1.2 mln dlrs in the quarter.")
    >>> two = sentence_keys("Acme Corp said net profit rose to 3.4 mln dlrs in the quarter.")
    >>> aligned_score(one, two) is None, aligned_score(one, one)
    (True, 1.0)
    """
    if not a or not b:
        return None
    short, long = (a, b) if _words(a) <= _words(b) else (b, a)
    prose = {id(key) for key in prose_sentences(short)}
    texts = [key.text for key in long]
    found = weighted = 0.0
    conflicts = 0
    for key in short:
        words, score, conflict = _align(key, long, texts, similarity, containment)
        if id(key) in prose:
            found += words
            weighted += words * score
        conflicts += conflict
    total = _words(prose_sentences(short))
    if found < share * total or conflicts > int(_words(short) * fact_tolerance):
        return None
    return round(weighted / total, 4)


def _align(
    key: UnitKey, long: Sequence[UnitKey], texts: list[str], similarity: float, containment: float
) -> tuple[int, float, bool]:
    """(words of ``key`` found in ``long``, their similarity 0-1, whether
    ``key`` conflicts with a look-alike)."""
    # verify.similarity (the ratio of the two keys), batched over the other copy
    hits = process.extract(
        key.text, texts, scorer=fuzz.ratio, score_cutoff=similarity * 100, limit=_ALTERNATIVES
    )
    if hits:
        for _, score, index in hits:
            if not fact_conflicts(key, long[index]):
                return len(key.tokens), score / 100, False
        return 0, 0.0, True
    for scorer in (fuzz.partial_ratio, fuzz.token_set_ratio):
        near = process.extract(
            key.text, texts, scorer=scorer, score_cutoff=containment * 100, limit=_ALTERNATIVES
        )
        for _, _, index in near:
            found = _inside(key, long[index], containment)
            if found is not None:
                return found
    return 0, 0.0, False


def _inside(key: UnitKey, other: UnitKey, containment: float) -> tuple[int, float, bool] | None:
    """The shorter of the two as a part of the longer (a cut or re-flowed
    sentence) or the longer as the shorter with words added; ``None`` if
    neither."""
    fragment, container = (key, other) if len(key.text) < len(other.text) else (other, key)
    score = contained(fragment, container, containment)
    if score is None and extends(fragment, container):
        score = 1.0
    return None if score is None else (len(fragment.tokens), score, False)


def _words(keys: Sequence[UnitKey]) -> int:
    return sum(len(key.tokens) for key in keys)
