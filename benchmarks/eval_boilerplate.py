"""How well a text-only line classifier removes boilerplate lines, beside jusText and C4.

``python -m benchmarks.eval_boilerplate --data PATH --per-dataset 250 --seed 1
[--scorer NAME ...]`` scores every line of a seeded per-dataset sample of the
line-labelled corpus (:mod:`benchmarks.boilerplate_lines`) with each scorer and
reports, per dataset, in characters and in lines:

- boilerplate removed: share of the ``boilerplate`` lines the scorer removes;
- content lost: share of the ``content`` lines it removes;
- removed at equal loss: the share of boilerplate removed at the lowest
  threshold whose content loss (chars) is at most 1% (``--max-loss``), and at
  most the loss of each anchor baseline (jusText, C4), so "ahead of both
  anchors at equal content loss" can be read off one row.

``unsure`` lines are never counted. Pages with ``comments`` lines (dragnet,
L3S-GN1) are scored twice: comments counted as boilerplate, and comments left
out of the scoring.

A scorer is a :data:`LineScorer`: given a page's lines and its title (or None)
it returns a boilerplate score in [0, 1] per line; a line is removed when its
score is at least the threshold (0.5). A scorer may also take a ``lang``
keyword (the page's ISO 639-1 code, ``und`` when unknown). Scorers are looked
up lazily by name in a registry (:func:`register_scorer`); ``module:factory``
names import ``module`` and call ``factory()``. Baselines: ``keep_all``
(nothing removed), ``c4`` (C4's line filter, Raffel et al. 2020, line by line),
``c4_3words`` (the same with datatrove's 3-word minimum), ``c4_tfds`` (the
reference code's end marks: a line ending in a typographic quote is dropped)
and ``jusText`` (one ``<p>`` per line). The table goes to stdout, everything (machine, versions,
sampled ids) to ``benchmarks/out/eval_boilerplate.json``.
"""

from __future__ import annotations

import argparse
import html
import importlib
import inspect
import math
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.boilerplate_lines import LinePage, by_dataset, load_pages, sample_pages
from benchmarks.machine import machine_info, write_report

if TYPE_CHECKING:
    from dedupe_feed.linemodel import LineModel

LineScorer = Callable[[Sequence[str], str | None], Sequence[float]]
"""``(lines, title) -> boilerplate score per line``, each in [0, 1]."""
ScorerFactory = Callable[[], LineScorer]
OUT_PATH = Path(__file__).resolve().parent / "out" / "eval_boilerplate.json"
THRESHOLD = 0.5
DEFAULT_SCORERS = ("jusText", "c4", "keep_all")
ANCHORS = ("jusText", "c4")
"""Baselines whose content loss sets an equal-loss operating point, when they are run."""
MAX_LOSSES = (0.01,)
PACKAGES = ("dedupe-feed", "jusText", "lxml", "lxml_html_clean")
COMMENTS_BOILERPLATE = "comments_boilerplate"
COMMENTS_LEFT_OUT = "comments_left_out"
VARIANT_TITLES = {
    COMMENTS_BOILERPLATE: "comments count as boilerplate",
    COMMENTS_LEFT_OUT: "comments left out",
}
POOLED = "all"
"""The key of all sampled pages pooled (micro over datasets)."""

# -- the scorer registry -------------------------------------------------------

_FACTORIES: dict[str, ScorerFactory] = {}


def register_scorer(name: str, factory: ScorerFactory, *, replace: bool = False) -> None:
    """Make ``factory`` available as scorer ``name``; it is called only when the scorer is used.

    >>> register_scorer("doc_drop_all", lambda: lambda lines, title: [1.0] * len(lines))
    >>> get_scorer("doc_drop_all")(["a", "b"], None)
    [1.0, 1.0]
    >>> unregister_scorer("doc_drop_all")
    """
    if name in _FACTORIES and not replace:
        raise ValueError(f"a scorer named {name!r} is already registered")
    _FACTORIES[name] = factory


