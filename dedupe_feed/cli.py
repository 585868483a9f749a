"""The ``dedupe-feed`` command: ``clean`` an item, or ``explain`` what was removed.

Input is read once as bytes and decoded as UTF-8; undecodable bytes become
U+FFFD with one warning on stderr. Exit status: 0 done; 1 a library error (a
bad option value, a bad rule file) or, for ``run`` and ``bench``, every record
failed; 2 a usage error (an unknown option, a missing input, an input with no
records, an output that cannot be written, ``--resume`` into another input's
output); 130 interrupted (Ctrl-C; ``run`` prints the ``--resume`` command that
continues). Errors are one ``error: ...`` line on stderr (click's own usage
errors keep their usage line).
"""

from __future__ import annotations

import contextlib
import gzip
import html
import io
import json
import logging
import os
import shlex
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

import click

from dedupe_feed import __version__
from dedupe_feed.decoding import BOM, declared_html_decoding, decode_utf8, looks_binary
from dedupe_feed.errors import DedupeFeedError, UsageError
from dedupe_feed.index.defaults import DEFAULT_SHARE

if TYPE_CHECKING:
    from dedupe_feed.result import Analysis

log = logging.getLogger(__name__)

BLAS_THREADS_VARIABLE = "OPENBLAS_NUM_THREADS"
"""The environment variable :func:`main` sets to 1 unless the user set it."""


def analyze(raw: str, **options: Any) -> Analysis:
    """:func:`dedupe_feed.analyze`, imported when a command first cleans
    (``--help`` and ``run``'s start-up do not build the pipeline; tests
    replace this name).

    >>> analyze("Rain lashed Kochi.").text
    'Rain lashed Kochi.'
    """
    from dedupe_feed.pipeline import analyze as pipeline_analyze

    return pipeline_analyze(raw, **options)


def clean(raw: str, **options: Any) -> str:
    """:func:`dedupe_feed.clean`, imported when first used (see :func:`analyze`).

    >>> clean("Rain lashed Kochi.")
    'Rain lashed Kochi.'
    """
    from dedupe_feed.pipeline import clean as pipeline_clean

    return pipeline_clean(raw, **options)


class LibraryError(click.ClickException):
    """A :class:`~dedupe_feed.errors.DedupeFeedError`, shown as one ``error:`` line."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.message}", err=True, file=file)


class InputError(LibraryError):
    """A :class:`~dedupe_feed.errors.UsageError`: one ``error:`` line, status 2."""

    exit_code = 2


#: The file name that means standard input or output.
STDIO = "-"
#: Exit status of a command stopped by Ctrl-C (128 + SIGINT).
INTERRUPTED = 130


def _library_error(exc: DedupeFeedError) -> LibraryError:
    """The click exception that reports ``exc`` (status 2 for a usage error)."""
    return InputError(str(exc)) if isinstance(exc, UsageError) else LibraryError(str(exc))


class _Group(click.Group):
    """Keeps the arguments it was given (``ctx.meta["argv"]``) so a command
    can print the line that repeats it."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["argv"] = list(args)
        return super().parse_args(ctx, args)


def _display_name(stream: IO[bytes]) -> str:
    name = getattr(stream, "name", "-")
    return "<stdin>" if name in ("-", "<stdin>") or not isinstance(name, str) else name


def decode_input(data: bytes, name: str) -> tuple[str, list[str]]:
    """Decode ``data`` as UTF-8 (replacing bad bytes, dropping a BOM).

    Returns the text and the warnings to print.

    >>> text, warnings = decode_input(b"\\xef\\xbb\\xbfok \\xff\\xfe", "x.txt")
    >>> text == "ok \\ufffd\\ufffd", warnings
    (True, ['warning: x.txt is not valid UTF-8; 2 bytes replaced'])
    """
    warnings = []
    text, bad_bytes = decode_utf8(data)
    if looks_binary(data):
        warnings.append(f"warning: {name} looks like binary data; processing it as text anyway")
    declared = declared_html_decoding(data) if bad_bytes else None
    if declared is not None:
        text, encoding = declared
        warnings.append(
            f"warning: {name} is not UTF-8; decoded as {encoding}, as the page declares"
        )
    elif bad_bytes:
        noun = "byte" if bad_bytes == 1 else "bytes"
        warnings.append(f"warning: {name} is not valid UTF-8; {bad_bytes} {noun} replaced")
    text = text.removeprefix(BOM)
    if not text.strip():
        warnings.append(f"warning: {name} is empty; there is nothing to clean")
    return text, warnings


