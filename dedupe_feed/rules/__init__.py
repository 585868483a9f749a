"""Boilerplate rules: patterns with slots, kept as data, matched by position.

The packaged catalog lives in ``builtin.toml``; users add rules with
:func:`load_rules` and combine them with :meth:`RuleSet.build`.

>>> from dedupe_feed.model import Block, Document
>>> text = "Talks ended on Friday. (With inputs from PTI)"
>>> match = RuleSet.build().find(Document(text, (Block(0, len(text)),)))[0]
>>> match.rule_id, match.fields
('credit.with_inputs', (('credit', 'PTI'),))
"""

from __future__ import annotations

from dedupe_feed.rules.catalog import builtin_rules, load_rules
from dedupe_feed.rules.rule import Rule
from dedupe_feed.rules.ruleset import RuleSet

__all__ = ["Rule", "RuleSet", "builtin_rules", "load_rules"]