def unregister_scorer(name: str) -> None:
    """Forget scorer ``name`` (no error if it is not registered)."""
    _FACTORIES.pop(name, None)


def scorer_names() -> list[str]:
    """The registered scorer names, in registration order."""
    return list(_FACTORIES)


def _factory(name: str) -> ScorerFactory:
    if name in _FACTORIES:
        return _FACTORIES[name]
    folded = {key.casefold(): factory for key, factory in _FACTORIES.items()}
    if name.casefold() in folded:
        return folded[name.casefold()]
    if ":" in name:
        module, _, attribute = name.partition(":")
        return getattr(importlib.import_module(module), attribute)  # type: ignore[no-any-return]
    raise KeyError(f"no scorer named {name!r}; registered: {', '.join(_FACTORIES)}")


def get_scorer(name: str) -> LineScorer:
    """The scorer registered as ``name`` (case-insensitive), or made by ``module:factory``.

    >>> get_scorer("keep_all")(["Home", "News"], None)
    [0.0, 0.0]
    """
    return _factory(name)()


def load_scorers(names: Sequence[str]) -> tuple[dict[str, LineScorer], dict[str, str]]:
    """The scorers that load, and why each other one is absent (an unknown name raises)."""
    found: dict[str, LineScorer] = {}
    absent: dict[str, str] = {}
    for name in names:
        factory = _factory(name)
        try:
            found[name] = factory()
        except Exception as error:  # an absent baseline is reported, never faked
            absent[name] = f"{type(error).__name__}: {error}"
    return found, absent


# -- baselines -----------------------------------------------------------------


def keep_all(lines: Sequence[str], title: str | None) -> list[float]:
    """Remove nothing.

    >>> keep_all(["a"], None)
    [0.0]
    """
    return [0.0] * len(lines)


C4_END_MARKS = (".", "?", "!", '"', "”")
"""A kept line ends in a period, question or exclamation mark or an end quotation mark
(the paper's four), the quotation mark straight or typographic."""
C4_TFDS_END_MARKS = (".", "?", "!", '"')
"""The end marks of the C4 reference code (TFDS ``c4_utils``): straight quote only."""
C4_ELLIPSIS = "..."
C4_MIN_WORDS = 5
"""Words a kept line needs: 5 in the paper and its reference code (TFDS ``c4_utils``);
datatrove's ``C4QualityFilter`` defaults to 3."""
C4_MAX_WORD_LENGTH = 1000
C4_POLICY = (
    "terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies",
    "use cookies",
)  # fmt: skip
C4_CITATION = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]")


def c4_keeps(
    line: str, min_words: int = C4_MIN_WORDS, end_marks: tuple[str, ...] = C4_END_MARKS
) -> bool:
    """Whether C4's line rules keep ``line``.

    The rules of Raffel et al. (2020), in the order of their reference code:
    drop a line with a word over 1000 characters; cut ``[1]``, ``[edit]`` and
    ``[citation needed]``; keep only lines ending in one of ``end_marks``
    (not ``...``) with at least ``min_words`` words; drop lines with
    "javascript" or a policy phrase ("privacy policy", "uses cookies" ...).
    C4 drops the whole page for "lorem ipsum" or a curly bracket; line by
    line, such a line is dropped. The page rules (fewer than 3 sentences
    left, bad-word list) are not applied.

    >>> c4_keeps("The council met on Tuesday to vote.")
    True
    >>> [c4_keeps(s) for s in ("Home", "Read more...", "Please enable JavaScript to see it.")]
    [False, False, False]
    >>> c4_keeps("It rained in the city all day.[1]"), c4_keeps("It rained all day.")
    (True, False)
    >>> c4_keeps("It rained all day.", min_words=3)
    True
    >>> quote = "She said: “We will win the vote.”"
    >>> c4_keeps(quote), c4_keeps(quote, end_marks=C4_TFDS_END_MARKS)
    (True, False)
    """
    text = line.strip()
    if any(len(word) > C4_MAX_WORD_LENGTH for word in text.split()):
        return False
    text = C4_CITATION.sub("", text)
    if not text.endswith(end_marks) or text.endswith(C4_ELLIPSIS):
        return False
    if len(text.split()) < min_words:
        return False
    lower = text.lower()
    if "lorem ipsum" in lower or "javascript" in lower or "{" in text:
        return False
    return not any(phrase in lower for phrase in C4_POLICY)


