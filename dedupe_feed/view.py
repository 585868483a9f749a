"""Show an :class:`~dedupe_feed.Analysis`: an HTML view for notebooks and a
plain-text explanation for the terminal.

Both views colour a removal by its reason *family*: the part of a rule id
before the first dot (``footer`` for ``footer.preferred_source``), or
``duplicate`` for the duplicate verdicts. Everything taken from the item is
HTML-escaped in the HTML view and stripped of control characters in the
explanation, so a feed item can neither run script nor drive the terminal.
The HTML view sets its own text and background colours, so it reads the same
in a dark notebook theme, and links each duplicate to the piece it repeats.

>>> reason_family("disclaimer.not_edited_by_staff"), reason_family("near_duplicate")
('disclaimer', 'duplicate')
"""

from __future__ import annotations

import html
import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from dedupe_feed.model import Change, Removal

if TYPE_CHECKING:  # result.Analysis renders itself with this module
    from dedupe_feed.result import Analysis

__all__ = [
    "joined_context",
    "reason_colour",
    "reason_family",
    "render_explanation",
    "render_html",
]

DUPLICATE_REASONS = frozenset({"exact_duplicate", "near_duplicate", "contained", "reworded_lead"})

# (HTML background colour, terminal colour) per known family.
_FAMILY_COLOURS: dict[str, tuple[str, str]] = {
    "duplicate": ("#f6b3b3", "red"),
    "disclaimer": ("#f8d48a", "yellow"),
    "footer": ("#d5c2f5", "magenta"),
    "credit": ("#b4dcf7", "cyan"),
    "metadata": ("#b9e6c0", "green"),
}
# Other families get one of these, picked by a stable checksum of the name.
_SPARE_COLOURS: tuple[tuple[str, str], ...] = (
    ("#f2c6e0", "bright_magenta"),
    ("#c8d2f7", "bright_blue"),
    ("#d9e8a6", "bright_green"),
    ("#f5c9a9", "bright_yellow"),
    ("#b8e8e3", "bright_cyan"),
    ("#e3d0c0", "blue"),
)
_CHANGE_COLOUR = "#2f7d32"
# The view's own text and background, so a dark notebook theme's light text
# never lands on the light removal colours.
_TEXT_COLOUR = "#1f1f1f"
_BACKGROUND = "#ffffff"
_NEWLINE_MARK = "⏎"
_ELLIPSIS = "…"
# Where a zero-width change sits between the text it joined: a restored
# boundary (a paragraph break in the clean text) or another change.
_BOUNDARY_MARK = "¶"
_POINT_MARK = "‸"
_JOIN_REACH = 20
_UNSAFE_CLASS_CHARS = re.compile(r"[^a-z0-9_-]+")


def reason_family(reason: str) -> str:
    """The family a removal reason belongs to.

    >>> reason_family("credit.agency_parenthesized"), reason_family("contained")
    ('credit', 'duplicate')
    """
    if reason in DUPLICATE_REASONS:
        return "duplicate"
    return reason.split(".", 1)[0]


def reason_colour(reason: str) -> tuple[str, str]:
    """``(html_colour, terminal_colour)`` for ``reason``, fixed by its family.

    >>> reason_colour("footer.preferred_source") == reason_colour("footer.other")
    True
    """
    family = reason_family(reason)
    known = _FAMILY_COLOURS.get(family)
    if known is not None:
        return known
    return _SPARE_COLOURS[zlib.crc32(family.encode("utf-8")) % len(_SPARE_COLOURS)]


def joined_context(source: str, offset: int, *, reach: int = _JOIN_REACH) -> tuple[str, str]:
    """The text on either side of ``offset``: the word before it (with the
    spaces after that word) and the word after it (with the spaces before it),
    each at most ``reach`` characters and marked ``…`` where it was cut. It
    shows what a zero-width change, such as a restored boundary, joined.

    >>> joined_context("Rain lashed Kochi.Schools were shut.", 18)
    ('Kochi.', 'Schools')
    >>> joined_context("a" * 30 + "b", 30, reach=5)
    ('…aaaaa', 'b')
    """
    offset = min(max(offset, 0), len(source))
    before = source[max(offset - reach, 0) : offset]
    after = source[offset : offset + reach]
    left = re.search(r"\S*\s*\Z", before)
    right = re.match(r"\s*\S*", after)
    shown_before = left.group() if left else ""
    shown_after = right.group() if right else ""
    if shown_before == before and offset - reach > 0:
        shown_before = _ELLIPSIS + shown_before
    if shown_after == after and offset + reach < len(source):
        shown_after += _ELLIPSIS
    return shown_before, shown_after


# --------------------------------------------------------------------------- spans


