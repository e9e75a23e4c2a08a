"""A precision/recall chart as a small hand-written SVG (no plotting library)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["Curve", "precision_recall_svg"]

_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf")
_WIDTH, _HEIGHT, _MARGIN, _LEGEND = 640, 420, 50, 230


class Curve:
    """One line: its name, (recall, precision) points in threshold order, and the chosen
    point if any."""

    def __init__(
        self,
        name: str,
        points: Sequence[tuple[float, float]],
        chosen: tuple[float, float] | None = None,
    ) -> None:
        self.name = name
        self.points = [(r, p) for r, p in points if r == r and p == p]  # drop NaN
        self.chosen = chosen


def precision_recall_svg(curves: Sequence[Curve], title: str) -> str:
    plot_w = _WIDTH - 2 * _MARGIN - _LEGEND
    plot_h = _HEIGHT - 2 * _MARGIN

    def x(recall: float) -> float:
        return _MARGIN + recall * plot_w

    def y(precision: float) -> float:
        return _MARGIN + (1 - precision) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{_HEIGHT}" '
        f'viewBox="0 0 {_WIDTH} {_HEIGHT}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{_WIDTH}" height="{_HEIGHT}" fill="white"/>',
        f'<text x="{_MARGIN}" y="20" font-size="13">{escape(title)}</text>',
    ]
    for tick in range(11):
        value = tick / 10
        parts.append(
            f'<line x1="{x(value):.1f}" y1="{y(0):.1f}" x2="{x(value):.1f}" y2="{y(1):.1f}" '
            'stroke="#eee"/>'
        )
        parts.append(
            f'<line x1="{x(0):.1f}" y1="{y(value):.1f}" x2="{x(1):.1f}" y2="{y(value):.1f}" '
            'stroke="#eee"/>'
        )
        parts.append(
            f'<text x="{x(value):.1f}" y="{y(0) + 14:.1f}" text-anchor="middle">{value:.1f}</text>'
        )
        parts.append(
            f'<text x="{x(0) - 6:.1f}" y="{y(value) + 4:.1f}" text-anchor="end">{value:.1f}</text>'
        )
    parts.append(
        f'<rect x="{x(0):.1f}" y="{y(1):.1f}" width="{plot_w}" height="{plot_h}" '
        'fill="none" stroke="#333"/>'
    )
    parts.append(f'<text x="{x(0.5):.1f}" y="{_HEIGHT - 12}" text-anchor="middle">recall</text>')
    parts.append(
        f'<text x="14" y="{y(0.5):.1f}" transform="rotate(-90 14 {y(0.5):.1f})" '
        'text-anchor="middle">precision</text>'
    )
    for number, curve in enumerate(curves):
        colour = _COLOURS[number % len(_COLOURS)]
        dash = "" if number < len(_COLOURS) else ' stroke-dasharray="4 3"'
        if curve.points:
            path = " ".join(f"{x(r):.1f},{y(p):.1f}" for r, p in curve.points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="1.5"{dash}/>'
            )
        if curve.chosen is not None:
            r, p = curve.chosen
            if r == r and p == p:
                parts.append(f'<circle cx="{x(r):.1f}" cy="{y(p):.1f}" r="4" fill="{colour}"/>')
        legend_y = _MARGIN + 16 * number
        legend_x = _WIDTH - _LEGEND + 10
        parts.append(
            f'<line x1="{legend_x}" y1="{legend_y}" x2="{legend_x + 18}" y2="{legend_y}" '
            f'stroke="{colour}" stroke-width="2"{dash}/>'
        )
        parts.append(f'<text x="{legend_x + 24}" y="{legend_y + 4}">{escape(curve.name)}</text>')
    parts.append(f'<text x="{_WIDTH - _LEGEND + 10}" y="{_HEIGHT - 12}">● chosen threshold</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
