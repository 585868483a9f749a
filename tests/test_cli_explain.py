"""``dedupe-feed explain`` as a user meets it (issue 15, item 7): a real
``python -m dedupe_feed`` process on a real file, its exit status, stdout and
stderr; quotes escaped, restored boundaries shown with what they joined,
``--json``, and the HTML view's colours and links."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import dedupe_feed

REPO = Path(dedupe_feed.__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
# A quote glued to the sentence before it, the same story twice, a credit.
ITEM = (
    'Rain lashed Kochi on Monday, officials said."We are ready," the collector told reporters. '
    "Schools in the district were shut on Tuesday. "
    "Rain lashed Kochi on Monday, officials said. (PTI)"
)


def explain(
    *args: str, cwd: Path, input_text: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dedupe_feed", "explain", *args], input=input_text,
        cwd=cwd, env=ENV, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip


def item_file(folder: Path) -> Path:
    path = folder / "item.txt"
    path.write_text(ITEM, encoding="utf-8")
    return path


def test_explain_escapes_quotes_and_shows_what_a_boundary_joined(tmp_path: Path) -> None:
    done = explain(str(item_file(tmp_path)), cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout.splitlines() == [
        "text input (text: no markup): 186 chars in, 137 chars out",
        "metadata:",
        "  credit: PTI",
        "removed (2):",
        '  [136-180] exact_duplicate  "Rain lashed Kochi on Monday, officials…"'
        " (duplicate of 0-44, sim 1.00)",
        '  [181-186] credit.agency_parenthesized  "(PTI)"',
        "changes (1):",
        '  [44-44] boundary_restored  "said.¶\\"We" (glued)',
    ]


def test_explain_json_is_clean_json_with_the_source_its_offsets_index(tmp_path: Path) -> None:
    path = item_file(tmp_path)
    done = explain("--json", str(path), cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr == ""
    data = json.loads(done.stdout)
    assert done.stdout.count("\n") == 1  # one object on one line
    cleaned = subprocess.run(
        [sys.executable, "-m", "dedupe_feed", "clean", "--json", str(path)],
        cwd=tmp_path, env=ENV, capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    assert data == {**json.loads(cleaned.stdout), "source": ITEM}
    assert [(r["reason"], data["source"][r["start"] : r["end"]]) for r in data["removed"]] == [
        ("exact_duplicate", "Rain lashed Kochi on Monday, officials said."),
        ("credit.agency_parenthesized", "(PTI)"),
    ]
    assert data["removed"][0]["duplicate_of"] == [0, 44]
    assert data["changes"] == [
        {"start": 44, "end": 44, "kind": "boundary_restored", "evidence": "glued"}
    ]


def test_explain_json_and_html_together(tmp_path: Path) -> None:
    page = tmp_path / "view.html"
    done = explain("--json", "--html", str(page), "-", cwd=tmp_path, input_text=ITEM)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["metadata"] == {"credit": "PTI"}
    html = page.read_text(encoding="utf-8")
    assert "color:#1f1f1f;background:#ffffff" in html  # readable in a dark theme
    anchor = html.index('class="df-target" id="')
    name = html[anchor:].split('id="', 1)[1].split('"', 1)[0]
    assert f'href="#{name}"' in html  # the duplicate links to the sentence it repeats
    assert html.index(f'id="{name}"') < html.index("Rain lashed Kochi")


def test_explain_json_library_error_is_one_line(tmp_path: Path) -> None:
    done = explain("--json", "--similarity", "5", str(item_file(tmp_path)), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == "error: similarity must be a number in (0, 1], got 5.0\n"