def gunzip_input(data: bytes, name: str) -> bytes:
    """``data`` decompressed when it is gzip (as ``run`` reads ``.gz``), up to
    the readers' ``DEFAULT_MAX_BYTES``; other data as it is.

    >>> import gzip
    >>> gunzip_input(gzip.compress(b"Rain lashed Kochi."), "item.txt.gz")
    b'Rain lashed Kochi.'
    >>> gunzip_input(b"plain", "item.txt")
    b'plain'
    """
    from dedupe_feed.feeds.limits import DEFAULT_MAX_BYTES, GZIP_PROBE, starts_gzip

    if not starts_gzip(data[:GZIP_PROBE], name.lower().endswith(".gz")):
        return data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
            out = unzipped.read(DEFAULT_MAX_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise LibraryError(f"{name} is not valid gzip ({exc})") from exc
    if len(out) > DEFAULT_MAX_BYTES:
        raise LibraryError(f"{name} unpacks to more than {DEFAULT_MAX_BYTES} bytes")
    return out


def _read(stream: IO[bytes]) -> str:
    name = _display_name(stream)
    text, warnings = decode_input(gunzip_input(stream.read(), name), name)
    for warning in warnings:
        click.echo(warning, err=True)
    return text


def _options(
    input_format: str,
    similarity: float | None,
    no_subheads: bool,
    no_boundaries: bool,
    disabled_families: tuple[str, ...],
    rules: Path | None,
    no_model: bool = False,
    model_threshold: float | None = None,
) -> dict[str, Any]:
    """Keyword options for ``clean``/``analyze`` (the library validates them)."""
    options: dict[str, Any] = {"input_format": input_format}
    if similarity is not None:
        options["similarity"] = similarity
    if no_subheads:
        options["recover_subheads"] = False
    if no_boundaries:
        options["restore_boundaries"] = False
    if disabled_families:
        options["disabled_families"] = frozenset(disabled_families)
    if no_model:
        options["line_model"] = False
    if model_threshold is not None:
        options["line_model_threshold"] = model_threshold
    if rules is not None:
        from dedupe_feed.rules import load_rules  # only for --rules

        options["extra_rules"] = tuple(load_rules(rules))
    return options


def explanation_json(analysis: Analysis) -> dict[str, Any]:
    """The JSON object printed by ``explain --json``: ``clean --json``'s
    (:meth:`~dedupe_feed.Analysis.to_dict`) and the ``source`` text that
    every ``start``/``end`` offset indexes (the input after reading: HTML's
    extracted text, repaired plain text).

    >>> from dedupe_feed import analyze
    >>> data = explanation_json(analyze("Rain lashed Kochi.Schools were shut. (PTI)"))
    >>> data["source"][:18], data["changes"][0]["kind"], data["changes"][0]["start"]
    ('Rain lashed Kochi.', 'boundary_restored', 18)
    """
    return {**analysis.to_dict(), "source": analysis.source}


def html_page(analysis: Analysis, title: str) -> str:
    """A complete HTML document around :func:`~dedupe_feed.view.render_html`."""
    from dedupe_feed.view import render_html

    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>dedupe-feed: {html.escape(title, quote=True)}</title>\n</head>\n"
        f"<body>\n{render_html(analysis)}\n</body>\n</html>\n"
    )


