"""Progress that tells the truth (issue 15, item 6), run as a user runs it:
a real ``python -m dedupe_feed`` process on real files, its exit status,
stdout and stderr. Bars count the bytes read against the input's size and
name the stage; a large item is announced; ``-q`` and ``-v`` set the
logging level; the summary ends with the output and the errors by kind."""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

from tqdm import tqdm

import dedupe_feed
from dedupe_feed.feeds.progress import LARGE_ITEM_BYTES
from dedupe_feed.feeds.readers import input_bytes, read_records

REPO = Path(dedupe_feed.__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
RAIN = json.dumps({"id": "a", "source": "PTI", "text": "Rain lashed Kochi on Monday. (PTI)"})
FIRE = json.dumps({"id": "b", "source": "PTI", "text": "Fire broke out in Delhi. (PTI)"})
QUIET = ["--index", ":memory:", "--no-progress"]


def cli(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "dedupe_feed", *args], input=stdin,
        cwd=cwd, env=ENV, capture_output=True, check=False, timeout=300,
    )  # fmt: skip
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
    )


def write_feed(folder: Path, *lines: str, name: str = "feed.jsonl") -> Path:
    path = folder / name
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def size_shown(path: Path) -> str:
    """The file's size as the bar writes it (KiB steps, as tqdm scales bytes)."""
    return str(tqdm.format_sizeof(path.stat().st_size, divisor=1024))


def final_bars(stderr: str) -> list[str]:
    """The last state of each bar: tqdm redraws a bar after ``\\r`` and ends
    it with a newline."""
    return [line.rsplit("\r", 1)[-1] for line in stderr.split("\n") if "%|" in line]


# --------------------------------------------------------------------------- bars


