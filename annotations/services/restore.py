"""A backup's annotations recreated on an article just imported from it.

A backup (the JSONL export) carries each article's annotations with their tags, actors
and spellings, speaker, author, reviewer and review state. Anyone who may import can
bring a backup's annotations in *as their own*: pending, authored by the importer, with
what the backup said about them (author, status, reviewer, reason, dates) kept only as
the text of their first history event; no user is created and no stored theme or actor
changes (new ones are added as a highlight adds them). A *full* restore (`full=True`),
for staff, brings back authors, review states, reviewers and dates, stands in an
inactive user without a password for a name this Newsroom lacks, gives stored themes
the backup's colour and stored actors the identifiers and spellings they lack; even so,
a quote approved by its own author comes back pending unless self-approval is allowed.

Each annotation is re-anchored against the imported text (orphaned when it cannot be
placed with certainty). `records_check` refuses a malformed record before anything is
written. No permission is checked and no transaction opened here: the import that
calls it does both (the caller decides who may restore in full).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.dateparse import parse_datetime

from annotations import anchoring
from annotations.models import Annotation, Article, Entity, ReviewEvent, Theme
from annotations.refusals import refusal_message
from annotations.sanitize import render_markdown
from annotations.services import highlights, names, registry, review

# Offsets are stored in 32-bit integer columns.
_MAX_OFFSET = 2**31 - 1
_CONTEXT_LENGTH = Annotation._meta.get_field("prefix").max_length
_WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")
_TEXT_FIELDS = ("exact", "prefix", "suffix", "note", "author", "reviewer", "review_reason")


@dataclass
class RestoreTally:
    """What restoring did, added up over the articles of an import."""

    users_created: list[str] = field(default_factory=list)
    themes_changed: list[str] = field(default_factory=list)
    actors_changed: list[str] = field(default_factory=list)
    by_status: Counter = field(default_factory=Counter)
    reopened: int = 0  # approvals by the quote's own author, brought back pending

    def add(self, other: RestoreTally) -> None:
        self.users_created += other.users_created
        self.themes_changed += [n for n in other.themes_changed if n not in self.themes_changed]
        self.actors_changed += [n for n in other.actors_changed if n not in self.actors_changed]
        self.by_status += other.by_status
        self.reopened += other.reopened

    def describe(self) -> str:
        """One plain sentence: annotations by status, then what else changed."""
        counts = ", ".join(f"{n} {status}" for status, n in sorted(self.by_status.items()))
        parts = [f"annotations: {counts or 'none'}"]
        if self.reopened:
            parts.append(f"{self.reopened} approved by their own author came back pending")
        for label, listed in (
            ("users created", self.users_created),
            ("themes changed", self.themes_changed),
            ("actors changed", self.actors_changed),
        ):
            if listed:
                parts.append(f"{label}: {', '.join(listed)}")
        return "; ".join(parts)


def records_check(records: list, *, full: bool) -> None:
    """Refuse a backup's annotations that could not be stored as they are, naming the
    first faulty annotation (1 for the first) and why, in plain words."""
    for number, record in enumerate(records, start=1):
        try:
            _record_check(record, full=full)
        except ValidationError as error:
            raise ValidationError(f"Annotation {number}: {refusal_message(error)}") from None


def annotations_restore(
    *,
    article: Article,
    records: list[dict],
    importer: AbstractBaseUser | None,
    full: bool = False,
) -> RestoreTally:
    """Recreate a backup's annotations on a freshly imported article, re-anchored against
    its text: in full (`full`) or as the importer's pending highlights (see the module)."""
    if not full and importer is None:
        raise ValidationError(
            "A backup's annotations need someone to import them as theirs: "
            "give a user, or restore the backup in full."
        )
    records_check(records, full=full)
    tally = RestoreTally()
    for number, record in enumerate(records, start=1):
        try:
            _restore_one(article, record, importer, full, tally)
        except ValidationError as error:
            raise ValidationError(f"Annotation {number}: {refusal_message(error)}") from None
    return tally


