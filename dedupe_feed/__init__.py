"""dedupe_feed: one clean, canonical article out of a messy syndicated news item.

>>> import dedupe_feed
>>> dedupe_feed.clean("Rain lashed Kochi on Monday.The IMD issued an alert. (PTI)")
'Rain lashed Kochi on Monday.\\n\\nThe IMD issued an alert.'

The public names are imported when first used (:mod:`dedupe_feed.lazy`), so
``import dedupe_feed`` (and the ``dedupe-feed`` command's start-up) does not
build the cleaner, NumPy or the rules until something asks for them.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from dedupe_feed.lazy import lazy_exports

if TYPE_CHECKING:
    from dedupe_feed.config import Config
    from dedupe_feed.errors import ConfigError, DedupeFeedError, RuleError
    from dedupe_feed.model import Change, Removal
    from dedupe_feed.pipeline import Cleaner, analyze, clean
    from dedupe_feed.result import Analysis

__all__ = [
    "Analysis",
    "Change",
    "Cleaner",
    "Config",
    "ConfigError",
    "DedupeFeedError",
    "Removal",
    "RuleError",
    "analyze",
    "clean",
]

__version__ = "0.1.0"

if not TYPE_CHECKING:  # type checkers see the imports above: a misspelt name is an error
    __getattr__, __dir__ = lazy_exports(
        sys.modules[__name__],
        {
            "Analysis": "dedupe_feed.result",
            "Change": "dedupe_feed.model",
            "Cleaner": "dedupe_feed.pipeline",
            "Config": "dedupe_feed.config",
            "ConfigError": "dedupe_feed.errors",
            "DedupeFeedError": "dedupe_feed.errors",
            "Removal": "dedupe_feed.model",
            "RuleError": "dedupe_feed.errors",
            "analyze": "dedupe_feed.pipeline",
            "clean": "dedupe_feed.pipeline",
        },
    )
