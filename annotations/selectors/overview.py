"""The home page: what is new (recent articles, latest quotes, the user's rejected quotes)
and what is busiest (quotes by status, busiest themes and actors).

Rules: a fixed number of queries. The totals are cached for OVERVIEW_TOTALS_SECONDS
(their tag counts come from the indexes' own cache, tag_indexes); the recent lists and
the user's count are always fresh.
"""

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from annotations.models import Annotation, Entity
from annotations.selectors import article_listing, quote_rows, tag_indexes

# Counting a million quotes takes a few hundred milliseconds; the home page's totals may be
# this many seconds old, its lists of recent articles and quotes never are.
OVERVIEW_TOTALS_SECONDS = 60


def _busiest_actors(count: int) -> list[Entity]:
    index = tag_indexes.actor_index()
    return tag_indexes.actors_ranked(index["ranking"][:count], index["uses"])


def _overview_totals() -> dict:
    by_status = dict(
        Annotation.objects.order_by().values_list("status").annotate(total=Count("id"))
    )
    return {
        "status_counts": [
            (value, label, by_status.get(value, 0)) for value, label in Annotation.Status.choices
        ],
        "busiest_themes": tag_indexes.theme_index()["themes"][:8],
        "busiest_actors": _busiest_actors(8),
        "totals_at": timezone.now(),
    }


def overview(*, user) -> dict:
    """The home page: what is new and what is busiest, in a fixed number of queries."""
    totals = cache.get_or_set("overview-totals", _overview_totals, OVERVIEW_TOTALS_SECONDS)
    latest = quote_rows.annotations_joined(Annotation.objects.order_by("-created"))[:8]
    return {
        **totals,
        "recent_articles": list(
            article_listing.articles_for_listing().order_by("-created", "-id")[:8]
        ),
        "latest_quotes": quote_rows.with_tag_lists(list(latest)),
        "my_rejected": Annotation.objects.filter(author=user, status="rejected").count(),
    }
