"""Decide whether a raw item is HTML or plain text, and say why.

One bounded regex scan over the first :data:`SCAN_LIMIT` characters decides by
structure: a document marker or a block-level tag makes it HTML. Inline tags
alone (``<a href>``, ``<b>``) make it HTML only when there are three or more
and the item has no paragraph structure of its own: a plain-text item whose
text runs over two or more lines keeps those lines as its paragraphs, which
reading it as HTML would lose. ``a < b``, ``x<y``, ``<jane@example.com>`` or a
lone stray ``<b>`` leave it text.

>>> detect_format("<p>Rain lashed Kochi.</p>")
('html', 'html: 2 tags incl. <p>')
>>> detect_format("Profit rose as costs < revenue.")
('text', 'text: no markup')
"""

from __future__ import annotations

import re

from dedupe_feed.model import InputFormat

SCAN_LIMIT = 64 * 1024
"""Only this many leading characters are scanned (keeps detection O(1) per item)."""

MIN_TAGS_FOR_HTML = 3
"""Recognised tags of any kind that make an item HTML without a block-level tag."""

MIN_TEXT_LINES = 2
"""Lines of text (outside tags) that make an item with inline tags only plain text."""

_MAX_NAMES_IN_REASON = 3

_DOCUMENT_MARKER = re.compile(r"<!doctype\s{1,20}html|<html[\s>]|<body[\s>]", re.IGNORECASE)
_TAG = re.compile(r"</?([a-z][a-z0-9]{0,9})(?:\s[^<>]{0,1000})?/?>", re.IGNORECASE)

BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
        "article", "section", "table", "blockquote", "figure",
    }
)  # fmt: skip
"""Tags that make an item HTML on their own."""

KNOWN_TAGS = BLOCK_TAGS | frozenset(
    {
        "a", "abbr", "address", "aside", "audio", "b", "base", "bdi", "bdo", "big",
        "body", "button", "canvas", "caption", "center", "cite", "code", "col",
        "colgroup", "dd", "del", "details", "dfn", "dl", "dt", "em", "embed",
        "figcaption", "font", "footer", "form", "head", "header", "hr", "html", "i",
        "iframe", "img", "input", "ins", "kbd", "label", "legend", "link", "main",
        "mark", "meta", "nav", "noscript", "object", "option", "picture", "pre", "q",
        "s", "samp", "script", "select", "small", "source", "span", "strike",
        "strong", "style", "sub", "summary", "sup", "svg", "tbody", "td", "template",
        "textarea", "tfoot", "th", "thead", "time", "title", "tr", "tt", "u", "var",
        "video", "wbr",
    }
)  # fmt: skip
"""Tag names counted as markup; anything else in angle brackets is just text."""


def detect_format(raw: str) -> tuple[InputFormat, str]:
    """Return ``("html" | "text", reason)`` for ``raw``; the reason is shown to users.

    >>> detect_format("<!DOCTYPE html><html><body>Hi</body></html>")
    ('html', 'html: <!doctype html> marker, 4 tags incl. <html>, <body>')
    >>> detect_format("Write to <desk@example.com> or see <b>this</b>")
    ('text', 'text: 2 stray inline tags (<b>)')
    >>> detect_format("Rain, the <a href='/imd'>IMD</a> said.\\nSee <a href='/x'>this</a>.")
    ('text', 'text: 4 stray inline tags (<a>), 2 lines of text')
    """
    head = raw[:SCAN_LIMIT]
    names = _recognised_tag_names(head)
    marker = _document_marker(head)
    if marker is not None:
        return "html", _html_reason(names, marker)
    if any(name in BLOCK_TAGS for name in names):
        return "html", _html_reason(names, None)
    if len(names) >= MIN_TAGS_FOR_HTML:
        lines = _text_lines(head)
        if lines < MIN_TEXT_LINES:
            return "html", _html_reason(names, None)
        return "text", f"{_text_reason(names)}, {lines} lines of text"
    return "text", _text_reason(names)


def find_tags(text: str, names: frozenset[str] = KNOWN_TAGS) -> list[tuple[int, int]]:
    """Spans of the tags named in ``names`` (default :data:`KNOWN_TAGS`) in ``text``.

    >>> find_tags("See <a href='/x'>this</a> <jane@example.com>")
    [(4, 17), (21, 25)]
    """
    return [m.span() for m in _TAG.finditer(text) if m.group(1).lower() in names]


def _text_lines(text: str) -> int:
    """Lines with text outside the tags: a plain-text item's paragraphs.

    >>> _text_lines("<b>a</b>\\n\\n <i></i>\\nb")
    2
    """
    return sum(1 for line in text.split("\n") if _TAG.sub("", line).strip())


def _recognised_tag_names(text: str) -> list[str]:
    """Lower-cased names of the known tags (opening and closing) in ``text``, in order."""
    found = (match.group(1).lower() for match in _TAG.finditer(text))
    return [name for name in found if name in KNOWN_TAGS]


def _document_marker(text: str) -> str | None:
    """The first document marker as ``<!doctype html>``, ``<html>`` or ``<body>``."""
    match = _DOCUMENT_MARKER.search(text)
    if match is None:
        return None
    marker = match.group(0).lower()
    if marker.startswith("<!doctype"):
        return "<!doctype html>"
    return marker[:-1] + ">"


def _html_reason(names: list[str], marker: str | None) -> str:
    parts = [f"{marker} marker"] if marker else []
    if names:
        parts.append(f"{_count(len(names), 'tag')} incl. {_show(_salient_names(names))}")
    return "html: " + ", ".join(parts)


def _text_reason(names: list[str]) -> str:
    if not names:
        return "text: no markup"
    distinct = list(dict.fromkeys(names))
    return f"text: {_count(len(names), 'stray inline tag')} ({_show(distinct)})"


def _salient_names(names: list[str]) -> list[str]:
    """Distinct names, block-level ones first, at most :data:`_MAX_NAMES_IN_REASON`."""
    distinct = list(dict.fromkeys(names))
    blocks = [name for name in distinct if name in BLOCK_TAGS]
    others = [name for name in distinct if name not in BLOCK_TAGS]
    return (blocks + others)[:_MAX_NAMES_IN_REASON]


def _show(names: list[str]) -> str:
    return ", ".join(f"<{name}>" for name in names)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
