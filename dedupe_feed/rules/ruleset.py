"""A validated set of rules and the position-aware search over a document.

Positions are decided against ``doc.blocks``; text counts as *ignorable* when
it is whitespace, a separator (``| • * - – — . , : ;``) or another match:

- ``top``: only ignorable text between the start of the document and the match;
- ``bottom``: only ignorable text between the match and the end of its block
  (not of the document: a footer may close copy 1 of a doubled body);
- ``line``: the match is its whole block or line apart from ignorable text;
- ``anywhere``: no condition.

A match wrapped in brackets (``(`` match ``)``, one space allowed inside)
is widened to include them, so patterns need not spell optional brackets.

>>> from dedupe_feed.model import Block, Document
>>> text = "Rain lashed Kochi. (PTI)"
>>> [m.rule_id for m in RuleSet.build().find(Document(text, (Block(0, len(text)),)))]
['credit.agency_parenthesized']
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

from dedupe_feed.errors import RuleError
from dedupe_feed.model import Document, RuleMatch
from dedupe_feed.rules._hints import HintScanner
from dedupe_feed.rules._positions import PositionView
from dedupe_feed.rules._slots import at_sentence_start
from dedupe_feed.rules.catalog import builtin_rules
from dedupe_feed.rules.rule import Rule
from dedupe_feed.rules.windows import HintStarts, longest_match

_MAX_ROUNDS = 12
#: ``top`` rules look only at the first characters: a match there must end
#: within them (a top match follows nothing but whitespace and other matches).
_TOP_SCAN = 1500
_BRACKETS = (("(", ")"), ("[", "]"))


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    order: int
    rule: Rule
    fields: tuple[tuple[str, str], ...]


class RuleSet:
    """An ordered, immutable set of rules with unique ids.

    >>> RuleSet.build(disabled_families=["footer"]).find(Document("x", ()))
    []
    """

    __slots__ = ("_hints", "_rules")

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        rules = tuple(rules)
        for rule in rules:
            if not isinstance(rule, Rule):
                raise TypeError(f"expected Rule objects, got {type(rule).__name__}")
        _check_unique(rules)
        self._rules = rules
        self._hints = HintScanner(rule.hint for rule in rules if rule.hint is not None)

    @classmethod
    def build(
        cls,
        *,
        builtin: bool = True,
        extra: Iterable[Rule] = (),
        disabled_rules: Collection[str] = (),
        disabled_families: Collection[str] = (),
    ) -> RuleSet:
        """The builtin catalog (optional) plus ``extra`` rules, minus disabled ones.

        Unknown disabled ids or families raise :class:`~dedupe_feed.errors.RuleError`.

        >>> len(RuleSet.build(builtin=False).rules)
        0
        >>> RuleSet.build(disabled_rules=["credit.agency_parenth"])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        dedupe_feed.errors.RuleError: unknown rule id ... mean 'credit.agency_parenthesized'?
        """
        rules = (builtin_rules() if builtin else ()) + tuple(extra)
        _check_unique(rules)
        _check_known("rule id", "disabled_rules", disabled_rules, [r.id for r in rules])
        _check_known("family", "disabled_families", disabled_families, [r.family for r in rules])
        off_ids, off_families = set(disabled_rules), set(disabled_families)
        return cls(r for r in rules if r.id not in off_ids and r.family not in off_families)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules, in the order they are tried."""
        return self._rules

    def __repr__(self) -> str:
        return f"RuleSet({len(self._rules)} rules)"

    def find(self, doc: Document) -> list[RuleMatch]:
        """Non-overlapping matches in ``doc.source``, sorted by start.

        On overlap the earliest-starting match wins, then the longest, then the
        rule listed first.
        """
        candidates = self._candidates(doc.source)
        if not candidates:
            return []
        kept = _settle(doc, candidates)
        return [RuleMatch(c.start, c.end, c.rule.id, c.rule.family, c.fields) for c in kept]

    def _candidates(self, text: str) -> list[_Candidate]:
        folded = text.casefold()
        present = self._hints.present(folded)
        top = text[:_TOP_SCAN].casefold()  # casefolding maps each character on its own
        aligned = len(folded) == len(text)  # no character folded to several: same offsets
        found: list[_Candidate] = []
        for order, rule in enumerate(self._rules):
            if rule.hint is not None and rule.hint not in present:
                continue
            at_top = rule.position == "top"
            if at_top and rule.hint is not None and rule.hint not in top:
                continue  # a top rule's matches end within the top: so does its hint
            starts = hint_starts(rule, folded) if aligned else None
            for match in rule_matches(rule, text, _TOP_SCAN if at_top else len(text), starts):
                if match.end() > match.start():
                    start, end = _absorb_brackets(text, match.start(), match.end())
                    fields = _fields(rule, match.groupdict())
                    found.append(_Candidate(start, end, order, rule, fields))
        found.sort(key=lambda c: (c.start, -c.end, c.order))
        return found


