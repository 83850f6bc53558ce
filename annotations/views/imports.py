from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations import tasks
from annotations.forms import ImportForm
from annotations.models import ImportBatch
from annotations.refusals import refusal_message
from annotations.services import dossiers, imports

# Files that may hold many articles always go to the background worker.
_MULTI_ARTICLE_SUFFIXES = (".zip", ".jsonl", ".csv")


def _runs_inline(files, urls) -> bool:
    """Few small files run while the page waits; anything else could outlast the request
    (and the worker's timeout, which would leave the batch unfinished)."""
    if len(files) + len(urls) > settings.NEWSROOM_INLINE_IMPORT_LIMIT:
        return False
    if sum(upload.size for upload in files) > settings.NEWSROOM_INLINE_IMPORT_MAX_BYTES:
        return False
    return not any(upload.name.lower().endswith(_MULTI_ARTICLE_SUFFIXES) for upload in files)


@require_http_methods(["GET", "POST"])
def import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    # Importing into a dossier changes it: only the user's own (all of them for editors).
    form.fields["dossier"].queryset = dossiers.changeable_by(request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = imports.import_batch_create(
                user=request.user,
                uploads=[(upload.name, upload) for upload in data["files"]],
                urls=data["urls"],
                dossier=data["dossier"],
                language=data["language"],
                full_restore=data.get("restore", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if _runs_inline(data["files"], data["urls"]):
                imports.import_batch_run(batch=batch)
            else:
                tasks.queue_import_batch(batch)
            return redirect(batch)
    recent = ImportBatch.objects.filter(created_by=request.user)[:10]
    return render(request, "annotations/import_start.html", {"form": form, "recent": recent})


def _own_batch(request, pk: int) -> ImportBatch:
    batch = get_object_or_404(ImportBatch.objects.select_related("dossier"), pk=pk)
    if batch.created_by_id != request.user.pk and not request.user.is_staff:
        raise PermissionDenied("This import belongs to someone else.")
    return batch


@require_GET
def import_batch_detail(request, pk: int):
    batch = _own_batch(request, pk)
    if not batch.is_finished:
        # A dead run would otherwise show "Running…" and be polled forever.
        batch = imports.import_batch_expire(
            batch=batch, task_failed=tasks.import_batch_task_failed(batch)
        )
    template = "annotations/import_batch.html"
    if request.htmx:
        template += "#report"
    return render(request, template, {"batch": batch, "counts": batch.counts()})


@require_POST
def import_batch_retry(request, pk: int):
    batch = _own_batch(request, pk)
    try:
        batch = imports.import_batch_retry(batch=batch, user=request.user)
    except ValidationError as error:
        messages.error(request, refusal_message(error))
    else:
        tasks.queue_import_batch(batch)
    return redirect(batch)