def c4_scorer(
    min_words: int = C4_MIN_WORDS, end_marks: tuple[str, ...] = C4_END_MARKS
) -> LineScorer:
    """C4's line filter (:func:`c4_keeps`) as a scorer: 1.0 for a line it drops.

    >>> c4_scorer()(["Home", "The council met on Tuesday to vote."], "Home")
    [1.0, 0.0]
    """

    def score(lines: Sequence[str], title: str | None) -> list[float]:
        return [0.0 if c4_keeps(line, min_words, end_marks) else 1.0 for line in lines]

    return score


JUSTEXT_STOPLISTS = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "cs": "Czech", "pl": "Polish", "hu": "Hungarian",
    "sk": "Slovak", "ru": "Russian", "sv": "Swedish", "da": "Danish", "fi": "Finnish",
    "ro": "Romanian", "tr": "Turkish", "el": "Greek", "ko": "Korean", "ar": "Arabic",
}  # fmt: skip
"""ISO 639-1 code -> jusText stoplist name; any other language (zh, ja, und) uses English."""
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_PARAGRAPH_INDEX = re.compile(r"^/html\[1\]/body\[1\]/p\[(\d+)\]$")


def lines_html(lines: Sequence[str]) -> str:
    """The lines as an HTML page, one escaped ``<p>`` per line (no head, so no title).

    >>> lines_html(["a < b", "c"])
    '<html><body><p>a &lt; b</p><p>c</p></body></html>'
    """
    body = "".join(f"<p>{html.escape(_XML_INVALID.sub(' ', line))}</p>" for line in lines)
    return f"<html><body>{body}</body></html>"


def stoplist_name(lang: str | None) -> str:
    """The jusText stoplist for a language code (English when jusText has none).

    >>> stoplist_name("fr"), stoplist_name("zh"), stoplist_name(None)
    ('French', 'English', 'English')
    """
    return JUSTEXT_STOPLISTS.get((lang or "").lower(), "English")


def justext_scores(lines: Sequence[str], stoplist: frozenset[str]) -> list[float]:
    """jusText's verdict per line: 1.0 for a paragraph it marks boilerplate.

    Each line is its own ``<p>``; paragraphs are mapped back by their xpath
    index (``/html[1]/body[1]/p[N]`` is line N-1). A line jusText makes no
    paragraph of (blank once parsed) is not in its output: 1.0.
    """
    import justext

    scores = [1.0] * len(lines)
    if not lines:
        return scores
    document = lines_html(lines).encode("utf-8")
    for paragraph in justext.justext(document, stoplist, encoding="utf-8"):
        match = _PARAGRAPH_INDEX.match(paragraph.xpath)
        if match is None:
            raise ValueError(f"jusText paragraph outside the line paragraphs: {paragraph.xpath}")
        scores[int(match.group(1)) - 1] = 1.0 if paragraph.is_boilerplate else 0.0
    return scores


@cache
def _stoplist(name: str) -> frozenset[str]:
    import justext

    return frozenset(justext.get_stoplist(name))


def justext_scorer() -> Callable[..., list[float]]:
    """jusText as a scorer, with the stoplist of the page's ``lang`` (English when none)."""
    import justext

    available = justext.get_stoplists()
    missing = sorted(set(JUSTEXT_STOPLISTS.values()) - set(available))
    if missing:
        raise ValueError(f"jusText lacks stoplists {missing}")

    def score(lines: Sequence[str], title: str | None, *, lang: str = "en") -> list[float]:
        return justext_scores(lines, _stoplist(stoplist_name(lang)))

    return score


