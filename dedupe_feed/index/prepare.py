"""The half of clustering that depends on one clean text alone: its sentence
keys, MinHash signature and bucket keys (:class:`ArticlePreparer`).

The index needs the other half (candidates, verification, placement) in
input order in one process; this half can be computed anywhere, so a feed
job's cleaning workers prepare each article they clean and the process that
owns the index only looks it up.

>>> preparer = ArticlePreparer(num_perm=128, seed=1, bands=42, rows=3)
>>> prepared = preparer.prepare("Rain lashed Kochi on Monday and schools stayed shut for the day.")
>>> len(prepared.sentences), len(prepared.signature), len(prepared.keys)
(1, 512, 50)
>>> import pickle; pickle.loads(pickle.dumps(prepared)) == prepared
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from dedupe_feed.index.align import prose_sentences, sentence_keys, signature_tokens
from dedupe_feed.keys import UnitKey
from dedupe_feed.signatures import Signer

#: Words per shingle of an article.
SHINGLE_WORDS = 3
#: Buckets an article is filed under for its set of prose sentences, beside
#: its shingle bands (:func:`sentence_slot_keys`).
SENTENCE_SLOTS = 8


class PreparedArticle(NamedTuple):
    """What clustering needs of one clean text: its sentence keys, its
    MinHash values (little-endian ``uint32`` bytes) and every bucket it is
    filed under (:func:`article_keys`).

    >>> preparer = ArticlePreparer(num_perm=16, seed=1, bands=4, rows=4)
    >>> prepared = preparer.prepare("Rain lashed Kochi. Schools shut.")
    >>> [key.text for key in prepared.sentences], len(prepared.signature), len(prepared.keys)
    (['rain lashed kochi', 'schools shut'], 64, 12)
    """

    sentences: list[UnitKey]
    signature: bytes
    keys: list[bytes]


class ArticlePreparer:
    """Prepares clean texts for one index layout: its MinHash permutations
    (``num_perm``, ``seed``) and its ``bands`` x ``rows`` LSH bands.
    Picklable, so a worker process gets one when it starts.

    >>> from dedupe_feed.index import FeedDeduplicator
    >>> dedup = FeedDeduplicator()
    >>> text = "Sensex rose 300 points to 72,150 on Monday. " * 5
    >>> dedup.preparer.prepare(text) == dedup.prepare(text)
    True
    """

    def __init__(self, *, num_perm: int, seed: int, bands: int, rows: int) -> None:
        self.signer = Signer(num_perm=num_perm, seed=seed)
        self.bands, self.rows = bands, rows

    def prepare(self, text: str) -> PreparedArticle:
        """The sentence keys, signature and bucket keys of the clean ``text``."""
        sentences = sentence_keys(text)
        hashvalues = self.signer.sign([signature_tokens(sentences)], SHINGLE_WORDS)[0]
        keys = article_keys(hashvalues, sentences, self.bands, self.rows)
        return PreparedArticle(sentences, hashvalues.astype("<u4").tobytes(), keys)


def band_keys(hashvalues: npt.NDArray[np.uint32], bands: int, rows: int) -> list[bytes]:
    """One 8-byte key per band (BLAKE2b of the band number and its rows:
    stable across processes and machines).

    >>> keys = band_keys(np.arange(6, dtype=np.uint32), bands=3, rows=2)
    >>> len(keys), len(keys[0]), keys == band_keys(np.arange(6, dtype=np.uint32), 3, 2)
    (3, 8, True)
    """
    blocks = np.ascontiguousarray(hashvalues[: bands * rows], dtype="<u4").reshape(bands, rows)
    return [
        hashlib.blake2b(band.to_bytes(2, "little") + blocks[band].tobytes(), digest_size=8).digest()
        for band in range(bands)
    ]


def sentence_slot_keys(sentences: Sequence[UnitKey], slots: int = SENTENCE_SLOTS) -> list[bytes]:
    """One 8-byte key per slot: the least hash, under the slot's own hash, of
    the article's prose sentences (a MinHash of its *set of sentences*, one
    row a band). Two copies land in a slot's same bucket with probability the
    Jaccard similarity of their sentence sets, whatever else either carries:
    a copy inside a page with another story glued to it shares few word
    shingles' bands, but most of its sentences.

    >>> one = sentence_keys("Rain lashed Kochi on Monday and schools stayed shut for the day.")
    >>> two = sentence_keys("Home | News\\nRain lashed Kochi on Monday and schools stayed shut "
    ...                     "for the day.\\nShare this story")
    >>> sentence_slot_keys(one) == sentence_slot_keys(two), len(sentence_slot_keys(one))
    (True, 8)
    >>> sentence_slot_keys([])
    []
    """
    texts = sorted({key.text for key in prose_sentences(sentences)})
    if not texts:
        return []
    keys = []
    for slot in range(slots):
        person = b"sentence" + slot.to_bytes(2, "little")
        hashes = (hashlib.blake2b(text.encode(), digest_size=8, person=person) for text in texts)
        least = min(digest.digest() for digest in hashes)
        keys.append(hashlib.blake2b(least, digest_size=8, person=person).digest())
    return keys


def article_keys(
    hashvalues: npt.NDArray[np.uint32], sentences: Sequence[UnitKey], bands: int, rows: int
) -> list[bytes]:
    """Every bucket an article is filed under: its shingle bands
    (:func:`band_keys`), then its sentence slots (:func:`sentence_slot_keys`);
    none for an article without text.

    >>> sentences = sentence_keys("Rain lashed Kochi on Monday and schools stayed shut.")
    >>> len(article_keys(np.arange(6, dtype=np.uint32), sentences, bands=3, rows=2))
    11
    """
    if not sentences:
        return []
    return band_keys(hashvalues, bands, rows) + sentence_slot_keys(sentences)


__all__ = [
    "SENTENCE_SLOTS",
    "SHINGLE_WORDS",
    "ArticlePreparer",
    "PreparedArticle",
    "article_keys",
    "band_keys",
    "sentence_slot_keys",
]
