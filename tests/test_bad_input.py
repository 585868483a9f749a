"""Bad and extreme input: clear errors or clean returns, never a crash."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from dedupe_feed import Config, ConfigError, analyze, clean

SENTENCE = "Heavy rain lashed Kannur district on Monday night, officials said."


def test_empty_string() -> None:
    assert clean("") == ""


@pytest.mark.parametrize("raw", [b"bytes", None, 42, ["list"]])
def test_non_str_raises_type_error_that_says_what_to_pass(raw: object) -> None:
    with pytest.raises(TypeError, match="expected the item as str"):
        clean(raw)  # type: ignore[arg-type]


def test_bytes_error_suggests_decoding() -> None:
    with pytest.raises(TypeError, match="decode"):
        analyze(b"abc")  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", [" ", "\n\n\t ", "\x00\x01\x02"])
def test_whitespace_and_control_only_give_empty(raw: str) -> None:
    assert clean(raw) == ""


def test_punctuation_only_is_kept() -> None:
    assert clean("!!! ... ???") == "!!! ... ???"


def test_nul_and_controls_become_spaces() -> None:
    assert clean("Rain\x00hit\x07Kochi on Monday.") == "Rain hit Kochi on Monday."


def test_unknown_option_is_type_error_with_suggestion() -> None:
    with pytest.raises(TypeError, match="did you mean 'similarity'"):
        clean("x", similarty=0.9)


def test_bad_option_value_is_config_error() -> None:
    with pytest.raises(ConfigError, match="similarity"):
        clean("x", similarity=5)


def test_config_object_and_keyword_override() -> None:
    config = Config(collapse_duplicates=False)
    doubled = f"{SENTENCE}\n\n{SENTENCE}"
    assert clean(doubled, config=config) == doubled
    assert clean(doubled, config=config, collapse_duplicates=True) == SENTENCE


def test_single_ten_megabyte_paragraph() -> None:
    words = ("alpha beta gamma delta " * 500_000)[: 10 * 1024 * 1024]
    assert len(clean(words)) > 9_000_000


def test_ten_megabytes_of_one_sentence() -> None:
    raw = " ".join([SENTENCE] * (10 * 1024 * 1024 // (len(SENTENCE) + 1)))
    result = analyze(raw)
    assert result.text == SENTENCE
    assert {r.reason for r in result.removed} == {"exact_duplicate"}


def test_hundred_thousand_one_word_lines() -> None:
    raw = "\n".join(f"w{i}" for i in range(100_000))
    assert clean(raw).count("\n\n") == 99_999


def test_html_nested_ten_thousand_deep() -> None:
    raw = "<div>" * 10_000 + SENTENCE + "</div>" * 10_000
    assert clean(raw) == SENTENCE


def test_same_output_in_processes_with_different_hash_seeds() -> None:
    code = (
        "import dedupe_feed,sys;"
        "raw='Rain hit Kochi on Monday night.The IMD issued an alert for the state. (PTI) '*3;"
        "r=dedupe_feed.analyze(raw);"
        "sys.stdout.write(repr((r.text,sorted(r.metadata.items()),r.removed)))"
    )
    outputs = set()
    for seed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_extra_rules_must_be_rules() -> None:
    with pytest.raises(ConfigError, match="extra_rules"):
        Config(extra_rules=("not a rule",))  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="extra_rules"):
        Config(extra_rules="x")  # type: ignore[arg-type]
