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
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from annotations.models import Annotation, Entity, EntityAlias, EntityMerge, TaggedActor, Theme
from annotations.normalization import normalize_name
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


def entity_find(*, name: str) -> Entity | None:
    """The actor known by `name` or by one of its aliases (case and accents ignored)."""
    entity = names.find(Entity.objects, name)
    if entity is None:
        alias = names.find(EntityAlias.objects.select_related("entity"), name)
        entity = alias.entity if alias else None
    return entity


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


@transaction.atomic
def registry_import(*, user: AbstractBaseUser, records: Iterable[dict]) -> dict[str, list]:
    """Merge a shared vocabulary of actors into the registry, matching names and aliases
    case- and accent-insensitively. Returns what was created, updated and refused."""
    _require_registry_editor(user)
    report: dict[str, list] = {"created": [], "updated": [], "problems": []}
    for number, record in enumerate(records, start=1):
        name = " ".join(str(record.get("name", "")).split())
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
