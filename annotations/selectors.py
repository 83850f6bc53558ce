"""Reads: querysets with their related rows already joined or prefetched."""

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from annotations import charts
from annotations.models import (
    Annotation,
    Article,
    Dossier,
    Entity,
    EntityAlias,
    TaggedActor,
    TaggedTheme,
    Theme,
)
from annotations.normalization import normalize_name


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
    themes = _tags_by_annotation(TaggedTheme, Theme, content_object__in=ids)
    actors = _tags_by_annotation(TaggedActor, Entity, content_object__in=ids)
    for quote in quotes:
        quote.theme_list = themes.get(quote.pk, [])
        quote.actor_list = actors.get(quote.pk, [])
    return quotes


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
    themes = _tags_by_annotation(TaggedTheme, Theme, content_object__article=article)
    actors = _tags_by_annotation(TaggedActor, Entity, content_object__article=article)
    return ReaderData(article, annotations, themes, actors)


def _tags_by_annotation(through, tag_model, **taggings) -> dict[int, list]:
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


def annotation_detail(*, pk: int) -> Annotation:
    return annotations_with_tags().prefetch_related("review_events__actor").get(pk=pk)


def annotations_of_article(*, article: Article) -> QuerySet[Annotation]:
    return annotations_with_tags(article.annotations.order_by("start", "-end", "id"))


def annotations_tagged_with_theme(*, theme: Theme) -> QuerySet[Annotation]:
    return annotations_with_tags(Annotation.objects.filter(themes=theme).order_by("-created"))


def annotations_tagged_with_actor(*, entity: Entity) -> QuerySet[Annotation]:
    return annotations_with_tags(Annotation.objects.filter(actors=entity).order_by("-created"))


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


def articles_for_listing() -> QuerySet[Article]:
    """Articles with their number of annotations (a subquery: filters that join
    annotations must not inflate it); their text, which lists never show, stays behind."""
    return (
        Article.objects.select_related("outlet")
        .defer("text")
        .annotate(annotation_count=_rows_pointing_here(Annotation, "article"))
        .order_by("-published", "-created", "-id")
    )


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


def quote_snippets(quotes: list[Annotation], query: str) -> dict[int, str]:
    if not query.strip() or not quotes:
        return {}
    from annotations import search

    return search.annotation_snippets([quote.pk for quote in quotes], query)


def article_snippets(articles: list[Article], query: str) -> dict[int, str]:
    if not query.strip() or not articles:
        return {}
    from annotations import search

    return search.article_snippets([article.pk for article in articles], query)


# A busy tag's co-occurring tags, articles and timeline read every one of its quotes (half
# a second at 25,000 quotes): they may be this many seconds old, its latest quotes and its
# count never are.
TAG_TOTALS_SECONDS = 60


def tag_page(*, theme: Theme | None = None, actor: Entity | None = None) -> dict:
    """What a theme's or an actor's page shows: its quotes, their articles, the tags that
    co-occur most with it, and quotes over time. A fixed number of queries."""
    tag = theme if theme is not None else actor
    quotes = Annotation.objects.filter(**{"themes" if theme else "actors": tag})
    totals = cache.get_or_set(
        f"tag-totals-{'theme' if theme else 'actor'}-{tag.pk}",
        lambda: _tag_totals(quotes, tag.tagged_annotations, theme=theme, actor=actor),
        TAG_TOTALS_SECONDS,
    )
    return {
        **totals,
        "quotes": with_tag_lists(list(annotations_joined(quotes.order_by("-created"))[:20])),
        # One tagging per quote: counted without joining the quotes.
        "quote_count": tag.tagged_annotations.count(),
    }