def test_bars_count_bytes_against_the_input_size_and_name_the_stage(tmp_path: Path) -> None:
    source = write_feed(tmp_path, RAIN, "{not json", FIRE)
    done = cli("run", str(source), "-o", "out.jsonl", "--index", ":memory:", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    total = size_shown(source)
    learning, cleaning = final_bars(done.stderr)
    assert learning.startswith("1/2 learning: 100%|")
    assert cleaning.startswith("2/2 cleaning + clustering: 100%|")
    for bar in (learning, cleaning):
        assert f"| {total}/{total} [" in bar
        assert bar.endswith(", 3 records]")
        assert "B/s" in bar


def test_a_gzip_input_is_counted_as_stored(tmp_path: Path) -> None:
    source = tmp_path / "feed.jsonl.gz"
    source.write_bytes(gzip.compress(("\n".join([RAIN, FIRE] * 50) + "\n").encode()))
    done = cli("run", str(source), "-o", "out.jsonl", "--index", ":memory:", "--no-learn",
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    [bar] = final_bars(done.stderr)
    total = size_shown(source)
    assert bar.startswith("1/1 cleaning + clustering: 100%|")
    assert f"| {total}/{total} [" in bar
    assert bar.endswith(", 100 records]")


def test_a_pipe_keeps_stdout_clean_and_the_bar_on_stderr(tmp_path: Path) -> None:
    data = f"{RAIN}\n{FIRE}\n".encode()
    done = cli("run", "-", "-o", "-", "--index", ":memory:", cwd=tmp_path, stdin=data)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == ["a", "b"]
    shown = str(tqdm.format_sizeof(len(data), divisor=1024))
    for bar in final_bars(done.stderr):  # standard input is spooled: its size is known
        assert f"100%|██████████| {shown}/{shown} [" in bar


def test_input_bytes_and_the_bytes_read_agree(tmp_path: Path) -> None:
    plain = write_feed(tmp_path, RAIN, FIRE)
    packed = tmp_path / "packed.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "one.txt").write_text("Rain lashed Kochi.", encoding="utf-8")
    (folder / "two.html").write_text("<p>Fire in Delhi.</p>", encoding="utf-8")
    (folder / "notes.csv").write_text("not a document", encoding="utf-8")
    for inputs in ([plain], [packed], [folder], [plain, packed, folder]):
        counted: list[int] = []
        records = list(read_records(inputs, on_read=counted.append))
        assert records
        assert sum(counted) == input_bytes(inputs)
    assert input_bytes([folder]) == 18 + 21
    assert input_bytes([tmp_path / "gone.jsonl"]) == 0
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert input_bytes([plain, fifo]) is None  # a pipe's size is unknown: no total, no ETA


# --------------------------------------------------------------------------- large items


def story(size: int) -> str:
    """Varied prose of about ``size`` bytes (repeats would be collapsed)."""
    words = (REPO / "dedupe_feed" / "examples" / "wire_doubled.txt").read_text().split()
    rng = random.Random(1)
    sentences: list[str] = []
    length = 0
    while length < size:
        sentence = " ".join(rng.choice(words) for _ in range(14)).capitalize() + "."
        sentences.append(sentence)
        length += len(sentence) + 1
    return " ".join(sentences)


def test_a_large_item_is_announced_before_it_is_cleaned(tmp_path: Path) -> None:
    body = story(3 * LARGE_ITEM_BYTES)  # seconds of work: the bar is drawn while it runs
    size = len(body.encode())
    big = json.dumps({"id": "big", "source": "PTI", "text": body})
    source = write_feed(tmp_path, RAIN, big)
    done = cli("run", str(source), "-o", "out.jsonl", *QUIET, "--no-learn", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(
        f"1/1 cleaning a large item: {source}:2 ({size / 1024 / 1024:.1f} MB)\n"
        f"2 records written to out.jsonl\n"
    )
    with_bar = cli("run", str(source), "-o", "out.jsonl", "--index", ":memory:", cwd=tmp_path)
    assert with_bar.returncode == 0, with_bar.stderr
    lines = [line.rsplit("\r", 1)[-1] for line in with_bar.stderr.split("\n")]
    note = f"a large item: {source}:2 ({size / 1024 / 1024:.1f} MB)"
    assert f"1/2 learning {note}" in lines  # a log line of its own, above the bar
    assert f"2/2 cleaning {note}" in lines
    drawn = with_bar.stderr.split("\r")
    assert any("1/2 learning: " in line and f"{note}]" in line for line in drawn)  # in the bar
    assert any("2/2 cleaning: " in line and f"{note}]" in line for line in drawn)


def test_small_items_are_not_announced(tmp_path: Path) -> None:
    source = write_feed(tmp_path, RAIN, FIRE)
    done = cli("run", str(source), "-o", "out.jsonl", *QUIET, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "large item" not in done.stderr
    assert done.stderr.startswith("2 records written to out.jsonl\n")


# --------------------------------------------------------------------------- -q, -v, summary


def test_quiet_prints_nothing_but_errors(tmp_path: Path) -> None:
    source = write_feed(tmp_path, RAIN, "{not json")
    done = cli("run", str(source), "-o", "out.jsonl", "--index", ":memory:", "-q", cwd=tmp_path)
    assert done.returncode == 0
    assert (done.stdout, done.stderr) == ("", "")
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    failed = write_feed(tmp_path, "{not json", name="bad.jsonl")
    done = cli("run", str(failed), "-o", "bad.out.jsonl", "--index", ":memory:", "--quiet",
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == "error: every record failed (1 of 1)\n"


def test_verbose_adds_debug_lines_about_each_pass(tmp_path: Path) -> None:
    source = write_feed(tmp_path, RAIN, FIRE)
    done = cli("run", str(source), "-o", "out.jsonl", *QUIET, "-v", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == "debug: pass 1/2 (learning) over 1 inputs (0.0 MB)"
    assert re.fullmatch(r"debug: pass 1/2: 2 records, 0\.0 MB read in \d+\.\d s", lines[1])
    assert re.fullmatch(r"debug: learned 0 templates for 1 sources in \d+\.\d s", lines[2])
    assert lines[3] == "debug: pass 2/2 (cleaning + clustering) over 1 inputs (0.0 MB)"
    assert re.fullmatch(r"debug: pass 2/2: 2 records, 0\.0 MB read in \d+\.\d s", lines[4])
    assert lines[5] == "2 records written to out.jsonl"


def test_quiet_and_verbose_together_is_a_usage_error(tmp_path: Path) -> None:
    source = write_feed(tmp_path, RAIN)
    for command in (["run", str(source), "-o", "out.jsonl"], ["bench", str(source)]):
        done = cli(*command, "-q", "-v", cwd=tmp_path)
        assert done.returncode == 2
        assert done.stderr.endswith("Error: -q/--quiet and -v/--verbose cannot be used together\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.jsonl"]


def test_the_summary_ends_with_the_output_and_the_errors_by_kind(tmp_path: Path) -> None:
    source = write_feed(tmp_path, RAIN, "{not json", "[1]", "{bad", FIRE)
    done = cli("run", str(source), "-o", "out.jsonl", *QUIET, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith(
        "  output: out.jsonl\n  errors by kind: malformed JSON 2, non-object JSON (got array) 1\n"
    )
    clean = write_feed(tmp_path, RAIN, name="clean.jsonl")
    done = cli("run", str(clean), "-o", "-", *QUIET, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith("  output: standard output\n  errors by kind: none\n")
    assert json.loads(done.stdout)["id"] == "a"


def test_bench_quiet_and_default(tmp_path: Path) -> None:
    source = write_feed(tmp_path, RAIN, FIRE)
    done = cli("bench", str(source), "--no-progress", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "wrote bench-report.html, bench-report.md\n"
    assert done.stdout.startswith("#")
    quiet = cli("bench", str(source), "-q", "--report", "q.html", cwd=tmp_path)
    assert quiet.returncode == 0
    assert quiet.stderr == ""
    assert quiet.stdout.splitlines()[0] == done.stdout.splitlines()[0]  # the report stays
    with_bars = cli("bench", str(source), "--report", "b.html", cwd=tmp_path)
    learning, cleaning = final_bars(with_bars.stderr)
    total = size_shown(source)
    assert learning.startswith("1/2 learning: 100%|")
    assert cleaning.startswith("2/2 cleaning + clustering: 100%|")
    assert f"| {total}/{total} [" in cleaning
