"""What the theme, actor and outlet fields suggest as an analyst types.

Rules: matching ignores case and accents (names are compared in their folded form,
normalization.normalize_name); names starting with what was typed come first, then the
others by name; at most `limit` suggestions, as plain dicts for the JSON response.
An actor is found by its name or by any of its spellings. Names the registry does not
know yet are listed with the kind they would be added with (`new_actor_kinds`).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from annotations import entities
from annotations.models import Entity, EntityAlias, Outlet, Theme
from annotations.normalization import name_refusal, normalize_name


def _named_like(model, query: str, limit: int) -> list:
    """Rows of a folded-name model whose name contains `query`; prefix matches first."""
    folded = normalize_name(query)
    if not folded:
        return []
    rows = model.objects.filter(normalized__contains=folded).order_by("name")[: limit * 3]
    return sorted(rows, key=lambda row: (not row.normalized.startswith(folded), row.name))[:limit]


def theme_suggestions(*, query: str, limit: int = 10) -> list[dict]:
    """Themes whose name contains `query`, case and accents ignored; prefix matches first."""
    return [
        {"name": theme.name, "colour": theme.colour} for theme in _named_like(Theme, query, limit)
    ]


def outlet_suggestions(*, query: str, limit: int = 10) -> list[dict]:
    """Outlets whose name contains `query`, case and accents ignored; prefix matches first."""
    return [{"name": outlet.name} for outlet in _named_like(Outlet, query, limit)]


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


@dataclass(frozen=True)
class NewActor:
    name: str
    kind: str  # the kind chosen for it, else the one guessed
    guessed: str


def new_actor_kinds(
    *, names: Iterable[str], language: str = "", chosen: Mapping[str, str] | None = None
) -> list[NewActor]:
    """The names, each once, that neither an actor nor a spelling bears, with the kind
    `chosen` for them (keyed by folded name) or else the guessed one; two queries however
    many names."""
    unique: dict[str, str] = {}
    for name in names:
        clean = " ".join(name.split())
        folded = normalize_name(clean)
        # A name no one may bear is refused when saved; there is no kind to ask for.
        if folded and not name_refusal(clean):
            unique.setdefault(folded, clean)
    if not unique:
        return []
    known = set(Entity.objects.filter(normalized__in=unique).values_list("normalized", flat=True))
    known |= set(
        EntityAlias.objects.filter(normalized__in=unique).values_list("normalized", flat=True)
    )
    chosen = chosen or {}
    rows = []
    for folded, name in unique.items():
        if folded in known:
            continue
        guessed = entities.guess_kind(name, language=language).kind
        rows.append(NewActor(name, chosen.get(folded) or guessed, guessed))
    return rows
