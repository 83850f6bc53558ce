"""Writes. Every function is keyword-only, atomic, validates, and checks permissions."""

from __future__ import annotations

import datetime
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from annotations import anchoring
from annotations.importers.cleaning import normalize_text, text_fingerprint, title_from_text
from annotations.models import (
    Annotation,
    Article,
    DismissedMention,
    Dossier,
    Entity,
    EntityAlias,
    EntityMerge,
    ImportBatch,
    MentionTagging,
    Outlet,
    ReviewEvent,
    TaggedActor,
    Theme,
)
from annotations.normalization import normalize_name
from annotations.roles import ANALYSTS, EDITORS
from annotations.sanitize import render_markdown

if TYPE_CHECKING:
    from annotations.importers.base import ArticleDraft, ImportItem


class DuplicateArticle(Exception):
    """The article is already in Newsroom (same URL or same text)."""

    def __init__(self, existing: Article):
        self.existing = existing
        super().__init__(f"Already imported as “{existing.title}” (#{existing.pk})")


def can_edit_annotation(user: AbstractBaseUser, annotation: Annotation) -> bool:
    if user.has_perm("annotations.edit_any_annotation"):
        return True
    return annotation.author_id == user.pk and user.has_perm("annotations.change_annotation")


def editable_annotation_ids(user: AbstractBaseUser, annotations: Iterable[Annotation]) -> set[int]:
    """Ids among `annotations` that `user` may edit (permissions looked up once)."""
    if user.has_perm("annotations.edit_any_annotation"):
        return {annotation.pk for annotation in annotations}
    if not user.has_perm("annotations.change_annotation"):
        return set()
    return {annotation.pk for annotation in annotations if annotation.author_id == user.pk}


def can_delete_annotation(user: AbstractBaseUser, annotation: Annotation) -> bool:
    if user.has_perm("annotations.edit_any_annotation"):
        return True
    return annotation.author_id == user.pk and user.has_perm("annotations.delete_annotation")


def outlet_get_or_create(*, name: str) -> Outlet | None:
    """The outlet called `name` (case and accents ignored), created if new."""
    normalized = normalize_name(name)
    if not normalized:
        return None
    outlet = Outlet.objects.filter(normalized=normalized).first()
    if outlet is None:
        outlet = Outlet(name=" ".join(name.split()))
        outlet.full_clean()
        outlet.save()
    return outlet


