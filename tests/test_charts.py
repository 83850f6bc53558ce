"""charts: month and week buckets, bar charts."""

import datetime

from annotations import charts


def test_month_buckets_fill_gaps_across_years():
    counts = {datetime.date(2025, 11, 1): 2, datetime.date(2026, 2, 1): 5}
    assert charts.month_buckets(counts) == [
        ("2025-11", 2),
        ("2025-12", 0),
        ("2026-01", 0),
        ("2026-02", 5),
    ]


def test_week_buckets_are_iso_weeks():
    monday = datetime.date(2026, 3, 2)
    counts = {monday: 1, monday + datetime.timedelta(days=14): 3}
    assert charts.week_buckets(counts) == [("2026-W10", 1), ("2026-W11", 0), ("2026-W12", 3)]


def test_bar_chart_scales_to_the_highest_bar():
    chart = charts.bar_chart([("a", 1), ("b", 4), ("c", 0)], width=300, height=180)
    heights = [bar.height for bar in chart.bars]
    assert heights[1] == 150 and heights[0] == 37.5 and heights[2] == 0
    assert all(bar.y + bar.height == chart.baseline for bar in chart.bars)
    assert charts.bar_chart([]).bars == []
