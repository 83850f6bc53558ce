"""The themes' and actors' indexes: every tag with its number of quotes, busiest first.

Rules: the counts read every tagging, so they are cached for INDEX_COUNTS_SECONDS and
shared by the indexes and the overview; the tags' names are always fresh. The actors'
index ranks ids and names only; `actors_ranked` loads the actors of the page shown.
"""

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from annotations.models import Entity, TaggedActor, TaggedTheme, Theme

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
    """[{"kind": ..., "total": actors of that kind}], by kind; kinds without actors absent."""
    return list(Entity.objects.values("kind").annotate(total=Count("id")).order_by("kind"))