def _tag_totals(quotes, taggings, *, theme: Theme | None, actor: Entity | None) -> dict:
    quote_ids = taggings.values("content_object_id")
    co_themes = (
        TaggedTheme.objects.filter(content_object__in=quote_ids)
        .exclude(tag=theme)
        .values("tag__name", "tag__slug", "tag_id")
        .annotate(uses=Count("id"))
        .order_by("-uses", "tag__name")[:10]
    )
    co_actors = (
        TaggedActor.objects.filter(content_object__in=quote_ids)
        .exclude(tag=actor)
        .values("tag__name", "tag__slug", "tag__kind")
        .annotate(uses=Count("id"))
        .order_by("-uses", "tag__name")[:10]
    )
    # Counted on the quotes, then the ten articles loaded: grouping articles themselves
    # would group their whole text (a second at 25,000 quotes).
    busiest = list(
        quotes.order_by()
        .values("article_id")
        .annotate(uses=Count("id"))
        .order_by("-uses", "-article__published", "-article_id")
        .values_list("article_id", "uses")[:10]
    )
    loaded = Article.objects.select_related("outlet").defer("text").in_bulk(dict(busiest))
    articles = []
    for article_id, uses in busiest:
        loaded[article_id].quotes = uses
        articles.append(loaded[article_id])
    return {
        "articles": articles,
        "co_themes": list(co_themes),
        "co_actors": list(co_actors),
        "timeline": quote_timeline(quotes),
        "totals_at": timezone.now(),
    }


def quote_timeline(quotes: QuerySet[Annotation]):
    """Quotes per week (spans up to half a year) or per month, by the article's date.

    One pass: the database counts per day (a few hundred rows), weeks or months are
    gathered here, where a span query and a second grouping cost two passes.
    """
    per_day = dict(
        quotes.annotate(day=TruncDate(Coalesce("article__published", "created")))
        .order_by()
        .values("day")
        .annotate(total=Count("id"))
        .values_list("day", "total")
    )
    if not per_day:
        return charts.bar_chart([])
    weekly = (max(per_day) - min(per_day)).days <= 183
    counts: Counter = Counter()
    for day, total in per_day.items():
        counts[day - timedelta(days=day.weekday()) if weekly else day.replace(day=1)] += total
    buckets = charts.week_buckets(counts) if weekly else charts.month_buckets(counts)
    return charts.bar_chart(buckets)


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


# The themes' and actors' indexes count every tagging (a million take 80-150 ms): the
# counts may be this many seconds old, as the overview's totals; the names never are.
INDEX_COUNTS_SECONDS = 60


def _tag_uses(through) -> dict:
    """{"uses": {tag id: quotes}, "at": when counted}. A link is unique per (quote, tag),
    so counting links counts quotes."""

    def count() -> dict:
        uses = through.objects.order_by().values_list("tag_id").annotate(total=Count("*"))
        return {"uses": dict(uses), "at": timezone.now()}

    return cache.get_or_set(f"tag-uses-{through._meta.model_name}", count, INDEX_COUNTS_SECONDS)


def theme_index() -> dict:
    """{"themes": every theme with `quotes`, busiest first, then by name; "counts_at"}."""
    counted = _tag_uses(TaggedTheme)
    themes = list(Theme.objects.all())
    for theme in themes:
        theme.quotes = counted["uses"].get(theme.pk, 0)
    themes.sort(key=lambda theme: (-theme.quotes, theme.name))
    return {"themes": themes, "counts_at": counted["at"]}


def actor_index(*, kind: str = "") -> dict:
    """{"ranking": the ids of the actors (of `kind`), busiest first, then by name; "uses":
    {actor id: quotes}; "counts_at"}. Ranked on ids and names: actors_ranked() loads the
    ones shown."""
    counted = _tag_uses(TaggedActor)
    uses = counted["uses"]
    actors = Entity.objects.filter(kind=kind) if kind else Entity.objects.all()
    ranked = sorted(
        actors.values_list("pk", "name"), key=lambda row: (-uses.get(row[0], 0), row[1])
    )
    return {"ranking": [pk for pk, _ in ranked], "uses": uses, "counts_at": counted["at"]}


