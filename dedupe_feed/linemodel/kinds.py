"""What kind of boilerplate a removed line looks like, as far as its features tell.

The model only says "boilerplate"; the kind in ``model.<kind>`` is read off
the line's own features, first match wins, so an editor sees at a glance why
a line went.

>>> from dedupe_feed.linemodel.features import describe_line
>>> def kind(text):
...     return boilerplate_kind(text, describe_line(text, frozenset({"us", "on", "the"})).values)
>>> kind("Follow us on Facebook"), kind("Home | World | Asia"), kind("© 2026 Malabar Wire")
('promo', 'nav', 'legal')
>>> kind("Updated: Jan 28, 2026 10:45 IST"), kind("Leave a Reply")
('timestamp', 'comments')
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from dedupe_feed.linemodel.features import OWN_FEATURES

KINDS = (
    "legal", "promo", "comments", "caption", "timestamp", "nav", "related", "credit", "other",
)  # fmt: skip
"""Every kind a model removal can have (its reason is ``model.<kind>``)."""

_AT = {name: position for position, name in enumerate(OWN_FEATURES)}
_HEADLINE_MIN_TOKENS = 4
_SHORT_TOKENS = 4
_SHORT_PROMPT_TOKENS = 6


def boilerplate_kind(line: str, row: Sequence[float]) -> str:
    """The kind of a boilerplate line, from its feature ``row`` (own features first)."""

    def value(name: str) -> float:
        return float(row[_AT[name]])

    tokens = round(math.expm1(value("log_tokens")))
    if value("legal_words"):
        return "legal"
    if value("platform_words"):
        return "promo"
    if value("comment_words") and tokens <= _SHORT_PROMPT_TOKENS:
        return "comments"
    if value("separators") >= 2:
        return "nav"
    if value("call_to_action_words"):
        return "promo"
    if value("caption_words"):
        return "caption"
    if value("date_or_time") or value("time_words"):
        return "timestamp"
    if value("starts_with_bullet") and tokens <= _SHORT_TOKENS:
        return "nav"
    if tokens >= _HEADLINE_MIN_TOKENS and not value("terminal_punctuation"):
        return "related"
    if tokens <= _SHORT_TOKENS and value("upper_share") > 0.5:
        return "credit"
    return "nav" if tokens <= _SHORT_TOKENS else "other"
