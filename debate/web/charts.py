"""Bar charts as inline SVG, drawn on the server: no JavaScript, nothing fetched from elsewhere.

Each chart is an image with a title and a description (``role="img"``, ``aria-labelledby``);
the page shows the same figures in a table under it, so nothing is told by the picture alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 640, 220
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 40, 40, 10


def bar_chart(chart_id: str, title: str, points: Sequence[tuple[str, float]]) -> Markup:
    """An SVG bar chart of ``points`` (label, value); labels are thinned out when many."""
    top = max((value for _, value in points), default=0) or 1
    plot_w = WIDTH - MARGIN_LEFT - 10
    plot_h = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    step = plot_w / max(len(points), 1)
    every = max(1, len(points) // 10)
    parts = [
        f'<svg class="chart" id="{chart_id}" role="img" aria-labelledby="{chart_id}-title '
        f'{chart_id}-desc" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_describe(points))}</desc>',
        _axis(top, plot_h),
    ]
    for n, (label, value) in enumerate(points):
        height = plot_h * value / top
        x = MARGIN_LEFT + n * step
        parts.append(
            f'<rect x="{x + step * 0.1:.1f}" y="{MARGIN_TOP + plot_h - height:.1f}" '
            f'width="{step * 0.8:.1f}" height="{height:.1f}" fill="#1f5f8b">'
            f"<title>{escape(label)}: {_number(value)}</title></rect>"
        )
        if n % every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 15}" '
                f'font-size="10" text-anchor="middle">{escape(label[-5:])}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  every text above is escaped


def _axis(top: float, plot_h: float) -> str:
    base = MARGIN_TOP + plot_h
    return (
        f'<line x1="{MARGIN_LEFT}" y1="{base}" x2="{WIDTH - 10}" y2="{base}" stroke="#333"/>'
        f'<line x1="{MARGIN_LEFT}" y1="{MARGIN_TOP}" x2="{MARGIN_LEFT}" y2="{base}" stroke="#333"/>'
        f'<text x="{MARGIN_LEFT - 4}" y="{MARGIN_TOP + 10}" font-size="10" text-anchor="end">'
        f"{_number(top)}</text>"
        f'<text x="{MARGIN_LEFT - 4}" y="{base}" font-size="10" text-anchor="end">0</text>'
    )


def _describe(points: Sequence[tuple[str, float]]) -> str:
    if not points:
        return "–"
    high = max(points, key=lambda p: p[1])
    total = sum(value for _, value in points)
    return f"{len(points)}: Σ {_number(total)}; max {high[0]} ({_number(high[1])})"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
