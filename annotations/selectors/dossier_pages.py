"""The dossiers' list and a dossier's page.

Rules: a dossier's page takes a fixed number of queries whatever its size; its articles
are the articles page's selection (`article_listing.articles_for_listing`) limited to the
dossier, for the view to paginate.
"""

from django.db.models import Count, QuerySet

from annotations.models import Annotation, Dossier, DossierChange
from annotations.selectors import article_listing, quote_rows

# The latest changes a dossier's page lists; older ones stay recorded.
CHANGES_SHOWN = 20


def dossier_index() -> QuerySet[Dossier]:
    """Every dossier with its creator and its number of articles as `article_count`."""
    return Dossier.objects.select_related("created_by").annotate(
        article_count=Count("articles", distinct=True)
    )


def dossier_page(*, dossier: Dossier) -> dict:
    """A dossier's latest quotes and quote counts by review status, and its latest changes;
    its articles, a page at a time, are `articles` (for views.listing.paginate)."""
    quotes = Annotation.objects.filter(article__dossiers=dossier)
    by_status = dict(
        quotes.order_by()
        .values_list("status")
        .annotate(total=Count("id"))
        .values_list("status", "total")
    )
    # Ids first: planned with the joined rows, PostgreSQL walked every quote by date.
    latest = list(quotes.order_by("-created", "-id").values_list("pk", flat=True)[:10])
    return {
        "dossier": dossier,
        "articles": article_listing.articles_for_listing().filter(dossiers=dossier),
        "quotes": quote_rows.with_tag_lists(
            list(quote_rows.annotations_joined().filter(pk__in=latest).order_by("-created", "-id"))
        ),
        "status_counts": [
            (label, by_status.get(value, 0)) for value, label in Annotation.Status.choices
        ],
        "quote_count": sum(by_status.values()),
        "changes": list(
            DossierChange.objects.filter(dossier=dossier).select_related("user")[:CHANGES_SHOWN]
        ),
    }
