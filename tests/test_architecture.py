"""The shape of the code: no private name crosses a package line (a module
may use its own package's private helpers, never another package's)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import dedupe_feed

ROOT = Path(dedupe_feed.__file__).resolve().parent


def package_of(path: Path) -> str:
    """The dotted package a module file of dedupe_feed belongs to."""
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts if path.name == "__init__.py" else parts[:-1])


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_imports(source: str, package: str) -> list[str]:
    """``module.name`` of every private name, or name from a private module,
    that ``source`` (a module of ``package``) imports from another package."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith(
            "dedupe_feed"
        ):
            continue
        parts = str(node.module).split(".")
        private_part = next((i for i, part in enumerate(parts) if _is_private(part)), None)
        for alias in node.names:
            if private_part is not None:
                owner = ".".join(parts[:private_part])
            elif _is_private(alias.name):
                owner = ".".join(parts[:-1]) or parts[0]
            else:
                continue
            if owner != package:
                found.append(f"{node.module}.{alias.name}")
    return found


@pytest.mark.parametrize("path", sorted(ROOT.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_private_name_crosses_a_package_line(path: Path) -> None:
    assert private_imports(path.read_text(encoding="utf-8"), package_of(path)) == []


def test_the_check_sees_private_imports_from_other_packages() -> None:
    source = (
        "from dedupe_feed.index.redis_store import _redact\n"
        "from dedupe_feed.feeds.readers import _document_files\n"
        "from dedupe_feed.spark._require import require_spark\n"
        "from dedupe_feed import __version__\n"
    )
    assert package_of(ROOT / "feeds" / "job.py") == "dedupe_feed.feeds"
    assert private_imports(source, "dedupe_feed.feeds") == [
        "dedupe_feed.index.redis_store._redact",
        "dedupe_feed.spark._require.require_spark",
    ]
