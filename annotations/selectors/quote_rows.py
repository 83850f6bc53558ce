"""How quotes are loaded with their related rows, for the other selector modules and the
views that show quotes one by one or in lists.

Rules: a quote shown anywhere comes with its article, outlet, author, speaker and reviewer
joined (`annotations_joined`), never fetched one quote at a time; its tags are either
prefetched through taggit (`annotations_with_tags`, for single quotes and exports) or, for
lists, read through the tagging tables in a fixed number of queries whatever the number of
quotes (`with_tag_lists`, `tags_by_annotation`). This module imports no other selector
module, so every one of them may build on it.
"""

from collections import defaultdict

from django.db.models import QuerySet

from annotations.models import Annotation, Entity, TaggedActor, TaggedTheme, Theme


def annotations_joined(queryset: QuerySet[Annotation] | None = None) -> QuerySet[Annotation]:
    """Annotations with their article, outlet, author, speaker and reviewer joined."""
    queryset = Annotation.objects.all() if queryset is None else queryset
    return queryset.select_related("article", "article__outlet", "author", "speaker", "reviewer")


def annotations_with_tags(queryset: QuerySet[Annotation] | None = None) -> QuerySet[Annotation]:
    """Annotations ready to display one by one or export: joined, tags prefetched."""
    # taggit refuses custom prefetch querysets.
    return annotations_joined(queryset).prefetch_related("themes", "actors")


def with_tag_lists(quotes: list[Annotation]) -> list[Annotation]:
    """Gives each quote of a list `theme_list` and `actor_list`, its tags by name, in four
    queries: prefetching taggit's managers builds a queryset per quote and kind of tag
    (a hundred milliseconds for 200 quotes)."""
    ids = [quote.pk for quote in quotes]
    themes = tags_by_annotation(TaggedTheme, Theme, content_object__in=ids)
    actors = tags_by_annotation(TaggedActor, Entity, content_object__in=ids)
    for quote in quotes:
        quote.theme_list = themes.get(quote.pk, [])
        quote.actor_list = actors.get(quote.pk, [])
    return quotes


def tags_by_annotation(through, tag_model, **taggings) -> dict[int, list]:
    """{annotation id: tags sorted by name} of the taggings the lookups select; each
    distinct tag is loaded once."""
    links = list(through.objects.filter(**taggings).values_list("content_object_id", "tag_id"))
    tags = tag_model.objects.in_bulk({tag_id for _, tag_id in links})
    grouped: dict[int, list] = defaultdict(list)
    for annotation_id, tag_id in links:
        grouped[annotation_id].append(tags[tag_id])
    for group in grouped.values():
        group.sort(key=lambda tag: tag.name)
    return dict(grouped)
