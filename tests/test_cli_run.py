"""``dedupe-feed run`` and ``bench`` as a user meets them: exit statuses, one
``error:`` line instead of a traceback, Ctrl-C, and ``--resume`` refused
against another input's output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import dedupe_feed
from benchmarks.bench_job import make_feed
from dedupe_feed.cli import main

REPO = Path(dedupe_feed.__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
RAIN = json.dumps({"id": "a", "source": "PTI", "text": "Rain lashed Kochi on Monday. (PTI)"})
FIRE = json.dumps({"id": "b", "source": "PTI", "text": "Fire broke out in Delhi. (PTI)"})


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def feed(folder: Path, *lines: str, name: str = "feed.jsonl") -> str:
    path = folder / name
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return str(path)


def run_args(tmp_path: Path, *inputs: str) -> list[str]:
    out = str(tmp_path / "out.jsonl")
    return ["run", *inputs, "-o", out, "--index", ":memory:", "--no-progress"]


# --------------------------------------------------------------------------- exit statuses


def test_missing_input_is_exit_2_before_any_output(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.jsonl")
    for args in (run_args(tmp_path, missing), ["bench", missing, "--no-progress"]):
        result = run(*args)
        assert result.exit_code == 2
        assert result.stderr == f"error: input {missing} does not exist\n"
        assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_one_missing_input_among_good_ones_is_exit_2(tmp_path: Path) -> None:
    good = feed(tmp_path, RAIN)
    result = run(*run_args(tmp_path, good, str(tmp_path / "gone.jsonl")))
    assert result.exit_code == 2
    assert not (tmp_path / "out.jsonl").exists()


def test_empty_folder_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.csv").write_text("not a document")
    folder = str(tmp_path / "empty")
    for args in (run_args(tmp_path, folder), ["bench", folder, "--no-progress"]):
        result = run(*args)
        assert result.exit_code == 2
        assert result.stderr == f"error: input folder {folder} holds no .txt or .html files\n"


def test_input_with_no_records_is_exit_2(tmp_path: Path) -> None:
    empty = feed(tmp_path, "", "  ")
    result = run(*run_args(tmp_path, empty))
    assert result.exit_code == 2
    assert result.stderr.endswith(f"\nerror: no records in {empty}\n")


def test_every_record_failed_is_exit_1_after_the_output(tmp_path: Path) -> None:
    bad = feed(tmp_path, "{not json", "[1, 2]")
    result = run(*run_args(tmp_path, bad))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"2 records written to {tmp_path / 'out.jsonl'}\n")
    assert result.stderr.endswith("\nerror: every record failed (2 of 2)\n")
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["error"].split(":")[0] for line in lines] == [
        "malformed JSON",
        "non-object JSON (got array)",
    ]


def test_bench_every_record_failed_is_exit_1(tmp_path: Path) -> None:
    bad = feed(tmp_path, "{not json")
    report = str(tmp_path / "report.html")
    result = run("bench", bad, "--report", report, "--no-progress")
    assert result.exit_code == 1
    assert result.stderr.endswith("\nerror: every record failed (1 of 1)\n")
    assert Path(report).exists()


def test_some_records_failed_is_exit_0(tmp_path: Path) -> None:
    mixed = feed(tmp_path, RAIN, "{not json")
    result = run(*run_args(tmp_path, mixed))
    assert result.exit_code == 0, result.output
    assert "errors: 1 " in result.stderr


# --------------------------------------------------------------------------- --resume


def test_resume_into_another_inputs_output_is_refused(tmp_path: Path) -> None:
    first = feed(tmp_path, RAIN, FIRE, name="first.jsonl")
    other = feed(tmp_path, FIRE, RAIN, name="other.jsonl")
    assert run(*run_args(tmp_path, first)).exit_code == 0
    before = (tmp_path / "out.jsonl").read_bytes()
    result = run(*run_args(tmp_path, other), "--resume")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: --resume: {tmp_path / 'out.jsonl'} was not written from these inputs "
        "(its line 1 is not input record 1); run without --resume to start over\n"
    )
    assert (tmp_path / "out.jsonl").read_bytes() == before


def test_resume_with_fewer_records_than_lines_is_refused(tmp_path: Path) -> None:
    both = feed(tmp_path, RAIN, FIRE, name="both.jsonl")
    assert run(*run_args(tmp_path, both)).exit_code == 0
    one = feed(tmp_path, RAIN, name="one.jsonl")
    result = run(*run_args(tmp_path, one), "--resume")
    assert result.exit_code == 2
    assert "has 2 lines but these inputs hold only 1 records" in result.stderr


def test_resume_of_the_same_input_with_error_lines_goes_on(tmp_path: Path) -> None:
    source = feed(tmp_path, RAIN, "{not json", FIRE)
    assert run(*run_args(tmp_path, source)).exit_code == 0
    whole = (tmp_path / "out.jsonl").read_bytes()
    lines = whole.splitlines(keepends=True)
    (tmp_path / "out.jsonl").write_bytes(b"".join(lines[:2]))
    result = run(*run_args(tmp_path, source), "--resume")
    assert result.exit_code == 0, result.output
    assert "1 records written" in result.stderr
    assert (tmp_path / "out.jsonl").read_bytes() == whole


# --------------------------------------------------------------------------- Ctrl-C


def _default_sigint() -> None:
    """In the child: SIGINT back to its default, for a test suite started in
    the background, where the shell ignores SIGINT (and Python would too)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_exits_130_with_the_resume_command(tmp_path: Path) -> None:
    """A real process and a real SIGINT; the printed command then finishes the job."""
    make_feed(tmp_path / "feed.jsonl", 1500, seed=5)
    args = ["run", "feed.jsonl", "-o", "out.jsonl", "--index", "index.sqlite", "--no-learn"]
    args += ["--batch-size", "10", "--no-progress"]
    process = subprocess.Popen(
        [sys.executable, "-m", "dedupe_feed", *args],
        cwd=tmp_path, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        preexec_fn=_default_sigint,
    )  # fmt: skip
    out = tmp_path / "out.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if out.exists() and len(out.read_bytes().splitlines()) >= 20:
            break
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.endswith(
        "\ninterrupted: the lines written so far are kept; continue with:\n"
        f"  dedupe-feed {' '.join(args)} --resume\n"
    )
    assert "Traceback" not in stderr
    written = len(out.read_bytes().splitlines())
    assert written < 1500  # it really was interrupted
    resumed = subprocess.run(
        [sys.executable, "-m", "dedupe_feed", *args, "--resume"],
        cwd=tmp_path, env=ENV, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    assert len(out.read_bytes().splitlines()) == 1500


def test_ctrl_c_of_a_gz_output_says_it_cannot_resume(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("dedupe_feed.feeds.job.run_feed", interrupted)
    source = feed(tmp_path, RAIN)
    result = run("run", source, "-o", str(tmp_path / "out.jsonl.gz"), "--no-progress")
    assert result.exit_code == 130
    assert result.stderr == (
        "\ninterrupted: run it again to start over "
        "(only a local run into a .jsonl file can --resume)\n"
    )


def test_ctrl_c_in_bench_exits_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("dedupe_feed.bench.run_bench", interrupted)
    result = run("bench", feed(tmp_path, RAIN), "--no-progress")
    assert result.exit_code == 130
    assert result.stderr == "\ninterrupted\n"


# --------------------------------------------------------------------------- errors before work


@pytest.fixture
def no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any read of a record fails the test: the error must come first."""

    def read_records(*args: object, **kwargs: object) -> None:
        raise AssertionError("the input was read before the error")

    monkeypatch.setattr("dedupe_feed.feeds.job.read_records", read_records)
    monkeypatch.setattr("dedupe_feed.bench.runner.read_records", read_records)


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder no file can be created in (root ignores permission bits: /sys)."""
    if os.geteuid() == 0:
        return Path("/sys")
    folder = tmp_path / "read-only"
    folder.mkdir(mode=0o500)
    return folder


@pytest.mark.parametrize("flag", ["-o", "--templates"])
def test_run_output_in_a_missing_folder_is_exit_2_before_work(
    tmp_path: Path, no_reading: None, flag: str
) -> None:
    target = str(tmp_path / "missing" / "file.json")
    args = ["run", feed(tmp_path, RAIN), "-o", str(tmp_path / "out.jsonl"), flag, target]
    result = run(*args, "--index", ":memory:", "--no-progress")
    assert result.exit_code == 2
    assert (
        result.stderr == f"error: {flag} {target}: folder {tmp_path / 'missing'} does not exist\n"
    )
    assert not (tmp_path / "out.jsonl").exists()


def test_run_output_in_an_unwritable_folder_is_exit_2(tmp_path: Path, no_reading: None) -> None:
    target = str(unwritable_folder(tmp_path) / "out.jsonl")
    result = run("run", feed(tmp_path, RAIN), "-o", target, "--index", ":memory:")
    assert result.exit_code == 2
    assert result.stderr == f"error: -o {target}: cannot write there (Permission denied)\n"


def test_templates_path_that_is_a_folder_is_click_usage_error(
    tmp_path: Path, no_reading: None
) -> None:
    out = str(tmp_path / "out.jsonl")
    result = run("run", feed(tmp_path, RAIN), "-o", out, "--templates", str(tmp_path))
    assert result.exit_code == 2
    error = f"Error: Invalid value for '--templates': File '{tmp_path}' is a directory.\n"
    assert result.stderr.endswith(error)


@pytest.mark.parametrize("flag", ["--report", "--json"])
def test_bench_report_in_a_missing_folder_is_exit_2_before_work(
    tmp_path: Path, no_reading: None, flag: str
) -> None:
    target = str(tmp_path / "missing" / "report.html")
    result = run("bench", feed(tmp_path, RAIN), flag, target, "--no-progress")
    assert result.exit_code == 2
    assert (
        result.stderr == f"error: {flag} {target}: folder {tmp_path / 'missing'} does not exist\n"
    )


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            ["--canonical", "newest"],
            "canonical must be 'earliest', 'longest', 'wire' or a list of sources, got 'newest'",
        ),
        (["--window-days", "-1"], "window_days must be in [0, 36500] or None, got -1.0"),
        (["--window-days", "nan"], "window_days must be in [0, 36500] or None, got nan"),
        (
            ["--index", "ftp://host/index"],
            "unknown index scheme 'ftp://' in 'ftp://host/index': use \":memory:\", "
            "a file path, sqlite:///path or redis://host:port/db",
        ),
        (
            ["--index", "sqlite:///"],
            "'sqlite:///' names no file: use sqlite:///path/to/index.sqlite",
        ),
    ],
)
def test_bad_clustering_options_are_one_line_before_work(
    tmp_path: Path, no_reading: None, option: list[str], message: str
) -> None:
    out = tmp_path / "out.jsonl"
    result = run("run", feed(tmp_path, RAIN), "-o", str(out), *option, "--no-progress")
    assert result.exit_code == 1
    assert result.stderr == f"error: {message}\n"
    assert not out.exists()