def _restore_one(article, record, importer, full: bool, tally: RestoreTally) -> None:
    place = _restored_place(article.text, record)
    if full:
        fields, reason = _restored_authorship(record, importer, tally), "Restored from a backup"
        if fields["author"] is None:
            raise ValidationError("it names no author, and no user imports it.")
        fields["speaker"] = _restore_actor(record.get("speaker"), tally)
        if fields["status"] == Annotation.Status.APPROVED and fields["reviewer"] is not None:
            try:
                review.self_approval_check(
                    author_id=fields["author"].pk, reviewer_id=fields["reviewer"].pk
                )
            except PermissionDenied:
                tally.reopened += 1
                reason += "; its approval by its own author was not restored"
                fields |= {"status": Annotation.Status.PENDING, "reviewer": None,
                           "reviewed_at": None, "review_reason": ""}  # fmt: skip
    else:
        fields = {
            "author": importer,
            "note": record.get("note") or "",
            "note_html": render_markdown(record.get("note") or ""),
            "speaker": _added_actor(record.get("speaker")),
        }
        reason = f"Imported from a backup by {importer.get_username()}. {_provenance(record)}"
    annotation = Annotation.objects.create(article=article, **fields, **place)
    themes = record.get("themes") or []
    annotation.themes.set(
        [_restore_theme(theme, tally) if full else _added_theme(theme) for theme in themes]
    )
    annotation.actors.set(
        [
            _restore_actor(actor, tally) if full else _added_actor(actor)
            for actor in record.get("actors") or []
            if (actor.get("name") or "").strip()
        ]
    )
    if full and record.get("created"):
        Annotation.objects.filter(pk=annotation.pk).update(
            created=parse_datetime(record["created"])
        )
    ReviewEvent.objects.create(
        annotation=annotation,
        actor=importer or annotation.author,
        from_status="",
        to_status=annotation.status,
        reason=reason,
    )
    tally.by_status[annotation.status] += 1


def _record_check(record, *, full: bool) -> None:
    if not isinstance(record, dict):
        raise ValidationError("it must be an object.")
    for name in _TEXT_FIELDS:
        if not isinstance(record.get(name) or "", str):
            raise ValidationError(f"“{name}” must be text.")
    if not record.get("exact"):
        raise ValidationError("it quotes no words (“exact” is empty).")
    for name in ("prefix", "suffix"):
        if len(record.get(name) or "") > _CONTEXT_LENGTH:
            raise ValidationError(f"“{name}” is longer than {_CONTEXT_LENGTH} characters.")
    offsets = [record.get("start"), record.get("end")]
    if offsets != [None, None]:
        for name, value in zip(("start", "end"), offsets, strict=True):
            if type(value) is not int or not 0 <= value <= _MAX_OFFSET:
                raise ValidationError(f"“{name}” must be a whole number from 0 up.")
        if offsets[0] >= offsets[1]:
            raise ValidationError("“start” must come before “end”.")
    if not isinstance(record.get("orphaned", False), bool):
        raise ValidationError("“orphaned” must be true or false.")
    status = record.get("status") or Annotation.Status.PENDING
    if status not in Annotation.Status.values:
        raise ValidationError("the status must be pending, approved or rejected.")
    for name in ("created", "reviewed_at"):
        _date_check(name, record.get(name))
    for name in ("author", "reviewer"):
        if record.get(name):
            _username_check(record[name])
    themes = record.get("themes") or []
    if not isinstance(themes, list) or not all(_named(theme) for theme in themes):
        raise ValidationError("“themes” must be a list of objects, each with a name.")
    for theme in themes:
        _text_fields_check(theme, ("colour", "description"))
    actors = record.get("actors") or []
    if not isinstance(actors, list) or not all(isinstance(actor, dict) for actor in actors):
        raise ValidationError("“actors” must be a list of objects.")
    speaker = record.get("speaker")
    if speaker is not None and not isinstance(speaker, dict):
        raise ValidationError("“speaker” must be an object.")
    for actor in [*actors, speaker or {}]:
        _actor_check(actor)


def _named(value) -> bool:
    return isinstance(value, dict) and isinstance(value.get("name"), str) and value["name"].strip()


def _text_fields_check(record: dict, names) -> None:
    for name in names:
        if not isinstance(record.get(name) or "", str):
            raise ValidationError(f"“{name}” must be text.")


def _actor_check(actor: dict) -> None:
    _text_fields_check(actor, ("name", "kind", "wikidata_id", "description"))
    if (actor.get("kind") or Entity.Kind.OTHER) not in Entity.Kind.values:
        raise ValidationError(f"“{actor['kind'][:40]}” is not a kind of actor.")
    wikidata_id = actor.get("wikidata_id") or ""
    if wikidata_id and not _WIKIDATA_ID.fullmatch(wikidata_id):
        raise ValidationError(f"“{wikidata_id[:40]}” is not a Wikidata id (like Q7747).")
    aliases = actor.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(alias, str) for alias in aliases):
        raise ValidationError("an actor's “aliases” must be a list of names.")


def _date_check(name: str, value) -> None:
    if not value:
        return
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValidationError(f"“{name}” is not a date and time (like 2026-03-11T07:00:00Z).")


def _username_check(username: str) -> None:
    """Django's own rules for a username, so a backup cannot name a user with markup."""
    username_field = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD)
    if len(username) > username_field.max_length:
        raise ValidationError(
            f"the user name is longer than {username_field.max_length} characters."
        )
    try:
        username_field.run_validators(username)
    except ValidationError:
        raise ValidationError(
            "the user name may hold only letters, digits and @ . + - _ characters."
        ) from None


