"""Readers' comment threads: the prose between comment signatures.

The line model removes a thread's chrome (its ``Comments`` heading, each
``Posted by: Suzanne | January 14, 2008 07:05 PM`` signature) but keeps the
readers' own prose, which reads like the article's. The thread's shape gives
it away: after the article's first prose, a short heading about comments,
within a few lines the first of at least :data:`MIN_SIGNATURES` removed
signature lines (dated, or with comment words), each within
:data:`MAX_GAP` lines of the one before, signed by at least two different
people. Everything from the heading to the last such signature is the
thread. A blog's own posts (``Posted by msshell at 07:12 PM`` each time) are
signed by one author and are no thread.

>>> lines = ["Rain lashed Kochi on Monday and schools stayed shut.", "Comments",
...          "So sad for the people there.", "Posted by: Anu | Jan 14, 2008 06:24 PM",
...          "Stay safe everyone.", "Posted by: Ravi | Jan 14, 2008 07:05 PM",
...          "Praying for Kerala.", "Posted by: Meera | Jan 14, 2008 07:12 PM",
...          "Share this story"]
>>> removed = [False, True, False, True, False, True, False, True, True]
>>> sentence = [True, False, True, False, True, False, True, False, False]
>>> sorted(comment_thread(lines, removed, sentence))
[2, 4, 6]
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from dedupe_feed.dates import DATE_RE
from dedupe_feed.linemodel.features import (
    COMMENT_PHRASES,
    COMMENT_WORDS,
    OWN_FEATURES,
    describe_line,
)
from dedupe_feed.linemodel.stopwords import tokenize

MIN_SIGNATURES = 3
"""Signatures a thread needs."""
MAX_GAP = 8
"""Lines at most between two signatures of one thread (one comment's prose)."""
MAX_HEADING_GAP = 4
"""Lines at most between the heading and the first signature."""
MAX_HEADING_TOKENS = 6
MAX_HEADING_CHARS = 80
MAX_SIGNATURE_TOKENS = 20
MAX_SIGNATURE_CHARS = 200
_NEEDED = ("log_tokens", "comment_words", "separators", "date_or_time", "time_words")
_AT = {name: position for position, name in enumerate(OWN_FEATURES)}
_NO_STOPWORDS: frozenset[str] = frozenset()
_LETTERS = re.compile(r"[^\W\d_]+")
_CLOCK_WORDS = frozenset({"am", "pm", "at", "on"})


def comment_thread(
    lines: Sequence[str], removed: Sequence[bool], sentence: Sequence[bool]
) -> frozenset[int]:
    """The lines of the first comment thread the model left in: indexes of
    ``lines`` not in ``removed`` between the thread's heading and its last
    signature (empty when there is none). ``sentence`` says which lines read
    as a sentence; the thread must follow the first one that stays."""
    first_prose = next((i for i, s in enumerate(sentence) if s and not removed[i]), None)
    if first_prose is None:
        return frozenset()
    for heading in range(first_prose + 1, len(lines)):
        if not _is_heading(lines[heading]):
            continue
        signatures = _signatures(lines, removed, heading)
        if len(signatures) >= MIN_SIGNATURES and _signers(lines, signatures) >= 2:
            end = signatures[-1]
            return frozenset(i for i in range(heading, end + 1) if not removed[i])
    return frozenset()


def _signatures(lines: Sequence[str], removed: Sequence[bool], heading: int) -> list[int]:
    """The run of removed signature lines after ``heading``, each close to the last."""
    found: list[int] = []
    last = heading
    limit = MAX_HEADING_GAP
    for index in range(heading + 1, len(lines)):
        if index - last > limit:
            break
        if removed[index] and _is_signature(lines[index]):
            found.append(index)
            last, limit = index, MAX_GAP
    return found


def _own(line: str) -> dict[str, float]:
    values = describe_line(line, _NO_STOPWORDS).values
    return {name: float(values[_AT[name]]) for name in _NEEDED}


def _is_heading(line: str) -> bool:
    """A short line about comments, not a menu (``Comments``, ``3 Comments:``,
    ``Leave a Reply``; not ``View/Add Comments (6) | Category``)."""
    if len(line) > MAX_HEADING_CHARS:
        return False
    tokens = tokenize(line, fold=True)
    if len(tokens) > MAX_HEADING_TOKENS or not _mentions_comments(line, tokens):
        return False
    return not _own(line)["separators"]  # the full features only for the few candidates


def _mentions_comments(line: str, tokens: Sequence[str]) -> bool:
    """The ``comment_words`` feature, without the others."""
    if not COMMENT_WORDS.isdisjoint(tokens):
        return True
    folded = line.casefold()
    return any(phrase in folded for phrase in COMMENT_PHRASES)


def _is_signature(line: str) -> bool:
    """A short line with a date or time, time words or comment words."""
    if len(line) > MAX_SIGNATURE_CHARS:
        return False
    own = _own(line)
    if round(math.expm1(own["log_tokens"])) > MAX_SIGNATURE_TOKENS:
        return False
    return any(own[name] for name in ("date_or_time", "time_words", "comment_words"))


def _signers(lines: Sequence[str], signatures: Sequence[int]) -> int:
    """How many different signatures there are, dates and times aside.

    >>> _signers(["Posted by Ann at 10:02 PM", "Posted by Ann at 09:10 AM"], [0, 1])
    1
    """
    return len({_signer(lines[i]) for i in signatures})


def _signer(line: str) -> tuple[str, ...]:
    undated = DATE_RE.sub(" ", line.casefold())
    return tuple(word for word in _LETTERS.findall(undated) if word not in _CLOCK_WORDS)