register_scorer("keep_all", lambda: keep_all)
register_scorer("c4", c4_scorer)
register_scorer("c4_3words", lambda: c4_scorer(3))
register_scorer("c4_tfds", lambda: c4_scorer(end_marks=C4_TFDS_END_MARKS))
register_scorer("jusText", justext_scorer)


def line_model_scorer(
    path: str | None = None, *, decisions: bool = True, model: LineModel | None = None
) -> LineScorer:
    """dedupe_feed's line model (:class:`dedupe_feed.linemodel.LineModel`): the
    packaged weights, or the file named by ``DEDUPE_FEED_LINE_MODEL``, or
    ``model`` when given.

    With ``decisions`` a line scores 1.0 when the shipped thresholds remove it
    (the general one, or the stricter one for a line that reads as a
    sentence) or it goes for the lines around it (a readers' comment thread
    or a run of teasers: :func:`~dedupe_feed.linemodel.stage.in_context`), else 0.0;
    without, the raw probability (for equal-loss curves).
    """
    import os

    from dedupe_feed.linemodel import LineModel
    from dedupe_feed.linemodel.features import reads_as_sentence
    from dedupe_feed.linemodel.stage import in_context

    chosen = model or LineModel.load(path or os.environ.get("DEDUPE_FEED_LINE_MODEL") or None)

    def score(lines: Sequence[str], title: str | None) -> list[float]:
        if not lines:
            return []
        rows = chosen.rows(lines, title)
        probabilities = chosen.probabilities(rows)
        if not decisions:
            return [float(p) for p in probabilities]
        removed = chosen.removes(rows, probabilities)
        context = in_context(lines, probabilities, removed, reads_as_sentence(rows))
        return [float(flag or index in context) for index, flag in enumerate(removed)]

    return score


register_scorer("line_model", line_model_scorer)
register_scorer("line_model_scores", lambda: line_model_scorer(decisions=False))


# -- scoring -------------------------------------------------------------------


def takes_lang(scorer: Callable[..., Sequence[float]]) -> bool:
    """Whether ``scorer`` accepts a ``lang`` keyword.

    >>> takes_lang(keep_all), takes_lang(lambda lines, title, lang="en": [])
    (False, True)
    """
    try:
        parameters = inspect.signature(scorer).parameters
    except (TypeError, ValueError):
        return False
    return "lang" in parameters or any(p.kind is p.VAR_KEYWORD for p in parameters.values())


def check_scores(page: LinePage, scores: Sequence[float]) -> list[float]:
    """``scores`` as floats, or ValueError if their count or range is wrong."""
    values = [float(score) for score in scores]
    if len(values) != len(page.lines):
        raise ValueError(f"{page.id}: {len(values)} scores for {len(page.lines)} lines")
    bad = [v for v in values if math.isnan(v) or not 0.0 <= v <= 1.0]
    if bad:
        raise ValueError(f"{page.id}: scores outside [0, 1]: {bad[:3]}")
    return values


def score_pages(scorer: LineScorer, pages: Sequence[LinePage]) -> tuple[list[list[float]], float]:
    """Every page's line scores, and the seconds spent inside the scorer."""
    with_lang = takes_lang(scorer)
    seconds = 0.0
    scores = []
    for page in pages:
        started = time.perf_counter()
        if with_lang:
            raw = scorer(page.lines, page.title_text, lang=page.lang)  # type: ignore[call-arg]
        else:
            raw = scorer(page.lines, page.title_text)
        seconds += time.perf_counter() - started
        scores.append(check_scores(page, raw))
    return scores, seconds


@dataclass(frozen=True)
class ScoredLine:
    """One counted line: its score, whether it is boilerplate, and its length."""

    score: float
    boilerplate: bool
    chars: int


