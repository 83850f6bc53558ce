from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from annotations import intake, rendering
from annotations.filters import ArticleFilter
from annotations.forms import ArticlePasteForm, ArticleTextForm, HighlightForm
from annotations.models import Article, Dossier
from annotations.selectors import article_listing, overview, reading
from annotations.services import articles, highlights, imports
from annotations.views.listing import PAGE_SIZES, paginate, query_without_page, render_list
from annotations.views.lookups import found_or_404


@require_GET
def home(request):
    return render(request, "annotations/home.html", overview.overview(user=request.user))


@require_http_methods(["GET", "POST"])
def article_paste(request):
    form = ArticlePasteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The same cleaning, language detection and duplicate checks as any import.
        item = intake.item_from_paste(
            data["text"],
            title=data["title"],
            url=data["url"],
            outlet=data["outlet"],
            author=data["author"],
            published=data["published"],
            language=data["language"],
        )
        (outcome,) = imports.articles_import(items=[item], created_by=request.user)
        if outcome.status == "imported":
            # No period after the title: it may end with its own.
            messages.success(request, f"Imported “{outcome.article.title}”")
            return redirect(outcome.article)
        context = {"form": form, "outcome": imports.report_entry(outcome)}
        status = 409 if outcome.status == "duplicate" else 200
        return render(request, "annotations/article_paste.html", context, status=status)
    return render(request, "annotations/article_paste.html", {"form": form})


def reader_context(
    reader: reading.ReaderData, user, annotation_form: HighlightForm | None = None
) -> dict:
    """What the reading view needs: paragraphs of highlighted segments and the side list."""
    annotations = reader.annotations
    placed = [a for a in annotations if not a.orphaned]
    spans = [rendering.Span(a.pk, a.start, a.end) for a in placed]
    styles = {}
    for annotation in placed:
        themes = reader.themes_by_annotation.get(annotation.pk)
        theme_class = f"theme-{themes[0].pk}" if themes else "no-theme"
        styles[annotation.pk] = f"{theme_class} status-{annotation.status}"
    return {
        "article": reader.article,
        "themes_by_annotation": reader.themes_by_annotation,
        # Changes when a highlight brings a new theme, so the swapped-in page reloads colours.
        "theme_version": max(
            (theme.pk for themes in reader.themes_by_annotation.values() for theme in themes),
            default=0,
        ),
        "actors_by_annotation": reader.actors_by_annotation,
        "paragraphs": rendering.render_paragraphs(reader.article.text, spans),
        "highlight_styles": styles,
        "annotations": annotations,
        "orphans": [a for a in annotations if a.orphaned],
        "editable_ids": highlights.editable_annotation_ids(user, annotations),
        "annotation_form": annotation_form or HighlightForm(),
        # Mention suggestions are computed on request (views/mentions.py), not on every view.
        "suggestions": None,
    }


@require_GET
def article_detail(request, pk: int):
    reader = found_or_404(reading.article_for_reading, Article, pk=pk)
    context = reader_context(reader, request.user)
    context["dossiers"] = list(Dossier.objects.only("pk", "name"))
    context["article_dossier_ids"] = set(reader.article.dossiers.values_list("pk", flat=True))
    return render(request, "annotations/article_detail.html", context)


@require_http_methods(["GET", "POST"])
def article_edit_text(request, pk: int):
    """Correct an article's text (editors); every highlight is re-anchored or flagged."""
    article = get_object_or_404(Article, pk=pk)
    if not request.user.has_perm("annotations.change_article"):
        raise PermissionDenied("Only editors and staff correct article text.")
    form = ArticleTextForm(request.POST or None, initial={"text": article.text})
    if request.method == "POST" and form.is_valid():
        try:
            counts = articles.article_update_text(
                article=article, text=form.cleaned_data["text"], user=request.user
            )
        except articles.DuplicateArticle as duplicate:
            form.add_error("text", str(duplicate))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            placed = counts["position"] + counts["quote"] + counts["fuzzy"]
            messages.success(
                request,
                f"Text saved. {placed} highlights placed"
                + (f", {counts['orphaned']} to repair." if counts["orphaned"] else "."),
            )
            return redirect(article)
    return render(request, "annotations/article_edit.html", {"article": article, "form": form})


@require_GET
def article_list(request):
    selection = ArticleFilter(request.GET, queryset=article_listing.articles_for_listing())
    page = paginate(request, selection.qs)
    context = {
        "filter": selection,
        "page": page,
        "top_tags": article_listing.top_tags_of_articles(page.object_list),
        "dossiers": list(Dossier.objects.only("pk", "name")),
        "snippets": article_listing.article_snippets(page.object_list, request.GET.get("q", "")),
        "query": query_without_page(request),
        "page_sizes": PAGE_SIZES,
    }
    return render_list(request, "annotations/article_list.html", context)
