from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
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


_SNAPSHOT_SALT = "review-queue-snapshot"


def _snapshot() -> str:
    """What the queue holds as it is shown: the highest annotation id and the time, signed
    so that a forged or garbled value is refused rather than read."""
    loaded = [review_rows.latest_annotation_id(), timezone.now().isoformat()]
    return signing.dumps(loaded, salt=_SNAPSHOT_SALT)


def _shown(post: QueryDict) -> review.Shown | None:
    """What the posting page showed: each row's version ("id:version") and, for the whole
    filtered set, its snapshot; None when the snapshot is missing or not ours."""
    versions = {}
    for value in post.getlist("shown"):
        pk, _, version = value.partition(":")
        if pk.isdigit() and version.isdigit():
            versions[int(pk)] = int(version)
    try:
        max_id, loaded = signing.loads(post.get("snapshot", ""), salt=_SNAPSHOT_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    as_of = parse_datetime(loaded) if isinstance(loaded, str) else None
    if not isinstance(max_id, int) or as_of is None:
        return None
    return review.Shown(versions=versions, max_id=max_id, as_of=as_of)


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
        "snapshot": _snapshot(),
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
    """Approve the selected quotes, or every pending quote the current filters select,
    as the page showed them: what changed or was added since is skipped and reported."""
    _require_editor(request.user)
    filters = QueryDict(request.POST.get("filters", ""), mutable=False)
    back = redirect(f"{reverse('review_queue')}?{filters.urlencode()}")
    shown = _shown(request.POST)
    if shown is None:
        messages.error(request, "Nothing approved: reload the page and try again.")
        return back
    if request.POST.get("scope") == "all":
        selected = _queue_filter(filters).qs
    else:
        ids = [
            int(pk) for pk in request.POST.getlist("ids") if pk.isdigit() and fields.fits_an_id(pk)
        ]
        selected = Annotation.objects.filter(pk__in=ids)
        # Only the rows shown count as seen: the set is exactly the ticked ones.
        shown = review.Shown(versions=shown.versions)
    result = review.annotation_approve_many(
        reviewer=request.user, annotations=selected, shown=shown
    )
    report = [f"{result['approved']} approved"]
    if result["changed"]:
        they = "it" if result["changed"] == 1 else "they"
        report.append(
            f"{result['changed']} skipped because {they} changed since you loaded the page"
        )
    if result["skipped"]:
        report.append(f"{result['skipped']} left alone (not pending, or your own)")
    messages.success(request, "; ".join(report) + ".")
    return back
