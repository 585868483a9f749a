"""The line-labelled boilerplate corpus (``boilerplate-lines/pages.jsonl.gz``): loading,
seeded sampling and site-grouped folds.

Each page is the visible text of an HTML page, one line per block, every line
labelled ``content``, ``boilerplate``, ``unsure`` or ``comments`` (see the
corpus README). Nothing here is bundled: :func:`load_pages` reads the file you
point it at.

>>> page = LinePage("d/1", "d", "x.com", "en", ("T", "Home"), ("content", "boilerplate"), 0)
>>> page.title_text, page.has_comments
('T', False)
"""

from __future__ import annotations

import gzip
import json
import random
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.datasets import DatasetError

LABELS = frozenset({"content", "boilerplate", "unsure", "comments"})
USES = frozenset({"train+eval", "eval-only"})
FLAGS = ("misaligned", "broken", "duplicate_of", "synthetic")
"""Page fields that mark a page :func:`load_pages` skips by default."""


@dataclass(frozen=True)
class LinePage:
    """One page: its lines, their labels and where the page comes from.

    ``site`` is the corpus ``site_guess`` (or the page id when there is none);
    ``title`` is the index of the ``<title>`` line, or None.
    """

    id: str
    dataset: str
    site: str
    lang: str
    lines: tuple[str, ...]
    labels: tuple[str, ...]
    title: int | None = None
    use: str = "eval-only"

    def __post_init__(self) -> None:
        if len(self.lines) != len(self.labels):
            raise ValueError(f"{self.id}: {len(self.lines)} lines but {len(self.labels)} labels")
        unknown = set(self.labels) - LABELS
        if unknown:
            raise ValueError(f"{self.id}: unknown labels {sorted(unknown)}")
        if self.title is not None and not 0 <= self.title < len(self.lines):
            raise ValueError(f"{self.id}: title index {self.title} out of range")

    @property
    def title_text(self) -> str | None:
        """The title line's text, or None."""
        return None if self.title is None else self.lines[self.title]

    @property
    def has_comments(self) -> bool:
        """Whether any line is labelled ``comments``."""
        return "comments" in self.labels


def page_from_record(record: dict[str, Any]) -> LinePage:
    """A :class:`LinePage` from one corpus record.

    >>> record = {"id": "d/1", "dataset": "d", "use": "eval-only", "site_guess": None,
    ...           "lang": "en", "lines": [{"text": "Hi", "label": "content", "is_title": True}]}
    >>> page_from_record(record).site, page_from_record(record).title
    ('d/1', 0)
    """
    lines = record["lines"]
    title = next((i for i, line in enumerate(lines) if line.get("is_title")), None)
    return LinePage(
        id=record["id"],
        dataset=record["dataset"],
        site=record.get("site_guess") or record["id"],
        lang=record.get("lang") or "und",
        lines=tuple(line["text"] for line in lines),
        labels=tuple(line["label"] for line in lines),
        title=title,
        use=record.get("use") or "eval-only",
    )


def is_flagged(record: dict[str, Any]) -> bool:
    """Whether a record is misaligned, broken, a duplicate or a synthetic fixture.

    >>> is_flagged({"misaligned": False, "broken": False}), is_flagged({"synthetic": True})
    (False, True)
    """
    return any(record.get(flag) for flag in FLAGS)


def _records(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
    except FileNotFoundError as error:
        raise DatasetError(f"no such file: {path}") from error


def load_pages(
    path: str | Path,
    *,
    datasets: Collection[str] | None = None,
    use: str | None = None,
    skip_flagged: bool = True,
) -> list[LinePage]:
    """The pages of ``path`` (``pages.jsonl.gz``, or a folder holding it), in file order.

    ``datasets`` keeps only those datasets, ``use`` only ``train+eval`` or
    ``eval-only`` pages; ``skip_flagged`` drops misaligned, broken, duplicate
    and synthetic pages (:data:`FLAGS`).
    """
    if use is not None and use not in USES:
        raise ValueError(f"use must be one of {sorted(USES)}, not {use!r}")
    source = Path(path)
    if source.is_dir():
        source = source / "pages.jsonl.gz"
    wanted = None if datasets is None else frozenset(datasets)
    pages = []
    for record in _records(source):
        if wanted is not None and record["dataset"] not in wanted:
            continue
        if use is not None and record.get("use") != use:
            continue
        if skip_flagged and is_flagged(record):
            continue
        pages.append(page_from_record(record))
    return pages


def by_dataset(pages: Iterable[LinePage]) -> dict[str, list[LinePage]]:
    """Pages grouped by dataset, datasets in sorted order, pages in input order.

    >>> a = LinePage("b/1", "b", "s", "en", (), ())
    >>> list(by_dataset([a, LinePage("a/1", "a", "s", "en", (), ())]))
    ['a', 'b']
    """
    groups: dict[str, list[LinePage]] = defaultdict(list)
    for page in pages:
        groups[page.dataset].append(page)
    return {name: groups[name] for name in sorted(groups)}


def sample_pages(
    pages: Sequence[LinePage], per_dataset: int = 250, seed: int = 1
) -> list[LinePage]:
    """At most ``per_dataset`` pages of each dataset, drawn with ``seed``.

    Deterministic: each dataset is drawn from its pages sorted by id with its
    own generator (seeded from ``seed`` and the dataset name), so one
    dataset's sample does not change when others are added. The result is
    ordered by dataset, then id.

    >>> pages = [LinePage(f"d/{i}", "d", "s", "en", (), ()) for i in range(10)]
    >>> [p.id for p in sample_pages(pages, per_dataset=3, seed=1)] == [
    ...     p.id for p in sample_pages(list(reversed(pages)), per_dataset=3, seed=1)]
    True
    """
    chosen: list[LinePage] = []
    for name, group in by_dataset(pages).items():
        ordered = sorted(group, key=lambda page: page.id)
        if len(ordered) > per_dataset:
            ordered = sorted(
                random.Random(f"{seed}/{name}").sample(ordered, per_dataset),
                key=lambda page: page.id,
            )
        chosen.extend(ordered)
    return chosen


def site_folds(
    pages: Sequence[LinePage], k: int | None = None
) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """``(train_ids, test_ids)`` for ``k`` folds grouped by ``site``: no site is on both sides.

    Sites go, largest first (ties by name), to the fold with the fewest pages
    so far, so folds are about the same size. ``k=None`` (or ``k`` at least
    the number of sites) gives one fold per site: leave-one-site-out. Ids keep
    the input order. Near-duplicate wire stories on different sites (L3S) are
    not grouped.

    >>> pages = [LinePage(f"d/{i}", "d", s, "en", (), ()) for i, s in enumerate("aabc")]
    >>> site_folds(pages, 2)
    [(('d/2', 'd/3'), ('d/0', 'd/1')), (('d/0', 'd/1'), ('d/2', 'd/3'))]
    """
    sites: dict[str, list[str]] = defaultdict(list)
    for page in pages:
        sites[page.site].append(page.id)
    order = sorted(sites, key=lambda site: (-len(sites[site]), site))
    count = len(order) if k is None else min(k, len(order))
    if count < 1:
        raise ValueError("need at least one fold and one page")
    folds: list[set[str]] = [set() for _ in range(count)]
    sizes = [0] * count
    for site in order:
        target = min(range(count), key=lambda index: (sizes[index], index))
        folds[target].add(site)
        sizes[target] += len(sites[site])
    ids = [(page.id, page.site) for page in pages]
    return [
        (
            tuple(pid for pid, site in ids if site not in fold),
            tuple(pid for pid, site in ids if site in fold),
        )
        for fold in folds
    ]
