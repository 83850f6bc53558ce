from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from annotations import anchoring
from annotations.forms import HighlightEditForm, HighlightForm, SelectionForm
from annotations.models import Annotation, Article
from annotations.refusals import refusal_message
from annotations.selectors import reading, review_rows
from annotations.services import highlights, review
from annotations.views.articles import reader_context
from annotations.views.lookups import found_or_404


@require_POST
def highlight_create(request, pk: int):
    article = get_object_or_404(Article, pk=pk)
    form = HighlightForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            anchor = anchoring.selection_to_anchor(
                article.text, data["start_utf16"], data["end_utf16"], data["exact"]
            )
            highlights.annotation_create(
                article=article,
                author=request.user,
                start=anchor.start,
                end=anchor.end,
                exact=anchor.exact,
                **form.tags(),
            )
        except (ValueError, ValidationError) as error:
            form.add_error(
                None, error.messages if isinstance(error, ValidationError) else str(error)
            )
        else:
            if not request.htmx:
                messages.success(request, "Highlight saved.")
                return redirect(article)
            form = None
    # On failure the form comes back with the user's input and the reason.
    context = reader_context(reading.article_for_reading(pk=article.pk), request.user, form)
    status = 200 if form is None or request.htmx else 400
    template = "annotations/article_detail.html"
    if request.htmx:
        template += "#reader"
    return render(request, template, context, status=status)


@require_POST
def highlight_delete(request, pk: int):
    annotation = get_object_or_404(Annotation.objects.select_related("article"), pk=pk)
    article = annotation.article
    highlights.annotation_delete(annotation=annotation, user=request.user)
    messages.success(request, "Highlight deleted.")
    return redirect(article)


@require_http_methods(["GET", "POST"])
def highlight_edit(request, pk: int):
    """Edit a quote's tags, speaker and note; a concurrent save is refused, the input kept."""
    annotation = found_or_404(reading.annotation_detail, Annotation, pk=pk)
    if not highlights.can_edit_annotation(request.user, annotation):
        raise PermissionDenied("You may only edit your own annotations.")
    from_review = request.GET.get("from") == "review" or request.POST.get("from") == "review"
    form = HighlightEditForm.for_annotation(annotation)
    status = 200
    if request.method == "POST":
        form = HighlightEditForm(request.POST, prefix=f"edit-{annotation.pk}")
        if form.is_valid():
            data = form.cleaned_data
            try:
                updated = highlights.annotation_update(
                    annotation=annotation,
                    user=request.user,
                    expected_version=data["version"],
                    **form.tags(),
                )
            except review.AnnotationConflict as conflict:
                form.add_error(None, str(conflict))
                annotation = reading.annotation_detail(pk=pk)
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                if from_review:
                    return _after_review_edit(request, updated, approve="approve" in request.POST)
                if request.htmx:
                    reader = reading.article_for_reading(pk=annotation.article_id)
                    return render(
                        request,
                        "annotations/article_detail.html#reader",
                        reader_context(reader, request.user),
                    )
                messages.success(request, "Highlight updated.")
                return redirect(annotation.article)
        else:
            status = 400
    context = {"annotation": annotation, "form": form, "from_review": from_review}
    if request.htmx:
        response = render(request, "annotations/highlight_edit.html#edit-form", context, status=200)
        if request.method == "POST":
            # Errors replace the form in place, wherever it was opened.
            response = reswap(retarget(response, f"#edit-annotation-{pk}"), "outerHTML")
        return response
    return render(request, "annotations/highlight_edit.html", context, status=status)


@require_POST
def highlight_reattach(request, pk: int):
    """Repair an orphaned quote: put it on the passage now selected in the reader."""
    annotation = get_object_or_404(Annotation.objects.select_related("article"), pk=pk)
    if not highlights.can_edit_annotation(request.user, annotation):
        raise PermissionDenied("You may only repair your own annotations.")
    form = SelectionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Select the passage in the text first.")
        data = form.cleaned_data
        anchor = anchoring.selection_to_anchor(
            annotation.article.text, data["start_utf16"], data["end_utf16"], data["exact"]
        )
        highlights.annotation_reattach(
            annotation=annotation, user=request.user, start=anchor.start, end=anchor.end
        )
    except (ValueError, ValidationError) as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, "The highlight is placed on the new passage.")
    return redirect(annotation.article)


def _after_review_edit(request, annotation: Annotation, *, approve: bool):
    """In the review queue, an editor corrects the tags and may approve in the same step."""
    error = ""
    if approve:
        try:
            review.annotation_review(
                annotation=annotation,
                reviewer=request.user,
                to_status=Annotation.Status.APPROVED,
                expected_version=annotation.version,
            )
        except (review.AnnotationConflict, ValidationError, PermissionDenied) as refusal:
            error = refusal_message(refusal)
    if not request.htmx:
        return redirect("review_queue")
    return render(
        request,
        "annotations/review_queue.html#row",
        {"quote": review_rows.review_row(pk=annotation.pk), "row_error": error},
    )