_FILE = click.argument("file", type=click.File("rb"))
_PIPELINE_OPTIONS = (
    click.option(
        "--format",
        "input_format",
        type=click.Choice(["auto", "text", "html"]),
        default="auto",
        show_default=True,
        help="Read the input as plain text or HTML, or detect it.",
    ),
    click.option(
        "--similarity",
        type=float,
        default=None,
        help="Threshold in (0, 1] at which two sentences of one item are duplicates.",
    ),
    click.option("--no-subheads", is_flag=True, help="Do not recover glued subheads."),
    click.option("--no-boundaries", is_flag=True, help="Do not restore glued sentence breaks."),
    click.option(
        "--disable-family",
        "disabled_families",
        multiple=True,
        metavar="NAME",
        help="Switch off a rule family (footer, credit ...); repeatable.",
    ),
    click.option(
        "--rules",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help="A TOML file of extra boilerplate rules.",
    ),
    click.option("--no-model", is_flag=True, help="Do not use the learned boilerplate model."),
    click.option(
        "--model-threshold",
        type=float,
        default=None,
        help="Score in (0, 1] at which the model removes a paragraph (default: calibrated).",
    ),
)


def _options_of(options: tuple[Any, ...]) -> Callable[[Any], Any]:
    """One decorator that adds every click option of ``options``, in order."""

    def decorate(command: Any) -> Any:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


_FIELD_OPTIONS = tuple(
    click.option(
        f"--{name}-field",
        f"{name}_fields",
        multiple=True,
        metavar="NAME",
        help=f"Input field holding the {what} [default: {', '.join(default)}]; repeatable.",
    )
    for name, what, default in (
        ("id", "record id", ("id", "guid", "uuid", "url")),
        ("text", "plain-text body", ("text", "body", "content")),
        ("source", "outlet", ("source", "publisher", "outlet", "site")),
    )
)


_field_options = _options_of(_FIELD_OPTIONS)


def _field_map(fields: dict[str, tuple[str, ...]]) -> Any:
    """The input field names given with ``--id-field`` and the like (``None``:
    the defaults)."""
    from dedupe_feed.feeds.records import FieldMap

    given = {name.removesuffix("_fields"): names for name, names in fields.items() if names}
    return FieldMap(**given) if given else None


_pipeline_options = _options_of(_PIPELINE_OPTIONS)


# Learning and clustering: the same for run and bench.
_FEED_OPTIONS = (
    click.option("--no-learn", is_flag=True, help="Skip learning each source's boilerplate."),
    click.option(
        "--learn-sample",
        type=int,
        default=2000,
        show_default=True,
        help="Items per source the learning pass reads (the first ones); 0 reads all.",
    ),
    click.option(
        "--window-days",
        type=float,
        default=3.0,
        show_default=True,
        help="Articles published further apart are never one story.",
    ),
    click.option(
        "--canonical",
        default="earliest",
        show_default=True,
        help="earliest, longest, wire, or a comma-separated ranking of preferred sources.",
    ),
    click.option(
        "--cluster-threshold",
        type=click.FloatRange(0, 1, min_open=True),
        default=None,
        help="Share in (0, 1] of the shorter article's prose that must be found in "
        f"the other for two articles to be one story [default: {DEFAULT_SHARE}].",
    ),
)


_VERBOSITY_OPTIONS = (
    click.option(
        "-q",
        "--quiet",
        is_flag=True,
        help="Only warnings and errors: no progress bars, no summary.",
    ),
    click.option(
        "-v", "--verbose", is_flag=True, help="Debug logging: each pass, its size and time."
    ),
)


_verbosity_options = _options_of(_VERBOSITY_OPTIONS)


def _set_verbosity(quiet: bool, verbose: bool) -> None:
    """``-q``: warnings and errors only; ``-v``: debug lines too; else info
    (the summary); the ``dedupe_feed`` loggers print on stderr."""
    from dedupe_feed.feeds.progress import log_to_stderr

    if quiet and verbose:
        raise click.UsageError("-q/--quiet and -v/--verbose cannot be used together")
    log_to_stderr(logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO)


_feed_options = _options_of(_FEED_OPTIONS)


