"""A feed-dump job: read -> learn each outlet's boilerplate -> clean -> cluster -> write.

Every input record gives exactly one output line, in input order (an error
object for a record that cannot be read). The job is resumable: outputs are
written only after their batch is committed to the index, and adding an item
the index already holds returns its recorded decision, so a job killed at any
point and run again with ``resume=True`` writes the same lines as one that
was never interrupted.

>>> import json, pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> body = "Heavy rain lashed Kannur district on Monday night, officials said. " * 3
>>> lines = [json.dumps({"id": i, "source": s, "text": body}) for i, s in enumerate("AB")]
>>> _ = (folder / "in.jsonl").write_text("\\n".join(lines) + "\\n", encoding="utf-8")
>>> summary = run_feed([folder / "in.jsonl"], folder / "out.jsonl", progress=False)
>>> summary.records, summary.duplicates
(2, 1)
>>> [json.loads(l)["duplicate_of"] for l in (folder / "out.jsonl").read_text().splitlines()]
[None, '0']
>>> import shutil; shutil.rmtree(folder)
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from dedupe_feed.config import Config
from dedupe_feed.errors import ConfigError, UsageError
from dedupe_feed.feeds.outputs import (
    Cleaned,
    CleanFailure,
    CleanFields,
    CleanResult,
    Failed,
    FeedOutput,
    Placement,
    output_of,
)
from dedupe_feed.feeds.plan import FeedPlan
from dedupe_feed.feeds.progress import LARGE_ITEM_BYTES, Progress, pass_progress
from dedupe_feed.feeds.readers import read_records
from dedupe_feed.feeds.records import FeedItem, FieldMap, ReadError
from dedupe_feed.feeds.writers import JsonlWriter, analyze_body
from dedupe_feed.index import (
    ArticlePreparer,
    ClusterDecision,
    FeedDeduplicator,
    IdConflictError,
    PreparedArticle,
    RedisStore,
    SQLiteStore,
    Store,
    make_policy,
)
from dedupe_feed.index.redis_store import redact_url
from dedupe_feed.keys import unit_key
from dedupe_feed.learn import LearnedTemplate, TemplateLearner, item_templates, template_rule
from dedupe_feed.pipeline import Cleaner
from dedupe_feed.result import Analysis
from dedupe_feed.sentences import split_sentences

PathLike = str | os.PathLike[str]
log = logging.getLogger(__name__)
_T = TypeVar("_T")
_CHUNK = 32
_STORY_TOKENS = 12
#: Items of each source the learning pass reads by default (the first ones).
DEFAULT_LEARN_SAMPLE = 2000
#: The output name that means standard output.
STDOUT = "-"
#: The widest clustering window, in days (a century).
MAX_WINDOW_DAYS = 36_500
#: The source name learning and per-source cleaners use for a record without one.
UNKNOWN_SOURCE = "(unknown source)"
#: What the second pass (the only one without learning) does, for its bar.
CLEAN_PASS = "cleaning + clustering"


@dataclass(frozen=True)
class JobOptions:
    """How a feed job runs.

    Attributes:
        index: where the cross-article index lives: ``":memory:"``, a SQLite
            path or ``sqlite:///path`` (see :func:`dedupe_feed.index.open_store`).
        learn: learn each source's boilerplate in a first pass over the input.
        learn_sample: how many items of each source (the first ones, in input
            order) the learning pass cleans and counts; ``None`` counts all.
            Boilerplate recurs in a large share of a source's items, so a
            sample finds it at a fraction of the cost of a second full pass.
        resume: continue an interrupted job writing to the same output.
        batch_size: records per index transaction and output flush.
        window_days, threshold, canonical, share: passed to the
            :class:`~dedupe_feed.index.FeedDeduplicator` (``share``: the
            share of the shorter article's prose found in the other for two
            articles to be one story; ``None`` keeps its default).
        only_canonical: write only the records that are their cluster's
            canonical member when they are added (and every error line, so
            no record is lost silently); see :func:`run_feed`.
        fields: the input field names (default :class:`FieldMap`).
        progress: show progress bars on stderr.
        workers: processes that clean items (clustering and writing stay in
            this process, in input order).
        override_index_options: use a stored index built with other
            clustering options (see ``FeedDeduplicator(override_options=...)``).

    >>> JobOptions(index="index.sqlite", workers=2).learn
    True
    >>> JobOptions(batch_size=0)
    Traceback (most recent call last):
    ...
    dedupe_feed.errors.ConfigError: batch_size must be a positive integer, got 0
    >>> JobOptions(canonical="newest")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedupe_feed.errors.ConfigError: canonical must be 'earliest', 'longest', 'wire' or ...
    """

    index: str = ":memory:"
    learn: bool = True
    learn_sample: int | None = DEFAULT_LEARN_SAMPLE
    resume: bool = False
    batch_size: int = 200
    window_days: float | None = 3
    threshold: float = 0.5
    canonical: str | tuple[str, ...] = "earliest"
    share: float | None = None
    only_canonical: bool = False
    fields: FieldMap | None = None
    progress: bool = True
    workers: int = 1
    override_index_options: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.batch_size, bool) or self.batch_size < 1:
            raise ConfigError(f"batch_size must be a positive integer, got {self.batch_size!r}")
        if isinstance(self.workers, bool) or self.workers < 1:
            raise ConfigError(f"workers must be a positive integer, got {self.workers!r}")
        sample = self.learn_sample
        if sample is not None and (isinstance(sample, bool) or sample < 1):
            raise ConfigError(f"learn_sample must be a positive integer or None, got {sample!r}")
        window = self.window_days
        if window is not None and not 0 <= window <= MAX_WINDOW_DAYS:
            raise ConfigError(
                f"window_days must be in [0, {MAX_WINDOW_DAYS}] or None, got {window!r}"
            )
        make_policy(self.canonical)  # raises ConfigError for an unknown policy


@dataclass
class JobSummary:
    """What a job did; ``records`` counts the input records processed (one
    output line each, but for the ``not_canonical`` ones an ``only_canonical``
    job left out); ``templates`` are the learned ones per source;
    ``index`` names the index used and ``reused`` counts the written records
    whose decision the index already held (same id, same content);
    ``error_kinds`` counts the error lines by kind (their reason up to ``:``).

    >>> summary = JobSummary(records=8, errors=1, seconds=0.5)
    >>> summary.items_per_second
    16.0
    """

    records: int = 0
    errors: int = 0
    resumed_after: int = 0
    new_clusters: int = 0
    duplicates: int = 0
    updates: int = 0
    reused: int = 0
    not_canonical: int = 0
    index: str = ""
    error_kinds: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    templates: dict[str, list[LearnedTemplate]] = field(default_factory=dict)

    @property
    def items_per_second(self) -> float:
        """Records written per second of the job."""
        return self.records / self.seconds if self.seconds > 0 else 0.0


def run_feed(
    inputs: Sequence[PathLike],
    output: PathLike,
    *,
    config: Config | None = None,
    options: JobOptions | None = None,
    **option_values: Any,
) -> JobSummary:
    """Run the whole job; see the module docstring. Keyword ``option_values``
    override fields of ``options`` (a :class:`JobOptions`). An ``output`` of
    ``"-"`` is standard output (which cannot be resumed).

    With ``only_canonical`` a record is written only when it is its
    cluster's canonical member at the moment it is added (error lines are
    always written). With the ``earliest`` policy that is one line per
    story, its first copy; with ``longest``, ``wire`` or a source ranking a
    later copy that takes the canonical role over is written too, so the
    last line of each ``cluster_id`` is its canonical article at the end.
    Such an output has no line per record and cannot be resumed.

    >>> import json, pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> line = json.dumps({"id": "a", "source": "PTI", "text": "Rain lashed Kochi. (PTI)"})
    >>> _ = (folder / "in.jsonl").write_text(line + "\\n", encoding="utf-8")
    >>> summary = run_feed([folder / "in.jsonl"], folder / "out.jsonl",
    ...                    index=str(folder / "index.sqlite"), progress=False)
    >>> summary.records, summary.new_clusters
    (1, 1)
    >>> json.loads((folder / "out.jsonl").read_text())["clean_text"]
    'Rain lashed Kochi.'
    >>> import shutil; shutil.rmtree(folder)
    """
    opts = options if options is not None else JobOptions()
    if option_values:
        opts = JobOptions(**{**opts.__dict__, **option_values})
    base = config if config is not None else Config()
    if opts.resume and opts.only_canonical:
        raise UsageError(
            "--resume cannot continue an --only-canonical output (it has no line per record)"
        )
    started = time.perf_counter()
    summary = JobSummary()
    with _deduplicator(opts) as dedup:  # options and index checked before any reading
        summary.index = describe_store(dedup.store)
        summary.resumed_after = _prepare_output(Path(output), opts.resume)
        _check_resumed_lines(inputs, Path(output), summary.resumed_after, opts.fields)
        with contextlib.ExitStack() as passes:
            executor = LocalExecutor(inputs, output, base, opts, dedup, summary, passes)
            summary.templates = FeedPlan(learn=opts.learn).run(executor)
    summary.seconds = time.perf_counter() - started
    return summary


@dataclass(frozen=True)
class LocalRecords:
    """The local ``read`` step's result: the inputs, read afresh by each pass
    (the learning pass and the cleaning pass), record by record."""

    inputs: Sequence[PathLike]
    fields: FieldMap | None

    def numbered(self, progress: Progress) -> Iterator[tuple[int, FeedItem]]:
        """The numbered records, their bytes and count shown by ``progress``
        (its stage is ``reading`` while a record is read)."""
        records = enumerate(read_records(self.inputs, fields=self.fields, on_read=progress.read))
        while True:
            progress.stage("reading")
            numbered = next(records, None)
            if numbered is None:
                return
            progress.item()
            yield numbered


class Line(NamedTuple):
    """One record's output on its way to the output file: its input number,
    its output record, whether the index made it its cluster's canonical
    member (set by the ``cluster`` step), and its clean text prepared for
    the index by the worker that cleaned it (``None`` for an error)."""

    number: int
    output: FeedOutput
    canonical: bool = False
    prepared: PreparedArticle | None = None


#: The local ``clean`` and ``cluster`` steps' result: batches of lines, in
#: input order, produced as ``write`` consumes them.
Batches = Iterator[list[Line]]


class LocalExecutor:
    """The local engine's steps of the :class:`~dedupe_feed.feeds.plan.FeedPlan`:
    generators that stream records through cleaning (in ``opts.workers``
    processes), clustering (one index transaction a batch) and writing
    (synced a batch at a time, so a killed job can resume). The cleaning
    pass's progress bar and the output file live in ``passes``."""

    def __init__(
        self,
        inputs: Sequence[PathLike],
        output: PathLike,
        config: Config,
        opts: JobOptions,
        dedup: FeedDeduplicator,
        summary: JobSummary,
        passes: contextlib.ExitStack,
    ) -> None:
        self.inputs, self.output, self.config, self.opts = inputs, output, config, opts
        self.dedup, self.summary, self.passes = dedup, summary, passes
        self.bar: Progress | None = None

    def read(self) -> LocalRecords:
        """The inputs; each pass reads them as it goes."""
        return LocalRecords(self.inputs, self.opts.fields)

    def learn(self, records: LocalRecords) -> dict[str, list[LearnedTemplate]]:
        """The learning pass (:func:`learn_pass`)."""
        return learn_records(records, self.config, self.opts)

    def clean(self, records: LocalRecords, templates: dict[str, list[LearnedTemplate]]) -> Batches:
        """The cleaning pass: its bar starts; records are cleaned as read."""
        label = "2/2" if self.opts.learn else "1/1"
        enabled = self.opts.progress
        bar = self.passes.enter_context(
            pass_progress(label, CLEAN_PASS, self.inputs, enabled=enabled)
        )
        self.bar = bar
        frozen = tuple((s, tuple(found)) for s, found in templates.items() if found)
        prepare = Preparing(self.dedup.preparer)
        cleaned = _cleaned(records.numbered(bar), self.config, frozen, self.opts, bar, prepare)
        return (
            [Line(number, output, prepared=prepared) for number, output, prepared in batch]
            for batch in _batches(cleaned, self.opts.batch_size)
        )

    def cluster(self, cleaned: Batches) -> Batches:
        """Each batch clustered in one index transaction."""
        for batch in cleaned:
            if self.bar is not None:
                self.bar.stage("clustering")
            yield _cluster(batch, self.dedup, self.summary, self.summary.resumed_after)

    def write(self, clustered: Batches) -> None:
        """Write each batch's new lines (with ``only_canonical``, only the
        canonical members and the errors), synced a batch at a time."""
        target = sys.stdout if os.fspath(self.output) == STDOUT else self.output
        writer = self.passes.enter_context(
            JsonlWriter(target, append=self.opts.resume, flush_every=self.opts.batch_size)
        )
        for batch in clustered:
            _write_batch(batch, writer, self.summary, only_canonical=self.opts.only_canonical)


