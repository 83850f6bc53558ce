from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from annotations import selectors
from annotations.models import Entity


@require_GET
def entity_detail(request, slug: str):
    entity = get_object_or_404(Entity.objects.prefetch_related("aliases"), slug=slug)
    annotations = selectors.annotations_tagged_with_actor(entity=entity)[:200]
    return render(
        request, "annotations/entity_detail.html", {"entity": entity, "annotations": annotations}
    )


@require_GET
def actor_suggest(request):
    return JsonResponse({"results": selectors.actor_suggestions(query=request.GET.get("q", ""))})
