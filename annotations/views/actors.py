from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from annotations.exports import registry_files
from annotations.forms import ActorForm, HighlightTagsForm
from annotations.models import Entity, EntityAlias
from annotations.refusals import refusal_message
from annotations.selectors import tag_indexes, tag_pages, tag_suggestions
from annotations.services import registry
from annotations.views.listing import page_size, query_without_page, render_list


@require_GET
def actor_list(request):
    kind = request.GET.get("kind", "")
    if kind not in Entity.Kind.values:
        kind = ""
    counts = {row["kind"]: row["total"] for row in tag_indexes.actor_kind_counts()}
    index = tag_indexes.actor_index(kind=kind)
    page = Paginator(index["ranking"], page_size(request)).get_page(request.GET.get("page"))
    page.object_list = tag_indexes.actors_ranked(list(page.object_list), index["uses"])
    context = {
        "page": page,
        "counts_at": index["counts_at"],
        "query": query_without_page(request),
        "kind": kind,
        "kinds": [(value, label, counts.get(value, 0)) for value, label in Entity.Kind.choices],
    }
    return render_list(request, "annotations/actor_list.html", context)


@require_GET
def actor_detail(request, slug: str):
    entity = get_object_or_404(Entity.objects.prefetch_related("aliases"), slug=slug)
    context = tag_pages.tag_page(actor=entity)
    context.update(
        entity=entity,
        edit_form=ActorForm(
            initial={
                "name": entity.name,
                "kind": entity.kind,
                "description": entity.description,
                "wikidata_id": entity.wikidata_id,
            }
        ),
        merges=entity.merges.select_related("merged_by")[:20],
        spoken=tag_pages.quotes_spoken_by(entity=entity),
        chart_title=f"Quotes tagged with {entity.name} over time",
    )
    return render(request, "annotations/actor_detail.html", context)


@require_GET
def actor_suggest(request):
    """The actors whose name or spelling holds `q`, as the items of a field's list."""
    suggestions = tag_suggestions.actor_suggestions(query=request.GET.get("q", ""))
    return render(request, "annotations/_suggestions.html", {"suggestions": suggestions})


@require_GET
def actor_kinds(request):
    """The new names typed in a highlight's actors field, with their kinds (as one types)."""
    form = HighlightTagsForm(request.GET, prefix=request.GET.get("prefix") or None)
    context = {
        "form": form,
        "new_actors": tag_suggestions.new_actor_kinds(
            **form.typed_actors(), language=request.GET.get("language", "")
        ),
        "kinds": Entity.Kind.choices,
    }
    return render(request, "annotations/_new_actor_kinds.html#rows", context)


def _actor_or_404(slug: str) -> Entity:
    return get_object_or_404(Entity, slug=slug)


@require_POST
def actor_edit(request, slug: str):
    entity = _actor_or_404(slug)
    if not request.user.has_perm("annotations.change_entity"):
        raise PermissionDenied("Only editors and staff edit actors.")
    form = ActorForm(request.POST)
    if form.is_valid():
        try:
            entity = registry.entity_update(user=request.user, entity=entity, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, refusal_message(error))
        else:
            messages.success(request, f"Saved “{entity.name}”")
    else:
        messages.error(request, form.errors.as_text())
    return redirect(entity)


@require_POST
def actor_spelling_add(request, slug: str):
    entity = _actor_or_404(slug)
    if not request.user.has_perm("annotations.add_entityalias"):
        raise PermissionDenied("You may not add aliases.")
    name = request.POST.get("name", "").strip()
    try:
        registry.entity_spelling_add(user=request.user, entity=entity, name=name)
    except ValidationError as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, f"“{name}” now finds {entity.name}.")
    return redirect(entity)


@require_POST
def actor_spelling_remove(request, slug: str, alias_pk: int):
    entity = _actor_or_404(slug)
    alias = get_object_or_404(EntityAlias, pk=alias_pk, entity=entity)
    registry.entity_alias_remove(user=request.user, alias=alias)
    messages.success(request, f"Alias “{alias.name}” removed.")
    return redirect(entity)


@require_POST
def actor_merge(request, slug: str):
    """Merge another actor (named in the form) into this one."""
    survivor = _actor_or_404(slug)
    if not request.user.has_perm("annotations.change_entity"):
        raise PermissionDenied("Only editors and staff merge actors.")
    merged = registry.entity_find(name=request.POST.get("other", ""))
    if merged is None:
        messages.error(request, "No actor by that name or alias.")
        return redirect(survivor)
    try:
        record = registry.entity_merge(user=request.user, survivor=survivor, merged=merged)
    except ValidationError as error:
        messages.error(request, refusal_message(error))
    else:
        moved = record.moved
        messages.success(
            request,
            f"Merged “{record.merged_name}” into {survivor.name}: {moved['tags']} tags, "
            f"{moved['speaker']} speaker links and {moved['aliases']} aliases moved.",
        )
    return redirect(survivor)


@require_GET
def registry_export(request, fmt: str):
    entities = Entity.objects.prefetch_related("aliases").order_by("name")
    if fmt == "csv":
        stream, content_type = (
            registry_files.iter_registry_csv(entities.iterator(chunk_size=2000)),
            "text/csv; charset=utf-8",
        )
    else:
        stream, content_type = (
            registry_files.iter_registry_json(entities.iterator(chunk_size=2000)),
            "application/json",
        )
    response = StreamingHttpResponse(stream, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="newsroom-actors.{fmt}"'
    return response


@require_POST
def registry_import(request):
    if not request.user.has_perm("annotations.change_entity"):
        raise PermissionDenied("Only editors and staff import actors.")
    upload = request.FILES.get("registry")
    if upload is None:
        messages.error(request, "Choose a CSV or JSON file of actors.")
        return redirect("actor_list")
    try:
        records = registry_files.read_registry(upload.read(), filename=upload.name)
        report = registry.registry_import(user=request.user, records=records)
    except (ValueError, UnicodeDecodeError) as error:
        messages.error(request, f"{upload.name}: cannot read this file ({error}).")
        return redirect("actor_list")
    messages.success(
        request,
        f"{upload.name}: {len(report['created'])} actors added, {len(report['updated'])} updated.",
    )
    for problem in report["problems"][:20]:
        messages.warning(request, problem)
    return redirect("actor_list")
