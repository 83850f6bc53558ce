"""A theme's or an actor's page: its latest quotes and count, the tags and articles that
come with it most, its quotes over time, and the quotes an actor speaks.

Rules: a fixed number of queries whatever the tag's size. The totals that read every one
of the tag's quotes (co-occurring tags, busiest articles, timeline) are cached for
TAG_TOTALS_SECONDS; the latest quotes and the quote count are always fresh.
"""

from collections import Counter
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from annotations import charts
from annotations.models import Annotation, Article, Entity, TaggedActor, TaggedTheme, Theme
from annotations.selectors import quote_rows

# A busy tag's co-occurring tags, articles and timeline read every one of its quotes (half
# a second at 25,000 quotes): they may be this many seconds old, its latest quotes and its
# count never are.
TAG_TOTALS_SECONDS = 60


def tag_page(*, theme: Theme | None = None, actor: Entity | None = None) -> dict:
    """What a theme's or an actor's page shows: its quotes, their articles, the tags that
    co-occur most with it, and quotes over time. A fixed number of queries."""
    tag = theme if theme is not None else actor
    quotes = Annotation.objects.filter(**{"themes" if theme else "actors": tag})
    totals = cache.get_or_set(
        f"tag-totals-{'theme' if theme else 'actor'}-{tag.pk}",
        lambda: _tag_totals(quotes, tag.tagged_annotations, theme=theme, actor=actor),
        TAG_TOTALS_SECONDS,
    )
    latest = quote_rows.annotations_joined(quotes.order_by("-created"))[:20]
    return {
        **totals,
        "quotes": quote_rows.with_tag_lists(list(latest)),
        # One tagging per quote: counted without joining the quotes.
        "quote_count": tag.tagged_annotations.count(),
    }


def _tag_totals(quotes, taggings, *, theme: Theme | None, actor: Entity | None) -> dict:
    """The part of a tag's page that reads all its quotes, which tag_page caches: its
    busiest articles, the tags most used with it, its timeline."""
    quote_ids = taggings.values("content_object_id")
    # Counted on the quotes, then the ten articles loaded: grouping articles themselves
    # would group their whole text (a second at 25,000 quotes).
    busiest = list(
        quotes.order_by()
        .values("article_id")
        .annotate(uses=Count("id"))
        .order_by("-uses", "-article__published", "-article_id")
        .values_list("article_id", "uses")[:10]
    )
    loaded = Article.objects.select_related("outlet").defer("text").in_bulk(dict(busiest))
    timeline, undated_quotes = quote_timeline(quotes)
    articles = []
    for article_id, uses in busiest:
        loaded[article_id].quotes = uses
        articles.append(loaded[article_id])
    return {
        "articles": articles,
        # The extra column: a theme's id (its colour class), an actor's kind.
        "co_themes": _co_occurring(TaggedTheme, quote_ids, leaving_out=theme, also="tag_id"),
        "co_actors": _co_occurring(TaggedActor, quote_ids, leaving_out=actor, also="tag__kind"),
        "timeline": timeline,
        "undated_quotes": undated_quotes,
        "totals_at": timezone.now(),
    }


def _co_occurring(through, quote_ids, *, leaving_out, also: str) -> list[dict]:
    """The ten tags of one kind most used on these quotes, `leaving_out` the page's own:
    {"tag__name", "tag__slug", `also`, "uses"}, busiest first, then by name."""
    return list(
        through.objects.filter(content_object__in=quote_ids)
        .exclude(tag=leaving_out)
        .values("tag__name", "tag__slug", also)
        .annotate(uses=Count("id"))
        .order_by("-uses", "tag__name")[:10]
    )


def quote_timeline(quotes: QuerySet[Annotation]) -> tuple[charts.BarChart, int]:
    """Quotes per week (spans up to half a year) or per month, by their article's date of
    publication, and how many quotes come from undated articles.

    Undated articles stay off the chart: counting them at their import date would put a
    month-old article's quotes in the week it was imported. One pass: the database counts
    per day (a few hundred rows, undated ones as one row), weeks or months are gathered
    here, where a span query and a second grouping cost two passes.
    """
    per_day = dict(
        quotes.annotate(day=TruncDate("article__published"))
        .order_by()
        .values("day")
        .annotate(total=Count("id"))
        .values_list("day", "total")
    )
    undated = per_day.pop(None, 0)
    if not per_day:
        return charts.bar_chart([]), undated
    weekly = (max(per_day) - min(per_day)).days <= 183
    counts: Counter = Counter()
    for day, total in per_day.items():
        counts[day - timedelta(days=day.weekday()) if weekly else day.replace(day=1)] += total
    buckets = charts.week_buckets(counts) if weekly else charts.month_buckets(counts)
    return charts.bar_chart(buckets, period="week" if weekly else "month"), undated


def quotes_spoken_by(*, entity: Entity, limit: int = 10) -> list[Annotation]:
    """The latest quotes an actor speaks, joined, with their tag lists."""
    quotes = quote_rows.annotations_joined(entity.quotes_spoken.order_by("-created"))[:limit]
    return quote_rows.with_tag_lists(list(quotes))
