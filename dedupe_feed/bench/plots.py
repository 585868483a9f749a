"""Small inline-SVG charts for the bench report: no dependency, no script,
every label escaped.

>>> svg = bar_chart([("footer <x>", 0.25), ("credit", 0.5)], title="share", percent=True)
>>> svg.startswith("<svg") and "footer &lt;x&gt;" in svg and "50.0%" in svg
True
>>> "no data" in bar_chart([], title="empty")
True
"""

from __future__ import annotations

import html
from collections.abc import Sequence

BAR_COLOUR = "#4e79a7"
LINE_COLOUR = "#e15759"
_FONT = 'font-family="sans-serif" font-size="12"'
_LABEL_WIDTH = 260
_BAR_HEIGHT = 18
_GAP = 6


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _number(value: float, percent: bool) -> str:
    """A short label for ``value``.

    >>> _number(0.1234, True), _number(1234.0, False), _number(0.5, False)
    ('12.3%', '1,234', '0.5')
    """
    if percent:
        return f"{value * 100:.1f}%"
    return f"{value:,.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:.3g}"


def _empty(title: str, width: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="40" role="img">'
        f'<text x="4" y="16" {_FONT} font-weight="bold">{_esc(title)}</text>'
        f'<text x="4" y="34" {_FONT} fill="#777">no data</text></svg>'
    )


def bar_chart(
    rows: Sequence[tuple[str, float]], *, title: str, percent: bool = False, width: int = 720
) -> str:
    """Horizontal bars, one per ``(label, value)``, longest bar = largest value."""
    if not rows:
        return _empty(title, width)
    top = max(value for _, value in rows) or 1.0
    span = width - _LABEL_WIDTH - 70
    height = 24 + len(rows) * (_BAR_HEIGHT + _GAP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">',
        f'<text x="4" y="14" {_FONT} font-weight="bold">{_esc(title)}</text>',
    ]
    for number, (label, value) in enumerate(rows):
        y = 22 + number * (_BAR_HEIGHT + _GAP)
        length = max(1.0, span * value / top) if value > 0 else 0.0
        shown = label if len(label) <= 40 else label[:39] + "…"
        parts.append(
            f'<text x="{_LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end" {_FONT}>'
            f"<title>{_esc(label)}</title>{_esc(shown)}</text>"
            f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{_BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{_LABEL_WIDTH + length + 4:.1f}" y="{y + 13}" {_FONT}>'
            f"{_number(value, percent)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def column_chart(
    rows: Sequence[tuple[str, float]],
    *,
    title: str,
    x_label: str,
    width: int = 720,
    height: int = 240,
) -> str:
    """Vertical columns (a histogram), one per ``(label, value)``.

    >>> svg = column_chart([("1", 10), ("2", 3)], title="sizes", x_label="size")
    >>> svg.count("<rect")
    2
    """
    if not rows:
        return _empty(title, width)
    top = max(value for _, value in rows) or 1.0
    left, bottom, plot_height = 50, height - 36, height - 70
    step = min(80.0, (width - left - 10) / len(rows))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">',
        f'<text x="4" y="14" {_FONT} font-weight="bold">{_esc(title)}</text>',
        f'<line x1="{left}" y1="{bottom}" x2="{width - 10}" y2="{bottom}" stroke="#333"/>',
        f'<text x="{(left + width) / 2:.0f}" y="{height - 4}" text-anchor="middle" {_FONT}>'
        f"{_esc(x_label)}</text>",
    ]
    for number, (label, value) in enumerate(rows):
        bar = plot_height * value / top
        x = left + number * step
        centre = x + step / 2
        parts.append(
            f'<rect x="{x + step * 0.1:.1f}" y="{bottom - bar:.1f}" width="{step * 0.8:.1f}" '
            f'height="{bar:.1f}" fill="{BAR_COLOUR}"><title>{_esc(label)}: '
            f"{_number(value, False)}</title></rect>"
            f'<text x="{centre:.1f}" y="{bottom - bar - 3:.1f}" text-anchor="middle" {_FONT}>'
            f"{_number(value, False)}</text>"
            f'<text x="{centre:.1f}" y="{bottom + 14}" text-anchor="middle" {_FONT}>'
            f"{_esc(label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    points: Sequence[tuple[float, float]],
    *,
    title: str,
    x_label: str,
    y_label: str,
    width: int = 720,
    height: int = 220,
) -> str:
    """A polyline through ``(x, y)`` points, both axes from zero.

    >>> line_chart([(0, 10), (100, 12)], title="RSS", x_label="items", y_label="MB").count(
    ...     "<polyline")
    1
    """
    if not points:
        return _empty(title, width)
    x_top = max(x for x, _ in points) or 1.0
    y_top = max(y for _, y in points) * 1.1 or 1.0
    left, bottom, plot_w, plot_h = 60, height - 36, width - 80, height - 70
    coords = " ".join(
        f"{left + plot_w * x / x_top:.1f},{bottom - plot_h * y / y_top:.1f}" for x, y in points
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">'
        f'<text x="4" y="14" {_FONT} font-weight="bold">{_esc(title)}</text>'
        f'<line x1="{left}" y1="{bottom}" x2="{left + plot_w}" y2="{bottom}" stroke="#333"/>'
        f'<line x1="{left}" y1="{bottom}" x2="{left}" y2="{bottom - plot_h}" stroke="#333"/>'
        f'<text x="{left - 4}" y="{bottom - plot_h + 4}" text-anchor="end" {_FONT}>'
        f"{_number(y_top, False)}</text>"
        f'<text x="{left - 4}" y="{bottom}" text-anchor="end" {_FONT}>0</text>'
        f'<text x="{left + plot_w}" y="{bottom + 14}" text-anchor="end" {_FONT}>'
        f"{_number(x_top, False)}</text>"
        f'<text x="{left + plot_w / 2:.0f}" y="{height - 4}" text-anchor="middle" {_FONT}>'
        f"{_esc(x_label)}</text>"
        f'<text x="12" y="{bottom - plot_h / 2:.0f}" {_FONT} transform="rotate(-90 12 '
        f'{bottom - plot_h / 2:.0f})" text-anchor="middle">{_esc(y_label)}</text>'
        f'<polyline points="{coords}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2"/>'
        "</svg>"
    )
