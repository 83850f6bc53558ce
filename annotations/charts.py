"""Charts drawn on the server as SVG geometry: no external service, no script."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    maximum: int

    @property
    def baseline(self) -> int:
        return self.height - 20


def month_buckets(counts: dict[datetime.date, int]) -> list[tuple[str, int]]:
    """Every month from the first to the last with data, empty months included."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    buckets, month = [], datetime.date(first.year, first.month, 1)
    while month <= last:
        buckets.append((month.strftime("%Y-%m"), counts.get(month, 0)))
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return buckets


def week_buckets(counts: dict[datetime.date, int]) -> list[tuple[str, int]]:
    """Every ISO week (keyed by its Monday) from the first to the last with data."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    buckets, week = [], first
    while week <= last:
        year, number, _ = week.isocalendar()
        buckets.append((f"{year}-W{number:02d}", counts.get(week, 0)))
        week += datetime.timedelta(days=7)
    return buckets


def bar_chart(buckets: list[tuple[str, int]], *, width: int = 720, height: int = 180) -> BarChart:
    """Geometry of a bar chart; the bottom 20 px hold the labels."""
    maximum = max((count for _, count in buckets), default=0)
    plot_height = height - 30
    slot = width / max(len(buckets), 1)
    bars = []
    for index, (label, count) in enumerate(buckets):
        bar_height = plot_height * count / maximum if maximum else 0
        bars.append(
            Bar(
                label=label,
                count=count,
                x=round(index * slot + slot * 0.1, 1),
                y=round(height - 20 - bar_height, 1),
                width=round(slot * 0.8, 1),
                height=round(bar_height, 1),
            )
        )
    return BarChart(width=width, height=height, bars=bars, maximum=maximum)
