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

import dataclasses
import html as html_entities
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from dedupe_feed.content import Run, Tree, prose_weight, select_content
from dedupe_feed.detect import detect_format
from dedupe_feed.inline_links import drop_inline_headlines, embedded_link_texts
from dedupe_feed.model import Block, BlockKind, Document

if TYPE_CHECKING:
    from lxml.etree import _Element

BLOCK_SEPARATOR = "\n\n"

DROPPED_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "svg", "canvas", "nav",
        "aside", "footer", "form", "button", "select", "input", "textarea", "head",
        "title", "object", "embed", "audio", "video", "math", "figure", "figcaption",
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

DROPPED_ROLES = frozenset(
    {"navigation", "contentinfo", "complementary", "search", "menu", "menubar", "dialog"}
)
"""ARIA roles of page chrome: elements with them are skipped like ``<nav>``."""

_WIDGET_SAFE_TAGS = frozenset({"html", "body", "main", "article"})
"""Never dropped for their class/id: a stray ``comments-open`` must not lose the article."""

_WIDGET_TOKEN = re.compile(
    r"(?:^|\s)(?:share|social|advert|ad-|ads?(?=$|\s|[-_])|adsby|related|newsletter"
    r"|comment(?!ary)|subscribe(?!r)|promo|caption|lightbox)"
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
_LINE_BREAK = re.compile(r"\s*\n\s*")
_BODY_MARKUP = re.compile(r"<(?:p|br|div|h[1-6]|li)\b", re.IGNORECASE)

THIN_WORDS = 150
"""Visible main content with fewer prose words than this is *thin* ..."""

LD_BODY_FACTOR = 2.0
"""... and a JSON-LD ``articleBody`` with this many times its words replaces it ..."""

LD_BODY_MIN_WORDS = 50
"""... if the ``articleBody`` has at least this many words."""

_LD_MAX_NODES = 2000
"""JSON-LD objects looked at per page: a bound on hostile or huge structured data."""

_LD_EXTRA_TYPES = frozenset({"BlogPosting", "LiveBlogPosting", "Report", "SocialMediaPosting"})


def html_to_document(raw: str, *, main_content: bool = True) -> Document:
    """Parse ``raw`` HTML (page or fragment) into blocks over the extracted text.

    ``source`` is the blocks' text joined by blank lines; whitespace inside a
    block is collapsed to single spaces. With ``main_content`` (the default)
    only the main container's blocks are kept, without link lists (see
    :mod:`dedupe_feed.content`). Never raises on malformed markup.

    >>> doc = html_to_document("<title>Floods</title><h1>Floods</h1><p>Water&nbsp;rose.</p>")
    >>> doc.source, doc.metadata
    ('Water rose.', (('title', 'Floods'),))
    >>> html_to_document("").blocks
    ()
    """
    decision, reason = detect_format(raw)
    detection = reason if decision == "html" else "html (forced)"
    markup = _CONTROL.sub("", raw)
    root = _parse(markup)
    if root is None:
        return _build_document([], detection, None)
    title = _page_title(root)
    walk = _walk(root, title)
    runs: Sequence[Run] = walk.runs
    if walk.max_depth >= _DEEP_TREE and _parser_lost_text(root, markup):
        runs = _flat_runs(markup)
        detection += "; parser lost text, flat fallback"
    elif main_content:
        selection = select_content(runs, walk.tree())
        runs = selection.runs
        detection += f"; {selection.reason}" if selection.reason else ""
        fallback = _ld_fallback(runs, lambda: _ld_scripts(root), lambda: _page_links(root))
        if fallback is not None:
            runs, why = fallback
            detection += f"; {why}"
    return _build_document(runs, detection, walk.title)


def _parse(markup: str) -> _Element | None:
    """One lxml parse of the UTF-8 encoded markup (comments and PIs dropped), or ``None``."""
    parser = etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )
    try:
        return etree.HTML(markup.encode("utf-8", errors="replace"), parser)
    except (etree.ParserError, ValueError):
        return None


def _clean(text: str) -> str:
    """Drop control characters and collapse whitespace runs (incl. ``&nbsp;``) to one space."""
    return _WHITESPACE.sub(" ", _CONTROL.sub("", text)).strip()


