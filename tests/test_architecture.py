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


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if path.name == "__init__.py" else parts)


def imports_of(source: str, modules: frozenset[str]) -> set[str]:
    """The dedupe_feed modules ``source`` imports (at any depth, in functions
    too), leaving out imports made only for type checking."""
    tree = ast.parse(source)
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dedupe_feed"):
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                found.add(name if name in modules else str(node.module))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("dedupe_feed"))
    return found & modules


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, round and round
    (strongly connected components of more than one module)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in order:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], order[other])
        if low[module] == order[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in order:
            visit(module)
    return cycles


def test_no_module_imports_itself_round_a_circle() -> None:
    paths = {_module_name(path): path for path in ROOT.rglob("*.py")}
    modules = frozenset(paths)
    graph = {
        name: imports_of(path.read_text(encoding="utf-8"), modules) - {name}
        for name, path in paths.items()
    }
    assert import_cycles(graph) == []


def test_the_cycle_check_sees_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_cycles(graph) == [["a", "b", "c"]]
    source = "from dedupe_feed.x import y\nif TYPE_CHECKING:\n    from dedupe_feed.z import w\n"
    assert imports_of(source, frozenset({"dedupe_feed.x", "dedupe_feed.z"})) == {"dedupe_feed.x"}