def _ranking(canonical: str) -> str | tuple[str, ...]:
    """``--canonical``: a policy name, or a comma-separated ranking of sources.

    >>> _ranking("wire"), _ranking("PTI, Reuters")
    ('wire', ('PTI', 'Reuters'))
    """
    return tuple(s.strip() for s in canonical.split(",")) if "," in canonical else canonical


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dedupe-feed")
def main() -> None:
    """Turn a syndicated news item into one clean article."""
    # numpy's OpenBLAS starts a spinning thread per core when numpy is first
    # imported: about 0.1 s of CPU a command on 2 cores, and CPU taken from the
    # other workers of a run. dedupe_feed does no linear algebra, so a command
    # asks for one thread (before any subcommand imports numpy); a user's own
    # setting wins, and worker processes inherit it.
    os.environ.setdefault(BLAS_THREADS_VARIABLE, "1")


@main.command("clean")
@_FILE
@_pipeline_options
@click.option("--json", "as_json", is_flag=True, help="Print the text with its evidence as JSON.")
def clean_command(file: IO[bytes], as_json: bool, **pipeline: Any) -> None:
    """Print the clean article of FILE (or - for stdin)."""
    raw = _read(file)
    try:
        options = _options(**pipeline)
        if as_json:
            click.echo(json.dumps(analyze(raw, **options).to_dict(), ensure_ascii=False))
        else:
            click.echo(clean(raw, **options))
    except DedupeFeedError as exc:
        raise LibraryError(str(exc)) from exc


@main.command("explain")
@_FILE
@_pipeline_options
@click.option("--color/--no-color", default=None, help="ANSI colours [default: on a terminal].")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON object: clean --json's, plus the source its offsets index.",
)
@click.option(
    "--html",
    "html_out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Also write an HTML page with the removals struck through.",
)
def explain_command(
    file: IO[bytes], color: bool | None, as_json: bool, html_out: Path | None, **pipeline: Any
) -> None:
    """Explain what was removed from FILE (or - for stdin), and why."""
    raw = _read(file)
    try:
        analysis = analyze(raw, **_options(**pipeline))
    except DedupeFeedError as exc:
        raise LibraryError(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(explanation_json(analysis), ensure_ascii=False))
    else:
        from dedupe_feed.view import render_explanation

        if color is None:
            color = sys.stdout.isatty()
        click.echo(render_explanation(analysis, color=color), color=color)
    if html_out is not None:
        try:
            html_out.write_text(html_page(analysis, _display_name(file)), encoding="utf-8")
        except OSError as exc:
            raise click.FileError(str(html_out), exc.strerror or str(exc)) from exc