def _clipped_removals(removals: Sequence[Removal], length: int) -> list[tuple[int, int, Removal]]:
    """Removals sorted, clipped to ``[0, length]`` and to each other; empty ones dropped."""
    spans: list[tuple[int, int, Removal]] = []
    cursor = 0
    for removal in sorted(removals, key=lambda r: (r.start, r.end)):
        start = min(max(removal.start, cursor), length)
        end = min(removal.end, length)
        if end > start:
            spans.append((start, end, removal))
            cursor = end
    return spans


def _removed_chars(spans: list[tuple[int, int, Removal]]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for start, end, removal in spans:
        totals[removal.reason] = totals.get(removal.reason, 0) + end - start
    return dict(sorted(totals.items(), key=lambda item: (-item[1], item[0])))


def _duplicate_note(removal: Removal, *, long: bool) -> list[str]:
    notes = []
    if removal.duplicate_of is not None:
        first, last = removal.duplicate_of
        notes.append(f"duplicate of {'chars ' if long else ''}{first}-{last}")
    if removal.similarity is not None:
        notes.append(f"{'similarity' if long else 'sim'} {removal.similarity:.2f}")
    if removal.score is not None:
        notes.append(f"score {removal.score:.2f}")
    if removal.evidence and long:
        notes.append("features " + " ".join(removal.evidence))
    return notes


# --------------------------------------------------------------------------- HTML


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _css_class(reason: str) -> str:
    family = _UNSAFE_CLASS_CHARS.sub("-", reason_family(reason).lower())
    return f"df-removed df-{family}"


def _swatch(reason: str) -> str:
    colour = reason_colour(reason)[0]
    return (
        f'<span style="background:{colour};padding:0 4px;border-radius:3px;'
        f'text-decoration:line-through">{_esc(reason)}</span>'
    )


def _header_html(analysis: Analysis, spans: list[tuple[int, int, Removal]]) -> str:
    removed = sum(end - start for start, end, _ in spans)
    kept = len(analysis.source) - removed
    return (
        '<div class="df-header" style="font-weight:bold;margin-bottom:4px">'
        f"{_esc(analysis.input_format)} input ({_esc(analysis.detection)}): "
        f"{len(analysis.source)} chars, {kept} kept, {removed} removed, "
        f"{len(analysis.text)} in the clean text</div>"
    )


def _legend_html(totals: dict[str, int]) -> str:
    if not totals:
        return '<div class="df-legend">nothing removed</div>'
    items = ", ".join(f"{_swatch(reason)} {count}" for reason, count in totals.items())
    return f'<div class="df-legend" style="margin-bottom:4px">removed chars: {items}</div>'


def _metadata_html(analysis: Analysis) -> str:
    if not analysis.metadata:
        return ""
    cell = "padding:1px 8px;text-align:left;vertical-align:top;border:1px solid #ddd"
    rows = "".join(
        f'<tr><th style="{cell}">{_esc(key)}</th><td style="{cell}">{_esc(value)}</td></tr>'
        for key, value in analysis.metadata.items()
    )
    return (
        '<table class="df-metadata" style="border-collapse:collapse;margin:4px 0;'
        f'font-size:90%">{rows}</table>'
    )


def _removal_title(removal: Removal) -> str:
    return "; ".join([removal.reason, *_duplicate_note(removal, long=True)])


def _change_title(change: Change) -> str:
    label = change.kind.replace("_", " ")
    return f"{label}: {change.evidence}" if change.evidence else label


def _change_marker(change: Change) -> str:
    return (
        f'<span class="df-change df-{change.kind}" title="{_esc(_change_title(change))}" '
        f'style="color:{_CHANGE_COLOUR};font-weight:bold">¶</span>'
    )


@dataclass(frozen=True)
class _Anchors:
    """In-page link targets: one per kept piece a duplicate repeats, named
    by a prefix unique to the analysis and the piece's start offset."""

    prefix: str
    length: int

    def target(self, removal: Removal) -> int | None:
        """Where ``removal``'s link points: the start of the piece it repeats."""
        if removal.duplicate_of is None:
            return None
        return min(max(removal.duplicate_of[0], 0), self.length)

    def name(self, offset: int) -> str:
        return f"{self.prefix}-{offset}"


def _anchors(analysis: Analysis) -> _Anchors:
    digest = zlib.crc32(f"{analysis.source}\0{analysis.text}".encode("utf-8", "replace"))
    return _Anchors(f"df-{digest:08x}", len(analysis.source))


def _del_open(removal: Removal, anchors: _Anchors) -> str:
    colour = reason_colour(removal.reason)[0]
    opened = (
        f'<del class="{_css_class(removal.reason)}" title="{_esc(_removal_title(removal))}" '
        f'style="background:{colour};color:{_TEXT_COLOUR};text-decoration:line-through">'
    )
    target = anchors.target(removal)
    if target is None:
        return opened
    return (
        f'{opened}<a class="df-link" href="#{anchors.name(target)}" '
        'style="color:inherit;text-decoration:inherit">'
    )


def _del_close(removal: Removal, anchors: _Anchors) -> str:
    return "</del>" if anchors.target(removal) is None else "</a></del>"


def _anchor_html(offset: int, anchors: _Anchors) -> str:
    return f'<span class="df-target" id="{anchors.name(offset)}"></span>'


def _source_html(analysis: Analysis, spans: list[tuple[int, int, Removal]]) -> str:
    """The source escaped, one ``<del>`` per removal (a duplicate's linked to
    the piece it repeats), a ``¶`` where a change starts and recovered
    headings underlined, in one sweep over the cut points."""
    source, length = analysis.source, len(analysis.source)
    anchors = _anchors(analysis)
    targets = {t for _, _, r in spans if (t := anchors.target(r)) is not None}
    markers: dict[int, list[Change]] = {}
    heading_depth: dict[int, int] = {}
    for change in sorted(analysis.changes, key=lambda c: (c.start, c.end, c.kind)):
        lo, hi = min(max(change.start, 0), length), min(max(change.end, 0), length)
        markers.setdefault(lo, []).append(change)
        if change.kind == "heading_recovered" and hi > lo:
            heading_depth[lo] = heading_depth.get(lo, 0) + 1
            heading_depth[hi] = heading_depth.get(hi, 0) - 1
    opens = {start: removal for start, _, removal in spans}
    closes = {end: removal for _, end, removal in spans}
    cuts = sorted({0, length, *markers, *heading_depth, *opens, *closes, *targets})
    out: list[str] = []
    depth = 0
    for here, following in zip(cuts, [*cuts[1:], length], strict=True):
        if here in closes:
            out.append(_del_close(closes[here], anchors))
        if here in targets:
            out.append(_anchor_html(here, anchors))
        out.extend(_change_marker(change) for change in markers.get(here, ()))
        depth += heading_depth.get(here, 0)
        if here in opens:
            out.append(_del_open(opens[here], anchors))
        text = _esc(source[here:following])
        if text and depth > 0:
            text = f'<span style="text-decoration:underline dotted {_CHANGE_COLOUR}">{text}</span>'
        out.append(text)
    return "".join(out)


def _panel(title: str, body: str, css_class: str) -> str:
    return (
        f'<div style="font-weight:bold;margin-top:8px">{title}</div>'
        f'<div class="{css_class}" style="white-space:pre-wrap;border:1px solid #ccc;'
        f'padding:6px;font-family:monospace;line-height:1.4">{body}</div>'
    )


def render_html(analysis: Analysis) -> str:
    """A self-contained HTML fragment showing what was removed and why.

    The source is shown with each removal struck through, coloured by reason
    and titled with its evidence; ``¶`` marks a restored boundary or
    recovered heading; a duplicate links to the piece it repeats (an in-page
    ``#`` link). Inline styles only, no script; all item text escaped; its
    own text and background colours, so it reads in a dark theme too.

    >>> from dedupe_feed import Analysis, Removal
    >>> a = Analysis(text="Hi <b>.", metadata={"credit": "PTI"},
    ...     removed=(Removal(8, 13, "(PTI)", "credit.agency_parenthesized", "rules"),),
    ...     changes=(), source="Hi <b>. (PTI)", input_format="text", detection="plain text")
    >>> page = render_html(a)
    >>> "Hi &lt;b&gt;." in page and "<b>" not in page
    True
    >>> 'title="credit.agency_parenthesized"' in page
    True
    """
    spans = _clipped_removals(analysis.removed, len(analysis.source))
    return (
        '<div class="dedupe-feed-view" style="font-family:sans-serif;font-size:13px;'
        f'color:{_TEXT_COLOUR};background:{_BACKGROUND};padding:6px">'
        + _header_html(analysis, spans)
        + _legend_html(_removed_chars(spans))
        + _metadata_html(analysis)
        + _panel("Source (removals struck through)", _source_html(analysis, spans), "df-source")
        + _panel("Clean text", _esc(analysis.text), "df-clean")
        + "</div>"
    )


# --------------------------------------------------------------------------- terminal


def _printable(text: str) -> str:
    """One line: newlines as ``⏎``, other control and format characters as
    spaces (the joiners ZWNJ/ZWJ stay: scripts need them)."""
    return "".join(_printable_char(ch) for ch in text)


def _printable_char(ch: str) -> str:
    if ch == "\n":
        return _NEWLINE_MARK
    if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\u200c\u200d":
        return " "
    return ch


def _shorten(text: str, budget: int) -> str:
    text = _printable(text)
    if len(text) <= budget:
        return text
    return text[: max(budget - 1, 0)] + _ELLIPSIS


def _quoted(text: str, budget: int) -> str:
    """``text`` on one line for inside double quotes: ``"`` and ``\\``
    backslash-escaped, cut with ``…`` to ``budget`` characters (never in the
    middle of an escape).

    >>> print(_quoted('"We are ready," he said.', 40))
    \\"We are ready,\\" he said.
    >>> print(_quoted('"Quoted" and more words', 10))
    \\"Quoted…
    """
    pieces = [ch if ch not in '"\\' else "\\" + ch for ch in _printable(text)]
    if sum(map(len, pieces)) <= budget:
        return "".join(pieces)
    kept: list[str] = []
    used = 1  # the ellipsis
    for piece in pieces:
        if used + len(piece) > budget:
            break
        kept.append(piece)
        used += len(piece)
    return "".join(kept) + _ELLIPSIS


def _item_line(
    start: int, end: int, label: str, excerpt: str, suffix: str, *, width: int, color: bool
) -> str:
    """``  [start-end] label  "excerpt"suffix``, the excerpt cut to fit ``width``."""
    prefix = f"  [{start}-{end}] "
    budget = max(width - len(prefix) - len(label) - 4 - len(suffix), 8)
    shown = label
    if color:
        shown = click.style(label, fg=reason_colour(label)[1], bold=True)
    return f'{prefix}{shown}  "{_quoted(excerpt, budget)}"{suffix}'


def _removal_line(removal: Removal, *, width: int, color: bool) -> str:
    """The removal's line, and under it the model's evidence when it has some."""
    notes = _duplicate_note(removal, long=False)
    suffix = f" ({', '.join(notes)})" if notes else ""
    line = _item_line(
        removal.start, removal.end, removal.reason, removal.text, suffix, width=width, color=color
    )
    if removal.evidence:
        line += "\n      because " + ", ".join(removal.evidence)
    return line


def _change_excerpt(change: Change, source: str) -> str:
    """The changed text, or for a zero-width change (a restored boundary, a
    dropped tag) the words it sits between, with a mark where it is."""
    if change.end > change.start:
        return source[change.start : change.end]
    before, after = joined_context(source, change.start)
    mark = _BOUNDARY_MARK if change.kind == "boundary_restored" else _POINT_MARK
    return f"{before}{mark}{after}"


def _change_line(change: Change, source: str, *, width: int) -> str:
    suffix = f" ({_printable(change.evidence)})" if change.evidence else ""
    excerpt = _change_excerpt(change, source)
    return _item_line(
        change.start, change.end, change.kind, excerpt, suffix, width=width, color=False
    )


def render_explanation(analysis: Analysis, *, color: bool = False, width: int = 100) -> str:
    """A plain-text report: what came in, what was lifted, removed and changed.

    Excerpts are quoted (``"`` and ``\\`` inside them backslash-escaped) and
    cut with ``…`` so that lines fit ``width`` (when the line's fixed parts
    leave room); a zero-width change shows the words it sits between, ``¶``
    where a boundary was restored. ``color=True`` adds ANSI colours per
    reason family.

    >>> from dedupe_feed import Analysis, Removal
    >>> a = Analysis(text="Fire in Kochi.", metadata={"credit": "PTI"},
    ...     removed=(Removal(15, 20, "(PTI)", "credit.agency_parenthesized", "rules"),),
    ...     changes=(), source="Fire in Kochi. (PTI)", input_format="text", detection="plain text")
    >>> print(render_explanation(a))
    text input (plain text): 20 chars in, 14 chars out
    metadata:
      credit: PTI
    removed (1):
      [15-20] credit.agency_parenthesized  "(PTI)"
    changes: none
    """
    lines = [
        f"{analysis.input_format} input ({_printable(analysis.detection)}): "
        f"{len(analysis.source)} chars in, {len(analysis.text)} chars out"
    ]
    if analysis.metadata:
        lines.append("metadata:")
        lines.extend(
            "  " + _shorten(f"{key}: {value}", max(width - 2, 8))
            for key, value in analysis.metadata.items()
        )
    else:
        lines.append("metadata: none")
    removals = sorted(analysis.removed, key=lambda r: (r.start, r.end))
    lines.append(f"removed ({len(removals)}):" if removals else "removed: nothing")
    lines.extend(_removal_line(r, width=width, color=color) for r in removals)
    changes = sorted(analysis.changes, key=lambda c: (c.start, c.end, c.kind))
    lines.append(f"changes ({len(changes)}):" if changes else "changes: none")
    lines.extend(_change_line(c, analysis.source, width=width) for c in changes)
    return "\n".join(lines)
