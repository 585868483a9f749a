"""The ``dedupe-feed`` command line.

Tests marked in their docstring "(pipeline)" run the real
:func:`dedupe_feed.analyze`; the others replace it with a recorder.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import dedupe_feed
from dedupe_feed import cli
from dedupe_feed.cli import decode_input, main
from dedupe_feed.errors import ConfigError
from dedupe_feed.model import Removal
from dedupe_feed.result import Analysis

KOCHI = "Fire broke out in Kochi on Monday. Two people were injured. (PTI)"
KOCHI_CLEAN = "Fire broke out in Kochi on Monday. Two people were injured."
REPO = Path(dedupe_feed.__file__).resolve().parents[1]


def run(*args: str, stdin: bytes | str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def kochi_file(tmp_path: Path, data: bytes = KOCHI.encode()) -> str:
    path = tmp_path / "kochi.txt"
    path.write_bytes(data)
    return str(path)


# --------------------------------------------------------------------------- no pipeline needed


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"dedupe-feed, version {dedupe_feed.__version__}\n"


def test_missing_file_is_a_usage_error() -> None:
    result = run("clean", "no/such/file.txt")
    assert result.exit_code == 2
    assert "No such file or directory" in result.stderr
    assert "Traceback" not in result.output


def test_bad_format_choice_is_a_usage_error() -> None:
    result = run("clean", "--format", "pdf", "-", stdin="x")
    assert result.exit_code == 2


def test_decode_input_cases() -> None:
    assert decode_input(b"plain", "f") == ("plain", [])
    assert decode_input("\ufeffé".encode(), "f") == ("é", [])
    assert decode_input(b"a\xffb\xc3", "f") == (
        "a\ufffdb\ufffd",
        ["warning: f is not valid UTF-8; 2 bytes replaced"],
    )
    assert decode_input(b"\xff", "f")[1] == ["warning: f is not valid UTF-8; 1 byte replaced"]
    binary = bytes(range(256)) * 8
    text, warnings = decode_input(binary, "f")
    assert len(text) > 0
    assert warnings[0] == "warning: f looks like binary data; processing it as text anyway"
    assert len(warnings) == 2
    assert decode_input(b"text with one \x00 NUL", "f")[1] == []  # NUL alone is not binary


@pytest.mark.parametrize("data", [b"", b"  \n\t\n", b"\xef\xbb\xbf"])
def test_empty_input_is_said_not_silent(data: bytes) -> None:
    assert decode_input(data, "f")[1] == ["warning: f is empty; there is nothing to clean"]


@pytest.mark.parametrize("command", ["clean", "explain"])
def test_empty_stdin_warns_and_exits_0(command: str) -> None:
    result = run(command, "-", stdin="")
    assert result.exit_code == 0
    assert result.stderr == "warning: <stdin> is empty; there is nothing to clean\n"


class Recorder:
    """Stands in for ``analyze``/``clean`` and remembers the options it got."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def analyze(self, raw: str, **options: Any) -> Analysis:
        self.calls.append((raw, options))
        if options.get("similarity", 0.5) > 1:
            raise ConfigError("similarity must be a number in (0, 1], got 5.0")
        return Analysis(
            text=raw.upper(),
            metadata={"credit": "<PTI>"},
            removed=(Removal(0, 1, raw[:1], "footer.x", "rules", (2, 3), 0.5),),
            changes=(),
            source=raw,
            input_format="text",
            detection="plain text",
        )

    def clean(self, raw: str, **options: Any) -> str:
        return self.analyze(raw, **options).text


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    fake = Recorder()
    monkeypatch.setattr(cli, "analyze", fake.analyze)
    monkeypatch.setattr(cli, "clean", fake.clean)
    return fake


