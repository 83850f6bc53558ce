from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from annotations import intake, rendering
from annotations.filters import ArticleFilter
from annotations.forms import ArticleDetailsForm, ArticlePasteForm, ArticleTextForm, HighlightForm
from annotations.models import Article
from annotations.selectors import article_listing, overview, reading, tag_suggestions
from annotations.services import articles, dossiers, highlights, imports
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
    context["dossiers"] = list(dossiers.changeable_by(request.user).only("pk", "name"))
    context["article_dossier_ids"] = set(reader.article.dossiers.values_list("pk", flat=True))
    context["can_edit_details"] = articles.can_edit_details(request.user, reader.article)
    context["history"] = reading.article_history(article=reader.article)
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


@require_http_methods(["GET", "POST"])
def article_edit_details(request, pk: int):
    """Correct an article's title, outlet, author, date, URL or language, in place."""
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=pk)
    if not articles.can_edit_details(request.user, article):
        raise PermissionDenied("Only editors and the analyst who imported it correct an article.")
    form = ArticleDetailsForm(request.POST or None, initial=ArticleDetailsForm.initial_for(article))
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            revision = articles.article_update_details(
                article=article,
                user=request.user,
                expected_modified=form.cleaned_data["modified"],
                **form.details(),
            )
        except articles.ArticleConflict as conflict:
            form = _details_conflict(request, conflict.current)
        except articles.DuplicateArticle as clash:
            form.add_error("url", "Another article has this URL.")
            duplicate = clash.existing
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Details saved." if revision else "Nothing to change.")
            if request.htmx:
                return HttpResponseClientRedirect(article.get_absolute_url())
            return redirect(article)
    template = "annotations/article_details_edit.html"
    return render(
        request,
        f"{template}#details-form" if request.htmx else template,
        {"article": article, "form": form, "duplicate": duplicate},
    )


def _details_conflict(request, current: Article) -> ArticleDetailsForm:
    """The user's input kept, the newer version to save over, and what is there now."""
    data = request.POST.copy()
    data["modified"] = current.modified.isoformat()
    form = ArticleDetailsForm(data)
    form.is_valid()
    now = ArticleDetailsForm.initial_for(current)
    form.add_error(
        None,
        "Someone changed these details while you were editing them. Your input is kept; now "
        f"the title is “{now['title']}”, the outlet “{now['outlet']}”, the date "
        f"{now['published_date'] or 'not set'}. Save again to replace them with yours.",
    )
    return form


@require_GET
def article_list(request):
    selection = ArticleFilter(request.GET, queryset=article_listing.articles_for_listing())
    page = paginate(request, selection.qs)
    context = {
        "filter": selection,
        "page": page,
        "top_tags": article_listing.top_tags_of_articles(page.object_list),
        "dossiers": list(dossiers.changeable_by(request.user).only("pk", "name")),
        "snippets": article_listing.article_snippets(page.object_list, request.GET.get("q", "")),
        "query": query_without_page(request),
        "page_sizes": PAGE_SIZES,
    }
    return render_list(request, "annotations/article_list.html", context)


@require_GET
def outlet_suggest(request):
    """The outlets whose name holds `q`, as the items of a field's list."""
    suggestions = tag_suggestions.outlet_suggestions(query=request.GET.get("q", ""))
    return render(request, "annotations/_suggestions.html", {"suggestions": suggestions})
