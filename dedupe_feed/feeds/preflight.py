"""Checks a job runs before it reads a record: every input is there and holds
something to read, every output can be written. Each failure is a
:class:`~dedupe_feed.errors.UsageError` with a one-line message (the command
line prints it and exits with status 2), so a mistake costs no work.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> check_inputs([folder])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
dedupe_feed.errors.UsageError: input folder ... holds no .txt or .html files
>>> check_output(folder / "missing" / "out.jsonl", "-o")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
dedupe_feed.errors.UsageError: -o .../missing/out.jsonl: folder .../missing does not exist
>>> check_output(folder / "out.jsonl", "-o")
>>> folder.rmdir()
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from dedupe_feed.errors import UsageError
from dedupe_feed.feeds.readers import document_files

PathLike = str | os.PathLike[str]


def check_inputs(inputs: Sequence[PathLike]) -> None:
    """Every input exists and is readable; a folder holds a document."""
    if not inputs:
        raise UsageError("no input: give a feed file or folder")
    for given in inputs:
        path = Path(given)
        if not path.exists():
            raise UsageError(f"input {os.fspath(given)} does not exist")
        if not os.access(path, os.R_OK):
            raise UsageError(f"input {os.fspath(given)} is not readable")
        if path.is_dir() and not document_files(path):
            raise UsageError(f"input folder {os.fspath(given)} holds no .txt or .html files")


def check_output(path: PathLike, flag: str, *, folder: bool = False) -> None:
    """``path`` can be written: its folder exists and takes a new file (tried
    with a temporary one, which also catches a read-only file system), it is
    not a folder itself (unless ``folder``: a Spark output), and an existing
    file opens for writing. ``flag`` names the option in the message."""
    target = Path(path)
    shown = f"{flag} {os.fspath(path)}"
    parent = target.parent
    if not parent.exists():
        raise UsageError(f"{shown}: folder {parent} does not exist")
    if not parent.is_dir():
        raise UsageError(f"{shown}: {parent} is not a folder")
    if target.is_dir() and not folder:
        raise UsageError(f"{shown} is a folder; give a file name")
    try:
        with tempfile.TemporaryFile(dir=parent):
            pass
        if target.is_file():
            with target.open("ab"):
                pass
    except OSError as exc:
        raise UsageError(f"{shown}: cannot write there ({exc.strerror or exc})") from None