def _same_text(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def _text_of(element: _Element) -> str:
    return _clean("".join(element.itertext()))


def _page_title(root: _Element) -> str | None:
    """The whitespace-collapsed ``<title>`` inside ``<head>``, if any and not empty."""
    title = root.find("head/title")
    if title is None:
        return None
    return _text_of(title) or None


def _is_dropped(element: _Element, name: str) -> bool:
    """Whether ``element`` and all its content are page chrome, not article."""
    if name in DROPPED_TAGS:
        return True
    if name == "header":
        return element.find(".//h1") is None
    if element.get("role", "").lower() in DROPPED_ROLES:
        return True
    return _is_hidden(element) or (name not in _WIDGET_SAFE_TAGS and _is_widget(element))


def _is_hidden(element: _Element) -> bool:
    """Whether the element is never shown: ``hidden`` or an inline ``display: none``.

    Pages keep hidden copies of the body (app shells, structured-data blocks);
    reading them would hand the duplicate stage a copy no reader saw.
    """
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return style is not None and _HIDDEN_STYLE.search(style) is not None


def _is_widget(element: _Element) -> bool:
    """Whether the class/id marks a share/social/ad/related/newsletter/comment/promo widget."""
    words = f"{element.get('class', '')} {element.get('id', '')}".strip().lower()
    return bool(words) and _WIDGET_TOKEN.search(words) is not None


def _is_article_hint(element: _Element, name: str) -> bool:
    """Whether the markup itself says this element is the article."""
    if name in ("article", "main"):
        return True
    return element.get("itemprop") == "articleBody" or element.get("role") in ("main", "article")


@dataclass
class _Walk:
    """What the walk collects: block runs, the container tree, the title, the deepest nesting."""

    title: str | None
    runs: list[Run] = field(default_factory=list)
    max_depth: int = 0
    pieces: list[str] = field(default_factory=list)
    link_chars: int = 0
    links_open: int = 0
    kinds: list[BlockKind] = field(default_factory=lambda: ["paragraph"])
    parents: list[int] = field(default_factory=lambda: [-1])
    names: list[str] = field(default_factory=lambda: ["root"])
    hints: set[int] = field(default_factory=set)
    nodes_open: list[int] = field(default_factory=lambda: [0])

    def add(self, text: str | None) -> None:
        """Append visible text to the current run, counting link text."""
        if text:
            self.pieces.append(text)
            if self.links_open:
                self.link_chars += _visible_length(text)

    def flush(self) -> None:
        """End the current run of text (at a block boundary or ``<br>``)."""
        text = _clean("".join(self.pieces))
        if text:
            link_chars = min(self.link_chars, _visible_length(text))
            self.runs.append(Run(text, self.kinds[-1], self.nodes_open[-1], link_chars))
        self.pieces.clear()
        self.link_chars = 0

    def enter_block(self, name: str, hint: bool) -> None:
        self.flush()
        kind = _KIND_OF_TAG.get(name, "paragraph")
        self.kinds.append(self.kinds[-1] if kind == "paragraph" else kind)
        node = len(self.parents)
        self.parents.append(self.nodes_open[-1])
        self.names.append(name)
        self.nodes_open.append(node)
        if hint:
            self.hints.add(node)

    def exit_block(self) -> None:
        self.flush()
        self.kinds.pop()
        self.nodes_open.pop()

    def tree(self) -> Tree:
        """The block containers seen, for :func:`~dedupe_feed.content.select_content`."""
        return Tree(tuple(self.parents), tuple(self.names), frozenset(self.hints))

    def is_title_heading(self, h1: _Element) -> bool:
        """Whether this ``<h1>`` is the title (the first ``<h1>`` is, without ``<title>``)."""
        text = _text_of(h1)
        if self.title is None and text:
            self.title = text
            return True
        return self.title is not None and _same_text(text, self.title)


def _walk(root: _Element, title: str | None) -> _Walk:
    """Walk the tree iteratively (lxml's ``iterwalk``), cutting its visible text into runs."""
    walk = _Walk(title=title)
    entered: list[str | None] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        if event == "start":
            name = _enter(element, walk, walker)
            entered.append(name)
            walk.max_depth = max(walk.max_depth, len(entered))
            continue
        name = entered.pop()
        if name in BOUNDARY_TAGS:
            walk.exit_block()
        elif name == "a":
            walk.links_open -= 1
        walk.add(element.tail)
    walk.flush()
    return walk


def _enter(element: _Element, walk: _Walk, walker: etree.iterwalk) -> str | None:
    """Open ``element`` (returning its name) or skip its subtree (returning ``None``)."""
    name = element.tag.lower() if isinstance(element.tag, str) else ""
    if name == "br":
        walk.flush()
        return None
    if not name or _is_dropped(element, name) or (name == "h1" and walk.is_title_heading(element)):
        walker.skip_subtree()
        return None
    if name in BOUNDARY_TAGS:
        walk.enter_block(name, _is_article_hint(element, name))
    elif name == "a":
        walk.links_open += 1
    walk.add(element.text)
    return name


def _parser_lost_text(root: _Element, markup: str) -> bool:
    """Whether the parsed tree holds clearly less text than the markup (a capped parse)."""
    parsed = _visible_length("".join(root.itertext()))
    expected = _visible_length(" ".join(run.text for run in _flat_runs(markup)))
    return parsed < _LOST_TEXT_RATIO * expected


def _visible_length(text: str) -> int:
    return len("".join(text.split()))


def _flat_runs(raw: str) -> list[Run]:
    """Regex text extraction that keeps every visible word: the fallback for a lossy parse."""
    text = _FLAT_SKIP.sub(" ", raw)
    text = _FLAT_BREAK.sub(BLOCK_SEPARATOR, text)
    text = html_entities.unescape(_FLAT_TAG.sub("", text))
    paragraphs = (_clean(part) for part in _PARAGRAPH_GAP.split(text))
    return [Run(paragraph, "paragraph") for paragraph in paragraphs if paragraph]


def _ld_scripts(root: _Element) -> list[str]:
    """The text of every ``<script type="application/ld+json">`` (``<head>`` included)."""
    return [
        script.text or ""
        for script in root.iter("script")
        if "ld+json" in (script.get("type") or "").lower()
    ]


def _page_links(root: _Element) -> set[str]:
    """Link texts of the page: ``<a>`` elements and links in embedded JSON."""
    scripts = [script.text or "" for script in root.iter("script")]
    return embedded_link_texts(scripts, (_text_of(a) for a in root.iter("a")))


def _ld_fallback(
    runs: Sequence[Run],
    scripts: Callable[[], Sequence[str]],
    links: Callable[[], set[str]] = set,
) -> tuple[list[Run], str] | None:
    """The JSON-LD ``articleBody`` as paragraph runs when the visible content is thin.

    Pages that render the article with JavaScript show little prose (a teaser,
    an author bio) but carry the whole body in structured data. Headlines of
    linked articles glued into the flat body are cut (see
    :mod:`dedupe_feed.inline_links`) and counted in the reason.

    >>> body = " ".join(["Rain fell on the coast again."] * 20)
    >>> ld = '{"@graph": [{"@type": "NewsArticle", "articleBody": "%s"}]}' % body
    >>> runs, why = _ld_fallback([Run("Subscribe now.", "paragraph")], lambda: [ld])
    >>> len(runs), why
    (1, 'JSON-LD articleBody used (120 words; visible main content thin: 0 prose words)')
    >>> _ld_fallback([Run("Subscribe now.", "paragraph")], lambda: ["{not json"]) is None
    True
    """
    visible = sum(len(run.text.split()) for run in runs if prose_weight(run))
    if visible >= THIN_WORDS:
        return None
    body = max(_ld_article_bodies(scripts()), key=len, default="")
    paragraphs = _body_runs(body)
    count = sum(len(run.text.split()) for run in paragraphs)
    if count < LD_BODY_MIN_WORDS or count < LD_BODY_FACTOR * visible:
        return None
    thin = f"visible main content thin: {visible} prose words"
    page_links = links()
    cut: list[str] = []
    kept: list[Run] = []
    for run in paragraphs:
        text, dropped = drop_inline_headlines(run.text, page_links)
        kept.append(dataclasses.replace(run, text=text) if dropped else run)
        cut += dropped
    headlines = f"; {len(cut)} linked headline(s) cut: {cut!r}" if cut else ""
    return kept, f"JSON-LD articleBody used ({count} words; {thin}){headlines}"


def _ld_article_bodies(scripts: Iterable[str]) -> list[str]:
    """Every ``articleBody`` string of an article-typed JSON-LD object (in ``@graph``,
    lists or nested objects); scripts that are not valid JSON are ignored."""
    bodies: list[str] = []
    for script in scripts:
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            continue
        stack: list[object] = [data]
        seen = 0
        while stack and seen < _LD_MAX_NODES:
            node = stack.pop()
            seen += 1
            if isinstance(node, list):
                stack.extend(reversed(node))
            elif isinstance(node, dict):
                body = node.get("articleBody")
                if isinstance(body, str) and _is_article_type(node.get("@type")):
                    bodies.append(body)
                stack.extend(v for v in reversed(node.values()) if isinstance(v, (dict, list)))
    return bodies


def _is_article_type(value: object) -> bool:
    """Whether a JSON-LD ``@type`` (a name or a list of names) is an article.

    >>> _is_article_type("OpinionNewsArticle"), _is_article_type(["WebPage", "BlogPosting"])
    (True, True)
    >>> _is_article_type("Product")
    False
    """
    names = value if isinstance(value, list) else [value]
    return any(
        isinstance(name, str) and (name.endswith("Article") or name in _LD_EXTRA_TYPES)
        for name in names
    )


def _body_runs(body: str) -> list[Run]:
    """An ``articleBody`` cut into paragraph runs (it may hold markup or escaped entities)."""
    body = _CONTROL.sub(" ", html_entities.unescape(body)) if "&" in body else body
    if _BODY_MARKUP.search(body):
        return _flat_runs(body)
    parts = _LINE_BREAK.split(body)
    return [Run(text, "paragraph") for text in (_clean(part) for part in parts) if text]


def _build_document(runs: Iterable[Run], detection: str, title: str | None) -> Document:
    """Join the runs with blank lines and index each one as a :class:`Block`."""
    texts: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for run in runs:
        text = run.text
        if texts:
            offset += len(BLOCK_SEPARATOR)
        texts.append(text)
        blocks.append(Block(offset, offset + len(text), run.kind))
        offset += len(text)
    return Document(
        source=BLOCK_SEPARATOR.join(texts),
        blocks=tuple(blocks),
        input_format="html",
        detection=detection,
        metadata=(("title", title),) if title else (),
    )