def _deduplicator(opts: JobOptions) -> FeedDeduplicator:
    """The job's index: its options (window, canonical policy) and the store
    spec are checked here, so a mistake is reported before the input is read."""
    params = cluster_params(opts.threshold, opts.window_days, opts.canonical, opts.share)
    return FeedDeduplicator(opts.index, override_options=opts.override_index_options, **params)


def cluster_params(
    threshold: float,
    window_days: float | None,
    canonical: str | tuple[str, ...],
    share: float | None,
) -> dict[str, Any]:
    """The :class:`~dedupe_feed.index.FeedDeduplicator` keywords of a job's
    clustering options (``share`` only when given: the index keeps its default).

    >>> cluster_params(0.5, 3, "earliest", None)
    {'threshold': 0.5, 'window_days': 3, 'canonical': 'earliest'}
    """
    params: dict[str, Any] = {
        "threshold": threshold,
        "window_days": window_days,
        "canonical": canonical,
    }
    if share is not None:
        params["share"] = share
    return params


def describe_store(store: Store) -> str:
    """Which index a job used, for its summary: a SQLite file's full path,
    a Redis URL without its password, or that it lived in memory.

    >>> from dedupe_feed.index import MemoryStore
    >>> describe_store(MemoryStore())
    'in memory (nothing kept after the run)'
    """
    if isinstance(store, SQLiteStore) and store.path != ":memory:":
        return os.path.abspath(store.path)
    if isinstance(store, RedisStore):
        return f"{redact_url(store.url)} (namespace {store.namespace})"
    return "in memory (nothing kept after the run)"