def hint_starts(rule: Rule, folded: str) -> HintStarts | None:
    """Where ``rule``'s matches may start in ``folded`` (see
    :mod:`~dedupe_feed.rules.windows`), or None: anywhere."""
    if rule.hint is None:
        return None
    longest = longest_match(*rule.expanded)
    return None if longest is None else HintStarts.find(folded, rule.hint, longest)


def rule_matches(
    rule: Rule, text: str, endpos: int, starts: HintStarts | None = None
) -> Iterator[re.Match[str]]:
    """``finditer`` up to ``endpos``, where a ``<sentence_start>`` rule skips to
    the next start position (not past the match) when a match does not start a
    sentence. With ``starts``, each search begins where a match may start."""
    if starts is None and not rule.starts_sentence:
        yield from rule.regex.finditer(text, 0, endpos)
        return
    pos: int | None = 0
    while pos is not None:
        begin = pos if starts is None else starts.lowest(pos)
        if begin is None:
            return
        match = rule.regex.search(text, begin, endpos)
        if match is None:
            return
        if rule.starts_sentence and not at_sentence_start(text, match.start()):
            pos = match.start() + 1
            continue
        yield match
        pos = max(match.end(), match.start() + 1)


def _absorb_brackets(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a match to the brackets around it: ``(`` match ``)`` is removed whole.

    >>> _absorb_brackets("said. ( Except for ... feed. ) Next", 8, 28)
    (6, 30)
    """
    for opening, closing in _BRACKETS:
        before = start - 1 if text[start - 1 : start] == opening else start - 2
        if before < 0 or text[before] != opening or (before < start - 1 and text[start - 1] != " "):
            continue
        after = end if text[end : end + 1] == closing else end + 1
        if text[after : after + 1] == closing and (after == end or text[end] == " "):
            return before, after + 1
    return start, end


def _fields(rule: Rule, groups: dict[str, str | None]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for name, slot in rule.fields.items():
        value = groups.get(slot)
        if value and value.strip():
            pairs.append((name, " ".join(value.split())))
    return tuple(pairs)


def _settle(doc: Document, candidates: list[_Candidate]) -> list[_Candidate]:
    """Settle overlaps, then drop winners that are misplaced among the other
    winners, until the set is stable.

    Misplaced winners that cut another candidate in two go first, and the
    candidates they beat compete again: a ``line`` match that reached
    into the next sentence (``Copyright Acme 1987. Reproduction``) must not
    hide the rule for that sentence, nor unseat a footer above it that leans
    on that rule. Otherwise every misplaced winner goes (a positional match
    may lean on another that went). After a dozen rounds (only pathological
    input), keep just the ``anywhere`` matches.
    """
    pool = candidates
    for _ in range(_MAX_ROUNDS):
        kept, cutters = _overlaps_settled(pool)
        misplaced = {id(c) for c in kept} - {id(c) for c in _placed(doc, kept)}
        if not misplaced:
            return kept
        dropped = (misplaced & cutters) or misplaced
        pool = [c for c in pool if id(c) not in dropped]
    return _without_overlaps([c for c in pool if c.rule.position == "anywhere"])


def _overlaps_settled(candidates: Sequence[_Candidate]) -> tuple[list[_Candidate], set[int]]:
    """:func:`_without_overlaps`, and the ids of the kept candidates that
    end inside a candidate they beat (cut it in two)."""
    kept: list[_Candidate] = []
    cutters: set[int] = set()
    for candidate in candidates:
        if not kept or candidate.start >= kept[-1].end:
            kept.append(candidate)
        elif candidate.end > kept[-1].end:
            cutters.add(id(kept[-1]))
    return kept, cutters


def _placed(doc: Document, candidates: Sequence[_Candidate]) -> list[_Candidate]:
    if all(c.rule.position == "anywhere" for c in candidates):
        return list(candidates)
    view = PositionView(doc.source, doc.blocks, [(c.start, c.end) for c in candidates])
    return [c for c in candidates if view.allows(c.rule.position, c.start, c.end)]


def _without_overlaps(candidates: Sequence[_Candidate]) -> list[_Candidate]:
    kept: list[_Candidate] = []
    for candidate in candidates:
        if not kept or candidate.start >= kept[-1].end:
            kept.append(candidate)
    return kept


def _check_unique(rules: Sequence[Rule]) -> None:
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"duplicate rule id {rule.id!r}")
        seen.add(rule.id)


def _check_known(what: str, option: str, names: Collection[str], known: Sequence[str]) -> None:
    if isinstance(names, str):
        raise RuleError(f"{option} must be a collection of names, not the string {names!r}")
    choices = sorted(set(known))
    for name in names:
        if name not in choices:
            close = difflib.get_close_matches(name, choices, n=1)
            suggestion = f"; did you mean {close[0]!r}?" if close else ""
            raise RuleError(f"unknown {what} {name!r} in {option}{suggestion}")
