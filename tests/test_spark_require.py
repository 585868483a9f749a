"""Without Java, Spark says so in one line: the CLI's ``--engine spark`` is an
``error:`` line and the Spark tests skip with that reason (no gateway traceback)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe_feed.cli import main
from dedupe_feed.spark.require import JavaNotFoundError, find_java, require_java

ROOT = Path(__file__).resolve().parent.parent
NO_JAVA = "Spark needs Java: no java on PATH; install a Java runtime"


@pytest.fixture
def no_java(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An environment with neither JAVA_HOME nor a ``java`` on PATH."""
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    return tmp_path


def test_no_java_on_path(no_java: Path) -> None:
    assert find_java() is None
    with pytest.raises(JavaNotFoundError, match=f"^{NO_JAVA}"):
        require_java()


def test_java_home_without_java(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(JavaNotFoundError) as caught:
        require_java()
    assert str(caught.value) == (
        f"Spark needs Java: JAVA_HOME={tmp_path} has no bin/java; install a Java runtime "
        "(apt-get install default-jre-headless) or set JAVA_HOME"
    )


def test_java_home_with_java(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    java = tmp_path / "bin" / "java"
    java.parent.mkdir()
    java.write_text("#!/bin/sh\n")
    java.chmod(0o755)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    assert require_java() == str(java)


def test_cli_spark_engine_without_java_is_one_error_line(no_java: Path) -> None:
    pytest.importorskip("pyspark", reason="the spark extra is not installed")
    feed = no_java / "in.jsonl"
    feed.write_text('{"id": "a", "text": "Rain lashed Kochi."}\n')
    args = ["run", "--engine", "spark", str(feed), "-o", str(no_java / "out")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {NO_JAVA}")
    assert len(result.stderr.splitlines()) == 1
    assert not (no_java / "out").exists()


def test_spark_tests_skip_with_the_reason_without_java(tmp_path: Path) -> None:
    """A real pytest run of a Spark test file with no Java anywhere."""
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"}
    env["PATH"] = str(tmp_path)  # sys.executable is an absolute path
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-rs", "-p", "no:cacheprovider",
         "tests/test_spark_clean.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    tests = len(re.findall(r"^def test_", (ROOT / "tests/test_spark_clean.py").read_text(), re.M))
    assert f" {tests} skipped in " in done.stdout  # every test, none passed or failed
    skips = [line for line in done.stdout.splitlines() if line.startswith("SKIPPED")]
    pattern = rf"SKIPPED \[1\] tests/test_spark_clean\.py:\d+: {re.escape(NO_JAVA)}"
    assert len(skips) == tests
    assert all(re.match(pattern, line) for line in skips), skips
    assert "Traceback" not in done.stdout
