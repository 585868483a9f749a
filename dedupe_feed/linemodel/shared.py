"""The packaged line model, read once per process and shared by every cleaner.

A feed job builds two cleaners per source (text and HTML) in each pass and
in each worker; reading and building the packaged weights cost ~44 ms each
time. The model is immutable (frozen, its lazily computed parts
deterministic), so one copy serves them all. A weights file given by path
is read each time (it may change between runs of a long-lived process).

>>> load_model(None) is load_model(None)
True
"""

from __future__ import annotations

import functools
from pathlib import Path

from dedupe_feed.linemodel.scorer import LineModel


@functools.cache
def packaged_model() -> LineModel:
    """The packaged weights, built on first use.

    >>> packaged_model().thresholds.sentence
    0.99
    """
    return LineModel.load()


def load_model(path: str | Path | None) -> LineModel:
    """The model of the weights file ``path``; the shared packaged one when ``None``."""
    return packaged_model() if path is None else LineModel.load(path)


__all__ = ["load_model", "packaged_model"]
