"""HTML page -> the lines a reader sees, and lines labelled against a gold text.

What a scraper that keeps only visible text hands to a feed: every block
element starts a new line, scripts, styles and hidden elements are gone,
nothing else is dropped (menus, share bars and related lists stay). Used to
make training lines of licence-clean pages (AEB, trafilatura's evaluation
pages) and the plain-text side of the AEB evaluation.

>>> visible_lines("<title>T</title><div>Home | News</div><p>Rain <b>fell</b>.</p>")
['T', 'Home | News', 'Rain fell.']
>>> gold = "Rain fell on Kochi all day long."
>>> label_lines([gold, "Share this"], gold)
['content', 'boilerplate']
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from lxml import etree, html

SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "iframe", "object",
     "embed", "meta", "link", "base", "head"}
)  # fmt: skip
BLOCKS = frozenset(
    {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "br",
     "section", "article", "header", "footer", "nav", "aside", "blockquote", "pre",
     "figure", "figcaption", "dt", "dd", "table", "ul", "ol", "form", "option", "main",
     "address", "center", "dl", "fieldset", "legend", "caption", "hr", "details",
     "summary", "menu", "tbody", "thead", "tfoot", "select", "textarea", "title"}
)  # fmt: skip
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]|[^\W_]+")
CONTENT_AT = 0.8
BOILERPLATE_AT = 0.2


def visible_lines(page: str) -> list[str]:
    """The visible text lines of an HTML page, title first when there is one."""
    try:
        root = html.document_fromstring(page.encode("utf-8", errors="replace"))
    except (etree.ParserError, ValueError):
        return [line for line in (" ".join(s.split()) for s in page.splitlines()) if line]
    title = root.find(".//title")
    lines = []
    if title is not None and title.text_content().strip():
        lines.append(" ".join(title.text_content().split()))
    body = root.find("body")
    lines.extend(_lines(body if body is not None else root))
    return lines


def _lines(root: etree._Element) -> list[str]:
    out: list[str] = []
    current: list[str] = []
    for piece in _walk(root):
        if piece is None:
            _flush(current, out)
        else:
            current.append(piece)
    _flush(current, out)
    return out


def _flush(current: list[str], out: list[str]) -> None:
    line = " ".join("".join(current).split())
    if line:
        out.append(line)
    current.clear()


def _hidden(element: etree._Element) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return element.get("hidden") is not None or "display:none" in style


def _walk(root: etree._Element) -> Iterator[str | None]:
    """Text pieces in reading order; ``None`` where a line breaks."""
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        if closing:
            if tag in BLOCKS:
                yield None
            if element.tail:
                yield element.tail
            continue
        if not tag or tag in SKIPPED or _hidden(element):
            if element.tail:
                yield element.tail
            continue
        if tag in BLOCKS:
            yield None
        if element.text:
            yield element.text
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))


def tokens(text: str) -> list[str]:
    """Casefolded tokens: a CJK character or a run of letters and digits."""
    return _TOKEN.findall(text.casefold())


def label_lines(lines: Sequence[str], gold: str) -> list[str]:
    """``content`` / ``boilerplate`` / ``unsure`` for each line, by the share
    of its token 3-grams in the gold (1-3 token lines: whole occurrence)."""
    gold_tokens = tokens(gold)
    grams = set(zip(gold_tokens, gold_tokens[1:], gold_tokens[2:], strict=False))
    gold_text = " " + " ".join(gold_tokens) + " "
    labels = []
    for line in lines:
        line_tokens = tokens(line)
        if len(line_tokens) < 4:
            found = bool(line_tokens) and f" {' '.join(line_tokens)} " in gold_text
            labels.append("unsure" if found else "boilerplate")
            continue
        own = list(zip(line_tokens, line_tokens[1:], line_tokens[2:], strict=False))
        share = sum(gram in grams for gram in own) / len(own)
        labels.append(
            "content"
            if share >= CONTENT_AT
            else "boilerplate"
            if share <= BOILERPLATE_AT
            else "unsure"
        )
    return labels
