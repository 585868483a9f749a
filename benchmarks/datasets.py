"""Loaders for the public extraction sets; each takes the folder it lives in.

Nothing here is downloaded or bundled: point a loader at a local copy of the
set (upstream layout) and it reads what is there. A wrong path fails at once
with a :class:`DatasetError` that names the missing file.

- :func:`load_aeb`: Article Extraction Benchmark, ``ground-truth.json`` (or
  ``ground-truth.subset.json``) + ``html/<id>.html.gz``.
- :func:`load_trafilatura_eval`: trafilatura's ``evaldata.json`` (per-page
  ``with`` / ``without`` snippets) + the pages (``html/``, ``eval/`` or
  ``cache/``, plain or ``.gz``).
- :func:`load_l3s_blocks`: L3S-GN1 labelled blocks (``*.blocks.jsonl.gz``),
  with the raw page from ``original/<id>.html`` when it is there.

>>> decode_html(b'<meta charset="iso-8859-1"><p>caf\\xe9</p>')
'<meta charset="iso-8859-1"><p>café</p>'
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

AEB_GOLD_NAMES = ("ground-truth.json", "ground-truth.subset.json")
TRAFILATURA_PAGE_DIRS = ("html", "cache", "eval")
L3S_KEEP = frozenset({"headline", "fulltext"})
L3S_DROP = frozenset({"not_content", "related", "comments"})

_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_:.-]{1,40})""", re.I)
_HTML_LANG = re.compile(r"""<html\b[^>]{0,500}?\blang\s*=\s*["']?([A-Za-z-]{2,20})""", re.I)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
LANGUAGE_SAMPLE = 50_000
"""Characters of a page looked at when it does not declare its language."""
_WORD = re.compile(r"[a-zäöüß']+")
ENGLISH_MARKERS = frozenset(
    {
        "the", "and", "of", "to", "is", "that", "for", "with", "are", "on", "it", "by",
        "from", "at", "this", "be", "have", "has", "not",
    }
)  # fmt: skip
"""Frequent English words that are not also frequent German/French/Spanish words."""


class DatasetError(FileNotFoundError):
    """A set's folder or a file it must contain is missing or unreadable."""


@dataclass(frozen=True)
class AebPage:
    """One Article Extraction Benchmark page: its HTML and the gold article body."""

    id: str
    url: str
    html: str
    gold: str


@dataclass(frozen=True)
class SnippetPage:
    """One trafilatura-eval page: snippets that must be in / must not be in the extract."""

    url: str
    file: str
    html: str
    with_: tuple[str, ...]
    without: tuple[str, ...]
    language: str


@dataclass(frozen=True)
class L3sPage:
    """One L3S-GN1 page as ordered ``(label, text)`` blocks, with its HTML if present."""

    id: str
    url: str
    blocks: tuple[tuple[str, str], ...]
    html: str | None


