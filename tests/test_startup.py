"""Start-up: ``import dedupe_feed`` and the command line load only what they use."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import dedupe_feed
from dedupe_feed.linemodel.stopwords import (
    LATIN_LANGUAGES,
    SCRIPT_LANGUAGES,
    read_justext_stoplist,
)

ROOT = Path(__file__).resolve().parent.parent
LAZY_PACKAGES = ("dedupe_feed", "dedupe_feed.index", "dedupe_feed.feeds")
#: ``dedupe-feed run --help`` (whose help shows a clustering default).
HELP = "import contextlib\nfrom dedupe_feed.cli import main\n" + (
    "with contextlib.suppress(SystemExit):\n    main(['run', '--help'])"
)
#: What a start-up must not import: NumPy, the cleaner, the clusterer, the writers.
HEAVY = (
    "numpy",
    "dedupe_feed.pipeline",
    "dedupe_feed.index.clusterer",
    "dedupe_feed.feeds.writers",
)


def loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code``."""
    script = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(found.stdout.split())


@pytest.mark.parametrize(
    "code",
    [
        "import dedupe_feed",
        "import dedupe_feed.cli",
        "import dedupe_feed.index, dedupe_feed.feeds",
        HELP,
    ],
)
def test_start_up_imports_nothing_heavy(code: str) -> None:
    assert loaded_after(code).isdisjoint(HEAVY)


def test_clean_on_a_file_does_not_import_the_feed_readers() -> None:
    """``dedupe-feed clean FILE`` reads one item: the feed readers (XML,
    e-mail dates) are for ``run`` only."""
    example = ROOT / "dedupe_feed" / "examples" / "wire_doubled.txt"
    code = (
        "import contextlib, io, sys\nfrom dedupe_feed.cli import main\n"
        "sys.stdout = io.StringIO()\n"
        f"with contextlib.suppress(SystemExit):\n    main(['clean', {str(example)!r}])\n"
        "sys.stdout = sys.__stdout__"
    )
    loaded = loaded_after(code)
    assert "dedupe_feed.pipeline" in loaded  # it did clean
    assert loaded.isdisjoint({"dedupe_feed.feeds.readers", "dedupe_feed.feeds.records"})


def _lazy_homes(package: str) -> tuple[dict[str, str], dict[str, str]]:
    """The package's ``TYPE_CHECKING`` imports and its lazy table, name -> module."""
    spec = importlib.util.find_spec(package)
    assert spec is not None
    assert spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    typed: dict[str, str] = {}
    lazy: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom)
                typed |= {alias.name: str(statement.module) for alias in statement.names}
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "lazy_exports":
            table = ast.literal_eval(node.args[1])
            lazy |= table
    return typed, lazy


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_lazy_names_are_the_typed_ones(package: str) -> None:
    typed, lazy = _lazy_homes(package)
    module = importlib.import_module(package)
    assert lazy == typed  # what mypy sees is what runs
    assert sorted(lazy) == sorted(module.__all__)
    for name, home in lazy.items():
        assert getattr(module, name) is getattr(importlib.import_module(home), name)
    assert set(module.__all__) <= set(dir(module))


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_an_unknown_name_is_an_attribute_error(package: str) -> None:
    module = importlib.import_module(package)
    with pytest.raises(AttributeError, match=f"module '{package}' has no attribute 'nothing'"):
        module.nothing  # noqa: B018
    assert not hasattr(module, "nothing_either")


def test_from_import_of_a_lazy_name() -> None:
    from dedupe_feed import Cleaner, analyze
    from dedupe_feed.pipeline import Cleaner as Home

    assert Cleaner is Home
    assert analyze("Rain lashed Kochi.").text == dedupe_feed.clean("Rain lashed Kochi.")


def _line_by_line(name: str) -> frozenset[str]:
    """The stoplist as jusText's files define it: one stopword a line."""
    spec = importlib.util.find_spec("justext")
    assert spec is not None
    folder = Path(next(iter(spec.submodule_search_locations or ())))
    lines = (folder / "stoplists" / f"{name}.txt").read_text(encoding="utf-8").split("\n")
    return frozenset(line.strip().casefold() for line in lines if line.strip())


@pytest.mark.parametrize("name", [*LATIN_LANGUAGES, *SCRIPT_LANGUAGES.values()])
def test_stoplists_read_fast_are_the_line_by_line_ones(name: str) -> None:
    assert read_justext_stoplist(name) == _line_by_line(name)


def test_builtin_rules_pass_every_check_though_built_unchecked() -> None:
    from dedupe_feed.rules.catalog import builtin_rules

    for rule in builtin_rules():
        checked = dataclasses.replace(rule)  # check=True: compiles, checks fields and examples
        assert checked == rule
        assert checked.regex.pattern == rule.regex.pattern


def test_a_builtin_rule_is_compiled_when_its_hint_first_turns_up() -> None:
    code = (
        "from dedupe_feed.rules.catalog import builtin_rules\n"
        "from dedupe_feed import clean\n"
        "clean('Rain lashed Kochi on Monday. (PTI)')\n"
        "rules = builtin_rules()\n"
        "print(len(rules), sum('regex' in vars(rule) for rule in rules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    total, compiled = map(int, found.stdout.split())
    assert 0 < compiled < total // 2


def test_plain_text_without_mojibake_needs_neither_ftfy_nor_lxml() -> None:
    sound = "from dedupe_feed import clean\nclean('Rain lashed Kochi on “Monday”. (PTI)')"
    assert loaded_after(sound).isdisjoint({"ftfy", "lxml.etree", "dedupe_feed.html"})
    broken = "from dedupe_feed import clean\nclean('It\\u00e2\\u20ac\\u2122s raining.')"
    assert "ftfy" in loaded_after(broken)
    page = "from dedupe_feed import clean\nclean('<html><body><p>Rain.</p></body></html>')"
    assert "lxml.etree" in loaded_after(page)


def _blas_threads_after_a_command(env_value: str | None) -> str:
    """``OPENBLAS_NUM_THREADS`` as numpy would see it in a fresh ``dedupe-feed clean``."""
    import os

    from dedupe_feed.cli import BLAS_THREADS_VARIABLE

    env = {k: v for k, v in os.environ.items() if k != BLAS_THREADS_VARIABLE}
    if env_value is not None:
        env[BLAS_THREADS_VARIABLE] = env_value
    code = (
        "import contextlib, io, os, sys\n"
        "from dedupe_feed.cli import main\n"
        "sys.stdin = io.TextIOWrapper(io.BytesIO(b'Rain lashed Kochi.'))\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['clean', '-'])\n"
        f"print(os.environ.get({BLAS_THREADS_VARIABLE!r}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=ROOT
    )
    return done.stdout.strip()


def test_a_command_asks_numpy_for_one_blas_thread() -> None:
    assert _blas_threads_after_a_command(None) == "1"


def test_a_users_blas_thread_setting_wins() -> None:
    assert _blas_threads_after_a_command("4") == "4"
