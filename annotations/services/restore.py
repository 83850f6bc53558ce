"""A backup's annotations recreated on an article just imported from it.

A backup (the JSONL export) carries each article's annotations with their tags,
actors and spellings, speaker, author, reviewer and review state. Restoring re-anchors
each annotation against the imported text (orphaned when it cannot be placed with
certainty), adds the themes and actors this Newsroom lacks, and stands in an inactive
user without a password for an author or reviewer it does not know. Each restored
annotation's history starts with a "Restored from a backup" event. No permission is
checked and no transaction opened here: the import that calls it does both.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils.dateparse import parse_datetime

from annotations import anchoring
from annotations.models import Annotation, Article, Entity, ReviewEvent, Theme
from annotations.sanitize import render_markdown
from annotations.services import highlights, registry


def annotations_restore(
    *, article: Article, records: list[dict], importer: AbstractBaseUser | None
) -> None:
    """Recreate a backup's annotations on a freshly imported article: tags, actors with
    their aliases, speakers, authors and review states; re-anchored against the text."""
    for record in records:
        place = _restored_place(article.text, record)
        annotation = Annotation.objects.create(
            article=article, **_restored_authorship(record, importer), **place
        )
        annotation.themes.set([_restore_theme(theme) for theme in record.get("themes", [])])
        annotation.actors.set([_restore_actor(actor) for actor in record.get("actors", [])])
        if record.get("created"):
            Annotation.objects.filter(pk=annotation.pk).update(
                created=parse_datetime(record["created"])
            )
        ReviewEvent.objects.create(
            annotation=annotation,
            actor=importer or annotation.author,
            from_status="",
            to_status=annotation.status,
            reason="Restored from a backup",
        )


def _restored_place(text: str, record: dict) -> dict:
    """The annotation's selectors re-anchored in `text`; the backup's own, flagged
    orphaned, when the passage cannot be found there with certainty."""
    placed = anchoring.reanchor(
        text,
        start=int(record.get("start", 0)),
        end=int(record.get("end", 0)),
        exact=record.get("exact", ""),
        prefix=record.get("prefix", ""),
        suffix=record.get("suffix", ""),
    )
    if placed is None:
        return {"start": int(record["start"]), "end": int(record["end"]),
                "exact": record.get("exact", ""), "prefix": record.get("prefix", ""),
                "suffix": record.get("suffix", ""), "orphaned": True}  # fmt: skip
    return highlights.location(anchoring.describe(text, placed.start, placed.end))


def _restored_authorship(record: dict, importer: AbstractBaseUser | None) -> dict:
    """Who wrote the annotation, its note and speaker, and where its review stood."""
    return {
        "author": _restore_user(record.get("author", ""), importer),
        "note": record.get("note", ""),
        "note_html": render_markdown(record.get("note", "")),
        "speaker": _restore_actor(record.get("speaker")),
        "status": record.get("status") or Annotation.Status.PENDING,
        "reviewer": _restore_user(record.get("reviewer", ""), None),
        "reviewed_at": parse_datetime(record["reviewed_at"]) if record.get("reviewed_at") else None,
        "review_reason": record.get("review_reason", ""),
    }


def _restore_user(username: str, fallback: AbstractBaseUser | None):
    """The user of a backup's username; an inactive placeholder when this Newsroom lacks it."""
    if not username:
        return fallback
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, is_active=False)
        user.set_unusable_password()
        user.save()
    return user


def _restore_theme(record: dict) -> Theme:
    """The backup's theme, added if missing; the backup's colour wins over a stored one."""
    theme = registry.theme_get_or_create(name=record["name"])
    if record.get("colour") and theme.colour != record["colour"]:
        theme.colour = record["colour"]
        theme.description = theme.description or record.get("description", "")
        theme.full_clean(exclude=["slug"])
        theme.save()
    return theme


def _restore_actor(record: dict | None) -> Entity | None:
    """The backup's actor, added if missing, with the identifiers and spellings it lacks."""
    if not record or not record.get("name", "").strip():
        return None
    entity = registry.entity_get_or_create(
        name=record["name"], kind=record.get("kind") or Entity.Kind.OTHER
    )
    changed = False
    for field in ("wikidata_id", "description"):
        if record.get(field) and not getattr(entity, field):
            setattr(entity, field, record[field])
            changed = True
    if changed:
        entity.full_clean(exclude=["slug"])
        entity.save()
    for alias in record.get("aliases", []):
        if registry.entity_find(name=alias) is None:
            registry.entity_alias_add(entity=entity, name=alias)
    return entity
