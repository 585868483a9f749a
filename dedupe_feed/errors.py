"""The library's exceptions: one base class, a few precise subclasses.

``TypeError`` (wrong argument type) and ``KeyError`` are left to Python; the
classes here say that the *content* of an argument is wrong.

>>> issubclass(ConfigError, DedupeFeedError) and issubclass(ConfigError, ValueError)
True
"""

from __future__ import annotations


class DedupeFeedError(Exception):
    """Base class of every error this library raises on purpose."""


class ConfigError(DedupeFeedError, ValueError):
    """An option has a value outside its documented range."""


class RuleError(DedupeFeedError, ValueError):
    """A boilerplate rule is malformed (bad id, pattern, slot or example)."""
