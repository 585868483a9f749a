"""Per-source boilerplate learning: lines that recur across many unrelated
stories of one outlet become templates, and templates become rules.

A line counts towards a template once per item; dates and the outlet's own
name are slots. A template is learned when it occurs in at least
``min_support`` items, in at least ``min_share`` of the source's items, and
in at least ``min_stories`` different stories: a wire story that one outlet
carries ten times is news, not boilerplate.

Other numbers are slots only in a *footer*: a line among the last
:data:`FOOTER_LINES` of an item, in its second half, also counts as its
:func:`footer_template` (every number a ``<number>`` slot), so
``Published on 5-MAR-1987.`` and ``Copyright Reuters 1988.`` each give one
template however the numbers change. A line that recurs with different
numbers anywhere else (``Sensex closed at 81,200``) may be a templated news
fact, so a footer template must close at least ``min_footer_share`` of the
source's items (half, by default: a footer closes nearly every item, a
market report is one kind of story among many), in ``min_stories`` stories,
and its rule removes it only at the bottom of a paragraph. A footer
template replaces the exact templates it covers (one template per line).

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

_SLOT = re.compile(r"<(date|outlet|number)>")
_NUMBER = re.compile(r"(?<![\w<])\d+(?:[.,:]\d+)*(?![\w>])")
_NUMBER_PATTERN = r"\d{1,12}(?:[.,:]\d{1,12}){0,6}"
_NUMBER_SLOT = "<number>"
#: The last lines of an item whose numbers are slots (see the module docstring).
FOOTER_LINES = 4
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
    stories: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The first distinct stories of each template, at most ``min_stories``
    (a tuple: a learning pass holds hundreds of thousands of them, and an
    empty set alone takes 216 bytes)."""


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
        min_footer_share: float = 0.5,
    ) -> None:
        if min_support < 2 or min_stories < 2:
            raise ConfigError("min_support and min_stories must be at least 2")
        for name, share in (("min_share", min_share), ("min_footer_share", min_footer_share)):
            if not 0 < share <= 1:
                raise ConfigError(f"{name} must be in (0, 1], got {share!r}")
        self.min_support = min_support
        self.min_share = min_share
        self.min_footer_share = min_footer_share
        self.min_stories = min_stories
        self.max_templates = max_templates
        self._sources: dict[str, _SourceCounts] = {}

    def observe(self, source: str, lines: Iterable[str], *, story: str) -> None:
        """Count the distinct templates among ``lines`` of one item of ``source``."""
        self.observe_templates(source, item_templates(lines, source), story)

    def observe_templates(self, source: str, keys: Iterable[str], story: str) -> None:
        """Count one item of ``source`` whose distinct template keys
        (:func:`item_templates`, perhaps computed in another process) are ``keys``.

        >>> learner = TemplateLearner()
        >>> learner.observe_templates("Acme", {"follow <outlet> on x."}, "rain lashed kochi")
        >>> learner.sources()
        ['Acme']
        """
        counts = self._sources.setdefault(source, _SourceCounts())
        counts.items += 1
        for key in keys:
            counts.seen[key] = counts.seen.get(key, 0) + 1
            stories = counts.stories.get(key, ())
            if len(stories) < self.min_stories and story not in stories:
                counts.stories[key] = (*stories, story)
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
        return self.ranked(found)

    def ranked(self, found: Iterable[LearnedTemplate]) -> list[LearnedTemplate]:
        """Qualifying templates of one source as :meth:`templates` lists them:
        exact templates a footer template covers dropped, most frequent first,
        at most ``max_templates``.

        >>> learner = TemplateLearner()
        >>> found = [LearnedTemplate("W", "(c) <outlet> 1987.", 9, 0.9, 3),
        ...          LearnedTemplate("W", "(c) <outlet> <number>.", 10, 1.0, 3)]
        >>> [t.template for t in learner.ranked(found)]
        ['(c) <outlet> <number>.']
        """
        found = list(found)
        footers = {t.template for t in found if _NUMBER_SLOT in t.template}
        kept = [
            t for t in found if t.template in footers or footer_template(t.template) not in footers
        ]
        kept.sort(key=lambda t: (-t.support, t.template))
        return kept[: self.max_templates]

    def share_needed(self, template: str) -> float:
        """The share of a source's items ``template`` must occur in.

        >>> learner = TemplateLearner()
        >>> learner.share_needed("get the <outlet> app."), learner.share_needed("(c) <number>.")
        (0.2, 0.5)
        """
        return self.min_footer_share if _NUMBER_SLOT in template else self.min_share

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
            and seen / counts.items >= self.share_needed(key)
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


