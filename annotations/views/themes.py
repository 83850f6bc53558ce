from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from annotations import selectors
from annotations.models import Theme


@require_GET
def theme_list(request):
    return render(request, "annotations/theme_list.html", selectors.theme_index())


@require_GET
def theme_detail(request, slug: str):
    theme = get_object_or_404(Theme, slug=slug)
    context = selectors.tag_page(theme=theme)
    context.update(theme=theme, chart_title=f"Quotes on “{theme.name}” over time")
    return render(request, "annotations/theme_detail.html", context)


@require_GET
def theme_suggest(request):
    """The themes whose name holds `q`, as the items of a field's list."""
    suggestions = selectors.theme_suggestions(query=request.GET.get("q", ""))
    return render(request, "annotations/_suggestions.html", {"suggestions": suggestions})


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
