"""dedupe_feed: one clean, canonical article out of a messy syndicated news item.

>>> import dedupe_feed
>>> dedupe_feed.clean("Rain lashed Kochi on Monday.The IMD issued an alert. (PTI)")
'Rain lashed Kochi on Monday.\\n\\nThe IMD issued an alert.'
"""

from __future__ import annotations

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