def _write_batch(
    batch: list[Line],
    writer: JsonlWriter,
    summary: JobSummary,
    *,
    only_canonical: bool = False,
) -> None:
    """Write one clustered batch's new lines (with ``only_canonical``, only
    the canonical members and the errors), then sync the output."""
    for number, output, canonical, _ in batch:
        if number >= summary.resumed_after:
            summary.records += 1
            if only_canonical and isinstance(output, Cleaned) and not canonical:
                summary.not_canonical += 1
                continue
            writer.write(output.to_json())
            if isinstance(output, Failed):
                summary.errors += 1
                summary.error_kinds[output.kind] = summary.error_kinds.get(output.kind, 0) + 1
    writer.sync()


Templates = tuple[tuple[str, tuple[LearnedTemplate, ...]], ...]
#: One record to clean: its body, ``"text"`` or ``"html"``, and its source.
CleanTask = tuple[str, str, str | None]
#: What the step after cleaning needs of a clean text, computed by the
#: worker that cleaned it: learning's template keys (:func:`observation`),
#: the index's prepared article (:meth:`FeedDeduplicator.prepare`). Only the
#: index and the learner's counts stay in the job's own process.
Follow = Callable[[str, str | None], _T]


class SourceCleaners:
    """One text cleaner and one HTML cleaner per source (with its learned
    rules), built on first use."""

    def __init__(self, config: Config, templates: Templates) -> None:
        self.config = config
        self.templates = dict(templates)
        self._built: dict[str, tuple[Cleaner, Cleaner]] = {}

    def for_source(self, source: str | None) -> tuple[Cleaner, Cleaner]:
        name = source or UNKNOWN_SOURCE
        built = self._built.get(name)
        if built is None:
            found = self.templates.get(name, ())
            rules = [r for n, t in enumerate(found, 1) if (r := template_rule(t, n)) is not None]
            text = Cleaner(self.config, extra_rules=(*self.config.extra_rules, *rules))
            built = (text, Cleaner(text.config, input_format="html"))
            self._built[name] = built
        return built

    def analyze(self, task: CleanTask) -> Analysis | CleanFailure:
        """One record's body analysed by its source's cleaner, or why it could
        not be (one bad record must not stop a run)."""
        body, kind, source = task
        return analyze_body(body, kind, *self.for_source(source))

    def clean(self, task: CleanTask) -> CleanResult:
        """What cleaning adds to one record, or why it could not be cleaned."""
        analysis = self.analyze(task)
        return analysis if isinstance(analysis, CleanFailure) else CleanFields.of(analysis)


