"""A griffe extension for the API reference: fence bare ``>>>`` examples.

The library's docstrings hold doctests as plain paragraphs (pytest runs them
with ``--doctest-modules``). Markdown would read ``>>>`` as nested quotes and
``[...]`` in an output as a link, so each run of doctest lines (a ``>>>``
line, its ``...`` continuations and its output, up to a blank line) is
wrapped in a ``pycon`` code fence before mkdocstrings renders it, and Sphinx
roles (``:func:`clean```) become plain inline code.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

import griffe

_ROLE = re.compile(r":(?:func|class|meth|mod|attr|data|exc|obj):`~?")


def fence_doctests(text: str) -> str:
    """``text`` with every doctest block fenced as ``pycon`` (tested in
    tests/test_docs.py: a doctest here would read the fenced ``>>>`` as its own)."""
    out: list[str] = []
    block: list[str] = []
    indent = ""
    for line in [*text.split("\n"), ""]:
        stripped = line.lstrip()
        if block and stripped:
            block.append(line)
            continue
        if block:
            out.append(f"{indent}```pycon")
            out.extend(indent + row for row in textwrap.dedent("\n".join(block)).split("\n"))
            out.append(f"{indent}```")
            block = []
        if stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            block = [line]
        else:
            out.append(line)
    return "\n".join(out[:-1])


class FenceDoctests(griffe.Extension):
    """Fence the doctests of every docstring that mkdocstrings loads."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is None:
            return
        value = _ROLE.sub("`", obj.docstring.value)  # Sphinx roles read as plain code
        obj.docstring.value = fence_doctests(value) if ">>>" in value else value
