"""Reads: querysets with their related rows already joined or prefetched."""

from django.db.models import Count, Prefetch, QuerySet

from annotations.models import Annotation, Article, Dossier, Entity, EntityAlias, Theme
from annotations.normalization import normalize_name


def annotations_with_tags(queryset: QuerySet[Annotation] | None = None) -> QuerySet[Annotation]:
    """Annotations ready to display or export: tags prefetched, people and article joined."""
    queryset = Annotation.objects.all() if queryset is None else queryset
    return queryset.select_related(
        "article", "article__outlet", "author", "speaker", "reviewer"
    ).prefetch_related("themes", "actors")  # taggit refuses custom prefetch querysets


def article_list() -> QuerySet[Article]:
    return (
        Article.objects.select_related("outlet")
        .annotate(annotation_count=Count("annotations"))
        .order_by("-created", "-id")
    )


def article_for_reading(*, pk: int) -> Article:
    """An article with its annotations in text order, tags and people prefetched."""
    annotations = annotations_with_tags(Annotation.objects.order_by("start", "-end", "id"))
    return (
        Article.objects.select_related("outlet", "imported_by")
        .prefetch_related(Prefetch("annotations", queryset=annotations))
        .get(pk=pk)
    )


def annotation_detail(*, pk: int) -> Annotation:
    return annotations_with_tags().prefetch_related("review_events__actor").get(pk=pk)


def annotations_of_article(*, article: Article) -> QuerySet[Annotation]:
    return annotations_with_tags(article.annotations.order_by("start", "-end", "id"))


def annotations_tagged_with_theme(*, theme: Theme) -> QuerySet[Annotation]:
    return annotations_with_tags(Annotation.objects.filter(themes=theme).order_by("-created"))


def annotations_tagged_with_actor(*, entity: Entity) -> QuerySet[Annotation]:
    return annotations_with_tags(Annotation.objects.filter(actors=entity).order_by("-created"))


def dossier_with_articles(*, pk: int) -> Dossier:
    return Dossier.objects.prefetch_related(Prefetch("articles", queryset=article_list())).get(
        pk=pk
    )


def theme_suggestions(*, query: str, limit: int = 10) -> list[dict]:
    """Themes whose name contains `query`, case and accents ignored; prefix matches first."""
    folded = normalize_name(query)
    if not folded:
        return []
    themes = Theme.objects.filter(normalized__contains=folded).order_by("name")[: limit * 3]
    ranked = sorted(themes, key=lambda theme: (not theme.normalized.startswith(folded), theme.name))
    return [{"name": theme.name, "colour": theme.colour} for theme in ranked[:limit]]


def actor_suggestions(*, query: str, limit: int = 10) -> list[dict]:
    """Actors whose name or one of whose aliases contains `query` (case and accents ignored).

    Typing "poutine" finds Putin through the alias; the alias that matched is returned
    so the page can say why.
    """
    folded = normalize_name(query)
    if not folded:
        return []
    by_name = Entity.objects.filter(normalized__contains=folded).order_by("name")[: limit * 3]
    by_alias = (
        EntityAlias.objects.filter(normalized__contains=folded)
        .select_related("entity")
        .order_by("name")[: limit * 3]
    )
    found: dict[int, dict] = {}
    for entity in by_name:
        found[entity.pk] = {"entity": entity, "alias": "", "key": entity.normalized}
    for alias in by_alias:
        found.setdefault(
            alias.entity_id, {"entity": alias.entity, "alias": alias.name, "key": alias.normalized}
        )
    ranked = sorted(
        found.values(), key=lambda item: (not item["key"].startswith(folded), item["entity"].name)
    )
    return [
        {"name": item["entity"].name, "kind": item["entity"].kind, "alias": item["alias"]}
        for item in ranked[:limit]
    ]