class _Worker:
    """A worker process's cleaners: built once when the process starts
    (:func:`_start_worker`), not for every chunk. Building a source's cleaners
    compiles its rules and loads the line model; per chunk of 32 items that
    cost more than the cleaning, and two workers ran slower than one."""

    cleaners: SourceCleaners | None = None
    follow: Follow[Any] | None = None


def _start_worker(config: Config, templates: Templates, follow: Follow[Any]) -> None:
    """Worker-process initializer: the cleaners every chunk of the run uses,
    and what it computes for the next step from each clean text."""
    _Worker.cleaners = SourceCleaners(config, templates)
    _Worker.follow = follow


def _clean_chunk(tasks: list[CleanTask]) -> list[Followed[Any]]:
    """Worker-process entry: clean a chunk of records (picklable in and out)."""
    cleaners, follow = _Worker.cleaners, _Worker.follow
    if cleaners is None or follow is None:
        raise RuntimeError("a cleaning worker was not started with its cleaners")
    return [followed(cleaners.clean(task), task, follow) for task in tasks]


#: A record's cleaning result and what the next step needs of it (``None``
#: when it could not be cleaned).
Followed = tuple[CleanResult, _T | None]


@dataclass(frozen=True)
class Preparing:
    """The cleaning pass's follow-up: each clean text prepared for the index
    (picklable, so the workers do it).

    >>> from dedupe_feed.index import ArticlePreparer
    >>> prepare = Preparing(ArticlePreparer(num_perm=16, seed=1, bands=4, rows=4))
    >>> len(prepare("Rain lashed Kochi on Monday.", "PTI").signature)
    64
    """

    preparer: ArticlePreparer

    def __call__(self, text: str, source: str | None) -> PreparedArticle:
        return self.preparer.prepare(text)


