"""Read an HTML page or fragment into a :class:`~dedupe_feed.model.Document` of blocks.

One lxml parse, one iterative walk (no recursion, so 10,000-deep nesting is
fine). Block elements and ``<br>`` cut the text into blocks; inline markup is
flattened; scripts, navigation, footers, share/ad/related/comment widgets and
hidden elements (``hidden``, ``display: none``) are dropped; the ``<title>``
(else the first ``<h1>``) becomes ``metadata["title"]``.

>>> doc = html_to_document("<h2>Rain</h2><p>It <b>poured</b>.<br>Roads shut.</p>")
>>> doc.source
'Rain\\n\\nIt poured.\\n\\nRoads shut.'
>>> [block.kind for block in doc.blocks]
['heading', 'paragraph', 'paragraph']
"""

from __future__ import annotations

import html as html_entities
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, CData, MarkupResemblesLocatorWarning, Tag, XMLParsedAsHTMLWarning
from bs4.element import NavigableString

from dedupe_feed.detect import detect_format
from dedupe_feed.model import Block, BlockKind, Document

BLOCK_SEPARATOR = "\n\n"

DROPPED_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "svg", "canvas", "nav",
        "aside", "footer", "form", "button", "select", "input", "textarea", "head",
        "title", "object", "embed", "audio", "video", "math",
    }
)  # fmt: skip
"""Elements skipped with everything inside them."""

BOUNDARY_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center",
        "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
        "hr", "html", "legend", "li", "main", "menu", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
"""Elements whose start and end cut the text into separate blocks."""

_KIND_OF_TAG: dict[str, BlockKind] = {
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "li": "list_item",
    "blockquote": "quote",
}

_WIDGET_SAFE_TAGS = frozenset({"html", "body", "main", "article"})
"""Never dropped for their class/id: a stray ``comments-open`` must not lose the article."""

_WIDGET_TOKEN = re.compile(
    r"(?:^|\s)(?:share|social|advert|ad-|ads?(?=$|\s|[-_])|adsby|related|newsletter"
    r"|comment(?!ary)|subscribe(?!r)|promo)"
)
"""Class/id tokens (lower-cased) of share/social widgets, ads, related links,
newsletters, comments and promos: whole tokens or token prefixes, but not
``commentary`` or ``subscriber-only`` (paywalled bodies), ``header``, ``load``."""

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_WHITESPACE = re.compile(r"\s+")

_DEEP_TREE = 200
"""Nesting depth from which the parse is checked for lost text (old libxml2 caps depth)."""

_LOST_TEXT_RATIO = 0.8

