from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from annotations import selectors
from annotations.models import Theme


@require_GET
def theme_detail(request, slug: str):
    theme = get_object_or_404(Theme, slug=slug)
    annotations = selectors.annotations_tagged_with_theme(theme=theme)[:200]
    return render(
        request, "annotations/theme_detail.html", {"theme": theme, "annotations": annotations}
    )


@require_GET
def theme_suggest(request):
    return JsonResponse({"results": selectors.theme_suggestions(query=request.GET.get("q", ""))})


@require_GET
def theme_stylesheet(request):
    """Highlight colours per theme, as CSS classes (keeps styles out of the HTML)."""
    response = render(
        request,
        "annotations/themes.css",
        {"themes": Theme.objects.only("pk", "colour")},
        content_type="text/css; charset=utf-8",
    )
    response["Cache-Control"] = "private, max-age=60"
    return response
