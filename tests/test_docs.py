"""The documentation stays true: generated snippets are current, every
``pycon`` example in docs/*.md runs, every included file exists."""

from __future__ import annotations

import doctest
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
_PYCON = re.compile(r"^```pycon\n(.*?)^```", re.S | re.M)
_INCLUDE = re.compile(r'^--8<-- "([^"]+)"', re.M)


def _load_script(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_snippets_are_current() -> None:
    gen = _load_script(DOCS / "gen_snippets.py")
    built: dict[str, str] = gen.build()
    on_disk = {p.name for p in (DOCS / "snippets").iterdir()}
    assert on_disk == set(built), "run: python docs/gen_snippets.py"
    stale = [
        name
        for name, text in built.items()
        if (DOCS / "snippets" / name).read_text(encoding="utf-8") != text
    ]
    assert not stale, f"stale snippets {stale}: run python docs/gen_snippets.py"


def test_the_after_blocks_are_clean_of_the_before_blocks() -> None:
    import dedupe_feed

    raw = (ROOT / "dedupe_feed" / "examples" / "wire_doubled.txt").read_text(encoding="utf-8")
    after = (DOCS / "snippets" / "wire_doubled.clean.txt").read_text(encoding="utf-8")
    assert after == dedupe_feed.clean(raw) + "\n"
    before = (DOCS / "snippets" / "catalog.before.txt").read_text(encoding="utf-8")
    catalog_after = (DOCS / "snippets" / "catalog.after.txt").read_text(encoding="utf-8")
    assert catalog_after.startswith(dedupe_feed.clean(before.rstrip("\n")) + "\n\n# metadata")


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_included_files_exist(page: Path) -> None:
    for name in _INCLUDE.findall(page.read_text(encoding="utf-8")):
        assert (DOCS / "snippets" / name).exists() or (ROOT / name).exists(), name


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_pycon_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples name files relative to the repository root
    text = page.read_text(encoding="utf-8")
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    globs: dict[str, object] = {}  # one session per page, as in a notebook
    for match in _PYCON.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        test = parser.get_doctest(match.group(1), globs, f"{page.name}:{line}", str(page), line)
        runner.run(test, clear_globs=False)
        globs = test.globs  # DocTest copies its globals: carry them to the next block
    failed, _ = runner.summarize(verbose=False)
    assert failed == 0, f"{failed} example(s) in docs/{page.name} failed (see the output above)"


CONTENT_PAGES = [
    "index.md",
    "quickstart.md",
    "how-it-works.md",
    "catalog.md",
    "pipelines.md",
    "api.md",
]


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_each_page_opens_with_a_before_and_after(name: str) -> None:
    opening = (DOCS / name).read_text(encoding="utf-8")[:1500]
    assert "**Before**" in opening, name
    assert "**After**" in opening, name


def test_the_api_reference_fences_bare_doctests() -> None:
    fence = _load_script(DOCS / "griffe_doctests.py").fence_doctests
    text = "Intro.\n\n>>> f([1,\n...   2])\n[1, 2]\n\nMore.\n\n    >>> g()\n    'x'"
    assert fence(text) == (
        "Intro.\n\n```pycon\n>>> f([1,\n...   2])\n[1, 2]\n```\n\nMore.\n\n"
        "    ```pycon\n    >>> g()\n    'x'\n    ```"
    )
    assert fence("No examples.\n") == "No examples.\n"
