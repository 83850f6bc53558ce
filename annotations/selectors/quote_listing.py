"""The quotes page: its selection, its cards and its search snippets.

Rules: the page filters and orders `quotes_for_listing()` on ids alone, then loads the
cards of one page with `quote_cards_of` in three queries whatever the page size: cards are
plain rows (`QuoteCard`) with their tags as `TagLabel`s, not model instances.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db.models import QuerySet

from annotations import search
from annotations.models import Annotation, TaggedActor, TaggedTheme


def quotes_for_listing() -> QuerySet[Annotation]:
    """The quotes page's selection, newest first unless a sort is chosen; its cards are
    loaded by quote_cards_of."""
    return Annotation.objects.order_by("-created", "-id")


class TagLabel(NamedTuple):
    pk: int
    slug: str
    name: str


@dataclass(frozen=True)
class QuoteCard:
    """One quote as the quotes page's card shows it (templatetags/cards.py): a plain row,
    three times cheaper to load than a quote with its article, outlet, author and speaker
    as model instances (10 ms for a page of 200)."""

    pk: int
    exact: str
    prefix: str
    suffix: str
    status: str
    article_id: int
    article_title: str
    published: datetime | None
    outlet_name: str | None
    author_name: str
    speaker_name: str | None
    speaker_slug: str | None
    themes: list[TagLabel]
    actors: list[TagLabel]

    def get_status_display(self) -> str:
        return Annotation.Status(self.status).label


def quote_cards_of(ids: list[int]) -> dict[int, QuoteCard]:
    """{id: card} of these quotes, their tags by name, in three queries."""
    tags = {
        key: _tag_labels(through, ids)
        for key, through in (("themes", TaggedTheme), ("actors", TaggedActor))
    }
    rows = Annotation.objects.filter(pk__in=ids).values_list(
        *("pk", "exact", "prefix", "suffix", "status", "article_id", "article__title"),
        *("article__published", "article__outlet__name", "author__username"),
        *("speaker__name", "speaker__slug"),
    )
    return {
        row[0]: QuoteCard(
            *row, themes=tags["themes"].get(row[0], []), actors=tags["actors"].get(row[0], [])
        )
        for row in rows
    }


def _tag_labels(through, ids: list[int]) -> dict[int, list[TagLabel]]:
    labels: dict[int, list[TagLabel]] = defaultdict(list)
    rows = through.objects.filter(content_object__in=ids).values_list(
        "content_object_id", "tag_id", "tag__slug", "tag__name"
    )
    for quote_id, *label in rows.order_by("tag__name"):
        labels[quote_id].append(TagLabel(*label))
    return labels


def quote_snippets(quotes: list[QuoteCard], query: str) -> dict[int, str]:
    """{quote id: the quote's passage matching the search, marked}; none without a search."""
    if not query.strip() or not quotes:
        return {}
    return search.annotation_snippets([quote.pk for quote in quotes], query)