def counted_lines(
    pages: Sequence[LinePage], scores: Sequence[Sequence[float]], variant: str
) -> list[ScoredLine]:
    """The lines that count under ``variant``: ``unsure`` never, ``comments`` as
    boilerplate (:data:`COMMENTS_BOILERPLATE`) or not at all (:data:`COMMENTS_LEFT_OUT`).

    >>> page = LinePage("d/1", "d", "s", "en", ("ab", "c", "?", "xyz"),
    ...                 ("content", "boilerplate", "unsure", "comments"))
    >>> counted = counted_lines([page], [[0, 1, 1, 1]], COMMENTS_LEFT_OUT)
    >>> [(line.boilerplate, line.chars) for line in counted]
    [(False, 2), (True, 1)]
    """
    if variant not in VARIANT_TITLES:
        raise ValueError(f"unknown variant {variant!r}")
    counted = []
    for page, page_scores in zip(pages, scores, strict=True):
        for text, label, score in zip(page.lines, page.labels, page_scores, strict=True):
            if label == "unsure" or (label == "comments" and variant == COMMENTS_LEFT_OUT):
                continue
            counted.append(ScoredLine(float(score), label != "content", len(text)))
    return counted


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def tally(lines: Sequence[ScoredLine], threshold: float = THRESHOLD) -> dict[str, float]:
    """Shares of boilerplate removed and content lost (lines with score >= threshold),
    in characters and in lines, with the totals.

    >>> lines = [ScoredLine(1.0, True, 30), ScoredLine(0.0, True, 10),
    ...          ScoredLine(1.0, False, 5), ScoredLine(0.0, False, 95)]
    >>> shares = tally(lines)
    >>> shares["boilerplate_removed_chars"], shares["content_lost_chars"]
    (0.75, 0.05)
    >>> shares["boilerplate_removed_lines"], shares["content_lost_lines"]
    (0.5, 0.5)
    """
    bp_chars = sum(line.chars for line in lines if line.boilerplate)
    content_chars = sum(line.chars for line in lines if not line.boilerplate)
    bp_lines = sum(line.boilerplate for line in lines)
    content_lines = len(lines) - bp_lines
    removed = [line for line in lines if line.score >= threshold]
    return {
        "boilerplate_removed_chars": _share(
            sum(line.chars for line in removed if line.boilerplate), bp_chars
        ),
        "content_lost_chars": _share(
            sum(line.chars for line in removed if not line.boilerplate), content_chars
        ),
        "boilerplate_removed_lines": _share(sum(line.boilerplate for line in removed), bp_lines),
        "content_lost_lines": _share(sum(not line.boilerplate for line in removed), content_lines),
        "boilerplate_chars": bp_chars,
        "content_chars": content_chars,
        "boilerplate_lines": bp_lines,
        "content_lines": content_lines,
    }


def removed_at_loss(lines: Sequence[ScoredLine], max_loss: float) -> dict[str, float | None]:
    """The most boilerplate (share of chars) removed while content loss (chars) stays <= max_loss.

    Thresholds are tried from the highest score down (lines with equal scores
    go together); ``threshold`` is the lowest one that keeps the loss within
    ``max_loss`` (None: even the highest score loses too much, nothing removed).

    >>> lines = [ScoredLine(0.9, True, 50), ScoredLine(0.8, False, 1),
    ...          ScoredLine(0.7, True, 30), ScoredLine(0.2, True, 20), ScoredLine(0.1, False, 99)]
    >>> removed_at_loss(lines, 0.01)
    {'removed': 1.0, 'loss': 0.01, 'threshold': 0.2}
    >>> removed_at_loss(lines, 0.0)
    {'removed': 0.5, 'loss': 0.0, 'threshold': 0.9}
    """
    bp_total = sum(line.chars for line in lines if line.boilerplate)
    content_total = sum(line.chars for line in lines if not line.boilerplate)
    best: dict[str, float | None] = {"removed": 0.0, "loss": 0.0, "threshold": None}
    bp_removed = content_lost = 0
    ordered = sorted(lines, key=lambda line: -line.score)
    index = 0
    while index < len(ordered):
        score = ordered[index].score
        while index < len(ordered) and ordered[index].score == score:
            line = ordered[index]
            bp_removed += line.chars if line.boilerplate else 0
            content_lost += 0 if line.boilerplate else line.chars
            index += 1
        loss = _share(content_lost, content_total)
        if loss > max_loss + 1e-12:
            break
        best = {"removed": _share(bp_removed, bp_total), "loss": loss, "threshold": score}
    return best


