"""Clustering defaults that the command line shows in its help, in a module
that imports nothing (so ``dedupe-feed --help`` does not load the clusterer).

>>> from dedupe_feed.index.clusterer import FeedDeduplicator
>>> FeedDeduplicator().share == DEFAULT_SHARE
True
"""

from __future__ import annotations

#: Default share of the shorter copy's prose words found in the other for
#: two articles to be one story (``FeedDeduplicator(share=...)``).
DEFAULT_SHARE = 0.75