@main.command("run")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="JSON Lines output (.gz for gzip; - for standard output).",
)
@click.option(
    "--index",
    default="dedupe_feed_index.sqlite",
    show_default=True,
    help="Cross-article index: a SQLite path, sqlite:///path, or :memory:.",
)
@click.option("--resume", is_flag=True, help="Continue an interrupted run into the same OUTPUT.")
@click.option(
    "--override-index-options",
    is_flag=True,
    help="Use an index built with other clustering options (its stored decisions stay).",
)
@_feed_options
@click.option(
    "--only-canonical",
    is_flag=True,
    help="Write only each story's canonical record (and error lines); see the docs.",
)
@click.option("--batch-size", type=int, default=200, show_default=True)
@click.option(
    "--templates",
    "templates_out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to save learned templates [default: OUTPUT.templates.json; "
    "with -o - only when given].",
)
@click.option("--no-progress", is_flag=True, help="No progress bars.")
@_verbosity_options
@click.option(
    "--workers", type=int, default=1, show_default=True, help="Processes that clean items."
)
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="spark: run on Apache Spark (pip install dedupe-feed[spark]); OUTPUT is then a folder.",
)
@click.option("--master", default="local[2]", show_default=True, help="Spark master URL.")
@click.option(
    "--output-format",
    "output_format",
    type=click.Choice(["jsonl", "parquet"]),
    default=None,
    help="Spark output format [default: from OUTPUT's suffix, else jsonl].",
)
@_field_options
@_pipeline_options
def run_command(
    inputs: tuple[Path, ...],
    output: Path,
    index: str,
    resume: bool,
    override_index_options: bool,
    no_learn: bool,
    learn_sample: int,
    window_days: float,
    canonical: str,
    cluster_threshold: float | None,
    only_canonical: bool,
    batch_size: int,
    templates_out: Path | None,
    no_progress: bool,
    quiet: bool,
    verbose: bool,
    workers: int,
    engine: str,
    master: str,
    output_format: str | None,
    id_fields: tuple[str, ...],
    text_fields: tuple[str, ...],
    source_fields: tuple[str, ...],
    **pipeline: Any,
) -> None:
    """Clean, learn, cluster and write every record of INPUTS (JSON Lines,
    RSS/Atom, folders; gzip too; - for standard input): one output line per
    input record."""
    from dedupe_feed.config import Config
    from dedupe_feed.feeds.job import JobOptions, run_feed

    _set_verbosity(quiet, verbose)
    saved = templates_out or _default_templates_path(output)
    try:
        config = Config().replace(**_options(**pipeline))
        options = JobOptions(
            index=index,
            learn=not no_learn,
            learn_sample=learn_sample or None,
            resume=resume,
            batch_size=batch_size,
            window_days=window_days,
            canonical=_ranking(canonical),
            share=cluster_threshold,
            only_canonical=only_canonical,
            progress=not (no_progress or quiet),
            workers=workers,
            override_index_options=override_index_options,
            fields=_field_map(
                {"id_fields": id_fields, "text_fields": text_fields, "source_fields": source_fields}
            ),
        )
        _check_run_paths(inputs, output, saved, engine)
        if engine == "spark" and only_canonical:
            raise UsageError("--only-canonical works with the local engine only")
        with _stdin_as_file(inputs) as readable:
            if engine == "spark":
                summary = _run_spark(readable, output, config, options, master, output_format)
            else:
                summary = run_feed(list(readable), output, config=config, options=options)
    except DedupeFeedError as exc:
        raise _library_error(exc) from exc
    except KeyboardInterrupt:
        _interrupted(_resume_hint(output, engine))
    if saved is not None:
        _write_text(saved, _templates_json(summary.templates))
    log.info(_summary_text(summary, output, saved))
    _check_outcome(summary.records, summary.errors, summary.resumed_after, inputs)


def _default_templates_path(output: Path) -> Path | None:
    """``OUTPUT.templates.json`` beside the output; none for standard output."""
    return None if str(output) == STDIO else output.with_name(output.name + ".templates.json")


def _check_run_paths(
    inputs: tuple[Path, ...], output: Path, templates: Path | None, engine: str
) -> None:
    """Every input readable and every output writable, before any work
    (a :class:`~dedupe_feed.errors.UsageError` otherwise)."""
    from dedupe_feed.feeds.preflight import check_inputs, check_output

    files = [i for i in inputs if str(i) != STDIO]
    if len(files) < len(inputs) - 1:
        raise UsageError("- (standard input) can be given once")
    if files:
        check_inputs(files)
    if str(output) != STDIO:
        check_output(output, "-o", folder=engine == "spark")
    if templates is not None:
        check_output(templates, "--templates")


@contextlib.contextmanager
def _stdin_as_file(inputs: tuple[Path, ...]) -> Iterator[tuple[Any, ...]]:
    """``inputs`` with ``-`` replaced by a copy of standard input in a
    temporary file, read under the name ``-`` (a run reads its input twice:
    once to learn, once to clean), removed afterwards."""
    from dedupe_feed.feeds.readers import NamedInput

    if not any(str(i) == STDIO for i in inputs):
        yield inputs
        return
    with tempfile.TemporaryDirectory(prefix="dedupe-feed-stdin-") as folder:
        copy = Path(folder) / "stdin"
        stdin = sys.stdin.buffer
        with copy.open("wb") as handle:
            while chunk := stdin.read(1 << 20):
                handle.write(chunk)
        yield tuple(NamedInput(copy, STDIO) if str(i) == STDIO else i for i in inputs)


