"""The cleaners the suite runs side by side with dedupe_feed, each labelled.

Every baseline is a function ``raw text -> output text``. A baseline whose
package does not import is reported as absent (with the reason), never
replaced by something else.

- ``no cleaning``: the raw item as it is.
- ``exact sentence dedup``: :func:`benchmarks.bench_clean.naive_clean`.
- ``trafilatura``, ``trafilatura (deduplicate)``: ``trafilatura.extract`` on
  the item wrapped as an HTML article (one ``<p>`` per line), without and
  with its ``deduplicate`` option (whose cache is process-wide).
- ``jusText``: English stoplist, on the same HTML.
- ``datatrove Gopher repetition``: ``GopherRepetitionFilter`` keeps or drops
  the whole item (a dropped item outputs nothing).
- ``datatrove C4 lines``: ``C4QualityFilter`` drops lines (and may drop the item).
- ``datasketch MinHash``: ``MinHashLSH`` at its defaults (threshold 0.9, 128
  permutations, seed 1; the permutations are made once) over word
  3-shingles of each sentence; a sentence whose query hits an earlier kept
  one is dropped.

>>> found, absent = load_baselines(["no cleaning", "exact sentence dedup"])
>>> found["exact sentence dedup"]("Rain fell. Rain fell. Sun.")
'Rain fell. Sun.'
>>> as_html("a < b\\n\\nc")
'<html><body><article><p>a &lt; b</p><p>c</p></article></body></html>'
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from benchmarks.bench_clean import naive_clean

Cleaner = Callable[[str], str]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def as_html(text: str) -> str:
    """A plain-text item as the minimal HTML article an extractor expects."""
    paragraphs = "".join(
        f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip()
    )
    return f"<html><body><article>{paragraphs}</article></body></html>"


def _dedupe_feed() -> Cleaner:
    import dedupe_feed

    return dedupe_feed.clean


def _identity() -> Cleaner:
    return lambda raw: raw


def _exact() -> Cleaner:
    return naive_clean


def _trafilatura(deduplicate: bool) -> Callable[[], Cleaner]:
    def factory() -> Cleaner:
        import trafilatura

        def extract(raw: str) -> str:
            return trafilatura.extract(as_html(raw), deduplicate=deduplicate) or ""

        return extract

    return factory


def _justext() -> Cleaner:
    import justext

    stoplist = justext.get_stoplist("English")

    def extract(raw: str) -> str:
        paragraphs = justext.justext(as_html(raw).encode("utf-8"), stoplist, encoding="utf-8")
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return extract


def _gopher() -> Cleaner:
    from datatrove.data import Document
    from datatrove.pipeline.filters import GopherRepetitionFilter

    block = GopherRepetitionFilter()

    def keep_or_drop(raw: str) -> str:
        verdict = block.filter(Document(text=raw, id="x"))
        return raw if verdict is True else ""

    return keep_or_drop


def _c4() -> Cleaner:
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    block = C4QualityFilter()

    def filter_lines(raw: str) -> str:
        document = Document(text=raw, id="x")
        return document.text if block.filter(document) is True else ""

    return filter_lines


def _minhash() -> Cleaner:
    from datasketch import MinHash, MinHashLSH

    from benchmarks.bench_pairs import shingles

    prototype = MinHash()  # the defaults (seed 1, 128 permutations), made once

    def dedup(raw: str) -> str:
        lsh = MinHashLSH()
        kept: list[str] = []
        for number, piece in enumerate(_SENTENCE_END.split(raw)):
            sentence = " ".join(piece.split())
            grams = shingles(sentence)
            if not grams:
                continue
            signature = MinHash(permutations=prototype.permutations, scheme=prototype.scheme)
            signature.update_batch([g.encode("utf-8") for g in grams])
            if lsh.query(signature):
                continue
            lsh.insert(str(number), signature)
            kept.append(sentence)
        return " ".join(kept)

    return dedup


FACTORIES: dict[str, Callable[[], Cleaner]] = {
    "dedupe_feed": _dedupe_feed,
    "no cleaning": _identity,
    "exact sentence dedup": _exact,
    "trafilatura": _trafilatura(False),
    "trafilatura (deduplicate)": _trafilatura(True),
    "jusText": _justext,
    "datatrove Gopher repetition": _gopher,
    "datatrove C4 lines": _c4,
    "datasketch MinHash": _minhash,
}
"""Every system of the seeded-corpus comparison, in report order."""

PACKAGES = ("trafilatura", "jusText", "datatrove", "spacy", "datasketch")


def load_baselines(names: Sequence[str]) -> tuple[dict[str, Cleaner], dict[str, str]]:
    """The cleaners that load, and why each other one is absent."""
    found: dict[str, Cleaner] = {}
    absent: dict[str, str] = {}
    for name in names:
        try:
            cleaner = FACTORIES[name]()
            cleaner("Warm-up sentence one is here. Warm-up sentence two is here.")
            found[name] = cleaner
        except Exception as error:  # an absent baseline is reported, never faked
            absent[name] = f"{type(error).__name__}: {error}"
    return found, absent
