"""The quotes page (every quote, filtered) and one quote's page."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from annotations.filters import QuoteFilter
from annotations.models import Annotation
from annotations.selectors import quote_listing, reading
from annotations.services import highlights
from annotations.views.listing import PAGE_SIZES, paginate, query_without_page, render_list
from annotations.views.lookups import found_or_404


@require_GET
def quote_list(request):
    quotes = QuoteFilter(request.GET, queryset=quote_listing.quotes_for_listing())
    page = paginate(request, quotes.qs, rows=quote_listing.quote_cards_of)
    context = {
        "filter": quotes,
        "page": page,
        "snippets": quote_listing.quote_snippets(page.object_list, request.GET.get("q", "")),
        "query": query_without_page(request),
        "page_sizes": PAGE_SIZES,
    }
    return render_list(request, "annotations/quote_list.html", context)


@require_GET
def quote_detail(request, pk: int):
    annotation = found_or_404(reading.annotation_detail, Annotation, pk=pk)
    return render(
        request,
        "annotations/quote_detail.html",
        {
            "annotation": annotation,
            "can_delete": highlights.can_delete_annotation(request.user, annotation),
        },
    )
