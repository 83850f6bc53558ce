from django.http import HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from annotations.exports import backup, csv_writer, database_csv, jsonld
from annotations.filters import QuoteFilter
from annotations.models import Annotation, Article
from annotations.selectors import export_sets

JSONLD_PAGE_SIZE = 1000
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonld": 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
    "jsonl": "application/jsonl; charset=utf-8",
}


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _download(stream, fmt: str, stem: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(stream, content_type=CONTENT_TYPES[fmt])
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}.{fmt}"'
    return response


@require_GET
def export_annotations(request, fmt: str):
    """Any filtered set of quotes (the quotes page's query string), streamed."""
    quotes = QuoteFilter(request.GET, queryset=Annotation.objects.all())
    if not quotes.is_valid():
        return HttpResponseBadRequest(f"Invalid filters: {quotes.errors.as_text()}")
    if unknown := quotes.unknown_names():
        return HttpResponseBadRequest(" ".join(unknown), content_type="text/plain; charset=utf-8")
    base_url = _base_url(request)
    selected = export_sets.annotations_for_export(quotes.qs)
    if fmt == "csv":
        options = {
            "base_url": base_url,
            "bom": request.GET.get("bom") == "1",
            "delimiter": ";" if request.GET.get("delimiter") == "semicolon" else ",",
        }
        # The spreadsheet variant gets its own name: both links may be downloaded side by side.
        stem = "newsroom-quotes-excel" if options["delimiter"] == ";" else "newsroom-quotes"
        return _download(database_csv.iter_fast_csv(quotes.qs, **options), fmt, stem)
    if fmt == "jsonl":
        has_filters = any(value for key, value in request.GET.items() if key != "size")
        stream = backup.iter_jsonl(
            export_sets.articles_for_backup(quotes.qs if has_filters else None)
        )
        return _download(stream, fmt, "newsroom-backup")
    return _jsonld(request, selected, base_url)


def _jsonld(request, selected, base_url: str):
    """Small sets come whole; large ones as a collection of pages (`?page=N`)."""
    total = selected.count()
    params = request.GET.copy()
    params.pop("page", None)
    collection_id = f"{base_url}{request.path}" + (f"?{params.urlencode()}" if params else "")

    def page_url(number: int) -> str:
        params["page"] = str(number)
        return f"{base_url}{request.path}?{params.urlencode()}"

    pages = max(1, -(-total // JSONLD_PAGE_SIZE))
    page = request.GET.get("page")
    if page is None and total <= JSONLD_PAGE_SIZE:
        stream = jsonld.iter_jsonld(jsonld.quote_records(selected), base_url=base_url, total=total)
        return _download(stream, "jsonld", "newsroom-quotes")
    if page is None:
        return JsonResponse(
            jsonld.jsonld_collection(
                base_url=base_url,
                collection_id=collection_id,
                total=total,
                first_id=page_url(1),
                last_id=page_url(pages),
                label="Newsroom annotations",
            ),
            content_type=CONTENT_TYPES["jsonld"],
            json_dumps_params={"ensure_ascii": False},
        )
    try:
        number = int(page)
    except ValueError:
        return HttpResponseBadRequest("page must be a number")
    if not 1 <= number <= pages:
        return HttpResponseBadRequest(f"page must be between 1 and {pages}")
    offset = (number - 1) * JSONLD_PAGE_SIZE
    stream = jsonld.iter_jsonld_page(
        jsonld.quote_records(
            Annotation.objects.filter(
                pk__in=list(
                    selected.order_by("id").values_list("pk", flat=True)[
                        offset : offset + JSONLD_PAGE_SIZE
                    ]
                )
            )
        ),
        base_url=base_url,
        collection_id=collection_id,
        page_id=page_url(number),
        total=total,
        start_index=offset,
        next_id=page_url(number + 1) if number < pages else None,
        prev_id=page_url(number - 1) if number > 1 else None,
    )
    return StreamingHttpResponse(stream, content_type=CONTENT_TYPES["jsonld"])


@require_GET
def article_annotations_csv(request, pk: int):
    article = get_object_or_404(Article, pk=pk)
    annotations = export_sets.annotations_of_article(article=article)
    stream = csv_writer.iter_csv(annotations.iterator(chunk_size=2000), base_url=_base_url(request))
    return _download(
        stream, "csv", f"article-{article.pk}-{slugify(article.title)[:60] or 'quotes'}"
    )
