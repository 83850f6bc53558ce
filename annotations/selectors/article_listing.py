"""The articles page: its selection, each article's most used tags, its search snippets.

Rules: lists never load an article's text (`defer("text")`); counts of related rows are
subqueries on a foreign key's index, so filters that join quotes cannot inflate them; the
tags of a page of articles take four queries whatever the page size.
"""

from collections import Counter

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from annotations import search
from annotations.models import Annotation, Article, Entity, TaggedActor, TaggedTheme, Theme


def articles_for_listing() -> QuerySet[Article]:
    """Articles with their number of annotations (a subquery: filters that join
    annotations must not inflate it); their text, which lists never show, stays behind."""
    return (
        Article.objects.select_related("outlet")
        .defer("text")
        .annotate(annotation_count=_rows_pointing_here(Annotation, "article"))
        .order_by("-published", "-created", "-id")
    )


def _rows_pointing_here(model, field: str) -> Coalesce:
    """How many rows of `model` have the outer row as `field`: a subquery on that foreign
    key's index, where grouping the outer table joined to `model` sorts every row."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(total=Count("*"))
        .values("total")
    )
    return Coalesce(Subquery(rows), 0)


def top_tags_of_articles(articles: list[Article], per_article: int = 3) -> dict[int, dict]:
    """{article id: {"themes": [...], "actors": [...]}}: the most used tags of each article."""
    ids = [article.pk for article in articles]
    result: dict[int, dict] = {pk: {"themes": [], "actors": []} for pk in ids}
    for key, through, model in (("themes", TaggedTheme, Theme), ("actors", TaggedActor, Entity)):
        # The page's taggings are counted here: asked to group them, PostgreSQL hashes the
        # whole tagging table (130 ms for 200 articles among a million quotes) where
        # fetching them by their article (ArticleFacts) takes a few.
        uses: dict[int, Counter] = {pk: Counter() for pk in ids}
        for article_id, tag_id in through.objects.filter(article_id__in=ids).values_list(
            "article_id", "tag_id"
        ):
            uses[article_id][tag_id] += 1
        chosen = {
            pk: [tag_id for tag_id, _ in counts.most_common(per_article)]
            for pk, counts in uses.items()
        }
        # Only the tags shown: all of a page's tags could exceed SQLite's parameter limit
        # and split the lookup into several queries.
        tags = model.objects.in_bulk({tag_id for kept in chosen.values() for tag_id in kept})
        for pk, kept in chosen.items():
            result[pk][key] = [tags[tag_id] for tag_id in kept]
    return result


def article_snippets(articles: list[Article], query: str) -> dict[int, str]:
    """{article id: a passage of its text around the search's matches, marked}; none
    without a search."""
    if not query.strip() or not articles:
        return {}
    return search.article_snippets([article.pk for article in articles], query)
