"""Importing many articles at once: from the command line and the import page.

Each item is reported (imported, updated, duplicate or failed, with why) and one bad
item never stops the others. Items are written in chunks, one transaction each, with
the duplicate checks done per chunk; if a concurrent import stored some of a chunk's
articles meanwhile, that chunk falls back to storing its items one by one. Re-running
an import only reports duplicates. A draft that carries annotations (an article of a
backup) gets them back through `restore`. Importing needs the permission to add
articles (none is checked when no user is given: the command line without --user);
replacing the text of known articles (`update_existing`) is for editors and staff.
An import batch records an import started from the web page; its files wait in
storage until the background task runs it, and are deleted once it has run.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from annotations.importers.cleaning import text_fingerprint
from annotations.models import Article, Dossier, ImportBatch, Outlet
from annotations.normalization import normalize_name
from annotations.refusals import refusal_message
from annotations.services import articles, restore

if TYPE_CHECKING:
    from annotations.importers.base import ArticleDraft, ImportItem


@dataclass
class ImportOutcome:
    """What became of one item of an import: imported, duplicate or failed (with why)."""

    source: str
    status: str
    article: Article | None = None
    message: str = ""


def report_entry(outcome: ImportOutcome) -> dict:
    """One line of an import report, as the batch page and the paste form show it."""
    return {
        "source": outcome.source,
        "status": outcome.status,
        "message": outcome.message,
        "article_id": outcome.article.pk if outcome.article else None,
        "title": outcome.article.title if outcome.article else "",
    }


# An item of a chunk on its way in: its outcome, its article (unsaved), its draft.
Candidate = tuple[ImportOutcome, Article, "ArticleDraft"]


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
    title, text, title_derived = articles.title_and_text(
        draft.title, draft.text, title_derived=draft.title_derived
    )
    if not text:
        raise ValidationError("The article has no text.")
    outlet_key = normalize_name(draft.outlet)
    if outlet_key not in outlets:
        outlets[outlet_key] = articles.outlet_get_or_create(name=draft.outlet)
    article = Article(
        title=title[:500] or "Untitled",
        title_derived=title_derived,
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
    """Store one chunk of items in one transaction; an outcome for each item, in order."""
    with transaction.atomic():
        outcomes, candidates = _drafted(chunk, created_by, outlets)
        new = _without_known(candidates, created_by, update_existing)
        try:
            with transaction.atomic():
                Article.objects.bulk_create([article for _, article, _ in new])
        except IntegrityError:
            # A concurrent import stored some of these meanwhile: fall back to one by one.
            return _import_one_by_one(chunk, created_by, dossier, outlets)
        for outcome, article, _ in new:
            outcome.status, outcome.article = "imported", article
        for _, article, draft in new:
            if draft.annotations:
                restore.annotations_restore(
                    article=article, records=draft.annotations, importer=created_by
                )
        if dossier is not None:
            # Duplicates join the dossier too: the analyst asked for them to be in it.
            dossier.articles.add(
                *(o.article for o in outcomes if o.article is not None and o.article.pk is not None)
            )
    return outcomes


def _drafted(chunk, created_by, outlets) -> tuple[list[ImportOutcome], list[Candidate]]:
    """An outcome for every item of the chunk (failed until stored) and the valid ones."""
    outcomes: list[ImportOutcome] = []
    candidates: list[Candidate] = []
    for item in chunk:
        outcome = ImportOutcome(source=item.source, status="failed", message=item.error or "")
        outcomes.append(outcome)
        if item.draft is None:
            continue
        try:
            article = _article_from_draft(item.draft, created_by, outlets)
        except ValidationError as error:
            outcome.message = refusal_message(error)
        else:
            candidates.append((outcome, article, item.draft))
    return outcomes, candidates


def _without_known(
    candidates: list[Candidate], created_by, update_existing: bool
) -> list[Candidate]:
    """The candidates to store: known ones are reported as duplicates (or, with
    `update_existing`, stored articles get their corrected text); so are repeats within
    the chunk."""
    hashes = {article.text_hash for _, article, _ in candidates}
    urls = {article.url for _, article, _ in candidates if article.url}
    by_hash = {a.text_hash: a for a in Article.objects.filter(text_hash__in=hashes)}
    by_url = {a.url: a for a in Article.objects.filter(url__in=urls)} if urls else {}
    new: list[Candidate] = []
    for outcome, article, draft in candidates:
        existing = by_hash.get(article.text_hash) or by_url.get(article.url)
        corrected = (
            update_existing
            and existing is not None
            and existing.pk
            and existing.text_hash != article.text_hash
        )
        if corrected:
            _correct_text(outcome, existing, article.text, created_by)
        elif existing is not None:
            outcome.status, outcome.article = "duplicate", existing
            outcome.message = (
                f"already imported as #{existing.pk} “{existing.title}”"
                if existing.pk
                else "same article as an earlier item of this import"
            )
        else:
            # Later copies in the same batch are duplicates of the first.
            by_hash[article.text_hash] = article
            if article.url:
                by_url[article.url] = article
            new.append((outcome, article, draft))
    return new


def _correct_text(outcome: ImportOutcome, existing: Article, text: str, user) -> None:
    """A corrected version of an article we have (same URL, new text): replace the text
    and re-anchor its highlights instead of reporting a duplicate."""
    counts = articles.article_update_text(article=existing, text=text, user=user)
    outcome.status, outcome.article = "updated", existing
    outcome.message = (
        f"text corrected; {counts['orphaned']} highlights to repair"
        if counts["orphaned"]
        else "text corrected; every highlight placed"
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
            article = articles.article_create(
                text=draft.text,
                title=draft.title,
                url=draft.url,
                outlet_name=draft.outlet,
                author=draft.author,
                published=draft.published,
                language=draft.language,
                created_by=created_by,
                dossier=dossier,
                title_derived=draft.title_derived,
            )
        except articles.DuplicateArticle as duplicate:
            outcomes.append(
                ImportOutcome(item.source, "duplicate", duplicate.existing, str(duplicate))
            )
        except ValidationError as error:
            outcomes.append(ImportOutcome(item.source, "failed", message=refusal_message(error)))
        else:
            if draft.annotations:
                restore.annotations_restore(
                    article=article, records=draft.annotations, importer=created_by
                )
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
            batch.report.append(report_entry(outcome))
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
