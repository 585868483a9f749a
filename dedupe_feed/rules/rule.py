"""One boilerplate or metadata rule: a validated, compiled, immutable record.

>>> rule = Rule("credit.demo", "credit", r"\\(<agency>\\)", fields={"credit": "agency"},
...             hint="(", examples=("(PTI)",))
>>> rule.regex.search("Rain lashed Kochi. (PTI)")["agency"]
'PTI'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import InitVar, dataclass, field
from types import MappingProxyType
from typing import Literal

from dedupe_feed.errors import RuleError
from dedupe_feed.rules._slots import SENTENCE_START, expand_slots

Position = Literal["top", "bottom", "line", "anywhere"]
Kind = Literal["boilerplate", "metadata"]

POSITIONS: tuple[Position, ...] = ("top", "bottom", "line", "anywhere")
KINDS: tuple[Kind, ...] = ("boilerplate", "metadata")

_ID_RE = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)+")
_FAMILY_RE = re.compile(r"[a-z0-9_]+")
_FIELD_RE = re.compile(r"[a-z][a-z0-9_]*")
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}


@dataclass(frozen=True)
class Rule:
    """A pattern with slots, where it may match, and what it lifts.

    Attributes:
        id: ``family.name``, lowercase ``[a-z0-9_.]``.
        family: the first part of ``id``; a whole family can be disabled.
        pattern: a regular expression with ``<outlet>``, ``<agency>``,
            ``<date>``, ``<sentence_end>`` slots; a leading
            ``<sentence_start>`` means matches must start a sentence.
        position: ``top``, ``bottom``, ``line`` or ``anywhere`` (see
            :class:`~dedupe_feed.rules.RuleSet`).
        kind: ``boilerplate`` (removed) or ``metadata`` (removed, value lifted).
        fields: metadata field -> slot or ``(?P<name>...)`` group name.
        hint: a lowercase literal every match contains: the regex is only
            tried when the casefolded text contains it.
        examples: texts the rule must match (checked here and in the tests).
        counter_examples: texts it must not match (checked in the tests).
        flags: regex flags, letters from ``imsx``.
        regex: the compiled pattern (slots expanded), compiled when first
            used if the rule was made with ``check=False``.
        starts_sentence: the pattern opened with ``<sentence_start>``.

    ``check=False`` (the builtin catalog, whose rules the tests check) skips
    what needs the compiled pattern (its fields' groups and its examples), so
    a rule's regex is compiled only when its hint first turns up in a text.

    >>> from dedupe_feed import clean
    >>> rule = Rule("footer.coastal_app", "footer", r"Get the <outlet> app\\.",
    ...             hint="app", fields={"publisher": "outlet"},
    ...             examples=("Get the Coastal Times app.",))
    >>> rule.regex.search("Rain in Kochi. Get the Coastal Times app.")["outlet"]
    'Coastal Times'
    >>> clean("Rain lashed Kochi on Monday. Get the Coastal Times app.", extra_rules=(rule,))
    'Rain lashed Kochi on Monday.'
    """

    id: str
    family: str
    pattern: str
    position: Position = "anywhere"
    kind: Kind = "boilerplate"
    fields: Mapping[str, str] = field(default_factory=dict, hash=False)
    hint: str | None = None
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    flags: str = "i"
    check: InitVar[bool] = True
    starts_sentence: bool = field(init=False, repr=False, compare=False, hash=False)
    expanded: tuple[str, int] = field(init=False, repr=False, compare=False, hash=False)
    """The pattern with its slots expanded, and its ``re`` flags."""

    def __post_init__(self, check: bool) -> None:
        self._check_names()
        _check_choice(self.id, "position", self.position, POSITIONS)
        _check_choice(self.id, "kind", self.kind, KINDS)
        object.__setattr__(self, "fields", MappingProxyType(dict(self.fields)))
        object.__setattr__(self, "examples", _str_tuple(self.id, "examples", self.examples))
        counter = _str_tuple(self.id, "counter_examples", self.counter_examples)
        object.__setattr__(self, "counter_examples", counter)
        object.__setattr__(self, "expanded", self._expand())
        if check:
            self._check_fields()  # compiles the pattern: a bad one is an error here
        self._check_hint()
        if check:
            self._check_examples()

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern (compiled once, on first use)."""
        try:
            return re.compile(*self.expanded)
        except re.error as exc:
            raise RuleError(f"rule {self.id}: pattern does not compile: {exc}") from None

    def _check_names(self) -> None:
        if not isinstance(self.id, str) or not _ID_RE.fullmatch(self.id):
            raise RuleError(f"bad rule id {self.id!r}: use 'family.name' in lowercase [a-z0-9_.]")
        if not isinstance(self.family, str) or not _FAMILY_RE.fullmatch(self.family):
            raise RuleError(f"rule {self.id}: bad family {self.family!r}, use [a-z0-9_]")
        if self.id.split(".", 1)[0] != self.family:
            raise RuleError(f"rule {self.id}: the id must start with its family {self.family!r}")

    def _expand(self) -> tuple[str, int]:
        if not isinstance(self.pattern, str) or not self.pattern:
            raise RuleError(f"rule {self.id}: pattern must be a non-empty string")
        if not isinstance(self.flags, str) or set(self.flags) - set(_FLAGS):
            raise RuleError(f"rule {self.id}: flags {self.flags!r} must be letters from 'imsx'")
        flags = 0
        for letter in self.flags:
            flags |= _FLAGS[letter]
        body = self.pattern.removeprefix(SENTENCE_START)
        object.__setattr__(self, "starts_sentence", body != self.pattern)
        if SENTENCE_START in body:
            raise RuleError(f"rule {self.id}: {SENTENCE_START} may only open the pattern")
        try:
            return expand_slots(body), flags
        except RuleError as exc:
            raise RuleError(f"rule {self.id}: {exc}") from None

    def _check_fields(self) -> None:
        groups = self.regex.groupindex
        for name, slot in self.fields.items():
            if not isinstance(name, str) or not _FIELD_RE.fullmatch(name):
                raise RuleError(f"rule {self.id}: bad metadata field name {name!r}")
            if slot not in groups:
                known = ", ".join(sorted(groups)) or "none"
                raise RuleError(
                    f"rule {self.id}: field {name!r} refers to {slot!r}, which is not a "
                    f"slot or named group of the pattern (known: {known})"
                )

    def _check_hint(self) -> None:
        if self.hint is None:
            return
        if not isinstance(self.hint, str) or not self.hint or self.hint != self.hint.casefold():
            raise RuleError(f"rule {self.id}: hint {self.hint!r} must be a lowercase literal")
        for example in self.examples:
            if self.hint not in example.casefold():
                raise RuleError(f"rule {self.id}: hint {self.hint!r} is not in example {example!r}")

    def _check_examples(self) -> None:
        for example in self.examples:
            if not self.regex.search(example):
                raise RuleError(f"rule {self.id}: pattern does not match its example {example!r}")


def _check_choice(rule_id: str, name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise RuleError(
            f"rule {rule_id}: {name} must be one of {', '.join(choices)}, got {value!r}"
        )


def _str_tuple(rule_id: str, name: str, values: object) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, (tuple, list)):
        raise RuleError(f"rule {rule_id}: {name} must be a list of strings")
    if not all(isinstance(v, str) and v for v in values):
        raise RuleError(f"rule {rule_id}: {name} must be non-empty strings")
    return tuple(values)