def _write_text(path: Path, text: str) -> None:
    """Write ``path``; a failure is one ``error:`` line, not a traceback."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise LibraryError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _check_outcome(records: int, errors: int, resumed_after: int, inputs: Any) -> None:
    """Exit 2 when the inputs held no record, 1 when every record failed."""
    if not records and not resumed_after:
        raise InputError("no records in " + ", ".join(map(str, inputs)))
    if records and errors == records:
        raise LibraryError(f"every record failed ({errors} of {records})")


def _resume_hint(output: Path, engine: str) -> str:
    """What to do after Ctrl-C: the command that continues, when there is one."""
    if engine != "local" or output.suffix == ".gz" or str(output) == STDIO:
        return "run it again to start over (only a local run into a .jsonl file can --resume)"
    ctx = click.get_current_context()
    argv = ctx.meta.get("argv", [])
    command = shlex.join([*argv, *([] if "--resume" in argv else ["--resume"])])
    prog = ctx.find_root().info_name or "dedupe-feed"
    return f"the lines written so far are kept; continue with:\n  {prog} {command}"


def _interrupted(hint: str | None = None) -> NoReturn:
    """Ctrl-C: one line (and the hint) on stderr, exit status 130."""
    click.echo("\ninterrupted" + (f": {hint}" if hint else ""), err=True)
    sys.exit(INTERRUPTED)


def _run_spark(
    inputs: tuple[Path, ...],
    output: Path,
    config: Any,
    options: Any,
    master: str,
    output_format: str | None,
) -> Any:
    """The same job on Spark (``--engine spark``): JSON Lines or Parquet in and out."""
    from dedupe_feed.feeds.job import cluster_params
    from dedupe_feed.spark import local_session, run_spark_feed
    from dedupe_feed.spark.require import JavaNotFoundError

    try:
        spark = local_session(master)
    except ImportError as exc:
        raise click.UsageError(str(exc)) from exc
    except JavaNotFoundError as exc:
        raise LibraryError(str(exc)) from exc
    return run_spark_feed(
        spark,
        list(inputs),
        output,
        format=output_format,
        config=config,
        learn=options.learn,
        learn_sample=options.learn_sample,
        fields=options.fields,
        **cluster_params(options.threshold, options.window_days, options.canonical, options.share),
    )


def _templates_json(templates: dict[str, Any]) -> str:
    return json.dumps(
        {
            source: [
                {"template": t.template, "support": t.support, "share": round(t.share, 3)}
                for t in found
            ]
            for source, found in templates.items()
            if found
        },
        ensure_ascii=False,
        indent=2,
    )


def _summary_text(summary: Any, output: Path, saved: Path | None) -> str:
    """What a run did, for stderr; it ends with where the output is and the
    errors by kind, the lines to read after a long run."""
    shown = "standard output" if str(output) == STDIO else output
    written = f"{summary.records} records written to {shown}"
    if summary.not_canonical:
        written = (
            f"{summary.records} records, {summary.records - summary.not_canonical} written to "
            f"{shown} (--only-canonical left out {summary.not_canonical} other copies)"
        )
    lines = [
        written + (f" (resumed after {summary.resumed_after})" if summary.resumed_after else ""),
        f"  errors: {summary.errors}   new clusters: {summary.new_clusters}   "
        f"duplicates: {summary.duplicates}   updates: {summary.updates}",
        f"  {summary.items_per_second:.0f} records/s over {summary.seconds:.1f} s",
    ]
    if summary.index:
        lines.append(f"  index: {summary.index} ({summary.reused} stored decisions reused)")
    learned = {s: t for s, t in summary.templates.items() if t}
    where = f"saved to {saved}" if saved else "not saved: give --templates PATH"
    lines.append(f"  learned templates: {sum(map(len, learned.values()))} ({where})")
    for source, found in sorted(learned.items()):
        for template in found[:3]:
            lines.append(f"    {source}: {template.template!r} x{template.support}")
    kinds = getattr(summary, "error_kinds", {})
    counted = sorted(kinds.items(), key=lambda kind: (-kind[1], kind[0]))
    lines.append(f"  output: {shown}")
    lines.append("  errors by kind: " + (", ".join(f"{k} {n}" for k, n in counted) or "none"))
    return "\n".join(lines)


@main.command("bench", context_settings={"ignore_unknown_options": True})
@click.argument("inputs", nargs=-1, type=click.UNPROCESSED)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("bench-report.html"),
    show_default=True,
    help="The HTML report; a Markdown summary goes beside it (.md).",
)
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--index", default=None, help="Index to cluster into [default: a temporary SQLite].")
@_feed_options
@click.option(
    "--examples", type=int, default=10, show_default=True, help="Over-removed items shown."
)
@click.option("--workers", type=int, default=1, show_default=True, help="Learning-pass processes.")
@click.option("--no-progress", is_flag=True, help="No progress bars.")
@_verbosity_options
@click.option("--suite", is_flag=True, help="Run the labelled suites (a checkout's benchmarks/).")
@_field_options
@_pipeline_options
def bench_command(
    inputs: tuple[str, ...],
    report: Path,
    json_out: Path | None,
    index: str | None,
    no_learn: bool,
    learn_sample: int,
    window_days: float,
    canonical: str,
    cluster_threshold: float | None,
    examples: int,
    workers: int,
    no_progress: bool,
    quiet: bool,
    verbose: bool,
    suite: bool,
    id_fields: tuple[str, ...],
    text_fields: tuple[str, ...],
    source_fields: tuple[str, ...],
    **pipeline: Any,
) -> None:
    """Measure quality and speed on the feed dump INPUTS and write a report.
    With --suite, INPUTS are the arguments of `python -m benchmarks.suite`."""
    from dedupe_feed import bench
    from dedupe_feed.config import Config

    if suite:
        try:
            sys.exit(bench.load_suite()(list(inputs)))
        except bench.SuiteNotFoundError as exc:
            raise click.UsageError(str(exc)) from exc
    _set_verbosity(quiet, verbose)
    unknown = [i for i in inputs if i.startswith("-")]
    if unknown or not inputs:
        raise click.UsageError(f"no such option: {unknown[0]}" if unknown else "give a DUMP")
    try:
        config = Config().replace(**_options(**pipeline))
        options = bench.BenchOptions(
            index=index, learn=not no_learn, learn_sample=learn_sample or None,
            window_days=window_days, canonical=_ranking(canonical), share=cluster_threshold,
            max_examples=examples, workers=workers, progress=not (no_progress or quiet),
            fields=_field_map(
                {"id_fields": id_fields, "text_fields": text_fields, "source_fields": source_fields}
            ),
        )  # fmt: skip
        _check_bench_paths(inputs, report, json_out)
        stats = bench.run_bench(list(inputs), config=config, options=options)
    except DedupeFeedError as exc:
        raise _library_error(exc) from exc
    except KeyboardInterrupt:
        _interrupted()
    try:
        written = bench.write_reports(stats, list(inputs), report, json_path=json_out)
    except OSError as exc:
        raise LibraryError(f"cannot write the report: {exc}") from exc
    click.echo(bench.markdown_report({**stats.to_dict(), "run": {"inputs": list(inputs)}}))
    log.info("wrote %s", ", ".join(map(str, written)))
    _check_outcome(stats.items + stats.errors, stats.errors, 0, inputs)


def _check_bench_paths(inputs: tuple[str, ...], report: Path, json_out: Path | None) -> None:
    """The dump readable and the reports writable, before any work."""
    from dedupe_feed.feeds.preflight import check_inputs, check_output

    check_inputs(inputs)
    check_output(report, "--report")
    check_output(report.with_suffix(".md"), "--report")
    if json_out is not None:
        check_output(json_out, "--json")
