"""Themes, actors and their spellings: finding and adding them, and changing the registry.

An actor (the Entity model) is known by its name and by its spellings (EntityAlias);
names match case- and accent-insensitively (see `names`), and a spelling never names
two actors. Renaming, merging, removing a spelling and importing a registry are for
editors and staff (the functions check). Renaming, merging, importing and adding a
spelling each run in one transaction. `theme_get_or_create`, `entity_find`,
`entity_get_or_create` and `entity_alias_add` check no permission: other services
(highlighting, restoring a backup) and the demo loader call them, and views check
before they do. Nothing is lost in a rename or a merge: a former name stays known as
a spelling. A merge changes the quotes tagged with, or spoken by, the merged actor: by
the rule of `changes` their versions bump and their history records the editor's merge,
but a reviewed quote keeps its status (the merge says both records were one real-world
actor, so what was approved still holds). Renaming an actor and changing its spellings
change no quote's tags: the quotes are left alone.

Spellings an analyst adds (`entity_spelling_add`) must not flood "Tag every mention":
a spelling made of common French or English words, of one or two letters, or found in
a large share of the articles needs an editor (`spelling_refusal` says why). Names
themselves are not held to this (a highlight names exactly what was selected); tagging
every mention of such a name is what needs the editor (`services.mentions`).

Merging and tagging never cross: `entity_merge` locks both actors, and the actor that
`entity_find` returns is held against a merge until the caller's transaction ends
(PostgreSQL's FOR KEY SHARE, which taggers never wait for among themselves). An actor
merged away meanwhile is followed to the one it was merged into (its name became a
spelling of that actor), or refused in plain words (`entity_current`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q

from annotations import search
from annotations.common_words import COMMON_WORDS
from annotations.models import (
    Annotation,
    Article,
    Entity,
    EntityAlias,
    EntityMerge,
    MentionTagging,
    TaggedActor,
    Theme,
)
from annotations.normalization import name_refusal, normalize_name
from annotations.refusals import refusal_message
from annotations.services import changes, names

# Colours given to new themes in turn: distinct, and readable behind text at 40 %.
THEME_PALETTE = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#2f9e8f",
]  # fmt: skip


def theme_get_or_create(*, name: str) -> Theme:
    """The theme called `name` (case and accents ignored), created with the next colour if new."""
    theme = names.find(Theme.objects, name)
    if theme is None:
        colour = THEME_PALETTE[Theme.objects.count() % len(THEME_PALETTE)]
        theme = names.add(Theme, name=name, colour=colour, exclude=["slug"])
    return theme


def _held(entity: Entity) -> bool:
    """Hold the actor's row against a merge until the transaction ends; False if it is
    gone (merged or deleted since it was read)."""
    if connection.vendor != "postgresql":
        # SQLite has one writer at a time: nothing can delete the row between our reads.
        return Entity.objects.filter(pk=entity.pk).exists()
    with connection.cursor() as cursor:
        # FOR KEY SHARE: the lock a tagging insert takes anyway, taken before we rely on
        # the row; only a merge's FOR UPDATE (or a delete) waits for it.
        cursor.execute(
            f"SELECT 1 FROM {Entity._meta.db_table} WHERE id = %s FOR KEY SHARE",  # noqa: S608
            [entity.pk],
        )
        return cursor.fetchone() is not None


def _find(name: str) -> Entity | None:
    entity = names.find(Entity.objects, name)
    if entity is None:
        alias = names.find(EntityAlias.objects.select_related("entity"), name)
        entity = alias.entity if alias else None
    return entity


def entity_find(*, name: str) -> Entity | None:
    """The actor known by `name` or by one of its aliases (case and accents ignored), held
    against a merge until the caller's transaction ends."""
    for _attempt in range(3):
        entity = _find(name)
        if entity is None or _held(entity):
            return entity
        # Merged away between the two reads: the name now finds the actor it went into.
    raise ValidationError(f"The actor “{name}” is being merged; try again in a moment.")


def entity_current(*, entity: Entity) -> Entity:
    """`entity`, held against a merge until the transaction ends; if it was merged away
    meanwhile, the actor it was merged into (its name became a spelling there)."""
    if _held(entity):
        return entity
    successor = entity_find(name=entity.name)
    if successor is None:
        raise ValidationError(
            f"The actor “{entity.name}” no longer exists: reload the page and choose again."
        )
    return successor


def entity_get_or_create(*, name: str, kind: str = Entity.Kind.OTHER) -> Entity:
    """The actor known by `name` or one of its aliases, created (with `kind`) if unknown."""
    entity = entity_find(name=name)
    if entity is None:
        entity = names.add(Entity, name=name, kind=kind, exclude=["slug"])
    return entity


