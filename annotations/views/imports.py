from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from annotations import tasks
from annotations.forms import ImportForm
from annotations.models import ImportBatch
from annotations.services import dossiers, imports

# Files that may hold many articles always go to the background worker.
_MULTI_ARTICLE_SUFFIXES = (".zip", ".jsonl", ".csv")


def _runs_inline(files, urls) -> bool:
    if len(files) + len(urls) > settings.NEWSROOM_INLINE_IMPORT_LIMIT:
        return False
    return not any(upload.name.lower().endswith(_MULTI_ARTICLE_SUFFIXES) for upload in files)


@require_http_methods(["GET", "POST"])
def import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    # Importing into a dossier changes it: only the user's own (all of them for editors).
    form.fields["dossier"].queryset = dossiers.changeable_by(request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = imports.import_batch_create(
                user=request.user,
                uploads=[(upload.name, upload.read()) for upload in data["files"]],
                urls=data["urls"],
                dossier=data["dossier"],
                language=data["language"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if _runs_inline(data["files"], data["urls"]):
                imports.import_batch_run(batch=batch)
            else:
                tasks.run_import_batch.enqueue(batch.pk)
            return redirect(batch)
    recent = ImportBatch.objects.filter(created_by=request.user)[:10]
    return render(request, "annotations/import_start.html", {"form": form, "recent": recent})


@require_GET
def import_batch_detail(request, pk: int):
    batch = get_object_or_404(ImportBatch.objects.select_related("dossier"), pk=pk)
    if batch.created_by_id != request.user.pk and not request.user.is_staff:
        raise PermissionDenied("This import belongs to someone else.")
    template = "annotations/import_batch.html"
    if request.htmx:
        template += "#report"
    return render(request, template, {"batch": batch, "counts": batch.counts()})
