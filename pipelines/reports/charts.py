"""Small hand-made SVG charts: inline, offline, and fast enough for hundreds of reports.

matplotlib's SVG backend takes tens of milliseconds per figure; these take
microseconds, print crisply and need no fonts embedded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 640, 180
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 48, 12, 14, 26
PALETTE = ("#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c")


def _nice_max(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least ``value``."""
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= value)


def _nice_range(low: float, high: float) -> tuple[float, float]:
    """An axis from a multiple of a round step, four steps tall, covering [low, high]."""
    step = _nice_max((high - low) / 4 or 0.25)
    start = math.floor(low / step) * step
    while start + 4 * step < high:
        step = _nice_max(step * 1.01)
        start = math.floor(low / step) * step
    return start, start + 4 * step


def _frame(title: str, low: float, high: float, unit: str) -> list[str]:
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(5):
        value = low + (high - low) * tick / 4
        y = PAD_TOP + plot_h * (1 - tick / 4)
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="#e5e7eb" stroke-width="1"/>'
            f'<text x="{PAD_LEFT - 6}" y="{y + 3:.1f}" text-anchor="end" font-size="10" '
            f'fill="#6b7280">{round(value, 6):g}{escape(unit)}</text>'
        )
    return parts


def _x_labels(labels: Sequence[str], centres: Sequence[float], every: int) -> list[str]:
    return [
        f'<text x="{x:.1f}" y="{HEIGHT - 8}" text-anchor="middle" font-size="10" '
        f'fill="#374151">{escape(label)}</text>'
        for i, (label, x) in enumerate(zip(labels, centres, strict=True))
        if i % every == 0
    ]


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    title: str,
    unit: str = "",
    label_every: int = 1,
    colour: str = PALETTE[0],
) -> str:
    """Vertical bars; a None value is drawn as no bar (unknown, not zero)."""
    known = [v for v in values if v is not None]
    y_max = _nice_max(max(known, default=0.0))
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    slot = plot_w / max(len(values), 1)
    parts = _frame(title, 0.0, y_max, unit)
    centres = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = PAD_LEFT + i * slot
        centres.append(x + slot / 2)
        if value is None or value <= 0:
            continue
        h = plot_h * value / y_max
        parts.append(
            f'<rect x="{x + slot * 0.12:.1f}" y="{PAD_TOP + plot_h - h:.1f}" '
            f'width="{slot * 0.76:.1f}" height="{h:.1f}" fill="{colour}">'
            f"<title>{escape(label)}: {value:,.1f}{escape(unit)}</title></rect>"
        )
    parts += _x_labels(labels, centres, label_every)
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    title: str,
    unit: str = "",
    y_min: float | None = None,
) -> str:
    """One line per series over shared x labels; gaps where a value is None."""
    known = [v for values in series.values() for v in values if v is not None]
    low, high = _nice_range(min([*known, 0.0 if y_min is None else y_min]), max([*known, 0.0]))
    span = high - low
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    step = plot_w / max(len(labels), 1)
    centres = [PAD_LEFT + step * (i + 0.5) for i in range(len(labels))]
    parts = _frame(title, low, high, unit)
    for n, (name, values) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        points, segments = [], []
        for x, value in zip(centres, values, strict=True):
            if value is None:
                if points:
                    segments.append(points)
                points = []
                continue
            y = PAD_TOP + plot_h * (1 - (value - low) / span)
            points.append((x, y, value))
        if points:
            segments.append(points)
        for segment in segments:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in segment)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
            parts += [
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                f"<title>{escape(name)}: {v:,.1f}{escape(unit)}</title></circle>"
                for x, y, v in segment
            ]
        if len(series) > 1:
            parts.append(
                f'<text x="{PAD_LEFT + 8 + n * 130}" y="{PAD_TOP - 4}" font-size="10" '
                f'fill="{colour}">■ {escape(name)}</text>'
            )
    parts += _x_labels(labels, centres, 1)
    parts.append("</svg>")
    return "".join(parts)
