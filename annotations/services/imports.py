"""Importing many articles at once: from the command line and the import page.

Each item is reported (imported, updated, duplicate or failed, with why, in plain
words) and one bad item never stops the others. Items are written in chunks, one
transaction each, with the duplicate checks done per chunk; plain articles go in with
one bulk insert (one by one, each in a savepoint, when the database refuses it: a
concurrent import stored some meanwhile, or one holds a value it does not take). A
draft that carries annotations (an article of a backup) is stored in a savepoint of its
own with them, through `restore`: as the importer's pending highlights, or in full with
`full_restore`. Re-running an import only reports duplicates. Importing needs the
permission to add articles (none is checked when no user is given: the command line
without --user); replacing the text of known articles (`update_existing`) is for
editors and staff; a full restore is for staff (or the command line without --user);
importing into a dossier is for those who may change it (`dossiers.may_change`).
An import batch records an import started from the web page; its files wait in
storage until the background task runs it, and are deleted (folder included) once a run
ends, done or failed. A run beats a heartbeat; a batch whose run died (killed for its
memory or time, so still "running" without a heartbeat, or failed in the task backend)
is marked failed by `import_batch_expire` and keeps its files for `import_batch_retry`
(owner or staff; atomic).
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import DatabaseError, InterfaceError, connection, transaction
from django.utils import timezone

from annotations.importers.cleaning import plain_line, text_fingerprint
from annotations.models import Article, Dossier, ImportBatch, Outlet
from annotations.normalization import normalize_name
from annotations.refusals import refusal_message
from annotations.services import articles, dossiers, restore

if TYPE_CHECKING:
    from annotations.importers.base import ArticleDraft, ImportItem

logger = logging.getLogger(__name__)


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
    full_restore: bool = False,
    tally: restore.RestoreTally | None = None,
) -> Iterator[ImportOutcome]:
    """Store many drafted articles fast, reporting each item; the rest import when one fails.

    Items are written in chunks, one transaction each, with duplicate checks done per
    chunk (one query for hashes, one for URLs) rather than per article. Re-running the
    same import only reports duplicates.

    With `update_existing`, an item with a known URL but a new text is a corrected version:
    the stored text is replaced and its highlights re-anchored (status "updated").

    A backup's annotations come in as the importer's pending highlights; with
    `full_restore` (staff, or the command line without a user) as they were in the
    backup (see `restore`). What restoring did is added to `tally` when one is given.
    """
    if created_by is not None and not created_by.has_perm("annotations.add_article"):
        raise PermissionDenied("You may not add articles.")
    if update_existing and (
        created_by is None or not created_by.has_perm("annotations.change_article")
    ):
        raise PermissionDenied("Only editors and staff replace the text of existing articles.")
    dossiers.check_may_change(created_by, dossier)
    if full_restore and created_by is not None and not created_by.is_staff:
        raise PermissionDenied("Only staff restore a backup with its authors and reviews.")
    run = _Run(created_by, dossier, update_existing, full_restore, tally or restore.RestoreTally())
    chunk: list[ImportItem] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= chunk_size:
            yield from _import_chunk(chunk, run)
            chunk = []
    if chunk:
        yield from _import_chunk(chunk, run)


@dataclass
class _Run:
    """What every chunk of one import shares."""

    created_by: AbstractBaseUser | None
    dossier: Dossier | None
    update_existing: bool
    full_restore: bool
    tally: restore.RestoreTally
    outlets: dict[str, Outlet | None] = field(default_factory=dict)


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
        author=plain_line(draft.author)[:300],
        published=draft.published,
        language=articles.article_language(draft.language),
        text_hash=text_fingerprint(text),
        imported_by=created_by,
    )
    article.full_clean(
        exclude=["text_hash", "outlet", "imported_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    return article


def _import_chunk(chunk: list[ImportItem], run: _Run) -> list[ImportOutcome]:
    """Store one chunk of items in one transaction; an outcome for each item, in order.

    Plain articles go in with one bulk insert; an article with annotations, or every
    article when the bulk insert is refused, is stored on its own, so that what one
    item holds never fails another."""
    with transaction.atomic():
        dossier = _dossier_still_there(run.dossier)
        outcomes, candidates = _drafted(chunk, run)
        new = _without_known(candidates, run.created_by, run.update_existing)
        # Stored in the order of the items (a restored backup keeps its articles' order):
        # runs of plain articles in bulk, each article with annotations on its own.
        plain: list[Candidate] = []
        for candidate in new:
            if candidate[2].annotations:
                _store_in_bulk(plain, run)
                plain = []
                _store_alone(*candidate, run)
            else:
                plain.append(candidate)
        _store_in_bulk(plain, run)
        if dossier is not None:
            # Duplicates join the dossier too: the analyst asked for them to be in it.
            dossiers.dossier_add_imported(
                user=run.created_by,
                dossier=dossier,
                article_ids=[o.article.pk for o in outcomes if o.article and o.article.pk],
            )
        elif run.dossier is not None:
            for outcome in outcomes:
                if outcome.article is not None:
                    outcome.message = _joined(outcome.message, _DOSSIER_GONE)
    return outcomes


def _store_in_bulk(plain: list[Candidate], run: _Run) -> None:
    """Plain articles in one insert; one by one when the database refuses it."""
    try:
        with transaction.atomic():
            Article.objects.bulk_create([article for _, article, _ in plain])
    except DatabaseError as error:
        # A concurrent import stored some of these meanwhile, or the database refused
        # one of them: store them one by one to find which.
        _raise_if_disconnected(error)
        for outcome, article, draft in plain:
            _unsaved(article)
            _store_alone(outcome, article, draft, run)
    else:
        for outcome, article, _ in plain:
            outcome.status, outcome.article = "imported", article


_DOSSIER_GONE = "not added to the dossier, which was deleted meanwhile"
_NOT_STORED = "The database could not store this article (a value is too long or not allowed)."


def _joined(*messages: str) -> str:
    return "; ".join(message for message in messages if message)


def _dossier_still_there(dossier: Dossier | None) -> Dossier | None:
    """The import's dossier, locked until the chunk is stored so that it cannot be
    deleted halfway; None if it was deleted since the import began."""
    if dossier is None:
        return None
    return Dossier.objects.select_for_update().filter(pk=dossier.pk).first()


def _raise_if_disconnected(error: DatabaseError) -> None:
    """Refusals of one item's values are that item's failure; a lost connection is not."""
    if isinstance(error, InterfaceError) or not connection.is_usable():
        raise error


def _store_alone(outcome: ImportOutcome, article: Article, draft: ArticleDraft, run: _Run):
    """Store one article and its backup's annotations in a savepoint of their own: a
    refusal fails this item only, and is reported in plain words."""
    tally = restore.RestoreTally()
    try:
        with transaction.atomic():
            article.save()
            if draft.annotations:
                tally = restore.annotations_restore(
                    article=article,
                    records=draft.annotations,
                    importer=run.created_by,
                    full=run.full_restore,
                )
    except (ValidationError, PermissionDenied) as error:
        _unsaved(article)
        outcome.message = refusal_message(error)
    except DatabaseError as error:
        _raise_if_disconnected(error)
        _unsaved(article)
        existing = _stored_copy(article)
        if existing is not None:
            # Another import stored the same article between our check and our insert.
            outcome.status, outcome.article = "duplicate", existing
            outcome.message = f"already imported as #{existing.pk} “{existing.title}”"
        else:
            outcome.message = _NOT_STORED
    else:
        outcome.status, outcome.article = "imported", article
        if draft.annotations:
            run.tally.add(tally)
            outcome.message = tally.describe()


def _unsaved(article: Article) -> None:
    """Forget the id a rolled-back insert gave the article."""
    article.pk, article._state.adding = None, True


def _stored_copy(article: Article) -> Article | None:
    existing = Article.objects.filter(text_hash=article.text_hash).first()
    if existing is None and article.url:
        existing = Article.objects.filter(url=article.url).first()
    return existing


def _drafted(chunk, run: _Run) -> tuple[list[ImportOutcome], list[Candidate]]:
    """An outcome for every item of the chunk (failed until stored) and the valid ones."""
    outcomes: list[ImportOutcome] = []
    candidates: list[Candidate] = []
    for item in chunk:
        outcome = ImportOutcome(source=item.source, status="failed", message=item.error or "")
        outcomes.append(outcome)
        if item.draft is None:
            continue
        try:
            article = _article_from_draft(item.draft, run.created_by, run.outlets)
            restore.records_check(item.draft.annotations, full=run.full_restore)
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
            try:
                with transaction.atomic():
                    _correct_text(outcome, existing, article.text, created_by)
            except ValidationError as error:
                outcome.message = refusal_message(error)
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


def import_batch_create(
    *,
    user: AbstractBaseUser,
    uploads: Iterable[tuple[str, bytes | File]] = (),
    urls: Iterable[str] = (),
    dossier: Dossier | None = None,
    language: str = "",
    full_restore: bool = False,
) -> ImportBatch:
    """Record an import from the web page; uploaded files wait in storage for the task.

    An upload is its bytes or a file (an uploaded file is copied in chunks, never read
    whole into memory). With `full_restore` (staff only) backups come back with their
    authors and reviews."""
    if not user.has_perm("annotations.add_article"):
        raise PermissionDenied("You may not add articles.")
    if full_restore and not user.is_staff:
        raise PermissionDenied("Only staff restore a backup with its authors and reviews.")
    dossiers.check_may_change(user, dossier)
    uploads, urls = list(uploads), [url.strip() for url in urls if url.strip()]
    if not uploads and not urls:
        raise ValidationError("Choose files or give URLs to import.")
    folder = f"imports/{uuid.uuid4().hex}"
    names = []
    for name, data in uploads:
        content = ContentFile(data) if isinstance(data, bytes) else data
        # The stored name is ours; the user's file name is only shown, never used as a path.
        stored = default_storage.save(f"{folder}/{len(names):04d}", content)
        names.append({"name": plain_line(name), "stored": stored})
    return ImportBatch.objects.create(
        created_by=user,
        dossier=dossier,
        language=language,
        full_restore=full_restore,
        storage_folder=folder,
        file_names=names,
        urls=urls,
    )


# A run says it is alive at most this often (one write), and at least once an item.
_HEARTBEAT_EVERY = datetime.timedelta(seconds=5)


def import_batch_run(*, batch: ImportBatch) -> ImportBatch:
    """Import every item of a queued batch, saving progress after each chunk so pages can
    poll it; a batch no longer queued (run already, or running) is returned as it is.

    The run beats a heartbeat while it works; however it ends (done, or failed with why),
    its stored uploads are deleted, folder included."""
    from annotations.intake import batch_budget, items_from_upload, items_from_url

    now = timezone.now()
    # Claimed atomically: a batch retried while its first task still waited runs once.
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.RUNNING, report=[], processed=0, heartbeat=now
    )
    if not claimed:
        batch.refresh_from_db()
        return batch
    batch.status, batch.report, batch.processed = ImportBatch.Status.RUNNING, [], 0
    batch.heartbeat = now

    def beat() -> None:
        now = timezone.now()
        if now - batch.heartbeat >= _HEARTBEAT_EVERY:
            batch.heartbeat = now
            batch.save(update_fields=["heartbeat", "report", "processed"])

    def items():
        budget = batch_budget()
        for entry in batch.file_names:
            # Opened, not read: a zip is read member by member, within the budget.
            with default_storage.open(entry["stored"], "rb") as stored:
                for item in items_from_upload(
                    entry["name"], stored, language=batch.language, budget=budget
                ):
                    beat()
                    yield item
        for url in batch.urls:
            beat()
            yield items_from_url(url, language=batch.language)

    try:
        outcomes = articles_import(
            items=items(),
            created_by=batch.created_by,
            dossier=batch.dossier,
            chunk_size=50,
            full_restore=batch.full_restore,
        )
        for outcome in outcomes:
            batch.report.append(report_entry(outcome))
            batch.processed += 1
            if batch.processed % 10 == 0:
                batch.heartbeat = timezone.now()
                batch.save(update_fields=["report", "processed", "heartbeat"])
        batch.status = ImportBatch.Status.DONE
    except Exception:
        # The exception's own text may hold SQL, constraint names or row contents: the
        # report says it in plain words, the log keeps the details.
        logger.exception("Import batch %s stopped", batch.pk)
        batch.status = ImportBatch.Status.FAILED
        batch.error = (
            "The import stopped on an unexpected error; the items listed were handled. "
            "The details are in the server's log."
        )
        raise
    finally:
        batch.finished = timezone.now()
        _remove_uploads(batch)
        batch.save(
            update_fields=["status", "report", "processed", "error", "finished", "storage_folder"]
        )
    return batch


def _remove_uploads(batch: ImportBatch) -> None:
    """Delete a batch's stored uploads and their folder; the batch forgets the folder."""
    for entry in batch.file_names:
        default_storage.delete(entry["stored"])
    if batch.storage_folder:
        try:
            folder = Path(default_storage.path(batch.storage_folder))
        except NotImplementedError:
            pass  # a storage without folders (S3 and the like) leaves none behind
        else:
            with contextlib.suppress(FileNotFoundError):
                folder.rmdir()
    batch.storage_folder = ""


