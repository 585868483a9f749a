"""Line scorers for a stacked weights file, beside the shipped model in one run.

``DEDUPE_FEED_OTHER_MODEL=stacked.json python -m benchmarks.eval_boilerplate
--scorer line_model line_model_scores benchmarks.stack_scorers:other
benchmarks.stack_scorers:other_scores ...``: the last two score with
:class:`~benchmarks.stacked_model.StackedLineModel` on that file (its
decisions, then its raw scores), so both are compared on the same sampled
pages in the same run.
"""

from __future__ import annotations

import os

from benchmarks.eval_boilerplate import LineScorer, line_model_scorer
from benchmarks.stacked_model import StackedLineModel

ENVIRONMENT = "DEDUPE_FEED_OTHER_MODEL"


def _model() -> StackedLineModel:
    path = os.environ.get(ENVIRONMENT)
    if not path:
        raise KeyError(f"set {ENVIRONMENT} to the weights file to compare")
    return StackedLineModel.load(path)


def other() -> LineScorer:
    """The decisions of the weights named by ``DEDUPE_FEED_OTHER_MODEL``."""
    return line_model_scorer(model=_model())


def other_scores() -> LineScorer:
    """The raw scores of the weights named by ``DEDUPE_FEED_OTHER_MODEL``."""
    return line_model_scorer(decisions=False, model=_model())
