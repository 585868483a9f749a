"""The Spark engine against the local pipeline on one seeded feed: identical
output lines (clean texts, clusters), the same learned templates, the same
canonical members; and the pieces on their own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.bench_job import make_feed
from benchmarks.feed_variants import make_feed as make_variants_feed
from benchmarks.feed_variants import write_feed
from dedupe_feed.cli import main
from dedupe_feed.feeds.job import run_feed
from dedupe_feed.index import FeedDeduplicator, band_keys, open_store
from dedupe_feed.spark import connected_components, dedupe_dataframe, run_spark_feed
from dedupe_feed.spark.components import components_of
from dedupe_feed.spark.dedupe import _candidate_edges, _first_per_id, _sign_udf

ITEMS = 1500


def spark_lines(folder: Path) -> list[str]:
    parts = sorted(folder.glob("part-*"))
    assert parts
    assert all(part.name.endswith(".jsonl") for part in parts), [p.name for p in parts]
    return [line for part in parts for line in part.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A seeded multi-outlet feed with bad lines, run through the local job."""
    folder = tmp_path_factory.mktemp("feed")
    path = folder / "feed.jsonl"
    make_feed(path, ITEMS, seed=5)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3:3] = ["{not json", json.dumps({"id": "no-body"}), ""]
    lines.insert(12, json.dumps({"text": "A record without an id. Rain lashed Kochi."}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    index = folder / "index.sqlite"
    summary = run_feed([path], folder / "local.jsonl", index=str(index), progress=False)
    store = open_store(str(index))
    out = (folder / "local.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in out]
    canonical = {
        r["cluster_id"]: store.canonical(r["cluster_id"]) for r in rows if "cluster_id" in r
    }
    store.close()
    return {
        "path": path,
        "folder": folder,
        "lines": out,
        "rows": rows,
        "summary": summary,
        "canonical": canonical,
    }


def test_spark_job_writes_the_local_lines(spark: Any, feed: dict[str, Any]) -> None:
    out = feed["folder"] / "spark.jsonl"
    summary = run_spark_feed(spark, [feed["path"]], out)
    assert spark_lines(out) == feed["lines"]
    assert not list(out.glob("*.txt*"))
    assert not list(out.glob(".*.txt.crc"))  # each checksum was renamed with its part
    local = feed["summary"]
    assert summary.templates == {s: t for s, t in local.templates.items() if t}
    assert summary.templates  # every outlet's footer was learned
    counts = (summary.records, summary.errors, summary.duplicates, summary.new_clusters)
    assert counts == (local.records, local.errors, local.duplicates, local.new_clusters)


def test_spark_parquet_output_has_the_local_canonical_members(
    spark: Any, feed: dict[str, Any]
) -> None:
    folder = feed["folder"]
    small = folder / "part.jsonl"
    small.write_text("\n".join(feed["path"].read_text().splitlines()[:400]) + "\n")
    run_feed(
        [small], folder / "part-local.jsonl", index=str(folder / "part.sqlite"), progress=False
    )
    store = open_store(str(folder / "part.sqlite"))
    local = [json.loads(line) for line in (folder / "part-local.jsonl").read_text().splitlines()]
    run_spark_feed(spark, [small], folder / "part.parquet")
    found = spark.read.parquet(str(folder / "part.parquet")).orderBy("position").collect()
    assert len(found) == len(local)
    for row, expected in zip(found, local, strict=True):
        assert row["clean_text"] == expected.get("clean_text")
        assert row["cluster_id"] == expected.get("cluster_id")
        assert row["duplicate_of"] == expected.get("duplicate_of")
        if "cluster_id" in expected:
            assert row["canonical"] == store.canonical(expected["cluster_id"])
    store.close()


def test_spark_learns_from_the_local_jobs_sample(spark: Any, feed: dict[str, Any]) -> None:
    folder = feed["folder"]
    small = folder / "sample.jsonl"
    small.write_text("\n".join(feed["path"].read_text().splitlines()[:300]) + "\n")
    local = run_feed(
        [small],
        folder / "sample-local.jsonl",
        index=str(folder / "sample.sqlite"),
        progress=False,
        learn_sample=12,
    )
    remote = run_spark_feed(spark, [small], folder / "sample-spark.jsonl", learn_sample=12)
    everything = run_spark_feed(spark, [small], folder / "all-spark.jsonl", learn_sample=None)
    assert remote.templates == {s: t for s, t in local.templates.items() if t}
    assert remote.templates != everything.templates  # the sample is what was counted
    expected = (folder / "sample-local.jsonl").read_text(encoding="utf-8").splitlines()
    assert spark_lines(folder / "sample-spark.jsonl") == expected


def test_dedupe_dataframe_matches_the_local_index_under_another_policy(
    spark: Any, feed: dict[str, Any]
) -> None:
    rows = [r for r in feed["rows"] if "clean_text" in r and "id" in r][:800]
    dedup = FeedDeduplicator(canonical="longest", window_days=None)
    local = [
        dedup.add(str(r["id"]), r["clean_text"], source=r["source"], published=r["published"])
        for r in rows
    ]
    data = [
        (n, str(r["id"]), r["clean_text"], r["source"], r["published"]) for n, r in enumerate(rows)
    ]
    df = spark.createDataFrame(
        data, "n long, id string, clean_text string, source string, published string"
    )
    out = dedupe_dataframe(df, order_col="n", canonical="longest", window_days=None)
    found = {r["id"]: r for r in out.collect()}
    assert any(d.update_of for d in local) or any(d.duplicate_of for d in local)
    for row, decision in zip(rows, local, strict=True):
        got = found[str(row["id"])]
        assert got["cluster_id"] == decision.cluster_id
        assert got["duplicate_of"] == decision.duplicate_of
        assert got["update_of"] == decision.update_of
        assert got["similarity"] == decision.similarity
        assert got["canonical"] == dedup.store.canonical(decision.cluster_id)


def test_a_crowded_bucket_offers_its_latest_arrivals_as_the_local_store_does(
    spark: Any,
) -> None:
    text = (
        "Heavy rain lashed Kochi on Tuesday as the monsoon strengthened over Kerala. "
        "The weather office issued an orange alert for six districts until Friday."
    )
    params = {"bucket_limit": 3}
    dedup = FeedDeduplicator(**params)
    local = []
    for n in range(8):
        sig = dedup.signature(f"s{n}", text)
        keys = band_keys(sig.hashvalues, dedup.bands, dedup.rows)
        local.append([item for item, _ in dedup.store.candidates(keys, 16, 3)])
        dedup.add(f"s{n}", text)
    df = spark.createDataFrame(
        [(n, f"s{n}", text, None, None) for n in range(8)],
        "n long, id string, clean_text string, source string, published string",
    )
    items = _first_per_id(df.withColumn("_order", df["n"]), "id", "clean_text", None, None)
    keyed = items.withColumn("_sig", _sign_udf(params)("text", "published"))
    edges = _candidate_edges(keyed, params).collect()
    found = [
        [e["earlier_id"] for e in sorted(edges, key=lambda e: e["rank"]) if e["later"] == n]
        for n in range(8)
    ]
    assert found == local
    assert found == [[f"s{m}" for m in range(max(0, n - 3), n)] for n in range(8)]


def test_connected_components_of_a_chain_and_a_pair(spark: Any) -> None:
    edges = spark.createDataFrame(
        [(5, 4), (4, 3), (3, 2), (2, 1), (1, 0), (10, 11)], "src long, dst long"
    )
    found = {r["node"]: r["component"] for r in connected_components(edges).collect()}
    assert found == {**dict.fromkeys(range(6), 0), 10: 10, 11: 10}


def test_components_on_the_driver_are_the_distributed_ones(spark: Any) -> None:
    """A small graph is settled on the driver (union-find); forcing the
    distributed rounds (driver_edges=0) gives the same labels."""
    rows = [(5, 4), (4, 3), (3, 2), (2, 1), (1, 0), (10, 11), (7, 7), (20, 12), (12, 20)]
    edges = spark.createDataFrame(rows, "src long, dst long")
    on_driver = {r["node"]: r["component"] for r in connected_components(edges).collect()}
    rounds = connected_components(edges, driver_edges=0).collect()
    assert on_driver == {r["node"]: r["component"] for r in rounds}
    assert on_driver == {**dict.fromkeys(range(6), 0), 10: 10, 11: 10, 12: 12, 20: 12}
    assert connected_components(edges.where("src < 0")).collect() == []


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=40))
def test_union_find_labels_each_node_with_its_components_least_node(
    edges: list[tuple[int, int]],
) -> None:
    neighbours: dict[int, set[int]] = {}
    for a, b in edges:
        if a != b:
            neighbours.setdefault(a, set()).add(b)
            neighbours.setdefault(b, set()).add(a)
    expected = {}
    for start in neighbours:  # breadth-first search from each node
        seen, frontier = {start}, [start]
        while frontier:
            frontier = [n for node in frontier for n in neighbours[node] if n not in seen]
            seen.update(frontier)
        expected[start] = min(seen)
    assert components_of((a, b) for a, b in edges if a != b) == expected


def test_cli_run_with_the_spark_engine(spark: Any, feed: dict[str, Any]) -> None:
    small = feed["folder"] / "small.jsonl"
    small.write_text("\n".join(feed["path"].read_text().splitlines()[:150]) + "\n")
    run_feed([small], feed["folder"] / "small-local.jsonl", progress=False)
    out = feed["folder"] / "small-spark.jsonl"
    args = ["run", "--engine", "spark", "--master", "local[2]", str(small), "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    expected = (feed["folder"] / "small-local.jsonl").read_text(encoding="utf-8").splitlines()
    assert spark_lines(out) == expected
    assert "records written" in result.output


def test_the_spark_engine_runs_from_a_venv_that_is_not_activated(
    spark: Any, feed: dict[str, Any]
) -> None:
    # as cron, Airflow or pipx start it: no VIRTUAL_ENV, no PYSPARK_PYTHON,
    # the venv's bin/ not on PATH (its python3 there would have pandas)
    small = feed["folder"] / "small-cron.jsonl"
    small.write_text("\n".join(feed["path"].read_text().splitlines()[:60]) + "\n")
    run_feed([small], feed["folder"] / "small-cron-local.jsonl", progress=False)
    out = feed["folder"] / "small-cron-spark.jsonl"
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("VIRTUAL_ENV", "PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON", "PATH")
    }
    venv_bin = str(Path(sys.executable).parent)
    path = [part for part in os.environ.get("PATH", "").split(os.pathsep) if part != venv_bin]
    env["PATH"] = os.pathsep.join(path)
    args = ["run", "--engine", "spark", "--master", "local[2]", str(small), "-o", str(out), "-q"]
    done = subprocess.run(
        [sys.executable, "-m", "dedupe_feed", *args], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    expected = (feed["folder"] / "small-cron-local.jsonl").read_text(encoding="utf-8").splitlines()
    assert spark_lines(out) == expected


def test_a_reused_id_is_refused_as_the_local_job_does(spark: Any, tmp_path: Path) -> None:
    """Issue 15's case: two records with id 1 from different outlets, the
    second's exact copy under id 2, the first's copy under id 3 and the
    first again under id 1 (same content: its decision)."""
    story = "The Kerala Water Authority said supply to 41 wards of Kochi would be cut. " * 3
    other = "Fire broke out at a warehouse in Delhi and 12 fire tenders were rushed. " * 3
    records = [
        ("1", "PTI", story),
        ("1", "ANI", other),
        ("2", "ANI", other),
        ("3", "Malabar Wire", story),
        ("1", "PTI", story),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text(
        "".join(json.dumps({"id": i, "source": s, "text": t}) + "\n" for i, s, t in records),
        encoding="utf-8",
    )
    local = run_feed([path], tmp_path / "local.jsonl", index=":memory:", progress=False)
    summary = run_spark_feed(spark, [path], tmp_path / "spark.jsonl")
    lines = (tmp_path / "local.jsonl").read_text(encoding="utf-8").splitlines()
    assert spark_lines(tmp_path / "spark.jsonl") == lines
    assert json.loads(lines[1])["error"].startswith("reused id: id '1' is already in the index")
    assert json.loads(lines[4])["cluster_id"] == "1"
    assert (summary.errors, summary.duplicates) == (local.errors, local.duplicates) == (1, 1)


def test_undecodable_bytes_are_read_as_the_local_job_reads_them(spark: Any, tmp_path: Path) -> None:
    """A line with bytes that are not UTF-8 failed the Spark job (Arrow
    refused the string); now it is decoded as the local reader does: a
    record with the bytes replaced and a warning, or a malformed-line error."""
    story = "Heavy rain lashed Kannur district on Monday night, officials said. " * 3
    path = tmp_path / "feed.jsonl"
    path.write_bytes(
        json.dumps({"id": "a", "source": "PTI", "text": story}).encode()
        + b'\n{"id": "b", "source": "PTI", "text": "Rain \xff\xfe lashed Kochi on Monday."}'
        + b"\n\xff\xfe\xfd not json\n"
        + json.dumps({"id": "c", "source": "ANI", "text": story}).encode()
        + b"\n"
    )
    run_feed([path], tmp_path / "local.jsonl", index=":memory:", progress=False)
    summary = run_spark_feed(spark, [path], tmp_path / "spark.jsonl")
    expected = (tmp_path / "local.jsonl").read_text(encoding="utf-8").splitlines()
    assert spark_lines(tmp_path / "spark.jsonl") == expected
    rows = [json.loads(line) for line in expected]
    assert rows[1]["warnings"] == ["undecodable bytes: replaced 2 bytes"]
    assert rows[1]["clean_text"] == "Rain \ufffd\ufffd lashed Kochi on Monday."
    assert rows[2]["error"].endswith("undecodable bytes: replaced 3 bytes")
    assert (summary.records, summary.errors, rows[3]["duplicate_of"]) == (4, 1, "a")


def test_spark_gives_the_local_lines_on_the_republication_feed(spark: Any, tmp_path: Path) -> None:
    """Issue 14's generated feed (outlet chrome, dated footers, truncated,
    re-flowed and re-worded copies): the Spark engine writes the local lines."""
    path = tmp_path / "variants.jsonl"
    write_feed(path, make_variants_feed(40, seed=2))
    local = run_feed([path], tmp_path / "local.jsonl", index=":memory:", progress=False)
    remote = run_spark_feed(spark, [path], tmp_path / "spark.jsonl")
    expected = (tmp_path / "local.jsonl").read_text(encoding="utf-8").splitlines()
    assert spark_lines(tmp_path / "spark.jsonl") == expected
    assert remote.templates == {s: t for s, t in local.templates.items() if t}
    assert remote.duplicates == local.duplicates > 0


def test_the_cleaning_pass_is_cached_before_clustering_reads_it(
    spark: Any, feed: dict[str, Any]
) -> None:
    """Clustering reads the cleaned records in several jobs, some at the same
    time, and writing once more: uncached, every item was cleaned again by
    each of them."""
    from dedupe_feed.config import Config
    from dedupe_feed.feeds.job import JobSummary
    from dedupe_feed.feeds.records import FieldMap
    from dedupe_feed.learn import TemplateLearner
    from dedupe_feed.spark.job import SparkExecutor

    executor = SparkExecutor(
        spark,
        [feed["path"]],
        feed["folder"] / "cached.jsonl",
        format=None,
        config=Config(),
        learn_sample=None,
        fields=FieldMap(),
        learner=TemplateLearner(),
        summary=JobSummary(),
        dedupe_params={},
    )
    try:
        records = executor.read()
        cleaned = executor.clean(records, {})
        assert cleaned.is_cached
        assert cleaned in executor.persisted  # released with the job
    finally:
        executor.release()
    assert not cleaned.is_cached


def test_a_pass_over_too_few_partitions_is_spread_over_every_core(spark: Any) -> None:
    from dedupe_feed.spark.job import TASKS_PER_CORE, spread

    wanted = TASKS_PER_CORE * spark.sparkContext.defaultParallelism
    one = spark.range(100).withColumnRenamed("id", "_order").coalesce(1)
    spread_out = spread(one)
    assert spread_out.rdd.getNumPartitions() == wanted
    assert sorted(r["_order"] for r in spread_out.collect()) == list(range(100))
    many = spark.range(100).withColumnRenamed("id", "_order").repartition(wanted + 1)
    assert spread(many) is many  # enough partitions: no shuffle
    assert spread(many, grouped=True).rdd.getNumPartitions() == wanted