def followed(result: CleanResult, task: CleanTask, follow: Follow[_T]) -> Followed[_T]:
    """``result`` with ``follow`` of its clean text and the task's source."""
    if isinstance(result, CleanFailure):
        return result, None
    return result, follow(result.clean_text, task[2])


def _cleaned(
    records: Iterator[tuple[int, FeedItem]],
    config: Config,
    templates: Templates,
    opts: JobOptions,
    progress: Progress,
    follow: Follow[_T],
    stage: str = "cleaning",
) -> Iterator[tuple[int, FeedOutput, _T | None]]:
    """Every record's output and ``follow`` of its clean text, in input
    order; cleaning runs in ``opts.workers`` processes when more than one.
    ``progress`` shows ``stage`` while a chunk is cleaned, and the item
    when it is a large one."""
    chunks = _batches(records, _CHUNK)
    if opts.workers == 1:
        cleaners = SourceCleaners(config, templates)
        for chunk in chunks:
            progress.stage(stage)
            results = []
            for task, where, size in _tasks(chunk):
                with progress.large_item(where, size):
                    results.append(followed(cleaners.clean(task), task, follow))
            yield from _with_outputs(chunk, results)
        return
    with ProcessPoolExecutor(
        max_workers=opts.workers, initializer=_start_worker, initargs=(config, templates, follow)
    ) as pool:
        pending: deque[tuple[list[tuple[int, FeedItem]], Future[list[Followed[_T]]]]] = deque()
        for chunk in chunks:
            tasks = [task for task, _, _ in _tasks(chunk)]
            pending.append((chunk, pool.submit(_clean_chunk, tasks)))
            if len(pending) > 2 * opts.workers:
                progress.stage(stage)
                yield from _with_outputs(*_finished(pending.popleft(), progress))
        while pending:
            progress.stage(stage)
            yield from _with_outputs(*_finished(pending.popleft(), progress))


def _finished(
    submitted: tuple[list[tuple[int, FeedItem]], Future[list[Followed[_T]]]],
    progress: Progress,
) -> tuple[list[tuple[int, FeedItem]], list[Followed[_T]]]:
    """A worker's chunk and its outputs, waited for (its largest item shown)."""
    chunk, future = submitted
    where, size = max(((w, s) for _, w, s in _tasks(chunk)), key=lambda t: t[1], default=("", 0))
    with progress.large_item(where, size):
        return chunk, future.result()


def _tasks(chunk: list[tuple[int, FeedItem]]) -> list[tuple[CleanTask, str, int]]:
    """What a worker needs of each readable record (errors need no cleaning),
    with where the record is and its body's size in bytes."""
    return [
        ((*item.body, item.source), item.where, _body_bytes(item.body[0]))
        for _, item in chunk
        if not isinstance(item, ReadError)
    ]