def test_bench_bad_index_is_one_line_before_work(tmp_path: Path, no_reading: None) -> None:
    result = run("bench", feed(tmp_path, RAIN), "--index", "ftp://h/i", "--no-progress")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unknown index scheme 'ftp://'")
    assert len(result.stderr.splitlines()) == 1


def test_an_index_that_is_not_one_is_refused_before_work(tmp_path: Path, no_reading: None) -> None:
    source = feed(tmp_path, RAIN)
    result = run("run", source, "-o", str(tmp_path / "out.jsonl"), "--index", source)
    assert result.exit_code == 1
    assert (
        result.stderr == f"error: {source!r} is not a dedupe_feed index (file is not a database)\n"
    )


# --------------------------------------------------------------------------- the index contract


def test_a_reused_id_with_other_content_is_an_error_line(tmp_path: Path) -> None:
    story = "The Kerala Water Authority said supply to 41 wards of Kochi would be cut. " * 3
    other = "Fire broke out at a warehouse in Delhi and 12 fire tenders were rushed. " * 3
    source = feed(
        tmp_path,
        json.dumps({"id": "1", "source": "PTI", "text": story}),
        json.dumps({"id": "1", "source": "ANI", "text": other}),
        json.dumps({"id": "2", "source": "ANI", "text": other}),
        json.dumps({"id": "3", "source": "Malabar Wire", "text": story}),
    )
    result = run(*run_args(tmp_path, source))
    assert result.exit_code == 0, result.output
    assert "  errors: 1   new clusters: 2   duplicates: 1   updates: 0\n" in result.stderr
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert out[1] == {
        "error": "reused id: id '1' is already in the index with other content "
        f"(first from PTI, {len(out[0]['clean_text'])} characters); give each article its own id",
        "source_name": source,
        "position": 2,
        "id": "1",
    }
    assert [o.get("cluster_id") for o in out] == ["1", None, "2", "1"]
    assert out[3]["duplicate_of"] == "1"