def _restored_place(text: str, record: dict) -> dict:
    """The annotation's selectors re-anchored in `text`; the backup's own, flagged
    orphaned, when the passage cannot be found there with certainty."""
    exact, prefix, suffix = record["exact"], record.get("prefix") or "", record.get("suffix") or ""
    start, end = record.get("start"), record.get("end")
    placed = anchoring.reanchor(
        text, start=start or 0, end=end or 0, exact=exact, prefix=prefix, suffix=suffix
    )
    if placed is None:
        if start is None:
            # A passage orphaned before it was backed up may have no offsets left.
            start, end = 0, len(exact)
        return {"start": start, "end": end, "exact": exact, "prefix": prefix,
                "suffix": suffix, "orphaned": True}  # fmt: skip
    return highlights.location(anchoring.describe(text, placed.start, placed.end))


def _provenance(record: dict) -> str:
    """What the backup said about an annotation brought in as the importer's own."""
    said = [f"In the backup: written by {record.get('author') or 'nobody named'}"]
    status = record.get("status") or Annotation.Status.PENDING
    if status != Annotation.Status.PENDING:
        said.append(f"{status} by {record.get('reviewer') or 'nobody named'}")
        if record.get("reviewed_at"):
            said.append(f"on {record['reviewed_at']}")
        if record.get("review_reason"):
            said.append(f"(“{record['review_reason']}”)")
    if record.get("created"):
        said.append(f"created {record['created']}")
    return " ".join(said[:1]) + (", " + " ".join(said[1:]) if said[1:] else "") + "."


def _restored_authorship(record: dict, importer: AbstractBaseUser | None, tally) -> dict:
    """Who wrote the annotation and its note, and where its review stood."""
    return {
        "author": _restore_user(record.get("author") or "", importer, tally),
        "note": record.get("note") or "",
        "note_html": render_markdown(record.get("note") or ""),
        "status": record.get("status") or Annotation.Status.PENDING,
        "reviewer": _restore_user(record.get("reviewer") or "", None, tally),
        "reviewed_at": parse_datetime(record["reviewed_at"]) if record.get("reviewed_at") else None,
        "review_reason": record.get("review_reason") or "",
    }


def _restore_user(username: str, fallback: AbstractBaseUser | None, tally: RestoreTally):
    """The user of a backup's username; an inactive placeholder when this Newsroom lacks it."""
    if not username:
        return fallback
    User = get_user_model()
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
    if user is None:
        user = User(**{User.USERNAME_FIELD: username}, is_active=False)
        user.set_unusable_password()
        user.save()
        tally.users_created.append(username)
    return user


def _added_theme(record: dict) -> Theme:
    """The theme of that name, added as a highlight adds one if this Newsroom lacks it."""
    return registry.theme_get_or_create(name=record["name"])


def _added_actor(record: dict | None) -> Entity | None:
    """The actor known by that name or spelling, added (name and kind only) if unknown."""
    if not record or not (record.get("name") or "").strip():
        return None
    return registry.entity_get_or_create(
        name=record["name"], kind=record.get("kind") or Entity.Kind.OTHER
    )


def _restore_theme(record: dict, tally: RestoreTally) -> Theme:
    """The backup's theme, added if missing; the backup's colour wins over a stored one,
    and its description fills a stored blank one."""
    known = names.find(Theme.objects, record["name"]) is not None
    theme = registry.theme_get_or_create(name=record["name"])
    before = (theme.colour, theme.description)
    theme.colour = record.get("colour") or theme.colour
    theme.description = theme.description or record.get("description") or ""
    if (theme.colour, theme.description) != before:
        theme.full_clean(exclude=["slug"])
        theme.save()
        if known and theme.name not in tally.themes_changed:
            tally.themes_changed.append(theme.name)
    return theme


def _restore_actor(record: dict | None, tally: RestoreTally) -> Entity | None:
    """The backup's actor, added if missing, with the identifiers and spellings it lacks."""
    if not record or not (record.get("name") or "").strip():
        return None
    known = registry.entity_find(name=record["name"]) is not None
    entity = registry.entity_get_or_create(
        name=record["name"], kind=record.get("kind") or Entity.Kind.OTHER
    )
    changed = False
    for name in ("wikidata_id", "description"):
        if record.get(name) and not getattr(entity, name):
            setattr(entity, name, record[name])
            changed = True
    if changed:
        entity.full_clean(exclude=["slug"])
        entity.save()
    for alias in record.get("aliases") or []:
        if registry.entity_find(name=alias) is None:
            registry.entity_alias_add(entity=entity, name=alias)
            changed = True
    if changed and known and entity.name not in tally.actors_changed:
        tally.actors_changed.append(entity.name)
    return entity