def import_batch_queued(*, batch: ImportBatch, task_id: str) -> None:
    """Remember the task backend's id of the batch's background run."""
    batch.task_id = task_id
    ImportBatch.objects.filter(pk=batch.pk).update(task_id=task_id)


def import_batch_expire(*, batch: ImportBatch, task_failed: bool = False) -> ImportBatch:
    """Mark failed a batch whose run died: still running with no heartbeat for
    NEWSROOM_IMPORT_STALE_MINUTES, or queued or running while its task backend says the
    task failed (`task_failed`). Its uploads are kept so that it can be retried.
    Anyone may call it (it only says what already happened); idempotent."""
    if batch.is_finished:
        return batch
    stale_before = timezone.now() - datetime.timedelta(
        minutes=settings.NEWSROOM_IMPORT_STALE_MINUTES
    )
    stale = (
        batch.status == ImportBatch.Status.RUNNING
        and (batch.heartbeat or batch.created) < stale_before
    )
    if not (stale or task_failed):
        return batch
    # Only a batch still in the state we saw: its run may have finished meanwhile.
    changed = ImportBatch.objects.filter(pk=batch.pk, status=batch.status).update(
        status=ImportBatch.Status.FAILED,
        error=(
            f"The import stopped after {batch.processed} items: its worker stopped "
            "answering (the files may be too large). Retry it, or import fewer files at once."
        ),
        finished=timezone.now(),
    )
    batch.refresh_from_db()
    if changed:
        logger.warning("Import batch %s died (%s)", batch.pk, batch.get_status_display())
    return batch


def import_batch_retry(*, batch: ImportBatch, user: AbstractBaseUser) -> ImportBatch:
    """Queue a failed batch again, from the start (what it imported before comes back as
    duplicates). Only its owner or staff may, and only while its uploads are kept.
    Atomic: of two retries at once, one wins."""
    if batch.created_by_id != user.pk and not user.is_staff:
        raise PermissionDenied("This import belongs to someone else.")
    if not batch.can_retry:
        raise ValidationError(
            "This import cannot run again: its files were removed when it ended. Import them again."
            if batch.uploads_removed
            else "Only a failed import can run again."
        )
    changed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.FAILED).update(
        status=ImportBatch.Status.QUEUED, error="", finished=None, heartbeat=None, task_id=""
    )
    if not changed:
        raise ValidationError("This import has already been started again.")
    batch.refresh_from_db()
    return batch