def test_the_summary_names_the_index_and_its_reused_decisions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    source = feed(tmp_path, RAIN, FIRE)
    first = run("run", source, "-o", "one.jsonl", "--no-progress")
    index = tmp_path / "dedupe_feed_index.sqlite"  # the default, in the current folder
    assert f"\n  index: {index} (0 stored decisions reused)\n" in first.stderr
    second = run("run", source, "-o", "two.jsonl", "--no-progress")
    assert second.exit_code == 0, second.output
    assert f"\n  index: {index} (2 stored decisions reused)\n" in second.stderr
    assert (tmp_path / "one.jsonl").read_text() == (tmp_path / "two.jsonl").read_text()
    memory = run("run", source, "-o", "three.jsonl", "--index", ":memory:", "--no-progress")
    assert "\n  index: in memory (nothing kept after the run) (0 stored" in memory.stderr


def test_an_index_refuses_other_clustering_options(tmp_path: Path) -> None:
    source = feed(tmp_path, RAIN)
    index = str(tmp_path / "index.sqlite")
    base = ["run", source, "--index", index, "--no-progress"]
    assert run(*base, "-o", str(tmp_path / "one.jsonl")).exit_code == 0
    out = tmp_path / "two.jsonl"
    refused = run(*base, "-o", str(out), "--canonical", "longest", "--window-days", "5")
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"error: the index {index} was built with window_days=3.0, canonical='earliest'; "
        "this run asks window_days=5.0, canonical='longest': use the same options or another "
        "index, or override them (override_options=True; on the command line "
        "--override-index-options), which keeps its stored decisions\n"
    )
    assert not out.exists()
    forced = run(*base, "-o", str(out), "--canonical", "longest", "--override-index-options")
    assert forced.exit_code == 0, forced.output
    again = run(*base, "-o", str(out), "--canonical", "longest")  # now remembered
    assert again.exit_code == 0, again.output
    assert run(*base, "-o", str(out)).exit_code == 1


