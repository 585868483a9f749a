"""What :func:`dedupe_feed.analyze` returns: the clean text with its evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from dedupe_feed.model import Change, InputFormat, Removal


@dataclass(frozen=True)
class Analysis:
    """The clean article and everything that was done to get it.

    Attributes:
        text: the clean article, equal to ``clean(raw)``.
        metadata: fields lifted out of the text (``date``, ``credit``,
            ``publisher``, ``title`` ...), read-only.
        removed: every removed piece, in source order, with its reason.
        changes: restored sentence boundaries, recovered subheads, repeats
            kept on purpose, units the merge of repeats moved, mojibake
            repaired and stray tags dropped in plain text.
        source: the text that all offsets index (for plain text the raw
            item, after ftfy repaired any mojibake and entities and stray
            tags were dropped, each a ``text_repaired`` or ``tag_removed``
            change; the text extracted from the markup for HTML).
        input_format: ``"text"`` or ``"html"``.
        detection: why the input was read as that format.

    >>> from dedupe_feed import analyze
    >>> result = analyze(" date 2025-07-09 Rain lashed Kochi.Schools were shut. (PTI)")
    >>> result.text
    'Rain lashed Kochi.\\n\\nSchools were shut.'
    >>> dict(result.metadata)
    {'date': '2025-07-09', 'credit': 'PTI'}
    >>> [(r.reason, r.text) for r in result.removed]
    [('metadata.date_prefix', 'date 2025-07-09'), ('credit.agency_parenthesized', '(PTI)')]
    >>> [c.kind for c in result.changes], result.input_format
    (['boundary_restored'], 'text')
    """

    text: str
    metadata: Mapping[str, str]
    removed: tuple[Removal, ...]
    changes: tuple[Change, ...]
    source: str
    input_format: InputFormat
    detection: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "metadata", MappingProxyType(dict(self.metadata)))

    def removed_by_reason(self) -> dict[str, int]:
        """Characters removed per reason, largest first.

        >>> from dedupe_feed import analyze
        >>> analyze("Fire broke out in Kochi on Monday. (PTI)").removed_by_reason()
        {'credit.agency_parenthesized': 5}
        """
        totals: dict[str, int] = {}
        for removal in self.removed:
            totals[removal.reason] = totals.get(removal.reason, 0) + len(removal.text)
        return dict(sorted(totals.items(), key=lambda item: (-item[1], item[0])))

    def to_dict(self) -> dict[str, Any]:
        """The analysis as plain JSON data (what ``clean --json`` prints;
        ``explain --json`` adds ``source``, which every offset indexes).

        >>> from dedupe_feed import analyze
        >>> data = analyze("Fire broke out in Kochi on Monday. (PTI)").to_dict()
        >>> data["text"], data["metadata"], data["removed"][0]["reason"], data["changes"]
        ('Fire broke out in Kochi on Monday.', {'credit': 'PTI'}, 'credit.agency_parenthesized', [])
        """
        return {
            "text": self.text,
            "metadata": dict(self.metadata),
            "removed": [
                {
                    "start": r.start,
                    "end": r.end,
                    "text": r.text,
                    "reason": r.reason,
                    "stage": r.stage,
                    "duplicate_of": list(r.duplicate_of) if r.duplicate_of is not None else None,
                    "similarity": r.similarity,
                    "score": r.score,
                    "evidence": list(r.evidence),
                }
                for r in self.removed
            ],
            "changes": [
                {"start": c.start, "end": c.end, "kind": c.kind, "evidence": c.evidence}
                for c in self.changes
            ],
            "input_format": self.input_format,
            "detection": self.detection,
        }

    def _repr_html_(self) -> str:
        from dedupe_feed.view import render_html

        return render_html(self)
