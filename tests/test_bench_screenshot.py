"""The bench report opens in a real browser: headless Chromium renders it to a
PNG that is a page of text and charts, not a blank or single-colour image.

Skipped only when no ``chromium`` binary is installed (CI installs Debian's).
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from dedupe_feed.bench import run_bench, write_reports

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WIDTH, HEIGHT = 1200, 1600


def png_summary(data: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct filtered byte values of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        if kind == b"IDAT":
            chunks.append(data[position + 8 : position + 8 + length])
        position += 12 + length
    pixels = zlib.decompress(b"".join(chunks))
    return width, height, len(set(pixels))


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it)")
def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    items = [
        {"id": "a", "source": "Wire", "text": "Fire broke out in Kochi on Monday. (PTI)"},
        {"id": "b", "source": "Wire", "text": "Fire broke out in Kochi on Monday. (PTI)"},
        {"id": "c", "source": "<b>Malabar</b>", "text": "Rain hit Kochi. " + "Subscribe now. " * 3},
    ]
    dump.write_text("\n".join(json.dumps(i) for i in items) + "\n", encoding="utf-8")
    stats = run_bench([dump], index=":memory:", progress=False, over_removal=0.0)
    report = tmp_path / "report.html"
    write_reports(stats, [str(dump)], report)
    shot = tmp_path / "shot.png"
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={shot}",
        f"--window-size={WIDTH},{HEIGHT}",
        report.as_uri(),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    data = shot.read_bytes()
    width, height, distinct = png_summary(data)
    assert (width, height) == (WIDTH, HEIGHT)
    assert len(data) > 20_000  # a blank page compresses to a few KB
    assert distinct > 50  # text, bars and lines: not one colour
