"""docs/examples/ingest_pipeline.py runs, from any folder, and prints what the
docs show (docs/examples/ingest_pipeline.expected.txt)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"


def test_the_ingest_pipeline_example_runs_and_prints_what_the_docs_show(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "ingest_pipeline.py")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    expected = (EXAMPLES / "ingest_pipeline.expected.txt").read_text(encoding="utf-8")
    assert done.stdout == expected
    assert list(tmp_path.iterdir()) == []  # it cleaned up after itself
