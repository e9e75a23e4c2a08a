"""Bar charts as inline SVG, drawn on the server: no JavaScript, nothing fetched from elsewhere.

Each chart is an image with a title and a description (``role="img"``, ``aria-labelledby``)
and ``aria-details`` pointing to the table of the same figures beside it (``table_id``: the
table's id is ``table-<table_id>``), so nothing is told by the picture alone and a screen reader
can go to the table.

No label is ever cut. Categories (rules, outcomes, topics) are drawn as horizontal bars with
the whole label on the left: the left margin grows with the longest label, and a label longer
than ``WRAP`` characters wraps onto further lines. A time series (days, weeks) has vertical
bars with every label written in full, turned 45°, thinned out to at most ``MAX_TICKS``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 640, 240
MARGIN_LEFT, MARGIN_TOP = 48, 12
#: Room under a time series for labels turned 45° (a date, ``2026-12-07``, fits).
MARGIN_BOTTOM = 70
FONT = 11
#: A generous average width of one character at ``FONT`` px, so a label always fits.
CHAR_W = 7.0
ROW_H, LINE_H = 26, 13
WRAP = 34
MAX_TICKS = 12
BAR = "#1f5f8b"


def _open(chart_id: str, title: str, desc: str, height: float, table_id: str) -> list[str]:
    details = f' aria-details="table-{table_id}"' if table_id else ""
    return [
        f'<svg class="chart" id="{chart_id}" role="img" aria-labelledby="{chart_id}-title '
        f'{chart_id}-desc"{details} viewBox="0 0 {WIDTH} {height:.0f}" width="100%" '
        f'font-family="sans-serif" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def bar_chart(
    chart_id: str, title: str, points: Sequence[tuple[str, float]], table_id: str = ""
) -> Markup:
    """A time series: one vertical bar per point, every ``n``-th label in full, turned."""
    top = max((value for _, value in points), default=0) or 1
    plot_w = WIDTH - MARGIN_LEFT - 10
    plot_h = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    step = plot_w / max(len(points), 1)
    every = -(-len(points) // MAX_TICKS) or 1
    parts = _open(chart_id, title, _describe(points), HEIGHT, table_id)
    parts.append(_axis(top, plot_h))
    base = MARGIN_TOP + plot_h
    for n, (label, value) in enumerate(points):
        height = plot_h * value / top
        x = MARGIN_LEFT + n * step
        parts.append(
            f'<rect x="{x + step * 0.1:.1f}" y="{base - height:.1f}" '
            f'width="{step * 0.8:.1f}" height="{height:.1f}" fill="{BAR}">'
            f"<title>{escape(label)}: {_number(value)}</title></rect>"
        )
        if n % every == 0:
            cx, cy = x + step / 2, base + 12
            parts.append(
                f'<text x="{cx:.1f}" y="{cy:.1f}" font-size="{FONT}" text-anchor="end" '
                f'transform="rotate(-45 {cx:.1f} {cy:.1f})">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  every text above is escaped


def hbar_chart(
    chart_id: str, title: str, points: Sequence[tuple[str, float]], table_id: str = ""
) -> Markup:
    """Categories: one horizontal bar per point, its whole label on the left."""
    top = max((value for _, value in points), default=0) or 1
    lines = [textwrap.wrap(label, WRAP, break_long_words=True) or [""] for label, _ in points]
    longest = max((len(line) for label in lines for line in label), default=1)
    left = min(8 + longest * CHAR_W, WIDTH * 0.55)
    plot_w = WIDTH - left - 50
    rows = [max(ROW_H, LINE_H * len(label) + 10) for label in lines]
    height = MARGIN_TOP * 2 + sum(rows)
    parts = _open(chart_id, title, _describe(points), height, table_id)
    y = MARGIN_TOP
    for (label, value), wrapped, row in zip(points, lines, rows, strict=True):
        width = plot_w * value / top
        parts.append(
            f'<rect x="{left:.1f}" y="{y + 4:.1f}" width="{width:.1f}" height="{row - 8:.1f}" '
            f'fill="{BAR}"><title>{escape(label)}: {_number(value)}</title></rect>'
        )
        first = y + row / 2 - LINE_H * (len(wrapped) - 1) / 2 + 4
        spans = "".join(
            f'<tspan x="{left - 6:.1f}" y="{first + i * LINE_H:.1f}">{escape(line)}</tspan>'
            for i, line in enumerate(wrapped)
        )
        parts.append(f'<text font-size="{FONT}" text-anchor="end">{spans}</text>')
        parts.append(
            f'<text x="{left + width + 4:.1f}" y="{y + row / 2 + 4:.1f}" '
            f'font-size="{FONT}">{_number(value)}</text>'
        )
        y += row
    parts.append(
        f'<line x1="{left:.1f}" y1="{MARGIN_TOP}" x2="{left:.1f}" y2="{y}" stroke="#333"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  every text above is escaped


def _axis(top: float, plot_h: float) -> str:
    base = MARGIN_TOP + plot_h
    return (
        f'<line x1="{MARGIN_LEFT}" y1="{base}" x2="{WIDTH - 10}" y2="{base}" stroke="#333"/>'
        f'<line x1="{MARGIN_LEFT}" y1="{MARGIN_TOP}" x2="{MARGIN_LEFT}" y2="{base}" stroke="#333"/>'
        f'<text x="{MARGIN_LEFT - 4}" y="{MARGIN_TOP + 10}" font-size="{FONT}" '
        f'text-anchor="end">{_number(top)}</text>'
        f'<text x="{MARGIN_LEFT - 4}" y="{base}" font-size="{FONT}" text-anchor="end">0</text>'
    )


def _describe(points: Sequence[tuple[str, float]]) -> str:
    if not points:
        return "–"
    high = max(points, key=lambda p: p[1])
    total = sum(value for _, value in points)
    return f"{len(points)}: Σ {_number(total)}; max {high[0]} ({_number(high[1])})"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