@transaction.atomic
def article_create(
    *,
    text: str,
    created_by: AbstractBaseUser | None,
    title: str = "",
    url: str = "",
    outlet_name: str = "",
    author: str = "",
    published: datetime.datetime | None = None,
    language: str = "",
    dossier: Dossier | None = None,
) -> Article:
    """Store an article from raw text; the first line becomes the title when none is given.

    Raises DuplicateArticle when the same URL or the same text is already stored.
    """
    if created_by is not None and not created_by.has_perm("annotations.add_article"):
        raise PermissionDenied("You may not add articles.")
    text = normalize_text(text)
    title = " ".join(title.split())
    if not title and text:
        title, text = title_from_text(text)
    if not text:
        raise ValidationError({"text": "The article has no text."})
    article = Article(
        title=title[:500],
        text=text,
        url=url.strip(),
        outlet=outlet_get_or_create(name=outlet_name),
        author=" ".join(author.split()),
        published=published,
        language=language.strip().lower(),
        text_hash=text_fingerprint(text),
        imported_by=created_by,
    )
    existing = Article.objects.filter(text_hash=article.text_hash).first()
    if existing is None and article.url:
        existing = Article.objects.filter(url=article.url).first()
    if existing is not None:
        raise DuplicateArticle(existing)
    article.full_clean(exclude=["text_hash"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # Another request stored the same article between our check and our insert.
        existing = Article.objects.filter(text_hash=article.text_hash).first() or (
            Article.objects.filter(url=article.url).first() if article.url else None
        )
        if existing is None:
            raise
        raise DuplicateArticle(existing) from None
    if dossier is not None:
        dossier.articles.add(article)
    return article


@dataclass
class ImportOutcome:
    """What became of one item of an import: imported, duplicate or failed (with why)."""

    source: str
    status: str
    article: Article | None = None
    message: str = ""


def articles_import(
    *,
    items: Iterable[ImportItem],
    created_by: AbstractBaseUser | None,
    dossier: Dossier | None = None,
    chunk_size: int = 500,
    update_existing: bool = False,
) -> Iterator[ImportOutcome]:
    """Store many drafted articles fast, reporting each item; the rest import when one fails.

    Items are written in chunks, one transaction each, with duplicate checks done per
    chunk (one query for hashes, one for URLs) rather than per article. Re-running the
    same import only reports duplicates.

    With `update_existing`, an item with a known URL but a new text is a corrected version:
    the stored text is replaced and its highlights re-anchored (status "updated").
    """
    if created_by is not None and not created_by.has_perm("annotations.add_article"):
        raise PermissionDenied("You may not add articles.")
    if update_existing and (
        created_by is None or not created_by.has_perm("annotations.change_article")
    ):
        raise PermissionDenied("Only editors and staff replace the text of existing articles.")
    outlets: dict[str, Outlet | None] = {}
    chunk: list[ImportItem] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= chunk_size:
            yield from _import_chunk(chunk, created_by, dossier, outlets, update_existing)
            chunk = []
    if chunk:
        yield from _import_chunk(chunk, created_by, dossier, outlets, update_existing)


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _refuse_unstorable(draft: ArticleDraft) -> None:
    """JSON escapes can smuggle NUL and lone surrogates (\\u0000, \\ud800) into a draft.
    PostgreSQL stores neither and hashing a surrogate raises: refuse the one item here
    rather than let the database error sink the whole chunk."""
    fields = [draft.title, draft.text, draft.url, draft.outlet, draft.author, draft.language]
    for value in _strings([fields, draft.annotations]):
        try:
            value.encode()
        except UnicodeEncodeError:
            bad = True
        else:
            bad = "\x00" in value
        if bad:
            raise ValidationError(
                "The article holds invalid characters (NUL or unpaired UTF-16 surrogates)."
            )


def _article_from_draft(draft: ArticleDraft, created_by, outlets: dict) -> Article:
    _refuse_unstorable(draft)
    text = normalize_text(draft.text)
    title = " ".join(draft.title.split())
    if not title and text:
        title, text = title_from_text(text)
    if not text:
        raise ValidationError("The article has no text.")
    outlet_key = normalize_name(draft.outlet)
    if outlet_key not in outlets:
        outlets[outlet_key] = outlet_get_or_create(name=draft.outlet)
    article = Article(
        title=title[:500] or "Untitled",
        text=text,
        url=draft.url.strip(),
        outlet=outlets[outlet_key],
        author=" ".join(draft.author.split())[:300],
        published=draft.published,
        language=draft.language.strip().lower()[:12],
        text_hash=text_fingerprint(text),
        imported_by=created_by,
    )
    article.full_clean(
        exclude=["text_hash", "outlet", "imported_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    return article


def _import_chunk(chunk, created_by, dossier, outlets, update_existing) -> list[ImportOutcome]:
    outcomes: list[ImportOutcome] = []
    candidates: list[tuple[ImportOutcome, Article]] = []
    candidate_drafts: list[ArticleDraft] = []
    with transaction.atomic():
        for item in chunk:
            outcome = ImportOutcome(source=item.source, status="failed", message=item.error or "")
            outcomes.append(outcome)
            if item.draft is None:
                continue
            try:
                candidates.append((outcome, _article_from_draft(item.draft, created_by, outlets)))
                candidate_drafts.append(item.draft)
            except ValidationError as error:
                outcome.message = "; ".join(error.messages)
        hashes = {article.text_hash for _, article in candidates}
        urls = {article.url for _, article in candidates if article.url}
        by_hash = {a.text_hash: a for a in Article.objects.filter(text_hash__in=hashes)}
        by_url = {a.url: a for a in Article.objects.filter(url__in=urls)} if urls else {}
        new: list[tuple[ImportOutcome, Article]] = []
        drafts_of_new: list[ArticleDraft] = []
        for (outcome, article), draft in zip(candidates, candidate_drafts, strict=True):
            existing = by_hash.get(article.text_hash) or by_url.get(article.url)
            corrected = (
                update_existing
                and existing is not None
                and existing.pk
                and existing.text_hash != article.text_hash
            )
            if corrected:
                # A corrected version of an article we have (same URL, new text): replace
                # the text and re-anchor its highlights instead of reporting a duplicate.
                counts = article_update_text(article=existing, text=article.text, user=created_by)
                outcome.status, outcome.article = "updated", existing
                outcome.message = (
                    f"text corrected; {counts['orphaned']} highlights to repair"
                    if counts["orphaned"]
                    else "text corrected; every highlight placed"
                )
                continue
            if existing is not None:
                outcome.status, outcome.article = "duplicate", existing
                outcome.message = (
                    f"already imported as #{existing.pk} “{existing.title}”"
                    if existing.pk
                    else "same article as an earlier item of this import"
                )
                continue
            # Later copies in the same batch are duplicates of the first.
            by_hash[article.text_hash] = article
            if article.url:
                by_url[article.url] = article
            new.append((outcome, article))
            drafts_of_new.append(draft)
        try:
            with transaction.atomic():
                Article.objects.bulk_create([article for _, article in new])
        except IntegrityError:
            # A concurrent import stored some of these meanwhile: fall back to one by one.
            return _import_one_by_one(chunk, created_by, dossier, outlets)
        for outcome, article in new:
            outcome.status, outcome.article = "imported", article
        for (_, article), draft in zip(new, drafts_of_new, strict=True):
            if draft.annotations:
                _restore_annotations(article, draft.annotations, created_by)
        if dossier is not None:
            # Duplicates join the dossier too: the analyst asked for them to be in it.
            dossier.articles.add(
                *(o.article for o in outcomes if o.article is not None and o.article.pk is not None)
            )
    return outcomes


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


def _restore_actor(record: dict | None) -> Entity | None:
    if not record or not record.get("name", "").strip():
        return None
    entity = entity_get_or_create(name=record["name"], kind=record.get("kind") or Entity.Kind.OTHER)
    changed = False
    for field in ("wikidata_id", "description"):
        if record.get(field) and not getattr(entity, field):
            setattr(entity, field, record[field])
            changed = True
    if changed:
        entity.full_clean(exclude=["slug"])
        entity.save()
    for alias in record.get("aliases", []):
        if entity_find(name=alias) is None:
            entity_alias_add(entity=entity, name=alias)
    return entity


def _restore_annotations(article: Article, records: list[dict], importer) -> None:
    """Recreate a backup's annotations on a freshly imported article: tags, actors with
    their aliases, speakers, authors and review states; re-anchored against the text."""
    for record in records:
        placed = anchoring.reanchor(
            article.text,
            start=int(record.get("start", 0)),
            end=int(record.get("end", 0)),
            exact=record.get("exact", ""),
            prefix=record.get("prefix", ""),
            suffix=record.get("suffix", ""),
        )
        author = _restore_user(record.get("author", ""), importer)
        if placed is not None:
            anchor = anchoring.describe(article.text, placed.start, placed.end)
            values = {
                "start": anchor.start,
                "end": anchor.end,
                "exact": anchor.exact,
                "prefix": anchor.prefix,
                "suffix": anchor.suffix,
                "orphaned": False,
            }
        else:
            values = {"start": int(record["start"]), "end": int(record["end"]),
                      "exact": record.get("exact", ""), "prefix": record.get("prefix", ""),
                      "suffix": record.get("suffix", ""), "orphaned": True}  # fmt: skip
        annotation = Annotation.objects.create(
            article=article,
            author=author,
            note=record.get("note", ""),
            note_html=render_markdown(record.get("note", "")),
            speaker=_restore_actor(record.get("speaker")),
            status=record.get("status") or Annotation.Status.PENDING,
            reviewer=_restore_user(record.get("reviewer", ""), None),
            reviewed_at=parse_datetime(record["reviewed_at"])
            if record.get("reviewed_at")
            else None,
            review_reason=record.get("review_reason", ""),
            **values,
        )
        themes = []
        for theme_record in record.get("themes", []):
            theme = theme_get_or_create(name=theme_record["name"])
            if theme_record.get("colour") and theme.colour != theme_record["colour"]:
                theme.colour = theme_record["colour"]
                theme.description = theme.description or theme_record.get("description", "")
                theme.full_clean(exclude=["slug"])
                theme.save()
            themes.append(theme)
        annotation.themes.set(themes)
        annotation.actors.set([_restore_actor(actor) for actor in record.get("actors", [])])
        if record.get("created"):
            Annotation.objects.filter(pk=annotation.pk).update(
                created=parse_datetime(record["created"])
            )
        ReviewEvent.objects.create(
            annotation=annotation,
            actor=importer or author,
            from_status="",
            to_status=annotation.status,
            reason="Restored from a backup",
        )


def _import_one_by_one(chunk, created_by, dossier, outlets) -> list[ImportOutcome]:
    outcomes = []
    for item in chunk:
        if item.draft is None:
            outcomes.append(ImportOutcome(item.source, "failed", message=item.error or ""))
            continue
        draft = item.draft
        try:
            _refuse_unstorable(draft)
            article = article_create(
                text=draft.text,
                title=draft.title,
                url=draft.url,
                outlet_name=draft.outlet,
                author=draft.author,
                published=draft.published,
                language=draft.language,
                created_by=created_by,
                dossier=dossier,
            )
        except DuplicateArticle as duplicate:
            outcomes.append(
                ImportOutcome(item.source, "duplicate", duplicate.existing, str(duplicate))
            )
        except ValidationError as error:
            outcomes.append(ImportOutcome(item.source, "failed", message="; ".join(error.messages)))
        else:
            if draft.annotations:
                _restore_annotations(article, draft.annotations, created_by)
            outcomes.append(ImportOutcome(item.source, "imported", article))
    return outcomes


def import_batch_create(
    *,
    user: AbstractBaseUser,
    uploads: Iterable[tuple[str, bytes]] = (),
    urls: Iterable[str] = (),
    dossier: Dossier | None = None,
    language: str = "",
) -> ImportBatch:
    """Record an import from the web page; uploaded files wait in storage for the task."""
    if not user.has_perm("annotations.add_article"):
        raise PermissionDenied("You may not add articles.")
    uploads, urls = list(uploads), [url.strip() for url in urls if url.strip()]
    if not uploads and not urls:
        raise ValidationError("Choose files or give URLs to import.")
    folder = f"imports/{uuid.uuid4().hex}"
    names = []
    for name, data in uploads:
        # The stored name is ours; the user's file name is only shown, never used as a path.
        stored = default_storage.save(f"{folder}/{len(names):04d}", ContentFile(data))
        names.append({"name": name, "stored": stored})
    return ImportBatch.objects.create(
        created_by=user,
        dossier=dossier,
        language=language,
        storage_folder=folder,
        file_names=names,
        urls=urls,
    )


def import_batch_run(*, batch: ImportBatch) -> ImportBatch:
    """Import every item of a batch, saving progress after each chunk so pages can poll it."""
    from annotations.intake import items_from_upload, items_from_url

    batch.status, batch.report, batch.processed = ImportBatch.Status.RUNNING, [], 0
    batch.save(update_fields=["status", "report", "processed"])

    def items():
        for entry in batch.file_names:
            with default_storage.open(entry["stored"], "rb") as stored:
                data = stored.read()
            yield from items_from_upload(entry["name"], data, language=batch.language)
        for url in batch.urls:
            yield items_from_url(url, language=batch.language)

    try:
        outcomes = articles_import(
            items=items(), created_by=batch.created_by, dossier=batch.dossier, chunk_size=50
        )
        for outcome in outcomes:
            batch.report.append(
                {
                    "source": outcome.source,
                    "status": outcome.status,
                    "message": outcome.message,
                    "article_id": outcome.article.pk if outcome.article else None,
                    "title": outcome.article.title if outcome.article else "",
                }
            )
            batch.processed += 1
            if batch.processed % 10 == 0:
                batch.save(update_fields=["report", "processed"])
        batch.status = ImportBatch.Status.DONE
    except Exception as error:  # noqa: BLE001 - the report must say what stopped the batch
        batch.status, batch.error = ImportBatch.Status.FAILED, f"The import stopped: {error}"
        raise
    finally:
        batch.finished = timezone.now()
        batch.save(update_fields=["status", "report", "processed", "error", "finished"])
        for entry in batch.file_names:
            default_storage.delete(entry["stored"])
    return batch


# Colours given to new themes in turn: distinct, and readable behind text at 40 %.
THEME_PALETTE = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#2f9e8f",
]  # fmt: skip


def theme_get_or_create(*, name: str) -> Theme:
    """The theme called `name` (case and accents ignored), created with the next colour if new."""
    clean_name = " ".join(name.split())
    theme = Theme.objects.filter(normalized=normalize_name(clean_name)).first()
    if theme is None:
        colour = THEME_PALETTE[Theme.objects.count() % len(THEME_PALETTE)]
        theme = Theme(name=clean_name, colour=colour)
        theme.full_clean(exclude=["slug"])
        theme.save()
    return theme


def entity_find(*, name: str) -> Entity | None:
    """The actor known by `name` or by one of its aliases (case and accents ignored)."""
    normalized = normalize_name(name)
    if not normalized:
        return None
    entity = Entity.objects.filter(normalized=normalized).first()
    if entity is None:
        alias = EntityAlias.objects.select_related("entity").filter(normalized=normalized).first()
        entity = alias.entity if alias else None
    return entity


def entity_get_or_create(*, name: str, kind: str = Entity.Kind.OTHER) -> Entity:
    """The actor known by `name` or one of its aliases, created (with `kind`) if unknown."""
    entity = entity_find(name=name)
    if entity is None:
        entity = Entity(name=" ".join(name.split()), kind=kind)
        entity.full_clean(exclude=["slug"])
        entity.save()
    return entity


@transaction.atomic
def entity_alias_add(*, entity: Entity, name: str, language: str = "") -> EntityAlias:
    """Register a spelling variant; refused if it already names another actor."""
    normalized = normalize_name(name)
    owner = entity_find(name=name)
    if owner is not None:
        if owner.pk == entity.pk:
            existing = EntityAlias.objects.filter(normalized=normalized).first()
            if existing is not None:
                return existing
            raise ValidationError({"name": f"“{name}” is already this actor's name."})
        raise ValidationError({"name": f"“{name}” already names {owner.name}."})
    alias = EntityAlias(entity=entity, name=" ".join(name.split()), language=language)
    alias.full_clean()
    alias.save()
    return alias


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
            report["problems"].append(f"Row {number} ({name}): {'; '.join(error.messages)}")
            continue
        entity.save()
        for alias in record.get("aliases") or []:
            try:
                entity_alias_add(entity=entity, name=alias)
            except ValidationError as error:
                report["problems"].append(f"Row {number} ({name}): {'; '.join(error.messages)}")
        report["created" if created else "updated"].append(entity.name)
    return report


LABEL_KINDS = {"PER": Entity.Kind.PERSON, "ORG": Entity.Kind.ORGANISATION, "LOC": Entity.Kind.PLACE}


@transaction.atomic
def mention_accept(
    *,
    user: AbstractBaseUser,
    article: Article,
    start: int,
    end: int,
    actor_id: int | None = None,
    label: str = "",
) -> Annotation:
    """Turn a suggested mention into a pending annotation tagged with its actor.

    A mention the recogniser found but the registry does not know adds the actor first,
    with the kind its label suggests.
    """
    if actor_id is not None:
        entity = Entity.objects.get(pk=actor_id)
    else:
        if not user.has_perm("annotations.add_entity"):
            raise PermissionDenied("You may not add actors.")
        entity = entity_get_or_create(
            name=article.text[start:end], kind=LABEL_KINDS.get(label, Entity.Kind.OTHER)
        )
    existing = article.annotations.filter(start=start, end=end).first()
    if existing is not None:
        existing.actors.add(entity)
        return existing
    return annotation_create(
        article=article, author=user, start=start, end=end, actors=[entity.name]
    )


def mention_dismiss(*, user: AbstractBaseUser, article: Article, start: int, end: int) -> None:
    """Stop suggesting this mention in this article."""
    if not user.has_perm("annotations.add_annotation"):
        raise PermissionDenied("You may not dismiss suggestions.")
    DismissedMention.objects.get_or_create(
        article=article,
        start=start,
        end=end,
        defaults={"text": article.text[start:end][:255], "dismissed_by": user},
    )


def mention_tagging_start(
    *, user: AbstractBaseUser, entity: Entity, dossier: Dossier | None = None
) -> MentionTagging:
    if not user.has_perm("annotations.add_annotation"):
        raise PermissionDenied("You may not annotate.")
    return MentionTagging.objects.create(entity=entity, dossier=dossier, created_by=user)


def mention_tagging_run(*, tagging: MentionTagging, chunk_size: int = 200) -> MentionTagging:
    """Tag every mention of an actor in the chosen articles; never a second annotation on a
    span that already has one (the actor is added to it instead)."""
    from annotations import entities
    from annotations.selectors import mention_candidates

    tagging.status = MentionTagging.Status.RUNNING
    articles = mention_candidates.mention_candidate_articles(
        entity=tagging.entity, dossier=tagging.dossier
    )
    tagging.articles_total = articles.count()
    tagging.save(update_fields=["status", "articles_total"])
    matcher = entities.registry_matcher()
    author = tagging.created_by
    try:
        batch: list[tuple[int, str]] = []
        for row in articles.values_list("pk", "text").iterator(chunk_size=chunk_size):
            batch.append(row)
            if len(batch) >= chunk_size:
                _tag_mentions_in(batch, tagging, matcher, author)
                batch = []
        if batch:
            _tag_mentions_in(batch, tagging, matcher, author)
        tagging.status = MentionTagging.Status.DONE
    except Exception as error:  # noqa: BLE001 - the page must say what stopped the run
        tagging.status, tagging.error = MentionTagging.Status.FAILED, str(error)
        raise
    finally:
        tagging.finished = timezone.now()
        tagging.save()
    return tagging


@transaction.atomic
def _ascii_fold(text: str) -> str:
    # C-speed folding, good enough to rule an article out before the exact matcher runs.
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def _tag_mentions_in(rows, tagging: MentionTagging, matcher, author) -> None:
    entity = tagging.entity
    spellings = [entity.name, *(alias.name for alias in entity.aliases.all())]
    names = [_ascii_fold(name) for name in spellings]
    # The shortcut holds only for names the ASCII folding keeps whole (Latin script).
    prefilter = all(
        name == normalize_name(spelling).replace("'", "")
        for name, spelling in zip(names, spellings, strict=True)
    )
    spans = {}
    for article_id, text in rows:
        if prefilter and not any(name in _ascii_fold(text) for name in names):
            continue
        for mention in matcher.find(text):
            if mention.entity_id == entity.pk:
                spans[(article_id, mention.start, mention.end)] = text
    article_ids = [article_id for article_id, _ in rows]
    existing = {
        (a.article_id, a.start, a.end): a
        for a in Annotation.objects.filter(article_id__in=article_ids).only(
            "pk", "article_id", "start", "end"
        )
    }
    dismissed = set(
        DismissedMention.objects.filter(article_id__in=article_ids).values_list(
            "article_id", "start", "end"
        )
    )
    new, tag_existing = [], []
    for key, text in spans.items():
        if key in dismissed:
            continue
        if key in existing:
            tag_existing.append(existing[key].pk)
            continue
        article_id, start, end = key
        anchor = anchoring.describe(text, start, end)
        new.append(
            Annotation(
                article_id=article_id,
                author=author,
                start=anchor.start,
                end=anchor.end,
                exact=anchor.exact,
                prefix=anchor.prefix,
                suffix=anchor.suffix,
            )
        )
    created = Annotation.objects.bulk_create(new, batch_size=500)
    already = set(
        TaggedActor.objects.filter(tag=entity, content_object_id__in=tag_existing).values_list(
            "content_object_id", flat=True
        )
    )
    TaggedActor.objects.bulk_create(
        [TaggedActor(tag=entity, content_object_id=a.pk) for a in created]
        + [
            TaggedActor(tag=entity, content_object_id=pk)
            for pk in tag_existing
            if pk not in already
        ],
        batch_size=1000,
    )
    ReviewEvent.objects.bulk_create(
        [
            ReviewEvent(annotation_id=a.pk, actor=author, from_status="", to_status="pending")
            for a in created
        ],
        batch_size=1000,
    )
    MentionTagging.objects.filter(pk=tagging.pk).update(
        articles_done=F("articles_done") + len(rows),
        created_count=F("created_count") + len(created),
        tagged_existing=F("tagged_existing") + len(set(tag_existing) - already),
    )
    tagging.refresh_from_db(fields=["articles_done", "created_count", "tagged_existing"])


def _names(values: Iterable[str]) -> list[str]:
    seen, names = set(), []
    for value in values:
        clean = " ".join(value.split())
        if clean and normalize_name(clean) not in seen:
            seen.add(normalize_name(clean))
            names.append(clean)
    return names


@transaction.atomic
def annotation_create(
    *,
    article: Article,
    author: AbstractBaseUser,
    start: int,
    end: int,
    exact: str | None = None,
    themes: Iterable[str] = (),
    actors: Iterable[str] = (),
    new_actor_kind: str = Entity.Kind.OTHER,
    speaker: str = "",
    note: str = "",
) -> Annotation:
    """Highlight `article.text[start:end]` (code points) and tag it; it starts pending review.

    When `exact` is given it must be the text at those offsets, so a stale page
    cannot anchor a highlight to the wrong passage.
    """
    if not author.has_perm("annotations.add_annotation"):
        raise PermissionDenied("You may not annotate.")
    try:
        anchor = anchoring.describe(article.text, start, end)
    except ValueError as error:
        raise ValidationError(f"Invalid passage: {error}") from error
    if exact is not None and anchor.exact != exact:
        raise ValidationError("The selected passage does not match the article text.")
    speaker_entity = (
        entity_get_or_create(name=speaker, kind=Entity.Kind.PERSON) if speaker.strip() else None
    )
    annotation = Annotation(
        article=article,
        start=anchor.start,
        end=anchor.end,
        exact=anchor.exact,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        note=note.strip(),
        note_html=render_markdown(note),
        speaker=speaker_entity,
        author=author,
    )
    annotation.full_clean(exclude=["themes", "actors"])
    annotation.save()
    annotation.themes.set([theme_get_or_create(name=name) for name in _names(themes)])
    annotation.actors.set(
        [entity_get_or_create(name=name, kind=new_actor_kind) for name in _names(actors)]
    )
    ReviewEvent.objects.create(
        annotation=annotation, actor=author, from_status="", to_status=Annotation.Status.PENDING
    )
    return annotation


class AnnotationConflict(Exception):
    """Someone else changed the annotation since the user loaded it; nothing was written."""

    def __init__(self, annotation: Annotation):
        self.annotation = annotation
        who = annotation.reviewer.get_username() if annotation.reviewer else "someone else"
        if annotation.status == Annotation.Status.PENDING:
            state = "it was edited"
        else:
            state = f"it was {annotation.get_status_display().lower()} by {who}"
        super().__init__(
            f"Someone changed this quote after you opened it: {state}. "
            "Your input is kept below; review the current version before saving again."
        )


# Which review decisions may follow which state.
REVIEW_TRANSITIONS = {
    Annotation.Status.PENDING: {Annotation.Status.APPROVED, Annotation.Status.REJECTED},
    Annotation.Status.APPROVED: {Annotation.Status.PENDING},
    Annotation.Status.REJECTED: {Annotation.Status.PENDING},
}


@transaction.atomic
def annotation_review(
    *,
    annotation: Annotation,
    reviewer: AbstractBaseUser,
    to_status: str,
    reason: str = "",
    expected_version: int | None = None,
) -> Annotation:
    """Approve, reject (a reason is required) or reopen a quote, and record the event.

    With `expected_version`, a quote changed by someone else since the page was loaded
    raises AnnotationConflict instead of being overwritten.
    """
    if not reviewer.has_perm("annotations.review_annotation"):
        raise PermissionDenied("Only editors review quotes.")
    current = (
        Annotation.objects.select_for_update(of=("self",))
        .select_related("reviewer")
        .get(pk=annotation.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise AnnotationConflict(current)
    if to_status not in REVIEW_TRANSITIONS.get(current.status, set()):
        raise ValidationError(f"A {current.status} quote cannot become {to_status}.")
    reason = reason.strip()
    if to_status == Annotation.Status.REJECTED and not reason:
        raise ValidationError({"reason": "Say why the quote is rejected."})
    if (
        to_status == Annotation.Status.APPROVED
        and current.author_id == reviewer.pk
        and not settings.NEWSROOM_ALLOW_SELF_APPROVAL
    ):
        raise PermissionDenied("Editors cannot approve their own quotes.")
    event = ReviewEvent.objects.create(
        annotation=current,
        actor=reviewer,
        from_status=current.status,
        to_status=to_status,
        reason=reason,
    )
    current.status = to_status
    current.reviewer = reviewer
    current.reviewed_at = event.created
    current.review_reason = reason
    current.version = F("version") + 1
    current.save(
        update_fields=["status", "reviewer", "reviewed_at", "review_reason", "version", "modified"]
    )
    current.refresh_from_db(fields=["version"])
    return current


@transaction.atomic
def annotation_approve_many(
    *, reviewer: AbstractBaseUser, annotations: QuerySet[Annotation]
) -> dict[str, int]:
    """Approve every pending quote of a (filtered) set, each with its ReviewEvent.

    Quotes that are not pending any more, and the reviewer's own quotes unless the
    setting allows, are left alone and counted as skipped.
    """
    if not reviewer.has_perm("annotations.review_annotation"):
        raise PermissionDenied("Only editors review quotes.")
    candidates = Annotation.objects.filter(
        pk__in=annotations.order_by().values("pk"), status=Annotation.Status.PENDING
    )
    if not settings.NEWSROOM_ALLOW_SELF_APPROVAL:
        candidates = candidates.exclude(author=reviewer)
    ids = list(candidates.select_for_update().values_list("pk", flat=True))
    requested = annotations.count()
    now = timezone.now()
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        ReviewEvent.objects.bulk_create(
            [
                ReviewEvent(
                    annotation_id=pk,
                    actor=reviewer,
                    from_status=Annotation.Status.PENDING,
                    to_status=Annotation.Status.APPROVED,
                    created=now,
                )
                for pk in chunk
            ],
            batch_size=1000,
        )
        Annotation.objects.filter(pk__in=chunk).update(
            status=Annotation.Status.APPROVED,
            reviewer=reviewer,
            reviewed_at=now,
            review_reason="",
            version=F("version") + 1,
            modified=now,
        )
    return {"approved": len(ids), "skipped": requested - len(ids)}


def _back_to_review(annotation: Annotation, user: AbstractBaseUser, *, reason: str) -> None:
    """A changed quote needs review again: record the step back to pending, if any."""
    if annotation.status != Annotation.Status.PENDING:
        ReviewEvent.objects.create(
            annotation=annotation,
            actor=user,
            from_status=annotation.status,
            to_status=Annotation.Status.PENDING,
            reason=reason,
        )
        annotation.status = Annotation.Status.PENDING


@transaction.atomic
def annotation_update(
    *,
    annotation: Annotation,
    user: AbstractBaseUser,
    expected_version: int,
    themes: Iterable[str] = (),
    actors: Iterable[str] = (),
    new_actor_kind: str = Entity.Kind.OTHER,
    speaker: str = "",
    note: str = "",
) -> Annotation:
    """Change a quote's tags, speaker and note; an edited quote goes back to review.

    `expected_version` is the version the user started from: if someone else saved
    since, AnnotationConflict is raised and nothing is written.
    """
    if not can_edit_annotation(user, annotation):
        raise PermissionDenied("You may only edit your own annotations.")
    current = (
        Annotation.objects.select_for_update(of=("self",))
        .select_related("reviewer")
        .get(pk=annotation.pk)
    )
    if current.version != expected_version:
        raise AnnotationConflict(current)
    _back_to_review(current, user, reason="Edited")
    current.speaker = (
        entity_get_or_create(name=speaker, kind=Entity.Kind.PERSON) if speaker.strip() else None
    )
    current.note = note.strip()
    current.note_html = render_markdown(note)
    current.version = expected_version + 1
    current.full_clean(exclude=["themes", "actors"])
    current.save()
    current.themes.set([theme_get_or_create(name=name) for name in _names(themes)])
    current.actors.set(
        [entity_get_or_create(name=name, kind=new_actor_kind) for name in _names(actors)]
    )
    return current


@transaction.atomic
def annotation_reattach(
    *, annotation: Annotation, user: AbstractBaseUser, start: int, end: int
) -> Annotation:
    """Place an orphaned (or misplaced) quote on a passage the user selected again."""
    if not can_edit_annotation(user, annotation):
        raise PermissionDenied("You may only repair your own annotations.")
    current = (
        Annotation.objects.select_for_update(of=("self",))
        .select_related("article")
        .get(pk=annotation.pk)
    )
    try:
        anchor = anchoring.describe(current.article.text, start, end)
    except ValueError as error:
        raise ValidationError(f"Invalid passage: {error}") from error
    _back_to_review(current, user, reason="Placed on a new passage")
    current.start, current.end = anchor.start, anchor.end
    current.exact, current.prefix, current.suffix = anchor.exact, anchor.prefix, anchor.suffix
    current.orphaned = False
    current.version += 1
    current.full_clean(exclude=["themes", "actors"])
    current.save()
    return current


@transaction.atomic
def article_update_text(*, article: Article, text: str, user: AbstractBaseUser) -> dict[str, int]:
    """Replace an article's text (a corrected version) and re-anchor every annotation.

    Annotations that cannot be placed with certainty are marked orphaned, never moved
    to a wrong place. Returns counts per outcome: position, quote, fuzzy, orphaned.
    """
    if not user.has_perm("annotations.change_article"):
        raise PermissionDenied("Only editors and staff correct article text.")
    text = normalize_text(text)
    if not text:
        raise ValidationError({"text": "The article has no text."})
    article = Article.objects.select_for_update().get(pk=article.pk)
    fingerprint = text_fingerprint(text)
    clash = Article.objects.filter(text_hash=fingerprint).exclude(pk=article.pk).first()
    if clash is not None:
        raise DuplicateArticle(clash)
    article.text, article.text_hash = text, fingerprint
    article.save(update_fields=["text", "text_hash", "modified"])
    annotations = list(article.annotations.all())
    results = anchoring.reanchor_many(
        text,
        [anchoring.Anchor(a.start, a.end, a.exact, a.prefix, a.suffix) for a in annotations],
    )
    counts = {"position": 0, "quote": 0, "fuzzy": 0, "orphaned": 0}
    for annotation, placed in zip(annotations, results, strict=True):
        if placed is None:
            annotation.orphaned = True
            counts["orphaned"] += 1
            continue
        anchor = anchoring.describe(text, placed.start, placed.end)
        annotation.start, annotation.end = anchor.start, anchor.end
        annotation.exact, annotation.prefix, annotation.suffix = (
            anchor.exact,
            anchor.prefix,
            anchor.suffix,
        )
        annotation.orphaned = False
        counts[placed.method] += 1
    Annotation.objects.bulk_update(
        annotations, ["start", "end", "exact", "prefix", "suffix", "orphaned"], batch_size=500
    )
    return counts


@transaction.atomic
def annotation_delete(*, annotation: Annotation, user: AbstractBaseUser) -> None:
    """Delete an annotation: its author may, and editors may delete any."""
    if not can_delete_annotation(user, annotation):
        raise PermissionDenied("You may only delete your own annotations.")
    annotation.delete()


def _check_dossier_owner(user: AbstractBaseUser, dossier: Dossier, action: str) -> None:
    if dossier.created_by_id != user.pk and not user.has_perm("annotations.delete_dossier"):
        raise PermissionDenied(f"Only its creator or an editor may {action} this dossier.")


def dossier_create(*, user: AbstractBaseUser, name: str, description: str = "") -> Dossier:
    """A new named set of articles."""
    if not user.has_perm("annotations.add_dossier"):
        raise PermissionDenied("You may not create dossiers.")
    dossier = Dossier(name=" ".join(name.split()), description=description.strip(), created_by=user)
    dossier.full_clean()
    dossier.save()
    return dossier


def dossier_rename(*, user: AbstractBaseUser, dossier: Dossier, name: str) -> Dossier:
    if not user.has_perm("annotations.change_dossier"):
        raise PermissionDenied("You may not rename dossiers.")
    dossier.name = " ".join(name.split())
    dossier.full_clean()
    dossier.save(update_fields=["name"])
    return dossier


def dossier_delete(*, user: AbstractBaseUser, dossier: Dossier) -> None:
    """Delete the dossier; its articles and their annotations stay."""
    _check_dossier_owner(user, dossier, "delete")
    dossier.delete()


@transaction.atomic
def dossier_set_articles(
    *, user: AbstractBaseUser, dossier: Dossier, article_ids: Iterable[int], add: bool
) -> int:
    """Add (or remove) articles to (from) a dossier; returns how many were asked for."""
    if not user.has_perm("annotations.change_dossier"):
        raise PermissionDenied("You may not change dossiers.")
    ids = list(Article.objects.filter(pk__in=list(article_ids)).values_list("pk", flat=True))
    if add:
        dossier.articles.add(*ids)
    else:
        dossier.articles.remove(*ids)
    return len(ids)


@transaction.atomic
def user_create_with_role(*, username: str, password: str, role: str, email: str = ""):
    """Create a user who is an analyst, an editor, or an admin (staff and superuser)."""
    User = get_user_model()
    if role not in {"analyst", "editor", "admin"}:
        raise ValueError(f"Unknown role “{role}”: choose analyst, editor or admin.")
    if User.objects.filter(username__iexact=username).exists():
        raise ValueError(f"A user called “{username}” already exists.")
    user = User(username=username, email=email)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from error
    user.set_password(password)
    user.is_staff = user.is_superuser = role == "admin"
    user.full_clean()
    user.save()
    group_name = EDITORS if role in {"editor", "admin"} else ANALYSTS
    user.groups.add(Group.objects.get(name=group_name))
    return user
