from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from annotations import exports, selectors
from annotations.models import Article


@require_GET
def article_annotations_csv(request, pk: int):
    article = get_object_or_404(Article, pk=pk)
    annotations = selectors.annotations_of_article(article=article)
    base_url = request.build_absolute_uri("/").rstrip("/")
    response = StreamingHttpResponse(
        exports.iter_csv(annotations.iterator(chunk_size=2000), base_url=base_url),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"article-{article.pk}-{slugify(article.title)[:60] or 'annotations'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
