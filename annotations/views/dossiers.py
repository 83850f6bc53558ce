from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations.forms import DossierArticlesForm, DossierForm
from annotations.models import Dossier
from annotations.refusals import refusal_message
from annotations.selectors import dossier_pages
from annotations.services import dossiers
from annotations.views.listing import paginate, query_without_page, render_list
from annotations.views.navigation import back


@require_http_methods(["GET", "POST"])
def dossier_list(request):
    form = DossierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = dossiers.dossier_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Dossier “{dossier.name}” created.")
            return redirect(dossier)
    return render(
        request,
        "annotations/dossier_list.html",
        {"dossiers": dossier_pages.dossier_index(), "form": form},
    )


@require_GET
def dossier_detail(request, pk: int):
    dossier = get_object_or_404(Dossier.objects.select_related("created_by"), pk=pk)
    context = dossier_pages.dossier_page(dossier=dossier)
    context["page"] = paginate(request, context.pop("articles"))
    context["query"] = query_without_page(request)
    context["may_change"] = dossiers.may_change(request.user, dossier)
    context["rename_form"] = DossierForm(initial={"name": dossier.name}, prefix="rename")
    context["export_query"] = f"dossier={dossier.pk}"
    return render_list(request, "annotations/dossier_detail.html", context)


@require_POST
def dossier_rename(request, pk: int):
    dossier = get_object_or_404(Dossier, pk=pk)
    # Refused before the form is read: a blank name must not hide the refusal.
    dossiers.check_may_change(request.user, dossier)
    form = DossierForm(request.POST, prefix="rename")
    if form.is_valid():
        try:
            dossiers.dossier_rename(
                user=request.user, dossier=dossier, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            messages.error(request, refusal_message(error))
        else:
            messages.success(request, f"Renamed to “{dossier.name}”")
    return redirect(dossier)


@require_POST
def dossier_describe(request, pk: int):
    dossier = get_object_or_404(Dossier, pk=pk)
    try:
        dossiers.dossier_describe(
            user=request.user, dossier=dossier, description=request.POST.get("description", "")
        )
    except ValidationError as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, "Description saved.")
    return redirect(dossier)


@require_POST
def dossier_delete(request, pk: int):
    dossier = get_object_or_404(Dossier, pk=pk)
    dossiers.dossier_delete(user=request.user, dossier=dossier)
    messages.success(request, f"Dossier “{dossier.name}” deleted; its articles remain.")
    return redirect("dossier_list")


@require_POST
def dossier_articles(request):
    """Add or remove one or many articles (from the article list or the reader)."""
    form = DossierArticlesForm(request.POST)
    # Someone else's dossier is not a valid choice: the lists only offer one's own.
    form.fields["dossier"].queryset = dossiers.changeable_by(request.user)
    if not form.is_valid():
        messages.error(request, "Choose a dossier and at least one article.")
        return back(request, "article_list")
    data = form.cleaned_data
    try:
        count = dossiers.dossier_set_articles(
            user=request.user,
            dossier=data["dossier"],
            article_ids=data["articles"],
            add=data["action"] == "add",
        )
    except PermissionDenied as refusal:
        messages.error(request, refusal_message(refusal))
        return back(request, data["dossier"])
    verb = "added to" if data["action"] == "add" else "removed from"
    messages.success(
        request, f"{count} article{'s' if count != 1 else ''} {verb} “{data['dossier']}”"
    )
    return back(request, data["dossier"])
