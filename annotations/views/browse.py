from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from annotations import selectors
from annotations.filters import ArticleFilter, QuoteFilter
from annotations.models import Dossier

PAGE_SIZES = (20, 50, 200)


def page_size(request) -> int:
    try:
        size = int(request.GET.get("size", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


def paginate(request, queryset):
    """One page of `queryset`: its ids first, then their rows with everything joined.

    Filters and ordering run on the ids alone: planned with the joins and wide rows of
    the page, a rare combination of filters can make PostgreSQL walk a whole index
    (6 s instead of 20 ms for a theme and an actor among a million quotes).
    """
    ids = queryset.values_list("pk", flat=True)
    page = Paginator(ids, page_size(request)).get_page(request.GET.get("page"))
    wanted = list(page.object_list)
    rows = {row.pk: row for row in queryset.order_by().filter(pk__in=wanted)}
    # Evaluated once here, then shared by the template and the per-page lookups.
    page.object_list = [rows[pk] for pk in wanted if pk in rows]
    return page


def render_list(request, template: str, context: dict):
    """A list page, or only its results when htmx asks for them (filters, pagination)."""
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


def query_without_page(request) -> str:
    """The current filters as a query string, to build page links and the export link."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
def quote_list(request):
    quotes = QuoteFilter(request.GET, queryset=selectors.quotes_for_listing())
    page = paginate(request, quotes.qs)
    selectors.with_tag_lists(page.object_list)
    context = {
        "filter": quotes,
        "page": page,
        "snippets": selectors.quote_snippets(page.object_list, request.GET.get("q", "")),
        "query": query_without_page(request),
        "page_sizes": PAGE_SIZES,
    }
    return render_list(request, "annotations/quote_list.html", context)


@require_GET
def article_list(request):
    articles = ArticleFilter(request.GET, queryset=selectors.articles_for_listing())
    page = paginate(request, articles.qs)
    context = {
        "filter": articles,
        "page": page,
        "top_tags": selectors.top_tags_of_articles(page.object_list),
        "dossiers": list(Dossier.objects.only("pk", "name")),
        "snippets": selectors.article_snippets(page.object_list, request.GET.get("q", "")),
        "query": query_without_page(request),
        "page_sizes": PAGE_SIZES,
    }
    return render_list(request, "annotations/article_list.html", context)
