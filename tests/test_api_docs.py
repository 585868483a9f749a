"""Every public function and class has a docstring with a runnable example
(pytest runs them with --doctest-modules) and a place in the API reference."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

import dedupe_feed

ROOT = Path(__file__).resolve().parent.parent
API_PAGE = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
DOCUMENTED = re.findall(r"^::: ([\w.]+)$", API_PAGE, re.M)
PUBLIC_PACKAGES = ["dedupe_feed", "dedupe_feed.rules", "dedupe_feed.feeds", "dedupe_feed.index"]


def _resolve(dotted: str) -> object:
    module_name, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), name)


def _public_api() -> list[str]:
    """Every function and class in the ``__all__`` of the public packages."""
    names = []
    for package in PUBLIC_PACKAGES:
        module = importlib.import_module(package)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) or callable(obj):
                names.append(f"{package}.{name}")
    return names


def test_the_api_reference_lists_the_public_api() -> None:
    documented = {id(_resolve(d)) for d in DOCUMENTED}
    missing = [name for name in _public_api() if id(_resolve(name)) not in documented]
    assert not missing, f"add to docs/api.md: {missing}"


@pytest.mark.parametrize("dotted", DOCUMENTED)
def test_documented_object_has_a_docstring_example(dotted: str) -> None:
    doc = inspect.getdoc(_resolve(dotted)) or ""
    assert ">>>" in doc, f"{dotted} needs a >>> example in its docstring"


def _core_methods() -> list[str]:
    found = []
    for name in dedupe_feed.__all__:
        cls = getattr(dedupe_feed, name)
        if inspect.isclass(cls) and not issubclass(cls, BaseException):
            for attr, value in vars(cls).items():
                if not attr.startswith("_") and (inspect.isfunction(value)):
                    found.append(f"{name}.{attr}")
    return found


@pytest.mark.parametrize("method", _core_methods())
def test_core_public_methods_have_examples(method: str) -> None:
    cls_name, _, attr = method.partition(".")
    doc = inspect.getdoc(getattr(getattr(dedupe_feed, cls_name), attr)) or ""
    assert ">>>" in doc, f"dedupe_feed.{method} needs a >>> example in its docstring"