def decode_html(data: bytes) -> str:
    """Decode page bytes: the declared ``<meta charset>``, else UTF-8, else cp1252.

    >>> decode_html("<p>naïve</p>".encode())
    '<p>naïve</p>'
    >>> decode_html(b"<p>\\x93quoted\\x94</p>")
    '<p>“quoted”</p>'
    """
    declared = _CHARSET.search(data[:4096])
    candidates = [declared.group(1).decode("ascii")] if declared else []
    for encoding in [*candidates, "utf-8"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


def read_page(path: Path) -> str:
    """The decoded text of an HTML file, gunzipped if its name ends in ``.gz``."""
    data = path.read_bytes()
    return decode_html(gzip.decompress(data) if path.suffix == ".gz" else data)


def visible_text(html: str) -> str:
    """Markup without scripts, styles and tags (rough: for guessing the language only).

    >>> visible_text("<p>Hi <b>there</b></p><script>var x</script>").split()
    ['Hi', 'there']
    """
    return _TAG.sub(" ", _SCRIPT.sub(" ", html))


def guess_language(html: str, sample: str) -> str:
    """``<html lang>`` (primary subtag) if declared, else ``"en"`` or ``"other"`` from ``sample``.

    >>> guess_language('<html lang="en-GB">', "")
    'en'
    >>> guess_language("<html>", "Die Regierung hat am Montag entschieden")
    'other'
    >>> guess_language("<html>", "The minister said that the plan is on hold")
    'en'
    """
    declared = _HTML_LANG.search(html[:20_000])
    if declared:
        return declared.group(1).split("-")[0].lower()
    words = _WORD.findall(sample.lower())
    hits = sum(word in ENGLISH_MARKERS for word in words)
    return "en" if words and hits / len(words) >= 0.1 else "other"


def _require(path: Path, what: str) -> Path:
    if not path.exists():
        raise DatasetError(f"{what} not found: {path}")
    return path


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DatasetError(f"cannot read {path}: {error}") from error


def load_aeb(root: str | Path) -> list[AebPage]:
    """The AEB pages under ``root`` that have both gold and HTML, sorted by id.

    ``root`` holds ``ground-truth.json`` (or ``ground-truth.subset.json``) and
    ``html/<id>.html.gz``. Gold ids without a page are skipped (a subset copy).
    """
    folder = _require(Path(root), "Article Extraction Benchmark folder")
    gold_path = next((folder / n for n in AEB_GOLD_NAMES if (folder / n).exists()), None)
    if gold_path is None:
        names = " or ".join(AEB_GOLD_NAMES)
        raise DatasetError(f"Article Extraction Benchmark gold not found: {folder}/{names}")
    pages_dir = _require(folder / "html", "Article Extraction Benchmark pages folder")
    gold: dict[str, dict[str, Any]] = _read_json(gold_path)
    pages = [
        AebPage(key, str(item.get("url", "")), read_page(page), str(item["articleBody"]))
        for key, item in sorted(gold.items())
        if (page := pages_dir / f"{key}.html.gz").exists()
    ]
    if not pages:
        raise DatasetError(f"no page of {gold_path.name} found in {pages_dir} (<id>.html.gz)")
    return pages


def _find_trafilatura_page(folder: Path, name: str) -> Path | None:
    for sub in TRAFILATURA_PAGE_DIRS:
        for candidate in (folder / sub / name, folder / sub / f"{name}.gz"):
            if candidate.exists():
                return candidate
    return None


def load_trafilatura_eval(root: str | Path, *, language: str | None = "en") -> list[SnippetPage]:
    """The annotated pages of ``root/evaldata.json`` whose HTML is present.

    Pages are looked up in ``html/``, ``cache/`` then ``eval/`` (plain or
    ``.gz``). ``language="en"`` keeps English pages (``<html lang>``, else a
    stopword guess on the snippets); ``None`` keeps all.
    """
    folder = _require(Path(root), "trafilatura eval folder")
    entries: dict[str, dict[str, Any]] = _read_json(
        _require(folder / "evaldata.json", "trafilatura eval annotations")
    )
    if not any((folder / sub).is_dir() for sub in TRAFILATURA_PAGE_DIRS):
        dirs = ", ".join(TRAFILATURA_PAGE_DIRS)
        raise DatasetError(f"trafilatura eval pages folder not found: {folder}/{{{dirs}}}")
    pages = [page for page in _snippet_pages(folder, entries) if language in (None, page.language)]
    if not pages:
        raise DatasetError(f"no page of {folder / 'evaldata.json'} found (language={language})")
    return pages


def _snippet_pages(folder: Path, entries: dict[str, dict[str, Any]]) -> Iterator[SnippetPage]:
    for url, entry in entries.items():
        path = _find_trafilatura_page(folder, str(entry["file"]))
        if path is None:
            continue
        html = read_page(path)
        with_ = tuple(entry.get("with", ()))
        without = tuple(entry.get("without", ()))
        sample = " ".join([*with_, *without, visible_text(html[:LANGUAGE_SAMPLE])])
        yield SnippetPage(
            url, str(entry["file"]), html, with_, without, guess_language(html, sample)
        )


def load_l3s_blocks(path: str | Path) -> list[L3sPage]:
    """L3S-GN1 pages from a ``*.blocks.jsonl.gz`` file, or the folder holding one.

    Each line is ``{"id", "url", "blocks": [{"label", "text"}, ...]}``; the raw
    page is read from ``original/<id>.html`` next to the file when present.
    """
    source = _require(Path(path), "L3S-GN1 blocks")
    if source.is_dir():
        found = sorted(source.glob("*.blocks.jsonl.gz"))
        if not found:
            raise DatasetError(f"L3S-GN1 blocks not found: {source}/*.blocks.jsonl.gz")
        source = found[0]
    originals = source.parent / "original"
    try:
        with gzip.open(source, "rt", encoding="utf-8") as lines:
            records = [json.loads(line) for line in lines if line.strip()]
    except (OSError, ValueError) as error:
        raise DatasetError(f"cannot read {source}: {error}") from error
    return [_l3s_page(record, originals) for record in records]


def _l3s_page(record: dict[str, Any], originals: Path) -> L3sPage:
    page_id = str(record["id"])
    original = originals / f"{page_id}.html"
    blocks = tuple((str(b["label"]), str(b["text"])) for b in record.get("blocks", ()))
    html = read_page(original) if original.exists() else None
    return L3sPage(page_id, str(record.get("url", "")), blocks, html)


__all__ = [
    "AebPage",
    "DatasetError",
    "L3sPage",
    "SnippetPage",
    "decode_html",
    "guess_language",
    "load_aeb",
    "load_l3s_blocks",
    "load_trafilatura_eval",
    "read_page",
    "visible_text",
]
