"""Canonical merge: the reading order of the kept units.

Walking the units in source order, a kept unit is placed after the cursor;
meeting a repeat moves the cursor to where that sentence's kept copy stands,
so a sentence found only in copy 2 lands after its predecessor's counterpart.
Each group's text (its most complete member) stands where the group first
occurs. When the walk jumps back to copy 1, sentences that opened copy 2
before any shared sentence (a different lead after the disclaimer) move in
front of the first shared sentence they precede, and of its subhead.

Only repeats that line up are a copy: a repeat beside the repeat of another
sentence, whose kept counterparts stand side by side the same way. A lone
repeat (a summary line or headline that a body sentence repeats, a pull
quote, a caption, a photo credit) never moves the walk. A group none of whose
removed members stands in a copy is placed once, at its first member inside a
paragraph of several sentences (the body's, not the summary's), else at its
first member.

>>> from dedupe_feed.model import Unit
>>> from dedupe_feed.model import Decision
>>> from dedupe_feed.duplicates import Duplicates
>>> units = [Unit(i, i * 10, i * 10 + 5, t) for i, t in enumerate("A B C A X C".split())]
>>> removed = {3: Decision(3, "exact_duplicate", 0), 5: Decision(5, "exact_duplicate", 2)}
>>> dups = Duplicates(group_of=(0, 1, 2, 0, 4, 2), removed=removed)
>>> [units[p.unit].text for p in arrange(units, dups, [], {})]
['A', 'X', 'B', 'C']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from dedupe_feed.duplicates import Duplicates
from dedupe_feed.keys import KeyCache, cached_key
from dedupe_feed.model import Change, Unit

_VARIANT_SIMILARITY = 55.0
_VARIANT_PREFIX_WORDS = 4
_VARIANT_SEARCH_NODES = 64
#: How far apart (in units) two repeats, and two of their other members, may
#: stand to line up as copies (a heading or a replaced sentence between).
_ALIGN_SPAN = 3


@dataclass(slots=True)
class Placed:
    """A kept unit in the output: ``unit``'s text standing at ``slot``'s place;
    ``relocated``: out of source order, ``lead``: moved as a later copy's own lead."""

    slot: int
    unit: int
    relocated: bool = False
    lead: bool = False


class _Sequence:
    """A doubly linked list of :class:`Placed`, with a cursor."""

    def __init__(self) -> None:
        self.items: list[Placed] = []
        self.next: list[int] = []
        self.prev: list[int] = []
        self.head = -1
        self.tail = -1
        self.cursor = -1

    def insert_after(self, anchor: int, item: Placed) -> int:
        node = len(self.items)
        self.items.append(item)
        following = self.head if anchor == -1 else self.next[anchor]
        self.prev.append(anchor)
        self.next.append(following)
        if anchor == -1:
            self.head = node
        else:
            self.next[anchor] = node
        if following == -1:
            self.tail = node
        else:
            self.prev[following] = node
        return node

    def unlink(self, node: int) -> None:
        before, after = self.prev[node], self.next[node]
        if before == -1:
            self.head = after
        else:
            self.next[before] = after
        if after == -1:
            self.tail = before
        else:
            self.prev[after] = before

    def walk(self) -> list[Placed]:
        out: list[Placed] = []
        node = self.head
        while node != -1:
            out.append(self.items[node])
            node = self.next[node]
        return out


def arrange(
    units: Sequence[Unit],
    duplicates: Duplicates,
    removed_spans: Sequence[tuple[int, int]],
    cache: KeyCache,
    glued_starts: frozenset[int] = frozenset(),
) -> list[Placed]:
    """The kept units in reading order (see the module docstring).
    ``glued_starts``: where units start after a restored glued boundary
    (``said."We``), a paragraph break guessed, not one the source had."""
    state = _Walk(units, duplicates, sorted(removed_spans), cache, glued_starts)
    for unit in units:
        state.visit(unit.index)
    return state.sequence.walk()


