"""Mentions of actors in articles' text: the suggestions the reader offers for one
article, and what "tag every mention" of an actor reads and previews.

Rules: finding mentions is entities' job (the registry matcher, the recogniser); these
selectors choose the articles and leave out what an analyst already decided: a span
already highlighted or a suggestion dismissed is never suggested again. The preview
streams the articles in chunks and stops once it has enough to show.
"""

from django.db.models import QuerySet

from annotations import entities
from annotations.models import Article, Dossier, Entity


def mention_candidate_articles(*, entity: Entity, dossier: Dossier | None) -> QuerySet[Article]:
    """The articles a "tag every mention" run reads: the dossier's, or all."""
    articles = Article.objects.order_by("pk")
    if dossier is not None:
        articles = articles.filter(dossiers=dossier)
    return articles


def article_suggestions(*, article: Article) -> list[dict]:
    """Mentions of actors in the article not yet highlighted there and not dismissed.

    Each has the keys of entities.suggest_mentions plus `actor_name` and `context`.
    """
    taken = set(article.annotations.values_list("start", "end"))
    taken |= set(article.dismissed_mentions.values_list("start", "end"))
    suggestions = [
        mention
        for mention in entities.suggest_mentions(article.text, article.language)
        if (mention["start"], mention["end"]) not in taken
    ]
    names = dict(
        Entity.objects.filter(
            pk__in={m["actor_id"] for m in suggestions if m["actor_id"]}
        ).values_list("pk", "name")
    )
    for mention in suggestions:
        mention["actor_name"] = names.get(mention["actor_id"], "")
        mention["context"] = entities.mention_context(
            article.text, mention["start"], mention["end"]
        )
    return suggestions


def mention_preview(*, entity: Entity, dossier: Dossier | None, limit: int = 50) -> dict:
    """The first matches of an actor's names, with context, before tagging them all."""
    matcher = entities.registry_matcher()
    matches, articles_with_matches = [], 0
    for pk, title, text in (
        mention_candidate_articles(entity=entity, dossier=dossier)
        .values_list("pk", "title", "text")
        .iterator(chunk_size=500)
    ):
        found = [m for m in matcher.find(text) if m.entity_id == entity.pk]
        if found:
            articles_with_matches += 1
        for mention in found:
            if len(matches) < limit:
                context = entities.mention_context(text, mention.start, mention.end)
                matches.append({"article_id": pk, "title": title, "context": context})
        if len(matches) >= limit and articles_with_matches > limit:
            break
    return {"matches": matches, "articles_with_matches": articles_with_matches}
