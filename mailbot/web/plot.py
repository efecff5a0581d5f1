"""The report page's plot, drawn on the server: bars per month as numbers an inline <svg> puts
in its attributes (the console runs no script, and its CSP allows no inline style)."""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 28, 40  # room for the axis labels and the legend


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: str  # "opened" | "completed"
    month: str


@dataclass(frozen=True)
class Plot:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[tuple[float, int]]  # (y, value) of the grid lines
    labels: list[tuple[float, str]]  # (x, "Jan 26") under each month
    baseline: float
    left: int
    right: float


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _step(top: int) -> int:
    """A round grid step giving at most five lines up to ``top``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top / step <= 5:
            return step
    return 10 ** math.ceil(math.log10(max(top, 1) / 5))


def month_bars(months: list[tuple[str, int, int]]) -> Plot:
    """Two bars a month (opened, completed) over a y axis from 0 to a round value."""
    top = max([1] + [max(opened, completed) for _, opened, completed in months])
    step = _step(top)
    top = math.ceil(top / step) * step
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = inner_w / max(1, len(months))
    bar_w = max(1.0, slot * 0.36)
    bars, labels = [], []
    every = math.ceil(len(months) / 12) if months else 1
    for i, (month, opened, completed) in enumerate(months):
        x0 = LEFT + i * slot + (slot - 2 * bar_w) / 2
        for j, (series, value) in enumerate((("opened", opened), ("completed", completed))):
            h = inner_h * value / top
            bars.append(Bar(round(x0 + j * bar_w, 1), round(TOP + inner_h - h, 1), round(bar_w, 1), round(h, 1),
                            value, series, month))
        if i % every:
            continue  # (a long period: a label every few months, so they do not overlap)
        year, number = month.split("-")
        labels.append((round(LEFT + i * slot + slot / 2, 1), f"{MONTHS[int(number) - 1]} {year[2:]}"))
    ticks = [(round(TOP + inner_h - inner_h * v / top, 1), v) for v in range(0, top + 1, step)]
    return Plot(WIDTH, HEIGHT, bars, ticks, labels, TOP + inner_h, LEFT, WIDTH - RIGHT)