# --------------------------------------------------------------------------- pipes


def test_run_reads_stdin_and_writes_stdout(tmp_path: Path) -> None:
    """A real pipe: the lines are those of the same feed read from a file,
    with ``-`` as the source name; the summary stays on stderr."""
    source = feed(tmp_path, RAIN, "{not json", FIRE, RAIN.replace('"a"', '"c"'))
    options = ["--index", ":memory:", "--no-progress"]
    assert run("run", source, "-o", str(tmp_path / "file.jsonl"), *options).exit_code == 0
    expected = []
    for line in (tmp_path / "file.jsonl").read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        if "error" in obj:
            obj["source_name"] = "-"
        expected.append(obj)
    piped = subprocess.run(
        [sys.executable, "-m", "dedupe_feed", "run", "-", "-o", "-", *options],
        input=Path(source).read_bytes(), cwd=tmp_path, env=ENV, capture_output=True,
        check=False, timeout=300,
    )  # fmt: skip
    assert piped.returncode == 0, piped.stderr.decode()
    assert [json.loads(line) for line in piped.stdout.decode().splitlines()] == expected
    stderr = piped.stderr.decode()
    assert stderr.startswith("4 records written to standard output\n")
    assert "  learned templates: 0 (not saved: give --templates PATH)\n" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "feed.jsonl",
        "file.jsonl",
        "file.jsonl.templates.json",
    ]


