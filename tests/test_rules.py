"""The boilerplate rule mechanism and every rule of the builtin catalog."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_folder import SHARED_EXAMPLES, needs

from dedupe_feed.errors import RuleError
from dedupe_feed.model import Block, Document, RuleMatch
from dedupe_feed.rules import Rule, RuleSet, builtin_rules, load_rules
from dedupe_feed.rules.ruleset import hint_starts, rule_matches
from dedupe_feed.rules.windows import longest_match

BUILTIN = builtin_rules()
EXAMPLE = SHARED_EXAMPLES / "asianet_ani_critical_minerals.txt"


def doc(text: str) -> Document:
    """A document of blank-line separated paragraphs, each one block."""
    blocks = [Block(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text)]
    return Document(source=text, blocks=tuple(blocks))


def found(text: str, ruleset: RuleSet | None = None) -> list[tuple[str, str]]:
    matches = (ruleset or RuleSet.build()).find(doc(text))
    return [(m.rule_id, text[m.start : m.end]) for m in matches]


def only(rule: Rule) -> RuleSet:
    return RuleSet.build(builtin=False, extra=[rule])


def rule_params(kind: str) -> list[object]:
    return [
        pytest.param(rule, text, id=f"{rule.id}-{n}")
        for rule in BUILTIN
        for n, text in enumerate(getattr(rule, kind))
    ]


# ---------------------------------------------------------------- catalog


@pytest.mark.parametrize(("rule", "example"), rule_params("examples"))
def test_example_matches(rule: Rule, example: str) -> None:
    assert any(rule_id == rule.id for rule_id, _ in found(example, only(rule)))
    assert found(example), "the full catalog removes something from every example"


@pytest.mark.parametrize(("rule", "counter"), rule_params("counter_examples"))
def test_counter_example_matches_no_rule(rule: Rule, counter: str) -> None:
    assert found(counter) == []


@pytest.mark.parametrize("rule", BUILTIN, ids=[r.id for r in BUILTIN])
def test_builtin_rule_is_complete(rule: Rule) -> None:
    assert rule.examples
    assert rule.counter_examples
    assert rule.hint
    assert all(rule.hint in example.casefold() for example in rule.examples)
    assert re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", rule.id)
    assert rule.id.startswith(rule.family + ".")


def test_builtin_ids_unique_and_required_ids_present() -> None:
    ids = [rule.id for rule in BUILTIN]
    assert len(ids) == len(set(ids))
    assert {
        "metadata.date_prefix",
        "credit.agency_parenthesized",
        "credit.with_inputs",
        "disclaimer.not_edited_by_staff",
        "footer.preferred_source",
    } <= set(ids)


def test_builtin_rules_are_cached_and_immutable() -> None:
    assert builtin_rules() is builtin_rules()
    rule = BUILTIN[0]
    with pytest.raises(AttributeError):
        rule.id = "x.y"  # type: ignore[misc]
    with pytest.raises(TypeError):
        rule.fields["x"] = "y"  # type: ignore[index]


# ---------------------------------------------------------------- fields


def test_fields_lift_slot_values() -> None:
    text = (
        "Talks ended on Friday. (ANI) (Except for the headline, this story has not been "
        "edited by Asianet Newsable English staff and is published from a syndicated feed.)"
    )
    matches = RuleSet.build().find(doc(text))
    assert [m.fields for m in matches] == [
        (("credit", "ANI"),),
        (("publisher", "Asianet Newsable English"),),
    ]
    assert text[matches[1].start] == "("
    assert text[matches[1].end - 1] == ")"


def test_brackets_around_a_match_are_removed_with_it() -> None:
    text = "Talks ended. ( This story is auto-generated from a syndicated feed. ) Next."
    assert found(text) == [
        ("disclaimer.syndicated_feed", "( This story is auto-generated from a syndicated feed. )")
    ]


# ---------------------------------------------------------------- positions


def position_rule(position: str) -> Rule:
    return Rule(
        id=f"test.{position}",
        family="test",
        pattern="Tagline",
        position=position,  # type: ignore[arg-type]
        hint="tagline",
        examples=("Tagline",),
    )


@pytest.mark.parametrize(
    ("position", "text", "expected"),
    [
        ("top", "  Tagline | The story.", True),
        ("top", "The story. Tagline", False),
        ("bottom", "The story. Tagline.", True),
        ("bottom", "The story. Tagline more text", False),
        ("bottom", "The story. Tagline\n\nNext paragraph of copy 2.", True),
        ("line", "The story.\n\n- Tagline -\n\nMore.", True),
        ("line", "The story.\nTagline\nMore.", True),
        ("line", "The story. Tagline\n\nMore.", False),
        ("line", "The story.\n\nTagline and more", False),
        ("anywhere", "The Tagline story.", True),
    ],
)
def test_positions(position: str, text: str, expected: bool) -> None:
    assert bool(found(text, only(position_rule(position)))) is expected


def test_other_matches_count_as_ignorable_for_positions() -> None:
    text = "Body text here. Tagline. (PTI)\n\nNext."
    rules = RuleSet.build(extra=[position_rule("bottom")])
    assert [rule_id for rule_id, _ in found(text, rules)] == [
        "test.bottom",
        "credit.agency_parenthesized",
    ]


def test_match_outside_blocks_uses_the_gap_between_blocks() -> None:
    text = "First.\n\nTagline\n\nSecond."
    document = Document(text, (Block(0, 6), Block(17, 24)))
    assert RuleSet.build(builtin=False, extra=[position_rule("line")]).find(document)


# ---------------------------------------------------------------- overlaps


def test_overlaps_keep_earliest_then_longest() -> None:
    rules = [
        Rule("test.long", "test", "alpha beta gamma", hint="beta"),
        Rule("test.late", "test", "gamma delta", hint="delta"),
        Rule("test.short", "test", "alpha beta", hint="beta"),
        Rule("test.inner", "test", "beta", hint="beta"),
    ]
    text = "x alpha beta gamma delta y"
    assert found(text, RuleSet.build(builtin=False, extra=rules)) == [
        ("test.long", "alpha beta gamma")
    ]


def test_matches_are_sorted_and_disjoint_on_real_looking_text() -> None:
    text = "A. (PTI) (With inputs from PTI)\n\nB. (ANI) Add us as a preferred source on Google"
    matches = RuleSet.build().find(doc(text))
    assert matches == sorted(matches, key=lambda m: m.start)
    assert all(a.end <= b.start for a, b in itertools.pairwise(matches))
    assert all(isinstance(m, RuleMatch) for m in matches)


# ---------------------------------------------------------------- build / disable


def test_disabling_a_family_removes_its_matches() -> None:
    text = "Talks ended. (PTI) Add us as a preferred source on Google"
    assert [r for r, _ in found(text)] == ["credit.agency_parenthesized", "footer.preferred_source"]
    assert [r for r, _ in found(text, RuleSet.build(disabled_families=["footer"]))] == [
        "credit.agency_parenthesized"
    ]
    assert found(text, RuleSet.build(disabled_rules=["footer.preferred_source"])) == [
        ("credit.agency_parenthesized", "(PTI)")
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"disabled_rules": ["footer.prefered_source"]}, "did you mean 'footer.preferred_source'"),
        ({"disabled_families": ["footers"]}, "unknown family 'footers'"),
        ({"disabled_families": "footer"}, "collection of names"),
        ({"extra": [BUILTIN[0]]}, "duplicate rule id"),
    ],
)
def test_build_rejects_typos_and_duplicates(options: dict[str, object], message: str) -> None:
    with pytest.raises(RuleError, match=re.escape(message)):
        RuleSet.build(**options)  # type: ignore[arg-type]


def test_ruleset_without_builtin() -> None:
    assert RuleSet.build(builtin=False).rules == ()
    assert RuleSet.build(builtin=False).find(doc("Talks ended. (PTI)")) == []


# ---------------------------------------------------------------- Rule validation


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"id": "Bad.Id"}, "bad rule id"),
        ({"id": "nodot"}, "bad rule id"),
        ({"id": "other.name"}, "must start with its family"),
        ({"pattern": "(unclosed"}, "does not compile"),
        ({"pattern": "by <publisher>"}, "unknown slot <publisher>"),
        ({"pattern": "<outlet> and <outlet>"}, "used twice"),
        ({"pattern": "demo<sentence_start>"}, "may only open the pattern"),
        ({"fields": {"publisher": "outlet"}}, "not a slot or named group"),
        ({"position": "middle"}, "position must be one of"),
        ({"kind": "junk"}, "kind must be one of"),
        ({"flags": "iq"}, "flags"),
        ({"hint": "Demo"}, "lowercase"),
        ({"hint": "absent"}, "is not in example"),
        ({"pattern": "demo!"}, "does not match its example"),
        ({"examples": "demo"}, "list of strings"),
    ],
)
def test_rule_validation(kwargs: dict[str, object], message: str) -> None:
    base: dict[str, object] = {
        "id": "demo.rule",
        "family": "demo",
        "pattern": "demo",
        "hint": "demo",
        "examples": ("a demo",),
    }
    with pytest.raises(RuleError, match=re.escape(message)):
        Rule(**{**base, **kwargs})  # type: ignore[arg-type]


def test_sentence_start_is_checked_across_any_run_of_spaces() -> None:
    rule = Rule("credit.demo", "credit", r"<sentence_start>\(<agency>\)", hint="(")
    assert rule.starts_sentence
    assert found("Rain fell." + " " * 40 + "(PTI)", only(rule))
    assert not found("Rain fell on the agency" + " " * 40 + "(PTI)", only(rule))
    assert found("the agency (PTI) said so.\n(PTI)", only(rule)) == [("credit.demo", "(PTI)")]


def test_user_rules_may_omit_examples_and_hint() -> None:
    rule = Rule("promo.house_ad", "promo", r"Buy the <outlet> app")
    assert rule.examples == ()
    assert rule.hint is None
    assert found("Read on. Buy the Daily Planet app", only(rule))


# ---------------------------------------------------------------- load_rules

RULE_TOML = """
[[rule]]
id = "promo.house_ad"
family = "promo"
position = "bottom"
hint = "app"
pattern = '''Get the <outlet> app'''
fields = { publisher = "outlet" }
examples = ["Get the Daily Planet app"]
counter_examples = ["Get the app working, he said."]
"""


def test_load_rules_from_file_and_text(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(RULE_TOML, encoding="utf-8")
    from_file = load_rules(path)
    assert from_file == load_rules(str(path)) == load_rules(RULE_TOML)
    (rule,) = from_file
    assert rule.position == "bottom"
    assert dict(rule.fields) == {"publisher": "outlet"}
    assert rule.examples == ("Get the Daily Planet app",)
    matches = RuleSet.build(extra=from_file).find(doc("Story. Get the Daily Planet app"))
    assert matches[0].fields == (("publisher", "Daily Planet"),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[rule]]\nid = 'a.b'\nfamily = 'a'\n", "missing key(s) pattern"),
        (
            "[[rule]]\nid = 'a.b'\nfamily = 'a'\npattern = 'x'\ncolour = 1\n",
            "unknown key(s) colour",
        ),
        ("[[rule]]\nid = 'a.b'\nfamily = 'a'\npattern = '(x'\n", "does not compile"),
        ("[[rule]]\nid = 'a.b'\nfamily = 'a'\npattern = '<nope>'\n", "unknown slot"),
        ("[[rule]]\nid = 'a.b'\nfamily = 'a'\npattern = 'x'\n" * 2, "duplicate rule id"),
        ("[[rule]]\nid = = 'a.b'\n", "not valid TOML"),
        ("[[rule]]\nid = 'a.b'\nfamily = 'a'\npattern = 'x'\nfields = 3\n", "fields must be"),
        ("[[rule]]\nid = 'a.b'\nfamily = 'a'\npattern = 'x'\n[extra]\n", "top-level key"),
    ],
)
def test_load_rules_errors(text: str, message: str) -> None:
    with pytest.raises(RuleError, match=re.escape(message)):
        load_rules(text)


def test_load_rules_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_rules(tmp_path / "absent.toml")


# ---------------------------------------------------------------- the real example


def test_real_asianet_example() -> None:
    if not EXAMPLE.exists():
        pytest.skip(needs(EXAMPLE))
    text = EXAMPLE.read_text(encoding="utf-8")
    matches = RuleSet.build().find(Document(text, (Block(0, len(text)),)))
    got = [(m.rule_id, text[m.start : m.end]) for m in matches]
    assert got == [
        ("metadata.date_prefix", "date 2026-01-28"),
        ("credit.agency_parenthesized", "(ANI)"),
        (
            "disclaimer.not_edited_by_staff",
            "(Except for the headline, this story has not been edited by Asianet Newsable "
            "English staff and is published from a syndicated feed.)",
        ),
        ("credit.agency_parenthesized", "(ANI)"),
        ("footer.preferred_source", "Add Asianet Newsable as a Preferred Source"),
    ]
    assert matches[2].fields == (("publisher", "Asianet Newsable English"),)


# ---------------------------------------------------------------- adversarial input

ADVERSARIAL = [
    "(" * 2_000_000,
    "Add " * 500_000,
    "Asianet Newsable English " * 80_000,
    "staff " * 330_000,
    "(ANI) " * 330_000,
    "Also Read: " * 180_000,
    "Advertisement\n" * 140_000,
    "date " * 400_000,
    "PTI KPK " * 250_000,
    "-" * 2_000_000,
    " " * 2_000_000 + "Add us as a preferred source",
]


@pytest.mark.slow
@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: repr(t[:12]))
def test_adversarial_input_finishes(text: str) -> None:
    """2 MB per input: a quadratic regex or position check would hang here.

    Every hint is appended, so every rule's regex runs over the whole text.
    """
    tail = " ".join(rule.hint or "" for rule in BUILTIN)
    matches = RuleSet.build().find(doc(text + " " + tail))
    assert all(a.end <= b.start for a, b in itertools.pairwise(matches))


_FILLER = st.sampled_from(
    [" ", "\n", "\n\n", ". ", "(", ")", "By ", "Rain lashed Kochi. ", "PTI", "—", "Ü", "x" * 40]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from([e for r in BUILTIN for e in r.examples]), _FILLER),
        min_size=1,
        max_size=8,
    )
)
def test_hint_windows_find_the_matches_a_full_scan_finds(parts: list[str]) -> None:
    """Searching only from where a match may start (near its hint) gives the
    same matches as searching the whole text, for every builtin rule."""
    text = "".join(parts)
    folded = text.casefold()
    for rule in BUILTIN:
        if rule.hint is None or rule.hint not in folded or len(folded) != len(text):
            continue
        end = len(text)
        plain = [m.span() for m in rule_matches(rule, text, end)]
        windowed = [m.span() for m in rule_matches(rule, text, end, hint_starts(rule, folded))]
        assert windowed == plain, rule.id


def test_every_builtin_rule_has_a_longest_match() -> None:
    assert all(longest_match(*rule.expanded) is not None for rule in BUILTIN)
    assert longest_match(r"a*", 0) is None  # may match nothing: no window
