"""Stacked horizontal bars: the geometry of a chart whose every bar is split into parts.

Pure arithmetic, no markup: a template draws the `Chart` (one `<rect>` per segment, the bar's
label above it, the grid lines at `ticks`). Bars run from the left edge to `width` at the
largest total (or at the `scale_max` given), so charts side by side can share one scale.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Each bar: its label and its parts, (key, value), in the order they are stacked.
Row = tuple[str, Sequence[tuple[str, float]]]


@dataclass(frozen=True)
class Segment:
    key: str
    value: float
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    label: str
    total: float
    # The top of the bar's label line, and of the bar itself.
    label_y: float
    y: float
    segments: tuple[Segment, ...]
    # Where a text placed right after the bar starts (its total, say).
    end_x: float
    # Baselines: of the label above the bar, and of a text beside the bar.
    label_baseline: float
    value_baseline: float


@dataclass(frozen=True)
class Tick:
    value: float
    x: float


@dataclass(frozen=True)
class Chart:
    width: float
    # The whole drawing, the tick labels under the bars included.
    height: float
    bar_height: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    scale_max: float
    # The bottom of the bars (where the grid lines end) and the tick labels' baseline.
    bars_bottom: float
    tick_baseline: float


def nice_ticks(maximum: float, count: int = 4) -> list[float]:
    """Round values from 0 up to at least `maximum`, about `count` steps: 0, 5, 10, 15, 20."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    steps = math.ceil(maximum / step - 1e-9)
    return [round(step * n, 10) for n in range(steps + 1)]


def stacked_bars(
    rows: Sequence[Row],
    *,
    width: float = 400,
    bar_height: float = 22,
    label_height: float = 20,
    gap: float = 14,
    end_room: float = 56,
    axis_height: float = 20,
    scale_max: float | None = None,
) -> Chart:
    """Lay out one bar per row, top to bottom, each with its label line above it.

    `end_room` is kept free right of the longest bar for its total. Segments of zero are left
    out; a bar of zero has no segments."""
    top = max((sum(value for _key, value in parts) for _label, parts in rows), default=0.0)
    ticks = nice_ticks(max(top, scale_max or 0.0))
    scale = ticks[-1]
    room = width - end_room
    bars = []
    y = 0.0
    for label, parts in rows:
        x = 0.0
        segments = []
        for key, value in parts:
            if value <= 0:
                continue
            length = room * value / scale
            segments.append(Segment(key=key, value=value, x=x, width=length))
            x += length
        bars.append(
            Bar(
                label=label,
                total=sum(value for _key, value in parts),
                label_y=y,
                y=y + label_height,
                segments=tuple(segments),
                end_x=x,
                label_baseline=y + label_height - 6,
                value_baseline=y + label_height + bar_height * 0.72,
            )
        )
        y += label_height + bar_height + gap
    bottom = max(y - gap, 0.0)
    return Chart(
        width=width,
        height=bottom + axis_height,
        bars_bottom=bottom,
        tick_baseline=bottom + axis_height - 4,
        bar_height=bar_height,
        bars=tuple(bars),
        ticks=tuple(Tick(value=value, x=room * value / scale) for value in ticks),
        scale_max=scale,
    )
