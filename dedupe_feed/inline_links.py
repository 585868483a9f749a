"""Headlines of other articles glued into a flat JSON-LD ``articleBody``.

A page that renders its article with JavaScript keeps the body twice: flat in
JSON-LD, and as a tree in the app's state, where a "related article" link
sits between two paragraphs. Flattened, the headline is glued between two
sentences with no stop of its own::

    ... for the people's livelihood. Tsai says Beijing must face reality that
    Taiwan is 'independent country' But again, it's too little ...

Such a run is cut out when it is, word for word, the text of a link on the
page (an ``<a>`` element, or a ``"href"`` with its text in embedded JSON),
starts a sentence, ends without a stop, and is followed by a capital.

>>> state = '{"href": "/news/3046175", "text": "Tsai says Beijing must face reality"}'
>>> body = "He said so. Tsai says Beijing must face reality But again, it is late."
>>> drop_inline_headlines(body, embedded_link_texts([state]))
('He said so. But again, it is late.', ['Tsai says Beijing must face reality'])
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

_MIN_WORDS = 4
_MAX_LINKS = 5_000
_STOPS = frozenset(".!?:;।。")
# A link in embedded JSON: an href, then (before a list closes: its children
# may open one) a text-like field. Bounded repeats only: linear on a 1 MB script.
_JSON_LINK = re.compile(
    r'"href"\s*:\s*"[^"\\]{1,500}"[^\]]{0,200}?'
    r'"(?:text|data|label|title|headline)"\s*:\s*"((?:[^"\\]|\\.){12,300})"'
)


def embedded_link_texts(scripts: Iterable[str], anchors: Iterable[str] = ()) -> set[str]:
    """Texts of links: ``anchors`` (``<a>`` texts) and href-bearing JSON objects in ``scripts``.

    >>> sorted(embedded_link_texts(['{"href":"/a","title":"Floods hit the coast again"}']))
    ['Floods hit the coast again']
    """
    found = {" ".join(text.split()) for text in anchors}
    for script in scripts:
        for match in _JSON_LINK.finditer(script):
            found.add(" ".join(_unescape(match.group(1)).split()))
            if len(found) > _MAX_LINKS:
                break
    return {text for text in found if len(text.split()) >= _MIN_WORDS and text[-1] not in _STOPS}


def drop_inline_headlines(body: str, links: set[str]) -> tuple[str, list[str]]:
    """``body`` without the link headlines glued into it, and the headlines cut."""
    dropped: list[str] = []
    for link in sorted(links, key=len, reverse=True):
        start = body.find(link)
        while start != -1:
            end = start + len(link)
            if _starts_sentence(body, start) and _glued_to_next(body, end):
                body = body[:start] + body[end + 1 :]
                dropped.append(link)
            start = body.find(link, start + 1)
    return body, dropped


def _starts_sentence(body: str, start: int) -> bool:
    before = body[:start].rstrip()
    return not before or before[-1] in _STOPS or body[start - 1 : start] == "\n"


def _glued_to_next(body: str, end: int) -> bool:
    """A space and then a capital (the next sentence), with no stop between."""
    return body[end : end + 1] == " " and body[end + 1 : end + 2].isupper()


def _unescape(text: str) -> str:
    try:
        value = json.loads(f'"{text}"')
    except ValueError:
        return text
    return value if isinstance(value, str) else text
