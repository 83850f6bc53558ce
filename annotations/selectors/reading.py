"""The reading view of an article, its history of changes, and the page of one quote.

Rules: the reader loads an article, all its highlights and their tags in at most six
queries, however many highlights it has (500 on a busy article): highlights come as plain rows
(`ReaderAnnotation`), not model instances, and tags through the tagging tables. A missing
article or quote raises the model's DoesNotExist (views turn it into a 404).
"""

from dataclasses import dataclass

from annotations.models import (
    Annotation,
    Article,
    ArticleRevision,
    Entity,
    TaggedActor,
    TaggedTheme,
    Theme,
)
from annotations.selectors import quote_rows


@dataclass(frozen=True)
class ReaderAnnotation:
    """One highlight as the reading view shows it: a plain row, five times cheaper to load
    than a model instance with its author and speaker, which matters at 500 per article."""

    pk: int
    start: int
    end: int
    exact: str
    status: str
    orphaned: bool
    note_html: str
    review_reason: str
    author_id: int
    author_name: str
    speaker_name: str | None
    speaker_slug: str | None

    def get_status_display(self) -> str:
        return Annotation.Status(self.status).label


@dataclass
class ReaderData:
    """Everything the reading view shows, fetched in a fixed number of queries."""

    article: Article
    annotations: list[ReaderAnnotation]
    themes_by_annotation: dict[int, list[Theme]]
    actors_by_annotation: dict[int, list[Entity]]


def article_for_reading(*, pk: int) -> ReaderData:
    """An article, its annotations in text order, and their tags grouped per annotation.

    Tags are read through the through tables in one query each: going through taggit's
    managers per annotation costs more than the rest of the page.
    """
    article = Article.objects.select_related("outlet").get(pk=pk)
    rows = article.annotations.order_by("start", "-end", "id").values_list(
        "id",
        "start",
        "end",
        "exact",
        "status",
        "orphaned",
        "note_html",
        "review_reason",
        "author_id",
        "author__username",
        "speaker__name",
        "speaker__slug",
    )
    annotations = [ReaderAnnotation(*row) for row in rows]
    themes = quote_rows.tags_by_annotation(TaggedTheme, Theme, content_object__article=article)
    actors = quote_rows.tags_by_annotation(TaggedActor, Entity, content_object__article=article)
    return ReaderData(article, annotations, themes, actors)


DETAIL_LABELS = {
    "title": "Title",
    "outlet": "Outlet",
    "author": "Author",
    "published": "Published",
    "url": "URL",
    "language": "Language",
}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str
    quoted: bool = True  # values the user typed; a count is not


def article_history(*, article: Article) -> list[tuple[ArticleRevision, list[Change]]]:
    """The article's changes since its import, newest first, each with its changed fields
    in words (a text correction as its lengths and how its highlights were placed). One
    query."""
    history = []
    for revision in article.revisions.select_related("user"):
        changes = revision.changes
        lines = [
            Change(label, *changes[field])
            for field, label in DETAIL_LABELS.items()
            if field in changes
        ]
        if "text" in changes:
            before, after = changes["text"]
            placed = changes.get("highlights", {})
            moved = sum(placed.get(way, 0) for way in ("position", "quote", "fuzzy"))
            lines.append(
                Change(
                    "Text",
                    f"{before:,} characters",
                    f"{after:,} characters ({moved} highlights placed, "
                    f"{placed.get('orphaned', 0)} to repair)",
                    quoted=False,
                )
            )
        history.append((revision, lines))
    return history


def annotation_detail(*, pk: int) -> Annotation:
    """One quote with its article, people and tags, and its review history."""
    return quote_rows.annotations_with_tags().prefetch_related("review_events__actor").get(pk=pk)
