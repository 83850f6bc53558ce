"""charts: month and week buckets, bar charts."""

import datetime

import pytest

from annotations import charts


def test_month_buckets_fill_gaps_across_years():
    counts = {datetime.date(2025, 11, 1): 2, datetime.date(2026, 2, 1): 5}
    assert [(b.label, b.count) for b in charts.month_buckets(counts)] == [
        ("Nov 2025", 2),
        ("Dec 2025", 0),
        ("Jan 2026", 0),
        ("Feb 2026", 5),
    ]


def test_week_buckets_are_labelled_by_their_monday():
    monday = datetime.date(2026, 3, 2)
    counts = {monday: 1, monday + datetime.timedelta(days=14): 3}
    buckets = charts.week_buckets(counts)
    assert [(b.label, b.count) for b in buckets] == [("2 Mar", 1), ("9 Mar", 0), ("16 Mar", 3)]
    assert buckets[0].title == "Week of 2 Mar 2026"


def test_weeks_across_a_new_year_carry_their_year():
    counts = {datetime.date(2025, 12, 29): 1, datetime.date(2026, 1, 5): 1}
    assert [b.label for b in charts.week_buckets(counts)] == ["29 Dec 2025", "5 Jan 2026"]


def _buckets(*counts):
    return [charts.Bucket(label=f"b{n}", title=f"b{n}", count=c) for n, c in enumerate(counts)]


def test_bar_chart_scales_to_its_top_tick():
    chart = charts.bar_chart(_buckets(1, 4, 0), width=340, height=180)
    plot = 180 - charts.BOTTOM_MARGIN - charts.TOP_MARGIN
    assert [tick.value for tick in chart.ticks] == [0, 1, 2, 3, 4]
    assert [bar.height for bar in chart.bars] == [plot / 4, plot, 0]
    assert all(bar.y + bar.height == chart.baseline for bar in chart.bars)
    assert chart.ticks[0].y == chart.baseline and chart.ticks[-1].y == chart.baseline - plot
    assert all(bar.x >= chart.left for bar in chart.bars)
    assert charts.bar_chart([]).bars == []


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (0, [0]),
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (13, [0, 5, 10, 15]),
        (100, [0, 50, 100]),
        (2345, [0, 1000, 2000, 3000]),
    ],
)
def test_count_ticks_are_round_and_reach_the_highest_bar(maximum, ticks):
    assert charts.count_ticks(maximum) == ticks


def test_at_most_eight_date_labels_evenly_spread_and_the_first_always():
    chart = charts.bar_chart(_buckets(*range(30)))
    labelled = [index for index, bar in enumerate(chart.bars) if bar.labelled]
    assert labelled[0] == 0 and len(labelled) <= charts.MAX_DATE_LABELS
    assert len({b - a for a, b in zip(labelled, labelled[1:], strict=False)}) == 1
    assert all(bar.labelled for bar in charts.bar_chart(_buckets(1, 2, 3)).bars)
