"""Test set-up shared by the duplicate-stage tests."""

from __future__ import annotations

from dedupe_feed.config import Config
from dedupe_feed.pipeline import Cleaner


def duplicate_stages_alone(config: Config | None = None) -> Cleaner:
    """A cleaner running the duplicate and order stages alone: ``config``
    (default :class:`Config`) without rules, subheads or the line model, on
    plain text, with 64 permutations and seed 1."""
    return Cleaner(
        (config or Config()).replace(
            input_format="text",
            use_builtin_rules=False,
            recover_subheads=False,
            line_model=False,
            num_perm=64,
            seed=1,
        )
    )
