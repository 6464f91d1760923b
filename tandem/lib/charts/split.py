"""Geometry of a stacked bar chart of two amounts per period (the 80/20 figure: the owner's
minutes under the assistant's), in SVG user units. The template draws it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

WIDTH = 640
HEIGHT = 240
LEFT = 52
RIGHT = WIDTH - 12
TOP = 16
BOTTOM = HEIGHT - 32
LABEL_Y = HEIGHT - 10


@dataclass(frozen=True)
class Bar:
    label: Any  # what the template shows under the bar (a date)
    lower: int
    upper: int
    x: float
    width: float
    lower_y: float
    lower_height: float
    upper_y: float
    upper_height: float

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class SplitChart:
    bars: list[Bar]
    ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    bottom: int = BOTTOM
    label_y: int = LABEL_Y


def nice_step(top: int, steps: int = 4) -> int:
    """A round step (1, 2, 5 × 10ⁿ) that covers `top` in about `steps` steps."""
    if top <= 0:
        return 1
    raw = top / steps
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return int(factor * power) or 1
    return int(10 * power)


def split_chart(periods: Sequence[tuple[Any, int, int]]) -> SplitChart:
    """Bars for (label, lower, upper) per period, left to right, on one scale from 0."""
    top = max((lower + upper for _label, lower, upper in periods), default=0)
    step = nice_step(top)
    ceiling = max(step * math.ceil(top / step), step)
    scale = (BOTTOM - TOP) / ceiling
    slot = (RIGHT - LEFT) / max(len(periods), 1)
    width = slot * 0.6
    bars = []
    for n, (label, lower, upper) in enumerate(periods):
        x = LEFT + slot * n + (slot - width) / 2
        lower_height = lower * scale
        upper_height = upper * scale
        bars.append(
            Bar(
                label=label,
                lower=lower,
                upper=upper,
                x=x,
                width=width,
                lower_y=BOTTOM - lower_height,
                lower_height=lower_height,
                upper_y=BOTTOM - lower_height - upper_height,
                upper_height=upper_height,
            )
        )
    ticks = [Tick(value, BOTTOM - value * scale) for value in range(0, ceiling + 1, step)]
    return SplitChart(bars=bars, ticks=ticks)
