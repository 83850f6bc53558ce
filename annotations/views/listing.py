"""What every list page shares: page sizes, counting capped at 10,000, paging on ids,
and answering htmx with the results alone."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import cached_property

PAGE_SIZES = (20, 50, 200)


def page_size(request) -> int:
    try:
        size = int(request.GET.get("size", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


# Lists count their matches up to here. Counting a broad selection whole (a million
# quotes, a theme's 25,000 in a date range) cost more than the rest of the page; past
# this many, a list says "more than 10,000", pages through the first 10,000 in the chosen
# order, and its export still takes the whole set.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A Paginator that counts at most COUNT_CAP + 1 rows and pages through the first
    COUNT_CAP: `capped` tells that there are more."""

    cap = COUNT_CAP

    @cached_property
    def counted(self) -> int:
        # SELECT COUNT(*) FROM (... LIMIT cap + 1): the database stops at the cap.
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.counted > self.cap

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def cap_display(self) -> str:
        return f"{self.cap:,}"


def paginate(request, queryset, *, exact_count: bool = False, rows=None):
    """One page of `queryset`: its ids first, then their rows with everything joined
    (or `rows(ids)`, a {id: row} of them). Counts stop at COUNT_CAP unless `exact_count`
    (an editor approving a whole selection must see how many).

    Filters and ordering run on the ids alone: planned with the joins and wide rows of
    the page, a rare combination of filters can make PostgreSQL walk a whole index
    (6 s instead of 20 ms for a theme and an actor among a million quotes).
    """
    ids = queryset.values_list("pk", flat=True)
    paginator = Paginator if exact_count else CappedPaginator
    page = paginator(ids, page_size(request)).get_page(request.GET.get("page"))
    wanted = list(page.object_list)
    if rows is None:
        loaded = {row.pk: row for row in queryset.order_by().filter(pk__in=wanted)}
    else:
        loaded = rows(wanted)
    # Evaluated once here, then shared by the template and the per-page lookups.
    page.object_list = [loaded[pk] for pk in wanted if pk in loaded]
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