@transaction.atomic
def entity_alias_add(*, entity: Entity, name: str, language: str = "") -> EntityAlias:
    """Register a spelling variant; refused if it already names another actor."""
    owner = entity_find(name=name)
    if owner is not None:
        if owner.pk == entity.pk:
            existing = names.find(EntityAlias.objects, name)
            if existing is not None:
                return existing
            raise ValidationError({"name": f"“{name}” is already this actor's name."})
        raise ValidationError({"name": f"“{name}” already names {owner.name}."})
    return names.add(EntityAlias, name=name, entity=entity, language=language)


# A spelling found in more than this share of the articles matches too much to be an
# actor's; below FREQUENT_MIN_ARTICLES articles a share says nothing.
FREQUENT_SHARE = 0.2
FREQUENT_MIN_ARTICLES = 20
_LANGUAGE_NAMES = {"fr": "French", "en": "English"}
_COMMON_FOLDED = {
    language: frozenset(normalize_name(word) for word in words)
    for language, words in COMMON_WORDS.items()
}


def spelling_refusal(name: str) -> str:
    """Why tagging every occurrence of `name` would flood the corpus, in plain words
    (a common word, one or two letters, found in a large share of the articles); ""
    when it would not."""
    folded = normalize_name(name)
    words = re.findall(r"\w+", folded)
    length = len("".join(words))
    if not length:
        return f"“{name}” has no letter"
    if length <= 2:
        return f"“{name}” is only {('one letter', 'two letters')[length - 1]} long"
    for language, common in _COMMON_FOLDED.items():
        if all(word in common for word in words):
            return f"“{name}” is a common {_LANGUAGE_NAMES[language]} word"
    total = Article.objects.count()
    if total >= FREQUENT_MIN_ARTICLES:
        found = search.search_articles(Article.objects.all(), f'"{" ".join(words)}"').count()
        if found > FREQUENT_SHARE * total:
            return f"“{name}” appears in {round(100 * found / total)} % of the articles"
    return ""


@transaction.atomic
def entity_spelling_add(*, user: AbstractBaseUser, entity: Entity, name: str) -> EntityAlias:
    """A spelling added by hand: analysts may add ordinary ones, editors any (see
    `spelling_refusal`)."""
    if not user.has_perm("annotations.add_entityalias"):
        raise PermissionDenied("You may not add spellings.")
    if refusal := name_refusal(name):
        raise ValidationError({"name": refusal})
    if not user.has_perm("annotations.change_entity") and (reason := spelling_refusal(name)):
        raise ValidationError(
            {
                "name": f"{reason}: Tag every mention would mark each occurrence, so only "
                "an editor may add it as a spelling."
            }
        )
    return entity_alias_add(entity=entity, name=name)


def _require_registry_editor(user: AbstractBaseUser) -> None:
    if not user.has_perm("annotations.change_entity"):
        raise PermissionDenied("Only editors and staff change the actor registry.")


@transaction.atomic
def entity_update(
    *,
    user: AbstractBaseUser,
    entity: Entity,
    name: str,
    kind: str,
    description: str = "",
    wikidata_id: str = "",
) -> Entity:
    """Rename or describe an actor; a former name stays known as an alias."""
    _require_registry_editor(user)
    # Before any query: PostgreSQL refuses NUL even in the constraint checks of full_clean.
    for field, value, what in [
        ("name", name, "A name"),
        ("description", description, "A description"),
        ("wikidata_id", wikidata_id, "A Wikidata id"),
    ]:
        if refusal := name_refusal(value, what=what):
            raise ValidationError({field: refusal})
    new_name = " ".join(name.split())
    old_name = entity.name
    renamed = normalize_name(new_name) != normalize_name(old_name)
    if renamed:
        owner = entity_find(name=new_name)
        if owner is not None and owner.pk != entity.pk:
            raise ValidationError({"name": f"“{new_name}” already names {owner.name}."})
        # The new name may have been one of this actor's aliases: it is the name now.
        entity.aliases.filter(normalized=normalize_name(new_name)).delete()
    entity.name, entity.kind = new_name, kind
    entity.description, entity.wikidata_id = description.strip(), wikidata_id.strip()
    entity.full_clean(exclude=["slug"])
    entity.save()
    if renamed:
        entity_alias_add(entity=entity, name=old_name)
    return entity


def entity_alias_remove(*, user: AbstractBaseUser, alias: EntityAlias) -> None:
    """Forget a spelling of an actor (editors and staff)."""
    if not user.has_perm("annotations.delete_entityalias"):
        raise PermissionDenied("Only editors and staff remove aliases.")
    alias.delete()