class _Walk:
    def __init__(
        self,
        units: Sequence[Unit],
        duplicates: Duplicates,
        removed_spans: Sequence[tuple[int, int]],
        cache: KeyCache,
        glued_starts: frozenset[int] = frozenset(),
    ) -> None:
        self.units = units
        self.glued_starts = glued_starts
        self.duplicates = duplicates
        self.removed_spans = removed_spans
        self.cache = cache
        self.sequence = _Sequence()
        self.node_of_group: dict[int, int] = {}
        self.shared_groups = _shared_groups(duplicates, len(units))
        self.targets = [self._follow_removals(i) for i in range(len(units))]
        self.collapsed = frozenset(self._kept_target(i) for i in duplicates.removed)
        self.members = self._collapsed_members()
        self.member_sets = {group: frozenset(found) for group, found in self.members.items()}
        self.in_copy: dict[int, bool] = {}  # :meth:`_in_copy`, asked once per unit
        self.lone_slot = self._lone_slots()
        self.run: list[int] = []

    def visit(self, index: int) -> None:
        removed = index in self.duplicates.removed
        if not removed and self.duplicates.group_of[index] != index:
            self._create(Placed(index, index))  # a repeat kept on purpose
            return
        group = self._kept_target(index)
        slot = self.lone_slot.get(group)
        if index == slot or (slot is None and (not removed or self._in_copy(index))):
            self._place_group(group, index)

    def _collapsed_members(self) -> dict[int, list[int]]:
        """Each collapsed group's kept unit and removed members, in source order."""
        members: dict[int, list[int]] = {group: [group] for group in self.collapsed}
        for index in self.duplicates.removed:
            members[self._kept_target(index)].append(index)
        return {group: sorted(found) for group, found in members.items()}

    def _lone_slots(self) -> dict[int, int]:
        """For each collapsed group with no member in a copy, the one member
        where its text stands (see the module docstring); never a fragment
        removed as ``contained``: a cut-off piece does not host the whole."""
        removed = self.duplicates.removed
        slots: dict[int, int] = {}
        for group, ordered in self.members.items():
            if any(self._in_copy(i) for i in ordered if i in removed):
                continue
            whole = [i for i in ordered if i not in removed or removed[i].reason != "contained"]
            if not whole:
                continue  # even the kept unit lies inside another: that one stands for it
            inside = [index for index in whole if self._shares_paragraph(index)]
            slots[group] = (inside or whole)[0]
        return slots

    def _shares_paragraph(self, index: int) -> bool:
        following = index + 1
        return not self._opens_paragraph(index) or (
            following < len(self.units) and not self._opens_paragraph(following)
        )

    def _opens_paragraph(self, index: int) -> bool:
        """A paragraph the source had: not one guessed at a glued boundary."""
        unit = self.units[index]
        return unit.new_paragraph and unit.start not in self.glued_starts

    def _in_copy(self, index: int) -> bool:
        """Whether removed unit ``index`` lines up with a copy: a repeat of
        another group stands near it on one side, and another member of that
        group stands near another member of ``index``'s group on the same
        side. Two lone repeats that merely stand side by side (a photo
        credit, a summary line) do not line up."""
        found = self.in_copy.get(index)
        if found is None:
            found = self.in_copy[index] = self._lines_up_with_a_copy(index)
        return found

    def _lines_up_with_a_copy(self, index: int) -> bool:
        own = self._kept_target(index)
        for step in (-1, 1):
            for distance in range(1, _ALIGN_SPAN + 1):
                other = index + step * distance
                if not 0 <= other < len(self.units) or not self._repeats(other):
                    continue
                group = self._kept_target(other)
                if group != own and self._line_up(own, group, (index, other), step):
                    return True
        return False

    def _line_up(self, own: int, group: int, pair: tuple[int, int], step: int) -> bool:
        """Some other member of ``group`` stands just ``step``-wards of some
        other member of ``own`` (the same two sentences, side by side, again)."""
        theirs = self.member_sets[group]
        return any(
            m + step * distance in theirs and m + step * distance != pair[1]
            for m in self.members[own]
            if m != pair[0]
            for distance in range(1, _ALIGN_SPAN + 1)
        )

    def _repeats(self, index: int) -> bool:
        """A removed repeat, or the kept member of a group that lost one."""
        return index in self.duplicates.removed or self.duplicates.group_of[index] in self.collapsed

    def _kept_target(self, index: int) -> int:
        """The kept unit that ``index`` stands for (itself when kept)."""
        return self.targets[index]

    def _follow_removals(self, index: int) -> int:
        target = index
        for _ in range(len(self.units)):
            decision = self.duplicates.removed.get(target)
            if decision is None:
                return self.duplicates.group_of[target]
            target = decision.duplicate_of
        return index

    def _place_group(self, group: int, slot: int) -> None:
        node = self.node_of_group.get(group)
        if node is None:
            self.node_of_group[group] = self._create(Placed(slot, group))
        else:
            self._anchor(node, slot)

    def _create(self, item: Placed) -> int:
        sequence = self.sequence
        at_tail = sequence.cursor == sequence.tail
        item.relocated = not at_tail
        node = sequence.insert_after(sequence.cursor, item)
        if at_tail:
            self.run.append(node)
        sequence.cursor = node
        return node

    def _anchor(self, node: int, slot: int) -> None:
        sequence = self.sequence
        if sequence.cursor == sequence.tail and node != sequence.tail:
            self._move_copy_head(node, slot)
        self.run = []
        sequence.cursor = node

    def _move_copy_head(self, anchor: int, slot: int) -> None:
        """Move the lead of a new copy in front of ``anchor`` (see module doc)."""
        suffix = self._unshared_suffix(anchor)
        moving = self._copy_head(suffix, slot, anchor)
        if not moving:
            return
        sequence = self.sequence
        target = sequence.prev[anchor]
        if target != -1 and self.units[sequence.items[target].unit].kind == "heading":
            target = sequence.prev[target]
        for node in moving:
            sequence.unlink(node)
        for node in moving:
            sequence.items[node].relocated = True
            sequence.items[node].lead = True
            sequence.insert_after(target, sequence.items[node])
            target = len(sequence.items) - 1
        sequence.cursor = sequence.tail

    def _unshared_suffix(self, anchor: int) -> list[int]:
        """The run's last nodes after ``anchor`` that no other copy shares."""
        suffix: list[int] = []
        for node in reversed(self.run):
            if node == anchor or self.sequence.items[node].unit in self.shared_groups:
                break
            suffix.append(node)
        suffix.reverse()
        return suffix

    def _copy_head(self, suffix: list[int], slot: int, anchor: int) -> list[int]:
        """The nodes of ``suffix`` that belong to the copy starting again at ``slot``."""
        if not suffix:
            return []
        items = self.sequence.items
        region_start = self._region_start(suffix)
        boundary = self._last_removed_span_end(region_start, self.units[slot].start)
        if boundary is not None:
            return [n for n in suffix if self.units[items[n].slot].start >= boundary]
        for position, node in enumerate(suffix):
            if self._is_variant_of_earlier(items[node].unit, suffix):
                return suffix[position:]
        if self._has_lead_before(anchor):
            return self._last_paragraph(suffix)
        return []

    def _has_lead_before(self, anchor: int) -> bool:
        """Copy 1 has unshared text before ``anchor`` (headings aside): then
        copy 2 most likely opened with a lead of its own too."""
        sequence = self.sequence
        node = sequence.prev[anchor]
        while node != -1 and self.units[sequence.items[node].unit].kind == "heading":
            node = sequence.prev[node]
        return node != -1 and sequence.items[node].unit not in self.shared_groups

    def _last_paragraph(self, suffix: list[int]) -> list[int]:
        items = self.sequence.items
        for position in range(len(suffix) - 1, -1, -1):
            if self.units[items[suffix[position]].slot].new_paragraph:
                return suffix[position:]
        return suffix

    def _region_start(self, suffix: list[int]) -> int:
        before = self.sequence.prev[suffix[0]]
        if before == -1:
            return 0
        return self.units[self.sequence.items[before].slot].end

    def _last_removed_span_end(self, start: int, end: int) -> int | None:
        found = None
        for span_start, span_end in self.removed_spans:
            if span_start >= start and span_end <= end:
                found = span_end
        return found

    def _is_variant_of_earlier(self, unit: int, suffix: list[int]) -> bool:
        """Looks like another version of a sentence already placed (a second lead)."""
        key = cached_key(self.units[unit].text, self.cache)
        excluded = set(suffix)
        for node in range(min(len(self.sequence.items), _VARIANT_SEARCH_NODES)):
            if node in excluded:
                continue
            other = cached_key(self.units[self.sequence.items[node].unit].text, self.cache)
            if key.tokens[:_VARIANT_PREFIX_WORDS] == other.tokens[:_VARIANT_PREFIX_WORDS]:
                return len(key.tokens) >= _VARIANT_PREFIX_WORDS
            if fuzz.ratio(key.text, other.text) >= _VARIANT_SIMILARITY:
                return True
        return False


