"""Progress of a pass over a feed, on stderr, and where its log lines go.

One :class:`Progress` per pass: a tqdm bar of the bytes read (a total and an
ETA when the input's size is known, see
:func:`~dedupe_feed.feeds.readers.input_bytes`), the stage that is running
in its label (``learning``, ``cleaning``, ``clustering``), the records read
beside it, and a notice before an item large enough to take seconds on its
own. Without a bar it only counts and logs. Log lines go to the
``dedupe_feed`` loggers; :func:`log_to_stderr` shows them (the command
line's ``-q``/``-v`` set the level).

>>> progress = Progress("1/1", total=None, enabled=False)
>>> progress.stage("cleaning"); progress.read(10); progress.item()
>>> progress.items, progress.bytes_read, progress.current_stage
(1, 10, 'cleaning')
>>> progress.close()
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any

from tqdm import tqdm

from dedupe_feed.feeds.readers import input_bytes

log = logging.getLogger(__name__)

#: An item whose body holds this many bytes or more takes about a second or
#: more to clean (2.3 s per MB measured): it is announced before its turn.
LARGE_ITEM_BYTES = 512 * 1024
_TICK_SECONDS = 0.5


def megabytes(count: int) -> str:
    """A byte count for people.

    >>> megabytes(5_452_595), megabytes(1024)
    ('5.2 MB', '0.0 MB')
    """
    return f"{count / (1024 * 1024):.1f} MB"


class Progress:
    """The bar of one pass (``label``, e.g. ``"2/2"``, doing ``name``) over
    ``total`` bytes (``None``: unknown, no ETA); ``enabled=False`` shows
    nothing.

    The bar is drawn by a clock thread every half second, not by the work:
    each drawing shows the stage running at that moment (so the time each
    stage takes is what the bar shows most), and the clock keeps moving
    while one large item is cleaned. The rate and ETA are averages over the
    pass.
    """

    def __init__(self, label: str, total: int | None, *, enabled: bool, name: str = "") -> None:
        self.label = label
        self.name = name
        self.items = 0
        self.bytes_read = 0
        self.current_stage = ""
        self._note = ""
        self._bar: tqdm[Any] | None = None
        self._stop = threading.Event()
        self._clock: threading.Thread | None = None
        if enabled:
            self._bar = tqdm(
                total=total or None,
                desc=self._description(name),
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                dynamic_ncols=True,
                file=sys.stderr,
            )
            self._clock = threading.Thread(target=self._tick, daemon=True)
            self._clock.start()

    def read(self, count: int) -> None:
        """``count`` more bytes were read from the input."""
        self.bytes_read += count

    def item(self) -> None:
        """One more record was read."""
        self.items += 1

    def stage(self, name: str) -> None:
        """``name`` is the stage running now."""
        self.current_stage = name

    @contextlib.contextmanager
    def large_item(self, where: str, size: int) -> Iterator[None]:
        """Around the work on one item of ``size`` bytes: from
        :data:`LARGE_ITEM_BYTES` on, an info line says which item it is and
        the bar shows it until the item is done."""
        if size < LARGE_ITEM_BYTES:
            yield
            return
        note = f"{self.current_stage or 'working on'} a large item: {where} ({megabytes(size)})"
        log.info("%s %s", self.label, note)
        self._note = note
        try:
            yield
        finally:
            self._note = ""

    def close(self) -> None:
        """Stop the clock and draw the pass's last state."""
        if self._clock is not None:
            self._stop.set()
            self._clock.join()
        if self._bar is not None:
            self._draw(self.name)
            self._bar.close()

    def _description(self, stage: str) -> str:
        return f"{self.label} {stage}" if stage else self.label

    def _draw(self, stage: str) -> None:
        bar = self._bar
        if bar is None:
            return
        bar.n = self.bytes_read
        bar.set_description_str(self._description(stage), refresh=False)
        bar.set_postfix_str(self._note or f"{self.items} records", refresh=False)
        bar.refresh()

    def _tick(self) -> None:
        while not self._stop.wait(_TICK_SECONDS):
            self._draw(self.current_stage)


@contextlib.contextmanager
def pass_progress(
    label: str, name: str, inputs: Sequence[str | os.PathLike[str]], *, enabled: bool
) -> Iterator[Progress]:
    """A :class:`Progress` for one pass (``label``, e.g. ``"1/2"``, doing
    ``name``) over ``inputs`` (their size as its total), closed afterwards;
    the pass is logged at debug level."""
    total = input_bytes(inputs)
    shown = "unknown size" if total is None else megabytes(total)
    log.debug("pass %s (%s) over %d inputs (%s)", label, name, len(inputs), shown)
    started = time.perf_counter()
    progress = Progress(label, total, enabled=enabled, name=name)
    try:
        yield progress
    finally:
        progress.close()
        log.debug(
            "pass %s: %d records, %s read in %.1f s",
            label,
            progress.items,
            megabytes(progress.bytes_read),
            time.perf_counter() - started,
        )


class _TqdmHandler(logging.Handler):
    """Writes records to the current stderr through ``tqdm.write``, so a log
    line lands above a progress bar instead of through it."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            tqdm.write(self.format(record), file=sys.stderr)
        except Exception:  # a broken stderr must not stop the job
            self.handleError(record)


class _Formatter(logging.Formatter):
    """``message`` for info lines, ``warning: message`` and the like otherwise."""

    def format(self, record: logging.LogRecord) -> str:
        message = super().format(record)
        if record.levelno == logging.INFO:
            return message
        return f"{record.levelname.lower()}: {message}"


def log_to_stderr(level: int) -> None:
    """Show the ``dedupe_feed`` loggers' lines from ``level`` on, on stderr
    (replacing what an earlier call set up).

    >>> log_to_stderr(logging.WARNING)
    >>> logging.getLogger("dedupe_feed").level == logging.WARNING
    True
    """
    handler = _TqdmHandler()
    handler.setFormatter(_Formatter("%(message)s"))
    logger = logging.getLogger("dedupe_feed")
    logger.handlers = [handler]
    logger.setLevel(level)
    logger.propagate = False
