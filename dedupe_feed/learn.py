"""Per-source boilerplate learning: lines that recur across many unrelated
stories of one outlet become templates, and templates become rules.

A line counts towards a template once per item; dates and the outlet's own
name are slots. Other numbers are not: a line that recurs with different
numbers (``Sensex closed at 81,200``) is a templated news fact, not
boilerplate. A template is learned when it occurs in at least
``min_support`` items, in at least ``min_share`` of the source's items, and
in at least ``min_stories`` different stories: a wire story that one outlet
carries ten times is news, not boilerplate.

>>> learner = TemplateLearner(min_support=3, min_stories=3)
>>> for day in range(1, 5):
...     learner.observe("Malabar Wire", [f"Story {day} happened on day {day} in Kochi.",
...                                      "Follow Malabar Wire on X for live updates."],
...                     story=f"story-{day}")
>>> [t.template for t in learner.templates("Malabar Wire")]
['follow <outlet> on x for live updates.']
>>> from dedupe_feed import clean
>>> rules = learner.rules("Malabar Wire")
>>> clean("Rain hit Kochi on Monday. Follow Malabar Wire on X for live updates.",
...       extra_rules=rules)
'Rain hit Kochi on Monday.'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from dedupe_feed.dates import DATE_PATTERN, DATE_RE
from dedupe_feed.errors import ConfigError, RuleError
from dedupe_feed.rules import Rule

_SLOT = re.compile(r"<(date|outlet)>")
_WORD = re.compile(r"[^\W\d_]{3,}")
_MAX_LINE_WORDS = 60
_PRUNE_AT = 50_000


@dataclass(frozen=True)
class LearnedTemplate:
    """A recurring line of one source, with slots, and how often it was seen.

    ``support`` counts the items it occurs in, ``share`` is that over the
    source's items, ``stories`` the different stories it was seen in.

    >>> learner = TemplateLearner(min_support=2, min_stories=2)
    >>> for day in (1, 2):
    ...     learner.observe("Malabar Wire", [f"Story {day}.", "Get the Malabar Wire app."],
    ...                     story=f"story-{day}")
    >>> found = learner.templates("Malabar Wire")[0]
    >>> found.template, found.support, found.share, found.stories
    ('get the <outlet> app.', 2, 1.0, 2)
    """

    source: str
    template: str
    support: int
    share: float
    stories: int


@dataclass
class _SourceCounts:
    items: int = 0
    seen: dict[str, int] = field(default_factory=dict)
    stories: dict[str, set[str]] = field(default_factory=dict)


class TemplateLearner:
    """Counts line templates per source; see the module docstring.

    State lives in the object the caller creates; nothing is shared.

    >>> learner = TemplateLearner(min_support=3, min_stories=3)
    >>> for day in range(1, 4):
    ...     learner.observe("Coastal Times", [f"Story {day} of the day.", "Coastal Times, Kochi"],
    ...                     story=f"story-{day}")
    >>> learner.sources(), [rule.id for rule in learner.rules("Coastal Times")]
    (['Coastal Times'], ['learned.coastal_times_1'])
    """

    def __init__(
        self,
        *,
        min_support: int = 5,
        min_share: float = 0.2,
        min_stories: int = 3,
        max_templates: int = 50,
    ) -> None:
        if min_support < 2 or min_stories < 2:
            raise ConfigError("min_support and min_stories must be at least 2")
        if not 0 < min_share <= 1:
            raise ConfigError(f"min_share must be in (0, 1], got {min_share!r}")
        self.min_support = min_support
        self.min_share = min_share
        self.min_stories = min_stories
        self.max_templates = max_templates
        self._sources: dict[str, _SourceCounts] = {}

    def observe(self, source: str, lines: Iterable[str], *, story: str) -> None:
        """Count the distinct templates among ``lines`` of one item of ``source``."""
        counts = self._sources.setdefault(source, _SourceCounts())
        counts.items += 1
        for key in {template_of(line, source) for line in lines}:
            if not key:
                continue
            counts.seen[key] = counts.seen.get(key, 0) + 1
            stories = counts.stories.setdefault(key, set())
            if len(stories) < self.min_stories:
                stories.add(story)
        if len(counts.seen) > _PRUNE_AT:
            _prune_singletons(counts)

    def templates(self, source: str) -> list[LearnedTemplate]:
        """Learned templates of ``source``, most frequent first."""
        counts = self._sources.get(source)
        if counts is None:
            return []
        found = [
            LearnedTemplate(source, key, seen, seen / counts.items, len(counts.stories[key]))
            for key, seen in counts.seen.items()
            if self._qualifies(counts, key, seen)
        ]
        found.sort(key=lambda t: (-t.support, t.template))
        return found[: self.max_templates]

    def sources(self) -> list[str]:
        """Every source observed, sorted."""
        return sorted(self._sources)

    def rules(self, source: str) -> tuple[Rule, ...]:
        """The learned templates of ``source`` as boilerplate rules."""
        made: list[Rule] = []
        for number, template in enumerate(self.templates(source), start=1):
            rule = template_rule(template, number)
            if rule is not None:
                made.append(rule)
        return tuple(made)

    def _qualifies(self, counts: _SourceCounts, key: str, seen: int) -> bool:
        return (
            seen >= self.min_support
            and seen / counts.items >= self.min_share
            and len(counts.stories[key]) >= self.min_stories
        )


def _prune_singletons(counts: _SourceCounts) -> None:
    """Bound memory: forget lines seen once (they cannot be boilerplate yet)."""
    for key in [k for k, seen in counts.seen.items() if seen == 1]:
        del counts.seen[key]
        del counts.stories[key]


def template_of(line: str, outlet: str) -> str:
    """The template key of ``line``: case-folded, dates and the outlet's name
    as slots; ``""`` for lines too long or too bare to learn.

    >>> template_of("Follow Malabar Wire for updates, 12 Jan 2026.", "Malabar Wire")
    'follow <outlet> for updates, <date>.'
    >>> template_of("Sensex closed at 81,200 on Monday.", "Malabar Wire")
    'sensex closed at 81,200 on monday.'
    """
    text = " ".join(line.split())
    if not text or len(text.split()) > _MAX_LINE_WORDS or not _WORD.search(text):
        return ""
    if outlet.strip():
        text = re.sub(re.escape(" ".join(outlet.split())), "<outlet>", text, flags=re.IGNORECASE)
    text = DATE_RE.sub("<date>", text)
    return text.casefold()


def template_rule(template: LearnedTemplate, number: int) -> Rule | None:
    """A rule matching the template as a whole sentence; ``None`` if it cannot
    be expressed as one (a line with stray ``<`` characters, say).

    >>> t = LearnedTemplate("Malabar Wire", "follow <outlet> on x.", 9, 0.9, 5)
    >>> template_rule(t, 1).regex.search("Rain. Follow Malabar Wire on X.") is not None
    True
    """
    pattern, hint = _template_regex(template.template, template.source)
    slug = re.sub(r"[^a-z0-9]+", "_", template.source.casefold()).strip("_") or "source"
    try:
        return Rule(
            id=f"learned.{slug}_{number}",
            family="learned",
            pattern=f"<sentence_start>{pattern}",
            hint=hint,
        )
    except RuleError:
        return None


def _template_regex(template: str, outlet: str) -> tuple[str, str | None]:
    parts: list[str] = []
    literals: list[str] = []
    position = 0
    for slot in _SLOT.finditer(template):
        literal = template[position : slot.start()]
        parts.append(_literal_regex(literal))
        literals.append(literal)
        name = slot.group(1)
        parts.append(re.escape(" ".join(outlet.split())) if name == "outlet" else DATE_PATTERN)
        position = slot.end()
    parts.append(_literal_regex(template[position:]))
    literals.append(template[position:])
    words = [w for literal in literals for w in _WORD.findall(literal)]
    hint = max(words, key=len) if words else None
    return "".join(parts), hint


def _literal_regex(literal: str) -> str:
    escaped = [re.escape(word) for word in literal.split(" ")]
    return r"\s+".join(escaped)