def _body_bytes(body: str) -> int:
    """UTF-8 size of ``body``, computed only when it could be a large item."""
    if len(body) * 4 < LARGE_ITEM_BYTES:
        return len(body)
    return len(body.encode("utf-8", "replace"))


def _with_outputs(
    chunk: list[tuple[int, FeedItem]], results: list[Followed[_T]]
) -> Iterator[tuple[int, FeedOutput, _T | None]]:
    """Each item of ``chunk`` with its output and what follows from it
    (``results``: one per readable item)."""
    cleaned = iter(results)
    for number, item in chunk:
        if isinstance(item, ReadError):
            yield number, output_of(item, None), None
            continue
        result, follows = next(cleaned)
        yield number, output_of(item, result), follows


def _prepare_output(path: Path, resume: bool) -> int:
    """Lines already complete in ``path`` when resuming (a cut last line is dropped)."""
    if resume and os.fspath(path) == STDOUT:
        raise UsageError("--resume needs an output file, not - (standard output)")
    if not resume or not path.exists():
        return 0
    if path.suffix == ".gz":
        raise ConfigError("--resume needs a plain .jsonl output, not a .gz one")
    data = path.read_bytes()
    complete = data[: data.rfind(b"\n") + 1]
    if len(complete) != len(data):
        with path.open("r+b") as handle:
            handle.truncate(len(complete))
    return complete.count(b"\n")


def _check_resumed_lines(
    inputs: Sequence[PathLike], output: Path, written: int, fields: FieldMap | None
) -> None:
    """Refuse to resume into ``output`` unless its first and last complete
    lines are the outputs of input records 1 and ``written`` (parsing the
    input that far, no cleaning): appending to another input's output would
    mix two feeds in one file."""
    if not written:
        return
    with output.open("rb") as handle:
        lines = handle.read().splitlines()
    wanted = {0: lines[0], written - 1: lines[written - 1]}
    seen = 0
    for number, item in enumerate(read_records(inputs, fields=fields)):
        seen = number + 1
        if number in wanted and not _written_from(wanted[number], item):
            raise UsageError(
                f"--resume: {output} was not written from these inputs (its line {number + 1} "
                f"is not input record {number + 1}); run without --resume to start over"
            )
        if seen == written:
            return
    raise UsageError(
        f"--resume: {output} has {written} lines but these inputs hold only {seen} records; "
        "run without --resume to start over"
    )


def _written_from(line: bytes, item: FeedItem) -> bool:
    """Whether the output ``line`` is the one ``item`` gives: its input fields
    for a record that was cleaned, its position for an error object."""
    try:
        obj = json.loads(line)
    except ValueError:
        return False
    if not isinstance(obj, dict):
        return False
    if "clean_text" not in obj:
        where = (obj.get("source_name"), obj.get("position"))
        return where == (item.source_name, item.position)
    if isinstance(item, ReadError):
        return False
    raw: list[Any] = json.loads(json.dumps(list(item.raw.values()), ensure_ascii=False))
    return list(obj.values())[: len(raw)] == raw


def learn_pass(
    inputs: Sequence[PathLike], config: Config, opts: JobOptions
) -> dict[str, list[LearnedTemplate]]:
    """First pass: clean each sampled item with the catalog alone and count its lines."""
    return learn_records(LocalRecords(inputs, opts.fields), config, opts)


def learn_records(
    records: LocalRecords, config: Config, opts: JobOptions
) -> dict[str, list[LearnedTemplate]]:
    """:func:`learn_pass` over the records of a local ``read`` step."""
    learner = TemplateLearner()
    started = time.perf_counter()
    with pass_progress("1/2", "learning", records.inputs, enabled=opts.progress) as bar:
        numbered = _sampled(records.numbered(bar), opts.learn_sample)
        for _, output, seen in _cleaned(numbered, config, (), opts, bar, observation, "learning"):
            if isinstance(output, Failed) or seen is None:
                continue
            learner.observe_templates(output.record.source or UNKNOWN_SOURCE, *seen)
    templates = {source: learner.templates(source) for source in learner.sources()}
    log.debug(
        "learned %d templates for %d sources in %.1f s",
        sum(map(len, templates.values())),
        len(templates),
        time.perf_counter() - started,
    )
    return templates