@transaction.atomic
def entity_merge(*, user: AbstractBaseUser, survivor: Entity, merged: Entity) -> EntityMerge:
    """Fold `merged` into `survivor`: its tags, speaker links and aliases move over, its
    name becomes an alias, and the merge is recorded. Nothing is lost."""
    _require_registry_editor(user)
    if survivor.pk == merged.pk:
        raise ValidationError("An actor cannot be merged with itself.")
    # Both rows locked (in id order, so two merges cannot deadlock): a tagging that holds
    # either finishes first, and one that comes later finds the survivor.
    locked = Entity.objects.select_for_update().filter(pk__in=[survivor.pk, merged.pk])
    if len(list(locked.order_by("pk").values_list("pk", flat=True))) != 2:
        raise ValidationError("One of these actors was merged or deleted meanwhile: reload.")
    MentionTagging.objects.filter(entity=merged).update(entity=survivor)
    changes.annotations_change(
        annotations=Annotation.objects.filter(
            Q(pk__in=TaggedActor.objects.filter(tag=merged).values("content_object_id"))
            | Q(speaker=merged)
        ),
        user=user,
        how=f"Actor {merged.name} merged into {survivor.name}",
        reopens=False,
    )
    already_tagged = TaggedActor.objects.filter(tag=survivor).values("content_object_id")
    moved_tags = (
        TaggedActor.objects.filter(tag=merged)
        .exclude(content_object_id__in=already_tagged)
        .update(tag=survivor)
    )
    TaggedActor.objects.filter(tag=merged).delete()  # quotes that had both keep one tag
    moved_speaker = Annotation.objects.filter(speaker=merged).update(speaker=survivor)
    moved_aliases = EntityAlias.objects.filter(entity=merged).update(entity=survivor)
    record = EntityMerge.objects.create(
        survivor=survivor,
        merged_name=merged.name,
        merged_kind=merged.kind,
        merged_wikidata_id=merged.wikidata_id,
        moved={"tags": moved_tags, "speaker": moved_speaker, "aliases": moved_aliases},
        merged_by=user,
    )
    if not survivor.wikidata_id and merged.wikidata_id:
        survivor.wikidata_id = merged.wikidata_id
    if not survivor.description and merged.description:
        survivor.description = merged.description
    survivor.save()
    merged_name = merged.name
    merged.delete()
    entity_alias_add(entity=survivor, name=merged_name)
    return record


_TEXT_FIELDS = ("name", "kind", "wikidata_id", "description")


def _record_problem(record: object) -> str:
    """Why a registry file's item is not an actor record, in plain words; "" if it is.
    Checked before anything is looked up: a NUL would make PostgreSQL refuse the query."""
    if not isinstance(record, dict):
        return "not an actor (each item is an object with a name, a kind, aliases…)"
    for field in _TEXT_FIELDS:
        value = record.get(field)
        if value is not None and not isinstance(value, str):
            return f"the {field.replace('_', ' ')} is not a text"
        if value and name_refusal(value):
            return f"the {field.replace('_', ' ')} holds control characters"
    aliases = record.get("aliases")
    if isinstance(aliases, str):
        return "the aliases are one text, not a list of names"
    if aliases is not None and not isinstance(aliases, list):
        return "the aliases are not a list of names"
    if any(not isinstance(alias, str) for alias in aliases or []):
        return "an alias is not a text"
    return ""


@transaction.atomic
def registry_import(*, user: AbstractBaseUser, records: Iterable[object]) -> dict[str, list]:
    """Merge a shared vocabulary of actors into the registry, matching names and aliases
    case- and accent-insensitively. Returns what was created, updated and refused: an
    item that is not an actor record (`_record_problem`) is refused, and the rest import."""
    _require_registry_editor(user)
    report: dict[str, list] = {"created": [], "updated": [], "problems": []}
    for number, record in enumerate(records, start=1):
        if problem := _record_problem(record):
            report["problems"].append(f"Row {number}: {problem}")
            continue
        name = " ".join((record.get("name") or "").split())
        if not name:
            report["problems"].append(f"Row {number}: no name")
            continue
        kind = record.get("kind") or Entity.Kind.OTHER
        if kind not in Entity.Kind.values:
            report["problems"].append(f"Row {number} ({name}): unknown kind “{kind}”")
            continue
        entity = entity_find(name=name)
        created = entity is None
        if created:
            entity = Entity(name=name, kind=kind)
        else:
            entity.kind = kind if record.get("kind") else entity.kind
        entity.wikidata_id = str(record.get("wikidata_id") or entity.wikidata_id or "").strip()
        entity.description = str(record.get("description") or entity.description or "").strip()
        try:
            entity.full_clean(exclude=["slug"])
        except ValidationError as error:
            report["problems"].append(f"Row {number} ({name}): {refusal_message(error)}")
            continue
        entity.save()
        for alias in record.get("aliases") or []:
            try:
                entity_alias_add(entity=entity, name=alias)
            except ValidationError as error:
                report["problems"].append(f"Row {number} ({name}): {refusal_message(error)}")
        report["created" if created else "updated"].append(entity.name)
    return report
