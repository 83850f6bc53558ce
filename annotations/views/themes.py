from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from annotations.models import Theme
from annotations.selectors import tag_indexes, tag_pages, tag_suggestions


@require_GET
def theme_list(request):
    return render(request, "annotations/theme_list.html", tag_indexes.theme_index())


@require_GET
def theme_detail(request, slug: str):
    theme = get_object_or_404(Theme, slug=slug)
    context = tag_pages.tag_page(theme=theme)
    context.update(theme=theme, chart_title=f"Quotes on “{theme.name}” over time")
    return render(request, "annotations/theme_detail.html", context)


@require_GET
def theme_suggest(request):
    """The themes whose name holds `q`, as the items of a field's list."""
    suggestions = tag_suggestions.theme_suggestions(query=request.GET.get("q", ""))
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
