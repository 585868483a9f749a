"""A learned, text-only boilerplate model for the lines the rule catalog does not name.

>>> from dedupe_feed.linemodel import LineModel
>>> model = LineModel.load()
>>> scores = model.score(["Home | World | Kerala | Videos",
...     "Rain lashed Kochi on Monday, and the district collector declared a holiday.",
...     "Officials said the water level in the dams was being watched round the clock.",
...     "Follow us on Facebook and Instagram for the latest updates"])
>>> [round(score, 1) for score in scores]  # boilerplate probability per line
[0.8, 0.4, 0.7, 0.9]
>>> model.thresholds  # a line that reads as a sentence needs the stricter one
Thresholds(general=0.72, sentence=0.99)
"""

from __future__ import annotations

from dedupe_feed.linemodel.scorer import LineModel, Thresholds
from dedupe_feed.linemodel.trees import ModelFormatError, TreeEnsemble

__all__ = ["LineModel", "ModelFormatError", "Thresholds", "TreeEnsemble"]
