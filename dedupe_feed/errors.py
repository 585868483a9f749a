"""The library's exceptions: one base class, a few precise subclasses.

``TypeError`` (wrong argument type) and ``KeyError`` are left to Python; the
classes here say that the *content* of an argument is wrong.

>>> issubclass(ConfigError, DedupeFeedError) and issubclass(ConfigError, ValueError)
True
"""

from __future__ import annotations


class DedupeFeedError(Exception):
    """Base class of every error this library raises on purpose.

    >>> import dedupe_feed
    >>> try:
    ...     dedupe_feed.clean("Rain in Kochi.", num_perm=4)
    ... except DedupeFeedError as error:
    ...     print(type(error).__name__, error)
    ConfigError num_perm must be between 8 and 1024, got 4
    """


class ConfigError(DedupeFeedError, ValueError):
    """An option has a value outside its documented range.

    >>> import dedupe_feed
    >>> dedupe_feed.Config(containment=0)
    Traceback (most recent call last):
    ...
    dedupe_feed.errors.ConfigError: containment must be a number in (0, 1], got 0
    """


class RuleError(DedupeFeedError, ValueError):
    """A boilerplate rule is malformed (bad id, pattern, slot or example).

    >>> from dedupe_feed.rules import Rule
    >>> Rule("footer.demo", "footer", "Follow us", examples=("Share this",))
    Traceback (most recent call last):
    ...
    dedupe_feed.errors.RuleError: rule footer.demo: pattern does not match its example 'Share this'
    """


class UsageError(DedupeFeedError, ValueError):
    """A job cannot start as asked: an input is missing or holds nothing to
    read, an output cannot be written, or ``resume`` names another input's
    output. Raised before any record is cleaned; the command line reports it
    with exit status 2.

    >>> from dedupe_feed.feeds.preflight import check_inputs
    >>> check_inputs(["no/such/feed.jsonl"])
    Traceback (most recent call last):
    ...
    dedupe_feed.errors.UsageError: input no/such/feed.jsonl does not exist
    """
