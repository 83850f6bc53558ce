"""What the exports write (the writers are in annotations/exports/): a filtered set of
quotes, one article's quotes, and the articles of a JSONL backup with their quotes.

Rules: every set comes in a stable order (by id, or by article and position) with the
related rows its writer reads joined or prefetched, so writing costs no query per quote; the
backup streams articles in chunks of 500 and, with
no filter, includes every article, annotated or not.
"""

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet

from annotations.models import Annotation, Article
from annotations.selectors import quote_rows


def annotations_for_export(queryset: QuerySet[Annotation]) -> QuerySet[Annotation]:
    """A filtered set ready for the writers in annotations.exports, in a stable order."""
    return quote_rows.annotations_with_tags(queryset.order_by("id"))


def annotations_of_article(*, article: Article) -> QuerySet[Annotation]:
    """An article's quotes in text order, ready for the CSV writer."""
    return quote_rows.annotations_with_tags(article.annotations.order_by("start", "-end", "id"))


def articles_for_backup(
    annotations: QuerySet[Annotation] | None,
) -> Iterator[tuple[Article, list[Annotation]]]:
    """(article, its annotations) pairs for the JSONL backup, streamed in chunks.

    With no annotation filter every article is included, annotated or not.
    """
    if annotations is None:
        articles = Article.objects.all()
        annotations = Annotation.objects.all()
    else:
        articles = Article.objects.filter(pk__in=annotations.values("article_id"))
    quotes = (
        annotations.order_by("start", "id")
        .select_related("author", "reviewer", "speaker")
        .prefetch_related("themes", "actors__aliases", "speaker__aliases")
    )
    articles = (
        articles.select_related("outlet")
        .prefetch_related(Prefetch("annotations", queryset=quotes, to_attr="backup_annotations"))
        .order_by("id")
    )
    for article in articles.iterator(chunk_size=500):
        yield article, article.backup_annotations