def moves(units: Sequence[Unit], placed: Sequence[Placed]) -> list[Change]:
    """A ``unit_moved`` change for each placed unit out of source order (a
    sentence of a later copy put after its neighbour in the first, or the lead
    of a later copy moved in front of the first shared sentence), or a kept
    text standing where another copy of it stood. Its span is the unit whose
    text moved.

    >>> from dedupe_feed.model import Decision
    >>> units = [Unit(i, i * 10, i * 10 + 5, t) for i, t in enumerate("A B C A X C".split())]
    >>> removed = {3: Decision(3, "exact_duplicate", 0), 5: Decision(5, "exact_duplicate", 2)}
    >>> dups = Duplicates(group_of=(0, 1, 2, 0, 4, 2), removed=removed)
    >>> [(c.start, c.evidence) for c in moves(units, arrange(units, dups, [], {}))]
    [(40, 'out of source order, after 0-5: copies merged')]
    """
    found: list[Change] = []
    previous: Placed | None = None
    for item in placed:
        unit = units[item.unit]
        if item.relocated:
            after = "the start" if previous is None else _span(units[previous.unit])
            evidence = (
                f"a later copy's own lead, kept after {after}: no sentence of the first repeats it"
                if item.lead
                else f"out of source order, after {after}: copies merged"
            )
            found.append(Change(unit.start, unit.end, "unit_moved", evidence))
        elif item.slot != item.unit:
            evidence = f"stands where its copy at {_span(units[item.slot])} stood"
            found.append(Change(unit.start, unit.end, "unit_moved", evidence))
        previous = item
    return found


def _span(unit: Unit) -> str:
    return f"{unit.start}-{unit.end}"


def _shared_groups(duplicates: Duplicates, size: int) -> frozenset[int]:
    """Representatives of groups with more than one member."""
    counts: dict[int, int] = {}
    for index in range(size):
        group = duplicates.group_of[index]
        counts[group] = counts.get(group, 0) + 1
    shared = {group for group, count in counts.items() if count > 1}
    # A unit removed as part of a kept one ("contained") shares that one's group.
    shared.update(duplicates.group_of[d.duplicate_of] for d in duplicates.removed.values())
    return frozenset(shared)
