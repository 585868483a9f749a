"""A body delivered twice whose second copy opens with its own lead.

Feeds often resend a story with the body repeated and a new first sentence
on the second copy (``Heavy rain continued in Kerala on Wednesday, officials
said.``). The duplicate stage collapses the repeated body but the new lead
has no copy, so it would stay. It goes when it says the first lead's news
again: every number and name in it is in the first lead
(:func:`~dedupe_feed.verify.added_facts`) and at least
:data:`MIN_SHARED_WORDS` of its words (four letters or more) are the first
lead's. A second lead that adds a fact stays, and the decision is reported
either way.

The second copy's lead is found by position: the unit right before the
second copy's repeat of the body's second sentence.

>>> from dedupe_feed.keys import unit_key
>>> lead = unit_key("The IMD on Wednesday issued an orange alert for six Kerala districts "
...                 "as heavy rain continued to lash the state.")
>>> again = unit_key("Heavy rain continued in Kerala on Wednesday, officials said.")
>>> SecondLead.of(5, again, 0, lead).removed
True
>>> other = unit_key("Heavy rain continued in Idukki on Thursday, officials said.")
>>> SecondLead.of(5, other, 0, lead).added
('idukki', 'thursday')
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from dedupe_feed.keys import UnitKey
from dedupe_feed.model import Decision, Unit
from dedupe_feed.verify import added_facts

MIN_SHARED_WORDS = 0.6
"""Share of the second lead's words (four letters or more) the first must have."""
_MIN_WORD_CHARS = 4
REASON = "reworded_lead"


@dataclass(frozen=True)
class SecondLead:
    """The second copy's own lead (unit ``unit``) beside the first lead
    (unit ``lead``): removed when it adds nothing, else the facts it adds."""

    unit: int
    lead: int
    shared: float
    added: tuple[str, ...]

    @classmethod
    def of(cls, unit: int, second: UnitKey, lead: int, first: UnitKey) -> SecondLead:
        """Unit ``unit`` (key ``second``) weighed against the first lead."""
        return cls(unit, lead, shared_words(second, first), added_facts(second, first))

    @property
    def removed(self) -> bool:
        """Whether the second lead says the first one's news again: no fact
        of its own and most of its words shared (see the module docstring)."""
        return not self.added and self.shared >= MIN_SHARED_WORDS


def shared_words(second: UnitKey, first: UnitKey) -> float:
    """The share (0-1) of ``second``'s words of four letters or more that ``first`` has.

    >>> from dedupe_feed.keys import unit_key
    >>> shared_words(unit_key("Heavy rain hit Kochi."), unit_key("Rain lashed Kochi."))
    0.667
    """
    words = [token for token in second.tokens if len(token) >= _MIN_WORD_CHARS]
    if not words:
        return 0.0
    vocabulary = first.vocabulary
    return round(sum(word in vocabulary for word in words) / len(words), 3)


def second_lead(
    units: Sequence[Unit],
    keys: Sequence[UnitKey],
    group_of: Sequence[int],
    removed: Mapping[int, Decision],
    titles: Collection[int],
) -> SecondLead | None:
    """The second copy's lead when the body is delivered twice, or ``None``:
    the unit right before the second copy of the body's second sentence,
    when it has no copy itself and stands after the first copy's.

    >>> from dedupe_feed.keys import unit_key
    >>> texts = ["Rain lashed Kochi.", "Schools were shut.", "The district opened 41 camps.",
    ...          "Schools were shut.", "The district opened 41 camps."]
    >>> units = [Unit(i, 0, 0, t) for i, t in enumerate(texts)]
    >>> keys = [unit_key(t) for t in texts]
    >>> second_lead(units, keys, [0, 1, 2, 1, 2], {}, ()) is None  # no lead of its own
    True
    """
    body = [i for i in range(len(units)) if i not in titles]
    if len(body) < 2 or body[0] in removed:
        return None
    lead, after = body[0], body[1]
    repeat = next((i for i in body[2:] if group_of[i] == group_of[after]), None)
    candidate = None if repeat is None else repeat - 1
    if candidate is None or candidate <= after or candidate in titles:
        return None
    if candidate in removed or any(
        group_of[i] == group_of[candidate] for i in range(len(units)) if i != candidate
    ):
        return None  # it has a copy: a sentence of the body, not a lead of its own
    second, first = keys[candidate], keys[lead]
    if not second.tokens or second.cjk or first.cjk:
        return None
    return SecondLead.of(candidate, second, lead, first)


def drop_second_lead(found: SecondLead, removed: dict[int, Decision]) -> None:
    """Record the removal of a second lead that says nothing new."""
    if found.removed:
        removed[found.unit] = Decision(found.unit, REASON, found.lead, found.shared)