def loss_label(max_loss: float) -> str:
    """The key of a fixed loss level.

    >>> loss_label(0.01), loss_label(0.005)
    ('loss<=1%', 'loss<=0.5%')
    """
    return f"loss<={max_loss * 100:g}%"


def score_variant(
    pages: Sequence[LinePage],
    scores: Mapping[str, Sequence[Sequence[float]]],
    variant: str,
    *,
    threshold: float = THRESHOLD,
    max_losses: Sequence[float] = MAX_LOSSES,
    anchors: Sequence[str] = ANCHORS,
) -> dict[str, dict[str, Any]]:
    """Per scorer: :func:`tally` plus ``at_loss`` (boilerplate removed at each fixed
    loss and at each anchor's content loss) on one set of pages."""
    counted = {
        name: counted_lines(pages, page_scores, variant) for name, page_scores in scores.items()
    }
    rows: dict[str, dict[str, Any]] = {
        name: dict(tally(lines, threshold)) for name, lines in counted.items()
    }
    levels = {loss_label(loss): loss for loss in max_losses}
    levels.update({name: rows[name]["content_lost_chars"] for name in anchors if name in rows})
    for name, lines in counted.items():
        rows[name]["at_loss"] = {
            level: {"max_loss": loss, **removed_at_loss(lines, loss)}
            for level, loss in levels.items()
        }
    return rows


def variants_for(pages: Iterable[LinePage]) -> tuple[str, ...]:
    """Both comment variants when some page has comments, else only the first."""
    if any(page.has_comments for page in pages):
        return (COMMENTS_BOILERPLATE, COMMENTS_LEFT_OUT)
    return (COMMENTS_BOILERPLATE,)


def evaluate(
    pages: Sequence[LinePage],
    scorers: Mapping[str, LineScorer],
    *,
    threshold: float = THRESHOLD,
    max_losses: Sequence[float] = MAX_LOSSES,
    anchors: Sequence[str] = ANCHORS,
) -> dict[str, Any]:
    """Score ``pages`` with every scorer; results per dataset (and :data:`POOLED`) and variant.

    Returns ``{"datasets": {dataset: {"pages": n, "variants": {variant:
    {scorer: row}}}}, "seconds": {scorer: {"total": s, "per_page": s}}}``,
    a row as in :func:`score_variant`.
    """
    all_scores: dict[str, list[list[float]]] = {}
    seconds: dict[str, dict[str, float]] = {}
    for name, scorer in scorers.items():
        all_scores[name], spent = score_pages(scorer, pages)
        seconds[name] = {"total": spent, "per_page": _share(spent, len(pages))}
    groups: dict[str, list[int]] = {}
    for index, page in enumerate(pages):
        groups.setdefault(page.dataset, []).append(index)
    groups = {name: groups[name] for name in sorted(groups)}
    if len(groups) > 1:
        groups[POOLED] = list(range(len(pages)))
    datasets: dict[str, Any] = {}
    for dataset, indexes in groups.items():
        group = [pages[i] for i in indexes]
        group_scores = {name: [s[i] for i in indexes] for name, s in all_scores.items()}
        datasets[dataset] = {
            "pages": len(group),
            "variants": {
                variant: score_variant(
                    group,
                    group_scores,
                    variant,
                    threshold=threshold,
                    max_losses=max_losses,
                    anchors=anchors,
                )
                for variant in variants_for(group)
            },
        }
    return {"datasets": datasets, "seconds": seconds}


# -- report --------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}"


