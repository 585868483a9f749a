"""The pipeline: raw item -> :class:`~dedupe_feed.result.Analysis`.

``raw -> read (text: repair, normalise | html) -> rules -> metadata -> segment -> subheads ->
duplicates -> order -> line model -> render``. :class:`Cleaner` holds what is worth
building once (compiled rules, MinHash permutations) for one :class:`Config`;
:func:`clean` and :func:`analyze` use one built for the options they get.

>>> clean("Rain lashed Kochi.Schools were shut. (PTI)")
'Rain lashed Kochi.\\n\\nSchools were shut.'
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dedupe_feed.captions import story_matches
from dedupe_feed.config import Config
from dedupe_feed.detect import detect_format
from dedupe_feed.duplicates import Duplicates, find_duplicates
from dedupe_feed.keys import KeyCache
from dedupe_feed.linemodel.shared import load_model
from dedupe_feed.linemodel.stage import ModelFindings, drop_boilerplate_paragraphs
from dedupe_feed.metadata import collect_metadata
from dedupe_feed.model import Change, Document, Removal, RuleMatch, Unit
from dedupe_feed.order import Placed, arrange, moves
from dedupe_feed.render import render_text
from dedupe_feed.result import Analysis
from dedupe_feed.rules import RuleSet
from dedupe_feed.segment import build_units, drop_repeated_title, residue
from dedupe_feed.signatures import Signer
from dedupe_feed.subheads import recover_subheads
from dedupe_feed.text import text_to_document


class Cleaner:
    """A reusable cleaner for one configuration.

    Build one per configuration in a long-running job; it holds only
    immutable state, so the same input always gives the same output.

    >>> cleaner = Cleaner(recover_subheads=False)
    >>> cleaner.clean("Sensex rose 300 points on Monday. Sensex rose 300 points on Monday.")
    'Sensex rose 300 points on Monday.'
    """

    def __init__(self, config: Config | None = None, **options: Any) -> None:
        self.config = _resolve_config(config, options)
        self.rules = RuleSet.build(
            builtin=self.config.use_builtin_rules,
            extra=self.config.extra_rules,
            disabled_rules=self.config.disabled_rules,
            disabled_families=self.config.disabled_families,
        )
        self.signer = Signer(self.config.num_perm, self.config.seed)
        self.line_model = (
            load_model(self.config.line_model_weights) if self.config.line_model else None
        )

    def __repr__(self) -> str:
        """The options that differ from the defaults, as keywords.

        >>> Cleaner()
        Cleaner()
        >>> Cleaner(similarity=0.9, disabled_families={"footer"})
        Cleaner(similarity=0.9, disabled_families=frozenset({'footer'}))
        """
        return f"Cleaner({self.config.describe()})"

    def clean(self, raw: str) -> str:
        """The clean article text; see :func:`dedupe_feed.clean`.

        The text is :meth:`analyze`'s, without assembling the evidence
        (removals, changes, metadata) that only :meth:`analyze` returns.

        >>> Cleaner().clean("Rain lashed Kochi. (PTI)")
        'Rain lashed Kochi.'
        """
        return self.stages(raw).text

    def analyze(self, raw: str) -> Analysis:
        """The clean article with its evidence; see :func:`dedupe_feed.analyze`.

        >>> Cleaner().analyze("Rain lashed Kochi. (PTI)").metadata["credit"]
        'PTI'
        """
        return self.stages(raw).analysis()

    def stages(self, raw: str) -> Stages:
        """Every stage's result for one item, in pipeline order (what
        :meth:`analyze` is built from): for tests and for looking inside.

        >>> stages = Cleaner().stages("Rain lashed Kochi.Schools were shut. (PTI)")
        >>> [m.rule_id for m in stages.matches], [u.text for u in stages.units]
        (['credit.agency_parenthesized'], ['Rain lashed Kochi.', 'Schools were shut.'])
        >>> stages.text
        'Rain lashed Kochi.\\n\\nSchools were shut.'
        """
        _check_input(raw)
        doc = self._read(raw)
        matches = self.rules.find(doc)
        cache: KeyCache = {}
        units, changes = self._segment(doc, matches, cache)
        units, title_removals = drop_repeated_title(units, dict(doc.metadata).get("title"), cache)
        duplicates = self._duplicates(units, cache)
        spans = [(m.start, m.end) for m in matches]
        glued = frozenset(c.end for c in changes if c.kind == "boundary_restored")
        placed = arrange(units, duplicates, spans, cache, glued)
        cache.clear()  # the keys are done with: free them before the line model's features
        found = self._model(units, placed, doc, duplicates)
        return Stages(
            document=doc,
            matches=tuple(matches),
            units=tuple(units),
            changes=tuple(changes),
            title_removals=tuple(title_removals),
            duplicates=duplicates,
            order=tuple(placed),
            model=found,
            text=found.text if found.text is not None else render_text(units, found.placed),
        )

    def _segment(
        self, doc: Document, matches: Sequence[RuleMatch], cache: KeyCache
    ) -> tuple[list[Unit], list[Change]]:
        units, changes = build_units(
            doc, matches, restore_boundaries=self.config.restore_boundaries
        )
        if self.config.recover_subheads:
            units, heading_changes = recover_subheads(units, cache)
            changes = sorted([*changes, *heading_changes], key=lambda c: (c.start, c.end))
        return units, changes

    def _model(
        self, units: Sequence[Unit], placed: list[Placed], doc: Document, duplicates: Duplicates
    ) -> ModelFindings:
        if self.line_model is None or doc.input_format == "html":
            # HTML: the reader already chose the article's container, and the
            # model on top of it only lost content (AEB F1 0.979 -> 0.975).
            return ModelFindings(tuple(placed), ())
        repeated = frozenset(decision.duplicate_of for decision in duplicates.removed.values())
        return drop_boilerplate_paragraphs(
            units,
            placed,
            self.line_model,
            title=dict(doc.metadata).get("title"),
            threshold=self.config.line_model_threshold,
            repeated=repeated,
        )

    def _read(self, raw: str) -> Document:
        wanted = self.config.input_format
        if wanted == "auto":
            fmt, reason = detect_format(raw)
        else:
            fmt, reason = wanted, f"{wanted} (forced by input_format)"
        if fmt == "html":
            from dedupe_feed.html import html_to_document  # lxml: only once HTML turns up

            return html_to_document(raw)  # its detection also says what it kept
        return text_to_document(raw, reason)

    def _duplicates(self, units: Sequence[Unit], cache: KeyCache) -> Duplicates:
        if not self.config.collapse_duplicates:
            return Duplicates(tuple(range(len(units))), {})
        return find_duplicates(units, cache, self.config, self.signer)


@dataclass(frozen=True)
class Stages:
    """What each stage of :meth:`Cleaner.stages` gave for one item.

    ``document``: the item read (text repaired and normalised, or HTML's
    article); ``matches``: the rule matches; ``units``: its sentences and
    subheads (segmented, subheads recovered, a repeated title dropped);
    ``changes``: the segment and subhead stages' changes (restored
    boundaries, recovered subheads); ``title_removals``: the dropped title
    repeats; ``duplicates``: the duplicate stage's verdicts; ``order``: the
    kept units in reading order; ``model``: the line model's findings (the
    units it kept, in order, and its removals); ``text``: the rendered text.
    :meth:`analysis` assembles the :class:`~dedupe_feed.result.Analysis`.

    >>> twice = "Sensex rose 300 points on Monday. Sensex rose 300 points on Monday."
    >>> stages = Cleaner(recover_subheads=False).stages(twice)
    >>> len(stages.units), sorted(stages.duplicates.removed), stages.text
    (2, [1], 'Sensex rose 300 points on Monday.')
    """

    document: Document
    matches: tuple[RuleMatch, ...]
    units: tuple[Unit, ...]
    changes: tuple[Change, ...]
    title_removals: tuple[Removal, ...]
    duplicates: Duplicates
    order: tuple[Placed, ...]
    model: ModelFindings
    text: str

    def analysis(self) -> Analysis:
        """The clean article with its evidence, from these results.

        >>> Cleaner().stages("Rain lashed Kochi. (PTI)").analysis().metadata["credit"]
        'PTI'
        """
        doc, units, duplicates, found = self.document, self.units, self.duplicates, self.model
        changes = sorted(
            [
                *doc.changes,
                *self.changes,
                *_kept_repeat_changes(units, duplicates),
                *_kept_lead_changes(units, duplicates),
                *moves(units, found.placed),
            ],
            key=lambda c: (c.start, c.end),
        )
        removals = [*self.title_removals, *found.removals]
        return Analysis(
            text=self.text,
            metadata=collect_metadata(story_matches(doc.source, self.matches), doc.metadata),
            removed=_removals(doc, self.matches, units, duplicates, removals),
            changes=tuple(changes),
            source=doc.source,
            input_format=doc.input_format,
            detection=doc.detection,
        )


def _kept_repeat_changes(units: Sequence[Unit], duplicates: Duplicates) -> list[Change]:
    structure = [
        Change(
            units[index].start,
            units[index].end,
            "repeat_kept",
            f"occurs {copies} times with other text between: structure, not a copy",
        )
        for index, copies in duplicates.kept_repeats
    ]
    values = [
        Change(units[index].start, units[index].end, "repeat_kept", TEMPLATE_VALUE_EVIDENCE)
        for index in duplicates.template_values
    ]
    return structure + values


TEMPLATE_VALUE_EVIDENCE = "a value between two recurring labels: a template filled in again"


def _kept_lead_changes(units: Sequence[Unit], duplicates: Duplicates) -> list[Change]:
    lead = duplicates.second_lead
    if lead is None or lead.removed:
        return []
    unit = units[lead.unit]
    if lead.added:
        evidence = "a second lead that adds " + ", ".join(lead.added)
    else:
        evidence = f"a second lead in other words ({lead.shared:.0%} of its words shared)"
    return [Change(unit.start, unit.end, "lead_kept", evidence)]


def _check_input(raw: object) -> None:
    if not isinstance(raw, str):
        hint = " (decode bytes first: raw.decode('utf-8', errors='replace'))"
        extra = hint if isinstance(raw, (bytes, bytearray)) else ""
        raise TypeError(f"expected the item as str, got {type(raw).__name__}{extra}")


def _removals(
    doc: Document,
    matches: Sequence[RuleMatch],
    units: Sequence[Unit],
    duplicates: Duplicates,
    other_removals: Sequence[Removal],
) -> tuple[Removal, ...]:
    found = [
        Removal(m.start, m.end, doc.source[m.start : m.end], m.rule_id, "rules") for m in matches
    ]
    found.extend(residue(doc, matches))
    found.extend(other_removals)
    for decision in duplicates.removed.values():
        unit, kept = units[decision.unit], units[decision.duplicate_of]
        found.append(
            Removal(
                unit.start,
                unit.end,
                unit.text,
                decision.reason,
                "duplicates",
                duplicate_of=(kept.start, kept.end),
                similarity=decision.similarity,
            )
        )
    return tuple(sorted(found, key=lambda r: (r.start, r.end)))


@functools.lru_cache(maxsize=16)
def _shared_cleaner(config: Config) -> Cleaner:
    """Cleaners for hashable configs, built once: they hold only immutable
    compiled rules and permutations, so reuse never changes an output."""
    return Cleaner(config)


def _resolve_config(config: Config | None, options: dict[str, Any]) -> Config:
    """``config`` (default ``Config()``) with the keyword options applied."""
    base = config if config is not None else Config()
    if not isinstance(base, Config):
        raise TypeError(f"config must be a dedupe_feed.Config, got {type(base).__name__}")
    return base.replace(**options) if options else base


def _cleaner(config: Config | None, options: dict[str, Any]) -> Cleaner:
    chosen = _resolve_config(config, options)
    try:
        return _shared_cleaner(chosen)
    except TypeError:  # unhashable extra rules: build a fresh one
        return Cleaner(chosen)


def analyze(raw: str, *, config: Config | None = None, **options: Any) -> Analysis:
    """Clean one item and return the evidence: removed pieces with reasons,
    lifted metadata, restored boundaries and recovered subheads.

    Keyword options override ``config`` (a :class:`Config`, default
    ``Config()``); see :class:`Config` for their meaning.

    >>> result = analyze(" date 2026-01-28 Rain lashed Kochi. (PTI)")
    >>> result.text, result.metadata["date"], result.metadata["credit"]
    ('Rain lashed Kochi.', '2026-01-28', 'PTI')
    >>> [r.reason for r in result.removed]
    ['metadata.date_prefix', 'credit.agency_parenthesized']
    """
    _check_input(raw)
    return _cleaner(config, options).analyze(raw)


def clean(raw: str, *, config: Config | None = None, **options: Any) -> str:
    """The clean article text of one raw item (plain text or HTML).

    >>> clean("")
    ''
    >>> clean("Sensex rose 300 points on Monday.\\n\\nSensex rose 300 points on Monday.")
    'Sensex rose 300 points on Monday.'
    """
    _check_input(raw)
    return _cleaner(config, options).clean(raw)


__all__ = ["Change", "Cleaner", "Stages", "analyze", "clean"]
