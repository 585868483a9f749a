"""The README stays true: its before/after and its commands."""

from __future__ import annotations

import re
from pathlib import Path

import dedupe_feed

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block_after(marker: str) -> str:
    start = README.index(marker)
    match = re.search(r"```text\n(.*?)\n```", README[start:], re.S)
    assert match is not None
    return match.group(1)


def test_readme_after_is_what_clean_gives_on_the_bundled_example() -> None:
    raw = (ROOT / "dedupe_feed" / "examples" / "wire_doubled.txt").read_text(encoding="utf-8")
    assert _block_after("`dedupe_feed.clean(raw)`:") == dedupe_feed.clean(raw)


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_run_command_uses_the_bundled_example() -> None:
    commands = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    assert any("dedupe-feed clean dedupe_feed/examples/wire_doubled.txt" in c for c in commands)