def actors_ranked(ids: list[int], uses: dict[int, int]) -> list[Entity]:
    """The actors of `ids`, in that order, each with its number of quotes as `quotes`."""
    loaded = Entity.objects.in_bulk(ids)
    for pk in ids:
        loaded[pk].quotes = uses.get(pk, 0)
    return [loaded[pk] for pk in ids]


def actor_kind_counts() -> list[dict]:
    return list(Entity.objects.values("kind").annotate(total=Count("id")).order_by("kind"))


def dossier_index() -> QuerySet[Dossier]:
    return Dossier.objects.select_related("created_by").annotate(
        article_count=Count("articles", distinct=True)
    )


def dossier_page(*, dossier: Dossier) -> dict:
    """A dossier's latest quotes and quote counts by review status; its articles, a page
    at a time, are `articles` (for views.browse.paginate)."""
    quotes = Annotation.objects.filter(article__dossiers=dossier)
    by_status = dict(
        quotes.order_by()
        .values_list("status")
        .annotate(total=Count("id"))
        .values_list("status", "total")
    )
    # Ids first: planned with the joined rows, PostgreSQL walked every quote by date.
    latest = list(quotes.order_by("-created", "-id").values_list("pk", flat=True)[:10])
    return {
        "dossier": dossier,
        "articles": articles_for_listing().filter(dossiers=dossier),
        "quotes": with_tag_lists(
            list(annotations_joined().filter(pk__in=latest).order_by("-created", "-id"))
        ),
        "status_counts": [
            (label, by_status.get(value, 0)) for value, label in Annotation.Status.choices
        ],
        "quote_count": sum(by_status.values()),
    }


# Counting a million quotes takes a few hundred milliseconds; the home page's totals may be
# this many seconds old, its lists of recent articles and quotes never are.
OVERVIEW_TOTALS_SECONDS = 60


def _busiest_actors(count: int) -> list[Entity]:
    index = actor_index()
    return actors_ranked(index["ranking"][:count], index["uses"])


def _overview_totals() -> dict:
    by_status = dict(
        Annotation.objects.order_by().values_list("status").annotate(total=Count("id"))
    )
    return {
        "status_counts": [
            (value, label, by_status.get(value, 0)) for value, label in Annotation.Status.choices
        ],
        "busiest_themes": theme_index()["themes"][:8],
        "busiest_actors": _busiest_actors(8),
        "totals_at": timezone.now(),
    }


def overview(*, user) -> dict:
    """The home page: what is new and what is busiest, in a fixed number of queries."""
    totals = cache.get_or_set("overview-totals", _overview_totals, OVERVIEW_TOTALS_SECONDS)
    return {
        **totals,
        "recent_articles": list(articles_for_listing().order_by("-created", "-id")[:8]),
        "latest_quotes": with_tag_lists(
            list(annotations_joined(Annotation.objects.order_by("-created"))[:8])
        ),
        "my_rejected": Annotation.objects.filter(author=user, status="rejected").count(),
    }


def quotes_spoken_by(*, entity: Entity, limit: int = 10) -> list[Annotation]:
    quotes = annotations_joined(entity.quotes_spoken.order_by("-created"))[:limit]
    return with_tag_lists(list(quotes))


def quotes_for_review() -> QuerySet[Annotation]:
    """The review queue's rows: oldest first; the article text comes along for context."""
    return annotations_joined(Annotation.objects.order_by("created", "id"))


def review_row(*, pk: int) -> Annotation:
    return with_tag_lists([annotations_joined().get(pk=pk)])[0]


def annotations_for_export(queryset: QuerySet[Annotation]) -> QuerySet[Annotation]:
    """A filtered set ready for the writers in exports.py, in a stable order."""
    return annotations_with_tags(queryset.order_by("id"))


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
    from annotations import entities

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
    from annotations import entities

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