def _sampled(
    records: Iterator[tuple[int, FeedItem]], per_source: int | None
) -> Iterator[tuple[int, FeedItem]]:
    """The first ``per_source`` readable records of each source (all when ``None``).

    >>> from dedupe_feed.feeds.records import FeedRecord
    >>> def item(n: int, source: str) -> FeedRecord:
    ...     return FeedRecord("in.jsonl", n, str(n), source, None, None, "x", None, {})
    >>> records = enumerate(item(n, source) for n, source in enumerate("AABAB", 1))
    >>> [item.id for _, item in _sampled(records, 2)]
    ['1', '2', '3', '5']
    """
    if per_source is None:
        yield from records
        return
    taken: dict[str | None, int] = {}
    for number, item in records:
        if isinstance(item, ReadError):
            continue
        count = taken.get(item.source, 0)
        if count < per_source:
            taken[item.source] = count + 1
            yield number, item


def observation(text: str, source: str | None) -> tuple[set[str], str]:
    """What learning counts of one clean text of ``source``: its template
    keys and its story key (computed by the worker that cleaned it).

    >>> keys, story = observation("Rain lashed Kochi.\\n\\nFollow Acme on X.", "Acme")
    >>> sorted(keys), story
    (['follow <outlet> on x.', 'rain lashed kochi.'], 'rain lashed kochi')
    """
    return item_templates(template_lines(text), source or UNKNOWN_SOURCE), story_key(text)


def template_lines(text: str) -> Iterator[str]:
    """The sentences of a clean text, paragraph by paragraph: the lines
    learning counts across a source's items.

    >>> list(template_lines("Rain lashed Kochi. Schools shut.\\n\\nFollow us on X."))
    ['Rain lashed Kochi.', 'Schools shut.', 'Follow us on X.']
    """
    for paragraph in text.split("\n\n"):
        for sentence in split_sentences(paragraph):
            yield paragraph[sentence.start : sentence.end]


def story_key(text: str) -> str:
    """A cheap story key: the first words of the longest paragraph."""
    longest = max(text.split("\n\n"), key=len, default="")
    return " ".join(unit_key(longest).tokens[:_STORY_TOKENS])


def _batches(records: Iterable[_T], size: int) -> Iterator[list[_T]]:
    batch: list[_T] = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def add_to_index(
    dedup: FeedDeduplicator, cleaned: Cleaned, prepared: PreparedArticle | None = None
) -> tuple[Cleaned, ClusterDecision] | Failed:
    """Cluster one cleaned record (``prepared``: its clean text prepared for
    the index, when a worker did it): it with its clustering fields and the
    index's decision, or failed when its id is held by other content (an
    error line, never another article's decision).

    >>> from dedupe_feed.feeds.outputs import CleanFields
    >>> from dedupe_feed.feeds.records import FeedRecord
    >>> text = "Heavy rain lashed Kannur district on Monday night, officials said."
    >>> record = FeedRecord("in.jsonl", 1, "a", "PTI", None, None, text, None, {})
    >>> with FeedDeduplicator() as dedup:
    ...     placed, decision = add_to_index(dedup, Cleaned(record, CleanFields(text, {}, 0, ())))
    ...     clash = Cleaned(record, CleanFields("Other news.", {}, 0, ()))
    ...     failed = add_to_index(dedup, clash)
    >>> placed.placement.cluster_id, decision.is_new, failed.kind
    ('a', True, 'reused id')
    """
    record = cleaned.record
    try:
        decision = dedup.add(
            record.key,
            cleaned.fields.clean_text,
            source=record.source,
            published=record.published,
            prepared=prepared,
        )
    except IdConflictError as exc:
        return Failed.of_record(record, f"reused id: {exc}")
    return cleaned.placed(Placement.of(decision)), decision


def _cluster(
    batch: list[Line],
    dedup: FeedDeduplicator,
    summary: JobSummary,
    resumed_after: int,
) -> list[Line]:
    """Add the batch's clean texts to the index in one transaction: the
    batch with its clustering fields (a reused id fails its record) and
    whether each record is its cluster's canonical member."""
    clustered: list[Line] = []
    with dedup.batch():
        for number, output, _, prepared in batch:
            placed = output if isinstance(output, Failed) else add_to_index(dedup, output, prepared)
            if isinstance(placed, Failed):
                clustered.append(Line(number, placed))
                continue
            output, decision = placed
            clustered.append(Line(number, output, decision.canonical == output.record.key))
            if number >= resumed_after:
                summary.new_clusters += decision.is_new
                summary.duplicates += decision.duplicate_of is not None
                summary.updates += decision.update_of is not None
                summary.reused += decision.reused
    return clustered
