from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from annotations import selectors
from annotations.models import Annotation, Entity


@require_GET
def actor_list(request):
    kind = request.GET.get("kind", "")
    if kind not in Entity.Kind.values:
        kind = ""
    counts = {row["kind"]: row["total"] for row in selectors.actor_kind_counts()}
    context = {
        "actors": selectors.actor_index(kind=kind)[:500],
        "kind": kind,
        "kinds": [(value, label, counts.get(value, 0)) for value, label in Entity.Kind.choices],
    }
    return render(request, "annotations/actor_list.html", context)


@require_GET
def entity_detail(request, slug: str):
    entity = get_object_or_404(Entity.objects.prefetch_related("aliases"), slug=slug)
    context = selectors.tag_page(quotes=Annotation.objects.filter(actors=entity), actor=entity)
    context.update(
        entity=entity,
        spoken=selectors.annotations_with_tags(entity.quotes_spoken.order_by("-created"))[:10],
        chart_title=f"Quotes tagged with {entity.name} over time",
    )
    return render(request, "annotations/entity_detail.html", context)


@require_GET
def actor_suggest(request):
    return JsonResponse({"results": selectors.actor_suggestions(query=request.GET.get("q", ""))})
