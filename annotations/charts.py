"""Charts drawn on the server as SVG geometry: no external service, no script."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

# Room for the count labels on the left and the date labels below.
LEFT_MARGIN = 40
BOTTOM_MARGIN = 20
TOP_MARGIN = 10
# More date labels than this under the bars run into each other.
MAX_DATE_LABELS = 8


@dataclass(frozen=True)
class Bucket:
    """One bar's period: `label` under the axis, `title` in its tooltip."""

    label: str
    title: str
    count: int


@dataclass(frozen=True)
class Bar:
    label: str
    title: str
    count: int
    x: float
    y: float
    width: float
    height: float
    labelled: bool


@dataclass(frozen=True)
class Tick:
    """A count on the vertical axis, with its gridline's height."""

    value: int
    y: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    maximum: int
    ticks: list[Tick]
    period: str  # what a bar counts: "week", "month"

    @property
    def baseline(self) -> int:
        return self.height - BOTTOM_MARGIN

    @property
    def left(self) -> int:
        return LEFT_MARGIN


def _month_label(month: datetime.date) -> str:
    return f"{month:%b} {month.year}"


def month_buckets(counts: dict[datetime.date, int]) -> list[Bucket]:
    """Every month from the first to the last with data, empty months included."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    buckets, month = [], datetime.date(first.year, first.month, 1)
    while month <= last:
        label = _month_label(month)
        buckets.append(Bucket(label=label, title=label, count=counts.get(month, 0)))
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return buckets


def week_buckets(counts: dict[datetime.date, int]) -> list[Bucket]:
    """Every week (keyed by its Monday) from the first to the last with data, labelled by
    its Monday's date: analysts read dates, not ISO week numbers."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    buckets, week = [], first
    while week <= last:
        title = f"Week of {week.day} {week:%b} {week.year}"
        label = f"{week.day} {week:%b}" if week.year == last.year == first.year else title[8:]
        buckets.append(Bucket(label=label, title=title, count=counts.get(week, 0)))
        week += datetime.timedelta(days=7)
    return buckets


def count_ticks(maximum: int) -> list[int]:
    """Round counts from 0 to at least `maximum`, at most five of them (steps of 1, 2 or 5
    times a power of ten), so the axis reads 0, 5, 10, 15 rather than 0, 4.6, 9.2."""
    if maximum <= 0:
        return [0]
    raw_step = maximum / 4
    magnitude = 10 ** math.floor(math.log10(raw_step)) if raw_step >= 1 else 1
    step = next(factor * magnitude for factor in (1, 2, 5, 10) if factor * magnitude >= raw_step)
    top = math.ceil(maximum / step) * step
    return list(range(0, top + 1, step))


def bar_chart(
    buckets: list[Bucket], *, period: str = "month", width: int = 720, height: int = 180
) -> BarChart:
    """Geometry of a bar chart with a count axis on the left and date labels below,
    at most MAX_DATE_LABELS of them, evenly spread, the first always among them."""
    maximum = max((bucket.count for bucket in buckets), default=0)
    values = count_ticks(maximum)
    top = values[-1]
    plot_height = height - BOTTOM_MARGIN - TOP_MARGIN
    baseline = height - BOTTOM_MARGIN
    slot = (width - LEFT_MARGIN) / max(len(buckets), 1)
    every = max(1, math.ceil(len(buckets) / MAX_DATE_LABELS))
    bars = []
    for index, bucket in enumerate(buckets):
        bar_height = plot_height * bucket.count / top if top else 0
        bars.append(
            Bar(
                label=bucket.label,
                title=bucket.title,
                count=bucket.count,
                x=round(LEFT_MARGIN + index * slot + slot * 0.1, 1),
                y=round(baseline - bar_height, 1),
                width=round(slot * 0.8, 1),
                height=round(bar_height, 1),
                labelled=index % every == 0,
            )
        )
    ticks = [
        Tick(value=value, y=round(baseline - (plot_height * value / top if top else 0), 1))
        for value in values
    ]
    return BarChart(
        width=width, height=height, bars=bars, maximum=maximum, ticks=ticks, period=period
    )