def test_options_map_to_keywords(
    recorder: Recorder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rules_module = types.ModuleType("dedupe_feed.rules")
    rules_module.load_rules = lambda path: [f"rule from {Path(path).name}"]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dedupe_feed.rules", rules_module)
    rule_file = tmp_path / "mine.toml"
    rule_file.write_text("")
    args = ["--format", "text", "--similarity", "0.9", "--no-subheads", "--no-boundaries"]
    args += ["--disable-family", "footer", "--disable-family", "credit", "--rules", str(rule_file)]
    result = run("clean", *args, "-", stdin="abc")
    assert result.exit_code == 0, result.output
    assert result.stdout == "ABC\n"
    assert recorder.calls == [
        (
            "abc",
            {
                "input_format": "text",
                "similarity": 0.9,
                "recover_subheads": False,
                "restore_boundaries": False,
                "disabled_families": frozenset({"footer", "credit"}),
                "extra_rules": ("rule from mine.toml",),
            },
        )
    ]


def test_defaults_pass_only_the_format(recorder: Recorder) -> None:
    assert run("explain", "-", stdin="abc").exit_code == 0
    assert recorder.calls == [("abc", {"input_format": "auto"})]


def test_library_error_is_one_line_exit_1(recorder: Recorder) -> None:
    for command in ("clean", "explain"):
        result = run(command, "--similarity", "5", "-", stdin="abc")
        assert result.exit_code == 1
        assert result.stderr == "error: similarity must be a number in (0, 1], got 5.0\n"
        assert result.stdout == ""


def test_input_is_decoded_once_with_one_warning(recorder: Recorder, tmp_path: Path) -> None:
    path = kochi_file(tmp_path, b"\xef\xbb\xbfab\xff\xfe\xfdc")
    result = run("clean", path)
    assert result.exit_code == 0
    assert recorder.calls[0][0] == "ab\ufffd\ufffd\ufffdc"
    assert result.stderr == f"warning: {path} is not valid UTF-8; 3 bytes replaced\n"


def test_json_shape(recorder: Recorder) -> None:
    result = run("clean", "--json", "-", stdin="abc")
    assert json.loads(result.stdout) == {
        "text": "ABC",
        "metadata": {"credit": "<PTI>"},
        "removed": [
            {
                "start": 0,
                "end": 1,
                "text": "a",
                "reason": "footer.x",
                "stage": "rules",
                "duplicate_of": [2, 3],
                "similarity": 0.5,
                "score": None,
                "evidence": [],
            }
        ],
        "changes": [],
        "input_format": "text",
        "detection": "plain text",
    }


def test_html_write_failure_is_reported(recorder: Recorder, tmp_path: Path) -> None:
    result = run("explain", "--html", str(tmp_path / "missing" / "out.html"), "-", stdin="abc")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "out.html" in result.stderr


# --------------------------------------------------------------------------- (pipeline)


def test_clean_prints_the_clean_text(tmp_path: Path) -> None:
    """(pipeline)"""
    result = run("clean", kochi_file(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout == KOCHI_CLEAN + "\n"
    assert result.stderr == ""


def test_python_m_clean_from_stdin() -> None:
    """(pipeline) a real process: ``python -m dedupe_feed clean -``."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(
        [sys.executable, "-m", "dedupe_feed", "clean", "-"],
        input=KOCHI.encode(),
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode("utf-8") == KOCHI_CLEAN + "\n"
    assert done.stderr == b""


def test_invalid_utf8_warns_once_and_still_cleans(tmp_path: Path) -> None:
    """(pipeline)"""
    data = KOCHI.replace("Monday", "Mon\xffday").encode("latin-1").replace(b"\xff", b"\xff\xfe")
    path = kochi_file(tmp_path, data)
    result = run("clean", path)
    assert result.exit_code == 0
    assert result.stderr == f"warning: {path} is not valid UTF-8; 2 bytes replaced\n"
    assert "Fire broke out in Kochi on Mon\ufffd\ufffdday." in result.stdout


def test_bom_is_stripped() -> None:
    """(pipeline)"""
    result = run("clean", "-", stdin=b"\xef\xbb\xbf" + KOCHI.encode())
    assert result.exit_code == 0
    assert result.stdout == KOCHI_CLEAN + "\n"
    assert result.stderr == ""


def test_binary_input_is_processed_with_a_warning() -> None:
    """(pipeline)"""
    result = run("clean", "-", stdin=bytes(range(256)) * 4 + KOCHI.encode())
    assert result.exit_code == 0
    assert result.stderr.count("looks like binary data") == 1
    assert result.stderr.count("is not valid UTF-8") == 1


def test_bad_similarity_is_an_error_line() -> None:
    """(pipeline) the library's ConfigError, not a traceback."""
    result = run("clean", "--similarity", "5", "-", stdin=KOCHI)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert "similarity" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_malformed_rules_file_is_an_error_line(tmp_path: Path) -> None:
    """(pipeline, rules) ``load_rules`` must raise RuleError on broken TOML."""
    rules = tmp_path / "broken.toml"
    rules.write_text("[[rule]\nid = ")
    result = run("clean", "--rules", str(rules), "-", stdin=KOCHI)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.output


def test_json_output(tmp_path: Path) -> None:
    """(pipeline)"""
    result = run("clean", "--json", kochi_file(tmp_path))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"text", "metadata", "removed", "changes", "input_format", "detection"}
    assert data["text"] == KOCHI_CLEAN
    assert data["metadata"]["credit"] == "PTI"
    assert data["input_format"] == "text"
    [removal] = data["removed"]
    assert set(removal) == {
        "start", "end", "text", "reason", "stage", "duplicate_of", "similarity", "score",
        "evidence",
    }  # fmt: skip
    assert removal["reason"] == "credit.agency_parenthesized"
    assert KOCHI[removal["start"] : removal["end"]] == removal["text"]


def test_disable_family_keeps_the_credit() -> None:
    """(pipeline)"""
    result = run("clean", "--disable-family", "credit", "-", stdin=KOCHI)
    assert result.exit_code == 0
    assert "(PTI)" in result.stdout


def test_explain_lists_the_reasons(tmp_path: Path) -> None:
    """(pipeline)"""
    result = run("explain", kochi_file(tmp_path))
    assert result.exit_code == 0
    assert "credit: PTI" in result.stdout
    assert "credit.agency_parenthesized" in result.stdout
    assert '"(PTI)"' in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour by default
    coloured = run("explain", "--color", kochi_file(tmp_path))
    assert "\x1b[" in coloured.stdout


def test_explain_writes_escaped_html(tmp_path: Path) -> None:
    """(pipeline)"""
    source = "<script>alert(1)</script> " + KOCHI
    out = tmp_path / "view.html"
    result = run("explain", "--html", str(out), "-", stdin=source)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower()
    assert "credit.agency_parenthesized" in page


def test_html_declaring_latin1_is_decoded_as_declared(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="iso-8859-1"></head>'
        "<body><p>Café owners in Kochi protested on Monday.</p></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("latin-1"))
    result = CliRunner().invoke(main, ["clean", str(path)])
    assert result.exit_code == 0
    assert result.stdout == "Café owners in Kochi protested on Monday.\n"
    assert "decoded as iso-8859-1" in result.stderr


def test_clean_reads_gzip_as_run_does(tmp_path: Path) -> None:
    """(pipeline) a .gz file, and gzip bytes on stdin whatever the name."""
    path = tmp_path / "kochi.txt.gz"
    path.write_bytes(gzip.compress(KOCHI.encode()))
    result = run("clean", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == KOCHI_CLEAN + "\n"
    assert result.stderr == ""
    piped = run("clean", "-", stdin=gzip.compress(KOCHI.encode()))
    assert piped.stdout == KOCHI_CLEAN + "\n"


def test_broken_gzip_is_one_error_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(b"\x1f\x8b\x08junk")
    result = run("clean", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {path} is not valid gzip "
        "(Compressed file ended before the end-of-stream marker was reached)\n"
    )