_FLAT_SKIP = re.compile(
    r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
_FLAT_BREAK = re.compile(
    r"</?(?:br|hr|p|div|h[1-6]|li|ul|ol|dl|dt|dd|article|section|main|header|table|tr|td|th"
    r"|blockquote|figure|figcaption|pre)\b[^>]*>",
    re.IGNORECASE,
)
_FLAT_TAG = re.compile(r"<[a-zA-Z/!?][^>]*>")
_PARAGRAPH_GAP = re.compile(r"\n\s*\n")


def html_to_document(raw: str) -> Document:
    """Parse ``raw`` HTML (page or fragment) into blocks over the extracted text.

    ``source`` is the blocks' text joined by blank lines; whitespace inside a
    block is collapsed to single spaces. Never raises on malformed markup.

    >>> doc = html_to_document("<title>Floods</title><h1>Floods</h1><p>Water&nbsp;rose.</p>")
    >>> doc.source, doc.metadata
    ('Water rose.', (('title', 'Floods'),))
    >>> html_to_document("").blocks
    ()
    """
    decision, reason = detect_format(raw)
    detection = reason if decision == "html" else "html (forced)"
    soup = _parse(_CONTROL.sub("", raw))
    title = _page_title(soup)
    walk = _walk(soup, title)
    runs = walk.runs
    if walk.max_depth >= _DEEP_TREE and _parser_lost_text(soup, raw):
        runs = _flat_runs(raw)
        detection += "; parser lost text, flat fallback"
    return _build_document(runs, detection, walk.title)


def _parse(markup: str) -> BeautifulSoup:
    """One lxml parse, silencing bs4's "looks like a URL/XML" advice for this call only."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(markup, "lxml")


def _clean(text: str) -> str:
    """Drop control characters and collapse whitespace runs (incl. ``&nbsp;``) to one space."""
    return _WHITESPACE.sub(" ", _CONTROL.sub("", text)).strip()


def _same_text(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def _page_title(soup: BeautifulSoup) -> str | None:
    """The whitespace-collapsed ``<title>`` inside ``<head>``, if any and not empty."""
    head = soup.head
    title = head.find("title") if head is not None else None
    if not isinstance(title, Tag):
        return None
    return _clean(title.get_text()) or None


def _is_dropped(tag: Tag) -> bool:
    """Whether ``tag`` and all its content are page chrome, not article."""
    name = tag.name
    if name in DROPPED_TAGS:
        return True
    if name == "header":
        return tag.find("h1") is None
    return _is_hidden(tag) or (name not in _WIDGET_SAFE_TAGS and _is_widget(tag))


def _is_hidden(tag: Tag) -> bool:
    """Whether the element is never shown: ``hidden`` or an inline ``display: none``.

    Pages keep hidden copies of the body (app shells, structured-data blocks);
    reading them would hand the duplicate stage a copy no reader saw.
    """
    style = tag.get("style")
    return tag.has_attr("hidden") or (
        isinstance(style, str) and _HIDDEN_STYLE.search(style) is not None
    )


def _is_widget(tag: Tag) -> bool:
    """Whether the class/id marks a share/social/ad/related/newsletter/comment/promo widget."""
    tokens = [*tag.get_attribute_list("class"), *tag.get_attribute_list("id")]
    words = " ".join(token for token in tokens if isinstance(token, str)).lower()
    return bool(words) and _WIDGET_TOKEN.search(words) is not None


@dataclass
class _Walk:
    """What the walk collects: ``runs`` of (text, kind), the title, the deepest nesting."""

    title: str | None
    runs: list[tuple[str, BlockKind]] = field(default_factory=list)
    max_depth: int = 0
    pieces: list[str] = field(default_factory=list)
    kinds: list[BlockKind] = field(default_factory=lambda: ["paragraph"])

    def flush(self) -> None:
        """End the current run of text (at a block boundary or ``<br>``)."""
        text = _clean("".join(self.pieces))
        self.pieces.clear()
        if text:
            self.runs.append((text, self.kinds[-1]))

    def enter_block(self, name: str) -> None:
        self.flush()
        kind = _KIND_OF_TAG.get(name, "paragraph")
        self.kinds.append(self.kinds[-1] if kind == "paragraph" else kind)

    def exit_block(self) -> None:
        self.flush()
        self.kinds.pop()

    def is_title_heading(self, h1: Tag) -> bool:
        """Whether this ``<h1>`` is the title (the first ``<h1>`` is, without ``<title>``)."""
        text = _clean(h1.get_text())
        if self.title is None and text:
            self.title = text
            return True
        return self.title is not None and _same_text(text, self.title)


_EXIT = object()
"""Stack marker: the element above it on the stack has been fully walked."""


def _walk(soup: BeautifulSoup, title: str | None) -> _Walk:
    """Walk the tree iteratively, cutting its visible text into block runs."""
    walk = _Walk(title=title)
    stack: list[object] = list(reversed(soup.contents))
    open_tags: list[Tag] = []
    while stack:
        node = stack.pop()
        if node is _EXIT:
            if open_tags.pop().name in BOUNDARY_TAGS:
                walk.exit_block()
        elif isinstance(node, Tag):
            _enter_tag(node, walk, stack, open_tags)
        elif type(node) in (NavigableString, CData):
            walk.pieces.append(str(node))
    walk.flush()
    return walk


def _enter_tag(tag: Tag, walk: _Walk, stack: list[object], open_tags: list[Tag]) -> None:
    """Schedule ``tag``'s children (or skip it) and open a block if it is one."""
    if tag.name == "br":
        walk.flush()
        return
    if _is_dropped(tag) or (tag.name == "h1" and walk.is_title_heading(tag)):
        return
    if tag.name in BOUNDARY_TAGS:
        walk.enter_block(tag.name)
    open_tags.append(tag)
    walk.max_depth = max(walk.max_depth, len(open_tags))
    stack.append(_EXIT)
    stack.extend(reversed(tag.contents))


def _parser_lost_text(soup: BeautifulSoup, raw: str) -> bool:
    """Whether the parsed tree holds clearly less text than the markup (a capped parse)."""
    parsed = _visible_length(soup.get_text())
    expected = _visible_length(" ".join(text for text, _ in _flat_runs(raw)))
    return parsed < _LOST_TEXT_RATIO * expected


def _visible_length(text: str) -> int:
    return len("".join(text.split()))


def _flat_runs(raw: str) -> list[tuple[str, BlockKind]]:
    """Regex text extraction that keeps every visible word: the fallback for a lossy parse."""
    text = _FLAT_SKIP.sub(" ", raw)
    text = _FLAT_BREAK.sub(BLOCK_SEPARATOR, text)
    text = html_entities.unescape(_FLAT_TAG.sub("", text))
    paragraphs = (_clean(part) for part in _PARAGRAPH_GAP.split(text))
    return [(paragraph, "paragraph") for paragraph in paragraphs if paragraph]


def _build_document(
    runs: Iterable[tuple[str, BlockKind]], detection: str, title: str | None
) -> Document:
    """Join the runs with blank lines and index each one as a :class:`Block`."""
    texts: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for text, kind in runs:
        if texts:
            offset += len(BLOCK_SEPARATOR)
        texts.append(text)
        blocks.append(Block(offset, offset + len(text), kind))
        offset += len(text)
    return Document(
        source=BLOCK_SEPARATOR.join(texts),
        blocks=tuple(blocks),
        input_format="html",
        detection=detection,
        metadata=(("title", title),) if title else (),
    )
