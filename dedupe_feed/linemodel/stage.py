"""The model stage: score the paragraphs the article would show, drop boilerplate ones.

It runs after the rules, the duplicate stage and the ordering, on the
paragraphs exactly as they would be rendered, so cleaning the clean text
again finds nothing more (the model sees the same lines in the same
context). A paragraph goes when its score reaches the threshold (a much
stricter one for a paragraph that reads as a sentence), then the rest is
scored again without it, until nothing more goes. Never removed:

- anything, in an item with no paragraph of prose (nothing to tell chrome
  from), or when every paragraph would go (the model is unsure of the item);
- a paragraph with an identical copy that stays;
- a sentence paragraph whose sentences had copies elsewhere in the item (a
  body delivered twice is news, not boilerplate), or a non-sentence
  paragraph right between two sentences (a subhead).

Readers' comments go with the thread they stand in
(:func:`~dedupe_feed.linemodel.threads.comment_thread`): their prose reads
like the article's, their thread's headings and signatures do not. Teasers
written as sentences go with the run they stand in
(:func:`~dedupe_feed.linemodel.runs.boilerplate_run_lines`).

Each removal says what kind of boilerplate it looks like (``model.promo``,
``model.nav`` ...), its score, and the features that raised the score most.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dedupe_feed.linemodel.features import FEATURE_NAMES, FactsMemo
from dedupe_feed.linemodel.kinds import boilerplate_kind
from dedupe_feed.linemodel.runs import boilerplate_run_lines
from dedupe_feed.linemodel.scorer import LineModel
from dedupe_feed.linemodel.threads import comment_thread
from dedupe_feed.model import Removal, Unit
from dedupe_feed.order import Placed
from dedupe_feed.render import group_paragraphs, join_paragraphs, paragraph_texts

STAGE = "model"
REASON_PREFIX = "model."
EVIDENCE_FEATURES = 3
THREAD_EVIDENCE = ("in_comment_thread",)
"""The evidence of a line removed as part of a readers' comment thread
(:mod:`~dedupe_feed.linemodel.threads`) rather than on its own score."""
RUN_EVIDENCE = ("in_boilerplate_run",)
"""The evidence of a sentence removed because it stands in a run of lines
the model all but removes (:mod:`~dedupe_feed.linemodel.runs`)."""
_CONTEXT_EVIDENCE = {"comments": THREAD_EVIDENCE, "related": RUN_EVIDENCE}
"""Each kind of :func:`in_context` removal, and its evidence."""
MAX_ROUNDS = 5


@dataclass(frozen=True)
class Guards:
    """What the model never removes, whatever its score.

    ``repeated``: units whose copies the duplicate stage collapsed (a sentence
    of a body delivered twice is news).
    """

    repeated: frozenset[int] = frozenset()

    def protects(
        self,
        units: Sequence[Unit],
        paragraphs: Sequence[Sequence[Placed]],
        sentence: Sequence[bool],
        index: int,
    ) -> bool:
        """Paragraph ``index`` must stay: it is a sentence with collapsed
        copies, or it is a subhead between sentences."""
        group = paragraphs[index]
        if sentence[index] and any(item.unit in self.repeated for item in group):
            return True
        return is_subhead(sentence, index)


def is_subhead(sentence: Sequence[bool], index: int) -> bool:
    """A paragraph that is no sentence, right between two that are: a subhead
    of the story (or a doubtful line inside it), not a menu or a teaser list.
    Decided on the rendered paragraphs alone, so cleaning the clean text again
    decides the same.

    >>> is_subhead([True, False, True], 1), is_subhead([True, False, False], 1)
    (True, False)
    """
    inside = 0 < index < len(sentence) - 1
    return inside and not sentence[index] and bool(sentence[index - 1] and sentence[index + 1])


@dataclass(frozen=True)
class ModelFindings:
    """The placed units that stay, and a removal for each unit that went."""

    placed: tuple[Placed, ...]
    removals: tuple[Removal, ...]
    text: str | None = None
    """The kept units rendered (:func:`~dedupe_feed.render.render_text`),
    when the stage already rendered them to score them; else None."""


def drop_boilerplate_paragraphs(
    units: Sequence[Unit],
    placed: Sequence[Placed],
    model: LineModel,
    *,
    title: str | None = None,
    threshold: float | None = None,
    repeated: frozenset[int] = frozenset(),
) -> ModelFindings:
    """Remove the paragraphs the model scores as boilerplate (see the module doc).

    ``threshold`` overrides the calibrated one (sentences keep at least their
    own, stricter one); ``repeated`` holds the units that had duplicates
    removed.

    >>> from dedupe_feed import analyze
    >>> result = analyze(
    ...     "Home | World | Asia | Videos\\n"
    ...     "Rain lashed Kochi on Monday and the district declared a holiday for schools.\\n"
    ...     "Officials said the water level in the dams was being watched round the clock.\\n"
    ...     "Follow us on Facebook, Twitter and Instagram for the latest updates")
    >>> [(r.reason, r.text[:20]) for r in result.removed]
    [('model.nav', 'Home | World | Asia '), ('model.promo', 'Follow us on Faceboo')]
    """
    kept = list(placed)
    removals: list[Removal] = []
    scoring = _Scoring(model, title, threshold, {})
    text = None
    for _ in range(MAX_ROUNDS):
        paragraphs = group_paragraphs(units, kept)
        lines = paragraph_texts(units, paragraphs)
        cut = _cut_paragraphs(units, paragraphs, lines, scoring, Guards(repeated))
        if not cut:
            text = join_paragraphs(lines)  # what render_text would give for ``kept``
            break
        for index, (reason, score, evidence) in cut.items():
            removals.extend(
                _removal(units[item.unit], reason, score, evidence) for item in paragraphs[index]
            )
        kept = [item for i, group in enumerate(paragraphs) if i not in cut for item in group]
    ordered = tuple(sorted(removals, key=lambda r: (r.start, r.end)))
    return ModelFindings(tuple(kept), ordered, text)


def _removal(unit: Unit, reason: str, score: float, evidence: tuple[str, ...]) -> Removal:
    return Removal(unit.start, unit.end, unit.text, reason, STAGE, score=score, evidence=evidence)


@dataclass(frozen=True)
class _Scoring:
    """The model and the options of one call, and its memo of line features."""

    model: LineModel
    title: str | None
    threshold: float | None
    memo: FactsMemo


def _cut_paragraphs(
    units: Sequence[Unit],
    paragraphs: Sequence[Sequence[Placed]],
    lines: Sequence[str],
    scoring: _Scoring,
    guards: Guards,
) -> dict[int, tuple[str, float, tuple[str, ...]]]:
    """Paragraph index -> (reason, score, evidence) for those to cut now
    (``lines``: the paragraphs' rendered texts)."""
    model, threshold = scoring.model, scoring.threshold
    if not lines:
        return {}
    scored = model.score_lines(lines, scoring.title, scoring.memo, threshold)
    if not scored.any_prose:
        return {}
    sentence, scores, rows = scored.sentence, scored.probabilities, scored.rows
    context = in_context(lines, scores, scored.reaches, sentence)
    cut = [
        (reaches or index in context) and not guards.protects(units, paragraphs, sentence, index)
        for index, reaches in enumerate(scored.reaches)
    ]
    cut = _keep_copies_of_kept_lines(lines, cut)
    if all(cut):
        return {}
    chosen = [index for index, flag in enumerate(cut) if flag and index in rows]
    found = {
        index: (
            REASON_PREFIX + boilerplate_kind(lines[index], rows[index]),
            round(float(scores[index]), 4),
            evidence,
        )
        for index, evidence in zip(chosen, _evidence(model, rows, chosen), strict=True)
    }
    found.update(
        (
            index,
            (
                REASON_PREFIX + context[index],
                round(float(scores[index]), 4),
                _CONTEXT_EVIDENCE[context[index]],
            ),
        )
        for index, flag in enumerate(cut)
        if flag and index not in rows
    )
    return found


def in_context(
    lines: Sequence[str], probabilities: Any, removed: Sequence[bool], sentence: Sequence[bool]
) -> dict[int, str]:
    """The lines not in ``removed`` that go for the lines around them, with
    their kind: ``comments`` in a readers' comment thread
    (:func:`~dedupe_feed.linemodel.threads.comment_thread`), else ``related``
    in a run of teasers (:func:`~dedupe_feed.linemodel.runs.boilerplate_run_lines`).

    >>> lines = ["Rain hit Kochi and schools stayed shut.", "More", "A", "B", "C"]
    >>> removed = [False, True, False, True, False]
    >>> in_context(lines, [0.1, 0.99, 0.9, 0.99, 0.9], removed, [True] * 5)
    {2: 'related', 4: 'related'}
    """
    found = dict.fromkeys(boilerplate_run_lines(probabilities, removed), "related")
    found.update(dict.fromkeys(comment_thread(lines, removed, sentence), "comments"))
    return dict(sorted(found.items()))


def _keep_copies_of_kept_lines(lines: Sequence[str], cut: list[bool]) -> list[bool]:
    """A line with an identical copy that stays, stays too."""
    kept = {line.casefold() for line, flag in zip(lines, cut, strict=True) if not flag}
    return [flag and line.casefold() not in kept for line, flag in zip(lines, cut, strict=True)]


def _evidence(
    model: LineModel, rows: Mapping[int, np.ndarray], chosen: Sequence[int]
) -> list[tuple[str, ...]]:
    """For each chosen line, the features whose content-typical value would
    lower its score most: ``name=value`` strings, strongest first."""
    typical = model.typical_content
    if typical is None:
        return [() for _ in chosen]
    found: list[tuple[str, ...]] = []
    for index in chosen:
        row = rows[index]
        drops = _drops(model, row, typical)
        order = [j for j in np.argsort(-drops, kind="stable") if drops[j] > 0][:EVIDENCE_FEATURES]
        found.append(tuple(f"{FEATURE_NAMES[j]}={row[j]:.2f}" for j in order))
    return found


def _drops(model: LineModel, row: np.ndarray, typical: np.ndarray) -> np.ndarray:
    """For each feature, how much the row's log-odds fall when that feature
    takes its content-typical value. Only the features that differ from it
    are scored (trees score each row on its own, so a variant equal to the
    row would fall by exactly 0)."""
    drops = np.zeros(len(FEATURE_NAMES))
    changed = np.flatnonzero(row != typical)
    if changed.size:
        variants = np.repeat(row[None, :], changed.size, axis=0)
        variants[np.arange(changed.size), changed] = typical[changed]
        drops[changed] = model.trees.raw_scores(row[None, :])[0] - model.trees.raw_scores(variants)
    return drops