def footer_template(template: str) -> str:
    """``template`` with every number a ``<number>`` slot (dates are already
    slots): the key of a footer line.

    >>> footer_template(template_of("Copyright Acme 1987. Call 555-0100 at 10:30.", "Acme"))
    'copyright <outlet> <number>. call <number>-<number> at <number>.'
    """
    return _NUMBER.sub(_NUMBER_SLOT, template)


def item_templates(lines: Iterable[str], outlet: str) -> set[str]:
    """The distinct template keys one item of ``outlet`` counts towards: each
    line's :func:`template_of`, and for a line with a number among its last
    :data:`FOOTER_LINES` (and in its second half, never its first line), its
    :func:`footer_template` too.

    >>> sorted(item_templates(["Sensex closed at 81,200.", "Copyright Acme 1987."], "Acme"))
    ['copyright <outlet> 1987.', 'copyright <outlet> <number>.', 'sensex closed at 81,200.']
    """
    keys = [template_of(line, outlet) for line in lines]
    found = {key for key in keys if key}
    footer = keys[max(1, len(keys) // 2, len(keys) - FOOTER_LINES) :]
    found.update(footer_template(key) for key in footer if key and _NUMBER.search(key))
    return found


def template_rule(template: LearnedTemplate, number: int) -> Rule | None:
    """A rule matching the template as a whole sentence; ``None`` if it cannot
    be expressed as one (a line with stray ``<`` characters, say). A footer
    template's rule (with a ``<number>`` slot) matches only at the bottom of
    a paragraph.

    >>> t = LearnedTemplate("Malabar Wire", "follow <outlet> on x.", 9, 0.9, 5)
    >>> template_rule(t, 1).regex.search("Rain. Follow Malabar Wire on X.") is not None
    True
    >>> footer = LearnedTemplate("Malabar Wire", "published on <date> at <number>.", 9, 0.9, 5)
    >>> rule = template_rule(footer, 2)
    >>> rule.position, rule.regex.search("Rain. Published on 5-MAR-1987 at 10:30.") is not None
    ('bottom', True)
    """
    pattern, hint = _template_regex(template.template, template.source)
    slug = re.sub(r"[^a-z0-9]+", "_", template.source.casefold()).strip("_") or "source"
    try:
        return Rule(
            id=f"learned.{slug}_{number}",
            family="learned",
            pattern=f"<sentence_start>{pattern}",
            position="bottom" if _NUMBER_SLOT in template.template else "anywhere",
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
        parts.append(_slot_regex(name, outlet))
        position = slot.end()
    parts.append(_literal_regex(template[position:]))
    literals.append(template[position:])
    words = [w for literal in literals for w in _WORD.findall(literal)]
    hint = max(words, key=len) if words else None
    return "".join(parts), hint


def _slot_regex(name: str, outlet: str) -> str:
    if name == "outlet":
        return re.escape(" ".join(outlet.split()))
    return DATE_PATTERN if name == "date" else _NUMBER_PATTERN


def _literal_regex(literal: str) -> str:
    escaped = [re.escape(word) for word in literal.split(" ")]
    return r"\s+".join(escaped)
