from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from annotations import fields
from annotations.filters import QuoteFilter
from annotations.forms import ReviewForm
from annotations.models import Annotation
from annotations.refusals import refusal_message
from annotations.selectors import quote_rows, review_rows
from annotations.services import review
from annotations.views.listing import PAGE_SIZES, paginate, query_without_page, render_list
from annotations.views.navigation import back


def _require_editor(user) -> None:
    if not user.has_perm("annotations.review_annotation"):
        raise PermissionDenied("Only editors review quotes.")


def _queue_filter(params: QueryDict) -> QuoteFilter:
    """The quotes filter, showing pending quotes oldest first unless told otherwise."""
    params = params.copy()
    if "status" not in params:
        params.setlist("status", [Annotation.Status.PENDING])
    return QuoteFilter(params, queryset=review_rows.quotes_for_review())


@require_GET
def review_queue(request):
    _require_editor(request.user)
    queue = _queue_filter(request.GET)
    page = paginate(request, queue.qs, exact_count=True)
    quote_rows.with_tag_lists(page.object_list)
    context = {
        "filter": queue,
        "page": page,
        "query": query_without_page(request),
        "export_query": queue.data.urlencode(),
        "page_sizes": PAGE_SIZES,
    }
    return render_list(request, "annotations/review_queue.html", context)


@require_POST
def quote_review(request, pk: int):
    """Approve, reject (with a reason) or reopen one quote; the row re-renders in place."""
    _require_editor(request.user)
    annotation = get_object_or_404(Annotation, pk=pk)
    form = ReviewForm(request.POST)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            review.annotation_review(
                annotation=annotation,
                reviewer=request.user,
                to_status=data["decision"],
                reason=data["reason"],
                expected_version=data["version"],
            )
        except review.AnnotationConflict as conflict:
            error = str(conflict)
        except (ValidationError, PermissionDenied) as refusal:
            error = refusal_message(refusal)
    else:
        error = "Choose approve, reject (with a reason) or reopen."
    if not request.htmx:
        (messages.error if error else messages.success)(request, error or "Review saved.")
        return back(request, annotation)
    row = review_rows.review_row(pk=pk)
    return render(
        request,
        "annotations/review_queue.html#row",
        {"quote": row, "row_error": error, "reason": form.data.get("reason", "")},
    )


@require_POST
def review_approve_many(request):
    """Approve the selected quotes, or every pending quote the current filters select."""
    _require_editor(request.user)
    filters = QueryDict(request.POST.get("filters", ""), mutable=False)
    if request.POST.get("scope") == "all":
        selected = _queue_filter(filters).qs
    else:
        ids = [
            int(pk) for pk in request.POST.getlist("ids") if pk.isdigit() and fields.fits_an_id(pk)
        ]
        selected = Annotation.objects.filter(pk__in=ids)
    result = review.annotation_approve_many(reviewer=request.user, annotations=selected)
    messages.success(
        request,
        f"{result['approved']} approved"
        + (
            f"; {result['skipped']} left alone (not pending, or your own)."
            if result["skipped"]
            else "."
        ),
    )
    return redirect(f"{reverse('review_queue')}?{filters.urlencode()}")
