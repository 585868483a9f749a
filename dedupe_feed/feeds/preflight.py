"""Checks a job runs before it reads a record: every input is there and holds
something to read. Each failure is a
:class:`~dedupe_feed.errors.UsageError` with a one-line message (the command
line prints it and exits with status 2), so a mistake costs no work.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> check_inputs([folder])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
dedupe_feed.errors.UsageError: input folder ... holds no .txt or .html files
>>> folder.rmdir()
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from dedupe_feed.errors import UsageError
from dedupe_feed.feeds.readers import _document_files

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
        if path.is_dir() and not _document_files(path):
            raise UsageError(f"input folder {os.fspath(given)} holds no .txt or .html files")