def markdown_table(rows: Mapping[str, Mapping[str, Any]]) -> str:
    """One Markdown table: a row per scorer, shares in percent."""
    levels = list(next(iter(rows.values()))["at_loss"]) if rows else []
    header = [
        "scorer", "boilerplate removed, chars %", "content lost, chars %",
        "boilerplate removed, lines %", "content lost, lines %",
        *(f"removed at {level if level.startswith('loss') else level + ' loss'}, chars %"
          for level in levels),
    ]  # fmt: skip
    lines = ["| " + " | ".join(header) + " |", "| --- |" + " --: |" * (len(header) - 1)]
    for name, row in rows.items():
        cells = [
            name,
            _pct(row["boilerplate_removed_chars"]),
            _pct(row["content_lost_chars"]),
            _pct(row["boilerplate_removed_lines"]),
            _pct(row["content_lost_lines"]),
            *(_pct(row["at_loss"][level]["removed"]) for level in levels),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report_markdown(results: Mapping[str, Any], absent: Mapping[str, str] | None = None) -> str:
    """Every dataset's tables (one per comment variant), then the timings."""
    parts = []
    for dataset, entry in results["datasets"].items():
        for variant, rows in entry["variants"].items():
            title = "all datasets pooled" if dataset == POOLED else dataset
            parts.append(f"### {title}: {entry['pages']} pages, {VARIANT_TITLES[variant]}\n")
            parts.append(markdown_table(rows) + "\n")
    timing = ", ".join(
        f"{name} {spent['per_page'] * 1000:.1f} ms/page"
        for name, spent in results["seconds"].items()
    )
    parts.append(f"Time inside the scorer: {timing}.")
    parts.extend(f"absent: {name} ({why})" for name, why in (absent or {}).items())
    return "\n".join(parts)


def run(
    data: str | Path,
    scorer_names: Sequence[str] = DEFAULT_SCORERS,
    *,
    per_dataset: int = 250,
    seed: int = 1,
    datasets: Sequence[str] | None = None,
    use: str | None = None,
    threshold: float = THRESHOLD,
    max_losses: Sequence[float] = MAX_LOSSES,
) -> dict[str, Any]:
    """Load, sample (``per_dataset`` 0: every page), score and return the full report."""
    pages = load_pages(data, datasets=datasets, use=use)
    if per_dataset > 0:
        pages = sample_pages(pages, per_dataset=per_dataset, seed=seed)
    scorers, absent = load_scorers(scorer_names)
    results = evaluate(pages, scorers, threshold=threshold, max_losses=max_losses)
    return {
        "machine": machine_info(PACKAGES, seed=seed, per_dataset=per_dataset),
        "data": str(data),
        "threshold": threshold,
        "max_losses": list(max_losses),
        "anchors": [name for name in ANCHORS if name in scorers],
        "absent": absent,
        "sample": {name: [page.id for page in group] for name, group in by_dataset(pages).items()},
        "results": results,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, required=True, help="pages.jsonl.gz or its folder")
    parser.add_argument("--per-dataset", type=int, default=250, help="pages per dataset (0: all)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scorer", action="extend", nargs="+", dest="scorers", metavar="NAME")
    parser.add_argument("--datasets", nargs="+", help="only these datasets")
    parser.add_argument("--use", choices=("train+eval", "eval-only"))
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--max-loss", type=float, action="append", dest="max_losses")
    parser.add_argument(
        "--plugin", action="append", default=[], metavar="MODULE",
        help="import MODULE first (it may call register_scorer)",
    )  # fmt: skip
    parser.add_argument("-o", "--output", type=Path, default=OUT_PATH)
    args = parser.parse_args(argv)
    for module in args.plugin:
        importlib.import_module(module)
    names = args.scorers or list(DEFAULT_SCORERS)
    try:
        for name in names:
            _factory(name)
    except (KeyError, ImportError, AttributeError) as error:
        parser.error(str(error))
    report = run(
        args.data,
        names,
        per_dataset=args.per_dataset,
        seed=args.seed,
        datasets=args.datasets,
        use=args.use,
        threshold=args.threshold,
        max_losses=tuple(args.max_losses or MAX_LOSSES),
    )
    print(report_markdown(report["results"], report["absent"]))
    write_report(args.output, report)
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
