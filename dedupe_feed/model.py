"""The small value types that flow between the stages.

Every stage reads and writes these frozen records; offsets always index
:attr:`Document.source`, the text the whole pipeline works on (for plain-text
input it has exactly the length of the raw item, so offsets are also offsets
into ``raw``).

>>> Block(0, 5, "paragraph").length
5
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "heading", "list_item", "quote"]
UnitKind = Literal["sentence", "heading"]
InputFormat = Literal["text", "html"]


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-level piece of :attr:`Document.source`: ``source[start:end]``."""

    start: int
    end: int
    kind: BlockKind = "paragraph"

    @property
    def length(self) -> int:
        """Number of characters covered.

        >>> Block(3, 10).length
        7
        """
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Document:
    """The decoded item: the text every offset refers to, cut into blocks.

    ``metadata`` holds what the reader already knows (an HTML ``<title>``);
    ``detection`` says why the input was read as text or HTML; ``changes``
    records edits the reader made to the text (``text_repaired``).
    """

    source: str
    blocks: tuple[Block, ...]
    input_format: InputFormat = "text"
    detection: str = "plain text"
    metadata: tuple[tuple[str, str], ...] = ()
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """A boilerplate or metadata rule that matched ``source[start:end]``.

    ``fields`` are the slot values lifted into metadata (``credit``,
    ``publisher``, ``date`` ...).
    """

    start: int
    end: int
    rule_id: str
    family: str
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence found inside a block; ``glued`` means no whitespace separated
    it from the previous sentence in the source (``chains.The``)."""

    start: int
    end: int
    glued: bool = False


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence or heading that the duplicate stage compares and may remove.

    ``new_paragraph`` is true when the unit opened a paragraph in the source,
    or followed a lost paragraph break (a glued boundary or removed boilerplate).
    """

    index: int
    start: int
    end: int
    text: str
    kind: UnitKind = "sentence"
    new_paragraph: bool = False


@dataclass(frozen=True, slots=True)
class Removal:
    """One piece of the source that is not in the clean text, and why.

    ``reason`` is a rule id (``disclaimer.syndicated_feed``) or a duplicate
    verdict (``exact_duplicate``, ``near_duplicate``, ``contained``,
    ``reworded_lead``);
    ``duplicate_of`` is the ``(start, end)`` of the kept unit it repeats.
    Removals by the line model (``model.<kind>``) carry its ``score`` and, in
    ``evidence``, the features that raised the score most.

    >>> from dedupe_feed import analyze
    >>> removal = analyze("Sensex rose 300 points on Monday. " * 2).removed[0]
    >>> removal.start, removal.end, removal.reason, removal.duplicate_of, removal.similarity
    (34, 67, 'exact_duplicate', (0, 33), 1.0)
    """

    start: int
    end: int
    text: str
    reason: str
    stage: str
    duplicate_of: tuple[int, int] | None = None
    similarity: float | None = None
    score: float | None = None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Change:
    """An edit that keeps text but changes structure (a restored sentence
    boundary, a recovered subhead), a repeat deliberately left in
    (``repeat_kept``), or mojibake and entities repaired in plain text
    (``text_repaired``: the span covers the repaired characters of ``source``,
    the evidence quotes what they replaced), or a stray tag dropped from plain
    text (``tag_removed``: empty span where it was, the tag as evidence), or
    a unit the merge of repeats put out of source order (``unit_moved``: the
    span of the unit whose text moved, the evidence says where it stands), or
    a second copy's own lead kept because it adds facts (``lead_kept``: the
    evidence names them).
    ``evidence`` says what proved it.

    >>> from dedupe_feed import analyze
    >>> analyze("Rain lashed Kochi.Schools were shut.").changes
    (Change(start=18, end=18, kind='boundary_restored', evidence='glued'),)
    """

    start: int
    end: int
    kind: Literal[
        "boundary_restored",
        "heading_recovered",
        "repeat_kept",
        "text_repaired",
        "tag_removed",
        "unit_moved",
        "lead_kept",
    ]
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class Decision:
    """The duplicate stage's verdict on one unit (by :attr:`Unit.index`)."""

    unit: int
    reason: str
    duplicate_of: int
    similarity: float = field(default=1.0)


def renumber(units: Sequence[Unit]) -> list[Unit]:
    """The same units with ``index`` equal to their position.

    >>> [u.index for u in renumber([Unit(5, 0, 1, "a"), Unit(9, 2, 3, "b")])]
    [0, 1]
    """
    return [
        unit
        if unit.index == position
        else Unit(position, unit.start, unit.end, unit.text, unit.kind, unit.new_paragraph)
        for position, unit in enumerate(units)
    ]
