"""A line chart's geometry: values over periods, with the target each was measured against as a
step line. Pure arithmetic; the SVG is the template's.

The frame is in the chart's own units (the SVG scales to the page): room on the left for the
axis labels and at the bottom for the periods. Each period has a column of equal width and its
point sits in the middle, so the first and last labels fit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
Number = Decimal | float | int

# As many period names as fit side by side under the chart.
MAX_LABELS = 7


@dataclass(frozen=True)
class Point:
    index: int
    x: float
    value: float | None
    target: float | None
    y: float | None  # None: no value in this period
    target_y: float | None
    met: bool | None


@dataclass(frozen=True)
class Tick:
    value: float
    y: float

    @property
    def label(self) -> str:
        return f"{self.value:g}"


@dataclass(frozen=True)
class LineChart:
    points: list[Point]
    ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def has_values(self) -> bool:
        return any(point.value is not None for point in self.points)

    @property
    def valued(self) -> list[Point]:
        return [point for point in self.points if point.y is not None]

    @property
    def polyline(self) -> str:
        """The values, joined in order (a period without a value is stepped over)."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.valued if p.y is not None)

    @property
    def target_path(self) -> str:
        """The target as steps: level across each period's column, changing at its edge."""
        half = self.column / 2
        parts: list[str] = []
        for point in self.points:
            if point.target_y is None:
                continue
            if not parts:
                parts.append(f"M{point.x - half:.1f},{point.target_y:.1f}")
            else:
                parts.append(f"V{point.target_y:.1f}")
            parts.append(f"H{point.x + half:.1f}")
        return " ".join(parts)

    @property
    def labelled(self) -> frozenset[int]:
        """The periods named under the chart: all of them when they fit, else every n-th
        counted back from the latest, which is always named."""
        every = math.ceil(len(self.points) / MAX_LABELS)
        last = len(self.points) - 1
        return frozenset(i for i in range(len(self.points)) if (last - i) % every == 0)

    @property
    def column(self) -> float:
        return (self.right - self.left) / max(1, len(self.points))

    @property
    def label_y(self) -> int:
        """Where the periods are written, under the frame."""
        return self.bottom + 24


def nice_step(span: float, count: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that cuts `span` into about `count`."""
    raw = span / count if span > 0 else 1
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def line_chart(
    values: Sequence[Number | None],
    targets: Sequence[Number | None],
    *,
    higher_is_better: bool = True,
) -> LineChart:
    """The geometry of `values` (one per period, oldest first) against `targets` (the target of
    each period): the scale starts at zero (or below, for a negative value) and reaches past the
    largest number by a round step."""
    numbers = [float(n) for n in (*values, *targets) if n is not None]
    low = min([0.0, *numbers])
    high = max([0.0, *numbers])
    step = nice_step(high - low)
    bottom_value = math.floor(low / step) * step
    top_value = math.ceil(high / step) * step
    if top_value <= high and high > 0:
        top_value += step  # room above the highest point for its label
    if top_value == bottom_value:
        top_value = bottom_value + step
    chart_top, chart_bottom = TOP, HEIGHT - BOTTOM

    def y_of(number: float) -> float:
        share = (number - bottom_value) / (top_value - bottom_value)
        return chart_bottom - (chart_bottom - chart_top) * share

    column = (WIDTH - RIGHT - LEFT) / max(1, len(values))
    points = []
    for index, (raw, raw_target) in enumerate(zip(values, targets, strict=True)):
        value = None if raw is None else float(raw)
        target = None if raw_target is None else float(raw_target)
        met = None
        if value is not None and target is not None:
            met = value >= target if higher_is_better else value <= target
        points.append(
            Point(
                index=index,
                x=LEFT + column * (index + 0.5),
                value=value,
                target=target,
                y=None if value is None else y_of(value),
                target_y=None if target is None else y_of(target),
                met=met,
            )
        )
    ticks = []
    tick = bottom_value
    while tick <= top_value + step / 1000:
        ticks.append(Tick(round(tick, 6), y_of(tick)))
        tick += step
    return LineChart(points=points, ticks=ticks)