def test_stdin_with_templates_saves_them_where_asked(tmp_path: Path) -> None:
    templates = tmp_path / "templates.json"
    args = ["run", "-", "-o", "-", "--index", ":memory:", "--templates", str(templates)]
    result = CliRunner().invoke(main, [*args, "--no-progress"], input=RAIN + "\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["clean_text"] == "Rain lashed Kochi on Monday."
    assert json.loads(templates.read_text(encoding="utf-8")) == {}
    assert f"(saved to {templates})" in result.stderr


def test_stdin_twice_and_resuming_stdout_are_refused(tmp_path: Path) -> None:
    twice = CliRunner().invoke(main, ["run", "-", "-", "-o", "-"], input=RAIN)
    assert twice.exit_code == 2
    assert twice.stderr == "error: - (standard input) can be given once\n"
    resumed = CliRunner().invoke(
        main, ["run", "-", "-o", "-", "--resume", "--index", ":memory:"], input=RAIN
    )
    assert resumed.exit_code == 2
    assert resumed.stderr == "error: --resume needs an output file, not - (standard output)\n"
    assert resumed.stdout == ""


def test_run_reads_a_json_array_file(tmp_path: Path) -> None:
    array = tmp_path / "feed.json"
    array.write_text(json.dumps([json.loads(RAIN), json.loads(FIRE)], indent=2), encoding="utf-8")
    result = run(*run_args(tmp_path, str(array)))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("2 records written")
    out = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["clean_text"] for line in out] == [
        "Rain lashed Kochi on Monday.",
        "Fire broke out in Delhi.",
    ]


# --------------------------------------------------------------------------- field names


OWN_FIELDS = json.dumps({"key": "k1", "outlet": "PTI", "story": "Rain lashed Kochi. (PTI)"})


def test_run_reads_the_fields_it_is_told(tmp_path: Path) -> None:
    source = feed(tmp_path, OWN_FIELDS)
    fields = ["--id-field", "key", "--text-field", "story", "--source-field", "outlet"]
    result = run(*run_args(tmp_path, source), *fields)
    assert result.exit_code == 0, result.output
    out = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert (out["cluster_id"], out["clean_text"]) == ("k1", "Rain lashed Kochi.")
    without = run("run", source, "-o", str(tmp_path / "plain.jsonl"), "--index", ":memory:")
    assert without.exit_code == 1  # no body under the default names: every record failed
    assert "error: every record failed (1 of 1)" in without.stderr


def test_bench_reads_the_fields_it_is_told(tmp_path: Path) -> None:
    source = feed(tmp_path, OWN_FIELDS)
    report = str(tmp_path / "report.html")
    args = [
        "bench",
        source,
        "--report",
        report,
        "--no-progress",
        "--json",
        str(tmp_path / "b.json"),
    ]
    result = run(*args, "--text-field", "story", "--source-field", "outlet")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert (data["items"], data["errors"]) == (1, 0)


def test_the_summary_counts_errors_by_kind(tmp_path: Path) -> None:
    source = feed(tmp_path, "{bad", "[1]", "{also bad", RAIN, RAIN.replace("Kochi", "Delhi"))
    result = run(*run_args(tmp_path, source))
    assert result.exit_code == 0, result.output
    assert "\n  errors: 4 " in result.stderr
    assert (
        "\n  errors by kind: malformed JSON 2, non-object JSON (got array) 1, reused id 1\n"
        in result.stderr
    )
