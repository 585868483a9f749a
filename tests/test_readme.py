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


def _test_command() -> str:
    commands = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    return next(c for c in commands if "pytest" in c)


def test_ci_runs_the_readme_test_command() -> None:
    assert _test_command() in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command_first_on_a_fresh_venv() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    installs = [n for n, line in enumerate(lines) if "install" in line and "#" not in line]
    assert lines[installs[0]] == _test_command()
    assert "rm -rf .venv" in lines[: installs[0]]


def test_readme_names_what_the_full_suite_uses() -> None:
    section = README[README.index("## Run the tests") : README.index("## Use it from Python")]
    for needed in ("redis-server", "Java", "chromium", "../shared", "skip"):
        assert needed in section, needed


def test_readme_run_command_uses_the_bundled_example() -> None:
    commands = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    assert any("dedupe-feed clean dedupe_feed/examples/wire_doubled.txt" in c for c in commands)
