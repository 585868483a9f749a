"""Reading rules from TOML: user files and the packaged ``builtin.toml``.

>>> text = '''
... [[rule]]
... id = "footer.demo"
... family = "footer"
... pattern = "Follow the demo desk"
... hint = "demo desk"
... '''
>>> [rule.id for rule in load_rules(text)]
['footer.demo']
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from dedupe_feed.errors import RuleError
from dedupe_feed.rules.rule import Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

_KEYS = frozenset(
    {
        "id",
        "family",
        "pattern",
        "position",
        "kind",
        "fields",
        "hint",
        "examples",
        "counter_examples",
        "flags",
    }
)
_REQUIRED = ("id", "family", "pattern")


def load_rules(source: str | os.PathLike[str]) -> tuple[Rule, ...]:
    """Rules from a TOML file path, or from TOML text (a ``str`` holding a
    newline and ``[[rule]]``).

    Every problem raises :class:`~dedupe_feed.errors.RuleError` naming the rule.

    >>> load_rules('[[rule]]\\nid = "Bad Id"\\nfamily = "x"\\npattern = "a"')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedupe_feed.errors.RuleError: <text>: bad rule id 'Bad Id': use 'family.name' in lowercase ...
    """
    if isinstance(source, str) and "\n" in source and "[[rule]]" in source:
        return parse_rules(source, origin="<text>")
    path = Path(source)
    return parse_rules(path.read_text(encoding="utf-8"), origin=str(path))


@functools.lru_cache(maxsize=1)
def builtin_rules() -> tuple[Rule, ...]:
    """The packaged catalog (``dedupe_feed/rules/builtin.toml``), read once.

    Every builtin rule has examples and counter-examples. Their patterns are
    compiled when first used (``Rule(check=False)``: the tests check them).

    >>> all(rule.examples and rule.counter_examples for rule in builtin_rules())
    True
    """
    text = resources.files("dedupe_feed.rules").joinpath("builtin.toml").read_text("utf-8")
    return parse_rules(text, origin="builtin.toml", require_examples=True, check=False)


def parse_rules(
    text: str, *, origin: str, require_examples: bool = False, check: bool = True
) -> tuple[Rule, ...]:
    """Rules from TOML text; ``origin`` names the source in error messages;
    ``check=False`` defers what needs the compiled patterns (see :class:`Rule`).

    >>> parse_rules('x = 1', origin="demo.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedupe_feed.errors.RuleError: demo.toml: unknown top-level key(s) x; expected only ...
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{origin}: not valid TOML: {exc}") from None
    extra = sorted(set(data) - {"rule"})
    if extra:
        raise RuleError(
            f"{origin}: unknown top-level key(s) {', '.join(extra)}; expected only [[rule]] tables"
        )
    tables = data.get("rule", [])
    if not isinstance(tables, list):
        raise RuleError(f"{origin}: 'rule' must be an array of tables ([[rule]])")
    rules = tuple(
        _rule_from_table(t, i, origin, require_examples, check) for i, t in enumerate(tables)
    )
    _check_unique_ids(rules, origin)
    return rules


def _rule_from_table(
    table: Mapping[str, Any], index: int, origin: str, require_examples: bool, check: bool
) -> Rule:
    name = table.get("id", f"#{index + 1}")
    where = f"{origin}: rule {name}"
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {', '.join(unknown)}")
    missing = [key for key in _REQUIRED if key not in table]
    if missing:
        raise RuleError(f"{where}: missing key(s) {', '.join(missing)}")
    if require_examples and not (table.get("examples") and table.get("counter_examples")):
        raise RuleError(f"{where}: builtin rules need examples and counter_examples")
    if not isinstance(table.get("fields", {}), dict):
        raise RuleError(f"{where}: fields must be a table of field = slot")
    try:
        return Rule(**table, check=check)
    except RuleError as exc:
        raise RuleError(f"{origin}: {exc}") from None
    except TypeError as exc:
        raise RuleError(f"{where}: {exc}") from None


def _check_unique_ids(rules: tuple[Rule, ...], origin: str) -> None:
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"{origin}: duplicate rule id {rule.id!r}")
        seen.add(rule.id)
